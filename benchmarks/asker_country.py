"""What the bot's own country buys an English question naming none (KOMMUNEBOT_COUNTRY, or a country per asker).

Usage: python -m benchmarks.asker_country [--out DIR]

The English questions of the shipped index's sets that a § of one country's law answers and that name no country
("Can I quit the council halfway through the term because I'm moving to another town?") are asked three ways through
`answer()`: with no country set (the shipped default); with the asker's own country set (the country of the law
that answers it, as a Norwegian or Danish user's Telegram or page language, or KOMMUNEBOT_COUNTRY, would tell it);
and with the other country set. Scored as `benchmarks.answers` scores (hit@1, hit@3, right first and said plainly),
with how many of the first three passages of each reply are a § of the other country's law, and how many questions
the setting could reach at all (the rest are told their country by their own Norwegian or Danish words,
`bot.analysis.country.words_country`). Measured in 0.4.42's round to decide whether the bot should read a country
from each asker's language: it should not (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.answers import SHIPPED_SETS, embedder, need_sets, questions
from benchmarks.country_words import names_country, tally
from benchmarks.english_latency import report
from benchmarks.semantic import load_corpus
from bot.analysis import country

WAYS = ("no country set (shipped)", "the asker's own country set", "the other country set")
# The law names the sets write for Denmark's acts; any other law named is Norway's.
_DANISH_LAWS = ("kommunestyrelsesloven", "styrelse", "-da", "(dk)", "offentlighedsloven")


def law_country(law: str) -> str:
    """"da" or "no": the country of a law as the sets name it ("forvaltningsloven-da", "kommuneloven")."""
    return "da" if any(name in law.lower() for name in _DANISH_LAWS) else "no"


def own_country(item: dict) -> str | None:
    """The one country whose law answers `item` (its law and the laws it also accepts); None for none or both."""
    laws = [item.get("law") or ""] + [(also or {}).get("law") or "" for also in item.get("also") or ()]
    found = {law_country(law) for law in laws if law}
    return found.pop() if len(found) == 1 else None


def measure() -> dict[str, dict[str, float]]:
    """Per way: the questions, hit@1, hit@3, right first and plainly, and the other country's §§ in the first three."""
    sets = need_sets(SHIPPED_SETS)  # before the index is built
    corpus = load_corpus(sets[0].corpus, embedder(None))
    items = [(qs, item, own) for qs in sets for item in questions(qs)
             if item.get("lang") == "en" and item.get("expect", "answer") != "abstain"
             and not names_country(item["question"]) and (own := own_country(item)) is not None]
    langs = {c.id: c.lang for _, c in corpus.searcher.store.chunk_rows()}
    searcher, shipped = corpus.searcher, corpus.searcher.country
    out: dict[str, dict[str, float]] = {}
    for way in WAYS:
        row = {"n": 0.0, "reached": 0.0, "hit1": 0.0, "hit3": 0.0, "plain": 0.0, "other": 0.0, "shown": 0.0}
        for qs, item, own in items:
            other = "da" if own == "no" else "no"
            searcher.country = {WAYS[0]: shipped, WAYS[1]: own, WAYS[2]: other}[way]
            row["reached"] += country.country_of(item["question"], "en") is None
            tally(row, qs, corpus, item, own, langs)
        out[way] = row
    searcher.country = shipped
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write asker_country.json and .md here")
    args = parser.parse_args()
    scores = measure()
    rows = ["| asked with | questions | the setting reaches | hit@1 | hit@3 | right first and plainly | "
            "other country's § in the first three |", "|---|---|---|---|---|---|---|"]
    for way in WAYS:
        r = scores[way]
        rows.append(f"| {way} | {r['n']:.0f} | {r['reached']:.0f} | {r['hit1'] / r['n']:.3f} | "
                    f"{r['hit3'] / r['n']:.3f} | {r['plain'] / r['n']:.3f} | {r['other']:.0f} of {r['shown']:.0f} |")
    report(args.out, "asker_country", scores, "\n".join(rows))


if __name__ == "__main__":
    main()
