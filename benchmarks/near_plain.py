"""Off-topic questions near the domain said plainly past the unasked hedge: what would tell them from right plain
replies, measured and not taken (issue 21: dev-law's DL21, blind 16-18's party-list and nomination questions).

Usage: python -m benchmarks.near_plain

Every question of the sets of benchmarks.answers on both indexes is searched once as the product searches it (every
hedge on); the plain replies kept are those `confidence.unasked` reads (asked in the first passage's language, the first
passage with written questions, no § cited by its number), as benchmarks.unasked_line keeps them, and said plainly past
that hedge. Each reply's signals, beside the evidence line's and the written cosine: how much of the question's
information the first passage's own text holds (without its written questions, which BM25 reads too); how much of the
information of the terms the index holds at all the passage holds (a word no passage has, "kommunestyregruppe", left
out); whether it holds the rarest of those terms; how far BM25 alone ranks it (−log(1 + place)); its lead in written
cosine over the next five passages'; how peaked the index's nearest written questions are (the nearest less the tenth);
its whole text's cosine less its written cosine. Printed: each signal's AUC, right plain replies against off-topic ones,
on the sets the evidence line is fitted on (benchmarks.unasked_line's FIT) and the rest (blind sets and probes, never
fitted on);
where the shipped index's off-topic plain replies stand among FIT's right ones; and two kinds of rule, each set by the
unasked hedge's rule (the highest bar that hedges at most 1 % of FIT's right plain replies on each index): a signal as
a third input of the unasked line (a logistic line on FIT's plain replies, classes weighted alike), and two signals each
under a bar (the pair of bars on a grid of FIT's lowest 30 percentiles that hedges the most FIT off-topic replies).
Last, a generous bound: a line of every signal fitted on every plain reply of the shipped index, the blind sets too, and
how many right plain replies it hedges to reach each question of the issue.
"""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SETS, SHIPPED_SETS, ranked_gold  # noqa: E402
from benchmarks.shared import at_hand  # noqa: E402
from benchmarks.unasked_line import FIT, SHARE, plain_with_written, searched  # noqa: E402
from bot.bm25 import information  # noqa: E402
from bot.corpus.sources import searchable_text  # noqa: E402
from bot.search import confidence  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402

# (name, what it is); each is read "lower: more likely off-topic"
SIGNALS = (
    ("score", "the evidence line's score"),
    ("written", "nearest written question of the first passage (`Evidence.written`)"),
    ("coverage", "coverage (its text and its written questions, as BM25 reads it)"),
    ("own", "coverage by its own text alone"),
    ("held", "coverage of the terms the index holds"),
    ("rarest", "it holds the question's rarest term the index holds"),
    ("grams", "4-gram share of its best sentence"),
    ("sparse", "sparse cosine"),
    ("margin", "lead over the next passage"),
    ("bm25_place", "BM25 alone's place, −log(1 + place)"),
    ("written_ahead", "its written cosine less the best of the next five passages'"),
    ("peak", "the index's nearest written question less its tenth"),
    ("written_text", "its whole text's cosine less its written cosine"),
)
RULE_SIGNALS = ("own", "held", "grams", "sparse", "margin", "bm25_place", "written_ahead", "peak", "written_text",
                "rarest")
# the questions of issue 21 (the probe's P01 is DL21's words again)
ISSUE = ("DL21", "G36", "G49", "H21", "H47", "J21")
PAIR_SIGNALS = ("own", "held", "grams", "sparse", "margin", "score", "coverage", "written")
L2 = 1.0


def _coverage(searcher: Searcher, terms: list[str], words: set[str], held_only: bool = False) -> float:
    """The idf-weighted share of `terms` in `words` (of those the index holds, with `held_only`)."""
    n = searcher.store.n_docs
    total = found = 0.0
    for term in set(terms):
        docs = searcher.postings(term)
        df = 0 if docs is None else len(docs)
        if held_only and not df:
            continue
        info = information(df, n)
        total += info
        found += info * (term in words)
    return found / total if total else 0.0


