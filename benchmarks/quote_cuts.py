"""Quotes as the law reads: how often a shown law quote cuts a sentence at a Danish reference, or keeps a stray space.

Usage: python -m benchmarks.quote_cuts [--readme]

The index's sentence units split a Danish law's text after every "stk." ("den i stk." + "1 angivne måde.") and
after a ledd's number ("Stk." + "2." + "Ved …"). Every question of the shipped index's sets (the off-topic files
left out) is asked through answer() on the shipped index, twice in one run: with the quote's sentences whole
(`bot.answer.quote.WHOLE_SENTENCES`, the product) and with the index's pieces (as before 0.4.27). A shown quote
is cut where a piece ends in "stk." before an ellipsis or a line's end, or a line opens with a bare number before
a word in lower case: what a reader sees as "Stk. …" or "1 angivne måde." ("1. pkt. gælder …" opens a whole
sentence). A third run leaves the space Lovdata's data has where a link ended ("etter § 13 .", "( konkursloven ,")
in the quote too, as 0.4.26 did (`bot.answer.cards.LINK_SPACES_OUT`). hit@1 and hit@3 of the shown quotes are
counted too, since a gold string is judged in the quote.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SHIPPED_SETS, embedder, need_sets, questions  # noqa: E402
from benchmarks.report import table_run  # noqa: E402
from benchmarks.semantic import load_corpus  # noqa: E402
from benchmarks.shared import SHARED  # noqa: E402
from bot.answer import cards, quote  # noqa: E402
from bot.answer.compose import answer  # noqa: E402
from bot.evaluate import shows_gold  # noqa: E402

MARKER = "quote cuts"
LAW_SITES = ("lovdata.no", "retsinformation.dk")
SPACE = re.compile(r"\S[ \t]+[.,;:)](?:[\s.,;:)]|$)|\([ \t]+")
CUT = re.compile(r"(?i)\bstk\.(?=\s*(?:…|\n|$))|(?:^|\n)\s*\d+[a-z]?\.?\s+(?!pkt\.|stk\.)[a-zæøå]")


def measure(whole: bool, tidy: bool, items: list[dict], searcher: Any) -> dict[str, Any]:
    """Law quotes shown (Danish ones among them), those cut, those with a stray space, and hit@1 / hit@3."""
    quote.WHOLE_SENTENCES, cards.LINK_SPACES_OUT = whole, tidy
    shown = cut = spaced = danish = hit1 = hit3 = answerable = 0
    examples: list[str] = []
    for item in items:
        reply = answer(item["question"], searcher, top=10)
        for p in reply.passages[:3]:
            url = p.citation.url or ""
            if not any(site in url for site in LAW_SITES):
                continue
            shown += 1
            danish += "retsinformation.dk" in url
            spaced += bool(SPACE.search(p.quote))
            m = CUT.search(p.quote)
            if m:
                cut += 1
                if len(examples) < 3:
                    examples.append(p.quote[max(0, m.start() - 80):m.end() + 60].replace("\n", " / "))
        if item.get("expect", "answer") != "abstain":
            answerable += 1
            ranks = [p.rank for p in reply.passages if shows_gold(item, p)]
            hit1 += bool(ranks and ranks[0] == 1)
            hit3 += bool(ranks and ranks[0] <= 3)
    return {"shown": shown, "danish": danish, "cut": cut, "spaced": spaced, "hit1": hit1 / max(answerable, 1),
            "hit3": hit3 / max(answerable, 1), "examples": examples}


def main() -> None:
    table_run(__doc__ or "", MARKER, SHARED, measured)


def measured() -> str:
    """The table: every question of the shipped index's sets asked three ways, in one run."""
    sets = need_sets(SHIPPED_SETS)  # before the index is built
    corpus = load_corpus(sets[0].corpus, embedder())
    items = [q for qs in sets if "off-topic" not in qs.name for q in questions(qs)]
    rows = {label: measure(whole, tidy, items, corpus.searcher)
            for label, whole, tidy in (("the index's pieces, spaces kept (0.4.26)", False, False),
                                       ("whole sentences, spaces kept", True, False),
                                       ("whole sentences, spaces out (0.4.27)", True, True))}
    lines = [f"{len(items)} questions of the shipped index's sets (the off-topic files left out), the first three "
             "passages of each reply:", "",
             "| quote | law quotes shown (Danish) | cut inside a sentence | a space before a comma or stop | hit@1 "
             "| hit@3 |", "|---|---|---|---|---|---|"]
    for label, r in rows.items():
        cut, spaced = (100 * r[k] / max(r["shown"], 1) for k in ("cut", "spaced"))
        lines.append(f"| {label} | {r['shown']} ({r['danish']}) | {r['cut']} ({cut:.1f} %) | "
                     f"{r['spaced']} ({spaced:.1f} %) | {r['hit1']:.3f} | {r['hit3']:.3f} |")
    for label, r in rows.items():
        for example in r["examples"]:
            print(f"  {label}: {example}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
