"""The answer: the one function both front ends call, and what it returns."""

from bot.answer.model import Answer, Citation, Passage
from bot.answer.compose import answer

__all__ = ["Answer", "Citation", "Passage", "answer"]
