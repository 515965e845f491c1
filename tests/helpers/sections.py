"""A pack of two Kommuneloven-like §§ with a written question each, beside a one-line note, indexed with the fake
embedder: the smallest index where a § reply can be said plainly or hedged."""

from __future__ import annotations

import json
from pathlib import Path

from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.retriever import Searcher
from bot.semantic.fake import FakeEmbedder

ASKED = "Hvem leder møtene i kommunestyret?"  # § 1's written question, word for word


def two_sections_searcher(folder: Path) -> Searcher:
    """§ 1 on who chairs the meetings, § 2 on a tie, each with one written question, and a note, built in `folder`."""
    pack, corpus = folder / "pack", folder / "corpus"
    pack.mkdir()
    corpus.mkdir()
    records = [{"id": "lov/§1", "title": "Loven § 1 Møteledelse", "location": "", "lang": "nb",
                "text": "Ordføreren leder møtene i kommunestyret og kaller inn til møtene."},
               {"id": "lov/§2", "title": "Loven § 2 Avstemning", "location": "", "lang": "nb",
                "text": "Ved stemmelikhet i et folkevalgt organ er møtelederens stemme avgjørende."}]
    (pack / "lov.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    (pack / "sources.toml").write_text('[[source]]\nfile = "lov.jsonl"\nid = "lov"\ntitle = "Loven"\n'
                                       'publisher = "x"\nlang = "nb"\n', encoding="utf-8")
    (pack / "questions.tsv").write_text("lov/§1\tHvem leder møtene i kommunestyret?\nlov/§2\tHva skjer ved likt?\n",
                                        encoding="utf-8")
    (corpus / "notat.txt").write_text("Kommunestyret vedtar budsjettet i desember.\n", encoding="utf-8")
    build_index(corpus, folder / "index.db", packs=(pack,), embedder=FakeEmbedder())
    return Searcher(IndexStore.open(folder / "index.db"), embedder=FakeEmbedder())
