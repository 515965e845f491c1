"""answer() on plain-English questions with 0.4.15's English stages on and off, side by side.

Usage: python -m benchmarks.english_latency [--rounds R] [--index PATH] [--out DIR] [--stage english|country|searched]

The questions: the plain-English sets in benchmarks/data (dev3 English, dev3 English 2, dev2 English
and the two off-topic files in English), the ones that go through the glossary, the spelling stage, the
glossary's stems and the dictionary (`bot/analysis/spelling.py`, `bot/analysis/dictionary.py`). One
searcher on the bundled corpus's index with the model (built in a temporary folder, law pack included,
when --index is not given), every question answered once to warm up (the tables load on first use),
then R rounds; in each round every question is answered with the stages on and off in turn
(`Analyzer.english_spelling`, `.glossary_stems`, `.english_dictionary`), so a change of load falls on
both alike. The question is embedded anew each time, as in benchmarks/answer_latency.py. Reported as
percentiles and as the ratio on/off. `--stage country` toggles 0.4.46's country read from the index's own §s
(`bot.search.index_country.INDEX_WORDS_COUNTRY`) instead, on the same questions: the cost it adds to every English
question that names no country and borrows no word the word lists know. `--stage searched` toggles 0.4.47's
English readings (`bot.search.retriever.SEARCHED_COUNTRY_READS`, `bot.analysis.switches.ENGLISH_PHRASAL`).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.answer_latency import pct, timed_answer

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data"
FILES = ("dev3_en.jsonl", "dev3_en2.jsonl", "dev2_en.jsonl", "far_offtopic_en.jsonl", "near_domain_offtopic_en.jsonl")


def questions() -> list[str]:
    return [json.loads(line)["question"] for name in FILES
            for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(index: Path | None, rounds: int, stage: str = "english") -> dict[str, dict[str, float]]:
    from bot.config import Settings
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    embedder = question_embedder("auto", Settings().model_threads)  # as open_engine() loads it
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    with tempfile.TemporaryDirectory() as tmp:
        if index is None:
            index = Path(tmp) / "index.db"
            build_index(REPO / "corpus", index, embedder=embedder)
        return _measure(Searcher(IndexStore.open(index), embedder=embedder), rounds, stage)


def _measure(searcher, rounds: int, stage: str = "english") -> dict[str, dict[str, float]]:  # noqa: ANN001
    from bot.analysis import switches
    from bot.search import index_country, retriever

    analyzer = searcher.analyzer

    def switch(on: bool) -> None:
        if stage == "country":
            index_country.INDEX_WORDS_COUNTRY = on
        elif stage == "searched":  # 0.4.47: the dictionary in the searched country's language, phrasal verbs as one
            retriever.SEARCHED_COUNTRY_READS = switches.ENGLISH_PHRASAL = on
        else:
            analyzer.english_spelling = analyzer.english_dictionary = analyzer.glossary_stems = on

    times = toggled(searcher, questions(), switch, rounds)
    return {"stages on": pct(times[True]), "stages off": pct(times[False])}


def toggled(searcher, qs: list[str], switch, rounds: int) -> dict[bool, list[float]]:  # noqa: ANN001
    """Seconds of each answer() with `switch(True)` and `switch(False)`, each question once warm first, then
    `rounds` rounds, each question answered on and off in turn (each order half the rounds); left on."""
    for on in (True, False):
        switch(on)
        for q in qs:
            timed_answer(searcher, q)
    times: dict[bool, list[float]] = {True: [], False: []}
    for r in range(rounds):
        for q in qs:
            for on in ((True, False) if r % 2 == 0 else (False, True)):
                switch(on)
                times[on].append(timed_answer(searcher, q))
    switch(True)
    return times


def table(result: dict[str, dict[str, float]], reference: str = "stages off", against: str = "off") -> str:
    """The percentiles of each row, and its p50 and p95 as ratios to the `reference` row's (headed `against`)."""
    off = result[reference]
    rows = [f"| answer() | p50 ms | p95 ms | p99 ms | max ms | n | p50 / {against} | p95 / {against} |",
            "|---|---|---|---|---|---|---|---|"]
    for name, r in result.items():
        rows.append(f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['n']} | "
                    f"×{r['p50'] / off['p50']:.2f} | ×{r['p95'] / off['p95']:.2f} |")
    return "\n".join(rows)


def report(out: Path | None, name: str, result: object, text: str) -> None:
    """Print the tables; with `out`, also write NAME.json (the figures) and NAME.md (the tables) there."""
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        (out / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, help="an index of the bundled corpus with vectors (default: build one)")
    parser.add_argument("--out", type=Path, help="write english_latency.json and .md here")
    parser.add_argument("--stage", choices=("english", "country", "searched"), default="english",
                        help="the English stages (default), the country read from the index's own §s, or 0.4.47's "
                             "dictionary in the searched country's language with phrasal verbs read as one")
    args = parser.parse_args()
    result = measure(args.index, args.rounds, args.stage)
    name = {"english": "english_latency", "country": "country_latency"}.get(args.stage, "searched_latency")
    report(args.out, name, result, table(result))


if __name__ == "__main__":
    main()
