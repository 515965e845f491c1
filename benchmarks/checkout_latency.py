"""answer()'s latency in two checkouts side by side (e.g. main and a branch), the real model, nothing cached; with
--ask, `kommunebot ask` as a user runs it, a new process each time.

Usage: python -m benchmarks.checkout_latency CHECKOUT [CHECKOUT ...] [--rounds N] [--shipped] [--warm]
       python -m benchmarks.checkout_latency BEFORE AFTER --ask N [--first-runs R] [--out FILE] [--readme]
       python -m benchmarks.checkout_latency --table FILE [--readme]

Each checkout answers the dev sets' questions (dev3, dev2, dev) on its own index of the seed
documents (benchmarks/out/seed-documents.db, as benchmarks/answers.py builds it; with --shipped
the seed documents and the law pack, seed-documents-and-law-pack.db, and dev-law's questions
too), in a process
of its own (its code, its model settings), the checkouts taking turns round by round so they
meet the same load. Prints p50 / p95 in ms a round and the ratio of each checkout to the first.
--warm answers every question once before the timed pass, so each question's embedding comes from
the searcher's cache: what is left is the ranking, the confidence and the quotes, which the
model's own time (most of a question's, and its noisiest part) would hide.

--ask N times `python -m bot ask QUESTION --json` in each checkout as a new process (its code, its own index
index/kommunebot.db, which must be built; a cache folder of its own, made by one untimed ask first, as a user's
second ask finds it), N rounds, the two taking turns and the first of a pair alternating, so the machine's drift
falls on both; each round asks the next question of dev3, dev2, dev and dev-law, the README's first question first,
and the two checkouts' JSON answers are compared. Wall and CPU seconds (the process's own, not the waits for a
core) as percentiles, and the ratio AFTER / BEFORE round by round. --first-runs R times the README's first command
R times in each (benchmarks.lawpack.first_ask_seconds: no index, the build, then the answer, one process), first with
the cache folder the asks left (as benchmarks.lawpack --first-run times it), then with a new machine's, empty.
--readme writes the table into benchmarks/README.md ("ask latency").
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.shared import SHARED, need  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402

SETS = ("dev3", "dev2", "dev")

CHILD = r"""
import json, sys, time
from pathlib import Path
repo, questions, index, warm = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4] == "warm"
sys.path.insert(0, repo)
import numpy as np
from bot.answer.compose import answer
from bot.index.store import IndexStore
from bot.search.retriever import Searcher
from bot.semantic.embedder import question_embedder

searcher = Searcher(IndexStore.open(Path(repo) / "benchmarks/out" / index),
                    embedder=question_embedder("auto", 2))
assert searcher.semantic, "the index has no vectors of this model: run benchmarks.answers in the checkout first"
answer("oppvarming", searcher)  # the model loaded and warm
for q in questions if warm else ():
    answer(q, searcher, top=10)  # each question's vectors into the searcher's cache
times = []
for q in questions:
    started = time.perf_counter()
    answer(q, searcher, top=10)
    times.append((time.perf_counter() - started) * 1000)
