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

from benchmarks.ledd_rules import off_and_on, quote_main, quote_table, written_asked
from bot.answer import quote
from bot.answer.quote import SLIDE_CHARS
from bot.corpus.chunking import list_lines
from bot.corpus.lawtext import is_section
from bot.corpus.records import ChunkRecord


def measure() -> dict[str, dict[str, float]]:
    searcher, asked = written_asked(lambda c, _: is_section(c.id) and len(c.text) > SLIDE_CHARS
                                    and list_lines(c.text) >= 2)

    def switch(on: bool) -> None:
        quote.LIST_ITEMS = on

    def counts(chunk: ChunkRecord, text: str, cosines: dict[str, float]) -> dict[str, float]:
        items = [s.text for s in quote._segments(chunk.text) if s.item]
        by_item = {s: c for s, c in cosines.items() if any(s[:40] in item for item in items)}
        best_item = max(by_item, key=lambda s: by_item[s]) if by_item else ""
        return {"item": bool(best_item) and best_item[:60] in text, "items": sum(item[:60] in text for item in items)}

    return off_and_on(searcher, asked, switch, counts)


def table(r: dict[str, dict[str, float]]) -> str:
    return quote_table(r, ["holds the model's closest item", "holds its closest sentence", "items shown (mean)"],
                       [("off", "0.4.32's (the items next to the lead-in)"),
                        ("on", "0.4.33's (the items that answer)")],
                       lambda x: [f"{x['item'] / x['questions']:.3f}", f"{x['closest'] / x['questions']:.3f}",
                                  f"{x['items'] / x['questions']:.2f}"], "on", "long lists")

if __name__ == "__main__":
    quote_main("list_items", __doc__, measure, table)
