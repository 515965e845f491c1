"""A ledd of a cited § asked for ("§ 16 stk. 3", "§ 7-9 andre ledd") is the card: that ledd, not the whole §."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search import citations
from bot.search.citations import cited_ledd, cited_numbers, section_number
from tests.test_laws_not_held import ask


@pytest.mark.parametrize("question, ledd", [
    ("Hvad siger § 16 stk. 3 i styrelsesloven?", 3), ("§ 16, 3. stk.", 3), ("§ 14 stk 2", 2),
    ("Hva sier kommunelova § 7-9 andre ledd?", 2), ("§ 7-9 annet ledd", 2), ("§ 11-9 2. ledd", 2),
    ("§ 7-9 (2)", 2), ("fvl § 6 første ledd bokstav a", 1), ("§ 7-9 tredje ledd", 3),
    ("Hva står i første ledd?", None),  # no § cited: which ledd of what?
    ("Hva sier § 7-9?", None), ("Hva sier de andre ledd i partiet om § 7-9?", None),
])
def test_a_ledd_is_read_beside_a_cited_section_as_people_write_it(question: str, ledd: int | None) -> None:
    assert cited_ledd(question) == ledd


def test_a_chunk_s_section_number_is_read_as_a_question_cites_it() -> None:
    assert section_number("lta-2026-13/§16c/2") == "16c" and section_number("lov-2018-06-22-83/§7-9") == "7-9"
    # a lettered chapter's § (arbeidsmiljøloven § 2 A-1, extracted by scripts/lawpack.py as …/§2A-1) as people cite it
    assert section_number("lov-2005-06-17-62/§2A-1") == "2a-1"
    for question in ("Hva sier aml § 2 A-1?", "§2A-1", "§ 2 a - 1 i arbeidsmiljøloven"):
        assert "2a-1" in cited_numbers(question)[0], question  # ("2a-1i", "2a-1"): "i" may be a letter or a word
    assert cited_numbers("§ 16 c")[0] == ("16c", "16") and cited_numbers("§ 7 - 9")[0] == ("7-9", "7-9")
    assert section_number("ks-deck:lysbilde-3:ab") is None


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.ask  # noqa: F401


def first(law_index: Path, question: str) -> dict:
    """The first passage `ask --json` gives on the law index."""
    data = ask(law_index, question)
    assert data["answered"] is True
    return data["passages"][0]


def test_the_card_of_a_cited_stk_is_that_stk_alone(law_index: Path) -> None:
    whole = first(law_index, "Hvad siger § 16 i styrelsesloven?")
    assert whole["source"]["title"] == "Lov om kommunernes styrelse § 16" and whole["source"]["location"] != "stk. 3"
    card = first(law_index, "Hvad siger § 16 stk. 3 i styrelsesloven?")
    assert card["source"]["title"] == "Lov om kommunernes styrelse § 16"
    assert card["source"]["location"] == "stk. 3"
    assert card["text"].startswith("Stk. 3.") and "Stk. 4." not in card["text"] and "Stk. 2." not in card["text"]


def test_the_card_of_a_cited_ledd_is_the_part_that_holds_it(law_index: Path) -> None:
    card = first(law_index, "Hva sier kommunelova § 7-9 andre ledd?")
    assert card["source"]["title"] == "Kommuneloven § 7-9 Uttreden og fritak"
    # the pack's part holds the second and third ledd as one chunk; the card cites the one its quote shows
    assert card["source"]["location"] == "andre ledd"
    assert "trer endelig ut av organet" not in card["text"]       # the first ledd is not put before it


def test_switched_off_a_cited_stk_shows_the_section_as_before(law_index: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citations, "CITED_LEDD", False)
    assert cited_ledd("§ 16 stk. 3") is None


@pytest.mark.parametrize("question, ledd", [
    ("Hva sier andre ledd i § 7-9?", 2), ("stk. 3 i § 16", 3), ("§ 7-9 i kommuneloven, andre ledd", 2),
])
def test_a_ledd_is_read_before_its_section_or_after_the_law_s_name(question: str, ledd: int) -> None:
    assert cited_ledd(question) == ledd


def test_a_pinned_passage_is_shown_as_pinned_whatever_ledd_the_question_cites(law_index: Path,
                                                                               tmp_path: Path) -> None:
    """The page shows exactly what the bot gives: a course leader's pin is not swapped for the ledd cited."""
    from bot.answer import answer
    from bot.answer.pins import PinStore
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    searcher = Searcher(IndexStore.open(law_index))
    question = "Hvad siger § 16 stk. 3 i styrelsesloven?"
    first_part = next(h for h in searcher.search("Hvad siger § 16 i styrelsesloven?", 20).hits
                      if h.chunk_id == "lta-2026-13/§16/1")
    pins = PinStore.open(tmp_path / "pins.db")
    pins.add(question, first_part, "Kari Kursleder")
    reply = answer(question, searcher, pins=pins)
    assert reply.passages[0].pinned and reply.passages[0].chunk_id == "lta-2026-13/§16/1"
    assert answer(question, searcher).passages[0].citation.location == "stk. 3"  # unpinned: the ledd cited
