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
    """A line of the list that was not searched, and why, in the words its asker would be told."""

    question: str
    reason: str


def answer_list(questions: Iterable[str], ask: Callable[[str], Answer]) -> tuple[list[Answer], list[Skipped]]:
    """Each question answered by `ask`, as the bot answers it; small talk ("hei", "🙂") and a question the bot
    would not search (empty, too long) skipped, with the reason in the asker's language."""
    answers: list[Answer] = []
    skipped: list[Skipped] = []
    for question in questions:
        talk = small_talk(question)
        if talk is not None:  # the bot answers it with a friendly line, not a search: nothing to review
            skipped.append(Skipped(question[:SHOWN_CHARS], message("not_a_question", talk.language)))
            continue
        try:
            answers.append(ask(question))
        except QuestionError as exc:
            skipped.append(Skipped(question[:SHOWN_CHARS], message(exc.key, exc.language, **exc.values)))
    return answers, skipped
