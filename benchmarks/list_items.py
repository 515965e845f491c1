"""Quotes of a law list too long to show whole: its lead-in with the items that answer best (0.4.33), or with the
items next to it (before), side by side.

Usage: python -m benchmarks.list_items [--out DIR]

Every law chunk holding a list (two items or more) too long to be shown whole (more than quote.SLIDE_CHARS) on the
index the product ships (seed documents and law pack, benchmarks.answers' index and cached vectors), asked each
question written for it (bot/packs/law/questions.tsv: in askers' words, by helpers who read only that passage),
quoted as `answer()` quotes it, with quote.LIST_ITEMS on and off. Counted: the quotes that change; whether the quote
holds the list item the bundled model finds closest to the question (its highest cosine among the items: nobody's
choice), and the sentence it finds closest of all; the items shown; the quote's length.
"""

from __future__ import annotations

from benchmarks.ledd_rules import changes, quote_main, quote_table, quoted, written_asked
from bot.answer import quote
from bot.answer.quote import SLIDE_CHARS
from bot.corpus.chunking import list_lines
from bot.corpus.lawtext import is_section


def measure() -> dict[str, dict[str, float]]:
    searcher, asked = written_asked(lambda c, _: is_section(c.id) and len(c.text) > SLIDE_CHARS
                                    and list_lines(c.text) >= 2)
    lists = {c.id for _, c, _ in asked}
    out: dict[str, dict[str, float]] = {}
    quotes: dict[bool, list[str]] = {}
    for on in (False, True):
        quote.LIST_ITEMS = on
        row = {"questions": 0.0, "item": 0.0, "closest": 0.0, "items": 0.0, "chars": 0.0}
        shown = []
        for docno, chunk, question in asked:
            text, cosines = quoted(searcher, docno, chunk, question)
            items = [s.text for s in quote._segments(chunk.text) if s.item]
            by_item = {s: c for s, c in cosines.items() if any(s[:40] in item for item in items)}
            best_item = max(by_item, key=lambda s: by_item[s]) if by_item else ""
            closest = max(cosines, key=lambda s: cosines[s]) if cosines else ""
            row["questions"] += 1
            row["item"] += bool(best_item) and best_item[:60] in text
            row["closest"] += bool(closest) and closest[:60] in text
            row["items"] += sum(item[:60] in text for item in items)
            row["chars"] += len(text)
            shown.append(text)
        quotes[on] = shown
        out["on" if on else "off"] = row
    quote.LIST_ITEMS = True
    out["changed"] = changes(quotes[False], quotes[True], len(lists))
    return out


def table(r: dict[str, dict[str, float]]) -> str:
    return quote_table(r, ["holds the model's closest item", "holds its closest sentence", "items shown (mean)"],
                       [("off", "0.4.32's (the items next to the lead-in)"),
                        ("on", "0.4.33's (the items that answer)")],
                       lambda x: [f"{x['item'] / x['questions']:.3f}", f"{x['closest'] / x['questions']:.3f}",
                                  f"{x['items'] / x['questions']:.2f}"], "on", "long lists")

if __name__ == "__main__":
    quote_main("list_items", __doc__, measure, table)
