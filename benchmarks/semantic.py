"""BM25, e5 and their fusions side by side on every set; the confidence thresholds calibrated.

Usage: python -m benchmarks.semantic [--out DIR] [--small]

Builds the product's indexes as benchmarks/quality.py does, with their vectors (each chunk's
whole text and sentences, bot.index.units) and each question embedded by E5Embedder once
(cached outside the repo by text, see benchmarks/vectors.py), asks through the product's Searcher,
then scores every ranking on dev, dev2, NorQuAD val and train, XQuAD nb and da, and the
off-topic sets (far and near-domain) asked of the bundled corpus. Writes semantic-quality.json
and semantic-quality.md under --out (default benchmarks/out). --small: a few questions a set (smoke test).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import fusions  # noqa: E402
from benchmarks.files import mirror  # noqa: E402
from benchmarks.shared import SHARED, MissingData, absent, seed_corpus  # noqa: E402
from benchmarks.vectors import CachedEmbedder  # noqa: E402
from bot.corpus.records import ChunkRecord  # noqa: E402
from bot.evaluate import is_gold, load_questions  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.store import IndexStore  # noqa: E402
from bot.paths import LAW_PACK  # noqa: E402
from bot.search import fusion  # noqa: E402
from bot.search.confidence import MIN_COVERAGE  # noqa: E402
from bot.search.retriever import Hit, Searcher  # noqa: E402
from bot.semantic.embedder import E5Embedder  # noqa: E402

DATA = REPO / "benchmarks" / "data"
OUT = REPO / "benchmarks" / "out"
BUNDLED = "dev (bundled corpus)"  # quality.py's name: the same index file is reused
SEED = "seed documents"  # the five seed texts alone (the dev sets' index, whatever else is bundled)
SHIPPED = "seed documents and law pack"  # the seed texts with the bundled law pack: the index the product ships


SEEDS = seed_corpus()  # the seed documents, or the bundled corpus's in their place (SEEDS.note says which)
CORPORA: dict[str, list[Path] | None] = {  # name -> corpus files (None: the bundled corpus)
    BUNDLED: None,
    SEED: SEEDS.files,
    SHIPPED: SEEDS.files,
    "NorQuAD val": [SHARED / "bench" / "norquad" / "corpus.jsonl"],
    "XQuAD nb": [SHARED / "bench" / "xquad" / "nb-corpus.jsonl"],
    "XQuAD da": [SHARED / "bench" / "xquad" / "da-corpus.jsonl"],
}
PACKS: dict[str, tuple[Path, ...]] = {SHIPPED: (LAW_PACK,)}  # name -> the source packs built in beside its files
DEPTH = 100  # BM25's list kept per question: the candidate sizes compared are at most this
SETS = [  # name, corpus, questions
    ("dev", BUNDLED, SHARED / "eval" / "dev.jsonl"),
    ("dev2", BUNDLED, SHARED / "eval" / "dev2.jsonl"),
    ("NorQuAD train", "NorQuAD val", SHARED / "bench" / "norquad" / "train.jsonl"),
    ("NorQuAD val", "NorQuAD val", SHARED / "bench" / "norquad" / "val.jsonl"),
    ("XQuAD nb", "XQuAD nb", SHARED / "bench" / "xquad" / "nb.jsonl"),
    ("XQuAD da", "XQuAD da", SHARED / "bench" / "xquad" / "da.jsonl"),
    ("far off-topic", BUNDLED, DATA / "far_offtopic.jsonl"),
    ("near-domain off-topic", BUNDLED, DATA / "near_domain_offtopic.jsonl"),
]


@dataclass
class Corpus:
    """One built index with every chunk's vector."""

    name: str
    searcher: Searcher  # with the cached embedder: semantic
    embedder: CachedEmbedder
    canon: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    secondary: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # agenda slides


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())


