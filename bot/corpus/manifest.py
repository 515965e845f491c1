"""Reading `corpus/sources.toml`: each source's metadata and the cleaning rules."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import CorpusError

MANIFEST_NAME = "sources.toml"
READABLE = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".odt", ".pptx", ".odp", ".jsonl", ".jsonl.gz")


@dataclass(frozen=True)
class Rules:
    """Cleaning rules, compiled: the general ones merged with a source's own."""

    drop_lines: tuple[re.Pattern[str], ...] = ()
    drop_between: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    strip: tuple[re.Pattern[str], ...] = ()
    teaser_marker: str = ""
    teaser_lines: int = 3


@dataclass(frozen=True)
class SourceInfo:
    """What the manifest says of one file."""

    file: str
    id: str
    title: str
    publisher: str = ""
    lang: str = ""
    date: str = ""
    url: str | None = None
    layout: str = "article"
    rules: Rules = field(default_factory=Rules)
    semantic: bool = False  # embed this source even when the index is above KOMMUNEBOT_SEMANTIC_MAX_CHUNKS


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise CorpusError(f"{where}: bad regular expression: {exc}") from None


def _rules(table: dict, base: Rules, where: str) -> Rules:
    pairs = []
    for pair in table.get("drop_between", []):
        if len(pair) != 2:
            raise CorpusError(f"{where}: drop_between takes [start, end] pairs")
        start, end = _compile(list(pair), where)
        pairs.append((start, end))
    return Rules(
        drop_lines=base.drop_lines + _compile(table.get("drop_lines", []), where),
        drop_between=base.drop_between + tuple(pairs),
        strip=base.strip + _compile(table.get("strip", []), where),
        teaser_marker=table.get("teaser_marker", base.teaser_marker),
        teaser_lines=int(table.get("teaser_lines", base.teaser_lines)),
    )


def source_files(corpus_dir: Path) -> list[Path]:
    """The files of the corpus that a reader exists for, sorted by name."""
    return sorted(
        p for p in corpus_dir.iterdir()
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
        and p.name.lower().endswith(READABLE) and p.name.lower() != "readme.md"
    )


def stem_of(name: str) -> str:
    """A file name without its (possibly double) extension."""
    for ext in sorted(READABLE, key=len, reverse=True):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return name


def load_manifest(corpus_dir: Path) -> dict[str, SourceInfo]:
    """Map each readable file name in `corpus_dir` to its SourceInfo."""
    path = corpus_dir / MANIFEST_NAME
    data: dict = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path.name}: not valid TOML: {exc}") from None
    general = _rules(data.get("cleaning", {}), Rules(), f"{path.name} [cleaning]")
    entries = {entry.get("file", ""): entry for entry in data.get("source", [])}
    out: dict[str, SourceInfo] = {}
    for file in source_files(corpus_dir):
        entry = entries.get(file.name, {})
        out[file.name] = SourceInfo(
            file=file.name,
            id=entry.get("id") or stem_of(file.name),
            title=entry.get("title") or stem_of(file.name).replace("_", " "),
            publisher=entry.get("publisher", ""),
            lang=entry.get("lang", ""),
            date=str(entry.get("date", "")),
            url=entry.get("url") or None,
            layout=entry.get("layout", "article"),
            rules=_rules(entry, general, f"{path.name} [{file.name}]"),
            semantic=entry.get("semantic") is True,
        )
    return out
