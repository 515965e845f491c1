"""A law §'s ledd as one card (bot.answer.cards.LEDD_TOGETHER) on and off: answer() time and reply length.

Usage: python -m benchmarks.cards [--rounds R] [--out DIR] [--horizon N]

The questions: dev-law, the law's near-domain file and dev3, asked of an index of the bundled corpus with
the law pack and the model (built in a temporary folder). answer() with the product's three passages,
the cards on and off in turn for each question (benchmarks/english_latency.toggled), the question embedded
anew each time; and the characters a reply shows (its passages' quotes), what a phone must scroll.
--horizon N compares the cards as shipped with cards made of the first N hits (cards.HORIZON) instead
of with the cards off.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from benchmarks.answer_latency import pct
from benchmarks.english_latency import REPO, report, table, toggled
from benchmarks.shared import EVAL, at_hand, beneath, left_out

SETS = (EVAL / "dev-law.jsonl", REPO / "benchmarks" / "data" / "near_domain_law.jsonl", EVAL / "dev3.jsonl")


def questions() -> list[str]:
    return [json.loads(line)["question"] for path in at_hand(SETS)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(rounds: int, horizon: int | None = None) -> tuple[dict[str, dict[str, float]],
                                                               dict[str, dict[str, float]]]:
    """answer()'s time percentiles and the characters of its replies, the product's cards against the other
    side: the cards off, or (`horizon`) cards of the first `horizon` hits."""
    from bot.answer import cards, compose
    from bot.config import Settings
    from bot.errors import QuestionError
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.paths import LAW_PACK
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    embedder = question_embedder("auto", Settings().model_threads)
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    qs = questions()

    shipped = cards.HORIZON
    names = {True: f"cards of {shipped} hits" if horizon else "cards on",
             False: f"cards of {horizon} hits" if horizon else "cards off"}

    def switch(on: bool) -> None:
        if horizon:
            cards.HORIZON = shipped if on else horizon
        else:
            cards.LEDD_TOGETHER = on

    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.db"
        build_index(REPO / "corpus", index, embedder=embedder, packs=(LAW_PACK,))
        searcher = Searcher(IndexStore.open(index), embedder=embedder)
        times = toggled(searcher, qs, switch, rounds)
        shown: dict[bool, list[int]] = {True: [], False: []}
        for on in (True, False):
            switch(on)
            for q in qs:
                try:
                    shown[on].append(sum(len(p.quote) for p in compose.answer(q, searcher).passages))
                except QuestionError:
                    pass
        switch(True)
    latency = {names[True]: pct(times[True]), names[False]: pct(times[False])}
    lengths = {names[on]: {"median": statistics.median(v), "p95": sorted(v)[int(0.95 * (len(v) - 1))], "n": len(v)}
               for on, v in shown.items()}
    return latency, lengths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write cards.json and cards.md here")
    parser.add_argument("--horizon", type=int, help="the other side: cards of the first N hits, not cards off")
    args = parser.parse_args()
    latency, lengths = measure(args.rounds, args.horizon)
    rows = [f"| {name} | {v['median']:.0f} | {v['p95']:.0f} | {v['n']} |" for name, v in lengths.items()]
    against = f"{args.horizon} hits" if args.horizon else "off"
    text = table(latency, list(latency)[1], against) + "\n\n| characters shown a reply | median | p95 | n |\n" + \
        "|---|---|---|---|\n" + "\n".join(rows) + beneath(left_out(SETS))
    report(args.out, "cards", {"latency": latency, "lengths": lengths}, text)


if __name__ == "__main__":
    main()