def searcher_for(name: str, files: list[Path] | None, embedder: CachedEmbedder | None = None) -> Searcher:
    """Build (or rebuild incrementally) the lexical index of one set, as quality.py does, and open it.

    The bench files are placed beside the index (files.mirror: hard links or copies, nothing
    else left in the folder), not linked: the corpus reader skips a link out of its folder.
    """
    index = OUT / f"{_slug(name)}.db"
    corpus = REPO / "corpus"
    if files is not None:
        corpus = OUT / f"{_slug(name)}-corpus"
        mirror(files, corpus)
    # no size limit: every chunk gets its vectors, as in an index under KOMMUNEBOT_SEMANTIC_MAX_CHUNKS
    build_index(corpus, index, embedder=embedder, semantic_max_chunks=10**9, packs=PACKS.get(name, ()))
    if embedder is not None:
        embedder.flush()
    return Searcher(IndexStore.open(index), embedder=embedder)


def load_corpus(name: str, e5: E5Embedder) -> Corpus:
    """Build (or reuse) the index of `name` with its vectors, embedding only what the cache lacks."""
    embedder = CachedEmbedder(e5, _slug(name))
    if CORPORA[name] is SEEDS.files:
        print(f"{name}: {SEEDS.note}", file=sys.stderr)
    searcher = searcher_for(name, CORPORA[name], embedder)
    assert searcher.semantic, f"{name}: the index has no vectors"
    secondary = np.zeros(searcher.store.n_docs, dtype=bool)
    for docno, c in searcher.store.chunk_rows():
        secondary[docno] = bool(c.secondary)
    return Corpus(name, searcher, embedder, _canonical(searcher), secondary)


@dataclass
class Asked:
    """One question asked of one corpus: BM25's list, its terms, its cosines and its gold chunks."""

    item: dict
    corpus: Corpus
    bm25: list[tuple[int, float]]
    terms: tuple[str, ...]
    dense: fusion.Dense   # the Searcher's: best sentence's and whole text's cosine by docno
    gold: frozenset[int]  # docnos that answer it (empty for an off-topic question)
    coverages: dict[int, float] = field(default_factory=dict)  # lexical coverage by docno, computed once

    @property
    def answerable(self) -> bool:
        return self.item.get("expect", "answer") != "abstain"


def _gold_docnos(rows: list[tuple[int, ChunkRecord]], item: dict) -> frozenset[int]:
    return frozenset(docno for docno, c in rows if is_gold(item, Hit(docno, c, 0.0)))


def ask_all(name: str, corpus: Corpus, items: list[dict], depth: int) -> list[Asked]:
    """Every question of a set through the product's Searcher (BM25's top `depth`, the cosines)."""
    corpus.embedder.embed_queries([corpus.searcher.embedded(q["question"]) for q in items])  # in batches, cached
    corpus.embedder.flush()
    rows = list(corpus.searcher.store.chunk_rows())
    by_cite: dict[str, set[int]] = {}
    for docno, c in rows:
        by_cite.setdefault(c.cite_id, set()).add(docno)
    out = []
    searcher = corpus.searcher
    for item in items:
        terms = tuple(searcher.analyzer.query_terms(item["question"], searcher.vocabulary))
        if item.get("expect", "answer") == "abstain":
            gold: frozenset[int] = frozenset()
        elif "gold_ids" in item:
            gold = frozenset(d for g in item["gold_ids"] for d in by_cite.get(g, ()))
        else:
            gold = _gold_docnos(rows, item)
        # rank-bm25's own order, the first stage the product fuses (Searcher._ranking)
        out.append(Asked(item, corpus, searcher.rank(list(terms), depth), terms, searcher.dense(item["question"]),
                         gold))
    return out


def _canonical(searcher: Searcher) -> np.ndarray:
    """Per docno, the first docno with the same text: a repeated text is ranked once, as the Searcher does."""
    first: dict[str, int] = {}
    canon = np.arange(searcher.store.n_docs)
    for docno, c in searcher.store.chunk_rows():
        canon[docno] = first.setdefault(c.text, docno)
    return canon


def coverage_of(asked: Asked, docnos: np.ndarray) -> np.ndarray:
    """The fusion's per-candidate coverage for one question, as the Searcher gives it."""
    return asked.corpus.searcher.coverages(asked.terms, docnos)


