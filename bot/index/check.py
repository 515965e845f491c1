"""Checking a built index: SQLite's page check, its own counts, its content digest, the corpus it came from."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.errors import IndexStale, KommunebotError
from bot.index.grams import ARRAYS as GRAM_ARRAYS
from bot.index.grams import GramIdf
from bot.index.signatures import corpus_signature, pack_differences, pack_signatures, signature_changes
from bot.index.store import IndexStore
from bot.index.writer import chunk_digest_part, term_digest_part, vector_digest_part

SQLITE_LINES = 3  # of quick_check's report, in a check's problem


def verify(store: IndexStore) -> list[str]:
    """Every sign of damage in an open index, as sentences (empty when sound).

    SQLite's quick_check finds broken b-tree pages; a page scribbled over inside a row's data
    passes it, so the chunks and terms are read back and compared with the digest the build
    recorded, and each term's postings with the counts they claim.
    """
    problems: list[str] = []
    try:
        result = store.conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            # SQLite lists every broken page, a hundred lines for a file scribbled over: the first few say enough
            lines = [ln for row in result for ln in str(row[0]).splitlines() if ln.strip()]
            more = f"; … {len(lines) - SQLITE_LINES} more" if len(lines) > SQLITE_LINES else ""
            problems.append(f"SQLite integrity check failed: the file is damaged "
                            f"({'; '.join(lines[:SQLITE_LINES])}{more})")
            return problems
        counts = store.counts()
        if counts.chunks != store.n_docs:
            problems.append(f"the meta says {store.n_docs} chunks, the table holds {counts.chunks}")
        orphans = store.conn.execute(
            "SELECT count(*) FROM chunks WHERE source_id NOT IN (SELECT id FROM sources)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} chunks name a source the index does not have")
        bad = store.conn.execute(
            "SELECT count(*) FROM chunks WHERE docno < 0 OR docno >= ?", (store.n_docs,)).fetchone()[0]
        if bad:
            problems.append(f"{bad} chunks have a position outside the BM25 arrays")
        expected = store.meta.content_sha256
        if expected is None:
            problems.append("the index records no content digest (built by an older kommunebot)")
        elif _digest(store) != expected:
            problems.append("the chunks or postings differ from what the build wrote: the file is damaged")
        if store.meta.grams_sha256 is not None:
            rows = dict(store.conn.execute("SELECT name, data FROM arrays WHERE name LIKE 'grams.%'").fetchall())
            if any(name not in rows for name in GRAM_ARRAYS) or GramIdf.digest(rows) != store.meta.grams_sha256 \
                    or store.grams() is None:
                problems.append("the character 4-grams differ from what the build wrote: the file is damaged")
    except (sqlite3.DatabaseError, KommunebotError, ValueError, TypeError) as exc:
        problems.append(f"the index cannot be read: {exc}")
    return problems


def _digest(store: IndexStore) -> str:
    digest = hashlib.sha256()
    for docno, chunk in store.chunk_rows():
        digest.update(chunk_digest_part(docno, chunk))
    vectors = hashlib.sha256()
    for docno, unit, text_hash, vector in store.conn.execute(
            "SELECT docno, unit, hash, vector FROM vectors ORDER BY docno, unit"):
        vectors.update(vector_digest_part(docno, unit, text_hash, vector))
    digest.update(vectors.digest())
    itemsize = store.tf_dtype.itemsize
    for term, df, docs, tfs, weights in store.conn.execute(
            "SELECT term, df, docs, tfs, weights FROM terms ORDER BY term"):
        if len(docs) != 4 * df or len(weights) != 4 * df or len(tfs) != itemsize * df:
            raise ValueError(f"the postings of {term!r} do not match its document frequency")
        digest.update(term_digest_part(term, df, docs, tfs, weights))
    return digest.hexdigest()


@dataclass(frozen=True)
class CheckResult:
    """One check of an index (`index check --json`): its name, and the problem found ("" when it passed)."""

    name: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Whether the check passed."""
        return not self.problem


def indexed_files(index_path: Path) -> set[str] | None:
    """The file names of the sources the index at `index_path` holds; None when it cannot be read."""
    try:
        store = IndexStore.open(index_path)
    except KommunebotError:
        return None
    try:
        return {source.file for source in store.sources()}
    except (sqlite3.DatabaseError, KommunebotError):
        return None
    finally:
        store.close()


def _same_files(store: IndexStore, corpus_dir: Path, built_from: str) -> None:
    """Raise IndexStale when `corpus_dir`, another folder than the index was built from, holds other files."""
    now = corpus_signature(corpus_dir)
    if now != store.meta.corpus_signature:
        what = signature_changes(store.meta.corpus_signature or "", now)
        raise IndexStale(f"the index was built from {built_from}, whose files differ from those in {corpus_dir}"
                         + (f" ({what})" if what else ""))


def check_index(index_path: Path, corpus_dir: Path | None = None) -> list[str]:
    """Every problem found, as sentences; an empty list means the index is sound."""
    return [r.problem for r in run_checks(index_path, corpus_dir) if not r.ok]


def run_checks(index_path: Path, corpus_dir: Path | None = None,
               packs: Sequence[Path] | None = None, named: bool = False) -> list[CheckResult]:
    """Each check in turn: the index opens, it is undamaged (verify), it is not stale against the corpus, nor against
    the source packs named (`packs`: an upgrade's mended law text is not in an index built before it).

    :param named: `corpus_dir` was named (--corpus, KOMMUNEBOT_CORPUS): checked even when the index was built from
        another folder, and a folder that is not there fails. Left to the default, only the folder the index was
        built from is checked (an installed kommunebot's bundled corpus says nothing of an index of another).
    """
    from bot.analysis import default_analyzer

    try:
        store = IndexStore.open(index_path, analyzer_version=default_analyzer().version)
    except KommunebotError as exc:
        return [CheckResult("opens", str(exc))]
    try:
        damage = verify(store)
        results = [CheckResult("opens")] + [CheckResult("undamaged", p) for p in damage or [""]]
        built_from = store.meta.corpus_dir
        if corpus_dir is not None and named and not Path(corpus_dir).is_dir():
            # a mistyped --corpus had been "OK": the corpus check was left out without a word
            results.append(CheckResult("corpus", f"no corpus folder at {corpus_dir}"))
        elif corpus_dir is not None and Path(corpus_dir).is_dir() and \
                (named or built_from == str(Path(corpus_dir).resolve())):
            try:
                if built_from is not None and built_from != str(Path(corpus_dir).resolve()):
                    _same_files(store, Path(corpus_dir), built_from)
                else:
                    store.check_corpus(Path(corpus_dir))
                # a file the build could not read is in the corpus and not in the index, a bad manifest entry's
                # metadata is not either: a gate on `check` must fail
                unread = store.meta.unread
                results.append(CheckResult("corpus"))
                if unread:
                    results.append(CheckResult("unread", f"{len(unread)} file(s) or manifest entries of the corpus could "
                                               f"not be used at the last build: {'; '.join(unread)}"))
            except KommunebotError as exc:
                results.append(CheckResult("corpus", str(exc)))
        if packs is not None and (differs := pack_differences(store.meta.packs, pack_signatures(packs))):
            results.append(CheckResult("packs", f"the index was built with other source packs than these settings "
                                                f"name ({differs}); run: kommunebot index build"))
        elif packs is not None:
            results.append(CheckResult("packs"))
    finally:
        store.close()
    return results
