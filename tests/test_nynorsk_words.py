"""A nynorsk question's words read as the nynorsk words they are, not as other languages' words spelt alike: "vert"
(blir), not a host; "løn" (lønn), not the Danish law's word."""

from __future__ import annotations

from pathlib import Path

from bot.analysis import default_analyzer
from tests.helpers.passages import searcher_of

SICK = "Varaordføraren leier møtet når ordføraren er sjuk."
HOST = "Ordføraren er vert for gjestene, og varaordføraren er vert når ordføraren er bortreist."
BUDGET = "Kommunestyret vedtek budsjettet for neste år."


def test_vert_in_a_nynorsk_question_is_bli_not_a_host(tmp_path: Path) -> None:
    """"vert" is nynorsk's verte (bli), a stop word as bokmål's "blir" is: the passage about the mayor as host came
    first for a question about the mayor falling ill."""
    searcher = searcher_of(tmp_path, {"sick": SICK, "host": HOST, "budget": BUDGET})
    result = searcher.search("Kva skjer om ordføraren vert sjuk?", k=3)
    assert default_analyzer().terms("vert")[0] not in result.terms
    assert result.hits[0].chunk.source_id == "sick"


def test_vert_in_a_bokmal_question_is_still_the_host(tmp_path: Path) -> None:
    searcher = searcher_of(tmp_path, {"sick": SICK, "host": HOST, "budget": BUDGET})
    result = searcher.search("Hvem er vert for gjestene?", k=3)
    assert default_analyzer().terms("vert")[0] in result.terms
    assert result.hits[0].chunk.source_id == "host"


PAY = "Den som har vervet som hovedbeskjeftigelse, får lønn fra kommunen."
DANISH_PAY = "Borgmesteren modtager løn efter de regler, som kommunalbestyrelsen fastsætter."


def test_lon_in_a_nynorsk_question_is_bokmals_lonn_not_the_danish_word(tmp_path: Path) -> None:
    """"løn" is a nynorsk word bokmål's dictionary lacks and Danish's holds, so the table of nynorsk words leaves it,
    and a nynorsk question's "løn" was asked of the Danish law's term alone."""
    searcher = searcher_of(tmp_path, {"pay": PAY, "danish": DANISH_PAY, "budget": BUDGET})
    result = searcher.search("Får eg løn for vervet mitt?", k=3)
    assert result.hits and result.hits[0].chunk.source_id == "pay"
    assert default_analyzer().terms("lønn")[0] in result.terms


def test_lon_in_a_danish_question_is_still_the_danish_word(tmp_path: Path) -> None:
    searcher = searcher_of(tmp_path, {"pay": PAY, "danish": DANISH_PAY, "budget": BUDGET})
    assert searcher.search("Hvor meget løn får borgmesteren?", k=3).hits[0].chunk.source_id == "danish"
