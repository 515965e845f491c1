"""The analyzer's switches: set in `bot.analysis.switches`, each changes what the analyzer reads, and no other place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import bot.analysis
from bot.analysis import Analyzer, default_analyzer, switches
from bot.analysis.typos import TermVocabulary

REPO = Path(__file__).resolve().parent.parent
ANALYSIS = REPO / "bot" / "analysis"
ENGLISH = "What is delegation of authority?"


def _fresh() -> Analyzer:
    """The shipped analyzer made anew: a switch it keeps as its own attribute is read when it is made."""
    return default_analyzer.__wrapped__()  # type: ignore[attr-defined]


def _vocabulary(analyzer: Analyzer, *words: str) -> TermVocabulary:
    return TermVocabulary({analyzer.terms(w)[0]: 3 for w in words})


def test_english_reading_off_in_its_place_leaves_an_english_question_as_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    on = _fresh()
    vocab = _vocabulary(on, "delegering", "myndighet")
    assert on.for_model(ENGLISH, vocab) == "what is delegering of myndighet?"
    assert on.searched_as(ENGLISH, vocab) == (("delegation", "delegering"), ("authority", "myndighet"))
    monkeypatch.setattr(switches, "ENGLISH_READING", False)
    off = _fresh()
    assert off.for_model(ENGLISH, vocab) == ENGLISH
    assert off.searched_as(ENGLISH, vocab) == ()
    assert off.as_indexed(ENGLISH, vocab) == ENGLISH


def test_a_switch_read_per_word_bites_on_the_analyzer_already_made(monkeypatch: pytest.MonkeyPatch) -> None:
    # "vel" in a nynorsk question is nynorsk's velja (velge), read in nynorsk.py at each question
    analyzer = default_analyzer()
    index = TermVocabulary({"vel": 40, "velg": 12, "ordfør": 30})
    assert analyzer.query_word_terms("Kven vel ordføraren?", index) == [("velg",), ("ordfør",)]
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    assert analyzer.query_word_terms("Kven vel ordføraren?", index) == [("vel",), ("ordfør",)]


def test_a_switch_set_on_the_package_fails_and_names_its_place() -> None:
    """`bot.analysis.ENGLISH_READING = False` was the switch's place before it had a module: now it would be read by no
    code, and a benchmark's row would measure the product with the reading on while saying off."""
    with pytest.raises(AttributeError, match=r"bot\.analysis\.switches\.ENGLISH_READING"):
        bot.analysis.ENGLISH_READING = False  # type: ignore[attr-defined]
    assert switches.ENGLISH_READING is True


def _switches() -> set[str]:
    return set(re.findall(r"^([A-Z][A-Z_]+) = ", (ANALYSIS / "switches.py").read_text(encoding="utf-8"), re.M))


def test_every_switch_is_read_where_it_is_used_not_copied() -> None:
    """Each switch is read as `switches.NAME` when a word is read: a `from bot.analysis.switches import NAME` copy would
    keep the value it had at import, and setting the switch would change nothing."""
    read: set[str] = set()
    copied = []
    for path in sorted(ANALYSIS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "bot.analysis.switches":
                copied.append(f"{path.name}:{node.lineno}")
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "switches":
                read.add(node.attr)
    assert not copied, f"switches copied at import: {copied}"
    assert _switches() <= read, f"switches no code reads: {sorted(_switches() - read)}"


def test_every_switch_the_benchmarks_and_tests_set_is_one() -> None:
    """A name misspelt or gone from switches.py would be set on the module and read by nothing."""
    named = set()
    for folder in ("benchmarks", "tests", "scripts"):
        for path in (REPO / folder).rglob("*.py"):
            if path == Path(__file__).resolve():
                continue  # its own docstrings name a switch NAME
            text = path.read_text(encoding="utf-8")
            named |= set(re.findall(r"\bswitches\.([A-Z][A-Z_]+)\b", text))
            named |= set(re.findall(r"setattr\(switches, \"([A-Z][A-Z_]+)\"", text))
    assert named, "no switch set anywhere: the pattern no longer finds them"
    assert named <= _switches(), f"not switches: {sorted(named - _switches())}"
