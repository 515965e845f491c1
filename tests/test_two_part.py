"""A message that asks two things shows a passage for each (`ask`, the answer function); one question stays one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import bot.answer.asks as asks
from bot.answer.asks import asked_questions
from bot.answer.compose import answer
from bot.cli import cli
from bot.index.store import IndexStore
from bot.search.retriever import Searcher

# Quitting midway, and the pay: the whole message's passages had all been on leaving the council.
QUIT_AND_PAY = "Kan jeg slutte midt i perioden, og får jeg beholde godtgjørelsen?"
PAY = "får jeg beholde godtgjørelsen?"
QUIT_AND_PAY_NN = "Kan eg slutte midt i perioden, og får eg behalde godtgjersla?"
PAY_NN = "får eg behalde godtgjersla?"
# a story, then one question: one question, read as before
PREAMBLE = ("Jeg er ny i kommunestyret og har fått ny jobb i Oslo. Jeg må pendle hver uke, og det blir mye. "
            "Kan jeg søke fritak fra vervet?")


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.ask  # noqa: F401


@pytest.fixture(scope="module")
def law_searcher(law_index: Path) -> Searcher:
    return Searcher(IndexStore.open(law_index))


@pytest.mark.parametrize(("message", "parts"), [
    ("Hvordan blir varamedlemmene kalt inn, går det bare etter rekkefølgen på lista? Og hva om førstevara også er "
     "inhabil i saken", ("Hvordan blir varamedlemmene kalt inn, går det bare etter rekkefølgen på lista?",
                         "Og hva om førstevara også er inhabil i saken")),
    ("Can I quit halfway through the term, and do I keep the pay?",
     ("Can I quit halfway through the term", "and do I keep the pay?")),
    ("Kan jeg få orlov, og hvem træder ind? Og får jeg stadig vederlag?",
     ("Kan jeg få orlov", "og hvem træder ind?", "Og får jeg stadig vederlag?")),
    ("Kven kan krevje lovlegkontroll av eit vedtak og kor lang frist er det?",
     ("Kven kan krevje lovlegkontroll av eit vedtak", "og kor lang frist er det?")),
    # one question: a preamble, an alternative ("eller"), a clause of time after a comma, context before a comma
    (PREAMBLE, ("Kan jeg søke fritak fra vervet?",)),
    ("Må jeg gå av nå, eller kan jeg sitte ut perioden?", ("Må jeg gå av nå, eller kan jeg sitte ut perioden?",)),
    ("Kan jeg sitte i kontrollutvalget, når jeg også sitter i formannskapet?",
     ("Kan jeg sitte i kontrollutvalget, når jeg også sitter i formannskapet?",)),
    ("In Norway, how long is a term?", ("In Norway, how long is a term?",)),
    ("hva er en interpellasjon", ("hva er en interpellasjon",)),
])
def test_the_questions_a_message_asks(message: str, parts: tuple[str, ...]) -> None:
    assert asked_questions(message) == parts


@pytest.mark.parametrize(("message", "part"), [(QUIT_AND_PAY, PAY), (QUIT_AND_PAY_NN, PAY_NN)], ids=["nb", "nn"])
def test_a_two_part_message_shows_the_second_parts_passage_and_keeps_its_first(
        law_searcher: Searcher, monkeypatch: pytest.MonkeyPatch, message: str, part: str) -> None:
    """The pay's own first passage is among the three shown, the first passage is the whole message's, and the reply
    is as sure as it was."""
    alone = answer(part, law_searcher).passages[0]
    reply = answer(message, law_searcher)
    monkeypatch.setattr(asks, "EACH_PART_SHOWN", False)
    before = answer(message, law_searcher)
    assert alone.chunk_id not in [p.chunk_id for p in before.passages]  # what the message had shown: leaving only
    shown = [p.citation.title for p in reply.passages]
    assert alone.citation.title in shown, shown
    assert reply.passages[0].chunk_id == before.passages[0].chunk_id
    assert reply.confidence == before.confidence and len(reply.passages) == len(before.passages)


def test_ask_shows_a_passage_for_each_part(law_index: Path) -> None:
    """Through `ask`: the pay's passage is in the reply to the message that asks about quitting and the pay."""
    def asked(question: str) -> dict:
        result = CliRunner().invoke(cli, ["ask", question, "--json"], env={"KOMMUNEBOT_INDEX": str(law_index),
                                                                            "KOMMUNEBOT_LAW_PACK": "on"})
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    pay = asked(PAY)["passages"][0]["source"]["title"]
    assert pay in [p["source"]["title"] for p in asked(QUIT_AND_PAY)["passages"]]


def test_one_question_after_a_preamble_is_answered_as_before(law_searcher: Searcher,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A story then one question is one question: the reply is the one the whole message had."""
    reply = answer(PREAMBLE, law_searcher)
    monkeypatch.setattr(asks, "EACH_PART_SHOWN", False)
    before = answer(PREAMBLE, law_searcher)
    assert [p.chunk_id for p in reply.passages] == [p.chunk_id for p in before.passages]
    assert reply.confidence == before.confidence
