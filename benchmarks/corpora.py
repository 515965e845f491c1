"""Make the benchmark corpora and the fixed query set from ../shared/bench.

    python -m benchmarks.corpora            # 10k, 347k and 1m corpus folders, queries.jsonl

The corpora go to benchmarks/out/corpora/{10k,347k,1m}, each a corpus folder that
`kommunebot index build --corpus` reads (no sources.toml: file names become source ids):
- 10k: a 10,000-passage slice of the two law files (every ~35th passage, both languages);
- 347k: the two law files themselves (117,544 nb + 229,487 da passages), linked;
- 1m: NorQuAD and XQuAD passages, the law files, then the law passages again with changed
  ids ("r1:", "r2:") until there are exactly 1,000,000 passages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from benchmarks.files import place
from benchmarks.shared import BENCH, MissingData, absent

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"
CORPORA = OUT / "corpora"
QUERIES = REPO / "benchmarks" / "queries.jsonl"
LAWS = ("no-laws.jsonl.gz", "da-laws.jsonl.gz")
SIZES = ("10k", "347k", "1m")
ONE_MILLION = 1_000_000
FILE_RECORDS = 100_000  # the repeated passages are written in files of this many lines


def _lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for line in handle:
            if line.strip():
                yield line


def _count(path: Path) -> int:
    return sum(1 for _ in _lines(path))


def make_10k(bench: Path, target: Path, size: int = 10_000) -> None:
    """An evenly spaced slice of both law files, `size` passages in all."""
    target.mkdir(parents=True, exist_ok=True)
    totals = {name: _count(bench / "laws" / name) for name in LAWS}
    grand = sum(totals.values())
    for name in LAWS:
        want = round(size * totals[name] / grand)
        step = totals[name] / want
        picks = {int(i * step) for i in range(want)}
        with open(target / name.replace(".gz", ""), "wb") as out:
            for i, line in enumerate(_lines(bench / "laws" / name)):
                if i in picks:
                    out.write(line)


def make_347k(bench: Path, target: Path) -> None:
    """The two law files, hard-linked (or copied)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in LAWS:
        place(bench / "laws" / name, target / name)


def make_1m(bench: Path, target: Path) -> None:
    """NorQuAD + XQuAD + the laws, then the laws repeated with changed ids, to 1,000,000 passages."""
    target.mkdir(parents=True, exist_ok=True)
    have = 0
    for src, name in ((bench / "norquad" / "corpus.jsonl", "a-norquad.jsonl"),
                      (bench / "xquad" / "nb-corpus.jsonl", "a-xquad-nb.jsonl"),
                      (bench / "xquad" / "da-corpus.jsonl", "a-xquad-da.jsonl"),
                      *((bench / "laws" / law, f"b-{law}") for law in LAWS)):
        place(src, target / name)
        have += _count(src)
    round_no, part = 1, 0
    out = None
    written = 0
    while have < ONE_MILLION:
        for law in LAWS:
            for line in _lines(bench / "laws" / law):
                if have >= ONE_MILLION:
                    break
                if out is None or written == FILE_RECORDS:
                    if out:
                        out.close()
                    part += 1
                    out = open(target / f"c-repeat-{part:02d}.jsonl", "w", encoding="utf-8")
                    written = 0
                rec = json.loads(line)
                rec["id"] = f"r{round_no}:{rec['id']}"
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
                have += 1
        round_no += 1
    if out:
        out.close()


def make_queries(bench: Path, path: Path = QUERIES, seed: int = 20240601) -> None:
    """A fixed set of 550 queries: 400 real questions and 150 made of the laws' most frequent words."""
    rng = random.Random(seed)
    rows: list[dict] = []

    def questions(file: Path, n: int, kind: str) -> None:
        items = [json.loads(line) for line in _lines(file)]
        for item in rng.sample(items, n):
            rows.append({"id": f"{kind}:{item['id']}", "kind": "question", "lang": item["lang"],
                         "text": item["question"]})

    questions(bench / "norquad" / "val.jsonl", 200, "norquad")
    questions(bench / "xquad" / "nb.jsonl", 100, "xquad-nb")
    questions(bench / "xquad" / "da.jsonl", 100, "xquad-da")
    words = re.compile(r"\w+")
    for law, lang in zip(LAWS, ("nb", "da"), strict=True):
        freq: Counter[str] = Counter()
        for i, line in enumerate(_lines(bench / "laws" / law)):
            if i % 10 == 0:  # a tenth of the passages gives the same head of the distribution
                freq.update(w for w in words.findall(json.loads(line)["text"].lower()) if not w.isdigit())
        top = [w for w, _ in freq.most_common(120)]
        for n in range(75):
            picked = rng.sample(top, rng.randint(3, 10))
            rows.append({"id": f"frequent-{lang}:{n}", "kind": "frequent", "lang": lang, "text": " ".join(picked)})
    rng.shuffle(rows)  # mixed, so that the first N of them are a fair sample too
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def inputs(bench: Path, size: str) -> list[Path]:
    """The files of `bench` that making `size` reads."""
    laws = [bench / "laws" / name for name in LAWS]
    if size == "1m":
        return [bench / "norquad" / "corpus.jsonl", bench / "xquad" / "nb-corpus.jsonl",
                bench / "xquad" / "da-corpus.jsonl", *laws]
    if size == "queries":
        return [bench / "norquad" / "val.jsonl", bench / "xquad" / "nb.jsonl", bench / "xquad" / "da.jsonl", *laws]
    return laws


def check_inputs(bench: Path, sizes: list[str]) -> None:
    """Stop before anything is made when a file that one of `sizes` reads is absent, naming each one and where it was
    looked for (a corpus half made, or a traceback after minutes of work, is what not checking gave)."""
    paths = dict.fromkeys(path for size in sizes for path in inputs(bench, size))
    if bench == BENCH:
        missing = [why for path in paths if (why := absent(path)) is not None]
    else:
        missing = [f"{path} is absent (--bench names {bench})" for path in paths if not path.exists()]
    if missing:
        raise MissingData(missing, "nothing made")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # no choices=: argparse checks an empty or default nargs="*" list against them as one
    # value and rejects it ("invalid choice: ['10k', '347k', '1m']"); checked below instead
    parser.add_argument("sizes", nargs="*", metavar="SIZE", help="10k, 347k, 1m or queries (default: every size)")
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--out", type=Path, default=OUT, help="the corpora go to OUT/corpora/SIZE")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sizes if s not in SIZES + ("queries",)]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r} (choose from {', '.join(SIZES)}, queries)")
    makers = {"10k": make_10k, "347k": make_347k, "1m": make_1m}
    sizes = list(args.sizes or SIZES)
    check_inputs(args.bench, sizes + (["queries"] if not QUERIES.exists() else []))
    for size in sizes:
        if size == "queries":
            make_queries(args.bench)
            continue
        makers[size](args.bench, args.out / "corpora" / size)
        print(f"{size}: {args.out / 'corpora' / size}")
    if not QUERIES.exists():
        make_queries(args.bench)
        print(f"queries: {QUERIES}")


if __name__ == "__main__":
    main()
