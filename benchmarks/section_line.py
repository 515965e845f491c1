"""A law's § first said plainly only where a line of its own finds it likelier right than wrong: the fit of
`confidence.SECTION_BIAS` and `SECTION_WEIGHTS` (`confidence.doubted`).

Usage: python -m benchmarks.section_line [--readme]

The evidence line tells a question the sources answer from one they do not; whether the § first is the right § it
hardly tells (benchmarks/README.md: at 0.4.18 a § first was right in 27 of 86 plain replies, the line's score no
better than chance among them). The race between §§ tells more: how far the first leads the next § (`margin`), how
much nearer the question a rival's written question is than the first's own (`written_lead`), and how near the
first's own is (`written`). Collected as benchmarks.contested collects them (every question of the shipped index's
sets searched once with the contested hedge off, then the replies it still leaves plain kept: said plainly, a law's §
first with written questions, no § cited by number), the line is fitted by logistic regression on the sets the
contested rule reads and checked on the ones written after (contested.CHECK): each input's AUC, the line's AUC
(five-fold cross-validated on the first), and what the product's cut (P(right) under SECTION_RIGHT_MIN, 0.5: likelier
wrong than right) hedges on each. Right: the ranking's first passage holds the gold, as R@1 counts it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.contested import CHECK, collect  # noqa: E402
from benchmarks.report import table_run  # noqa: E402
from benchmarks.shared import SHARED  # noqa: E402
from bot.search import confidence  # noqa: E402

MARKER = "section line"
FOLDS = 5
L2 = 1.0  # the fit's ridge penalty on the standardised weights (a few hundred replies, three inputs)
NAMES = ("lead over the next §, capped", "a rival's written question nearer by", "its own written question's cosine")


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """(bias, weights) of a logistic line on the raw inputs: fitted standardised (gradient descent, ridge L2), the
    weights then divided back out so the product reads the inputs as they are."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(5000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.1 * (z.T @ (p - y) / len(y) + L2 * w / len(y))
        b -= 0.1 * float((p - y).mean())
    return b - float((w * mu / sd).sum()), w / sd


def probability(x: np.ndarray, bias: float, weights: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    """The chance a right first passage scores above a wrong one (ties half)."""
    pos, neg = scores[right], scores[~right]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                 / (len(pos) * len(neg)))


def cross_validated(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each reply's P(right) from the line fitted on the other folds."""
    order = np.random.default_rng(0).permutation(len(y))
    out = np.zeros(len(y))
    for k in range(FOLDS):
        test = order[k::FOLDS]
        bias, weights = fit(x[np.setdiff1d(order, test)], y[np.setdiff1d(order, test)])
        out[test] = probability(x[test], bias, weights)
    return out


def hedged(p: np.ndarray, right: np.ndarray, cut: float) -> tuple[int, int]:
    """Right and wrong first passages the cut would hedge."""
    below = p < cut
    return int((below & right).sum()), int((below & ~right).sum())


def table(rows: Sequence[dict[str, Any]], product: Callable[[confidence.Evidence], float] | None = None) -> str:
    """The fit, the inputs' and the line's AUC, and the cut's hedges on the sets read and the held-out ones."""
    plain = [r for r in rows if not confidence.contested(r["evidence"])]
    tuned = [r for r in plain if r["set"] not in CHECK]
    held = [r for r in plain if r["set"] in CHECK]
    x, xh = (np.array([confidence.section_inputs(r["evidence"]) for r in part]) for part in (tuned, held))
    y, yh = (np.array([bool(r["right"]) for r in part]) for part in (tuned, held))
    bias, weights = fit(x, y.astype(float))
    cv, ph = cross_validated(x, y.astype(float)), probability(xh, bias, weights)
    cut = confidence.SECTION_RIGHT_MIN or 0.5
    lines = [f"Plain replies with a law's § first, not contested: {len(tuned)} on the sets the line is fitted on "
             f"({int(y.sum())} right), {len(held)} held out ({int(yh.sum())} right). The fit: SECTION_BIAS = "
             f"{bias:.3f}, SECTION_WEIGHTS = ({', '.join(f'{w:.3f}' for w in weights)}); the product's: "
             f"{confidence.SECTION_BIAS:.3f}, ({', '.join(f'{w:.3f}' for w in confidence.SECTION_WEIGHTS)}).", "",
             "| input | AUC, sets fitted on | AUC, held out |", "|---|---|---|"]
    for i, name in enumerate(NAMES):
        sign = 1 if weights[i] >= 0 else -1
        lines.append(f"| {name} | {auc(sign * x[:, i], y):.3f} | {auc(sign * xh[:, i], yh):.3f} |")
    scored = [np.array([confidence.evidence_score(r["evidence"]) for r in part]) for part in (tuned, held)]
    lines.append(f"| the evidence line's score (for comparison) | {auc(scored[0], y):.3f} | {auc(scored[1], yh):.3f} |")
    lines.append(f"| the line (fitted on: five-fold cross-validated) | {auc(cv, y):.3f} | {auc(ph, yh):.3f} |")
    lines += ["", "| P(right) under | hedged, sets fitted on (cross-validated): right / wrong | hedged, held out: "
              "right / wrong |", "|---|---|---|"]
    for c in (0.4, 0.45, cut, 0.55, 0.6):
        mark = " (the product)" if c == cut else ""
        (r1, w1), (r2, w2) = hedged(cv, y, c), hedged(ph, yh, c)
        lines.append(f"| {c}{mark} | {r1} / {w1} | {r2} / {w2} |")
    if product is not None:
        pp = np.array([product(r["evidence"]) for r in held])
        (r2, w2) = hedged(pp, yh, cut)
        lines.append(f"\nThe product's line on the held-out sets: {r2} right and {w2} wrong first passages hedged.")
    return "\n".join(lines)


def main() -> None:
    table_run(__doc__ or "", MARKER, SHARED, lambda: table(collect(), confidence.section_probability))


if __name__ == "__main__":
    main()