print(json.dumps([float(np.percentile(times, 50)), float(np.percentile(times, 95))]))
"""


def ask_questions() -> list[str]:
    """The README's first question, then the dev sets' questions in order."""
    from benchmarks.lawpack import FIRST_QUESTION

    return [FIRST_QUESTION, *(q["question"] for path in need([SHARED / "eval" / f"{name}.jsonl"
                                                              for name in ("dev3", "dev2", "dev", "dev-law")])
                              for q in load_questions(path))]


def ask_env(cache: Path) -> dict[str, str]:
    """The environment `ask` runs in: no KOMMUNEBOT_* but the cache folder (the checkout's own index, the defaults)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMMUNEBOT_")}
    return {**env, "KOMMUNEBOT_CACHE_DIR": str(cache)}


def timed_ask(checkout: Path, question: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of `python -m bot ask QUESTION --json` in `checkout`, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bot", "ask", question, "--json"], capture_output=True, text=True,
                         env=env, cwd=checkout, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, out.stdout


def measure_asks(before: Path, after: Path, rounds: int, first_runs: int) -> dict:
    """`ask` in the two checkouts, taking turns (see the module's docstring)."""
    from benchmarks.lawpack import first_ask_seconds

    checkouts = (before.resolve(), after.resolve())
    for checkout in checkouts:
        if not (checkout / "index" / "kommunebot.db").is_file():
            raise SystemExit(f"{checkout}: build its index first (python -m bot index build in it)")
    questions = ask_questions()
    times: dict[str, dict[str, list[float]]] = {str(c): {"wall": [], "cpu": []} for c in checkouts}
    same, asked = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        envs = {c: ask_env(Path(tmp) / f"cache-{i}") for i, c in enumerate(checkouts)}
        for checkout in checkouts:  # the cache folder made (the lemma table, and what the checkout keeps there)
            timed_ask(checkout, questions[0], envs[checkout])
        for n in range(rounds):
            question = questions[n % len(questions)]
            printed = {}
            for checkout in (checkouts if n % 2 == 0 else checkouts[::-1]):
                wall, cpu, printed[checkout] = timed_ask(checkout, question, envs[checkout])
                times[str(checkout)]["wall"].append(wall)
                times[str(checkout)]["cpu"].append(cpu)
            same += json.loads(printed[checkouts[0]]) == json.loads(printed[checkouts[1]])
            asked += 1
        # the README's first command: no index (a copy of the checkout), the cache folder as the asks left it (as
        # benchmarks.lawpack --first-run times it), then a new machine's (empty)
        first: dict[str, dict[str, dict[str, list[float]]]] = {
            kind: {str(c): {"wall": [], "cpu": []} for c in checkouts} for kind in ("kept", "empty")}
        for n in range(first_runs):
            for kind in first:
                for checkout in (checkouts if n % 2 == 0 else checkouts[::-1]):
                    with tempfile.TemporaryDirectory() as new:
                        env = envs[checkout] if kind == "kept" else ask_env(Path(new) / "cache")
                        got = first_ask_seconds(env, Path(sys.executable), checkout)
                    first[kind][str(checkout)]["wall"].append(got["wall_s"])
                    first[kind][str(checkout)]["cpu"].append(got["cpu_s"])
    return {"checkouts": [str(c) for c in checkouts], "asks": times, "first": first, "same": same, "asked": asked,
            "load": os.getloadavg()[0], "cores": os.cpu_count()}


def ask_table(result: dict) -> str:
    """The two checkouts' `ask` side by side: percentiles, and AFTER / BEFORE pair by pair."""
    before, after = result["checkouts"]
    a, b = result["asks"][before], result["asks"][after]
    rows = [f"| measure | before ({Path(before).name}) | after ({Path(after).name}) | after / before |",
            "|---|---|---|---|"]
    for key, label in (("wall", "wall"), ("cpu", "CPU")):
        for q in (50, 95):
            x, y = float(np.percentile(a[key], q)), float(np.percentile(b[key], q))
            rows.append(f"| `kommunebot ask`, {label} seconds, p{q} | {x:.2f} | {y:.2f} | ×{y / x:.2f} |")
    for key, label in (("wall", "wall"), ("cpu", "CPU")):
        pairs = np.asarray(b[key]) / np.asarray(a[key])
        rows.append(f"| the same round's {label} seconds, after ÷ before: median (min-max) | | | "
                    f"×{np.median(pairs):.2f} (×{pairs.min():.2f}-×{pairs.max():.2f}) |")
    for kind, what in (("kept", "no index, the cache folder kept"),
                       ("empty", "a new machine: no index, nothing cached")):
        runs = result["first"][kind]
        for key, label in (("wall", "wall"), ("cpu", "CPU")):
            if runs[before][key]:
                x, y = (float(np.median(runs[c][key])) for c in (before, after))
                rows.append(f"| the README's first command ({what}: the build, then the answer), {label} seconds, "
                            f"median of {len(runs[before][key])} | {x:.1f} | {y:.1f} | ×{y / x:.2f} |")
    return (f"{result['asked']} rounds, each a new process of each checkout, the pair's order alternating; the "
            f"README's first question, then dev3's, dev2's, dev's and dev-law's in turn; {result['cores']} cores, load "
            f"{result['load']:.1f} at the end. The two checkouts' `ask --json` printed the same answer in "
            f"{result['same']} of {result['asked']} rounds.\n\n" + "\n".join(rows) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--shipped", action="store_true", help="the index with the law pack, dev-law asked too")
    parser.add_argument("--warm", action="store_true", help="each question embedded before it is timed (cached)")
    parser.add_argument("--ask", type=int, metavar="N", help="`kommunebot ask` as a new process, N rounds")
    parser.add_argument("--first-runs", type=int, default=0, metavar="R",
                        help="with --ask: the README's first command on a fresh machine, R times each")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "checkout-ask.json")
    parser.add_argument("--readme", action="store_true", help="with --ask: write the table into benchmarks/README.md")
    parser.add_argument("--table", type=Path, help="the table of an --ask result file (--out), nothing measured")
    args = parser.parse_args()
    if args.ask or args.table:
        if args.table:
            result = json.loads(args.table.read_text(encoding="utf-8"))
        elif len(args.checkouts) != 2:
            parser.error("--ask compares two checkouts: BEFORE AFTER")
        else:
            result = measure_asks(*args.checkouts, rounds=args.ask, first_runs=args.first_runs)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(result), encoding="utf-8")
        text = ask_table(result)
        if args.readme:
            from benchmarks.report import replace_between_markers

            replace_between_markers(REPO / "benchmarks" / "README.md", "ask latency", text)
        print(text)
        return
    if not args.checkouts:
        parser.error("name the checkouts to compare")
    sets = (*SETS, "dev-law") if args.shipped else SETS
    index = "seed-documents-and-law-pack.db" if args.shipped else "seed-documents.db"
    questions = [q["question"] for path in need([SHARED / "eval" / f"{name}.jsonl" for name in sets])
                 for q in load_questions(path)]
    results: dict[Path, list[tuple[float, float]]] = {c: [] for c in args.checkouts}
    for _ in range(args.rounds):
        for checkout in args.checkouts:
            out = subprocess.run([sys.executable, "-c", CHILD, str(checkout.resolve()), json.dumps(questions), index,
                                  "warm" if args.warm else "cold"],
                                 capture_output=True, text=True, check=True, cwd="/")
            results[checkout].append(tuple(json.loads(out.stdout.strip().splitlines()[-1])))
    first = args.checkouts[0]
    for checkout, rounds in results.items():
        cells = ", ".join(f"{p50:.1f} / {p95:.1f}" for p50, p95 in rounds)
        ratio = [sum(r[i] for r in rounds) / sum(r[i] for r in results[first]) for i in (0, 1)]
        print(f"| {checkout} | {len(questions)} questions | p50 / p95 ms by round: {cells} | "
              f"×{ratio[0]:.2f} p50, ×{ratio[1]:.2f} p95 |")


if __name__ == "__main__":
    main()
