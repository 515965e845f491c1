"""Follow-ups answered with and without the reply's own words first: hit@1, hit@3 and the earlier answer repeated.

Usage: python -m benchmarks.followups [--index INDEX.db] [--without "follow-up hedged"] [SET.jsonl]
(SET: benchmarks/data/followups.jsonl by default)

Each item is a conversation's two turns, `earlier` and `reply`, with the gold strings the answer to the reply shows (the
law text's, as the other sets' gold). The earlier question is answered first, as the bot answers it; the reply is read
as the bot reads a reply to that answer (`followup.read_reply`: a follow-up, or alone) and answered as searched, once
in the search's order ("search") and once with the passages on the reply's own words first ("focus", `focus.focused`;
hedged where none covers them, `compose.FOLLOW_UP_HEDGED`, off with --without "follow-up hedged").
"first again" counts the follow-ups whose first card is the earlier answer's first and shows no gold; "cards again" the
cards of the earlier answer (the same § or document) shown again without gold, among the first three.
Prints a Markdown table and each item whose first three changed.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from bot.answer import answer
from bot.answer.followup import read_reply
from bot.answer.model import Answer
from bot.config import Settings
from bot.evaluate import shows_gold

DEFAULT = Path(__file__).resolve().parent / "data" / "followups.jsonl"
TOP = 3


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="the index (default: the configured one)")
    parser.add_argument("--without", action="append", default=[], choices=["follow-up hedged"])
    parser.add_argument("set", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if "follow-up hedged" in args.without:  # a follow-up no passage of which covers its own words said plainly
        import bot.answer.compose as compose

        compose.FOLLOW_UP_HEDGED = False
    from bot.answer.engine import open_engine

    settings = Settings.from_env()
    engine = open_engine(replace(settings, index_path=args.index) if args.index else settings)
    searcher = engine.searcher()
    words = searcher.function_words()
    items = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = {way: {"hit@1": 0, "hit@3": 0, "repeated": 0, "again": 0, "plain right": 0, "plain wrong": 0}
              for way in ("search", "focus")}
    followed = 0
    changed: list[str] = []
    for item in items:
        first = answer(item["earlier"], searcher, top=TOP)
        earlier = first.question if first.answered and first.passages else None
        reading = read_reply(item["reply"], earlier, words)
        followed += reading.earlier is not None
        shown: dict[str, Answer] = {
            "search": answer(reading.question, searcher, top=TOP),
            "focus": answer(reading.question, searcher, top=TOP, focus=reading.focus)}
        for way, reply in shown.items():
            golds = [shows_gold(item, p) for p in reply.passages[:TOP]]
            counts[way]["hit@1"] += bool(golds[:1] and golds[0])
            counts[way]["hit@3"] += any(golds)
            if reply.confidence == "answered":  # said plainly, "Dette sier kildene:"
                counts[way]["plain right" if golds[:1] and golds[0] else "plain wrong"] += 1
            counts[way]["repeated"] += bool(reply.passages and first.passages and not golds[0]
                                            and reply.passages[0].chunk_id == first.passages[0].chunk_id)
            before = {p.citation.source_id for p in first.passages}
            counts[way]["again"] += sum(p.citation.source_id in before and not g
                                        for p, g in zip(reply.passages, golds, strict=False))
        names = {way: [f"{p.citation.title} {p.citation.location}".strip() + (" (gold)" if shows_gold(item, p) else "")
                       for p in reply.passages] for way, reply in shown.items()}
        if names["search"] != names["focus"]:
            changed.append(f"- {item['id']} «{item['earlier']}» → «{item['reply']}»: {'; '.join(names['search'])} "
                           f"→ {'; '.join(names['focus'])}")
    print(f"{len(items)} conversations, {followed} replies read as follow-ups\n")
    print("| order | hit@1 | hit@3 | earlier answer's first card first again | earlier answer's cards again (no gold) "
          "| said plainly: gold first | said plainly: no gold first |\n|---|---:|---:|---:|---:|---:|---:|")
    for way, c in counts.items():
        print(f"| {way} | {c['hit@1']}/{len(items)} | {c['hit@3']}/{len(items)} | {c['repeated']} | {c['again']} "
              f"| {c['plain right']} | {c['plain wrong']} |")
    print("\nChanged:\n" + ("\n".join(changed) if changed else "(none)"))


if __name__ == "__main__":
    main()
