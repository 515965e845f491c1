"""The model's tokenizer: the whole text's Viterbi split (0.4.8) against word by word, each word's split kept (0.4.9).

Usage: python -m benchmarks.tokenizer_speed [--readme]

Questions: dev, dev2, dev3 and dev-law's (../shared/eval), and XQuAD nb's first 600 (skipped where
../shared is absent), each with the "query: " prefix the searcher gives it. Three columns, ms a
question (p50 / p95): the whole text split at once as 0.4.8 did; word by word from an empty cache
(one pass over the bank, so later questions meet words earlier ones had, as a running bot does);
word by word with every word known. Also checks that both give the same ids for every question.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.report import README, replace_between_markers  # noqa: E402
from benchmarks.shared import SHARED, MissingData, at_hand, beneath, left_out  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402
from bot.semantic.tokenizer import Tokenizer  # noqa: E402
from bot.semantic.weights import Vocabulary, read_weights  # noqa: E402


def whole_text(tokenizer: Tokenizer, text: str) -> list[int]:
    """0.4.8's split: the normalised text's Viterbi in one run."""
    return list(tokenizer._viterbi(tokenizer.marked(text)))


def timed(split: Callable[[str], object], bank: list[str]) -> np.ndarray:
    out = []
    for text in bank:
        start = time.perf_counter()
        split(text)
        out.append(time.perf_counter() - start)
    return np.array(out) * 1e3


DEV = [SHARED / "eval" / f"{name}.jsonl" for name in ("dev", "dev2", "dev3", "dev-law")]
XQUAD = SHARED / "bench" / "xquad" / "nb.jsonl"


def banks() -> list[tuple[str, list[str]]]:
    """(name, questions) of the banks that are here."""
    out = []
    dev = [q["question"] for path in at_hand(DEV) for q in load_questions(path)]
    if dev:
        out.append((f"{', '.join(p.stem for p in DEV if p.exists())} ({len(dev)})", dev))
    if at_hand([XQUAD]):
        questions = [q["question"] for q in load_questions(XQUAD)][:600]
        out.append((f"XQuAD nb ({len(questions)})", questions))
    if not out:  # a table of no row had been printed
        raise MissingData(left_out([*DEV, XQUAD]))
    return out


def measure(vocabulary: Vocabulary) -> str:
    rows = ["| questions | whole text (0.4.8) | word by word, words met for the first time | words known | same ids |",
            "|---|---|---|---|---|"]
    cell = lambda a: f"{np.percentile(a, 50):.3f} / {np.percentile(a, 95):.3f}"  # noqa: E731
    for name, questions in banks():
        bank = ["query: " + q for q in questions]
        reference = Tokenizer(vocabulary)
        before = timed(functools.partial(whole_text, reference), bank)
        fresh = Tokenizer(vocabulary)
        first = timed(fresh.ids, bank)
        known = timed(fresh.ids, bank)
        same = sum(fresh.ids(t) == whole_text(reference, t) for t in bank)
        rows.append(f"| {name} | {cell(before)} | {cell(first)} | {cell(known)} | {same}/{len(bank)} |")
    return "\n".join(rows) + "\n\nms a question, p50 / p95." + beneath(left_out([*DEV, XQUAD]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    text = measure(read_weights().vocabulary)
    if args.readme:
        replace_between_markers(README, "tokenizer speed", text)
    print(text)


if __name__ == "__main__":
    main()
