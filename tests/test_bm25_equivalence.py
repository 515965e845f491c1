"""Ranking: Searcher.rank gives rank-bm25's top 10, scores and all, on the same tokens."""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import rank_bm25

from bot.bm25 import BM25Params
from bot.corpus.characters import plain
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.retriever import Searcher

REL = 1e-9
PARAMS = [BM25Params(variant=v, k1=k1, b=b) for v in ("okapi", "plus")
          for k1, b in ((1.2, 0.75), (1.5, 0.3), (0.8, 1.0))]


class SplitAnalyzer:
    """Terms are the text's lowercased words: what both sides of the comparison index."""

    version = "test-split-1"
    _words = re.compile(r"\w+")

    def terms(self, text: str) -> list[str]:
        return self._words.findall(text.lower())

    def query_terms(self, question: str, vocabulary=None, language=None, country=None) -> list[str]:
        return self.terms(question)


def _corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True)
    with open(folder / "passages.jsonl", "w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": f"p{i}", "title": "", "text": text}) + "\n")
    return folder


def _reference(params: BM25Params, tokens: list[list[str]]):
    if params.variant == "okapi":
        return rank_bm25.BM25Okapi(tokens, k1=params.k1, b=params.b, epsilon=params.epsilon)
    return rank_bm25.BM25Plus(tokens, k1=params.k1, b=params.b, delta=params.delta)


def _assert_same(searcher: Searcher, ref, tokens: list[list[str]], query: list[str], k: int = 10) -> None:
    scores = ref.get_scores(query)
    known = set(query)
    matching = np.array([bool(known & set(doc)) for doc in tokens])
    # rank-bm25 scores every chunk; chunks without a query term are not hits (BM25Plus gives them
    # the same constant, BM25Okapi 0), so the reference is the best k of the matching chunks.
    docs = np.flatnonzero(matching)
    order = docs[np.lexsort((docs, -scores[docs]))][:k]
    ours = searcher.rank(query, k)
    assert len(ours) == len(order), query
    for (doc, score), ref_doc in zip(ours, order, strict=True):
        assert score == pytest.approx(scores[ref_doc], rel=REL), (query, doc, ref_doc)
        assert score == pytest.approx(scores[doc], rel=REL), (query, doc)  # ties: any of the tied chunks


def _random_texts(rng: random.Random, n: int) -> list[str]:
    vocab = [f"w{i}" for i in range(60)]
    weights = [1 / (i + 1) for i in range(60)]
    texts = []
    for _ in range(n):
        words = rng.choices(vocab, weights, k=rng.randint(1, 40))
        if rng.random() < 0.6:
            words.append("common")  # in more than half the chunks: BM25Okapi's idf floor
        texts.append(" ".join(words))
    return texts


def _queries(rng: random.Random, words: list[str], frequent: list[str]) -> list[list[str]]:
    queries = [["common"], ["common", "common", "w0"], ["nosuchterm"], ["nosuchterm", "w3"], ["w1", "w1", "w1"]]
    for _ in range(40):
        q = rng.sample(words, rng.randint(1, 6))
        if rng.random() < 0.3:
            q += q[:1]  # a repeated query term counts twice, as in rank-bm25
        if rng.random() < 0.2:
            q.append("unknownterm")
        queries.append(q)
    for _ in range(10):
        queries.append(rng.sample(frequent, min(len(frequent), rng.randint(3, 8))))
    return [q for q in queries if q]


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: f"{p.variant}-k1={p.k1}-b={p.b}")
def test_random_corpus_matches_rank_bm25(tmp_path: Path, params: BM25Params) -> None:
    rng = random.Random(7)
    texts = _random_texts(rng, 400)
    analyzer = SplitAnalyzer()
    index = tmp_path / "k.db"
    build_index(_corpus(tmp_path / "corpus", texts), index, analyzer=analyzer, params=params, incremental=False)
    tokens = [analyzer.terms(t) for t in texts]
    ref = _reference(params, tokens)
    searcher = Searcher(IndexStore.open(index), analyzer)
    vocab = sorted({t for doc in tokens for t in doc})
    frequent = [w for w, _ in Counter(t for doc in tokens for t in set(doc)).most_common(8)]
    for query in _queries(rng, vocab, frequent):
        _assert_same(searcher, ref, tokens, query)
    # k beyond the number of matching chunks, and k = 1
    _assert_same(searcher, ref, tokens, ["w59"], k=50)
    _assert_same(searcher, ref, tokens, ["w2", "common"], k=1)


def _law_slice(bench: Path, per_file: int) -> list[str]:
    texts = []
    for name in ("no-laws.jsonl.gz", "da-laws.jsonl.gz"):
        with gzip.open(bench / "laws" / name, "rt", encoding="utf-8") as handle:
            for line, _ in zip(handle, range(per_file), strict=False):
                rec = json.loads(line)
                # as a reader reads the file: the law text's soft hyphens and zero-width spaces are not indexed (0.4.42)
                texts.append(plain("\n".join(p for p in (rec.get("title") or "", rec["text"]) if p)))
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["okapi", "plus"])
def test_law_slice_matches_rank_bm25(tmp_path: Path, bench: Path, variant: str) -> None:
    """Real text, large enough (6,000 chunks) for the dense-array and sampling paths of rank()."""
    params = BM25Params(variant=variant)
    texts = _law_slice(bench, 3000)
    analyzer = SplitAnalyzer()
    index = tmp_path / "k.db"
    build_index(_corpus(tmp_path / "corpus", texts), index, analyzer=analyzer, params=params, incremental=False)
    tokens = [analyzer.terms(t) for t in texts]
    ref = _reference(params, tokens)
    searcher = Searcher(IndexStore.open(index), analyzer)
    rng = random.Random(11)
    questions = [json.loads(line)["question"] for line in open(bench / "xquad" / "nb.jsonl", encoding="utf-8")]
    df = Counter(t for doc in tokens for t in set(doc))
    frequent = [w for w, _ in df.most_common(60)]
    queries = [analyzer.terms(q) for q in rng.sample(questions, 25)]
    queries += [rng.sample(frequent, rng.randint(3, 10)) for _ in range(25)]
    queries += [frequent[:2] + frequent[:1], [frequent[0]]]
    for query in queries:
        _assert_same(searcher, ref, tokens, query)
