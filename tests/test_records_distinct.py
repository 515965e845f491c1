"""A law's short § that repeats most of a longer §'s words is still shown: two records are never near-duplicates,
while the same paragraph in two documents still is."""

from __future__ import annotations

import json

import pytest

from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search import retriever
from bot.search.retriever import Searcher

# Kommuneloven § 8-4 says in 20 words what § 8-3's first ledd says of another payment: 18 of its words are there.
LAW = [
    ("kl/§8-3", "Kommuneloven § 8-3 Dekning av utgifter",
     "Den som har et kommunalt eller fylkeskommunalt tillitsverv, har krav på dekning av utgifter som vervet "
     "fører med seg. Kommunestyret eller fylkestinget gir selv forskrift om slik godtgjøring og krav."),
    ("kl/§8-4", "Kommuneloven § 8-4 Arbeidsgodtgjøring",
     "Den som har et kommunalt eller fylkeskommunalt tillitsverv, har krav på godtgjøring for sitt arbeid. "
     "Kommunestyret eller fylkestinget gir selv forskrift for slik godtgjøring."),
]
NOTE = "Den som har et kommunalt tillitsverv, har krav på dekning av utgifter som vervet fører med seg."


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    root = tmp_path_factory.mktemp("records")
    pack, corpus = root / "pack", root / "corpus"
    pack.mkdir()
    corpus.mkdir()
    lines = [json.dumps({"id": rid, "title": title, "location": "", "text": text, "lang": "nb", "url": None},
                        ensure_ascii=False) for rid, title, text in LAW]
    (pack / "kl.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (pack / "sources.toml").write_text('[[source]]\nfile = "kl.jsonl"\nid = "kl"\ntitle = "Kommuneloven"\n'
                                       'publisher = "x"\nlang = "nb"\n', encoding="utf-8")
    # the same paragraph in two notes: one of them is a near-duplicate of the other
    (corpus / "notat.txt").write_text(NOTE + "\n", encoding="utf-8")
    (corpus / "kopi.txt").write_text(NOTE + " Se også forskriften.\n", encoding="utf-8")
    build_index(corpus, root / "kommunebot.db", packs=(pack,))
    return Searcher(IndexStore.open(root / "kommunebot.db"))


QUESTION = "Har den som har et kommunalt tillitsverv krav på godtgjøring for arbeid og dekning av utgifter?"


def test_a_short_section_within_a_longer_ones_words_is_still_among_the_passages(searcher) -> None:
    ids = [h.cite_id for h in searcher.search(QUESTION).hits]
    assert "kl/§8-3" in ids and "kl/§8-4" in ids


def test_the_same_paragraph_in_two_documents_is_shown_once(searcher) -> None:
    documents = [h for h in searcher.search(QUESTION).hits if not h.cite_id.startswith("kl/")]
    assert len(documents) == 1


def test_as_before_the_short_section_was_dropped_as_a_near_duplicate(searcher, monkeypatch) -> None:
    # the test above can fail: with records tested as any passage, the § within the other's words is dropped
    monkeypatch.setattr(retriever, "RECORDS_DISTINCT", False)
    ids = [h.cite_id for h in searcher.search(QUESTION).hits]
    assert ("kl/§8-3" in ids) != ("kl/§8-4" in ids)
