"""A review of many questions, answered once and kept in memory while the page runs."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from bot.answer import Answer
from bot.answer.engine import Engine
from bot.answer.listing import Skipped, answer_list
from bot.evaluate import question_lines

MAX_QUESTIONS = 500  # a course's question list is tens; more is a pasted document
KEEP = 20            # reviews kept; an older one is run again from its list


class TooManyQuestions(ValueError):
    """A list longer than MAX_QUESTIONS."""

    def __init__(self, n: int) -> None:
        super().__init__(f"{n} questions; at most {MAX_QUESTIONS}")
        self.n = n


@dataclass(frozen=True)
class Review:
    """The answers to one list; `skipped` are the lines not searched (small talk, empty, too long), with why."""

    id: str
    answers: tuple[Answer, ...]
    skipped: tuple[Skipped, ...]


def run_review(text: str, engine: Engine, top: int) -> Review:
    """Answer every question of a pasted or uploaded list (one a line, `#` comments skipped)."""
    questions = question_lines(text)
    if len(questions) > MAX_QUESTIONS:
        raise TooManyQuestions(len(questions))
    answers, skipped = answer_list(questions, lambda q: engine.answer(q, top=top))
    return Review(secrets.token_urlsafe(9), tuple(answers), tuple(skipped))


class Reviews:
    """The last few reviews by id (memory only: the page writes no file but the pins)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Review] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, review: Review) -> None:
        """Keep `review`, dropping the oldest beyond KEEP."""
        with self._lock:
            self._items[review.id] = review
            while len(self._items) > KEEP:
                self._items.popitem(last=False)

    def get(self, review_id: str) -> Review | None:
        """A kept review, or None."""
        with self._lock:
            return self._items.get(review_id)
