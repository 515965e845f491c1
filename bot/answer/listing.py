"""A list of questions answered at once (a course leader's review): each line answered, or skipped saying why."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.answer.messages import message
from bot.answer.model import Answer
from bot.answer.smalltalk import small_talk
from bot.errors import QuestionError

SHOWN_CHARS = 200  # of a skipped line: a pasted paragraph is named, not repeated


@dataclass(frozen=True)
class Skipped:
    """A line of the list that was not searched, and why (a bot.answer.messages key and its values)."""

    question: str
    key: str
    values: tuple[tuple[str, object], ...] = ()

    def reason(self, language: str) -> str:
        """Why, in `language`: the review's, so that a report reads in one language whatever its lines'."""
        return message(self.key, language, **dict(self.values))


def answer_list(questions: Iterable[str], ask: Callable[[str], Answer]) -> tuple[list[Answer], list[Skipped]]:
    """Each question answered by `ask`, as the bot answers it; small talk ("hei", "🙂") and a question the bot
    would not search (empty, too long) skipped, with why."""
    answers: list[Answer] = []
    skipped: list[Skipped] = []
    for question in questions:
        talk = small_talk(question)
        if talk is not None:  # the bot answers it with a friendly line, not a search: nothing to review
            skipped.append(Skipped(question[:SHOWN_CHARS], "not_a_question"))
            continue
        try:
            answers.append(ask(question))
        except QuestionError as exc:
            skipped.append(Skipped(question[:SHOWN_CHARS], exc.key, tuple(exc.values.items())))
    return answers, skipped
