"""A first passage that is a title alone (a divider slide) says nothing: the reply is a hedge, not an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search import retriever
from bot.search.confidence import Evidence, decide
from bot.search.retriever import title_alone

SLIDES = ("Transkript\n\n1 Kurs for folkevalgte\n\n2 Forholdet politikk administrasjon\n\n"
          "3 Roller og rolleforståelse Politikerne vedtar mål og rammer. Administrasjonen utreder saker og setter "
          "vedtak i verk.\n\n4 Budsjettet Kommunestyret vedtar budsjettet hvert år i desember.\n")
SURE = {"coverage": 0.9, "cosine": 0.9, "hits": 5, "whole": 0.9, "margin": 5.0, "bm25_first": True,
        "dense_first": True, "terms": 4}


@pytest.mark.parametrize(("text", "alone"), [
    ("KS organisasjonen", True),
    ("Forholdet politikk administrasjon", True),
    ("Kommunen er under press fra mange hold", True),
    ("De nye hvordan tar vi imot dem?", False),              # a question is something said
    ("«Det gjelder å spille hverandre gode!»", False),      # so is a quotation
    ("Interessepolitisk aktør\nArbeidsgiverorganisasjon\nDaglig drift\nUtviklingspartner", False),  # a list
    ("Ved stemmelikhet avgjør møtelederen.", False),
    ("Kommunestyret og fylkestinget velger selv formannskap og fylkesutvalg med minimum fem medlemmer og", False),
])
def test_a_title_alone_is_one_short_line_with_no_sentence(text: str, alone: bool) -> None:
    assert title_alone(text) is alone


def test_a_title_alone_makes_a_plain_answer_a_hedge_and_with_an_absent_name_a_refusal() -> None:
    assert decide(Evidence(**SURE)) == "answered"
    assert decide(Evidence(**SURE, title_alone=True)) == "uncertain"
    assert decide(Evidence(**SURE, title_alone=True, absent=("Bergen",))) == "not_covered"


@pytest.mark.parametrize("hedged", [True, False])
def test_a_divider_slide_first_is_shown_as_the_closest_not_as_the_answer(tmp_path: Path, hedged: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    monkeypatch.setattr(retriever, "TITLE_ALONE_HEDGED", hedged)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kurs.txt").write_text(SLIDES, encoding="utf-8")
    (corpus / "sources.toml").write_text('[[source]]\nfile = "kurs.txt"\nid = "kurs"\ntitle = "Kurs"\n'
                                         'publisher = "x"\nlang = "nb"\nlayout = "slides"\n', encoding="utf-8")
    build_index(corpus, tmp_path / "index.db")
    result = Searcher(IndexStore.open(tmp_path / "index.db")).search(
        "Hva er forholdet mellom politikk og administrasjon?", k=3)
    assert result.hits[0].chunk.text == "Forholdet politikk administrasjon"  # ranked as before
    assert result.confidence == ("uncertain" if hedged else "answered")
