"""Putting bench files into a benchmark's corpus folder without a symbolic link.

The corpus reader skips links that lead outside the corpus folder (corpus/ is trusted input,
but a link out is not followed), so a benchmark corpus holds hard links, or copies where a
hard link cannot be made (another file system).
"""

from __future__ import annotations

import os
import shutil
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
