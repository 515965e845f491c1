"""Which question each of the bot's recent answers answered, and which stored reply it is, so a reply to one can be
read as its follow-up and "mer" can page on from it; and the language each chat's questions are asked in."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

# Answers remembered, the least recently used forgotten first: a few thousand replies cover the last hours of a busy
# bot, and at most a few MB (a question is at most 2,000 characters, most under 100). In memory only, never written
# or logged: a restart forgets them all, and a reply to an answer forgotten is read alone, as before 0.4.40.
CAPACITY = 4096


@dataclass(frozen=True)
class Sent:
    """One of the bot's messages: the question its passages answer (None for a refusal), and the reply it belongs to
    as the feedback store keeps it (`shown_id`, what its buttons carry; None when unknown)."""

    question: str | None
    shown_id: int | None = None


class AnsweredQuestions:
    """A bounded LRU map from (chat id, bot message id) to what that message answered, each chat's latest reply and
    the language of its latest question that told one.

    Used from the event loop's thread only (the handlers), so it needs no lock.
    """

    def __init__(self, capacity: int | None = None) -> None:
        self.capacity = CAPACITY if capacity is None else capacity
        self._sent: OrderedDict[tuple[int, int], Sent] = OrderedDict()
        self._latest: OrderedDict[int, int] = OrderedDict()  # chat id -> the shown_id of its latest reply
        self._language: OrderedDict[int, str] = OrderedDict()  # chat id -> the language its latest question told

    def __len__(self) -> int:
        return len(self._sent)

    def remember(self, chat_id: int, message_ids: Iterable[int], question: str | None,
                 shown_id: int | None = None) -> None:
        """Keep what the bot's messages `message_ids` (an answer's parts) answered: `question` (None for a refusal)
        and the stored reply `shown_id`, which becomes the chat's latest."""
        for message_id in message_ids:
            self._sent[(chat_id, message_id)] = Sent(question, shown_id)
            self._sent.move_to_end((chat_id, message_id))
        if shown_id is not None:
            self._latest[chat_id] = shown_id
            self._latest.move_to_end(chat_id)
        while len(self._sent) > self.capacity:
            self._sent.popitem(last=False)
        while len(self._latest) > self.capacity:
            self._latest.popitem(last=False)

    def recall(self, chat_id: int, message_id: int) -> str | None:
        """The question the bot's message `message_id` answered; None when it answered none, or is forgotten."""
        sent = self._sent.get((chat_id, message_id))
        if sent is not None:
            self._sent.move_to_end((chat_id, message_id))  # followed up: kept longer
        return sent.question if sent is not None else None

    def shown(self, chat_id: int, message_id: int) -> int | None:
        """The stored reply the bot's message `message_id` belongs to; None when unknown or forgotten."""
        sent = self._sent.get((chat_id, message_id))
        return sent.shown_id if sent is not None else None

    def spoke(self, chat_id: int, language: str | None) -> None:
        """Keep `language` as the one the chat's questions are asked in (None: the question told none, as "§ 14")."""
        if language is None:
            return
        self._language[chat_id] = language
        self._language.move_to_end(chat_id)
        while len(self._language) > self.capacity:
            self._language.popitem(last=False)

    def language(self, chat_id: int) -> str | None:
        """The language of the chat's latest question that told one; None when none is remembered."""
        return self._language.get(chat_id)

    def latest(self, chat_id: int) -> int | None:
        """The stored reply the bot sent last in the chat (an answer, a page of it, a refusal); None when none is
        remembered."""
        return self._latest.get(chat_id)
