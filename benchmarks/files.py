"""Putting bench files into a benchmark's corpus folder without a symbolic link.

The corpus reader skips links that lead outside the corpus folder (corpus/ is trusted input,
but a link out is not followed), so a benchmark corpus holds hard links, or copies where a
hard link cannot be made (another file system).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def place(source: Path, target: Path) -> None:
    """Make `target` hold `source`'s bytes: a hard link, else a copy; an earlier run's symlink is replaced."""
    if target.is_symlink():
        target.unlink()
    if target.exists() and target.stat().st_size == source.stat().st_size:
        return
    target.unlink(missing_ok=True)
    try:
        os.link(source.resolve(), target)
    except OSError:
        shutil.copyfile(source, target)


def mirror(sources: list[Path], folder: Path) -> None:
    """Make `folder` (a benchmark's own, under benchmarks/out) hold exactly `sources`.

    A file another run left there would be indexed as part of this set: its chunks would be
    distractors the set never had (an XQuAD index once held all of NorQuAD's corpus this way).
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {s.name for s in sources}
    for stray in folder.iterdir():
        if stray.name not in wanted and (stray.is_file() or stray.is_symlink()):
            print(f"{folder.name}: removing {stray.name}, not a file of this set", file=sys.stderr)
            stray.unlink()
    for s in sources:
        place(s, folder / s.name)
