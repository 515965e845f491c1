"""Checking a built index against its schema, itself and the corpus it came from."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.errors import KommunebotError
from bot.index.store import IndexStore


@dataclass(frozen=True)
class CheckResult:
    """One check of an index: its name, and the problem found ("" when it passed)."""

    name: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Whether the check passed."""
        return not self.problem


def check_index(index_path: Path, corpus_dir: Path | None = None) -> list[str]:
    """Every problem found, as sentences; an empty list means the index is sound."""
    return [r.problem for r in run_checks(index_path, corpus_dir) if not r.ok]


def run_checks(index_path: Path, corpus_dir: Path | None = None) -> list[CheckResult]:
    """Each check of the index in turn, with what it found."""
    from bot.analysis import default_analyzer

    try:
        store = IndexStore.open(index_path, analyzer_version=default_analyzer().version)
    except KommunebotError as exc:
        return [CheckResult("opens", str(exc))]
    results = [CheckResult("opens")]
    try:
        damaged = store.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        results.append(CheckResult("integrity", "SQLite integrity check failed: the file is damaged"
                                   if damaged else ""))
        counts = store.counts()
        results.append(CheckResult("counts", f"the meta says {store.n_docs} chunks, the table holds {counts['chunks']}"
                                   if counts["chunks"] != store.n_docs else ""))
        orphans = store.conn.execute(
            "SELECT count(*) FROM chunks WHERE source_id NOT IN (SELECT id FROM sources)").fetchone()[0]
        results.append(CheckResult("sources", f"{orphans} chunks name a source the index does not have"
                                   if orphans else ""))
        bad = store.conn.execute(
            "SELECT count(*) FROM chunks WHERE docno < 0 OR docno >= ?", (store.n_docs,)).fetchone()[0]
        results.append(CheckResult("positions", f"{bad} chunks have a position outside the BM25 arrays"
                                   if bad else ""))
        if corpus_dir is not None and Path(corpus_dir).is_dir() and \
                store.meta.get("corpus_dir") == str(Path(corpus_dir).resolve()):
            try:
                store.check_corpus(Path(corpus_dir))
                results.append(CheckResult("corpus"))
            except KommunebotError as exc:
                results.append(CheckResult("corpus", str(exc)))
    except sqlite3.DatabaseError as exc:
        results.append(CheckResult("readable", f"the index cannot be read: {exc}"))
    finally:
        store.close()
    return results
