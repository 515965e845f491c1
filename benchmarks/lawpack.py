"""The law pack measured: answer quality with and without it, answer() latency, and the first run's time.

Usage: python -m benchmarks.lawpack [--out DIR] [--rounds R] [--first-run] [--install] [--readme]

Two indexes of the bundled corpus, both with the bundled model: `seed` (the seed documents
alone, KOMMUNEBOT_LAW_PACK=off) and `shipped` (with the law pack, as the product ships). The
seed-document sets (dev, dev2, dev3) are scored on both: on `shipped` a law § that answers a seed
question counts as a miss, and every question whose top three changed is listed for judging.
dev-law and the near-domain questions the pack covers (benchmarks/data/near_domain_law.jsonl) are
scored on `shipped`; the near-domain questions still not covered on both. answer() is timed over
all these questions on both indexes (the model on the engine threads and BLAS thread `ask` and the bot load
it). --first-run times the README's first answer (`kommunebot ask` with no index: build, then
answer) as a new process with the pack on and off; --install adds `pip install .` into a new venv.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data"
sys.path.insert(0, str(REPO))
from benchmarks.shared import EVAL, MissingData, absent  # noqa: E402

SEED_SETS = ("dev", "dev2", "dev3")
# The law sets' `law` names (../shared/eval/README.md) and the pack's source ids.
LAW_IDS = {"kommuneloven": "lov-2018-06-22-83", "forvaltningsloven": "lov-1967-02-10",
           "offentleglova": "lov-2006-05-19-16", "kommunestyrelsesloven": "lta-2026-13",
           "forvaltningsloven-da": "lta-2014-433", "offentlighedsloven": "lta-2020-145"}
FIRST_QUESTION = "what is rådmannens ansvar?"  # the README's first command


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build(out: Path, embedder) -> dict[str, Path]:
    """The two indexes (an existing one is brought up to date, which reuses everything unchanged)."""
    from bot.index.build import build_index
    from bot.paths import LAW_PACK

    seed, shipped = out / "seed.db", out / "shipped.db"
    build_index(REPO / "corpus", seed, embedder=embedder)
    if not shipped.exists():
        shutil.copy(seed, shipped)  # the seed documents' vectors are reused, the pack's come with it
    report = build_index(REPO / "corpus", shipped, embedder=embedder, packs=(LAW_PACK,))
    print(f"shipped index: {report.sources} sources, {report.chunks} chunks, {report.embedded} embedded now",
          file=sys.stderr)
    return {"seed": seed, "shipped": shipped}


def law_source(source_id: str) -> bool:
    return source_id.startswith(("lov-", "lta-"))


def gold_sections(item: dict) -> set[str]:
    """The §§ that answer a law question, as the pack's ids name them ("lov-2018-06-22-83/§7-9").

    `law` and `section` may list several, " / " between them, paired in order ("kommuneloven /
    kommunestyrelsesloven", "§ 8-4 / § 16"); one law with several §§ is that law's each time.
    """
    laws = [name.strip() for name in item.get("law", "").split("/") if name.strip()]
    numbers = [n.strip().removeprefix("§").strip().replace(" ", "") for n in item.get("section", "").split("/")]
    if not laws or not any(numbers):
        return set()
    if len(laws) == 1:
        laws = laws * len(numbers)
    return {f"{LAW_IDS[law]}/§{number}" for law, number in zip(laws, numbers, strict=True) if law in LAW_IDS}


def section_of(chunk_id: str) -> str:
    """The § a law chunk belongs to ("lov-2018-06-22-83/§13-4/2" -> "lov-2018-06-22-83/§13-4"); else the id."""
    parts = chunk_id.split("/")
    return "/".join(parts[:2]) if len(parts) > 1 and parts[1].startswith("§") else chunk_id


def score(items: list[dict], searcher) -> dict:
    """The eval measures, the hedged share, and each question's top three (cited ids) for the listings."""
    from bot.answer.compose import answer
    from bot.evaluate import evaluate, is_gold, shows_gold

    scores = evaluate(items, searcher).to_dict()
    hedged, answerable, tops, shown1, shown3 = 0, 0, {}, 0, 0
    by_section = [0, 0, 0]  # questions naming their §, § first, § in the first three
    for item in items:
        result = searcher.search(item["question"], k=10)
        wanted = gold_sections(item) if item.get("expect") == "answer" else set()
        if wanted:  # by §: the citation is the §, whichever of its ledd is shown
            found = [section_of(h.chunk_id) in wanted for h in result.hits[:3]]
            by_section[0] += 1
            by_section[1] += bool(found[:1] and found[0])
            by_section[2] += any(found)
        if item.get("expect") == "answer":  # what the user is shown: the quote, not the whole chunk
            shown = answer(item["question"], searcher)
            quoted = [shows_gold(item, p) for p in (shown.passages if shown.answered else ())[:3]]
            shown1 += bool(quoted[:1] and quoted[0])
            shown3 += any(quoted)
        gold_rank = next((i for i, h in enumerate(result.hits, 1)
                          if item.get("expect") == "answer" and is_gold(item, h)), None)
        tops[item["id"]] = {"question": item["question"], "abstained": result.abstained,
                            "confidence": result.confidence, "coverage": round(result.coverage, 3),
                            "gold_rank_in_10": gold_rank,
                            "top": [{"cite": h.cite_id, "chunk": h.chunk_id,
                                     "gold": item.get("expect") == "answer" and is_gold(item, h),
                                     "gold_section": section_of(h.chunk_id) in wanted,
                                     "law": law_source(h.source_id)} for h in result.hits[:3]]}
        if item.get("expect") == "answer":
            answerable += 1
            hedged += result.confidence == "uncertain"
    scores["hedged"] = round(hedged / answerable, 4) if answerable else None
    scores["quote1"] = round(shown1 / answerable, 4) if answerable else None
    scores["quote3"] = round(shown3 / answerable, 4) if answerable else None
    scores["section1"] = round(by_section[1] / by_section[0], 4) if by_section[0] else None
    scores["section3"] = round(by_section[2] / by_section[0], 4) if by_section[0] else None
    scores.pop("misses")
    return {"scores": scores, "tops": tops}


def changed(seed: dict, shipped: dict) -> list[dict]:
    """Seed questions whose top three differ between the indexes, with what came in."""
    out = []
    for qid, before in seed["tops"].items():
        after = shipped["tops"][qid]
        # by chunk: a slide deck's slides share one cited id
        if [t["chunk"] for t in before["top"]] != [t["chunk"] for t in after["top"]] or \
                before["abstained"] != after["abstained"]:
            hit3 = any(t["gold"] for t in before["top"]), any(t["gold"] for t in after["top"])
            out.append({"id": qid, "question": before["question"], "hit3_seed": hit3[0], "hit3_shipped": hit3[1],
                        "first_gold_seed": bool(before["top"]) and before["top"][0]["gold"],
                        "first_gold_shipped": bool(after["top"]) and after["top"][0]["gold"],
                        "law_in_top3": [t["cite"] for t in after["top"] if t["law"]],
                        "abstained": [before["abstained"], after["abstained"]]})
    return out


def latency(searcher, questions: list[str], rounds: int) -> dict[str, float]:
    """answer() per question (the question's vector not cached), after a warm-up pass."""
    from bot.answer.compose import answer

    def one(q: str) -> float:
        forget = getattr(searcher, "_query_vectors", None)
        if forget is not None:
            forget.cache_clear()
        t = time.perf_counter()
        answer(q, searcher)
        return time.perf_counter() - t

    for q in questions:
        one(q)
    times = np.array([one(q) for _ in range(rounds) for q in questions]) * 1000
    return {"p50_ms": round(float(np.percentile(times, 50)), 1), "p95_ms": round(float(np.percentile(times, 95)), 1),
            "n": len(times)}


def ask_seconds(env: dict[str, str], python: Path, cwd: Path) -> dict[str, float]:
    """Wall and CPU seconds of `kommunebot ask` (the README's first question) as a new process in `env`.

    CPU seconds say more than wall seconds on a shared machine: they do not count the waits for a core.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([str(python), "-m", "bot", "ask", FIRST_QUESTION], env=env, cwd=cwd, check=True,
                   capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": wall, "cpu_s": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}


def first_ask_seconds(env: dict[str, str], python: Path, cwd: Path) -> dict[str, float]:
    """`ask_seconds` with no index, as the README's first command runs: `ask` builds the default index on first use,
    then answers, one new process.

    The default index of a checkout is its own `index/`, so a checkout is copied first (its code, corpus and
    pyproject.toml: what `ask` reads) and asked in the copy; an installed kommunebot (`cwd` no checkout) keeps its
    index in the user's data folder, a new one here. A named index (KOMMUNEBOT_INDEX, `--index`) is never built by
    `ask` (0.4.37: a typo is an error), so none is named.
    """
    env = {k: v for k, v in env.items() if k not in ("KOMMUNEBOT_INDEX", "KOMMUNEBOT_CORPUS", "KOMMUNEBOT_PINS_DB",
                                                      "KOMMUNEBOT_FEEDBACK_DB")}
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        if (cwd / "pyproject.toml").is_file() and (cwd / "corpus").is_dir():
            copy = Path(tmp) / "checkout"
            junk = shutil.ignore_patterns("__pycache__", "*.pyc")
            for name in ("bot", "corpus"):
                shutil.copytree(cwd / name, copy / name, ignore=junk)
            shutil.copy2(cwd / "pyproject.toml", copy / "pyproject.toml")
            cwd = copy
        return ask_seconds(env, python, cwd)


def first_run(pack: str, python: Path, cwd: Path) -> dict[str, float]:
    """`first_ask_seconds` (the build, then the answer, as the README's first command), the law pack on or off."""
    env = {**os.environ, "KOMMUNEBOT_LAW_PACK": pack, "KOMMUNEBOT_SEMANTIC": "auto"}
    return {k: round(v, 1) for k, v in first_ask_seconds(env, python, cwd).items()}


def install_seconds(venv: Path) -> float:
    """Seconds of the README's install: a new venv and `pip install .` (pip's cache warm, as on a re-run)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], check=True, capture_output=True)
    return round(time.perf_counter() - t, 1)


def tables(result: dict) -> str:
    """The result as the markdown tables of benchmarks/README.md."""
    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    out = ["| set | index | hit@1 | hit@3 | § @1 | § @3 | R@10 | quote@1 | quote@3 | abstain acc. | "
           "refused (answerable) | hedged |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, per in result["quality"].items():
        for index, sc in per.items():
            out.append(f"| {name} | {index} | {f(sc['hit1'])} | {f(sc['hit3'])} | {f(sc.get('section1'))} | "
                       f"{f(sc.get('section3'))} | {f(sc['r10'])} | "
                       f"{f(sc.get('quote1'))} | {f(sc.get('quote3'))} | {f(sc['abstain_accuracy'])} | "
                       f"{sc['false_abstentions']} | {f(sc['hedged'])} |")
    out += ["", "| index | answer() p50 | p95 | answers timed |", "|---|---|---|---|"]
    for index, lat in result["latency"].items():
        out.append(f"| {index} | {lat['p50_ms']} ms | {lat['p95_ms']} ms | {lat['n']} |")
    for name, cases in result["changed"].items():
        if name in SEED_SETS:  # the questions whose hit@1 or hit@3 the pack changed
            cases = [c for c in cases if c["hit3_seed"] != c["hit3_shipped"] or
                     c["first_gold_seed"] != c["first_gold_shipped"]]
            out += ["", f"{name}: hit@1 or hit@3 changed on `shipped` for {len(cases)} question(s)", ""]
            for c in cases:
                yes = {True: "yes", False: "no"}
                out.append(f"- {c['id']} {c['question'][:90]!r}: hit@3 {yes[c['hit3_seed']]} → "
                           f"{yes[c['hit3_shipped']]}, first gold {yes[c['first_gold_seed']]} → "
                           f"{yes[c['first_gold_shipped']]}; law in the top three: "
                           f"{', '.join(c['law_in_top3']) or 'none'}")
            continue
        out += ["", f"{name}: first passage not gold on `shipped` for {len(cases)} question(s)", ""]
        for c in cases:
            reply = "refused" if c["abstained"] else c["confidence"]
            at = next((i for i, t in enumerate(c["top"], 1) if t.get("gold_section")), None)
            out.append(f"- {c['id']} {c['question'][:90]!r}: gold at {c['gold_rank_in_10'] or '-'} of 10, "
                       f"its § at {at or '-'} of 3, {reply}, first {c['top'][0]['cite'] if c['top'] else '-'}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "lawpack")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--first-run", action="store_true")
    parser.add_argument("--install", action="store_true")
    parser.add_argument("--first-run-only", choices=("on", "off"), help="time one first run, nothing else")
    parser.add_argument("--tables", type=Path, help="print a result file's tables, nothing else")
    parser.add_argument("--readme", action="store_true",
                        help="write the tables into benchmarks/README.md between the lawpack markers")
    args = parser.parse_args()
    if args.tables:
        print(tables(json.loads(args.tables.read_text(encoding="utf-8"))))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.first_run_only:
        print(json.dumps({args.first_run_only: first_run(args.first_run_only, REPO / ".venv" / "bin" / "python",
                                                         REPO)}))
        return
    from bot.config import Settings
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import question_embedder

    # every set is scored on both indexes: one absent stops the run before the indexes are built, not after
    missing = [f"{name}: {why}" for name in (*SEED_SETS, "dev-law") if (why := absent(EVAL / f"{name}.jsonl"))]
    if missing:
        raise MissingData(missing)

    embedder = question_embedder("auto", Settings().model_threads)  # as open_engine() loads it
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded")
    paths = build(args.out, embedder)
    searchers = {name: Searcher(IndexStore.open(path), embedder=embedder) for name, path in paths.items()}
    sets = {name: read(EVAL / f"{name}.jsonl") for name in (*SEED_SETS, "dev-law")}
    sets["near-law"] = read(DATA / "near_domain_law.jsonl")
    sets["near-offtopic"] = read(DATA / "near_domain_offtopic.jsonl")
    result: dict = {"quality": {}, "changed": {}}
    for name, items in sets.items():
        per = {index: score(items, searcher) for index, searcher in searchers.items()}
        result["quality"][name] = {index: r["scores"] for index, r in per.items()}
        if name in SEED_SETS:
            result["changed"][name] = changed(per["seed"], per["shipped"])
        if name in ("dev-law", "near-law"):
            result["changed"][name] = [{"id": qid, **t} for qid, t in per["shipped"]["tops"].items()
                                       if not t["top"] or not t["top"][0]["gold"]]
        print(name, json.dumps(result["quality"][name]), file=sys.stderr)
    questions = [item["question"] for items in sets.values() for item in items]
    result["latency"] = {index: latency(searcher, questions, args.rounds) for index, searcher in searchers.items()}
    print("latency", json.dumps(result["latency"]), file=sys.stderr)
    if args.first_run:
        runs: dict = {}
        python, cwd = REPO / ".venv" / "bin" / "python", REPO
        if args.install:
            with tempfile.TemporaryDirectory() as tmp:
                runs["install_s"] = install_seconds(Path(tmp) / "venv")
                python, cwd = Path(tmp) / "venv" / "bin" / "python", Path(tmp)
                runs.update({f"pack_{p}": first_run(p, python, cwd) for p in ("off", "on")})
        else:
            runs.update({f"pack_{p}": first_run(p, python, cwd) for p in ("off", "on")})
        result["first_run"] = runs
        print("first run", json.dumps(runs), file=sys.stderr)
    (args.out / "lawpack.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.readme:
        from benchmarks.report import replace_between_markers

        replace_between_markers(REPO / "benchmarks" / "README.md", "lawpack", tables(result))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
