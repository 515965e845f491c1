"""Quotes of a long law part: a ledd's rule beside the ledd chosen after it (0.4.32), with and without.

Usage: python -m benchmarks.ledd_rules [--out DIR]

Every part of a law § too long to be quoted whole (more than quote.SECTION_CHARS characters, two ledd or more) on
the index the product ships (seed documents and law pack, benchmarks.answers' index and cached vectors), asked each
question written for it (bot/packs/law/questions.tsv: in askers' words, by helpers who read only that passage),
quoted as `answer()` quotes it (the product's term matcher and the question's sentence cosines), with
quote.LEDD_RULE_BESIDE on and off. Counted: the quotes that change; how many of the part's ledd have their first
sentence, the rule, in the quote; whether the quote holds the sentence the model finds closest to the question
(its highest sentence cosine: what the bundled model reads as the answer, nobody's choice); and the quote's length.
Nobody chose the questions for this: they are the pack's own, asked of their own passage.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from benchmarks import semantic
from benchmarks.english_latency import report
from benchmarks.semantic import SHIPPED, load_corpus
from bot.answer import cards, quote
from bot.answer.quote import SECTION_CHARS, select_quote, semantic_scorer, term_matcher, whole_chars
from bot.corpus.lawtext import is_section
from bot.corpus.questions import QUESTIONS_NAME, read_questions_file
from bot.corpus.records import ChunkRecord
from bot.paths import LAW_PACK
from bot.search.retriever import Hit, Searcher
from bot.semantic.embedder import E5Embedder


def _ledd_openers(text: str) -> list[str]:
    """Each ledd's first sentence (a ledd is a paragraph of the part), as the quote's segments cut it."""
    return [segments[0].text for para in text.split("\n\n")
            if (segments := quote._segments(para.strip()))]


def quoted(searcher: Searcher, docno: int, chunk: ChunkRecord, question: str,
           states: Callable[[str], bool] | None = None) -> tuple[str, dict[str, float]]:
    """A chunk's quote for `question` as `answer()` makes it (the product's term matcher, the question's sentence
    cosines, a law's ledd read from its rule, `states` a figure asked), and those cosines."""
    cosines = searcher.sentence_cosines(question, Hit(docno, chunk, 1.0))
    terms = searcher.analyzer.query_terms(question, searcher.vocabulary)
    matches = term_matcher(searcher.word_terms, terms, question)  # as compose.answer builds it
    # and the sentences' cosines with the chunk's written question nearest this one, as a card reads them
    written = searcher.written_sentence_cosines(question, Hit(docno, chunk, 1.0)) if cards.SENTENCES_ASKED else None
    text = select_quote(chunk.text, matches, whole=whole_chars(chunk.location, chunk.id, chunk.text),
                        sentence_score=semantic_scorer(cosines, written=written), rule_first=is_section(chunk.id),
                        states=states)
    return text, cosines


