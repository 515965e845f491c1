"""An answer reads its question for the model once, however many passages it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.compose import answer
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.retriever import Searcher
from bot.semantic.fake import FakeEmbedder


def test_the_question_is_read_for_the_model_once_an_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, text in enumerate(("Kommunestyret ansetter rådmannen. Rådmannen leder administrasjonen.",
                              "Formannskapet innstiller til kommunestyret. Ordføreren leder formannskapet.",
                              "Kontrollutvalget fører tilsyn. Rådmannen svarer kontrollutvalget.")):
        (corpus / f"{n}.txt").write_text(text + "\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db", embedder=FakeEmbedder())
    searcher = Searcher(IndexStore.open(tmp_path / "k.db"), embedder=FakeEmbedder())
    reads: list[str] = []
    read = searcher.analyzer.for_model
    monkeypatch.setattr(searcher.analyzer, "for_model", lambda text, vocabulary=None, country=None: reads.append(text)
                        or read(text, vocabulary, country))
    # each quoted passage picks its sentences by their cosines with the question: the question's text is asked
    # for once a passage, and read (the glossary, the spelling, the dictionary) only the first time
    result = answer("Hvem ansetter rådmannen?", searcher, top=3)
    assert len(result.passages) == 3 and reads == ["Hvem ansetter rådmannen?"]
    answer("Hvem leder formannskapet?", searcher, top=3)
    assert reads[1:] == ["Hvem leder formannskapet?"]
