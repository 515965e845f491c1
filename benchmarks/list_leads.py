"""Quotes of a law chunk that holds a list: a ledd read as the block after a blank line, a list's lead-in never
without an item nor its ledd's rule, an item read from its start (0.4.34), or as before, side by side.

Usage: python -m benchmarks.list_leads [--out DIR]

Every law chunk holding a list (a lead-in ending in ":" or an unfinished sentence, then items) too long to be shown
whole, on the index the product ships (seed documents and law pack, benchmarks.answers' index and cached vectors),
asked each question written for it (bot/packs/law/questions.tsv: in askers' words, by helpers who read only that
passage), quoted as `answer()` quotes it with quote.LEDD_BLOCKS, LEAD_ITEM and LEAD_RULE all off, then all on. Counted:
the quotes that change; the quotes that show a list's lead-in with none of its items (a lead-in alone says the
opposite of a rule such as "Unntaka … gjeld ikkje:"); the quotes that show a sentence after a list without the lead-in
of the ledd it goes on (the rule it qualifies); the quotes that show a list's lead-in without its ledd's first sentence
where that is another; whether the quote holds the sentence the bundled model finds closest to the question (nobody's
choice); the quote's length.
"""

from __future__ import annotations

from benchmarks.ledd_rules import off_and_on, quote_main, quote_table, written_asked
from bot.answer import quote
from bot.corpus.lawtext import is_section
from bot.corpus.records import ChunkRecord


def _lists(chunk: ChunkRecord) -> list[tuple[str, list[str], list[str], str]]:
    """Each list of a chunk: its lead-in, its items' texts, the sentences after it in the same ledd, and the ledd's
    first sentence where the lead-in is not it ("" where it is)."""
    out = []
    for ledd in chunk.text.split("\n\n"):
        segments = quote._segments(ledd.strip())
        for i, segment in enumerate(segments):
            if not (segment.lead_in or segment.opens_list) or i + 1 >= len(segments) or not segments[i + 1].item:
                continue
            end = next((j for j in range(i + 1, len(segments)) if not segments[j].item), len(segments))
            out.append((segment.text, [s.text for s in segments[i + 1:end]], [s.text for s in segments[end:]],
                        segments[0].text if i else ""))
    return out


def _keep(chunk: ChunkRecord, _: str) -> bool:
    return is_section(chunk.id) and len(chunk.text) > quote.whole_chars(chunk.location, chunk.id, chunk.text) \
        and bool(_lists(chunk))


def measure() -> dict[str, dict[str, float]]:
    searcher, asked = written_asked(_keep)

    def switch(on: bool) -> None:
        quote.LEDD_BLOCKS = quote.LEAD_ITEM = quote.LEAD_RULE = on

    def counts(chunk: ChunkRecord, text: str, _: dict[str, float]) -> dict[str, float]:
        lists = _lists(chunk)
        return {"alone": any(lead in text and not any(item[-30:] in text for item in items)
                             for lead, items, _, _ in lists),
                "ruleless": any(lead not in text and any(after[:60] in text for after in rest)
                                for lead, _, rest, _ in lists),
                "leadless": any(rule and lead in text and rule[:60] not in text for lead, _, _, rule in lists)}

    return off_and_on(searcher, asked, switch, counts)


def table(r: dict[str, dict[str, float]]) -> str:
    return quote_table(r, ["a lead-in without an item", "a sentence after a list without its ledd's lead-in",
                           "a lead-in without its ledd's rule", "holds the model's closest sentence"],
                       [("off", "0.4.33's (a ledd a line, a lead-in alone)"), ("on", "0.4.34's")],
                       lambda x: [f"{x['alone']:.0f}", f"{x['ruleless']:.0f}", f"{x['leadless']:.0f}",
                                  f"{x['closest'] / x['questions']:.3f}"],
                       "on", "law chunks with a list")


if __name__ == "__main__":
    quote_main("list_leads", __doc__, measure, table)
