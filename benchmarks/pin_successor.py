"""When a broken pin's passage is offered as what it became: the word overlap, measured on the shipped corpus.

Usage: .venv/bin/python -m benchmarks.pin_successor [--out DIR]

Every passage of the bundled corpus and the law pack is changed as a maintainer's rebuild changes one, and
bot.answer.successor.nearest looks for it among the other passages of its source: a word in ten replaced, a
sentence of a neighbouring passage added, its last sentence taken away, its text split into two passages (either
half counts), and, the case that must offer nothing, the passage removed outright, where its source's nearest other
passage is what would be offered. For each threshold it prints how many changed passages are re-found, and how many
removed ones would be offered a neighbour (a wrong offer: a click would pin another passage under the course
leader's name).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.answer.successor import OVERLAP, nearest, place  # noqa: E402
from bot.corpus.records import ChunkRecord  # noqa: E402
from bot.index.prebuilt import folder_chunks  # noqa: E402
from bot.paths import LAW_PACK  # noqa: E402

CORPUS = REPO / "corpus"  # the checkout's seed documents
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _words_changed(text: str) -> str:
    words = text.split(" ")
    return " ".join(f"endret{i}" if i % 10 == 5 else w for i, w in enumerate(words))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def changes(chunk: ChunkRecord, neighbour: ChunkRecord | None) -> dict[str, list[str]]:
    """The chunk's text as each kind of edit leaves it (a kind left out where it does not apply)."""
    out = {"a word in ten changed": [_words_changed(chunk.text)]}
    if neighbour is not None and _sentences(neighbour.text):
        out["a sentence added"] = [chunk.text + " " + _sentences(neighbour.text)[0]]
    sentences = _sentences(chunk.text)
    if len(sentences) >= 2:
        out["last sentence taken away"] = [" ".join(sentences[:-1])]
        half = len(sentences) // 2
        out["split in two"] = [" ".join(sentences[:half]), " ".join(sentences[half:])]
    return out


def measure() -> dict:
    by_source: dict[str, list[ChunkRecord]] = defaultdict(list)
    for folder in (CORPUS, LAW_PACK):
        for chunk in folder_chunks(folder):
            by_source[chunk.source_id].append(chunk)
    found: dict[str, dict[float, int]] = defaultdict(lambda: dict.fromkeys(THRESHOLDS, 0))
    asked: dict[str, int] = defaultdict(int)
    removed: dict[float, int] = dict.fromkeys(THRESHOLDS, 0)  # removed passages offered a neighbour
    nearest_removed: list[float] = []  # the nearest other passage's overlap with a removed one
    for chunks in by_source.values():
        for i, chunk in enumerate(chunks):
            others = [(j, c) for j, c in enumerate(chunks) if j != i]
            where = place(chunk.id)
            for t in THRESHOLDS:
                removed[t] += nearest(chunk.text, others, t, where) is not None
            best = nearest(chunk.text, others, 0.0)
            nearest_removed.append(best.overlap if best else 0.0)
            neighbour = chunks[i + 1] if i + 1 < len(chunks) else (chunks[i - 1] if i else None)
            for kind, texts in changes(chunk, neighbour).items():
                # in place: the slide or § and ledd it was (a document's id keeps its place, a new hash); moved: a
                # slide put in before it renumbers it, a ledd moved to another §
                for how, ids in (("in place", [f"{where}:new{k}" if ":" in chunk.id else chunk.id
                                               for k in range(len(texts))]),
                                 ("moved", [f"moved:{k}" for k in range(len(texts))])):
                    name = f"{kind}, {how}"
                    asked[name] += 1
                    new = [(-1 - k, ChunkRecord(**{**chunk.__dict__, "id": ids[k], "text": t}))
                           for k, t in enumerate(texts)]
                    for t in THRESHOLDS:
                        hit = nearest(chunk.text, others + new, t, where)
                        found[name][t] += hit is not None and hit.docno < 0
    return {"passages": len(nearest_removed), "asked": dict(asked), "found": {k: dict(v) for k, v in found.items()},
            "removed_wrong": removed,
            "removed_overlap": {"p50": float(np.percentile(nearest_removed, 50)),
                                "p95": float(np.percentile(nearest_removed, 95)), "max": max(nearest_removed)}}


def table(m: dict) -> str:
    """Passages re-found (kinds of edit as rows, thresholds as columns), and removed passages offered a neighbour."""
    marks = [f"{t:.1f}" + (" (shipped)" if t == OVERLAP else "") for t in THRESHOLDS]
    rows = ["| re-found, of the passages changed | " + " | ".join(marks) + " |", "|---|" + "---|" * len(THRESHOLDS)]
    for kind, n in m["asked"].items():
        rows.append(f"| {kind} (of {n}) | " + " | ".join(str(m["found"][kind][t]) for t in THRESHOLDS) + " |")
    rows.append(f"| **removed, a neighbour offered** (of {m['passages']}) | " +
                " | ".join(str(m["removed_wrong"][t]) for t in THRESHOLDS) + " |")
    r = m["removed_overlap"]
    return "\n".join(rows) + (f"\n\nA removed passage's nearest other passage of its source shares p50 {r['p50']:.2f}, "
                              f"p95 {r['p95']:.2f}, at most {r['max']:.2f} of its words.\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    m = measure()
    print(table(m))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "pin_successor.json").write_text(json.dumps(m, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