def ranking(asked: Asked, method: str, depth: int = 10, **params) -> list[int]:
    """The first `depth` docnos of one method: "bm25", "e5", or a fusion method of benchmarks.fusions."""
    if method == "bm25":
        docnos = [d for d, _ in asked.bm25]
    elif method == "e5":  # the best sentence's cosine alone
        cos = np.where(np.isnan(asked.dense.sentence), -np.inf, asked.dense.sentence)
        k = min(depth * 2, len(cos))
        top = np.argpartition(-cos, k - 1)[:k]
        docnos = [int(d) for d in top[np.argsort(-cos[top], kind="stable")]]
    else:
        if method == "coverage":
            cand = fusion.candidates(asked.bm25, asked.dense, params.get("n", fusion.CANDIDATES))
            params = {"coverage": coverage_of(asked, cand), **params}
        docnos = [f.docno for f in fusions.fuse(asked.bm25, asked.dense, method, **params)]  # type: ignore[arg-type]
    return collapsed(asked, docnos, depth)


def collapsed(asked: Asked, docnos: Iterable[int], depth: int = 10) -> list[int]:
    """The first `depth` of a ranking as Searcher.search shows them: a repeated text once, agenda slides after."""
    canon, seen, out = asked.corpus.canon, set(), []
    for d in docnos:
        c = int(canon[d])
        if c not in seen:
            seen.add(c)
            out.append(int(d))
            if len(out) == depth + 4:
                break
    # as Searcher.search does: agenda slides never outrank the slides they announce (a stable sort)
    return sorted(out, key=lambda d: bool(asked.corpus.secondary[d]))[:depth]


def gold_rank(asked: Asked, docnos: list[int]) -> int | None:
    """1-based rank of the first gold chunk (a chunk with the same text as a gold one counts)."""
    gold = {int(asked.corpus.canon[g]) for g in asked.gold}
    return next((i for i, d in enumerate(docnos, 1) if int(asked.corpus.canon[d]) in gold), None)


