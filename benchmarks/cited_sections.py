"""A § asked for by its number (bot.search.citations) on and off: is that § the first passage, and at what cost.

Usage: python -m benchmarks.cited_sections [--every N] [--rounds R] [--out DIR] [--lever cited|laws|ledd|alone]

The questions are made from the law pack itself, so no one chose them: every Nth § of each of its six
laws (default 5), asked in its country's language in four ways: by the law's title ("Hva sier
Kommuneloven § 7-9?"), by a name people call it ("styrelsesloven", "offentlighetsloven"), by the
number and the name after it ("Hva står i § 7-9 i kommuneloven?"), and by the number alone ("Hva sier
§ 7-9?", which several laws may answer: scored against the law it was made from, so a miss there may
be another law's § of the same number). A question is right when answer()'s first passage is that §
(its citation's source id). Asked of an index of the bundled corpus and the law pack with the model (built
in a temporary folder), the lever on and off in turn, with answer()'s time the same way
(benchmarks/english_latency.toggled).

`--lever ledd` (0.4.31) asks instead for a later ledd of every Nth § split into parts ("Hva sier Kommuneloven §
7-9 andre ledd?", "Hvad siger Lov om kommunernes styrelse § 16, stk. 13?"), right when the first card is the
part that holds it alone, and counts the first quote's characters, bot.search.citations.CITED_LEDD on and off.

`--lever laws` (0.4.31) switches the reading of laws by abbreviation and of laws the index lacks instead
(bot.search.citations.ABBREVIATIONS and LAWS_NOT_HELD), and asks two ways more: by the abbreviation
lawyers write ("Hva sier fvl. § 6?", "Hvad siger KSL § 16 c?"), and for the same number in a law the pack
does not have ("Hva sier arbeidsmiljøloven § 7-9?", "pbl. § 7-9"), where a pack § first and said plainly is
wrong: its row counts how often that happens ("another law's § first" and "… plainly"), lower is better.

`--lever alone` (0.4.33) switches bot.answer.compose.CITED_ALONE (a § asked for by its number and nothing else shown
alone) and counts the passages shown after the first: the four ways above ask nothing but the §, so each passage
after it is one that shares only the question's numbers or its law's name, or its tone.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from benchmarks.answer_latency import pct
from benchmarks.english_latency import REPO, report, table, toggled

# The names people call the pack's laws besides their titles (the question's words, not the product's data).
CALLED = {"lov-2018-06-22-83": "kommunelova", "lov-1967-02-10": "forvaltningslova", "lov-2006-05-19-16":
          "offentlighetsloven", "lta-2026-13": "styrelsesloven", "lta-2014-433": "forvaltningsloven",
          "lta-2020-145": "offentlighedsloven"}
ASKED = {"no": ("Hva sier {name} § {n}?", "Hva står i § {n} i {name}?", "Hva sier § {n}?"),
         "da": ("Hvad siger {name} § {n}?", "Hvad står der i § {n} i {name}?", "Hvad siger § {n}?")}
# The abbreviations lawyers and the ministries write (Lovdata's and Retsinformation's short forms).
ABBREVIATED = {"lov-2018-06-22-83": "koml.", "lov-1967-02-10": "fvl.", "lov-2006-05-19-16": "offl.",
               "lta-2026-13": "KSL", "lta-2014-433": "fvl.", "lta-2020-145": "offl."}
# Laws the pack does not have, by the names and abbreviations people use, taken in turn.
ELSEWHERE = {"no": ("arbeidsmiljøloven", "plan- og bygningsloven", "opplæringslova", "valgloven", "pbl.", "aml."),
             "da": ("serviceloven", "planloven", "folkeskoleloven", "dagtilbudsloven", "sundhedsloven")}
NEW_WAYS = ("by its abbreviation", "another law's §")  # asked only with --lever laws
LEDD_WAY = "a ledd of it"  # asked only with --lever ledd: the § and a later ledd ("… § 7-9 andre ledd?", "…, stk. 3?")
ORDINALS = ("første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende", "niende", "tiende")


def ledd_questions(every: int) -> list[tuple[str, str, str]]:
    """(question, the id of the part that holds the ledd asked, LEDD_WAY): for every `every`th § split into parts,
    its last part's first ledd, asked by the law's title."""
    from bot.corpus.lawtext import part_range
    from bot.paths import LAW_PACK

    out = []
    for path in sorted(LAW_PACK.glob("*.jsonl")):
        country = "da" if path.stem.startswith("lta-") else "no"
        last: dict[str, tuple[str, str, int]] = {}  # § id → (name, number, the last part's first ledd), its part's id
        part_of: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            m = re.match(r"(.+?) § (\d+(?:-\d+)?(?: [a-z])?)\b", row["title"])
            span = part_range(row["location"]) if row["location"] else None
            if m and span and span[0] > 1 and span[0] <= len(ORDINALS):
                section = "/".join(row["id"].split("/")[:2])
                last[section] = (m.group(1), m.group(2), span[0])
                part_of[section] = row["id"]
        for section, (name, n, ledd) in list(last.items())[::every]:
            asked = (f"Hva sier {name} § {n} {ORDINALS[ledd - 1]} ledd?" if country == "no"
                     else f"Hvad siger {name} § {n}, stk. {ledd}?")
            out.append((asked, part_of[section], LEDD_WAY))
    return out


def questions(every: int, new_ways: bool = False) -> list[tuple[str, str, str]]:
    """(question, the id of the § it asks for, how it is asked) from every `every`th § of the pack."""
    from bot.paths import LAW_PACK

    out = []
    for path in sorted(LAW_PACK.glob("*.jsonl")):
        law = path.stem
        seen: dict[str, tuple[str, str]] = {}  # the §'s id ("lta-2026-13/§16c") → its name and number as cited
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            m = re.match(r"(.+?) § (\d+(?:-\d+)?(?: [a-z])?)\b", row["title"])
            if m:
                seen.setdefault("/".join(row["id"].split("/")[:2]), (m.group(1), m.group(2)))
        country = "da" if law.startswith("lta-") else "no"
        by_title, by_number, alone = ASKED[country]
        for i, (section, (name, n)) in enumerate(list(seen.items())[::every]):
            out += [(by_title.format(name=name, n=n), section, "by its title"),
                    (by_title.format(name=CALLED[law], n=n), section, "by a name people use"),
                    (by_number.format(name=CALLED[law], n=n), section, "the number, then the name"),
                    (alone.format(n=n), section, "the number alone")]
            if new_ways:
                other = ELSEWHERE[country][i % len(ELSEWHERE[country])]
                out += [(by_title.format(name=ABBREVIATED[law], n=n), section, NEW_WAYS[0]),
                        (by_title.format(name=other, n=n), section, NEW_WAYS[1])]
    return out


def cited_location(part_id: str) -> str:
    """The location of a part of the pack (its record's), by its id."""
    return _locations().get(part_id, "")


@lru_cache(maxsize=1)
def _locations() -> dict[str, str]:
    """Every record of the pack's location by its id, read once."""
    from bot.paths import LAW_PACK

    return {row["id"]: str(row["location"]) for path in sorted(LAW_PACK.glob("*.jsonl"))
            for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def right(source_id: str, section: str) -> bool:
    """Whether a citation's source id ("lov-2018-06-22-83/§7-9/1") is of the § asked for ("lov-2018-06-22-83/§7-9")."""
    return source_id == section or source_id.startswith(section + "/")


def measure(every: int, rounds: int, lever: str = "cited") -> tuple[dict[str, dict[str, float]],
                                                                    dict[str, dict[str, float]]]:
    """Per way of asking, on and off: the share whose first passage is the § and the share answered plainly
    (for "another law's §": whose first passage is the pack's § of that number, and that said plainly);
    and answer()'s time percentiles on and off."""
    from bot.answer import compose
    from bot.config import Settings
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.paths import LAW_PACK
    from bot.search import citations, retriever
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    embedder = question_embedder("auto", Settings().model_threads)
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    asked = ledd_questions(every) if lever == "ledd" else questions(every, new_ways=lever == "laws")

    def switch(on: bool) -> None:
        if lever == "ledd":
            citations.CITED_LEDD = on
        elif lever == "alone":
            compose.CITED_ALONE = on
        elif lever == "laws":
            citations.ABBREVIATIONS = citations.LAWS_NOT_HELD = on
        else:
            retriever.CITED_SECTIONS = on

    scores: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.db"
        build_index(REPO / "corpus", index, embedder=embedder, packs=(LAW_PACK,))
        searcher = Searcher(IndexStore.open(index), embedder=embedder)
        for on in (True, False):
            switch(on)
            for q, cited, how in asked:
                reply = compose.answer(q, searcher)
                first = reply.passages[0].citation.source_id if reply.passages else ""
                row = scores.setdefault(f"{how}, {'on' if on else 'off'}", {"n": 0, "first": 0, "plain": 0})
                row["n"] += 1
                if how == LEDD_WAY:  # the card is the part that holds the ledd asked, alone
                    row["section"] = row.get("section", 0) + right(first, "/".join(cited.split("/")[:2]))
                    first = reply.passages[0].chunk_id if reply.passages else ""
                    row["chars"] = row.get("chars", 0) + (len(reply.passages[0].quote) if reply.passages else 0)
                    if first == cited and reply.passages[0].citation.location != cited_location(cited):
                        first = ""  # the part first, but with other ledd beside it
                row["first"] += right(first, cited)
                row["plain"] += right(first, cited) and reply.confidence == "answered"
                row["after"] = row.get("after", 0) + max(0, len(reply.passages) - 1)
        times = toggled(searcher, [q for q, _, _ in asked], switch, rounds)
    label = {"cited": "cited § first", "laws": "laws read (0.4.31)", "ledd": "cited ledd (0.4.31)",
             "alone": "cited § alone (0.4.33)"}[lever]
    return scores, {label: pct(times[True]), "off": pct(times[False])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=5, help="every Nth § of each law (default 5)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write cited_sections.json and .md here")
    parser.add_argument("--lever", choices=("cited", "laws", "ledd", "alone"), default="cited",
                        help="cited: a cited § first (0.4.16); laws: abbreviations and laws the index lacks; "
                             "ledd: a cited ledd the card (0.4.31); alone: a § asked for alone shown alone (0.4.33)")
    args = parser.parse_args()
    scores, latency = measure(args.every, args.rounds, args.lever)
    rows = ["| asked | questions | the § first, off | on | first and plainly, off | on |", "|---|---|---|---|---|---|"]
    if args.lever == "ledd":
        rows = ["| asked | questions | the ledd's part alone first, off | on | … and plainly, off | on "
                "| first quote, characters, off | on | the § first, off | on |", "|---" * 10 + "|"]
    if args.lever == "alone":
        rows = ["| asked | questions | the § first, off | on | first and plainly, off | on "
                "| passages shown after it (mean), off | on |", "|---" * 8 + "|"]
    for how in dict.fromkeys(k.rsplit(", ", 1)[0] for k in scores):
        on, off = scores[f"{how}, on"], scores[f"{how}, off"]
        if args.lever == "alone":
            rows.append(f"| {how} | {on['n']} | {off['first'] / off['n']:.3f} | {on['first'] / on['n']:.3f} | "
                        f"{off['plain'] / off['n']:.3f} | {on['plain'] / on['n']:.3f} | "
                        f"{off['after'] / off['n']:.2f} | {on['after'] / on['n']:.2f} |")
            continue
        rows.append(f"| {how} | {on['n']} | {off['first'] / off['n']:.3f} | {on['first'] / on['n']:.3f} | "
                    f"{off['plain'] / off['n']:.3f} | {on['plain'] / on['n']:.3f} |"
                    + (f" {off['chars'] / off['n']:.0f} | {on['chars'] / on['n']:.0f} | "
                       f"{off['section'] / off['n']:.3f} | {on['section'] / on['n']:.3f} |" if "chars" in on else ""))
    text = "\n".join(rows) + "\n\n" + table(latency, "off", "off")
    report(args.out, "cited_sections", {"scores": scores, "latency": latency}, text)


if __name__ == "__main__":
    main()