def _signals(searcher: Searcher, question: str, terms: list[str], hits: list[Any], e: confidence.Evidence
             ) -> dict[str, float]:
    """The reply's signals (SIGNALS)."""
    first = hits[0]
    own = set(searcher.analyzer.terms(searchable_text(first.chunk)))
    indexed = {t for t in set(terms) if (d := searcher.postings(t)) is not None and first.docno in set(d.tolist())}
    held = sorted(((information(len(d), searcher.store.n_docs), t) for t in set(terms)
                   if (d := searcher.postings(t)) is not None and len(d)), reverse=True)
    others = [c for c in (searcher.written_cosine(question, h.docno) for h in hits[1:6]) if c is not None]
    v = searcher._vectors
    every = np.sort(v.asked @ searcher.query_vector(question)) if len(v.asked) else np.zeros(1)
    written = e.written or 0.0
    bm25 = [d for d, _ in searcher.rank(terms, 200)]
    return {"score": confidence.evidence_score(e), "written": written, "coverage": e.coverage,
            "own": _coverage(searcher, terms, own), "held": _coverage(searcher, terms, indexed, held_only=True),
            "rarest": float(bool(held) and held[0][1] in indexed), "grams": e.grams or 0.0, "sparse": e.sparse or 0.0,
            "margin": e.margin,
            "bm25_place": -math.log1p(bm25.index(first.docno) if first.docno in bm25 else len(bm25)),
            "written_ahead": written - max(others) if others else 0.0,
            "peak": float(every[-1] - every[max(0, len(every) - 10)]),
            "written_text": (first.whole_similarity or 0.0) - written}


def collect() -> list[dict[str, Any]]:
    """Each plain reply past the unasked hedge: its set, index, class and signals."""
    rows: list[dict[str, Any]] = []
    asked = [qs for qs in [*SETS, *SHIPPED_SETS] if not qs.name.startswith(("XQuAD", "NorQuAD"))]
    present = at_hand(list(dict.fromkeys(qs.path for qs in asked)))
    for qs, searcher, item, result in searched(qs for qs in asked if qs.path in present):
        e = result.evidence
        if not plain_with_written(result) or e is None:
            continue
        answerable = item.get("expect", "answer") != "abstain"
        rows.append({"set": qs.name, "id": item.get("id", ""), "question": item["question"],
                     "shipped": qs.name.endswith("(shipped)"), "fit": qs.name.removesuffix(" (shipped)") in FIT,
                     "answerable": answerable,
                     "right": answerable and ranked_gold(item, result.hits[0], qs.gold_map),
                     "first": result.hits[0].chunk.cite_id,
                     **_signals(searcher, item["question"], list(result.terms), list(result.hits), e)})
    return rows


def auc(pos: list[float], neg: list[float]) -> float:
    """The chance a right reply's value is above an off-topic one's (ties half)."""
    if not pos or not neg:
        return float("nan")
    p, n = np.array(pos)[:, None], np.array(neg)[None, :]
    return float(((p > n) + 0.5 * (p == n)).mean())


def _parts(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(f"{'FIT' if on_fit else 'the rest'}, {'shipped' if shipped else 'seed'}",
             [r for r in rows if r["fit"] == on_fit and r["shipped"] == shipped])
            for on_fit in (True, False) for shipped in (False, True)]


def _counts(hedged: list[dict[str, Any]]) -> str:
    """off-topic / right first / wrong first, on FIT and the rest, both indexes."""
    cells = []
    for _, part in _parts(hedged):
        cells.append(f"{sum(not r['answerable'] for r in part)} / {sum(r['right'] for r in part)} / "
                     f"{sum(r['answerable'] and not r['right'] for r in part)}")
    return " | ".join(cells)


