"""A law the question names, its § first (a patch measured, not taken, 0.4.31): the law sets asked naming their law.

Usage: python -m benchmarks.named_law [--out DIR]

The law sets' answerable questions whose answer is in one law (dev-law, the three blind law sets, near-law: the
`law` field), asked three ways on the shipped index: as written; naming that law first ("Etter kommuneloven: …",
"Efter kommunestyrelsesloven: …", "Under offentleglova: …", by the name people use in the question's language);
and naming another law of the same country (kommuneloven for a forvaltningsloven question and so on: a councillor
who names the wrong law should still find the § that answers). Each way off and at each lowering asked, through
`answer()`, scored as `benchmarks.answers` scores: hit@1, hit@3, right first and said plainly. Nobody chose the
questions for this: they are the sets' own, with the law named in front.

The lever is a patch of this script's, not the product's: a law the question names (a law word or an
abbreviation naming one of the index's laws, bot.search.citations.named, and any about as surely named) has every
§ of another law lowered by the lowering in the fused score, as the other country's law is
(bot.search.retriever.own_country_first), documents untouched. Measured and not taken: benchmarks/README.md,
"A law the question names, preferred".
"""

from __future__ import annotations

import argparse
import re
from dataclasses import replace
from pathlib import Path

from benchmarks.answers import SHIPPED_SETS, ask, embedder, need_sets, questions
from benchmarks.english_latency import report
from benchmarks.semantic import load_corpus
from bot.corpus.lawtext import is_section
from bot.search import retriever
from bot.search.citations import LOV, MIN_START, NAMED, abbreviates, abbreviations, law_words, name_words, named

SETS = ("dev-law (shipped)", "blind law (shipped)", "blind law 2 (shipped)", "blind law 3 (shipped)",
        "near-domain law (shipped)")
# The law field → the name people use, by the question's country (Norwegian and English questions: Norway's names).
NAMES = {"kommuneloven": "kommuneloven", "forvaltningsloven": "forvaltningsloven", "offentleglova": "offentleglova",
         "kommunestyrelsesloven": "kommunestyrelsesloven", "forvaltningsloven-da": "forvaltningsloven",
         "forvaltningsloven-dk": "forvaltningsloven", "offentlighedsloven": "offentlighedsloven"}
# Another law of the same country, for the wrong-law way.
OTHER = {"kommuneloven": "forvaltningsloven", "forvaltningsloven": "kommuneloven", "offentleglova": "kommuneloven",
         "kommunestyrelsesloven": "forvaltningsloven", "forvaltningsloven-da": "kommunestyrelsesloven",
         "forvaltningsloven-dk": "kommunestyrelsesloven", "offentlighedsloven": "kommunestyrelsesloven"}
LEAD = {"nb": "Etter {law}: {q}", "nn": "Etter {law}: {q}", "da": "Efter {law}: {q}", "en": "Under {law}: {q}"}
WAYS = ("as written", "the law named", "another law named")
SPREAD = 0.25  # a law named less surely than the surest by at most this much is named too ("forvaltningsloven": both)
LAWS = {"Kommuneloven": {"lov-2018-06-22-83"}, "Forvaltningsloven": {"lov-1967-02-10", "lta-2014-433"},
        "Offentleglova": {"lov-2006-05-19-16"}, "Lov om kommunernes styrelse": {"lta-2026-13"},
        "Lov om offentlighed i forvaltningen": {"lta-2020-145"}}
_state = {"question": "", "delta": 0.0}


def _whole(name: str, word: str) -> float:
    """1 when the law word is a compound of every word of a name of several, in order ("kommunestyrelsesloven" of
    Lov om kommunernes styrelse, which `named` gives less than Kommuneloven), else 0."""
    words, at = [w[:MIN_START] for w in name_words(name) if len(w) > 2], 0
    stem = re.sub(LOV + "$", "", word)
    for part in words:
        at = stem.find(part, at)
        if at < 0:
            return 0.0
        at += len(part)
    return float(len(words) > 1)


