"""How long the first passage a reply shows is, with a card's other ledd quoted by their sentences past
cards.CARD_CHARS (0.4.34) and whole as before, side by side.

Usage: python -m benchmarks.card_length [--out DIR]

Every question of the shipped index's sets (benchmarks.answers' SHIPPED_SETS: the seed sets, the law's, dev-law; its
index and cached vectors) through `answer()` as the product shows it, CARD_CHARS off (0) and on. Counted: the first
passage's characters (its percentiles and how many run past 1,200 and 1,600, a phone's two screens and more), and the
questions whose first three passages still hold the gold where they held it off (benchmarks.answers' `shows_gold`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from benchmarks.answers import SHIPPED, SHIPPED_SETS, TOP, embedder, need_sets, questions, shows_gold
from benchmarks.english_latency import report
from benchmarks.semantic import load_corpus
from bot.answer import cards, compose


def measure() -> dict[str, dict[str, float]]:
    sets = need_sets(SHIPPED_SETS)  # before the index is built
    corpus = load_corpus(SHIPPED, embedder(None))
    asked = [(qs, item) for qs in sets for item in questions(qs)]
    out: dict[str, dict[str, float]] = {}
    golds: dict[str, list[bool]] = {}
    shipped = cards.CARD_CHARS
    for name, chars in (("off", 0), ("on", shipped)):
        cards.CARD_CHARS = chars
        lengths, gold = [], []
        for qs, item in asked:
            reply = compose.answer(item["question"], corpus.searcher, top=TOP)
            if reply.passages:
                lengths.append(float(len(reply.passages[0].quote)))
            gold.append(item.get("expect", "answer") != "abstain" and
                        any(shows_gold(item, p, qs.gold_map) for p in reply.passages[:3]))
        golds[name] = gold
        p50, p90, p99 = (float(np.percentile(lengths, q)) for q in (50, 90, 99))
        out[name] = {"replies": float(len(lengths)), "p50": p50, "p90": p90, "p99": p99,
                     "max": max(lengths), "over 1200": float(sum(x > 1200 for x in lengths)),
                     "over 1600": float(sum(x > 1600 for x in lengths)), "gold": float(sum(gold))}
    cards.CARD_CHARS = shipped
    out["lost"] = {"gold": float(sum(a and not b for a, b in zip(golds["off"], golds["on"], strict=True)))}
    return out


def table(r: dict[str, dict[str, float]]) -> str:
    rows = ["| first passage | replies | p50 | p90 | p99 | max | over 1,200 | over 1,600 | gold in the first three |",
            "|---|---|---|---|---|---|---|---|---|"]
    for key, label in (("off", "every ledd as it would be alone (0.4.33)"),
                       ("on", f"past {cards.CARD_CHARS} characters the others by their sentences (0.4.34)")):
        x = r[key]
        rows.append(f"| {label} | {x['replies']:.0f} | {x['p50']:.0f} | {x['p90']:.0f} | {x['p99']:.0f} | "
                    f"{x['max']:.0f} | {x['over 1200']:.0f} | {x['over 1600']:.0f} | {x['gold']:.0f} |")
    rows.append(f"\n{r['lost']['gold']:.0f} questions whose first three held the gold lose it.")
    return "\n".join(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write card_length.json and .md here")
    result = measure()
    report(parser.parse_args().out, "card_length", result, table(result))
