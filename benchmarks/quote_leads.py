"""Quotes that show a list's items without the sentence they complete, with and without the lead-in rule.

Usage: python -m benchmarks.quote_leads

Every question of dev, dev2, dev3, dev-law and the law's near-domain file is asked of the index the
product ships (seed documents and law pack, benchmarks.answers' index and cached vectors), top 3.
A shown quote is an orphaned list when it opens on an item ("- …", "• …", "2. …") whose chunk has
an unfinished sentence right before the list (no ".", "!", "?", ":" or ";" at its end: Forvaltningsloven
§ 6's "er ugild … i en forvaltningssak", which each item completes). Counted with the product's
quotes and again with that lead-in rule switched off in the process (`bot.answer.quote._segments`
without `opens_list`), the same passages; the gold-string rate of the shown quotes beside each.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.semantic import SHIPPED, load_corpus  # noqa: E402
from benchmarks.shared import SHARED, need  # noqa: E402
from bot.answer import quote  # noqa: E402
from bot.answer.compose import answer  # noqa: E402
from bot.corpus.chunking import BULLET  # noqa: E402
from bot.evaluate import load_questions, shows_gold  # noqa: E402
from bot.semantic.embedder import E5Embedder  # noqa: E402

SETS = [SHARED / "eval" / f"{name}.jsonl" for name in ("dev", "dev2", "dev3", "dev-law")]
SETS.append(REPO / "benchmarks" / "data" / "near_domain_law.jsonl")
ENDS = (".", "!", "?", ":", ";")


def orphaned(shown: str, chunk: str) -> bool:
    """Whether `shown` opens on a list item that an unfinished sentence of `chunk` leads in."""
    first = shown.lstrip("… ").split("\n", 1)[0]
    if not BULLET.match(first):
        return False
    lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
    at = next((i for i, ln in enumerate(lines) if ln.startswith(first.rstrip(" …")[:40])), None)
    if not at:
        return False
    while at > 0 and BULLET.match(lines[at - 1]):
        at -= 1
    return at > 0 and not lines[at - 1].endswith(ENDS)


def count(searcher, items: list[dict]) -> tuple[int, int, int, int]:
    """(quotes shown, orphaned lists, answerable questions, with a gold string in a top-3 quote)."""
    shown = orphans = answerable = gold = 0
    for item in items:
        reply = answer(item["question"], searcher, top=3)
        texts = {h.chunk_id: h.text for h in searcher.search(item["question"], k=10).hits}
        for p in reply.passages:
            shown += 1
            orphans += orphaned(p.quote, texts.get(p.chunk_id, ""))
        if item.get("expect", "answer") != "abstain" and item.get("gold"):
            answerable += 1
            gold += any(shows_gold(item, p, lambda g: g) for p in reply.passages)
    return shown, orphans, answerable, gold


def main() -> None:
    items = [q for path in need(SETS) for q in load_questions(path)]  # before the index is built, not after
    corpus = load_corpus(SHIPPED, E5Embedder())
    rows = [("lead-in rule on (0.4.10)", count(corpus.searcher, items))]
    segments = quote._segments
    quote._segments = lambda text: [replace(s, opens_list=False) for s in segments(text)]  # type: ignore[assignment]
    rows.append(("lead-in rule off (0.4.9's quotes)", count(corpus.searcher, items)))
    print(f"{len(items)} questions (dev, dev2, dev3, dev-law, near-domain law), shipped index, top 3\n")
    print("| quotes | shown | opening on a list item its lead-in completes | answerable with the gold in a quote |")
    print("|---|---|---|---|")
    for label, (shown, orphans, answerable, gold) in rows:
        print(f"| {label} | {shown} | {orphans} | {gold} of {answerable} |")


if __name__ == "__main__":
    main()
