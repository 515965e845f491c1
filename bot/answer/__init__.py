"""The answer: the one function both front ends call, and what it returns."""

from bot.answer.compose import answer, checked_question
from bot.answer.model import Answer, Citation, Passage

__all__ = ["Answer", "Citation", "Passage", "answer", "checked_question"]
