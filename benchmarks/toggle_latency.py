"""answer() with one of the product's switches at two values, side by side, question by question, on one index.

Usage: python -m benchmarks.toggle_latency --switch bot.search.retriever.ASKED_FIRST --values 0,0.5
           [--sets "dev3 (shipped),dev-law (shipped),explorer law (shipped)"] [--rounds 3] [--out DIR]

What a ranking or quoting change costs a reply: each question is answered once per value to warm up, then in each
round at each value in turn (the order alternating between rounds), so a change of load falls on both alike. The
question's vector comes from the benchmarks' cache, so what is timed is the search, the ranking and the quoting, the
part a switch changes; the model's own cost is `benchmarks.answer_latency`'s. Reported as p50 / p95 / p99 in
milliseconds and as the ratio of each value's to the first value's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from pathlib import Path

import numpy as np

from benchmarks.answers import SETS, SHIPPED_SETS, embedder, need_sets, questions
from benchmarks.semantic import load_corpus


def _switch(path: str) -> tuple[object, str]:
    """The module and the name of a switch written as "package.module.NAME"."""
    module, _, name = path.rpartition(".")
    owner = importlib.import_module(module)
    if not hasattr(owner, name):
        raise SystemExit(f"{module} has no {name}")
    return owner, name


def _value(text: str, like: object) -> object:
    """`text` as the switch's own type (a bool as on/off, true/false, 1/0)."""
    if isinstance(like, bool):
        return text.lower() in ("1", "true", "on", "yes")
    return type(like)(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--switch", required=True, help="package.module.NAME, e.g. bot.search.retriever.ASKED_FIRST")
    parser.add_argument("--values", required=True, help="two or more values, comma-separated; the first is the base")
    parser.add_argument("--sets", default="dev3 (shipped),dev-law (shipped),explorer law (shipped)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="write latency.json and latency.md here")
    args = parser.parse_args()
    from bot.answer.compose import answer  # noqa: PLC0415 - after the benchmarks' own setup

    owner, name = _switch(args.switch)
    shipped = getattr(owner, name)
    values = [_value(v, shipped) for v in args.values.split(",")]
    wanted = [s.strip() for s in args.sets.split(",")]
    chosen = need_sets([*SETS, *SHIPPED_SETS], wanted)
    if {qs.corpus for qs in chosen} != {chosen[0].corpus} if chosen else True:
        raise SystemExit("the sets must be of one index, and known: " + ", ".join(wanted))
    searcher = load_corpus(chosen[0].corpus, embedder(None)).searcher
    asked = [item["question"] for qs in chosen for item in questions(qs)]
    times: dict[int, list[float]] = {i: [] for i in range(len(values))}
    try:
        for value in values:  # warm up: every question once at each value (caches, the vectors)
            setattr(owner, name, value)
            for question in asked:
                answer(question, searcher)
        for r in range(args.rounds):
            order = list(range(len(values)))[:: 1 if r % 2 == 0 else -1]
            for question in asked:
                for i in order:
                    setattr(owner, name, values[i])
                    start = time.perf_counter()
                    answer(question, searcher)
                    times[i].append((time.perf_counter() - start) * 1000)
    finally:
        setattr(owner, name, shipped)
    base = np.percentile(times[0], [50, 95, 99])
    rows = []
    for i, value in enumerate(values):
        p = np.percentile(times[i], [50, 95, 99])
        rows.append({"value": str(value), "p50": p[0], "p95": p[1], "p99": p[2],
                     "ratio_p50": p[0] / base[0], "ratio_p95": p[1] / base[1], "samples": len(times[i])})
    lines = [f"| {name} | answers | p50 ms | p95 ms | p99 ms | p50 ratio | p95 ratio |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['value']} | {r['samples']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
              f"{r['ratio_p50']:.2f} | {r['ratio_p95']:.2f} |" for r in rows]
    print("\n".join(lines))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "latency.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
        (args.out / "latency.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
