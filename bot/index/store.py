"""Opening a built index read-only: validation, metadata, postings and chunk rows."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from bot.bm25 import BM25Params
from bot.corpus.collation import title_key
from bot.corpus.records import ChunkRecord, SourceRecord, from_row
from bot.errors import IndexInvalid, IndexMissing, IndexStale
from bot.index.grams import ARRAYS as GRAM_ARRAYS
from bot.index.grams import GramIdf
from bot.index.meta import IndexMeta
from bot.index.schema import APPLICATION_ID, SCHEMA_VERSION
from bot.index.signatures import corpus_signature, signature_changes
from bot.semantic.sparse import SPARSE_K, SparseVectors

MMAP_BYTES = 1 << 40  # SQLite caps it at its compile-time limit (2 GiB by default)


# The fix for a file that is no readable index: a build replaces a damaged index only where its lock file says
# kommunebot made it, and refuses a copy or another program's file, so the fix says both (a re-checker was sent round
# in a circle by "run: kommunebot index build" alone)
UNREADABLE_HINT = ("run: kommunebot index build (it rebuilds an index it made); if that refuses the file as not "
                   "kommunebot's, move the file away or choose another --index, then build")


@dataclass(frozen=True)
class Vectors:
    """An index's embeddings: each chunk's whole-text vector, its sentence units' and its written questions'."""

    docnos: np.ndarray   # the chunks that have vectors, ascending
    whole: np.ndarray    # (len(docnos), dim) float32: unit 0 of each
    owners: np.ndarray   # the chunk of each sentence unit, ascending (a chunk's units are consecutive)
    units: np.ndarray    # (len(owners), dim) float32
    whole_sparse: SparseVectors | None = None  # the same rows' sparse vectors, when the model has a head
    units_sparse: SparseVectors | None = None
    # the questions written for chunks (bot.corpus.questions; units −1, −2, …): their chunks, ascending, and vectors
    asked_owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    asked: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def unit_starts(self) -> np.ndarray:
        """Where each chunk's run of sentence units begins (for np.maximum.reduceat)."""
        return _run_starts(self.owners)

    def asked_starts(self) -> np.ndarray:
        """Where each chunk's run of written questions begins (for np.maximum.reduceat)."""
        return _run_starts(self.asked_owners)


def _run_starts(owners: np.ndarray) -> np.ndarray:
    """Where each run of equal owners begins in `owners` (ascending)."""
    if not len(owners):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])


CHUNK_CACHE = 20_000  # chunks an open store keeps read (about 30 MB at the longest chunks)


