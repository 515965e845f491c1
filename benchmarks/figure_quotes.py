"""Quotes for a question that asks for a figure: the sentence stating one preferred, and an ordinal read as none
(0.4.33), against before, side by side.

Usage: python -m benchmarks.figure_quotes [--out DIR]

Every chunk of the index the product ships (seed documents and law pack, benchmarks.answers' index and cached
vectors) too long to be shown whole, asked each of its written questions (corpus/questions.tsv and
bot/packs/law/questions.tsv: in askers' words, by helpers who read only that passage) that asks for a figure (how
many, how much, how long, by when: bot.analysis.amounts), quoted as `answer()` quotes it, three ways: 0.4.32's (no
preference, an ordinal a figure), the preference alone, and 0.4.33's (both). Counted: the quotes that state a figure
of the kind asked (the product's own test, `amount_missing`, on the quote), the quotes holding the sentence the
bundled model finds closest to the question (nobody's choice), the quotes that change, and their length.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.ledd_rules import changes, quote_main, quote_table, quoted, written_asked
from bot.analysis import amounts
from bot.analysis.amounts import amount_missing
from bot.answer import quote
from bot.answer.quote import whole_chars
from bot.corpus.questions import QUESTIONS_NAME
from bot.paths import LAW_PACK

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the checkout's seed documents' written questions
WAYS = (("before", "0.4.32's (a figure not preferred, an ordinal a figure)", 0.0, False),
        ("preferred", "a figure preferred, an ordinal still a figure", quote.FIGURE_WEIGHT, False),
        ("after", "0.4.33's (a figure preferred, an ordinal none)", quote.FIGURE_WEIGHT, True))


def measure() -> dict[str, dict[str, float]]:
    searcher, asked = written_asked(
        lambda c, q: len(c.text) > max(quote.QUOTE_CHARS, whole_chars(c.location, c.id, c.text))
        and amount_missing(q, ""), (CORPUS / QUESTIONS_NAME, LAW_PACK / QUESTIONS_NAME))
    out: dict[str, dict[str, float]] = {}
    shown: dict[str, list[str]] = {}
    weight, ordinals = quote.FIGURE_WEIGHT, amounts.ORDINALS_NO_FIGURE
    try:
        for key, _, figure_weight, ordinal in WAYS:
            quote.FIGURE_WEIGHT, amounts.ORDINALS_NO_FIGURE = figure_weight, ordinal
            row = {"questions": 0.0, "figure": 0.0, "closest": 0.0, "chars": 0.0}
            texts = []
            for docno, chunk, question in asked:
                text, cosines = quoted(searcher, docno, chunk, question,
                                       states=lambda s, q=question: not amount_missing(q, s))
                amounts.ORDINALS_NO_FIGURE = True  # each way's quote judged by one rule: 0.4.33's
                closest = max(cosines, key=lambda s: cosines[s]) if cosines else ""
                row["questions"] += 1
                row["figure"] += not amount_missing(question, text)
                row["closest"] += bool(closest) and closest[:60] in text
                row["chars"] += len(text)
                amounts.ORDINALS_NO_FIGURE = ordinal
                texts.append(text)
            shown[key] = texts
            out[key] = row
    finally:
        quote.FIGURE_WEIGHT, amounts.ORDINALS_NO_FIGURE = weight, ordinals
    out["changed"] = changes(shown["before"], shown["after"], len({c.id for _, c, _ in asked}))
    return out


def table(r: dict[str, dict[str, float]]) -> str:
    return quote_table(r, ["state a figure of the kind asked", "hold the model's closest sentence"],
                       [(key, label) for key, label, _, _ in WAYS],
                       lambda x: [f"{x['figure']:.0f} ({x['figure'] / x['questions']:.3f})",
                                  f"{x['closest'] / x['questions']:.3f}"],
                       "after", "chunks; the first row against the last")

if __name__ == "__main__":
    quote_main("figure_quotes", __doc__, measure, table)
