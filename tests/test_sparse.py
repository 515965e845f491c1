"""The sparse latent-term vectors: what the model gives, what the index and the pack store and reuse."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.index.build import build_index
from bot.index.prebuilt import read_vectors, write_folder_vectors
from bot.index.store import IndexStore
from bot.index.units import embedding_units
from bot.semantic.fake import FakeEmbedder
from bot.semantic.sparse import SPARSE_K, SparseVectors
from tests.test_lawpack import small_pack

ANSWER = "Kommunestyret er øverste ansvarlige arbeidsgiver, som kollegialt organ."
OTHER = "Årsbudsjettet vedtas av kommunestyret innen årsskiftet."


def test_a_question_shares_more_latent_weight_with_the_passage_that_holds_its_words() -> None:
    fake = FakeEmbedder()
    rows = fake.embed_sparse([ANSWER, OTHER, "Hvem er øverste arbeidsgiver i kommunen?"])
    assert rows.ids.shape == rows.weights.shape == (3, SPARSE_K)
    assert np.allclose(np.linalg.norm(rows.weights, axis=1), 1.0, atol=1e-5)
    cosines = SparseVectors(rows.ids[:2], rows.weights[:2]).scores(rows.query(2))
    assert cosines[0] > cosines[1] > 0  # both name the kommunestyre; one holds the question's words
    assert SparseVectors(rows.ids[:1], rows.weights[:1]).scores(rows.query(0))[0] == pytest.approx(1.0, abs=1e-5)


def test_scores_read_by_latent_are_every_row_s_dot_product_with_the_question() -> None:
    rng = np.random.default_rng(7)
    rows = []
    for size in (SPARSE_K, 3, 1, SPARSE_K // 2):  # full rows and padded ones
        rows.append((rng.choice(64, size=min(size, 64), replace=False), rng.random(min(size, 64))))
    vectors = SparseVectors.of(rows + [(np.array([5, 9]), np.array([1.0, 2.0]))])
    query = vectors.query(0)
    expected = (vectors.weights * query[vectors.ids.astype(np.int64)]).sum(axis=1)
    assert np.allclose(vectors.scores(query), expected, atol=1e-6)
    assert vectors.scores(np.zeros_like(query)).tolist() == [0.0] * len(vectors)  # no latent on: nothing shared
    assert SparseVectors.of([]).scores(query).shape == (0,)


def test_a_row_is_stored_in_four_bytes_a_latent_and_read_back() -> None:
    rows = FakeEmbedder().embed_sparse([ANSWER, "kort"])
    back = SparseVectors.from_bytes([rows.to_bytes(0), rows.to_bytes(1)])
    assert len(rows.to_bytes(0)) == 4 * SPARSE_K
    assert np.array_equal(back.ids, rows.ids) and np.allclose(back.weights, rows.weights, atol=1e-3)
    with pytest.raises(ValueError):
        SparseVectors.from_bytes([rows.to_bytes(0)[:-2]])


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "notat.txt").write_text(f"{ANSWER}\n\n{OTHER}\n", encoding="utf-8")
    return folder


def test_an_index_keeps_each_unit_s_sparse_vector_and_a_rebuild_reuses_it(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    fake = FakeEmbedder()
    build_index(corpus, tmp_path / "index.db", embedder=fake)
    store = IndexStore.open(tmp_path / "index.db")
    vectors = store.vectors()
    assert store.meta.sparse_k == SPARSE_K and vectors.whole_sparse is not None and vectors.units_sparse is not None
    assert len(vectors.whole_sparse) == len(vectors.docnos) and len(vectors.units_sparse) == len(vectors.owners)
    rows = store.chunks(vectors.docnos.tolist())
    units = [u for d in vectors.docnos.tolist() for u in embedding_units(rows[d].title, rows[d].heading,
                                                                         rows[d].text)[1:]]
    assert np.array_equal(vectors.units_sparse.ids, FakeEmbedder().embed_sparse(units).ids)
    store.close()
    (corpus / "ny.txt").write_text("Ordføreren leder møtene i kommunestyret.\n", encoding="utf-8")
    again = FakeEmbedder()
    build_index(corpus, tmp_path / "index.db", embedder=again)
    rebuilt = IndexStore.open(tmp_path / "index.db").vectors()
    assert again.calls < fake.calls  # the unchanged notes' units were reused, dense and sparse
    assert rebuilt.units_sparse is not None and len(rebuilt.units_sparse) > len(vectors.units_sparse)


def test_a_model_without_a_sparse_head_stores_dense_vectors_only(tmp_path: Path) -> None:
    build_index(_corpus(tmp_path / "corpus"), tmp_path / "index.db", embedder=FakeEmbedder(name="dense/1", sparse_k=0))
    store = IndexStore.open(tmp_path / "index.db")
    assert store.meta.sparse_k == 0 and store.vectors().units_sparse is None and len(store.vectors().owners)


def test_the_pack_s_shipped_vectors_carry_the_sparse_rows_a_build_takes(tmp_path: Path) -> None:
    pack = small_pack(tmp_path / "pack")
    write_folder_vectors(pack, FakeEmbedder())
    rows = read_vectors(pack, FakeEmbedder().name)
    assert rows and all(len(r) == 4 * FakeEmbedder().dim + 4 * SPARSE_K for r in rows.values())
    builder = FakeEmbedder()
    build_index(_corpus(tmp_path / "corpus"), tmp_path / "index.db", embedder=builder, packs=(pack,))
    vectors = IndexStore.open(tmp_path / "index.db").vectors()
    assert vectors.units_sparse is not None and len(vectors.units_sparse) == len(vectors.owners)
    alone = FakeEmbedder()
    build_index(_corpus(tmp_path / "corpus2"), tmp_path / "alone.db", embedder=alone)
    assert builder.calls == alone.calls  # the pack's units, dense and sparse, came from its file


@pytest.mark.slow
def test_the_real_model_s_sparse_head_scores_the_answering_sentence_highest() -> None:
    from bot.semantic.embedder import load_embedder

    e5 = load_embedder("auto", threads=1)
    if e5 is None or not e5.sparse_k:
        pytest.skip("the bundled model or its sparse head cannot be loaded here")
    rows = e5.embed_sparse([ANSWER, OTHER, "Hvem er sjef over de ansatte i kommunen?"])
    cosines = SparseVectors(rows.ids[:2], rows.weights[:2]).scores(rows.query(2))
    assert cosines[0] > cosines[1]


def test_with_the_sparse_head_a_passage_sharing_the_question_s_matter_is_answered_one_sharing_none_refused() -> None:
    from bot.search.confidence import Evidence, decide

    same_dense = {"coverage": 0.4, "cosine": 0.86, "hits": 3, "whole": 0.85, "terms": 5}
    assert decide(Evidence(**same_dense, sparse=0.5)) == "answered"
    assert decide(Evidence(**same_dense, sparse=0.0)) == "not_covered"
    assert decide(Evidence(**same_dense)) == "uncertain"  # an index without the head: the eight-input line


def test_the_fusion_ranks_by_the_sparse_cosine_where_the_dense_ones_tie() -> None:
    from bot.search.fusion import Dense, fuse

    dense = Dense(np.array([0.85, 0.85, 0.70]), np.array([0.84, 0.84, 0.70]), np.array([0.10, 0.45, 0.0]))
    assert [f.docno for f in fuse([], dense)][:2] == [1, 0]
    assert fuse([], dense)[0].sparse == pytest.approx(0.45)
    no_head = Dense(dense.sentence, dense.whole)
    assert [f.docno for f in fuse([], no_head)][:2] == [0, 1]  # without it the tie stays in docno order


def test_a_searcher_over_an_index_with_sparse_vectors_embeds_the_question_both_ways(tmp_path: Path) -> None:
    from bot.search.retriever import Searcher

    corpus = _corpus(tmp_path / "corpus")
    build_index(corpus, tmp_path / "sparse.db", embedder=FakeEmbedder())
    build_index(corpus, tmp_path / "dense.db", embedder=FakeEmbedder(name="dense/1", sparse_k=0))
    fake = FakeEmbedder()
    searcher = Searcher(IndexStore.open(tmp_path / "sparse.db"), embedder=fake)
    result = searcher.search("Hvem er øverste arbeidsgiver?", k=2)
    assert searcher.sparse and result.hits[0].chunk.text.startswith("Kommunestyret er øverste")
    assert result.hits[0].sparse_similarity is not None and result.evidence is not None
    assert result.evidence.sparse == result.hits[0].sparse_similarity
    dense_only = Searcher(IndexStore.open(tmp_path / "dense.db"), embedder=FakeEmbedder(name="dense/1", sparse_k=0))
    plain = dense_only.search("Hvem er øverste arbeidsgiver?", k=2)
    assert not dense_only.sparse and plain.hits[0].sparse_similarity is None and plain.evidence.sparse is None
