"""The records that cross layers: a chunk as indexed and cited, a source as indexed (one definition each)."""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class ChunkRecord:
    """One passage as it is indexed, searched and cited; the index's `chunks` table is derived from it."""

    id: str              # stable chunk id: what feedback and pins keep
    source_id: str       # the manifest source the chunk came from
    cite_id: str         # what is cited: the source id, or a record's own id in a .jsonl
    title: str
    heading: str
    location: str        # "lysbilde 41", "side 3", a section heading
    url: str | None
    lang: str
    text: str
    start: int = 0       # character span in the cleaned source text
    end: int = 0
    secondary: int = 0   # 1 for agenda slides: never ranked above the slides they announce


@dataclass(frozen=True)
class SourceRecord:
    """One indexed source file with where it came from; the index's `sources` table is derived from it."""

    id: str
    file: str
    title: str
    publisher: str
    lang: str
    date: str
    url: str | None
    format: str
    hash: str            # content hash combined with the manifest's reading rules (incremental builds)
    chunks: int
    secondary_chars: int


def columns(record: type) -> dict[str, type]:
    """A record's fields as SQLite column types for sqlite-utils (`str | None` is a nullable str)."""
    hints = typing.get_type_hints(record)
    out: dict[str, type] = {}
    for f in fields(record):
        hint = hints[f.name]
        if isinstance(hint, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        out[f.name] = hint
    return out


@functools.cache  # read for every row fetched: dataclasses.fields() cost a tenth of a search's time
def names(record: type) -> tuple[str, ...]:
    """A record's field names, in order."""
    return tuple(f.name for f in fields(record))


def from_row(record: type, row: dict[str, Any]) -> Any:
    """The record of a table row (extra columns such as docno are left out)."""
    return record(**{name: row[name] for name in names(record)})
