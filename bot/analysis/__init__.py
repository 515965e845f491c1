"""The analyzer: the one path from text to index terms, for chunks and questions alike."""

from __future__ import annotations

import sys
from types import ModuleType

from bot.analysis.analyzer import STOPWORD_FILES, Analyzer, default_analyzer
from bot.analysis.english import uncontracted
from bot.analysis.language import detect_language
from bot.analysis.typos import Vocabulary

__all__ = ["STOPWORD_FILES", "Analyzer", "Vocabulary", "default_analyzer", "detect_language", "uncontracted"]


class _Package(ModuleType):
    """bot.analysis itself, where a switch set would be read by no code: the switches are `switches`'s."""

    def __setattr__(self, name: str, value: object) -> None:
        # A benchmark's `bot.analysis.ENGLISH_READING = False`, written before the switches had a module of their own,
        # would quietly measure the product with the reading on: it fails instead, naming the switch's place.
        if name.isupper():
            raise AttributeError(f"bot.analysis.{name} is read by no code: set bot.analysis.switches.{name}")
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
