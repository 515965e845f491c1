"""An English question's country told by its words (0.4.32): the sets' English questions asked without the country.

Usage: python -m benchmarks.country_words [--out DIR]

The English questions of the shipped index's sets that name their country ("… here in Norway", "Danish
kommunalbestyrelse: …") are asked three ways through `answer()`: as written; with the country's name taken out;
and taken out with the country told by the question's Norwegian or Danish words switched off
(bot.analysis.country.WORDS_COUNTRY, the way 0.4.31 read them). Taken out, a question is what a councillor who does
not think to name the country asks ("Can I skip the vote on something in the kommunestyre just because …?"). Scored
as `benchmarks.answers` scores: hit@1, hit@3, right first and said plainly; and how many of the first three
passages of its reply are a § of the other country's law. Nobody chose the questions for this: they are the sets'
own, less a few words.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from benchmarks.answers import SHIPPED_SETS, QuestionSet, ask, embedder, need_sets, questions
from benchmarks.english_latency import report
from benchmarks.semantic import Corpus, load_corpus
from bot.analysis import country
from bot.answer.compose import answer
from bot.corpus.lawtext import is_section

# A country's name as an English question writes it, with the words that only carry it ("here in Norway", "Norway:",
# "Danish kommunalbestyrelse" keeps its noun, "(Danish kommunalbestyrelse)" its brackets' noun).
_NAMED = re.compile(r"\b(?:here in |in )?(?:Norway|Denmark)\b\s*[:,]?\s*|\b(?:Norwegian|Danish)\s+", re.IGNORECASE)
WAYS = ("as written", "the country taken out", "taken out, the words not read (0.4.31)")


def unnamed(question: str) -> str:
    """`question` without its country's name, spaces and a leading capital put right."""
    out = re.sub(r"\(\s+", "(", re.sub(r"\s+([?.,;:)])", r"\1", re.sub(r"\s{2,}", " ", _NAMED.sub(" ", question))))
    out = out.strip()
    return out[:1].upper() + out[1:]


def names_country(question: str) -> bool:
    """Whether an English question names Norway or Denmark in any form `country_of` reads."""
    words = {w.lower() for w in country._WORD.findall(question)}
    return bool(words & (country._NAMES["no"] | country._NAMES["da"]))


def tally(row: dict[str, float], qs: QuestionSet, corpus: Corpus, item: dict, own: str | None,
          langs: dict[str, str]) -> None:
    """Count one question asked through `answer()` into `row`: hit@1, hit@3, right first and plainly, and the §§ of
    the other country than `own` among its first three passages (`langs`: each chunk's language)."""
    outcome = ask(qs, corpus, [item])[0]
    row["n"] += 1
    row["hit1"] += outcome.rank == 1
    row["hit3"] += outcome.rank is not None and outcome.rank <= 3
    row["plain"] += outcome.rank == 1 and outcome.level == "answered"
    for passage in answer(item["question"], corpus.searcher).passages[:3]:
        row["shown"] += 1
        section_country = "da" if langs.get(passage.chunk_id) == "da" else "no"
        row["other"] += is_section(passage.chunk_id) and section_country != own


def measure() -> dict[str, dict[str, float]]:
    """Per way: the questions, hit@1, hit@3, right first and plainly, and the other country's §§ in the first three."""
    sets = need_sets(SHIPPED_SETS)  # before the index is built
    corpus = load_corpus(sets[0].corpus, embedder(None))
    items = [(qs, item) for qs in sets for item in questions(qs)
             if item.get("lang") == "en" and item.get("expect", "answer") != "abstain"
             and names_country(item["question"]) and unnamed(item["question"]) != item["question"]]
    langs = {c.id: c.lang for _, c in corpus.searcher.store.chunk_rows()}
    out: dict[str, dict[str, float]] = {}
    for way in WAYS:
        country.WORDS_COUNTRY = way != WAYS[2]
        row = {"n": 0.0, "hit1": 0.0, "hit3": 0.0, "plain": 0.0, "other": 0.0, "shown": 0.0}
        for qs, item in items:
            asked = item if way == WAYS[0] else dict(item, question=unnamed(item["question"]))
            tally(row, qs, corpus, asked, country.country_of(item["question"], "en"), langs)
        out[way] = row
    country.WORDS_COUNTRY = True
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write country_words.json and .md here")
    args = parser.parse_args()
    scores = measure()
    rows = ["| asked | questions | hit@1 | hit@3 | right first and plainly | other country's § in the first three |",
            "|---|---|---|---|---|---|"]
    for way in WAYS:
        r = scores[way]
        rows.append(f"| {way} | {r['n']:.0f} | {r['hit1'] / r['n']:.3f} | {r['hit3'] / r['n']:.3f} | "
                    f"{r['plain'] / r['n']:.3f} | {r['other']:.0f} of {r['shown']:.0f} |")
    report(args.out, "country_words", scores, "\n".join(rows))


if __name__ == "__main__":
    main()
