"""Whether a gold passage the search ranks low was among its candidates at all, and by which of the search's channels.

Usage: python -m benchmarks.candidate_pool [--sets NAME,...] [--pool N] [--lang da]

The shipped index's sets (benchmarks.answers' "(shipped)" names, dev-law's too), each answerable question with gold
strings asked of `Searcher.search` (k 20, the ranking `answer()` reads), its first passage holding a gold string
counted first and in the first three. Then, for the questions in `--lang` whose gold is not in the first three, which
channels put a passage holding it among the candidates (`bot.search.fusion.candidates`: BM25's first CANDIDATES, and as
many by the best sentence's cosine raised by the written questions, by the whole text's and by the sparse head's): a
gold passage no channel holds can never be ranked, one they hold is lost in the fusion. `--pool N` asks every set again
with N of each channel (the product's is 50), side by side.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from benchmarks.answers import SHIPPED_SETS, embedder, questions
from benchmarks.semantic import SHIPPED, load_corpus
from bot.evaluate import is_gold
from bot.search import fusion, retriever
from bot.search.retriever import Searcher

K = 20


@contextmanager
def pool(n: int) -> Iterator[None]:
    """The search with `n` candidates of each channel (the defaults bound at definition too), restored after."""
    saved = (retriever.CANDIDATES, fusion.candidates.__defaults__, fusion.signals.__defaults__,
             fusion.ranked.__defaults__, fusion.fuse.__defaults__)
    retriever.CANDIDATES = n
    fusion.candidates.__defaults__ = (n,)
    fusion.signals.__defaults__ = (None, None, n)
    fusion.ranked.__defaults__ = (n, None)
    fusion.fuse.__defaults__ = (None, None, n, None, None)
    try:
        yield
    finally:
        (retriever.CANDIDATES, fusion.candidates.__defaults__, fusion.signals.__defaults__,
         fusion.ranked.__defaults__, fusion.fuse.__defaults__) = saved


def first_gold(searcher: Searcher, item: dict) -> int | None:
    """The place of the first passage holding a gold string among the search's first K (None: none)."""
    hits = searcher.search(item["question"], k=K).hits
    return next((i for i, h in enumerate(hits, 1) if is_gold(item, h)), None)


def channels(searcher: Searcher, item: dict, golds: set[int]) -> list[str]:
    """The channels whose first CANDIDATES hold one of the `golds` docnos."""
    result = searcher.search(item["question"], k=K)
    lexical = {d for d, _ in searcher.rank(list(result.terms), fusion.CANDIDATES)}
    dense = searcher.dense(item["question"])
    held = {"BM25": lexical, "sentence and written": set(fusion._top(dense.found(), fusion.CANDIDATES)),
            "whole text": set(fusion._top(dense.whole, fusion.CANDIDATES))}
    if dense.sparse is not None:
        held["sparse"] = set(fusion._top(dense.sparse, fusion.CANDIDATES))
    return [name for name, docnos in held.items() if golds & docnos]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", help="comma-separated set names (default: every shipped set)")
    parser.add_argument("--pool", type=int, default=100, help="the widened pool of each channel (default 100)")
    parser.add_argument("--lang", default="da", help="the language whose misses are traced by channel (default da)")
    args = parser.parse_args()
    names = args.sets.split(",") if args.sets else None
    chosen = [qs for qs in SHIPPED_SETS if (names is None or qs.name in names) and qs.path.exists()]
    corpus = load_corpus(SHIPPED, embedder())
    searcher = corpus.searcher
    texts = {d: " ".join(c.text.lower().split()) for d, c in searcher.store.chunk_rows()}
    totals = np.zeros(4, dtype=int)
    print(f"| set | answerable | first / first three | pool {args.pool}: first / first three |")
    print("|---|---|---|---|")
    traced: list[str] = []
    for qs in chosen:
        items = [q for q in questions(qs) if q.get("expect", "answer") != "abstain" and q.get("gold")]
        ranks = [first_gold(searcher, q) for q in items]
        with pool(args.pool):
            wide = [first_gold(searcher, q) for q in items]
        row = [sum(r is not None and r <= n for r in rs) for rs in (ranks, wide) for n in (1, 3)]
        totals += row
        print(f"| {qs.name} | {len(items)} | {row[0]} / {row[1]} | {row[2]} / {row[3]} |")
        for item, rank in zip(items, ranks, strict=True):
            if item.get("lang") != args.lang or (rank is not None and rank <= 3):
                continue
            golds = {d for d, text in texts.items() if any(" ".join(g.lower().split()) in text for g in item["gold"])}
            found = channels(searcher, item, golds)
            traced.append(f"- {qs.name} {item['id']}: {rank or f'past {K}'}; "
                          f"{', '.join(found) if found else 'in no channel: never a candidate'}")
    print(f"| all | | {totals[0]} / {totals[1]} | {totals[2]} / {totals[3]} |")
    print(f"\n{len(traced)} questions in {args.lang!r} without their gold in the first three, its place and channels:")
    print("\n".join(traced))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
