"""The index's tables, derived from the typed records and created through sqlite-utils."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.corpus.records import ChunkRecord, SourceRecord, columns

if TYPE_CHECKING:  # the store reads the constants below on every start; sqlite-utils, 60 ms to import, writes
    import sqlite_utils

SCHEMA_VERSION = 3  # 2: vectors table, content digest; 3: a vector per embedding unit (text, sentences)
APPLICATION_ID = 0x4B424F54  # "KBOT": tells our index from any other SQLite file

# docno is the row's position in the BM25 arrays, length its number of terms: index-only columns.
CHUNK_TABLE: dict[str, type] = {"docno": int, **columns(ChunkRecord), "length": int}
SOURCE_TABLE: dict[str, type] = columns(SourceRecord)


def create_schema(db: sqlite_utils.Database) -> None:
    """Create the empty tables of a new index (the build fills them in one transaction)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("arrays").create({"name": str, "data": bytes}, pk="name")  # e.g. each chunk's length
    db.table("sources").create(SOURCE_TABLE, pk="id")
    db.table("chunks").create(CHUNK_TABLE, pk="docno", foreign_keys=[("source_id", "sources", "id")])
    db.table("chunks").create_index(["id"], unique=True)
    db.table("chunks").create_index(["source_id"])
    # One row per embedding unit of a chunk (bot.index.units: 0 the whole text, then its sentences):
    # the hash of the text embedded (model included), so a rebuild reuses the vector of unchanged
    # text, and the float32 vector itself.
    db.table("vectors").create({"docno": int, "unit": int, "hash": str, "vector": bytes}, pk=("docno", "unit"))
    # One row a term: the chunks it occurs in, its frequency there, and its BM25 weight.
    db.table("terms").create({"term": str, "df": int, "docs": bytes, "tfs": bytes, "weights": bytes}, pk="term")