def quote_main(name: str, doc: str, measure: Callable[[], dict[str, dict[str, float]]],
               table: Callable[[dict[str, dict[str, float]]], str]) -> None:
    """A quote benchmark's command line: measure, print the table, and write NAME.json and .md with --out; the table
    says beneath it when the shipped index's seed documents were the bundled corpus's, corpus-seed being absent (the
    log alone had said so)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--out", type=Path, help=f"write {name}.json and .md here")
    out = parser.parse_args().out
    result = measure()
    stand_in = f"\n{SHIPPED}: {semantic.SEEDS.note}" if semantic.SEEDS.stand_in else ""
    report(out, name, result, table(result) + stand_in)


Asked = list[tuple[int, ChunkRecord, str]]


def written_asked(keep: Callable[[ChunkRecord, str], bool], files: tuple[Path, ...] = (LAW_PACK / QUESTIONS_NAME,)
                  ) -> tuple[Searcher, Asked]:
    """The shipped index's searcher, and each question written for a chunk (in `files`) that `keep(chunk,
    question)` takes, asked of that chunk (docno, chunk, question), the questions embedded once."""
    corpus = load_corpus(SHIPPED, E5Embedder())
    searcher = corpus.searcher
    written: dict[str, tuple[str, ...]] = {}
    for path in files:
        written.update(read_questions_file(path))
    asked = [(docno, c, q) for docno, c in searcher.store.chunk_rows() if c.id in written
             for q in written[c.id] if keep(c, q)]
    corpus.embedder.embed_queries([searcher.embedded(q) for _, _, q in asked])
    corpus.embedder.flush()
    return searcher, asked


def measure() -> dict[str, dict[str, float]]:
    searcher, asked = written_asked(lambda c, _: is_section(c.id) and len(c.text) > SECTION_CHARS
                                    and c.text.count("\n\n") >= 1)

    def switch(on: bool) -> None:
        quote.LEDD_RULE_BESIDE = on

    def counts(chunk: ChunkRecord, text: str, _: dict[str, float]) -> dict[str, float]:
        openers = _ledd_openers(chunk.text)
        return {"ledd": len(openers), "rules": sum(o[:60] in text for o in openers)}

    return off_and_on(searcher, asked, switch, counts)


Counts = Callable[[ChunkRecord, str, dict[str, float]], dict[str, float]]


def off_and_on(searcher: Searcher, asked: Asked, switch: Callable[[bool], None],
               counts: Counts) -> dict[str, dict[str, float]]:
    """Each question of `asked` quoted as `answer()` quotes it (`quoted`) with a lever off, then on (`switch`): for
    each way the questions, the quotes holding the sentence the model finds closest, their characters, and what
    `counts(chunk, quote, sentence cosines)` adds up; and how many quotes changed. The lever is left on."""
    out: dict[str, dict[str, float]] = {}
    quotes: dict[bool, list[str]] = {}
    try:
        for on in (False, True):
            switch(on)
            row: dict[str, float] = {"questions": 0.0, "closest": 0.0, "chars": 0.0}
            shown = []
            for docno, chunk, question in asked:
                text, cosines = quoted(searcher, docno, chunk, question)
                closest = max(cosines, key=lambda s: cosines[s]) if cosines else ""
                row["questions"] += 1
                row["closest"] += bool(closest) and closest[:60] in text
                row["chars"] += len(text)
                for key, value in counts(chunk, text, cosines).items():
                    row[key] = row.get(key, 0.0) + value
                shown.append(text)
            quotes[on] = shown
            out["on" if on else "off"] = row
    finally:
        switch(True)
    out["changed"] = changes(quotes[False], quotes[True], len({c.id for _, c, _ in asked}))
    return out


def changes(before: list[str], after: list[str], chunks: int) -> dict[str, float]:
    """How many of the quotes changed between two ways, and over how many chunks."""
    return {"quotes": float(sum(a != b for a, b in zip(before, after, strict=True))), "chunks": float(chunks)}


def changes_line(r: dict[str, dict[str, float]], after: str, chunks: str) -> str:
    """The line under a quote table: "N of M quotes change (K `chunks`)."."""
    return (f"\n{r['changed']['quotes']:.0f} of {r[after]['questions']:.0f} quotes change "
            f"({r['changed']['chunks']:.0f} {chunks}).")


def quote_table(r: dict[str, dict[str, float]], columns: list[str], ways: list[tuple[str, str]],
                cells: Callable[[dict[str, float]], list[str]], after: str, chunks: str) -> str:
    """A quote benchmark's table: a row a way (its label, questions, `cells`, mean characters), then `changes_line`."""
    rows = ["| quotes | questions | " + " | ".join(columns) + " | mean characters |", "|---" * (len(columns) + 3) + "|"]
    for key, label in ways:
        x = r[key]
        rows.append(f"| {label} | {x['questions']:.0f} | " + " | ".join(cells(x)) +
                    f" | {x['chars'] / x['questions']:.0f} |")
    rows.append(changes_line(r, after, chunks))
    return "\n".join(rows)


def table(r: dict[str, dict[str, float]]) -> str:
    return quote_table(r, ["ledd rules shown", "quote holds the model's closest sentence"],
                       [("off", "0.4.31's (rule beside off)"), ("on", "0.4.32's")],
                       lambda x: [f"{x['rules']:.0f} of {x['ledd']:.0f}", f"{x['closest'] / x['questions']:.3f}"],
                       "on", "long parts")


if __name__ == "__main__":
    quote_main("ledd_rules", __doc__, measure, table)
