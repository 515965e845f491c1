"""A searcher over a few one-line passages written on the spot, for the tests of how a question is read."""

from __future__ import annotations

from pathlib import Path

from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.retriever import Searcher


def searcher_of(folder: Path, passages: dict[str, str]) -> Searcher:
    """A lexical searcher over one .txt document per passage, named by its key (its `source_id`), built in `folder`."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in passages.items():
        (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    build_index(corpus, folder / "index.db")
    return Searcher(IndexStore.open(folder / "index.db"))
