"""The index's tables, created through sqlite-utils, and the version that names them."""

from __future__ import annotations

import sqlite_utils

SCHEMA_VERSION = 1
APPLICATION_ID = 0x4B424F54  # "KBOT": tells our index from any other SQLite file


def create_schema(db: sqlite_utils.Database) -> None:
    """Create the empty tables of a new index (the build fills them in one transaction)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["arrays"].create({"name": str, "data": bytes}, pk="name")  # e.g. each chunk's length
    db["sources"].create({
        "id": str, "file": str, "title": str, "publisher": str, "lang": str, "date": str,
        "url": str, "format": str, "hash": str, "chunks": int, "secondary_chars": int,
    }, pk="id")
    # docno is the row's position in the BM25 arrays; id is the stable chunk id that is cited.
    db["chunks"].create({
        "docno": int, "id": str, "source_id": str, "cite_id": str, "title": str, "heading": str,
        "location": str, "url": str, "lang": str, "text": str, "start": int, "end": int,
        "length": int, "secondary": int,
    }, pk="docno", foreign_keys=[("source_id", "sources", "id")])
    db["chunks"].create_index(["id"], unique=True)
    db["chunks"].create_index(["source_id"])
    # One row a term: the chunks it occurs in, its frequency there, and its BM25 weight.
    db["terms"].create({"term": str, "df": int, "docs": bytes, "tfs": bytes, "weights": bytes}, pk="term")