class IndexStore:
    """A read-only connection to one index file; cheap to open, safe across an atomic swap."""

    def __init__(self, path: Path, conn: sqlite3.Connection, meta: IndexMeta) -> None:
        self.path = path
        self.conn = conn
        self.meta = meta
        self.params: BM25Params = meta.bm25
        self.n_docs = meta.n_docs
        self.avgdl = meta.avgdl
        self.mean_idf = meta.mean_idf
        self.tf_dtype = np.dtype(meta.tf_dtype)
        # Chunks already read, by docno: the file under an open store never changes (a rebuild swaps in
        # a new file), and each question reads its 20-30 candidates' rows again otherwise.
        self._chunk_cache: dict[int, ChunkRecord] = {}
        row = conn.execute("SELECT data FROM arrays WHERE name = 'doclens'").fetchone()
        self.doclens = np.frombuffer(row[0], dtype="<i4")
        if len(self.doclens) != self.n_docs:
            raise IndexInvalid(f"{path}: the index is damaged (chunk lengths do not match the chunk count)")

    @classmethod
    def open(cls, path: Path, analyzer_version: str | None = None) -> "IndexStore":
        """Open and validate `path`; raise IndexMissing/IndexInvalid with the fix named."""
        path = Path(path)
        if not path.exists():
            raise IndexMissing(f"no index at {path}")
        try:
            # check_same_thread off: the bot reads from worker threads, each query on its own cursor.
            # as_uri() percent-encodes '#', '?' and '%': a path holding them names this file, no other
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            # postings are read straight from the mapped file: a big term's blob 4x faster than by read()
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise IndexInvalid(f"{path} is not a kommunebot index", hint=UNREADABLE_HINT)
            if 0 < version < SCHEMA_VERSION:
                # an earlier kommunebot's: derived from the corpus as an earlier analyzer's is, so built again where
                # a missing one would be (the front ends had stopped with "Error: … has index schema 2")
                raise IndexStale(f"{path} was built by an earlier kommunebot (index schema {version}; this one reads "
                                 f"schema {SCHEMA_VERSION})")
            if version != SCHEMA_VERSION:
                raise IndexInvalid(f"{path} has index schema {version}; this kommunebot reads schema {SCHEMA_VERSION}")
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if rows.get("schema_version") != str(SCHEMA_VERSION):
                raise IndexInvalid(f"{path} has index schema {rows.get('schema_version')!r} in its metadata; "
                                   f"this kommunebot reads schema {SCHEMA_VERSION}")
            store = cls(path, conn, IndexMeta.from_rows(rows))
        except sqlite3.DatabaseError as exc:
            raise IndexInvalid(f"{path} is not a readable index ({exc})", hint=UNREADABLE_HINT) from None
        except (KeyError, ValueError, TypeError) as exc:
            raise IndexInvalid(f"{path} is damaged: missing or bad metadata ({exc})") from None
        if analyzer_version is not None and store.meta.analyzer_version != analyzer_version:
            store.close()
            raise IndexStale(f"{path} was built with analyzer {store.meta.analyzer_version}; "
                             f"this kommunebot uses {analyzer_version}")
        return store

    @staticmethod
    def recorded_corpus(path: Path) -> str | None:
        """The corpus folder the kommunebot index at `path` records it was built from (None where it records none),
        read from its metadata alone, whatever its schema; KommunebotError when it is no readable kommunebot index."""
        try:
            conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
            try:
                if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    raise IndexInvalid(f"{path} is not a kommunebot index", hint=UNREADABLE_HINT)
                row = conn.execute("SELECT value FROM meta WHERE key = 'corpus_dir'").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise IndexInvalid(f"{path} is not a readable index ({exc})", hint=UNREADABLE_HINT) from None
        return None if row is None else str(row[0])

    def check_pages(self) -> None:
        """Raise IndexInvalid, as a question meeting the damage does, when SQLite's quick_check finds a broken page.

        It reads every page once: on the bundled index (25 MB) 0.02-0.06 s, 0.4 s at most from a cold disk cache; a
        page scribbled over inside a row's data passes it, which `index check`'s digest finds.
        """
        with self._reading():
            result = [str(row[0]) for row in self.conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            raise IndexInvalid(f"{self.path} is damaged: not a readable index (database disk image is malformed)")

    @property
    def embedding_model(self) -> str | None:
        """The name of the model the chunks were embedded with; None for a lexical index."""
        return self.meta.embedding_model or None

    @property
    def semantic(self) -> str:
        """"on" (every chunk has a vector), "partial" (the marked sources') or "off"."""
        return self.meta.semantic

    def vectors(self) -> Vectors:
        """Every stored vector, split into the chunks' whole-text vectors, sentence units and written questions."""
        dim = self.meta.embedding_dim
        with self._reading():
            rows = self.conn.execute("SELECT docno, unit, vector FROM vectors ORDER BY docno, unit").fetchall()
        if not rows:
            empty = np.zeros((0, dim), dtype=np.float32)
            return Vectors(np.zeros(0, dtype=np.int64), empty, np.zeros(0, dtype=np.int64), empty)
        k = self.meta.sparse_k
        dense_size, size = 4 * dim, 4 * dim + (4 * k if k else 0)
        if dim <= 0 or any(len(r[2]) != size for r in rows) or (k and k != SPARSE_K):
            raise IndexInvalid(f"{self.path} is damaged: the stored vectors do not have {dim} dimensions")
        blob = b"".join(r[2][:dense_size] for r in rows)
        sparse = SparseVectors.from_bytes([r[2][dense_size:] for r in rows]) if k else None
        docnos = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        if docnos[-1] >= self.n_docs or docnos[0] < 0:
            raise IndexInvalid(f"{self.path} is damaged: a vector belongs to no chunk")
        matrix = np.frombuffer(blob, dtype="<f4").reshape(len(rows), dim)
        units = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        whole, sentence, asked = units == 0, units > 0, units < 0
        if not np.isin(docnos[~whole], docnos[whole]).all():
            raise IndexInvalid(f"{self.path} is damaged: a sentence vector has no chunk vector")
        if sparse is None:
            return Vectors(docnos[whole], matrix[whole], docnos[sentence], matrix[sentence],
                           asked_owners=docnos[asked], asked=matrix[asked])
        return Vectors(docnos[whole], matrix[whole], docnos[sentence], matrix[sentence],
                       SparseVectors(sparse.ids[whole], sparse.weights[whole]),
                       SparseVectors(sparse.ids[sentence], sparse.weights[sentence]),
                       docnos[asked], matrix[asked])

    def grams(self) -> GramIdf | None:
        """Each character 4-gram's document frequency; None for an index built without them (before 0.4.0)."""
        with self._reading():
            rows = dict(self.conn.execute(f"SELECT name, data FROM arrays WHERE name IN "
                                          f"({', '.join('?' * len(GRAM_ARRAYS))})", GRAM_ARRAYS).fetchall())
        return GramIdf.from_arrays(rows, self.n_docs)

    @property
    def built_at(self) -> str:
        """When the index was built (ISO 8601, UTC), as recorded in its metadata."""
        return self.meta.built_at

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def check_corpus(self, corpus_dir: Path) -> None:
        """Raise IndexStale when `corpus_dir` no longer looks like what the index was built from."""
        before, now = self.meta.corpus_signature, corpus_signature(Path(corpus_dir))
        if before != now:
            what = signature_changes(before or "", now)
            raise IndexStale(f"the corpus in {corpus_dir} changed after the index was built"
                             + (f" ({what})" if what else ""))

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """A term's (docs, weights, tfs), or None when the index does not have it."""
        with self._reading():
            row = self.conn.execute("SELECT docs, weights, tfs FROM terms WHERE term = ?", (term,)).fetchone()
            if row is None:
                return None
            return (np.frombuffer(row[0], dtype="<i4"), np.frombuffer(row[1], dtype="<f4"),
                    np.frombuffer(row[2], dtype=self.tf_dtype))

    def frequent_terms(self) -> list[str]:
        """The terms in the most chunks, most first (empty for an index built before this was kept)."""
        return list(self.meta.frequent_terms)

    def postings_many(self, terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Several terms' (docs, weights, tfs) in one statement; terms the index lacks are left out."""
        out = {}
        with self._reading():
            for i in range(0, len(terms), 500):  # SQLite limits the number of parameters
                part = terms[i:i + 500]
                cur = self.conn.execute(f"SELECT term, docs, weights, tfs FROM terms WHERE term IN "
                                        f"({','.join('?' * len(part))})", part)
                for term, docs, weights, tfs in cur:
                    out[term] = (np.frombuffer(docs, dtype="<i4"), np.frombuffer(weights, dtype="<f4"),
                                 np.frombuffer(tfs, dtype=self.tf_dtype))
        return out

    def dfs(self, terms: list[str]) -> dict[str, int]:
        """The document frequency of each of `terms` the index has."""
        out: dict[str, int] = {}
        with self._reading():
            for i in range(0, len(terms), 500):  # SQLite limits the number of parameters
                part = terms[i:i + 500]
                out.update(self.conn.execute(
                    f"SELECT term, df FROM terms WHERE term IN ({','.join('?' * len(part))})", part).fetchall())
        return out

    def df(self, term: str) -> int:
        """How many chunks hold `term` (0 when none)."""
        with self._reading():
            row = self.conn.execute("SELECT df FROM terms WHERE term = ?", (term,)).fetchone()
        return int(row[0]) if row else 0

    def terms(self) -> Iterator[tuple[str, int]]:
        """Every indexed term with its document frequency."""
        yield from self.conn.execute("SELECT term, df FROM terms")

    def all_postings(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Every term with its docs and term frequencies (for an incremental rebuild)."""
        for term, docs, tfs in self.conn.execute("SELECT term, docs, tfs FROM terms"):
            yield term, np.frombuffer(docs, dtype="<i4"), np.frombuffer(tfs, dtype=self.tf_dtype)

    def chunks(self, docnos: Iterable[int]) -> dict[int, ChunkRecord]:
        """Chunks by docno; a docno the index should have and does not means damage (IndexInvalid)."""
        cache = self._chunk_cache
        wanted = [int(d) for d in docnos]
        # get, not a test and a read: another thread may clear the cache in between
        found = {d: chunk for d in wanted if (chunk := cache.get(d)) is not None}
        missing = [d for d in dict.fromkeys(wanted) if d not in found]
        if missing:
            rows = self._dicts(f"SELECT * FROM chunks WHERE docno IN ({','.join('?' * len(missing))})", missing)
            read = {row["docno"]: _chunk(row, self.path) for row in rows}
            if len(read) != len(missing):
                raise IndexInvalid(f"{self.path} is damaged: chunks the postings name are missing")
            if len(cache) + len(read) > CHUNK_CACHE:
                cache.clear()  # a bound for very large indexes; the bundled one fits many times over
            cache.update(read)
            found.update(read)
        return found

    def forget(self) -> None:
        """Drop the chunks kept in memory (the file changed under the store: they may no longer be its)."""
        self._chunk_cache.clear()

    def chunk_by_id(self, chunk_id: str) -> tuple[int, ChunkRecord] | None:
        """The docno and chunk with the stable id `chunk_id`, or None when the index no longer has it."""
        rows = self._dicts("SELECT * FROM chunks WHERE id = ?", (chunk_id,))
        return (rows[0]["docno"], _chunk(rows[0], self.path)) if rows else None

    def source_chunks(self, source_id: str) -> list[tuple[int, ChunkRecord]]:
        """Every chunk of one source with its docno, in docno order (none when the index has no such source)."""
        return [(row["docno"], _chunk(row, self.path))
                for row in self._dicts("SELECT * FROM chunks WHERE source_id = ? ORDER BY docno", (source_id,))]

    def cited(self, cite_id: str) -> list[tuple[int, ChunkRecord]]:
        """Every chunk cited as `cite_id` (a document's passages, a law's § in its ledd), in docno order."""
        return [(row["docno"], _chunk(row, self.path))
                for row in self._dicts("SELECT * FROM chunks WHERE cite_id = ? ORDER BY docno", (cite_id,))]

    def chunk_rows(self) -> Iterator[tuple[int, ChunkRecord]]:
        """Every chunk with its docno, in docno order."""
        with self._reading():
            cur = self.conn.execute("SELECT * FROM chunks ORDER BY docno")
            names = _names(cur)
            for row in cur:
                d = dict(zip(names, row, strict=True))
                yield d["docno"], _chunk(d, self.path)

    def citations(self) -> list[tuple[int, str, str, str, str]]:
        """Every chunk's docno, source id, cite id, title and location (what says which record it is part of)."""
        with self._reading():
            return [tuple(row) for row in self.conn.execute(
                "SELECT docno, source_id, cite_id, title, location FROM chunks ORDER BY docno")]

    def sources(self) -> list[SourceRecord]:
        """Every source, by title as a reader looks it up (`title_key`: any case, æ ø å after z)."""
        try:
            rows = [from_row(SourceRecord, row) for row in self._dicts("SELECT * FROM sources")]
        except (KeyError, TypeError) as exc:
            raise IndexInvalid(f"{self.path} is damaged: a source row is unreadable ({exc})") from None
        return sorted(rows, key=lambda source: title_key(source.title))

    def _dicts(self, sql: str, params: Iterable = ()) -> list[dict]:
        with self._reading():
            cur = self.conn.execute(sql, tuple(params))
            names = _names(cur)
            return [dict(zip(names, row, strict=True)) for row in cur]

    @contextmanager
    def _reading(self) -> Iterator[None]:
        # A damaged page shows up as any of these when it is first read: the file may have been scribbled over under
        # a running reader (its pages are memory-mapped) or damaged at rest before it was opened, and nothing here
        # tells which, so the error says what is known, and callers get the one error that names the fix.
        try:
            yield
        except (sqlite3.DatabaseError, ValueError) as exc:
            raise IndexInvalid(f"{self.path} is damaged: not a readable index ({exc})") from None

    def source(self, source_id: str) -> SourceRecord:
        """One source."""
        return next(s for s in self.sources() if s.id == source_id)

    def source_hashes(self) -> dict[str, str]:
        """Each source's content hash, to skip unchanged sources in a rebuild."""
        return dict(self.conn.execute("SELECT id, hash FROM sources").fetchall())

    def counts(self) -> IndexCounts:
        """How many sources, chunks and terms the index holds."""
        one = lambda sql: int(self.conn.execute(sql).fetchone()[0])  # noqa: E731
        return IndexCounts(sources=one("SELECT count(*) FROM sources"), chunks=one("SELECT count(*) FROM chunks"),
                           terms=one("SELECT count(*) FROM terms"))


@dataclass(frozen=True)
class IndexCounts:
    """What an index holds (`IndexStore.counts`): `index stats`, `index check`, /om and /stats read it."""

    sources: int
    chunks: int
    terms: int


def _chunk(row: dict, path: Path) -> ChunkRecord:
    try:
        return from_row(ChunkRecord, row)
    except (KeyError, TypeError) as exc:
        raise IndexInvalid(f"{path} is damaged: a chunk row is unreadable ({exc})") from None


def _names(cur: sqlite3.Cursor) -> list[str]:
    if cur.description is None:  # seen when the file's pages changed under the connection
        raise sqlite3.DatabaseError("a query returned no columns")
    return [c[0] for c in cur.description]
