"""One manifest source read into typed chunks: a document's cleaned and chunked text, or a .jsonl's records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.config import ReadLimits
from bot.corpus.chunking import CHUNKER_VERSION, chunk_document, foot_headings
from bot.corpus.characters import plain
from bot.corpus.cleaning import clean
from bot.corpus.describe import Described, describe, text_sample
from bot.corpus.manifest import SourceInfo
from bot.corpus.readers import READER_VERSIONS, TITLE_FROM_MANIFEST, file_hash, read_records, read_sections
from bot.corpus.records import ChunkRecord
from bot.errors import CorpusError

BATCH = 2000  # records per batch: analysed per task and written per statement


@dataclass(frozen=True)
class DocumentChunks:
    """A document file's chunks, its format, how many characters cleaning set aside as secondary, its metadata."""

    format: str
    secondary_chars: int
    chunks: tuple[ChunkRecord, ...]
    described: Described


def searchable_text(chunk: ChunkRecord) -> str:
    """The text a chunk is found by: its body with a record's own title or a document chunk's heading.

    A document's title is the same for all its chunks and says nothing about which one answers,
    so only a .jsonl record's own title (cite_id is then the record's id) is indexed.
    """
    title = chunk.title if chunk.cite_id != chunk.source_id else ""
    return "\n".join(part for part in (title, chunk.heading, chunk.text) if part)


def read_document(path: Path, info: SourceInfo, limits: ReadLimits = ReadLimits()) -> DocumentChunks:
    """Read, clean and chunk one document file (not .jsonl)."""
    chunks: list[ChunkRecord] = []
    secondary = 0
    seen: set[str] = set()
    sections = read_sections(path, limits)
    described = describe(info, path, text_sample(sections))
    info = described.info  # what the manifest leaves out, from the file itself or its text
    carried = ""
    for n, section in enumerate(sections):
        cleaned = clean(plain(section.text), info.rules)  # NUL and direction overrides, in any format: dropped
        secondary += len(cleaned.secondary)
        text, foot = cleaned.text, ""
        if section.page and n + 1 < len(sections) and info.layout != "slides":
            # a heading at a page's foot heads the next page's text, not the end of this page's
            text, foot = foot_headings(text)
        for ch in chunk_document(text, info.id, info.lang, info.layout, location=section.location,
                                 title=info.title, heading=section.heading, carried=carried):
            cid = ch.id if ch.id not in seen else f"{ch.id}~{len(seen)}"  # the same text twice at one location
            seen.add(cid)
            chunks.append(ChunkRecord(id=cid, source_id=info.id, cite_id=info.id, title=info.title,
                                      heading=ch.heading if ch.heading != info.title else "",
                                      location=ch.location, url=info.url, lang=info.lang, text=ch.text,
                                      start=ch.start, end=ch.end, secondary=int(ch.secondary)))
        carried = foot
    if not chunks:
        raise CorpusError(f"{path.name}: no text left after cleaning")
    return DocumentChunks(path.suffix.lower().lstrip("."), secondary, tuple(chunks), described)


def record_batches(path: Path, info: SourceInfo, limits: ReadLimits = ReadLimits()) -> Iterator[list[ChunkRecord]]:
    """A .jsonl(.gz) file's passages as chunks, in batches."""
    batch: list[ChunkRecord] = []
    for rec in read_records(path, limits):
        batch.append(ChunkRecord(id=rec.id, source_id=info.id, cite_id=rec.cite_id or rec.id, title=rec.title,
                                 heading=rec.heading,
                                 location=rec.location, url=rec.url, lang=rec.lang or info.lang, text=rec.text,
                                 start=0, end=len(rec.text)))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def source_digest(path: Path, info: SourceInfo) -> str:
    """The file's content hash combined with how the manifest says to read it."""
    rules = info.rules
    how = json.dumps([CHUNKER_VERSION, info.id, info.lang, info.layout, [p.pattern for p in rules.drop_lines],
                      [(a.pattern, b.pattern) for a, b in rules.drop_between],
                      [p.pattern for p in rules.strip], rules.teaser_marker, rules.teaser_lines])
    if info.title:  # every chunk carries the title it was read with (cited, indexed, embedded): a new one reads it again
        how += f"\0title {info.title}"
    version = READER_VERSIONS.get(path.suffix.lower())
    if version:  # only a versioned format's digest changes, so other sources are still reused after an upgrade
        how += f"\0reader {version}"
    for key in TITLE_FROM_MANIFEST.get(path.suffix.lower(), ()):
        how += f"\0{key} {getattr(info, key) or ''}"
    return hashlib.sha256(f"{file_hash(path)}\0{how}".encode()).hexdigest()
