"""Which question each of the bot's recent answers answered, so a reply to one can be read as its follow-up."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

# Answers remembered, the least recently used forgotten first: a few thousand replies cover the last hours of a busy
# bot, and at most a few MB (a question is at most 2,000 characters, most under 100). In memory only, never written
# or logged: a restart forgets them all, and a reply to an answer forgotten is read alone, as before 0.4.40.
CAPACITY = 4096


class AnsweredQuestions:
    """A bounded LRU map from (chat id, bot message id) to the question that message answered.

    Used from the event loop's thread only (the handlers), so it needs no lock.
    """

    def __init__(self, capacity: int | None = None) -> None:
        self.capacity = CAPACITY if capacity is None else capacity
        self._questions: OrderedDict[tuple[int, int], str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._questions)

    def remember(self, chat_id: int, message_ids: Iterable[int], question: str) -> None:
        """Keep `question` as the one answered by each of the bot's messages `message_ids` (an answer's parts)."""
        for message_id in message_ids:
            self._questions[(chat_id, message_id)] = question
            self._questions.move_to_end((chat_id, message_id))
        while len(self._questions) > self.capacity:
            self._questions.popitem(last=False)

    def recall(self, chat_id: int, message_id: int) -> str | None:
        """The question the bot's message `message_id` answered; None when it answered none, or is forgotten."""
        question = self._questions.get((chat_id, message_id))
        if question is not None:
            self._questions.move_to_end((chat_id, message_id))  # followed up: kept longer
        return question
