"""A plain reply whose question is far from every question written for its first passage is said as a hedge."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer.compose import answer
from bot.answer.messages import message
from bot.render.terminal import format_answer
from bot.search import confidence
from bot.search.confidence import Evidence, contested, decide, doubted, evidence_score, unasked
from tests.helpers.sections import ASKED, two_sections_searcher

# "hvor henter man stemmesedler på valgdagen og hvornår lukker valgstederne?" (blind 17's H48, which nothing bundled
# answers) as measured on the shipped index: lov om kommunernes styrelse § 9 b first, said plainly by the evidence line,
# its nearest written question 0.835 from the question.
BALLOTS = Evidence(0.451, 0.820, 21, 0.821, margin=1.957, bm25_first=True, terms=9, sparse=0.276, grams=0.274,
                   written=0.835, written_lead=-0.003)


def test_a_question_far_from_its_passages_written_questions_is_hedged() -> None:
    assert evidence_score(BALLOTS) >= confidence.GRAMS_ANSWERED_MIN  # the evidence line alone: plain
    assert not contested(BALLOTS) and not doubted(BALLOTS)  # no § race hedges it
    assert unasked(BALLOTS) and decide(BALLOTS) == "uncertain"


def test_a_near_written_question_or_a_sure_line_keeps_it_plain() -> None:
    assert decide(replace(BALLOTS, written=0.90)) == "answered"  # a written question nearly the one asked
    # the surer the line, the further the question may be: the same cosine with a passage holding all of it
    sure = replace(BALLOTS, coverage=1.0, grams=0.9, margin=5.0)
    assert evidence_score(sure) > 5 and decide(sure) == "answered"


def test_only_where_asked_in_the_passages_language_and_written_questions_exist() -> None:
    # cross-language cosines run lower: an English question of a Norwegian § is no further from what it asks
    assert decide(replace(BALLOTS, other_language=True)) == "answered"
    # no written questions to be far from
    assert decide(replace(BALLOTS, written=None, written_lead=None)) == "answered"


def test_it_hedges_and_never_refuses() -> None:
    assert decide(replace(BALLOTS, absent=("Bergen",))) == "uncertain"  # a strike beside it: still a hedge


def test_switched_off_it_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confidence, "UNASKED_WRITTEN", 0.0)
    assert decide(BALLOTS) == "answered"


def test_the_reply_shows_the_same_passages_under_the_hedge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    searcher, asked = two_sections_searcher(tmp_path), ASKED
    monkeypatch.setattr(confidence, "CONTESTED_LEAD", 0.0)
    monkeypatch.setattr(confidence, "SECTION_RIGHT_MIN", 0.0)  # no § race: this hedge alone
    monkeypatch.setattr(confidence, "UNASKED_WRITTEN", 0.0)
    plain = answer(asked, searcher)
    # the fake embedder's cosines are not the model's: a bar above every cosine stands in for a question far from all
    monkeypatch.setattr(confidence, "UNASKED_WRITTEN", 2.0)
    monkeypatch.setattr(confidence, "UNASKED_SLOPE", 0.0)
    hedged = answer(asked, searcher)
    assert plain.confidence == "answered" and hedged.confidence == "uncertain"
    assert [p.citation for p in hedged.passages] == [p.citation for p in plain.passages]  # the same passages shown
    assert format_answer(hedged).splitlines()[0] == message("uncertain", "nb") != format_answer(plain).splitlines()[0]
