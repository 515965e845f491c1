"""Writing a benchmark's table into benchmarks/README.md between its markers, keeping the text around them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from benchmarks.shared import MissingData, absent

README = Path(__file__).resolve().parent / "README.md"


def markers(name: str) -> tuple[str, str]:
    """The begin and end comments that enclose the block called `name`."""
    return f"<!-- begin {name} -->", f"<!-- end {name} -->"


def replace_between_markers(path: Path, name: str, text: str) -> Path:
    """Put `text` between the markers of block `name` in `path` (appended, with its markers, when absent).

    Only what lies between the two markers changes: the hand-written text around them is kept.
    A file with one marker of the pair, or with them out of order, is an error, not a guess.
    """
    begin, end = markers(name)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{begin}\n{text.strip(chr(10))}\n{end}"
    start, stop = old.find(begin), old.find(end)
    if start == stop == -1:
        new = old + ("\n" if old and not old.endswith("\n") else "") + ("\n" if old else "") + block + "\n"
    elif start == -1 or stop == -1 or stop < start or old.count(begin) > 1 or old.count(end) > 1:
        raise ValueError(f"{path}: the markers of {name!r} are not one begin followed by one end")
    else:
        new = old[:start] + block + old[stop + len(end):]
    path.write_text(new, encoding="utf-8")
    return path


def table_run(doc: str, marker: str, shared: Path, make: Callable[[], str]) -> None:
    """A benchmark that prints one table: `make` it (needs ../shared), print it, and with --readme write it into
    benchmarks/README.md between `marker`'s markers."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readme", action="store_true", help=f"write the table into benchmarks/README.md ({marker})")
    args = parser.parse_args()
    why = absent(shared / "eval", shared=shared)
    if why:
        raise MissingData([why])
    text = make()
    print(text)
    if args.readme:
        replace_between_markers(README, marker, text)
