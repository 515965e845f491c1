"""A passage that asks a question back (a slide of discussion questions) does not outrank one that answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search import retriever
from bot.search.retriever import Searcher
from bot.semantic.fake import FakeEmbedder

ASKS = "Hvem ansetter rådmannen i kommunen og hvem leder administrasjonen?\n"
TELLS = "Hvem ansetter rådmannen i kommunen og hvem leder administrasjonen.\n"  # the same words, said


def _first(tmp_path: Path, names: tuple[str, str]) -> str:
    """The text shown first for the question, over a corpus of the asking and the telling passage."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in zip(names, (ASKS, TELLS), strict=True):
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path / f"{names[0]}.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    searcher = Searcher(IndexStore.open(index), embedder=FakeEmbedder())
    assert searcher.semantic
    return searcher.search("Hvem ansetter rådmannen?", k=2).hits[0].chunk.text.strip()


@pytest.mark.parametrize("names", [("a.txt", "b.txt"), ("b.txt", "a.txt")])
def test_of_two_passages_with_the_same_words_the_one_that_states_it_comes_first(tmp_path: Path,
                                                                                  names: tuple[str, str]) -> None:
    assert _first(tmp_path, names).endswith(".")


def test_without_the_lowering_the_asking_passage_wins_a_tie_as_often_as_not(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # the test above is not decided by file order alone: with no lowering, one order puts the question first
    monkeypatch.setattr(retriever, "ASKING", 0.0)
    firsts = []
    for order in (("a.txt", "b.txt"), ("b.txt", "a.txt")):
        (tmp_path / order[0]).mkdir()
        firsts.append(_first(tmp_path / order[0], order))
    assert any(text.endswith("?") for text in firsts)


def test_only_sentences_that_are_questions_are_lowered(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "slide.txt").write_text("Kommunestyret ansetter rådmannen i kommunen.\n"
                                      "Hvordan vil dere følge opp rådmannen i året som kommer?\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db", embedder=FakeEmbedder())
    searcher = Searcher(IndexStore.open(tmp_path / "k.db"), embedder=FakeEmbedder())
    assert searcher._asking_units.tolist() == pytest.approx([0.0, retriever.ASKING])
    assert searcher._asking_whole.tolist() == pytest.approx([retriever.ASKING / 2])


def test_an_index_of_thousands_of_chunks_is_read_in_batches_sqlite_accepts() -> None:
    import numpy as np

    from bot.index.store import Vectors

    class Store:
        """The chunks of 2,000 one-sentence passages, every third a question; no statement over 900 docnos."""

        def chunks(self, docnos):  # noqa: ANN001, ANN202 - IndexStore.chunks' shape
            docnos = list(docnos)
            assert len(docnos) <= 900
            return {d: type("Chunk", (), {"text": f"Hvem leder utvalg nummer {d}{'?' if d % 3 == 0 else '.'}"})()
                    for d in docnos}

    n = 2000
    vectors = Vectors(np.arange(n), np.zeros((n, 4), np.float32), np.arange(n), np.zeros((n, 4), np.float32))
    units, whole = retriever._asking(Store(), vectors, vectors.unit_starts())  # type: ignore[arg-type]
    assert units.tolist() == pytest.approx([retriever.ASKING if d % 3 == 0 else 0.0 for d in range(n)])
    assert whole.tolist() == units.tolist()
