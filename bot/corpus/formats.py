"""Which files of a corpus folder no reader exists for, each reported by name."""

from __future__ import annotations

from pathlib import Path

from bot.corpus.manifest import MANIFEST_NAME, READABLE

IGNORED = (MANIFEST_NAME, "readme.md")  # the manifest and a note for maintainers are not sources


def format_of(name: str) -> str:
    """A file's format as people name it: ".xlsx", ".tar.gz", or "no extension"."""
    suffixes = Path(name).suffixes
    if not suffixes:
        return "no extension"
    return "".join(suffixes[-2:]).lower() if suffixes[-1].lower() == ".gz" else suffixes[-1].lower()


def skipped_files(corpus_dir: Path) -> list[str]:
    """One sentence per file in `corpus_dir` that is not indexed because its format is not supported."""
    if not corpus_dir.is_dir():
        return []
    out = []
    for path in sorted(corpus_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name.lower() in IGNORED or not path.is_file():
            continue
        if not name.lower().endswith(READABLE):
            out.append(f"skipped: {name}: {format_of(name)} is not a supported format")
    return out