def rank_scores(items: list[Asked], method: str, **params) -> dict[str, float]:
    """hit@1, hit@3 and MRR@5 of one method over the answerable questions of a set."""
    ranks = [gold_rank(a, ranking(a, method, **params)) for a in items if a.answerable]
    n = max(len(ranks), 1)
    return {"hit1": sum(r == 1 for r in ranks) / n, "hit3": sum(r is not None and r <= 3 for r in ranks) / n,
            "mrr5": sum(1 / r for r in ranks if r and r <= 5) / n}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, rounds: int = 60,
                 sample_weight: np.ndarray | None = None) -> np.ndarray:
    """Logistic regression by Newton's method (numpy only); returns (bias, *weights)."""
    x = np.column_stack([np.ones(len(x)), x])
    sw = np.ones(len(y)) if sample_weight is None else sample_weight
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (sw * (p - y)) + l2 * w
        hess = (x * (sw * p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_learned(items: list[Asked], n: int = fusion.CANDIDATES) -> tuple[float, ...]:
    """The learned fusion's coefficients: every candidate of every answerable question, gold or not."""
    xs, ys = [], []
    for a in items:
        if not a.answerable:
            continue
        sig = fusion.signals(a.bm25, a.dense, n=n)
        gold = {int(a.corpus.canon[g]) for g in a.gold}
        xs.append(fusions.features(sig))
        ys.append(np.array([int(a.corpus.canon[d]) in gold for d in sig.docnos], dtype=np.float64))
    return tuple(round(float(c), 4) for c in fit_logistic(np.vstack(xs), np.concatenate(ys)))


def _listwise_loss(lists: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray, l2: float) -> float:
    """Mean of -log(the softmax's mass on the gold candidates), plus the L2 penalty."""
    def lse(v: np.ndarray) -> float:
        return float(v.max() + np.log(np.exp(v - v.max()).sum()))
    return sum(lse(x @ w) - lse(x[g] @ w) for x, g in lists) / len(lists) + 0.5 * l2 * float(w @ w)


def _newton_listwise(lists: list[tuple[np.ndarray, np.ndarray]], l2: float, rounds: int) -> np.ndarray:
    """Weights minimising _listwise_loss over (candidates' features, gold mask) lists."""
    w = np.zeros(lists[0][0].shape[1])
    for _ in range(rounds):
        grad, hess = l2 * w, l2 * np.eye(len(w))
        for x, g in lists:
            for part, sign in ((x, 1.0), (x[g], -1.0)):  # log-sum-exp over all candidates minus over the gold
                p = np.exp(part @ w - (part @ w).max())
                p /= p.sum()
                mean = p @ part
                grad += sign * mean / len(lists)
                if sign > 0:
                    hess += ((part * p[:, None]).T @ part - np.outer(mean, mean)) / len(lists)
        step, t, before = np.linalg.solve(hess, grad), 1.0, _listwise_loss(lists, w, l2)
        while _listwise_loss(lists, w - t * step, l2) > before and t > 1e-4:
            t /= 2
        w -= t * step
        if np.abs(t * step).max() < 1e-3:
            break
    return w


def fit_listwise(items: list[Asked], coverage: bool = True, n: int = fusion.CANDIDATES,
                 l2: float = 1e-6, rounds: int = 50, lexical: bool = False, sentence: bool = True) -> fusion.Blend:
    """The "coverage" method's weights: a softmax over each question's candidates, gold ones its target.

    Maximises the probability given to the gold candidates, so the weights are fitted to the
    ranking itself rather than to each candidate alone as fit_learned is. Newton steps with the
    all-candidates part of the Hessian (positive semi-definite; the gold part is usually one
    candidate) and step halving, numpy only. The penalty is tiny: cosine needs a weight of tens.
    Fitted: the whole text's cosine; the best sentence's unless `sentence` is False (then the
    candidates are those of one vector a chunk too); coverage unless `coverage` is False; BM25 /
    best only when `lexical`.
    """
    columns = [lexical, sentence, True, coverage]  # BM25 / best, sentence cosine, whole cosine, coverage
    lists = []
    for a in items:
        dense = a.dense if sentence else fusion.Dense.single(a.dense.whole)
        cand = fusion.candidates(a.bm25, dense, n)
        sig = fusion.signals(a.bm25, dense, cand, coverage_of(a, cand) if coverage else None, n)
        gold = {int(a.corpus.canon[g]) for g in a.gold}
        g = np.array([int(a.corpus.canon[d]) in gold for d in sig.docnos], dtype=bool)
        if a.answerable and g.any():
            best = float(sig.bm25.max())
            x = np.column_stack([sig.bm25 / best if best > 0 else np.zeros_like(sig.bm25), sig.cosine, sig.whole,
                                 sig.coverage])
            lists.append((x[:, columns], g))
    w = _newton_listwise(lists, l2, rounds)
    fitted = iter(w)
    full = [float(next(fitted)) if on else 0.0 for on in columns]
    return tuple(round(c, 2) for c in full)  # type: ignore[return-value]


OFF_TOPIC = ("far off-topic", "near-domain off-topic", "bench questions on the bundled corpus")
ANSWERABLE = ("dev", "dev2", "NorQuAD train", "NorQuAD val", "XQuAD nb", "XQuAD da")


def bench_on_bundled(sets: dict[str, list[Asked]], bundled: Corpus) -> list[Asked]:
    """NorQuAD val and XQuAD questions asked of the bundled corpus: thousands of off-topic ones (as quality.py)."""
    out = []
    for name in ("NorQuAD val", "XQuAD nb", "XQuAD da"):
        items = [a.item for a in sets.get(name, [])]
        bundled.embedder.embed_queries([q["question"] for q in items])
        searcher = bundled.searcher
        for item in items:
            terms = tuple(searcher.analyzer.query_terms(item["question"], searcher.vocabulary))
            out.append(Asked(dict(item, expect="abstain"), bundled, searcher.rank(list(terms), DEPTH), terms,
                             searcher.dense(item["question"]), frozenset()))
    return out


def top_signals(a: Asked, method: str, **params) -> tuple[int | None, float, float, float]:
    """The best chunk of a ranking, its lexical coverage and its two cosines (sentence, whole)."""
    top = ranking(a, method, depth=1, **params)
    if not top:
        return None, 0.0, float("nan"), float("nan")
    if top[0] not in a.coverages:
        a.coverages[top[0]] = a.corpus.searcher.coverage(a.terms, top[0])
    return top[0], a.coverages[top[0]], float(a.dense.sentence[top[0]]), float(a.dense.whole[top[0]])


Line = tuple[tuple[float, ...], float, float]  # (bias, coverage, sentence, whole weights), uncertain_min, answered_min


def level(a: Asked, method: str, line: Line, **params) -> str:
    """The confidence of one question under one ranking by the three-signal line fitted here.

    The product's line has more signals (bot.search.confidence, fitted by benchmarks/calibrate.py
    on questions in people's own words); this one compares the rankings on equal terms. BM25
    alone keeps the product's two lexical levels.
    """
    top, cov, cos, whole = top_signals(a, method, **params)
    if method == "bm25":
        return "not_covered" if top is None or cov < MIN_COVERAGE else "answered"
    if top is None:
        return "not_covered"
    coef, uncertain_min, answered_min = line
    score = evidence_of(a, method, coef, **params)
    return "answered" if score >= answered_min else "uncertain" if score >= uncertain_min else "not_covered"


def measure(sets: dict[str, list[Asked]], method: str, line: Line, **params) -> dict[str, dict[str, float]]:
    """Every set's rank scores and confidence shares under one method."""
    out: dict[str, dict[str, float]] = {}
    for name, items in sets.items():
        levels = [level(a, method, line, **params) for a in items]
        row: dict[str, float] = {"questions": len(items)}
        if name in OFF_TOPIC:
            row["not_covered"] = sum(v == "not_covered" for v in levels) / max(len(items), 1)
            row["hedged_or_not_covered"] = sum(v != "answered" for v in levels) / max(len(items), 1)
        else:
            answerable = [(a, v) for a, v in zip(items, levels, strict=True) if a.answerable]
            row.update(rank_scores(items, method, **params))
            row["false_abstentions"] = sum(v == "not_covered" for _, v in answerable)
            row["uncertain"] = sum(v == "uncertain" for _, v in answerable) / max(len(answerable), 1)
            offtopic = [v for a, v in zip(items, levels, strict=True) if not a.answerable]
            if offtopic:  # the dev sets' own off-topic questions
                row["own_offtopic_not_covered"] = sum(v == "not_covered" for v in offtopic) / len(offtopic)
        out[name] = row
    return out


def fit_confidence(sets: dict[str, list[Asked]], method: str, **params) -> tuple[float, float, float, float]:
    """(bias, coverage, sentence and whole cosine weights) of "answerable", both classes weighted equally.

    Answerable: NorQuAD train on its corpus; off-topic: far, near-domain and the bench questions
    on the bundled corpus. Nothing from dev, dev2, NorQuAD val or XQuAD is answerable here.
    """
    rows, labels = [], []
    positive = "NorQuAD train" if "NorQuAD train" in sets else "dev"  # dev only in --small, a smoke test
    for name, label in [(positive, 1.0), *((n, 0.0) for n in OFF_TOPIC)]:
        for a in sets.get(name, []):
            if label and not a.answerable:
                continue
            _, cov, cos, whole = top_signals(a, method, **params)
            rows.append((cov, cos, whole))
            labels.append(label)
    x, y = np.array(rows), np.array(labels)
    weights = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1)) * len(y)
    return tuple(round(float(c), 3) for c in fit_logistic(x, y, sample_weight=weights))  # type: ignore[return-value]


