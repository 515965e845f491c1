"""Checking a built index against its schema, itself and the corpus it came from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.errors import KommunebotError
from bot.index.store import IndexStore


def check_index(index_path: Path, corpus_dir: Path | None = None) -> list[str]:
    """Every problem found, as sentences; an empty list means the index is sound."""
    from bot.analysis import default_analyzer

    try:
        store = IndexStore.open(index_path, analyzer_version=default_analyzer().version)
    except KommunebotError as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        if store.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            problems.append("SQLite integrity check failed: the file is damaged")
        counts = store.counts()
        if counts["chunks"] != store.n_docs:
            problems.append(f"the meta says {store.n_docs} chunks, the table holds {counts['chunks']}")
        orphans = store.conn.execute(
            "SELECT count(*) FROM chunks WHERE source_id NOT IN (SELECT id FROM sources)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} chunks name a source the index does not have")
        bad = store.conn.execute(
            "SELECT count(*) FROM chunks WHERE docno < 0 OR docno >= ?", (store.n_docs,)).fetchone()[0]
        if bad:
            problems.append(f"{bad} chunks have a position outside the BM25 arrays")
        if corpus_dir is not None and Path(corpus_dir).is_dir() and \
                store.meta.get("corpus_dir") == str(Path(corpus_dir).resolve()):
            try:
                store.check_corpus(Path(corpus_dir))
            except KommunebotError as exc:
                problems.append(str(exc))
    except sqlite3.DatabaseError as exc:
        problems.append(f"the index cannot be read: {exc}")
    finally:
        store.close()
    return problems