def line(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> np.ndarray:
    """The weights of a logistic line answerable ~ columns on `rows`, classes weighted alike (no bias returned)."""
    x = np.array([[r[c] for c in columns] for r in rows])
    y = np.array([float(r["answerable"]) for r in rows])
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w, b = np.zeros(len(columns)), 0.0
    for _ in range(6000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= 0.3 * (z.T @ g / len(y) + L2 * w / len(y))
        b -= 0.3 * float(g.mean())
    return np.asarray(w / sd)


def _within_share(hedged: list[dict[str, Any]], fitted: list[dict[str, Any]]) -> bool:
    """Whether `hedged` holds at most SHARE of FIT's right plain replies on each index."""
    return all(sum(r["right"] and r["fit"] and r["shipped"] == s for r in hedged) <=
               SHARE * sum(r["right"] and r["shipped"] == s for r in fitted) for s in (False, True))


def main() -> None:
    all_rows = collect()
    for r in all_rows:
        r["clipped"] = max(r["score"], 0.0)
    rows = [r for r in all_rows if not r["answerable"] or r["right"]]  # right against off-topic; wrong firsts aside
    fitted = [r for r in all_rows if r["fit"]]
    off = [r for r in all_rows if r["shipped"] and not r["answerable"]]
    print(f"{len(all_rows)} plain replies past the unasked hedge; {len(fitted)} on FIT\n")
    heads = [name for name, _ in _parts(rows)]
    print("| signal | " + " | ".join(f"{h} ({sum(r['right'] for r in p)} right, {sum(not r['answerable'] for r in p)}"
                                      " off-topic)" for h, p in _parts(rows)) + " |")
    print("|---|" + "---:|" * len(heads))
    for name, what in SIGNALS:
        cells = [f"{auc([r[name] for r in p if r['right']], [r[name] for r in p if not r['answerable']]):.2f}"
                 for _, p in _parts(rows)]
        print(f"| {what} | " + " | ".join(cells) + " |")
    right = [r for r in fitted if r["right"] and r["shipped"]]
    print("\nThe shipped index's off-topic plain replies: the share of FIT's right plain replies (shipped) below each")
    print("| set | id | first | " + " | ".join(name for name, _ in SIGNALS) + " |")
    print("|---|---|---|" + "---:|" * len(SIGNALS))
    for r in off:
        cells = [f"{np.mean([x[name] < r[name] for x in right]):.2f}" for name, _ in SIGNALS]
        print(f"| {r['set']} | {r['id']} | {r['first']} | " + " | ".join(cells) + " |")
    names = {(r["set"], r["id"]) for r in off}
    print("\nRules set by the unasked bar's rule; hedged off-topic / right first / wrong first on "
          + ", ".join(heads) + "; the shipped index's off-topic replies reached")
    print("| rule | " + " | ".join(heads) + " | reached |")
    print("|---|" + "---|" * (len(heads) + 1))
    for extra in (None, *RULE_SIGNALS):
        columns = ("clipped", "written", *((extra,) if extra else ()))
        w = line(fitted, columns)
        for r in all_rows:
            r["z"] = float(sum(wi * r[c] for wi, c in zip(w, columns, strict=True)))
        bars = sorted({r["z"] for r in all_rows})
        bar = max((b for b in bars if _within_share([r for r in all_rows if r["z"] < b], fitted)), default=bars[0])
        hedged = [r for r in all_rows if r["z"] < bar]
        reached = sorted(r["id"] for r in hedged if (r["set"], r["id"]) in names)
        label = "score + written" + (f" + {extra}" if extra else "")
        print(f"| {label} | {_counts(hedged)} | {', '.join(reached)} |")
    for a, b in itertools.combinations(PAIR_SIGNALS, 2):
        grid_a = np.unique(np.percentile([r[a] for r in fitted], np.arange(0, 31)))
        grid_b = np.unique(np.percentile([r[b] for r in fitted], np.arange(0, 31)))
        best: tuple[tuple[int, int], float, float] | None = None
        for x in grid_a:
            for y in grid_b:
                hedged = [r for r in fitted if r[a] < x and r[b] < y]
                if not _within_share(hedged, fitted):
                    continue
                key = (sum(not r["answerable"] for r in hedged), -sum(r["right"] for r in hedged))
                if best is None or key > best[0]:
                    best = (key, float(x), float(y))
        if best is None or not best[0][0]:
            continue
        _, x, y = best
        hedged = [r for r in all_rows if r[a] < x and r[b] < y]
        reached = sorted(r["id"] for r in hedged if (r["set"], r["id"]) in names)
        print(f"| {a} < {x:.3f} and {b} < {y:.3f} | {_counts(hedged)} | {', '.join(reached)} |")

    shipped = [r for r in all_rows if r["shipped"]]
    columns = ("clipped", *(name for name, _ in SIGNALS if name != "score"))
    w = line([r for r in shipped if r["right"] or not r["answerable"]], columns)
    for r in shipped:
        r["z"] = float(sum(wi * r[c] for wi, c in zip(w, columns, strict=True)))
    # a bound, not a rule: the blind sets are fitted on too
    print("\nA line of every signal fitted on every plain reply of the shipped index, to reach each question")
    print("| question | right plain replies hedged | off-topic hedged |")
    print("|---|---:|---:|")
    for r in sorted((r for r in shipped if r["id"] in ISSUE and r["set"] != "offtopic probe (shipped)"),
                    key=lambda r: r["z"]):
        right_below = sum(x["right"] and x["z"] <= r["z"] for x in shipped)
        print(f"| {r['id']} | {right_below} of {sum(x['right'] for x in shipped)} | "
              f"{sum(not x['answerable'] and x['z'] <= r['z'] for x in shipped)} of "
              f"{sum(not x['answerable'] for x in shipped)} |")


if __name__ == "__main__":
    main()
