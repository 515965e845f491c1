"""Quotes of a law list too long to show whole: its lead-in with the items next to it (before 0.4.33), with the items
that answer best (0.4.33), and with its items told apart by meaning (0.4.39), side by side.

Usage: python -m benchmarks.list_items [--out DIR]

Every law chunk holding a list (two items or more) too long to be shown whole (more than quote.SLIDE_CHARS) on the
index the product ships (seed documents and law pack, benchmarks.answers' index and cached vectors), asked each
question written for it (bot/packs/law/questions.tsv: in askers' words, by helpers who read only that passage),
quoted as `answer()` quotes it, with quote.LIST_ITEMS off and on (quote.LIST_MEANING off), then quote.LIST_MEANING
on. Counted: the quotes that change; whether the quote holds the list item the bundled model finds closest to the
question (its highest cosine among the items: nobody's choice), and the sentence it finds closest of all; the items
shown; the quote's length. And, the same three ways, the question sets' questions whose gold string lies in an item of
such a list (those benchmarks.answers asks of the shipped index, each asked of that chunk): whether the quote holds
that item, the asker's own answer.
"""

from __future__ import annotations

from benchmarks.answers import SHIPPED_SETS
from benchmarks.ledd_rules import changes_line, off_and_on, quote_main, quote_table, quoted, written_asked
from benchmarks.shared import at_hand, beneath, left_out
from bot.answer import quote
from bot.answer.quote import SLIDE_CHARS
from bot.corpus.chunking import list_lines
from bot.corpus.lawtext import is_section
from bot.corpus.records import ChunkRecord
from bot.evaluate import load_questions
from bot.search.retriever import Searcher

WAYS = [("off", "0.4.32's (the items next to the lead-in)"),
        ("on", "0.4.33's (the items that answer, by words first)"),
        ("meaning", "0.4.39's (the items told apart by meaning)")]


def _long_list(chunk: ChunkRecord) -> bool:
    return is_section(chunk.id) and len(chunk.text) > SLIDE_CHARS and list_lines(chunk.text) >= 2


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


GOLD_FILES = list(dict.fromkeys(qs.path for qs in SHIPPED_SETS))  # the asker's gold items: the sets at hand


def gold_items(searcher: Searcher) -> list[tuple[int, ChunkRecord, str, str]]:
    """(docno, chunk, question, item) for each answerable question of the sets asked of the shipped index whose
    gold string lies in an item of a long law list: the item that answers, as the asker marked it."""
    chunks = [(docno, c) for docno, c in searcher.store.chunk_rows() if _long_list(c)]
    items = [(docno, c, s.text) for docno, c in chunks for s in quote._segments(c.text) if s.item]
    out, seen = [], set()
    for path in at_hand(GOLD_FILES):
        for q in load_questions(path):
            if q.get("expect", "answer") == "abstain" or not q.get("gold"):
                continue
            golds = [_fold(g) for g in q["gold"]]
            for docno, c, item in items:
                key = (q["question"], c.id)
                if key not in seen and any(g in _fold(item) for g in golds):
                    seen.add(key)
                    out.append((docno, c, q["question"], item))
    return out


def measure() -> dict[str, dict[str, float]]:
    searcher, asked = written_asked(lambda c, _: _long_list(c))
    golds = gold_items(searcher)
    assert searcher.embedder is not None
    searcher.embedder.embed_queries([searcher.embedded(q) for _, _, q, _ in golds])  # once, as the written ones

    def counts(chunk: ChunkRecord, text: str, cosines: dict[str, float]) -> dict[str, float]:
        items = [s.text for s in quote._segments(chunk.text) if s.item]
        by_item = {s: c for s, c in cosines.items() if any(s[:40] in item for item in items)}
        best_item = max(by_item, key=lambda s: by_item[s]) if by_item else ""
        return {"item": bool(best_item) and best_item[:60] in text, "items": sum(item[:60] in text for item in items)}

    def gold_held() -> float:
        return float(sum(item[:60] in quoted(searcher, docno, chunk, question)[0]
                         for docno, chunk, question, item in golds))

    held: dict[str, float] = {}

    def by_words(on: bool) -> None:
        quote.LIST_ITEMS, quote.LIST_MEANING = on, False

    def by_meaning(on: bool) -> None:
        quote.LIST_ITEMS, quote.LIST_MEANING = True, on

    try:
        for way, switch in (("off", by_words), ("on", by_words)):
            switch(way == "on")
            held[way] = gold_held()
        first = off_and_on(searcher, asked, by_words, counts)
        by_meaning(True)
        held["meaning"] = gold_held()
        second = off_and_on(searcher, asked, by_meaning, counts)
    finally:
        by_meaning(True)
    out = {"off": first["off"], "on": first["on"], "meaning": second["on"], "changed": second["changed"],
           "changed by words first": first["changed"]}
    for way in ("off", "on", "meaning"):
        out[way] = dict(out[way], gold_questions=float(len(golds)), gold_held=held[way])
    return out


def table(r: dict[str, dict[str, float]]) -> str:
    rows = quote_table(r, ["holds the model's closest item", "holds its closest sentence", "items shown (mean)",
                           "holds the asker's gold item"], WAYS,
                       lambda x: [f"{x['item'] / x['questions']:.3f}", f"{x['closest'] / x['questions']:.3f}",
                                  f"{x['items'] / x['questions']:.2f}",
                                  f"{x['gold_held']:.0f} of {x['gold_questions']:.0f}"], "meaning", "long lists")
    return rows.replace(changes_line(r, "meaning", "long lists"),
                        f"\n{r['changed']['quotes']:.0f} of {r['meaning']['questions']:.0f} quotes change from "
                        f"0.4.33's to 0.4.39's, {r['changed by words first']['quotes']:.0f} from 0.4.32's to 0.4.33's "
                        f"({r['changed']['chunks']:.0f} long lists).") + beneath(left_out(GOLD_FILES))


if __name__ == "__main__":
    quote_main("list_items", __doc__, measure, table)
