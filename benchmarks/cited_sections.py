"""A § asked for by its number (bot.search.citations) on and off: is that § the first passage, and at what cost.

Usage: python -m benchmarks.cited_sections [--every N] [--rounds R] [--out DIR]

The questions are made from the law pack itself, so no one chose them: every Nth § of each of its six
laws (default 5), asked in its country's language in four ways: by the law's title ("Hva sier
Kommuneloven § 7-9?"), by a name people call it ("styrelsesloven", "offentlighetsloven"), by the
number and the name after it ("Hva står i § 7-9 i kommuneloven?"), and by the number alone ("Hva sier
§ 7-9?", which several laws may answer: scored against the law it was made from, so a miss there may
be another law's § of the same number). A question is right when answer()'s first passage is that §
(its citation's source id). Asked of an index of the bundled corpus and the law pack with the model (built
in a temporary folder), the lever on and off in turn, with answer()'s time the same way
(benchmarks/english_latency.toggled).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

from benchmarks.answer_latency import pct
from benchmarks.english_latency import REPO, report, table, toggled

# The names people call the pack's laws besides their titles (the question's words, not the product's data).
CALLED = {"lov-2018-06-22-83": "kommunelova", "lov-1967-02-10": "forvaltningslova", "lov-2006-05-19-16":
          "offentlighetsloven", "lta-2026-13": "styrelsesloven", "lta-2014-433": "forvaltningsloven",
          "lta-2020-145": "offentlighedsloven"}
ASKED = {"no": ("Hva sier {name} § {n}?", "Hva står i § {n} i {name}?", "Hva sier § {n}?"),
         "da": ("Hvad siger {name} § {n}?", "Hvad står der i § {n} i {name}?", "Hvad siger § {n}?")}


def questions(every: int) -> list[tuple[str, str, str]]:
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
        for section, (name, n) in list(seen.items())[::every]:
            out += [(by_title.format(name=name, n=n), section, "by its title"),
                    (by_title.format(name=CALLED[law], n=n), section, "by a name people use"),
                    (by_number.format(name=CALLED[law], n=n), section, "the number, then the name"),
                    (alone.format(n=n), section, "the number alone")]
    return out


def right(source_id: str, section: str) -> bool:
    """Whether a citation's source id ("lov-2018-06-22-83/§7-9/1") is of the § asked for ("lov-2018-06-22-83/§7-9")."""
    return source_id == section or source_id.startswith(section + "/")


def measure(every: int, rounds: int) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Per way of asking, on and off: the share whose first passage is the § and the share answered plainly;
    and answer()'s time percentiles on and off."""
    from bot.answer import compose
    from bot.config import Settings
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.paths import LAW_PACK
    from bot.search import retriever
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    embedder = question_embedder("auto", Settings().model_threads)
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    asked = questions(every)

    def switch(on: bool) -> None:
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
                row["first"] += right(first, cited)
                row["plain"] += right(first, cited) and reply.confidence == "answered"
        times = toggled(searcher, [q for q, _, _ in asked], switch, rounds)
    return scores, {"cited § first": pct(times[True]), "off": pct(times[False])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=5, help="every Nth § of each law (default 5)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write cited_sections.json and .md here")
    args = parser.parse_args()
    scores, latency = measure(args.every, args.rounds)
    rows = ["| asked | questions | the § first, off | on | first and plainly, off | on |", "|---|---|---|---|---|---|"]
    for how in dict.fromkeys(k.rsplit(", ", 1)[0] for k in scores):
        on, off = scores[f"{how}, on"], scores[f"{how}, off"]
        rows.append(f"| {how} | {on['n']} | {off['first'] / off['n']:.3f} | {on['first'] / on['n']:.3f} | "
                    f"{off['plain'] / off['n']:.3f} | {on['plain'] / on['n']:.3f} |")
    text = "\n".join(rows) + "\n\n" + table(latency, "off", "off")
    report(args.out, "cited_sections", {"scores": scores, "latency": latency}, text)


if __name__ == "__main__":
    main()
