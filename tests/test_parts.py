"""A law § split at its ledd ranked as one: its best ledd raised towards its best signals, the others by their own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.answer import answer
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search import parts
from bot.search.fusion import Dense
from bot.search.parts import best_parts, part_groups, pooled_aligned, pooled_dense, siblings
from bot.search.retriever import Searcher
from bot.semantic.fake import FakeEmbedder

NAN = float("nan")


def test_the_parts_of_one_record_share_a_group_and_nothing_else_does() -> None:
    rows = [(0, "kl", "kl/§7-9/1", "Kommuneloven § 7-9", "første ledd"),
            (1, "kl", "kl/§7-9/2", "Kommuneloven § 7-9", "andre ledd"),
            (2, "kl", "kl/§7-10", "Kommuneloven § 7-10", ""),             # a whole §: no location
            (3, "slides", "slides", "KS Folkevalgtprogram", "lysbilde 4"),  # a document's chunk cites the document
            (4, "kl", "kl/§8-1/2", "Kommuneloven § 8-1", "andre ledd"),    # the only part of its § in the index
            (5, "kl", "kl/§7-9/3", "Kommuneloven § 7-9", "tredje ledd")]
    group = part_groups(rows, 6)
    assert group[0] == group[1] == group[5] >= 0
    assert list(group[[2, 3, 4]]) == [-1, -1, -1]


def test_each_part_gets_the_best_of_its_records_parts_signal_by_signal() -> None:
    group = np.array([0, 0, -1, 1, 1])
    dense = Dense(sentence=np.array([0.80, 0.84, 0.90, NAN, 0.70], dtype=np.float32),
                  whole=np.array([0.82, 0.79, 0.85, NAN, NAN], dtype=np.float32),
                  asked=np.array([0.90, NAN, NAN, NAN, NAN], dtype=np.float32))
    pooled = pooled_dense(dense, group)
    found = dense.found()  # the first part's best sentence raised by its written question
    assert pooled.sentence[0] == pooled.sentence[1] == pytest.approx(max(found[0], found[1]))
    assert pooled.whole[0] == pooled.whole[1] == pytest.approx(0.82)  # the best whole text of the other part
    assert pooled.sentence[2] == pytest.approx(0.90) and pooled.whole[2] == pytest.approx(0.85)  # no part: as it was
    assert pooled.sentence[3] == pooled.sentence[4] == pytest.approx(0.70)  # a part without vectors gets its sibling's
    assert np.isnan(pooled.whole[3]) and np.isnan(pooled.whole[4])  # none has one: still none
    assert list(pooled_aligned(np.array([0.2, 0.5, 0.9]), np.array([1, 0, 2]), group)) == [0.5, 0.5, 0.9]
    own = pooled_dense(dense, group, asked=False)  # the passages' own, as the confidence reads them
    assert own.sentence[0] == own.sentence[1] == pytest.approx(0.84)


def test_only_the_best_scored_part_of_each_record_is_marked_best() -> None:
    group = np.array([0, 0, -1, 1, 1])
    docnos = np.array([4, 0, 1, 2, 3])
    assert list(best_parts(np.array([5.0, 1.0, 3.0, 2.0, 4.0]), docnos, group)) == [True, False, True, True, False]


def test_every_part_of_a_candidates_record_becomes_a_candidate_once() -> None:
    group = np.array([0, 0, 0, -1, 1, 1])
    assert list(siblings(np.array([3, 1]), group)) == [3, 1, 0, 2]
    assert list(siblings(np.array([3]), group)) == [3]


# A § whose first ledd names what the question is about and whose second holds the rule it asks for, beside a §
# that has a little of both in one ledd. Asked by its subject and its rule, part by part neither ledd of § 7-9
# scores as well as § 7-12's one (the first has the best sentence, the second the best whole text); as one § it wins.
LAW = [
    {"id": "kl/§7-9/1", "title": "Kommuneloven § 7-9 Fritak", "location": "første ledd",
     "text": "En folkevalgt som flytter kan slippe vervet sitt. Reglene om valgbarhet og om hvem som er utelukket "
             "står i kapittel sju om valg av medlemmer."},
    {"id": "kl/§7-9/2", "title": "Kommuneloven § 7-9 Fritak", "location": "andre ledd",
     "text": "Etter søknad kan kommunestyret gi fritak for ny jobb med reising."},
    {"id": "kl/§7-12", "title": "Kommuneloven § 7-12 Suspensjon", "location": "",
     "text": "En folkevalgt kan slippe vervet sitt etter søknad."},
    {"id": "kl/§5-1", "title": "Kommuneloven § 5-1 Organer", "location": "",
     "text": "Kommunen har et kommunestyre, et formannskap og et kontrollutvalg."},
]
QUESTION = "Kan en folkevalgt som flytter slippe vervet sitt etter søknad om fritak for ny jobb med reising?"


@pytest.fixture
def split_law(tmp_path: Path) -> Iterator[Searcher]:
    corpus = tmp_path / "law"
    corpus.mkdir()
    (corpus / "kommuneloven.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in LAW),
                                               encoding="utf-8")
    embedder = FakeEmbedder()
    build_index(corpus, tmp_path / "k.db", embedder=embedder)
    yield Searcher(IndexStore.open(tmp_path / "k.db"), embedder=embedder)


@pytest.fixture
def lexical_law(split_law: Searcher) -> Searcher:
    return Searcher(split_law.store)  # the same index without the model: BM25 alone


@pytest.fixture
def apart() -> Iterator[None]:
    parts.POOLED_PARTS = False
    yield
    parts.POOLED_PARTS = True


def test_a_section_whose_ledd_together_answer_comes_first_both_ledd_in_its_card(split_law: Searcher) -> None:
    card = answer(QUESTION, split_law, top=3).passages[0]
    assert card.citation.title == "Kommuneloven § 7-9 Fritak"
    assert card.citation.location == "første til andre ledd"  # what it is about, and the rule asked for
    assert "ny jobb med reising" in card.quote and "flytter" in card.quote
    hits = split_law.search(QUESTION, k=4).hits
    assert hits[0].cite_id == "kl/§7-9/1"  # the ledd that matches best leads its §
    assert [h.cite_id for h in hits].index("kl/§7-9/2") > 0  # the other ledd where its own signals put it


def test_apart_the_single_ledd_that_matches_a_little_better_comes_first(split_law: Searcher, apart: None) -> None:
    # what the pooling replaces: each ledd of § 7-9 on its own loses to § 7-12's one ledd
    assert answer(QUESTION, split_law, top=3).passages[0].citation.title == "Kommuneloven § 7-12 Suspensjon"


def test_the_confidence_judges_the_section_by_its_best_ledd(split_law: Searcher) -> None:
    first = split_law.search(QUESTION, k=4).hits[0]
    dense = split_law.dense(QUESTION)
    ledd = [h.docno for h in split_law.search(QUESTION, k=4).hits if h.cite_id.startswith("kl/§7-9")]
    assert first.similarity == pytest.approx(float(np.nanmax(dense.sentence[ledd])))
    assert first.whole_similarity == pytest.approx(float(np.nanmax(dense.whole[ledd])))


def test_a_lexical_search_ranks_and_judges_each_part_by_its_own(lexical_law: Searcher) -> None:
    pooled = lexical_law.search(QUESTION, k=4)
    parts.POOLED_PARTS = False
    try:
        apart = Searcher(lexical_law.store).search(QUESTION, k=4)
    finally:
        parts.POOLED_PARTS = True
    assert not pooled.semantic
    assert [h.cite_id for h in pooled.hits] == [h.cite_id for h in apart.hits]
    assert pooled.coverage == apart.coverage and pooled.confidence == apart.confidence