def evidence_of(a: Asked, method: str, line: tuple[float, ...], /, **params) -> float:
    """The three-signal evidence of a question's best chunk under one ranking (`params` are the ranking's)."""
    _, cov, cos, whole = top_signals(a, method, **params)
    return line[0] + line[1] * cov + line[2] * cos + line[3] * whole


def calibration(sets: dict[str, list[Asked]], method: str, coef: tuple[float, ...],
                **params) -> tuple[list[dict], float, float]:
    """Shares below each evidence threshold, and the two thresholds the rules choose.

    uncertain_min: the lowest that puts every far off-topic question in "not covered" (rounded up
    to 0.5), unless that refuses more than 1 % of NorQuAD train. answered_min: where 5 % of NorQuAD
    train is hedged: half the 10 % budget, as questions in other words (XQuAD's translations) cover less.
    """
    ev = {n: np.array([evidence_of(a, method, coef, **params) for a in items if a.answerable or n in OFF_TOPIC])
          for n, items in sets.items()}
    table = [{"threshold": t, **{n: float((v < t).mean()) for n, v in ev.items() if len(v)}}
             for t in np.arange(-4.0, 4.01, 0.5)]
    far = ev.get("far off-topic", np.zeros(1))
    train = ev.get("NorQuAD train", ev.get("dev", np.zeros(1)))
    uncertain_min = min(np.ceil((far.max() + 1e-9) * 2) / 2, float(np.percentile(train, 1)))
    answered_min = float(np.round(np.percentile(train, 5) * 2) / 2)
    return table, float(uncertain_min), answered_min


