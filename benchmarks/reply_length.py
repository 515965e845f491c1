"""How long a reply is on a phone: the characters of its three cards, with levers of the card and quote off and on,
side by side in one run.

Usage: python -m benchmarks.reply_length [--sets NAME,...] [--row LABEL=LEVER,LEVER ...] [--out DIR]

Every question of the named sets (benchmarks.answers' names; by default dev3 and the law sets on the shipped index,
as the answers benchmark asks them) through `answer()` with the product's three cards, once per row: a row is the
product with the levers it names switched off (`benchmarks.answers --without`'s names), the module constants restored
between rows. Counted over the replies that show passages: the characters of the three cards' quotes (p50, p95,
max), of the first card, and the replies Telegram needs more than one message for (`format_answer`, 4,096
characters a message); and how many questions show the gold first and in the first three (`shows_gold`), so a
shorter reply that loses an answer is seen. With --out, every question's quotes go to reply_length.json too, so the
replies a lever changes can be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from benchmarks.answers import SHIPPED_SETS, embedder, need_sets, questions, shows_gold, without
from benchmarks.english_latency import report
from benchmarks.semantic import Corpus, load_corpus
from bot.answer import cards, compose, quote
from bot.render.telegram_html import format_answer

SETS = ("dev3 (shipped)", "near-domain law (shipped)", "blind law (shipped)", "blind law 2 (shipped)",
        "blind law 3 (shipped)", "blind law 4 (shipped)", "blind law 5 (shipped)", "blind 6 (shipped)",
        "dev-law (shipped)")
TOP = 3  # the cards a first reply shows


def _asked(names: tuple[str, ...], corpus: Corpus) -> list[tuple[object, dict]]:
    chosen = need_sets(SHIPPED_SETS, names)
    asked = [(qs, item) for qs in chosen for item in questions(qs)]
    corpus.embedder.embed_queries([corpus.searcher.embedded(item["question"]) for _, item in asked])
    if corpus.searcher.sparse:
        corpus.embedder.embed_sparse([corpus.searcher.embedded(item["question"]) for _, item in asked],
                                     is_query=True)
    corpus.embedder.flush()
    return asked


def measure(names: tuple[str, ...], rows: list[tuple[str, list[str]]]) -> dict[str, dict]:
    """Each row's figures, and every question's quotes under each row (`detail`)."""
    need_sets(SHIPPED_SETS, names)  # before the index is built
    corpus = load_corpus(SHIPPED_SETS[0].corpus, embedder(None))
    asked = _asked(names, corpus)
    saved = {module: dict(vars(module)) for module in (cards, compose, quote)}
    out: dict[str, dict] = {"rows": {}, "detail": {}}
    for label, levers in rows:
        without(levers)
        totals, firsts, first_gold, three_gold, split = [], [], 0, 0, 0
        for qs, item in asked:
            reply = compose.answer(item["question"], corpus.searcher, top=TOP)
            quotes = [p.quote for p in reply.passages]
            out["detail"].setdefault(item.get("id") or item["question"], {})[label] = {
                "quotes": quotes, "where": [p.citation.location for p in reply.passages]}
            if not quotes:
                continue
            totals.append(float(sum(len(q) for q in quotes)))
            firsts.append(float(len(quotes[0])))
            split += len(format_answer(reply)) > 1
            if item.get("expect", "answer") != "abstain":
                ranks = [p.rank for p in reply.passages if shows_gold(item, p, qs.gold_map)]  # type: ignore[attr-defined]
                first_gold += bool(ranks) and ranks[0] == 1
                three_gold += bool(ranks)
        out["rows"][label] = {"replies": len(totals), "p50": float(np.percentile(totals, 50)),
                              "p95": float(np.percentile(totals, 95)), "max": max(totals),
                              "first p50": float(np.percentile(firsts, 50)),
                              "first p95": float(np.percentile(firsts, 95)),
                              "more than one message": split, "gold first": first_gold,
                              "gold in three": three_gold}
        for module, values in saved.items():  # the next row starts from the product as shipped
            vars(module).update(values)
    return out


def table(result: dict[str, dict]) -> str:
    rows = ["| reply | replies | three cards p50 | p95 | max | first card p50 | p95 | more than one Telegram message |"
            " gold first | gold in the first three |", "|---|---|---|---|---|---|---|---|---|---|"]
    for label, x in result["rows"].items():
        rows.append(f"| {label} | {x['replies']} | {x['p50']:.0f} | {x['p95']:.0f} | {x['max']:.0f} | "
                    f"{x['first p50']:.0f} | {x['first p95']:.0f} | {x['more than one message']} | "
                    f"{x['gold first']} | {x['gold in three']} |")
    labels = list(result["rows"])
    if len(labels) > 1:
        changed = sum(len({str(v[label]["quotes"]) for label in labels}) > 1 for v in result["detail"].values())
        rows.append(f"\n{changed} of {len(result['detail'])} questions' replies differ between the rows.")
    return "\n".join(rows)


def _row(text: str) -> tuple[str, list[str]]:
    label, _, levers = text.partition("=")
    return label, [lever for lever in levers.split(",") if lever]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names (benchmarks.answers')")
    parser.add_argument("--row", action="append", type=_row, default=[],
                        help="LABEL=LEVER,LEVER: the product with those levers off (LABEL= alone: as shipped)")
    parser.add_argument("--out", type=Path, help="write reply_length.json and .md here")
    args = parser.parse_args()
    result = measure(tuple(args.sets.split(",")), args.row or [("as shipped", [])])
    report(args.out, "reply_length", result, table(result))
