"""One engine, one job, in its own process (so its memory peak is its own); run by speed.py.

    python -m benchmarks.worker build ENGINE CORPUS_DIR INDEX_DIR ANALYZER
    python -m benchmarks.worker serve ENGINE INDEX_DIR ANALYZER QUERIES K OUT_JSON [LIMIT]
    python -m benchmarks.worker answer INDEX_DIR ANALYZER QUERIES OUT_JSON [LIMIT]
    python -m benchmarks.worker terms CORPUS_DIR ANALYZER

`serve` prints one line as soon as the first question is answered (the cold start ends
there), then times every query (analysis included) and writes latencies and top-k lists.
`answer` does the same for the whole product path, `bot.answer.compose.answer` over
kommunebot's index: a first pass from the start of the process (caches empty, the warming
thread of a big index still running), then a second pass over the same queries (warm).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peaks() -> dict:
    return {"maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "maxrss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}


def build(name: str, corpus: str, folder: str, analyzer_name: str) -> None:
    from benchmarks.analyzers import get_analyzer
    from benchmarks.engines import engine

    started = time.perf_counter()
    Path(folder).mkdir(parents=True, exist_ok=True)
    eng = engine(name, Path(folder), get_analyzer(analyzer_name))
    n = eng.build(Path(corpus))
    from bot.bm25 import BM25Params  # the product's defaults: every engine is built with them

    print(json.dumps({"passages": n, "seconds": time.perf_counter() - started, "bm25": BM25Params().to_dict(),
                      **_peaks()}), flush=True)


def serve(name: str, folder: str, analyzer_name: str, queries: str, k: str, out: str, limit: str = "0") -> None:
    from benchmarks.analyzers import get_analyzer
    from benchmarks.engines import engine

    rows = [json.loads(line) for line in open(queries, encoding="utf-8")]
    if int(limit):
        rows = rows[: int(limit)]
    k = int(k)
    eng = engine(name, Path(folder), get_analyzer(analyzer_name))
    eng.open()
    first = eng.rank(rows[0]["text"], k)
    print(json.dumps({"first": first[:3]}), flush=True)  # the cold start ends here
    after_first = _peaks()
    results = []
    for row in rows:
        t0 = time.perf_counter()
        top = eng.rank(row["text"], k)
        results.append({"id": row["id"], "kind": row["kind"], "ms": (time.perf_counter() - t0) * 1000, "top": top})
    extra = {}
    if hasattr(eng, "search"):  # the full product path, for the record
        times = []
        for row in rows:
            t0 = time.perf_counter()
            eng.search(row["text"], k)
            times.append({"id": row["id"], "kind": row["kind"], "ms": (time.perf_counter() - t0) * 1000})
        extra["search"] = times
    Path(out).write_text(json.dumps({"results": results, "after_first": after_first, **extra, **_peaks()}),
                         encoding="utf-8")
    print("done", flush=True)


def terms(corpus: str, analyzer_name: str) -> None:
    from benchmarks.analyzers import get_analyzer
    from benchmarks.engines import write_terms_cache

    started = time.perf_counter()
    path = write_terms_cache(Path(corpus), get_analyzer(analyzer_name))
    print(json.dumps({"path": str(path), "seconds": time.perf_counter() - started, **_peaks()}), flush=True)


def answer(folder: str, analyzer_name: str, queries: str, out: str, limit: str = "0") -> None:
    started = time.perf_counter()
    from benchmarks.analyzers import get_analyzer
    from bot.answer.compose import answer as compose_answer
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    rows = [json.loads(line) for line in open(queries, encoding="utf-8")]
    if int(limit):
        rows = rows[: int(limit)]
    analyzer = get_analyzer(analyzer_name)
    searcher = Searcher(IndexStore.open(Path(folder) / "kommunebot.db", analyzer.version), analyzer)
    compose_answer(rows[0]["text"], searcher)
    print(json.dumps({"cold_s": time.perf_counter() - started}), flush=True)  # the cold start ends here
    passes = []
    for _ in range(2):
        times = []
        for row in rows:
            t0 = time.perf_counter()
            reply = compose_answer(row["text"], searcher)
            t1 = time.perf_counter()
            times.append({"id": row["id"], "kind": row["kind"], "lang": row.get("lang"), "ms": (t1 - t0) * 1000,
                          "since_start_s": t1 - started, "answered": reply.answered,
                          "top": [p.chunk_id for p in reply.passages]})
        passes.append(times)
    Path(out).write_text(json.dumps({"passes": passes, **_peaks()}), encoding="utf-8")
    print("done", flush=True)


if __name__ == "__main__":
    {"build": build, "serve": serve, "answer": answer, "terms": terms}[sys.argv[1]](*sys.argv[2:])
