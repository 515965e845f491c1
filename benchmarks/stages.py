"""Where the time of `answer()` goes, stage by stage, over an index: a first pass and a warm pass.

    python -m benchmarks.stages benchmarks/out/indexes/1m-default/kommunebot/kommunebot.db

Each stage's own time (its callees' stages subtracted) is summed per query: analysis of the
question, typo lookup, postings read, scoring, chunk and source rows, quote selection and
highlights, and the rest of `answer()` (de-duplication, abstention, records). Prints the mean
and p95 a query of each stage for both passes, and the cold start (process start to the first
answer). The wrappers add about a microsecond a call.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

STARTED = time.perf_counter()
QUERIES = Path(__file__).resolve().parent / "queries.jsonl"


class StageClock:
    """Exclusive time per stage name, accumulated until `take()`."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._stack: list[float] = []  # time spent in child stages, per open frame
        self._main = threading.get_ident()  # a big index's warming thread is not a question's time

    def wrap(self, owner: object, attr: str, stage: str) -> None:
        """Replace `owner.attr` with a timed version counted under `stage`."""
        fn = getattr(owner, attr)

        def timed(*args, **kwargs):
            if threading.get_ident() != self._main:
                return fn(*args, **kwargs)
            self._stack.append(0.0)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                children = self._stack.pop()
                self.spent[stage] += elapsed - children
                if self._stack:
                    self._stack[-1] += elapsed

        setattr(owner, attr, timed)

    def take(self) -> dict[str, float]:
        """The stages' times since the last call, in ms."""
        out = {k: v * 1000 for k, v in self.spent.items()}
        self.spent.clear()
        return out


STAGES = ("analysis", "typo lookup", "postings", "scoring", "rows", "quote selection", "rest of answer()")


def instrument(clock: StageClock) -> None:
    """Wrap the functions each stage consists of."""
    import bot.analysis.analyzer as analyzer_module
    import bot.answer.cards as cards
    import bot.answer.compose as compose
    from bot.index.store import IndexStore
    from bot.search.lexical import Lexical
    from bot.search.retriever import Searcher

    clock.wrap(compose, "answer", "rest of answer()")
    clock.wrap(analyzer_module.Analyzer, "query_terms", "analysis")
    clock.wrap(analyzer_module, "correct", "typo lookup")  # query_terms calls it by this module's name
    clock.wrap(Lexical, "_load", "postings")  # the BM25 engine's, since search/ was split (lexical.py)
    clock.wrap(Searcher, "rank", "scoring")
    clock.wrap(IndexStore, "chunks", "rows")
    clock.wrap(IndexStore, "sources", "rows")
    clock.wrap(cards, "select_quote", "quote selection")
    for name in ("highlight_spans", "term_matcher"):
        clock.wrap(compose, name, "quote selection")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    args = parser.parse_args()
    if not args.index.is_file():  # the 1m index is made by benchmarks.speed; a mistyped path had been a traceback
        raise SystemExit(f"error: no index at {args.index}; nothing measured (python -m benchmarks.speed 1m "
                         "--analyzer default builds benchmarks/out/indexes/1m-default)")
    from bot.analysis import default_analyzer
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    clock = StageClock()
    instrument(clock)
    import bot.answer.compose as compose

    rows = [json.loads(line) for line in open(args.queries, encoding="utf-8")]
    analyzer = default_analyzer()
    searcher = Searcher(IndexStore.open(args.index, analyzer.version), analyzer)
    compose.answer(rows[0]["text"], searcher)
    print(f"cold start (imports, open, first answer): {time.perf_counter() - STARTED:.2f} s")
    clock.take()
    for label in ("first pass", "warm pass"):
        per_query: list[dict[str, float]] = []
        totals = []
        for row in rows:
            t0 = time.perf_counter()
            compose.answer(row["text"], searcher)
            totals.append((time.perf_counter() - t0) * 1000)
            per_query.append(clock.take())
        print(f"\n{label}: {len(rows)} queries, answer() p50 {np.percentile(totals, 50):.2f} ms, "
              f"p95 {np.percentile(totals, 95):.2f} ms, p99 {np.percentile(totals, 99):.2f} ms")
        kinds = sorted({r["kind"] for r in rows})
        print(f"{'stage':<18} {'mean ms':>8} {'p95 ms':>8} {'share':>6}"
              + "".join(f" {k + ' mean/p95':>20}" for k in kinds))
        grand = sum(totals)
        for stage in [*STAGES, "answer()"]:
            if stage == "answer()":
                ms = np.array(totals)
            else:
                ms = np.array([q.get(stage, 0.0) for q in per_query])
            line = f"{stage:<18} {ms.mean():8.2f} {np.percentile(ms, 95):8.2f} {ms.sum() / grand:6.1%}"
            for k in kinds:
                sel = ms[[r["kind"] == k for r in rows]]
                line += f" {f'{sel.mean():.2f} / {np.percentile(sel, 95):.2f}':>20}"
            print(line)


if __name__ == "__main__":
    main()
