"""A law's § first that the § line finds likelier wrong than right is said as a hedge, not plainly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer.compose import answer
from bot.answer.messages import message
from bot.render.jsonout import answer_to_dict
from bot.render.terminal import format_answer
from bot.search import confidence
from bot.search.confidence import Evidence, decide, doubted, section_probability
from tests.helpers.sections import ASKED, two_sections_searcher

# "Kan jeg blive fritaget for mit hverv i kommunalbestyrelsen på grund af sygdom?" (blind 9's E45) as measured on the
# shipped index: lov om kommunernes styrelse § 66 c (removing a mayor) first, 0.05 ahead of the next §, its own written
# questions no nearer than the rivals'; the § that answers, § 15, fourth. The evidence line says it plainly.
ILLNESS = Evidence(0.696, 0.859, 21, 0.857, margin=0.047, bm25_first=True, terms=7, sparse=0.342, grams=0.672,
                   written=0.836, written_lead=-0.003)


def test_a_section_first_the_section_line_finds_likelier_wrong_is_hedged() -> None:
    assert confidence.evidence_score(ILLNESS) >= confidence.GRAMS_ANSWERED_MIN  # the evidence line alone: plain
    assert not confidence.contested(ILLNESS)  # no rival's written question is nearer: not a contested race
    assert section_probability(ILLNESS) < 0.5 and decide(ILLNESS) == "uncertain"


def test_a_clear_lead_or_a_near_written_question_keeps_a_section_first_plain() -> None:
    assert decide(replace(ILLNESS, margin=4.0)) == "answered"  # far ahead of the next §
    assert decide(replace(ILLNESS, written=0.92)) == "answered"  # its own written question nearly the one asked
    assert section_probability(replace(ILLNESS, written=0.92)) > section_probability(ILLNESS)


def test_a_document_first_is_not_judged_by_the_section_line() -> None:
    # written_lead is set for a law's § first alone (and one with written questions)
    first_a_document = replace(ILLNESS, written_lead=None)
    assert not doubted(first_a_document) and decide(first_a_document) == "answered"


def test_a_doubted_section_is_hedged_never_refused() -> None:
    assert decide(replace(ILLNESS, absent=("Bergen",))) == "uncertain"  # a strike and the doubt: still a hedge
    assert decide(replace(ILLNESS, absent=("Bergen",), amount_missing=True)) == "not_covered"  # two strikes refuse


def test_switched_off_a_doubted_section_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confidence, "SECTION_RIGHT_MIN", 0.0)
    assert decide(ILLNESS) == "answered"


def test_the_reply_of_a_doubted_section_says_which_section_answers_is_to_be_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    searcher, asked = two_sections_searcher(tmp_path), ASKED
    monkeypatch.setattr(confidence, "CONTESTED_LEAD", 0.0)  # the § line alone
    plain = answer(asked, searcher)
    # the fake embedder's cosines are not the model's: a line that doubts every § stands in for a doubted one
    monkeypatch.setattr(confidence, "SECTION_BIAS", -100.0)
    hedged = answer(asked, searcher)
    assert plain.confidence == "answered" and hedged.confidence == "uncertain"
    assert [p.citation for p in hedged.passages] == [p.citation for p in plain.passages]  # the same passages shown
    said = message("uncertain_contested", "nb")
    assert format_answer(hedged).splitlines()[0] == said != format_answer(plain).splitlines()[0]
    assert answer_to_dict(hedged)["notice"] == said