def named_laws(question: str) -> set[str]:
    """The ids of the pack's laws the question names: each law word's or abbreviation's surest, those within SPREAD."""
    out: set[str] = set()
    for word in law_words(question) + abbreviations(question):
        shares = {n: max(named(n, word), float(abbreviates(word, n)), _whole(n, word)) for n in LAWS}
        best = max(shares.values())
        if best >= NAMED:
            out.update(*(LAWS[n] for n, share in shares.items() if share >= max(NAMED, best - SPREAD)))
    return out


def patch() -> None:
    """The lever: the question each search is asked remembered, and the own-country step lowering the §§ of every
    law it does not name by _state["delta"] too."""
    search, own_country_first = retriever.Searcher.search, retriever.own_country_first

    def remembered(self: retriever.Searcher, question: str, k: int = 10) -> retriever.SearchResult:
        _state["question"] = question
        return search(self, question, k)

    def lowered(ranked: list, chunks: dict, country: str | None) -> list:
        ranked = own_country_first(ranked, chunks, country)
        laws = named_laws(_state["question"]) if _state["delta"] else set()
        if not laws:
            return ranked
        out = [replace(f, score=f.score - _state["delta"]) if is_section(chunks[f.docno][0])
               and chunks[f.docno][0].split("/")[0] not in laws else f for f in ranked]
        return sorted(out, key=lambda f: -f.score)

    retriever.Searcher.search = remembered  # type: ignore[method-assign]
    retriever.own_country_first = lowered


def asked(item: dict, way: str) -> dict:
    """The item asked `way`."""
    if way == WAYS[0]:
        return item
    law = (NAMES if way == WAYS[1] else OTHER)[item["law"]]
    return dict(item, question=LEAD.get(item.get("lang", "nb"), LEAD["nb"]).format(law=law, q=item["question"]))


def measure(deltas: tuple[float, ...] = (3.0,)) -> dict[str, dict[str, float]]:
    """Per way, off and at each lowering in `deltas`: the questions, hit@1, hit@3 and right first and plainly."""
    patch()
    by_name = {qs.name: qs for qs in need_sets(SHIPPED_SETS, SETS)}  # before the index is built
    corpus = load_corpus(by_name[SETS[0]].corpus, embedder(None))
    items = [(by_name[name], item) for name in SETS for item in questions(by_name[name])
             if item.get("expect", "answer") != "abstain" and item.get("law") in NAMES]
    out: dict[str, dict[str, float]] = {}
    for way in WAYS:
        for delta in (*deltas, 0.0):
            _state["delta"] = delta
            row = {"n": 0.0, "hit1": 0.0, "hit3": 0.0, "plain": 0.0}
            for qs, item in items:
                outcome = ask(qs, corpus, [asked(item, way)])[0]
                row["n"] += 1
                row["hit1"] += outcome.rank == 1
                row["hit3"] += outcome.rank is not None and outcome.rank <= 3
                row["plain"] += outcome.rank == 1 and outcome.level == "answered"
            out[f"{way}, {delta:g}"] = row
    _state["delta"] = 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write named_law.json and .md here")
    parser.add_argument("--deltas", default="3", help="comma-separated lowerings to measure beside 0 (off)")
    args = parser.parse_args()
    deltas = tuple(float(d) for d in args.deltas.split(","))
    scores = measure(deltas)
    rows = ["| asked | lowering | questions | hit@1 | hit@3 | right first and plainly |", "|---|---|---|---|---|---|"]
    for way in WAYS:
        for delta in (0.0, *deltas):
            r = scores[f"{way}, {delta:g}"]
            label = f"{delta:g}" + ("" if delta else " (off)")
            rows.append(f"| {way} | {label} | {r['n']:.0f} | {r['hit1'] / r['n']:.3f} | {r['hit3'] / r['n']:.3f} | "
                        f"{r['plain'] / r['n']:.3f} |")
    report(args.out, "named_law", scores, "\n".join(rows))


if __name__ == "__main__":
    main()
