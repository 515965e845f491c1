"""Ranking levers measured and not taken: hubness, the question's clauses, lists, feedback, proximity, weights.

Usage: python -m benchmarks.levers [--bank N]

Each lever is tried on the seed-document sets (dev, dev2, dev3) through the product's Searcher
with one part replaced, scored as benchmarks/answers.py's ranking is (the first chunk holding
a gold string; before any confidence is applied):
- hubness: each sentence's and whole text's cosine lowered by λ × its similarity to a bank of
  real questions (N NorQuAD train questions; the mean over the bank, or the mean of its 10
  closest, as CSLS does), or to the corpus's own centroid;
- clauses: a message of 20 words or more also embedded from each of its last clauses on (the
  question after its preamble), each chunk scored by the best;
- lists: a "which / hvilke (N)" question gives chunks with three or more list lines a bonus,
  and those with exactly N lines another;
- feedback: the question's vector moved towards its first chunks' (Rocchio in the embedding space);
- line coverage: the best single line's share of the question's information added to coverage;
- weights: the fusion's weights refitted on dev3 itself (listwise, as on NorQuAD train);
- asking sentences: a passage's sentence that is itself a question ("?": a slide of discussion
  questions) has its cosine lowered, and a chunk's whole text by its share of them.
Prints one row a variant: hit@1 / hit@3 per set.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.semantic import SEED, Corpus, ask_all, fit_listwise, load_corpus  # noqa: E402
from benchmarks.shared import SHARED, need  # noqa: E402
from bot.bm25 import information  # noqa: E402
from bot.evaluate import is_gold, load_questions  # noqa: E402
from bot.index.units import embedding_units  # noqa: E402
from bot.search import fusion, retriever  # noqa: E402
from bot.search.fusion import Dense, Fused  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402
from bot.semantic.embedder import E5Embedder  # noqa: E402

NUMBERS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "two": 2, "three": 3,
           "four": 4, "five": 5, "six": 6, "seven": 7}
LIST_QUESTION = re.compile(r"^\s*(hvilke|hvilka|kva for|which|what are|hva er de|hvad er de)\b", re.I)
CLAUSE = re.compile(r"\s*[,;–—]\s+")


def scores(searcher: Searcher, sets: dict[str, list[dict]]) -> str:
    """hit@1 / hit@3 of each set by the first chunk holding a gold string."""
    cells = []
    for items in sets.values():
        ranks = []
        for item in items:
            if item.get("expect") == "abstain":
                continue
            hits = searcher.search(item["question"], k=10).hits
            ranks.append(next((i for i, h in enumerate(hits, 1) if is_gold(item, h)), None))
        n = max(len(ranks), 1)
        cells.append(f"{sum(r == 1 for r in ranks) / n:.3f} / {sum(bool(r) and r <= 3 for r in ranks) / n:.3f}")
    return " | ".join(cells)


def with_dense(corpus: Corpus, unit_shift: np.ndarray, whole_shift: np.ndarray,
               extra: Callable[[str], list[str]] = lambda q: [], sparse_shift: np.ndarray | None = None) -> Searcher:
    """A Searcher whose cosines are lowered by the shifts, and maxed over the extra texts' vectors.

    The sparse head's cosine (an index that stores it) is the product's, lowered by `sparse_shift`
    (by docno) when given: without it the fusion would fall back to the blend of four.
    """
    s = Searcher(corpus.searcher.store, embedder=corpus.embedder)
    v, starts = s._vectors, s._unit_starts
    product_dense = s.dense

    def one(vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        whole = np.full(s.store.n_docs, np.nan, dtype=np.float32)
        whole[v.docnos] = v.whole @ vector - whole_shift
        sentence = np.full(s.store.n_docs, np.nan, dtype=np.float32)
        sentence[v.owners[starts]] = np.maximum.reduceat(v.units @ vector - unit_shift, starts)
        return sentence, whole

    def dense(question: str) -> Dense:
        sentence, whole = one(s.query_vector(question))
        for part in extra(question):
            other = one(s.query_vector(part))
            sentence, whole = np.fmax(sentence, other[0]), np.fmax(whole, other[1])
        sparse = product_dense(question).sparse
        if sparse is not None and sparse_shift is not None:
            sparse = sparse - sparse_shift
        return Dense(sentence, whole, sparse)
    s.dense = dense  # type: ignore[method-assign]
    return s


def sparse_hubness(corpus: Corpus, questions: list[str]) -> np.ndarray | None:
    """Each chunk's mean sparse cosine (the product's: best of whole text and sentences) with `questions`."""
    s = corpus.searcher
    if not s.sparse:
        return None
    v, starts = s._vectors, s._unit_starts
    bank = corpus.embedder.embed_sparse(questions, is_query=True)
    total = np.zeros(s.store.n_docs, np.float64)
    for row in range(len(questions)):
        latent = bank.query(row)
        one = np.full(s.store.n_docs, np.nan, dtype=np.float32)
        one[v.docnos] = v.whole_sparse.scores(latent)
        best = np.maximum.reduceat(v.units_sparse.scores(latent), starts)
        one[v.owners[starts]] = np.fmax(one[v.owners[starts]], best)
        total += np.nan_to_num(one)
    return (total / len(questions)).astype(np.float32)


def tails(question: str) -> list[str]:
    """The message from each of its last two clauses on, for a message of 20 words or more."""
    if len(question.split()) < 20:
        return []
    clauses = [c for c in CLAUSE.split(question) if c.strip()]
    return [", ".join(clauses[i:]) for i in range(max(1, len(clauses) - 2), len(clauses))
            if len(", ".join(clauses[i:]).split()) >= 4]


def asking(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """For each sentence unit, 1.0 where it is a question; for each chunk, the share of its units that are."""
    v, rows = corpus.searcher._vectors, corpus.searcher.store.chunks(corpus.searcher._vectors.docnos.tolist())
    flags = np.array([unit.rstrip().endswith("?") for d in v.docnos.tolist()
                      for unit in embedding_units(rows[d].title, rows[d].heading, rows[d].text)[1:]], np.float32)
    assert len(flags) == len(v.units)  # the units as the build embedded them
    share = np.array([flags[v.owners == d].mean() if (v.owners == d).any() else 0.0 for d in v.docnos.tolist()],
                     np.float32)
    return flags, share


def with_lists(corpus: Corpus, bonus: float, exact: float) -> Searcher:
    """A Searcher that adds a list bonus to the fused scores of list questions."""
    s = Searcher(corpus.searcher.store, embedder=corpus.embedder)
    texts = {d: c.text for d, c in s.store.chunk_rows()}
    ranking = s._ranking

    def items(text: str) -> int:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        return sum(1 for ln in lines[1:] if len(ln) < 90 and not ln.endswith("."))

    def listed(question: str, terms: list[str], k: int) -> tuple[list[Fused], int | None, int | None]:
        fused, bm25_first, dense_first = ranking(question, terms, k)
        words = re.findall(r"\w+", question.lower())
        want = next((NUMBERS.get(w) or int(w) for w in words if w in NUMBERS or w.isdigit()), None)
        if not LIST_QUESTION.search(question) and want is None:
            return fused, bm25_first, dense_first
        out = [dataclasses.replace(f, score=f.score + bonus * (items(texts[f.docno]) >= 3)
                                   + exact * (want is not None and items(texts[f.docno]) == want)) for f in fused]
        return sorted(out, key=lambda f: -f.score), bm25_first, dense_first
    s._ranking = listed  # type: ignore[method-assign]
    return s


def with_feedback(corpus: Corpus, alpha: float, k: int) -> Searcher:
    """A Searcher whose question vector is moved towards its first `k` chunks' (pseudo-relevance feedback).

    Rocchio in the embedding space: q' = q + alpha × the mean whole-text vector of the k chunks
    the shipped fusion of the cosines puts first, normalised; then every cosine again with q'.
    """
    s = Searcher(corpus.searcher.store, embedder=corpus.embedder)
    v, starts = s._vectors, s._unit_starts
    row = {int(d): i for i, d in enumerate(v.docnos)}
    product_dense = s.dense  # the sparse head's cosine stays the product's

    def one(vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        whole = np.full(s.store.n_docs, np.nan, dtype=np.float32)
        whole[v.docnos] = v.whole @ vector
        sentence = np.full(s.store.n_docs, np.nan, dtype=np.float32)
        sentence[v.owners[starts]] = np.maximum.reduceat(v.units @ vector, starts)
        return sentence, whole

    def dense(question: str) -> Dense:
        query = s.query_vector(question)
        sentence, whole = one(query)
        fused = fusion.SENTENCE * np.nan_to_num(sentence, nan=-1) + fusion.WHOLE * np.nan_to_num(whole, nan=-1)
        feedback = np.mean([v.whole[row[int(d)]] for d in np.argsort(-fused)[:k]], axis=0)
        moved = query + alpha * feedback
        return Dense(*one((moved / np.linalg.norm(moved)).astype(np.float32)), product_dense(question).sparse)
    s.dense = dense  # type: ignore[method-assign]
    return s


def with_line_coverage(corpus: Corpus, weight: float) -> Searcher:
    """A Searcher whose fused coverage adds `weight` × the best single line's share of the question's information.

    A proximity signal: the question's rare words together in one line of the chunk, not
    scattered over a slide.
    """
    s = Searcher(corpus.searcher.store, embedder=corpus.embedder)
    lines = {d: [set(s.analyzer.terms(ln)) for ln in c.text.split("\n") if ln.strip()] or [set()]
             for d, c in s.store.chunk_rows()}
    whole = s.coverages

    def coverages(terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        info = {t: information(len(p) if (p := s.postings(t)) is not None else 0, s.store.n_docs) for t in set(terms)}
        total = sum(info.values()) or 1.0
        best = [max(sum(w for t, w in info.items() if t in line) for line in lines[int(d)]) / total for d in docnos]
        return whole(terms, docnos) + weight * np.array(best)
    s.coverages = coverages  # type: ignore[method-assign]
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", type=int, default=400, help="NorQuAD train questions in the hubness bank")
    args = parser.parse_args()
    need([*(SHARED / "eval" / f"{n}.jsonl" for n in ("dev", "dev2", "dev3")),
          SHARED / "bench" / "norquad" / "train.jsonl"])
    corpus = load_corpus(SEED, E5Embedder())
    sets = {n: load_questions(SHARED / "eval" / f"{n}.jsonl") for n in ("dev", "dev2", "dev3")}
    train = [json.loads(line)["question"] for line in
             (SHARED / "bench" / "norquad" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    random.Random(0).shuffle(train)
    bank = corpus.embedder.embed_queries(train[:args.bank])
    corpus.embedder.flush()
    v = corpus.searcher._vectors
    zero_u, zero_w = np.zeros(len(v.units), np.float32), np.zeros(len(v.whole), np.float32)
    print("| variant | " + " | ".join(sets) + " |\n|---|" + "---|" * len(sets))
    print(f"| as shipped | {scores(corpus.searcher, sets)} |")
    hub_mean = (v.units @ bank.mean(0), v.whole @ bank.mean(0))
    hub_near = (np.sort(v.units @ bank.T, axis=1)[:, -10:].mean(1), np.sort(v.whole @ bank.T, axis=1)[:, -10:].mean(1))
    hub_self = (v.units @ v.units.mean(0), v.whole @ v.units.mean(0))
    for label, (u, w) in (("hubness, question bank mean", hub_mean), ("hubness, question bank 10 closest", hub_near),
                          ("hubness, corpus centroid", hub_self)):
        for lam in (0.5, 1.0, 2.0):
            s = with_dense(corpus, lam * (u - np.median(u)), lam * (w - np.median(w)))
            print(f"| {label}, λ {lam} | {scores(s, sets)} |")
    # the sparse head's cosine corrected the same way (it carries most of the magnet slide's lead since 0.3.0)
    hub_sparse = sparse_hubness(corpus, train[:args.bank])
    if hub_sparse is not None:
        centred = hub_sparse - np.median(hub_sparse)
        for lam in (0.5, 1.0, 2.0):
            s = with_dense(corpus, zero_u, zero_w, sparse_shift=lam * centred)
            print(f"| hubness of the sparse cosine, question bank mean, λ {lam} | {scores(s, sets)} |")
            s = with_dense(corpus, lam * (hub_mean[0] - np.median(hub_mean[0])),
                           lam * (hub_mean[1] - np.median(hub_mean[1])), sparse_shift=lam * centred)
            print(f"| hubness of all three cosines, question bank mean, λ {lam} | {scores(s, sets)} |")
    print(f"| the question's last clauses too | {scores(with_dense(corpus, zero_u, zero_w, tails), sets)} |")
    for bonus, exact in ((0.2, 0.0), (0.4, 0.0), (0.0, 0.4), (0.4, 0.8), (1.0, 0.0), (0.0, 4.0), (2.0, 3.0)):
        print(f"| list bonus {bonus}, exact count {exact} | {scores(with_lists(corpus, bonus, exact), sets)} |")
    for alpha, k in ((0.3, 3), (0.6, 3), (1.0, 5)):
        print(f"| pseudo-relevance feedback, α {alpha}, {k} chunks | {scores(with_feedback(corpus, alpha, k), sets)} |")
    for weight in (0.5, 1.0, 2.0):
        print(f"| best line's coverage, weight {weight} | {scores(with_line_coverage(corpus, weight), sets)} |")
    flags, share = asking(corpus)
    for unit, whole in ((0.01, 0.0), (0.02, 0.0), (1.0, 0.0), (0.02, 0.02)):
        print(f"| asking sentences lowered {unit}, whole text by their share × {whole} | "
              f"{scores(with_dense(corpus, unit * flags, whole * share), sets)} |")
    # the fusion's weights refitted on dev3 itself: what weights alone could give it (an upper bound)
    blend = fit_listwise(ask_all("dev3", corpus, sets["dev3"], 100))
    original = retriever.fuse
    retriever.fuse = functools.partial(original, blend=blend)  # type: ignore[assignment]
    print(f"| fusion weights fitted on dev3 itself {blend} | {scores(corpus.searcher, sets)} |")
    retriever.fuse = original  # type: ignore[assignment]
    print("\nCells: hit@1 / hit@3 of the first chunk holding a gold string.")


if __name__ == "__main__":
    main()
