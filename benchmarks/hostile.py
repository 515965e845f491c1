"""Hostile corpus files against `kommunebot index build`: tracebacks, hangs, peak memory, outcome.

Each hostile file (tests/helpers/hostile.py, at the sizes of the attack report) is put beside one good
text file in a corpus of its own and built with `/usr/bin/time -v python -m bot index build
--json`; peak memory is time's maximum resident set size (the build and its reader process).
Run it once for the code before the change and once after, then print the table:

    python benchmarks/hostile.py --src ../main-checkout --label before
    python benchmarks/hostile.py --label after
    python benchmarks/hostile.py --table --write   # into benchmarks/README.md, between its markers

The files are made once into benchmarks/out/hostile/files (a few MB on disk). The build is
given --timeout seconds (a hang past it is killed and counted) and, so the old code cannot
take the machine down, an address-space cap (--cap-mb): a build stopped by it is counted as
needing at least that much.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers import hostile  # noqa: E402

OUT = REPO / "benchmarks" / "out" / "hostile"
MAX_OUTPUT = 16 << 20
GOOD = "Kommunestyret er kommunens øverste organ og vedtar budsjettet hvert år i desember.\n"


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _escape_name(path: Path) -> Path:
    target = path.with_name("\x1b]0;PWNED\x07.xlsx")
    target.write_bytes(b"PK")
    return target


# class -> file name -> generator (full size)
CASES: dict[str, dict[str, Callable[[Path], Path]]] = {
    "PDF": {
        "aes256.pdf": hostile.pdf_aes256,
        "flate-80MB.pdf": hostile.pdf_flate_bomb,
        "tj-1.5M.pdf": hostile.pdf_many_operators,
        "contents-100k.pdf": hostile.pdf_contents_array,
        "page-x20000.pdf": hostile.pdf_shared_page,
    },
    "ODF (.odt/.odp)": {
        "section-5000.odt": hostile.odt_deep,
        "list-5000.odt": lambda p: hostile.odt_deep(p, tag="text:list"),
        "span-5000.odt": lambda p: hostile.odt_deep(p, tag="text:span"),
        "group-5000.odp": hostile.odp_deep,
        "content-malformed.odt": hostile.odt_malformed_content,
        "content-missing.odt": hostile.odt_missing_content,
        "meta-malformed.odt": hostile.odt_bad_meta,
        "content-1GiB.odt": hostile.odt_content_bomb,
        "paragraphs-2M.odt": hostile.odt_many_paragraphs,
    },
    "Office (.docx/.pptx)": {
        "member-2GiB.pptx": hostile.pptx_member_bomb,
        "paragraphs-200k.docx": hostile.docx_many_paragraphs,
    },
    "HTML": {
        "attributes-200k.html": hostile.html_attributes,
    },
    "Records (.jsonl.gz)": {
        "line-2GiB.jsonl.gz": hostile.jsonl_gz_long_line,
        "blank-2GiB.jsonl.gz": hostile.jsonl_gz_blank_lines,
        "corrupt.jsonl.gz": hostile.jsonl_gz_corrupt,
    },
    "Odd entries": {
        "escape-name.xlsx": _escape_name,
        "pipe.txt": _fifo,
        "folder.md": _folder,
    },
}


ORDER = [name for cases in CASES.values() for name in cases]  # the rows' order in the saved results


def make_corpus(name: str, make: Callable[[Path], Path]) -> Path:
    """A corpus folder of one good text and the hostile file (made once, kept between runs)."""
    corpus = OUT / "files" / name
    if not (corpus / ".made").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        (corpus / "god.txt").write_text(GOOD, encoding="utf-8")
        make(corpus / name)
        (corpus / ".made").write_text("", encoding="utf-8")
    return corpus


def _outcome(name: str, code: int | None, stdout: str, stderr: str) -> str:
    if code is None:
        return "hang (killed)"
    try:
        summary = json.loads(stdout)
    except json.JSONDecodeError:
        last = [line for line in stderr.splitlines() if line.strip()][-1:] or ["(nothing)"]
        return ("invalid JSON on stdout; " if stdout.strip() else "") + f"aborted: {last[0][:120]}"
    named = [e for e in summary["errors"] + summary["skipped"] + summary["warnings"]]
    raw = any(ch in stdout + stderr for ch in "\x1b\x07")
    if summary["sources"] >= 2 and not named:
        return "indexed" + ("; escapes printed raw" if raw else "")
    if not named:
        return f"silently left out ({summary['sources']} indexed)"
    return f"named: {named[0][:110]}" + ("; escapes printed raw" if raw else "")


def run(src: Path, label: str, timeout: int, cap_mb: int) -> list[dict]:
    """Build each hostile corpus with the code in `src`; one row per file."""
    rows = []
    env = {**os.environ, "PYTHONPATH": str(src), "KOMMUNEBOT_SEMANTIC": "off"}
    for klass, cases in CASES.items():
        for name, make in cases.items():
            corpus = make_corpus(name, make)
            index = OUT / f"{label}-index" / f"{name}.db"
            index.parent.mkdir(parents=True, exist_ok=True)
            for old in index.parent.glob(f"{name}.db*"):
                old.unlink()

            def cap() -> None:
                resource.setrlimit(resource.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

            started = time.perf_counter()
            with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # never a full pipe
                proc = subprocess.Popen(["/usr/bin/time", "-v", sys.executable, "-m", "bot", "index", "build",
                                         "--json", "--corpus", str(corpus), "--index", str(index)],
                                        stdout=out, stderr=err, env=env, cwd=src, preexec_fn=cap,
                                        start_new_session=True)
                sampled = _watch(proc, timeout)  # the largest process's RSS, for a build killed before time reports
                code: int | None = proc.returncode
                if sampled < 0:
                    os.killpg(proc.pid, 9)
                    proc.wait()
                    code = None
                seconds = time.perf_counter() - started
                stdout, stderr = _text(out), _text(err)
            rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
            cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", stderr))
            stderr = "\n".join(line for line in stderr.split("\tCommand being timed:")[0].splitlines()
                               if not line.startswith("Command "))  # the build's own, without time's report
            row = {"class": klass, "file": name, "size": _size(corpus / name), "exit": code,
                   "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                   "peak_mib": int(rss.group(1)) // 1024 if rss else abs(sampled) >> 20,
                   "traceback": "Traceback (most recent call last)" in stderr, "hang": code is None,
                   "capped": "MemoryError" in stderr, "outcome": _outcome(name, code, stdout, stderr),
                   "stderr_tail": stderr[-600:]}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    saved = OUT / f"{label}.json"
    earlier = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else []
    ran = {r["file"] for r in rows}  # an --only run replaces its files' rows and keeps the others
    merged = sorted([r for r in earlier if r["file"] not in ran] + rows,
                    key=lambda r: ORDER.index(r["file"]) if r["file"] in ORDER else len(ORDER))
    saved.write_text(json.dumps(merged, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def _watch(proc: subprocess.Popen, timeout: int) -> int:
    """Wait for `proc` up to `timeout` s, sampling the largest RSS in its process tree; negative if it overran.

    Output is read only afterwards, so a build's output must fit the pipes (a --json summary does).
    """
    import psutil

    peak, deadline = 0, time.monotonic() + timeout
    while proc.poll() is None:
        if time.monotonic() > deadline:
            return -max(peak, 1)
        try:
            tree = psutil.Process(proc.pid)
            peak = max([peak] + [p.memory_info().rss for p in [tree, *tree.children(recursive=True)]])
        except psutil.Error:
            pass
        time.sleep(0.5)
    return peak


def _text(handle) -> str:  # noqa: ANN001 - a temporary file
    """What a build wrote: whole when small, else its first and last 64 KiB (a reader printing a GiB of XML)."""
    size = handle.seek(0, 2)
    handle.seek(0)
    if size <= MAX_OUTPUT:
        return handle.read().decode("utf-8", "replace")
    head = handle.read(64 << 10)
    handle.seek(size - (64 << 10))
    return (head + b"\n[...]\n" + handle.read()).decode("utf-8", "replace")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _time(row: dict) -> str:
    """Wall seconds, and processor seconds where measured."""
    if row["hang"]:
        return f"{row['seconds']} (killed)"
    return f"{row['seconds']}" + (f" ({row['cpu_seconds']} CPU)" if "cpu_seconds" in row else "")


def _shown(outcome: str) -> str:
    """An outcome for the table: a raw control character (a name's escape reaching the output) as a symbol."""
    raw = "".join(chr(0x2400 + ord(ch)) if ord(ch) < 32 else ch for ch in outcome)
    return raw + (" (escapes raw)" if raw != outcome else "")


def _bad(row: dict) -> bool:
    """Whether a build's outcome is a failure: aborted, invalid JSON, a hang, a file left out silently,
    a bomb indexed unbounded, or a name's escapes printed raw."""
    return row["outcome"].startswith(("aborted", "invalid", "hang", "indexed", "silently")) or \
        "printed raw" in row["outcome"] or any(ord(ch) < 32 for ch in row["outcome"])


def table() -> str:
    """The before/after table by class, then every file's row."""
    runs = {label: json.loads((OUT / f"{label}.json").read_text(encoding="utf-8"))
            for label in ("before", "after") if (OUT / f"{label}.json").exists()}
    lines = ["| class | inputs | tracebacks | hangs (300 s) | peak MiB of the worst file | slowest file, s (CPU s) | "
             "bad outcomes |", "|---|---|---|---|---|---|---|"]
    for klass in CASES:
        cells = {}
        for label, rows in runs.items():
            mine = [r for r in rows if r["class"] == klass]
            if not mine:
                continue
            slowest = max(mine, key=lambda r: r["seconds"])
            cells[label] = (str(sum(r["traceback"] for r in mine)), str(sum(r["hang"] for r in mine)),
                            f"{max((r['peak_mib'] or 0) for r in mine):,}", _time(slowest),
                            str(sum(_bad(r) for r in mine)), len(mine))

        def pair(i: int, cells: dict = cells) -> str:
            return " → ".join(str(cells[label][i]) for label in ("before", "after") if label in cells)

        if cells:
            lines.append(f"| {klass} | {max(c[5] for c in cells.values())} | {pair(0)} | {pair(1)} | {pair(2)} | "
                         f"{pair(3)} | {pair(4)} |")
    lines += ["", "| file | size (bytes) | before: s, peak MiB, outcome | after: s, peak MiB, outcome |",
              "|---|---|---|---|"]
    before = {r["file"]: r for r in runs.get("before", [])}
    after = {r["file"]: r for r in runs.get("after", [])}
    for name in ORDER:
        b, a = before.get(name), after.get(name)
        if not (a or b):
            continue
        size = (a or b)["size"]  # type: ignore[index]
        cell = [f"{_time(r)}, {r['peak_mib']:,}, {_shown(r['outcome'])}" if r else "" for r in (b, a)]
        lines.append(f"| {name} | {size:,} | {cell[0]} | {cell[1]} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=REPO, help="the checkout whose code is run (default: this one)")
    parser.add_argument("--label", default="after", help="before or after")
    parser.add_argument("--timeout", type=int, default=300, help="seconds before a build counts as a hang")
    parser.add_argument("--cap-mb", type=int, default=8192, help="address-space cap of each build (MiB)")
    parser.add_argument("--only", default="", help="run only the files whose names hold one of these (a,b,…)")
    parser.add_argument("--table", action="store_true", help="print the before/after table and stop")
    parser.add_argument("--write", action="store_true", help="with --table: also put it into benchmarks/README.md")
    args = parser.parse_args()
    if args.table:
        print(table())
        if args.write:
            from benchmarks.report import replace_between_markers

            replace_between_markers(REPO / "benchmarks" / "README.md", "hostile", table())
        return
    if args.only:
        wanted = args.only.split(",")
        selected = {klass: {k: v for k, v in cases.items() if any(w in k for w in wanted)}
                    for klass, cases in CASES.items()}
        CASES.clear()
        CASES.update(selected)
    run(args.src.resolve(), args.label, args.timeout, args.cap_mb)


if __name__ == "__main__":
    main()
