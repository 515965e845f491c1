"""How many passages an answer shows, and whether the gold one is among them, with and without the relevance stop.

Usage: python -m benchmarks.more_results --index INDEX.db [--lexical] [--write] SET.jsonl ...

The relevance stop (bot.answer.compose) shows a passage after the first only when the confidence
rule would show it were it the best. "before" is the first three hits of the search as they were
shown before the stop (none when the search abstains); "after" is what `answer()` shows now.
Prints one Markdown table row a set: answerable questions, how many had a gold passage among
those shown, the mean passages shown, and the mean shown for the questions the sources do not cover.
--write puts the rows into benchmarks/README.md ("more results", after the rows already there
for the other search mode).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.analysis import default_analyzer
from bot.answer import answer
from bot.evaluate import is_gold
from bot.index.store import IndexStore
from bot.search.retriever import Searcher
from bot.semantic.embedder import load_embedder

TOP = 3


def measure(searcher: Searcher, items: list[dict]) -> dict[str, float]:
    """The counts and means of one set."""
    n = gold_before = gold_after = shown_before = shown_after = 0
    off = off_before = off_after = 0
    for item in items:
        result = searcher.search(item["question"], k=TOP + 1)
        before = [] if result.abstained else list(result.hits[:TOP])
        shown = {p.chunk_id for p in answer(item["question"], searcher, top=TOP).passages}
        after = [h for h in result.hits if h.chunk_id in shown]
        if item.get("expect") == "abstain":
            off, off_before, off_after = off + 1, off_before + len(before), off_after + len(shown)
            continue
        n, shown_before, shown_after = n + 1, shown_before + len(before), shown_after + len(shown)
        gold_before += any(is_gold(item, h) for h in before)
        gold_after += any(is_gold(item, h) for h in after)
    return {"answerable": n, "gold_before": gold_before, "gold_after": gold_after,
            "shown_before": shown_before / max(n, 1), "shown_after": shown_after / max(n, 1),
            "not_covered": off, "off_before": off_before / max(off, 1), "off_after": off_after / max(off, 1)}


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--lexical", action="store_true", help="BM25 alone (the model not loaded)")
    parser.add_argument("--write", action="store_true", help="also write the rows into benchmarks/README.md")
    parser.add_argument("sets", nargs="+", type=Path)
    args = parser.parse_args()
    embedder = None if args.lexical else load_embedder("auto", threads=1)
    searcher = Searcher(IndexStore.open(args.index), default_analyzer(), embedder)
    rows = []
    for path in args.sets:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        m = measure(searcher, items)
        rows.append(f"| {path.stem} | {'BM25' if embedder is None else 'fused'} | {m['answerable']} "
                    f"| {m['gold_before']} | {m['gold_after']} | {m['shown_before']:.2f} | {m['shown_after']:.2f} "
                    f"| {m['off_before']:.2f} ({m['not_covered']}) | {m['off_after']:.2f} |")
    print("\n".join([HEADER, *rows]))
    if args.write:
        _write(rows)


HEADER = ("| set | search | answerable | gold shown, before | after | passages shown, before | after "
          "| not covered: passages before | after |\n|---|---|---:|---:|---:|---:|---:|---:|---:|")


def _write(rows: list[str]) -> None:
    """The rows into benchmarks/README.md, replacing those of the same set and search mode."""
    from benchmarks.report import replace_between_markers

    readme = Path(__file__).resolve().parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    begin, end = "<!-- begin more results -->", "<!-- end more results -->"
    old = text[text.index(begin) + len(begin):text.index(end)].splitlines() if begin in text else []
    keys = {tuple(r.split("|")[1:3]) for r in rows}
    kept = [r for r in old if r.startswith("| ") and not r.startswith("| set ")
            and tuple(r.split("|")[1:3]) not in keys]
    replace_between_markers(readme, "more results", "\n".join([HEADER, *sorted(kept + rows)]))


if __name__ == "__main__":
    main()
