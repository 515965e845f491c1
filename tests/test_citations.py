"""A § asked for by its number ("Hva sier offentleglova § 3?", "§ 16 c") is the first passage, in the law named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.search.citations import Sections, cited_numbers, named

# (docno, chunk id, title, language) as the index holds the pack's chunks
CHUNKS = [
    (0, "lov-1967-02-10/§3/1", "Forvaltningsloven § 3 Lovens anvendelse", "nb"),
    (1, "lov-2006-05-19-16/§3", "Offentleglova § 3 Hovudregel", "nn"),
    (2, "lta-2014-433/§3/1", "Forvaltningsloven § 3", "da"),
    (3, "lta-2014-433/§3/2", "Forvaltningsloven § 3", "da"),
    (4, "lta-2020-145/§3", "Lov om offentlighed i forvaltningen § 3", "da"),
    (5, "lta-2026-13/§9/1", "Lov om kommunernes styrelse § 9", "da"),
    (6, "lta-2026-13/§16c", "Lov om kommunernes styrelse § 16 c", "da"),
    (7, "lta-2026-13/§16/1", "Lov om kommunernes styrelse § 16", "da"),
    (8, "lov-2018-06-22-83/§7-9/1", "Kommuneloven § 7-9 Uttreden og fritak", "nb"),
    (9, "ks-deck:lysbilde-3:ab", "KS Folkevalgtprogram", "nb"),
]


@pytest.mark.parametrize("question, numbers", [
    ("Hva sier § 7-9?", [("7-9", "7-9")]), ("§7 - 9", [("7-9", "7-9")]),
    ("Hvad siger § 16 c?", [("16c", "16")]), ("§16c og § 31 a", [("16c", "16"), ("31a", "31")]),
    ("paragraf 11-9", [("11-9", "11-9")]), ("What does section 8 say?", [("8", "8")]),
    ("§ 9 i styrelsesloven", [("9i", "9")]),  # a word after the number: both forms, the index decides
    ("Hva er rådmannens ansvar?", []), ("Er 3 av 4 nok?", []),
])
def test_a_section_is_read_from_its_number_as_people_write_it(question: str, numbers: list) -> None:
    assert cited_numbers(question) == numbers


@pytest.mark.parametrize("question, law", [
    ("Hva sier § 3 i styrelsesloven?", "Lov om kommunernes styrelse"),
    ("Hvad siger offentlighedsloven § 7?", "Lov om offentlighed i forvaltningen"),
    ("Hvad siger lov om kommunernes styrelse § 16 c?", "Lov om kommunernes styrelse"),
    ("kommuneloven § 7-9", "Kommuneloven"),
])
def test_a_law_is_named_by_the_name_people_call_it_more_surely_than_the_others(question: str, law: str) -> None:
    names = ["Kommuneloven", "Forvaltningsloven", "Offentleglova", "Lov om kommunernes styrelse",
             "Lov om offentlighed i forvaltningen"]
    scores = {n: named(n, question) for n in names}
    assert max(scores, key=scores.__getitem__) == law


def test_the_cited_section_is_the_named_law_s_else_the_own_country_s_else_the_best_ranked() -> None:
    sections = Sections(CHUNKS)

    def cited(question: str, country: str | None, ranked: dict[int, int] | None = None) -> tuple[int, ...] | None:
        found = sections.cited(question, country, ranked or {})
        return found.docnos if found else None

    assert cited("Hva sier offentleglova § 3?", "no") == (1,)          # named
    assert cited("Hva sier offentlighetsloven § 3?", "no") == (1,)     # its bokmål name: Offentleglova,
    assert cited("Hvad siger offentlighedsloven § 3?", "da") == (4,)   # the Danish word: the Danish act
    assert cited("Hvad siger forvaltningsloven § 3?", "da") == (2, 3)  # named twice: its own country's
    assert cited("Hva sier forvaltningsloven § 3?", "no") == (0,)
    assert cited("Hvad siger lov om kommunernes styrelse § 16 c?", "da") == (6,)  # the letter: § 16 c, not § 16
    assert cited("§ 9 i styrelsesloven", "no") == (5,)                 # "i" is a word; named over the country
    assert cited("Hva sier § 3?", "no", {1: 4, 0: 7}) == (1,)         # two Norwegian § 3: the search's first
    assert cited("Hva sier § 3?", "no") is None                        # and when it ranks neither, none
    assert cited("What does § 7-9 say?", None) == (8,)                 # one law has it
    assert cited("Hva sier § 99?", "no") is None and cited("Hva er rådmannens ansvar?", "no") is None


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.ask  # noqa: F401


@pytest.mark.parametrize("question, title", [
    ("Hva sier offentleglova § 3?", "Offentleglova § 3 Hovudregel"),
    ("Hvad står der i § 31 a?", "Lov om kommunernes styrelse § 31 a"),
    ("Hvad siger forvaltningsloven § 3?", "Forvaltningsloven § 3"),
    ("§ 9 i styrelsesloven", "Lov om kommunernes styrelse § 9"),
])
def test_ask_answers_a_section_asked_for_by_its_number_with_that_section(law_index: Path, question: str,
                                                                         title: str) -> None:
    result = CliRunner().invoke(cli, ["ask", question, "--json"], env={"KOMMUNEBOT_INDEX": str(law_index),
                                                                        "KOMMUNEBOT_LAW_PACK": "on"},
                                catch_exceptions=False)
    data = json.loads(result.output)
    assert data["answered"] is True and data["confidence"] == "answered"
    assert data["passages"][0]["source"]["title"] == title