def markdown(results: dict[str, dict[str, dict[str, float]]], table: list[dict], chosen: dict) -> str:
    """The comparison and calibration tables."""
    names = [n for n in ANSWERABLE if any(n in r for r in results.values())]
    lines = ["| ranking | " + " | ".join(names) + " | far off-topic | near-domain | bench on bundled |",
             "|---|" + "---|" * (len(names) + 3)]
    for label, per_set in results.items():
        cells = []
        for n in names:
            r = per_set.get(n)
            cells.append("–" if r is None else f"{r['hit1']:.3f} / {r['hit3']:.3f} / {r['mrr5']:.3f} / "
                         f"{int(r['false_abstentions'])} / {r['uncertain']:.2f}")
        for n in OFF_TOPIC:
            r = per_set.get(n)
            cells.append("–" if r is None else f"{r['not_covered']:.2f} / {r['hedged_or_not_covered']:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Cells: hit@1 / hit@3 / MRR@5 / covered questions refused / share hedged (uncertain); "
              "off-topic: share not covered / share uncertain or not covered.", "",
              f"Chosen: {chosen['fusion']}; evidence = {chosen['coef'][0]} + {chosen['coef'][1]} × coverage + "
              f"{chosen['coef'][2]} × sentence cosine + {chosen['coef'][3]} × whole cosine; "
              f"uncertain from {chosen['uncertain_min']}, answered from "
              f"{chosen['answered_min']}.", "",
              "| evidence threshold | " + " | ".join(k for k in table[0] if k != "threshold") + " |",
              "|---|" + "---|" * (len(table[0]) - 1)]
    for row in table:
        lines.append(f"| {row['threshold']:.1f} | " + " | ".join(f"{v:.3f}" for k, v in row.items()
                                                             if k != "threshold") + " |")
    lines.append("\nCells: share of the set's questions whose evidence is below the threshold.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--small", action="store_true", help="the bundled corpus only, a smoke test")
    parser.add_argument("--embed-only", action="store_true", help="fill the vector cache and stop")
    args = parser.parse_args()
    # every fusion is fitted on NorQuAD train, else dev: without both, nothing can be fitted (a ValueError after every
    # set was asked had said so), so the run stops before the model is loaded
    fitted_on = [why for name, corpus, path in SETS if name in ("NorQuAD train", "dev")
                 and not (args.small and corpus != BUNDLED) for why in [absent(path, *(CORPORA[corpus] or ()))]]
    if not args.embed_only and all(fitted_on):
        raise MissingData([f"the sets fitted on: {why}" for why in fitted_on if why])
    embedder = E5Embedder()
    corpora: dict[str, Corpus] = {}
    sets: dict[str, list[Asked]] = {}
    skipped: list[str] = []
    for name, corpus, path in SETS:
        if args.small and corpus != BUNDLED:
            continue
        why = absent(path, *(CORPORA[corpus] or ()))
        if why:
            skipped.append(f"{name}: skipped, {why}")
            print(skipped[-1], file=sys.stderr)
            continue
        if corpus not in corpora:
            corpora[corpus] = load_corpus(corpus, embedder)
        items = load_questions(path)
        if args.embed_only:
            corpora[corpus].embedder.embed_queries([q["question"] for q in items])
            corpora[corpus].embedder.flush()
            continue
        print(f"asking {name} ({len(items)} questions)", file=sys.stderr)
        sets[name] = ask_all(name, corpora[corpus], items, DEPTH)
    if args.embed_only:
        return
    if not sets:
        raise MissingData(skipped)
    if BUNDLED in corpora and not args.small:
        sets["bench questions on the bundled corpus"] = bench_on_bundled(sets, corpora[BUNDLED])
    tune = sets.get("NorQuAD train") or sets.get("dev", [])
    rrf_k = max((1, 3, 10, 30, 60, 100), key=lambda k: rank_scores(tune, "rrf", k=k)["mrr5"])
    learned = fit_learned(tune)
    blend, no_coverage = fit_listwise(tune), fit_listwise(tune, coverage=False, lexical=True)
    with_lexical = fit_listwise(tune, lexical=True)
    print(f"learned fusion coefficients (NorQuAD train): {learned}; RRF k tuned on it: {rrf_k}; "
          f"coverage method's weights fitted on it: {blend} (in use: {fusion.BLEND}), "
          f"with BM25's own score: {with_lexical}, without coverage: {no_coverage}", file=sys.stderr)
    chosen_params = {"n": fusion.CANDIDATES}
    coef = fit_confidence(sets, "coverage", **chosen_params)
    table, uncertain_min, answered_min = calibration(sets, "coverage", coef, **chosen_params)
    print(f"confidence: evidence coefficients {coef}, uncertain from {uncertain_min}, answered from {answered_min} "
          f"(the product's line, with more signals: benchmarks/calibrate.py)", file=sys.stderr)
    lex, sent, whole, cov = fusion.BLEND
    methods: list[tuple[str, str, dict]] = [
        ("BM25 alone (rank-bm25's order)", "bm25", {}), ("e5 alone (best sentence's cosine)", "e5", {}),
        *((f"min-max weighted, BM25 {w}", "weighted", {"weight": w}) for w in (0.3, 0.4, 0.5)),
        *((f"min-max weighted, BM25 0.4, N={n}", "weighted", {"weight": 0.4, "n": n}) for n in (10, 20, 100)),
        *((f"z-score sum, BM25 {w}", "zscore", {"weight": w}) for w in (0.3, 0.4, 0.5)),
        ("RRF k=60", "rrf", {"k": 60}), (f"RRF k={rrf_k} (tuned)", "rrf", {"k": rrf_k}),
        ("learned (logistic, NorQuAD train)", "learned", {"coef": learned}),
        ("whole text's cosine only in the score (sentence weight 0), fitted", "coverage",
         {"blend": fit_listwise(tune, lexical=True, sentence=False)}),
        (f"BM25/best × {no_coverage[0]} + sentence × {no_coverage[1]} + whole × {no_coverage[2]} (no coverage)",
         "coverage", {"blend": no_coverage}),
        (f"BM25/best × {with_lexical[0]} + sentence × {with_lexical[1]} + whole × {with_lexical[2]} + coverage × "
         f"{with_lexical[3]}", "coverage", {"blend": with_lexical}),
        (f"sentence × {sent} + whole × {whole} + coverage × {cov} (chosen)", "coverage", {}),
    ]
    line: Line = (coef, uncertain_min, answered_min)
    results = {label: measure(sets, method, line, **params) for label, method, params in methods}
    chosen = {"fusion": f"{lex} × BM25/best + {sent} × sentence cosine + {whole} × whole cosine + {cov} × coverage, "
              f"N={fusion.CANDIDATES}", "coef": coef, "blend": blend,
              "uncertain_min": uncertain_min, "answered_min": answered_min, "rrf_k": rrf_k, "learned": learned}
    args.out.mkdir(parents=True, exist_ok=True)
    summary = {"results": results, "calibration": table, "chosen": chosen, "skipped": skipped}
    (args.out / "semantic-quality.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    text = markdown(results, table, chosen) + "".join(f"\n{line}\n" for line in skipped)
    (args.out / "semantic-quality.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
