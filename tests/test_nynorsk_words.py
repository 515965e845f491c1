"""A nynorsk question's words read as the nynorsk words they are, not as bokmål words spelt alike: "vert" (blir), not
a host; "nemnd" (a committee), not a form of nemne."""

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
