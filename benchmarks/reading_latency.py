"""answer() with 0.4.32's ways of reading a question on and off, side by side, on the shipped index.

Usage: python -m benchmarks.reading_latency [--rounds R] [--out DIR]

The three: a nynorsk word asked once by its bokmål term (`bot.analysis.switches.NYNORSK_ONCE`), a word common in
bokmål and Danish kept from the typo correction (`WORD_ZIPF`), an English question's country told by its words
(`bot.analysis.country.WORDS_COUNTRY`). The questions: dev3's and dev-law's, the blind sets' and the English dev3
set's (bokmål, nynorsk, Danish and English). One searcher on the bundled corpus and the law pack with the model,
built in a temporary folder; each question answered once each way to warm up, then R rounds, each question
answered on and off in turn (benchmarks.english_latency.toggled), embedded anew each time. Reported as percentiles
and as the ratio on/off.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import bot.analysis.switches
from benchmarks.english_latency import report, table, toggled
from benchmarks.shared import SHARED, at_hand, beneath, left_out
from bot.analysis import country

REPO = Path(__file__).resolve().parent.parent
FILES = (SHARED / "eval" / "dev3.jsonl", SHARED / "eval" / "dev-law.jsonl",
         *(REPO / "benchmarks" / "data" / name for name in ("blind_seed.jsonl", "blind_law.jsonl", "blind_law2.jsonl",
                                                           "dev3_en.jsonl")))


def questions() -> list[str]:
    """Every question of FILES that exists (dev3 and dev-law are read from ../shared)."""
    return [json.loads(line)["question"] for path in at_hand(FILES)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def switch(on: bool) -> None:
    """The three readings on, or all three off (0.4.31's)."""
    bot.analysis.switches.NYNORSK_ONCE = on
    bot.analysis.switches.WORD_ZIPF = 3.0 if on else 0.0
    country.WORDS_COUNTRY = on


def measure(rounds: int) -> dict[str, dict[str, float]]:
    from benchmarks.answer_latency import pct
    from bot.config import Settings
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.paths import LAW_PACK
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    embedder = question_embedder("auto", Settings().model_threads)  # as open_engine() loads it
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.db"
        build_index(REPO / "corpus", index, embedder=embedder, packs=(LAW_PACK,))
        times = toggled(Searcher(IndexStore.open(index), embedder=embedder), questions(), switch, rounds)
    return {"0.4.32's readings": pct(times[True]), "0.4.31's": pct(times[False])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write reading_latency.json and .md here")
    args = parser.parse_args()
    result = measure(args.rounds)
    report(args.out, "reading_latency", result,
           table(result, reference="0.4.31's", against="0.4.31") + beneath(left_out(FILES)))


if __name__ == "__main__":
    main()
