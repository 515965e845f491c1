"""A plain reply hedged where the question is far from every question written for its first passage: the fit of
`confidence.UNASKED_SLOPE` and the rule that sets `confidence.UNASKED_WRITTEN` (`confidence.unasked`).

Usage: python -m benchmarks.unasked_line

Every question of the sets of benchmarks.answers on both indexes (the seed documents' and the shipped one) is searched
once with the hedge off; the plain replies kept are those asked in the first passage's language whose first passage has
written questions (bot.corpus.questions), no § cited by its number. A logistic line of two inputs, the evidence line's
score (clipped at 0) and the question's cosine with the nearest question written for the first passage
(`Evidence.written`), is fitted on the plain replies of the sets the evidence line is fitted on (FIT: dev, dev2, dev3,
their English forms, the off-topic files, near-domain law and dev-law), answerable against off-topic, both classes
weighted alike; its slope (how much written cosine a point of score stands for) is the product's. The bar is set by a
rule: the highest, on a grid of 0.005, that hedges at most 1 % of FIT's right plain replies on each index. Each bar's
hedged replies are printed on FIT and on the rest (the blind sets and the probes, never fitted on): off-topic, right
first, wrong first. Right: the ranking's first passage holds the gold, as R@1 counts it. XQuAD and NorQuAD have no
written questions: the hedge never fires there.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SETS, SHIPPED_SETS, QuestionSet, embedder, need_sets, questions, ranked_gold  # noqa: E402
from benchmarks.semantic import load_corpus  # noqa: E402
from bot.search import confidence  # noqa: E402
from bot.search.records import SearchResult  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402

FIT = ("dev", "dev2", "dev3", "dev3 English", "dev3 English 2", "dev2 English", "far off-topic",
       "near-domain off-topic", "far off-topic English", "near-domain off-topic English", "near-domain law", "dev-law")
SHARE = 0.01  # of FIT's right plain replies on each index, hedged at most
BARS = tuple(round(0.80 + 0.005 * i, 3) for i in range(15))
L2 = 1.0  # ridge on the standardised weights (two inputs, a few hundred replies)


def plain_with_written(result: SearchResult) -> bool:
    """A plain reply the unasked hedge can read: no § cited by number, asked in its first passage's language, and its
    first passage has written questions (`Evidence.written`) and a cosine."""
    e = result.evidence
    return result.confidence == "answered" and not result.cited and e is not None and e.written is not None and \
        not e.other_language and e.cosine is not None and not math.isnan(e.cosine)


def searched(asked: Iterable[QuestionSet]) -> Iterator[tuple[QuestionSet, Searcher, dict[str, Any], SearchResult]]:
    """Each question of the sets searched once (10 passages) on its set's index, each index loaded once."""
    e5 = embedder()
    corpora: dict[str, Any] = {}
    for qs in asked:
        if qs.corpus not in corpora:
            corpora[qs.corpus] = load_corpus(qs.corpus, e5)
        searcher = corpora[qs.corpus].searcher
        for item in questions(qs):
            yield qs, searcher, item, searcher.search(item["question"], 10)


def collect() -> list[dict[str, Any]]:
    """Each plain reply's set, index, class, and its two inputs, with the hedge off."""
    bar = confidence.UNASKED_WRITTEN
    confidence.UNASKED_WRITTEN = 0.0
    rows: list[dict[str, Any]] = []
    # a fit: on fewer sets it would set the bar on other data, so a set absent stops it, never left out
    asked = need_sets(qs for qs in [*SETS, *SHIPPED_SETS] if not qs.name.startswith(("XQuAD", "NorQuAD")))
    for qs, _searcher, item, result in searched(asked):
        e = result.evidence
        if not plain_with_written(result) or e is None or e.written is None:
            continue
        answerable = item.get("expect", "answer") != "abstain"
        rows.append({"set": qs.name, "shipped": qs.name.endswith("(shipped)"),
                     "fit": qs.name.removesuffix(" (shipped)") in FIT, "answerable": answerable,
                     "right": answerable and ranked_gold(item, result.hits[0], qs.gold_map),
                     "score": max(confidence.evidence_score(e), 0.0), "written": e.written})
    confidence.UNASKED_WRITTEN = bar
    return rows


def fit(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """(bias, weights) of the logistic line answerable ~ score + written on `rows`, classes weighted alike."""
    x = np.array([[r["score"], r["written"]] for r in rows])
    y = np.array([float(r["answerable"]) for r in rows])
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w, b = np.zeros(2), 0.0
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= 0.1 * (z.T @ g / len(y) + L2 * w / len(y))
        b -= 0.1 * float(g.mean())
    raw = w / sd
    return float(raw[0]), float(raw[1])


def hedged(rows: list[dict[str, Any]], bar: float, slope: float) -> list[dict[str, Any]]:
    return [r for r in rows if r["written"] < bar - slope * r["score"]]


def main() -> None:
    rows = collect()
    fitted = [r for r in rows if r["fit"]]
    score_weight, written_weight = fit(fitted)
    slope = score_weight / written_weight
    print(f"{len(rows)} plain replies ({len(fitted)} on the sets fitted on, "
          f"{sum(not r['answerable'] for r in fitted)} of them off-topic); weights: score {score_weight:.3f}, "
          f"written {written_weight:.3f}; slope {slope:.4f} (the product's {confidence.UNASKED_SLOPE})")

    def right_share(bar: float, shipped: bool) -> float:
        right = [r for r in fitted if r["right"] and r["shipped"] == shipped]
        return len(hedged(right, bar, slope)) / max(1, len(right))

    chosen = max((b for b in BARS if all(right_share(b, s) <= SHARE for s in (False, True))), default=None)
    print(f"the rule's bar: {chosen} (the product's {confidence.UNASKED_WRITTEN})\n")
    print("| bar | index | fitted on: off-topic / right / wrong hedged | the rest: off-topic / right / wrong hedged |")
    print("|---|---|---|---|")
    for bar in BARS:
        for shipped in (False, True):
            cells = []
            for on_fit in (True, False):
                part = [r for r in hedged(rows, bar, slope) if r["fit"] == on_fit and r["shipped"] == shipped]
                cells.append(f"{sum(not r['answerable'] for r in part)} / {sum(r['right'] for r in part)} / "
                             f"{sum(r['answerable'] and not r['right'] for r in part)}")
            print(f"| {bar} | {'shipped' if shipped else 'seed'} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
