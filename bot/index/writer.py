"""Writing a new index file: chunk rows streamed in, postings collected, BM25 terms and metadata at the end."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import numpy as np
import sqlite_utils

from bot import __version__
from bot.analysis import Analyzer
from bot.bm25 import BM25Params, idf_table, term_weights
from bot.corpus.questions import EmbeddedOnly, by_text_hash, follow, with_questions
from bot.corpus.records import ChunkRecord, SourceRecord, names
from bot.corpus.sources import searchable_text
from bot.errors import CorpusError
from bot.index.postings import (
    DOC_MASK,
    DOC_SHIFT,
    TF_MAX,
    TID_SHIFT,
    PostingsCollector,
    TermCounter,
    count_terms,
    encode,
    new_state,
)
from bot.index.grams import GramIdf
from bot.index.schema import SCHEMA_VERSION, create_schema
from bot.index.units import QUESTION_MARK, chunk_units, is_question
from bot.semantic.embedder import Embedder
from bot.semantic.sparse import SparseVectors

BATCH = 2000                        # chunks encoded per statement when reused
EMBED_BATCH = 16                    # texts embedded per call: progress stays live, memory small
FREQUENT_SHARE = 1 / 16             # a term in this share of the chunks is "frequent" (see meta)
CHUNK_FIELDS = names(ChunkRecord)
SOURCE_FIELDS = names(SourceRecord)


@dataclass(frozen=True)
class CountedChunk:
    """A chunk reused from the previous index with its term counts (it is not analysed again)."""

    chunk: ChunkRecord
    counts: Counter[str]


def chunk_digest_part(docno: int, chunk: ChunkRecord) -> bytes:
    """What of a chunk row goes into the index's content digest (`index check` recomputes it)."""
    return "\0".join(map(str, (docno, *astuple(chunk)))).encode("utf-8", "surrogatepass") + b"\1"


def unit_rows(embedder: Embedder, texts: list[str]) -> list[bytes]:
    """Each text's row as the index stores it: its dense vector ('<f4'), then its sparse one when the
    model has a head (IndexStore.vectors splits them; the model's name says whether it has one).

    A text marked as a written question (bot.index.units.QUESTION_MARK) is embedded as a question is.
    """
    rows: dict[int, bytes] = {}
    for asked in (False, True):
        at = [i for i, t in enumerate(texts) if is_question(t) == asked]
        if not at:
            continue
        part = [texts[i].removeprefix(QUESTION_MARK) if asked else texts[i] for i in at]
        dense = (np.stack([embedder.embed_query(t) for t in part]) if asked
                 else embedder.embed_passages(part)).astype("<f4")
        sparse = None
        if embedder.sparse_k:  # a written question's sparse vector is never read: empty, so every row has one
            sparse = (SparseVectors.of([(np.zeros(0), np.zeros(0))] * len(part)) if asked
                      else embedder.embed_sparse(part))
        rows.update({i: vec.tobytes() + (sparse.to_bytes(j) if sparse is not None else b"")
                     for j, (i, vec) in enumerate(zip(at, dense, strict=True))})
    return [rows[i] for i in range(len(texts))]


def vector_hash(model: str, text: str) -> str:
    """What a stored vector was made from: the model and the exact text it embedded."""
    return hashlib.sha256(f"{model}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def vector_digest_part(docno: int, unit: int, text_hash: str, vector: bytes) -> bytes:
    """What of a vector row goes into the content digest."""
    return f"{docno}\0{unit}\0{text_hash}\0".encode() + vector + b"\1"


def term_digest_part(term: str, df: int, docs: bytes, tfs: bytes, weights: bytes) -> bytes:
    """What of a term row goes into the content digest."""
    return b"\0".join((term.encode("utf-8", "surrogatepass"), str(df).encode(), docs, tfs, weights)) + b"\1"


class IndexWriter:
    """The new index file while it is written; a failed source rolls back to its savepoint."""

    def __init__(self, path: Path, analyzer: Analyzer, passage_progress: Callable[[int], None] | None,
                 counter: TermCounter | None, questions: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.path = path
        self.analyzer = analyzer
        self.passage_progress = passage_progress
        self.collector = PostingsCollector()
        self.state = new_state(analyzer)
        self.counter = counter
        self.sources: list[SourceRecord] = []
        self.source_files: dict[str, str] = {}
        self.chunk_sources: dict[str, str] = {}
        self._source_ids: list[str] = []
        self._chunk_digest = hashlib.sha256()
        self._digest_mark = self._chunk_digest.copy()
        self._vector_digest = hashlib.sha256()
        # written for chunks, by id (bot.corpus.questions): indexed with them; a passage's own, once its source is
        # read, where they were written under an id it had before (`followed`)
        self.questions: dict[str, tuple[str, ...]] = dict(questions or {})
        self._hashed = by_text_hash(self.questions)
        self.followed: dict[str, tuple[str, ...]] = {}  # a passage's id → the ids its questions were written under
        self._source_followed: list[str] = []
        self.embedded = 0   # chunks embedded by this build
        self.vector_rows = 0  # vectors stored: every chunk's whole text, sentences and written questions

    def __enter__(self) -> IndexWriter:
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA page_size = 8192")
        self.db.execute("PRAGMA journal_mode = MEMORY")  # a failed file rolls back to its savepoint
        self.db.execute("PRAGMA temp_store = MEMORY")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -65536")  # 64 MiB: index b-trees stay in memory
        create_schema(self.db)
        self.conn = self.db.conn
        self.conn.isolation_level = None  # transactions by hand: one for the build, a savepoint a file
        self.conn.execute("BEGIN")
        columns = ("docno", *CHUNK_FIELDS, "length")
        self._insert = (f"INSERT INTO chunks ({', '.join(f'[{c}]' for c in columns)}) "
                        f"VALUES ({', '.join('?' * len(columns))})")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.counter:
            self.counter.close()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.db.close()

    def begin_source(self) -> tuple[int, int]:
        """Start a source: a savepoint to roll back to if it fails."""
        self.conn.execute("SAVEPOINT source")
        self._source_ids = []
        self._source_followed = []
        self._digest_mark = self._chunk_digest.copy()
        return self.collector.mark()

    def rollback_source(self, mark: tuple[int, int]) -> None:
        """Forget everything the failed source wrote."""
        self.conn.execute("ROLLBACK TO source")
        self.conn.execute("RELEASE source")
        self.collector.rollback(mark)
        self._chunk_digest = self._digest_mark
        for cid in self._source_ids:
            self.chunk_sources.pop(cid, None)
        for cid in self._source_followed:
            self.questions.pop(cid, None)
            self.followed.pop(cid, None)

    def end_source(self, source: SourceRecord) -> None:
        """Keep the source's chunks and record the source."""
        self.conn.execute("RELEASE source")
        self.source_files[source.id] = source.file
        self.sources.append(source)

    def _write(self, chunks: Sequence[ChunkRecord], encoded: tuple) -> None:
        first = self.collector.n_docs
        lengths = self.collector.add(encoded).tolist()
        for chunk in chunks:
            if chunk.id in self.chunk_sources:
                # a CorpusError: this source is rolled back and reported, the others are indexed
                raise CorpusError(f"chunk id {chunk.id!r} occurs in {self.chunk_sources[chunk.id]} and "
                                  f"{chunk.source_id}", hint="give the records unique ids")
            self.chunk_sources[chunk.id] = chunk.source_id
            self._source_ids.append(chunk.id)
        rows = [(first + i, *astuple(c), lengths[i]) for i, c in enumerate(chunks)]
        for i, chunk in enumerate(chunks):
            self._chunk_digest.update(chunk_digest_part(first + i, chunk))
        self.conn.executemany(self._insert, rows)
        if self.passage_progress:
            self.passage_progress(self.collector.n_docs)

    def _indexed(self, chunk: ChunkRecord) -> str:
        """The text a chunk is found by: its own (searchable_text), then the questions written for it."""
        return with_questions(searchable_text(chunk), self.questions.get(chunk.id, ()))

    def _follow(self, chunks: Sequence[ChunkRecord]) -> None:
        """Give one source's passages (all of them) the questions written for their text under an id they had before
        (bot.corpus.questions.follow: a slide renumbered), before they are analysed or embedded."""
        if not chunks or not self._hashed:
            return
        moved = follow(self.questions, self._hashed, chunks[0].source_id, [c.id for c in chunks])
        for chunk, old in moved.items():
            # the old ids' questions, each once (one in both files stays in both: BM25 reads the questions.tsv one)
            once = dict.fromkeys((isinstance(q, EmbeddedOnly), q) for o in old for q in self.questions[o])
            self.questions[chunk] = tuple(q for _, q in once)
            self.followed[chunk] = old
            self._source_followed.append(chunk)

    def add_chunks(self, chunks: Sequence[ChunkRecord]) -> int:
        """Chunks of a document file, analysed here."""
        self._follow(chunks)
        self._write(chunks, count_terms([self._indexed(c) for c in chunks], self.state))
        return len(chunks)

    def add_counted(self, docs: Sequence[CountedChunk]) -> int:
        """Chunks reused from the previous index, with their term counts (made with the questions they followed)."""
        self._follow([d.chunk for d in docs])
        for i in range(0, len(docs), BATCH):
            part = docs[i:i + BATCH]
            self._write([d.chunk for d in part], encode((d.counts for d in part), self.state))
        return len(docs)

    def add_batches(self, batches: Iterable[list[ChunkRecord]], parallel: bool) -> int:
        """Batches of a .jsonl file's passages, analysed by the worker processes when `parallel`."""
        n = 0
        tagged: Iterator[tuple[list[ChunkRecord], list[str]]] = (
            (chunks, [self._indexed(c) for c in chunks]) for chunks in batches)
        counted: Iterable[tuple[object, tuple]]
        if parallel and self.counter:
            counted = self.counter.map(tagged, self.collector.discard)
        else:
            counted = ((chunks, count_terms(texts, self.state)) for chunks, texts in tagged)
        for chunks, encoded in counted:
            self._write(chunks, encoded)  # type: ignore[arg-type]  # the tag is the batch itself
            n += len(chunks)  # type: ignore[arg-type]
        return n

    def embed(self, embedder: Embedder, sources: set[str] | None, reuse: dict[str, bytes],
              progress: Callable[[int, int], None] | None = None) -> int:
        """Store the vectors of every chunk (of `sources`; None: all), reusing those of unchanged text.

        Each chunk gets one vector per embedding unit (bot.index.units): unit 0 its whole text,
        then its sentences, and its written questions (self.questions) as units −1, −2, ….
        :param reuse: vectors of the previous index by `vector_hash`; only the rest is embedded.
        :param progress: called as progress(done, total) in chunks, after each batch. Returns the
        number of chunks with vectors.
        """
        rows = self.conn.execute("SELECT docno, id, source_id, title, heading, text FROM chunks "
                                 "ORDER BY docno").fetchall()
        todo = [(docno, unit, text) for docno, chunk_id, source_id, title, heading, body in rows
                if sources is None or source_id in sources
                for unit, text in chunk_units(title, heading, body, self.questions.get(chunk_id, ()))]
        hashes = [vector_hash(embedder.name, text) for *_, text in todo]
        fresh = [i for i, h in enumerate(hashes) if h not in reuse]
        vectors: dict[int, bytes] = {i: reuse[h] for i, h in enumerate(hashes) if h in reuse}
        fresh_chunks = sorted({todo[i][0] for i in fresh})
        if progress:
            progress(0, len(fresh_chunks))
        done_chunks: set[int] = set()
        for lo in range(0, len(fresh), EMBED_BATCH):
            part = fresh[lo:lo + EMBED_BATCH]
            for i, row in zip(part, unit_rows(embedder, [todo[i][2] for i in part]), strict=True):
                vectors[i] = row
            done_chunks.update(todo[i][0] for i in part)
            if progress:  # in chunks (a chunk's units are consecutive: at most one is part-done)
                progress(len(done_chunks), len(fresh_chunks))
        self.embedded += len(fresh_chunks)
        for i in sorted(range(len(todo)), key=lambda i: todo[i][:2]):  # in the order `index check` reads them
            docno, unit, _ = todo[i]
            self._vector_digest.update(vector_digest_part(docno, unit, hashes[i], vectors[i]))
        self.conn.executemany("INSERT INTO vectors (docno, unit, hash, vector) VALUES (?, ?, ?, ?)",
                              ((docno, unit, hashes[i], vectors[i]) for i, (docno, unit, _) in enumerate(todo)))
        self.vector_rows = len(todo)
        return len({docno for docno, _, _ in todo})

    def finish(self, params: BM25Params, meta: dict[str, str]) -> int:
        """Write the terms with their postings and weights, the sources and the metadata; commit.

        Returns the number of terms.
        """
        lengths = self.collector.lengths().astype(np.int64)
        n_docs = len(lengths)
        avgdl = float(lengths.sum()) / n_docs
        vocab = list(self.collector.vocab)
        keys = self.collector.sorted_keys()
        bounds = np.searchsorted(keys, np.arange(len(vocab) + 1, dtype=np.int64) << TID_SHIFT)
        dfs = np.diff(bounds)
        live = np.flatnonzero(dfs)  # terms met only in files that then failed have no postings
        idf = np.zeros(len(vocab), dtype=np.float64)
        idf[live], mean_idf = idf_table(dfs[live], n_docs, params)
        big = self.collector.big_tf
        docs = np.empty(len(keys), dtype="<i4")
        tfs = np.empty(len(keys), dtype="<u4" if big else "<u2")
        weights = np.empty(len(keys), dtype="<f4")
        step = 1 << 22
        for lo in range(0, len(keys), step):  # in slices: float64 temporaries stay small
            part = keys[lo:lo + step]
            d = ((part >> DOC_SHIFT) & DOC_MASK).astype(np.int32)
            f = part & TF_MAX
            docs[lo:lo + step], tfs[lo:lo + step] = d, f
            weights[lo:lo + step] = term_weights(idf[part >> TID_SHIFT], f, lengths[d], avgdl, params)
        del keys
        for (tid, docno), tf in big.items():
            at = bounds[tid] + int(np.searchsorted(docs[bounds[tid]:bounds[tid + 1]], docno))
            tfs[at] = tf
            weights[at] = term_weights(idf[tid], np.array([tf]), lengths[[docno]], avgdl, params)[0]
        order = sorted(live.tolist(), key=vocab.__getitem__)  # key order: cheap b-tree inserts
        digest = self._chunk_digest.copy()
        digest.update(self._vector_digest.digest())

        def term_rows() -> Iterator[tuple[str, int, bytes, bytes, bytes]]:
            for i in order:
                lo, hi = bounds[i], bounds[i + 1]
                row = (vocab[i], int(hi - lo), docs[lo:hi].tobytes(), tfs[lo:hi].tobytes(), weights[lo:hi].tobytes())
                digest.update(term_digest_part(*row))
                yield row

        self.conn.executemany("INSERT INTO terms (term, df, docs, tfs, weights) VALUES (?, ?, ?, ?, ?)", term_rows())
        self.conn.executemany(
            f"INSERT INTO sources ({', '.join(SOURCE_FIELDS)}) VALUES ({', '.join('?' * len(SOURCE_FIELDS))})",
            (astuple(s) for s in self.sources))
        grams: dict[str, bytes] = {}
        if meta.get("semantic") == "on":  # read only beside the vectors (the confidence's tenth input)
            texts = (f"{title} {heading} {text}" for title, heading, text in
                     self.conn.execute("SELECT title, heading, text FROM chunks ORDER BY docno"))
            built = GramIdf.build(texts, getattr(self.analyzer, "stopwords", frozenset()))
            if built.n_docs == n_docs:  # chunks and BM25 arrays agree; else the searcher goes without
                grams = built.to_arrays()
        full = {
            "schema_version": SCHEMA_VERSION, "analyzer_version": self.analyzer.version,
            "bm25": json.dumps(params.to_dict()), "package_version": __version__,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "n_docs": n_docs, "avgdl": repr(avgdl), "mean_idf": repr(mean_idf),
            "tf_dtype": np.dtype(tfs.dtype).name,
            # the terms a searcher sums as dense arrays (bot.search.retriever), to warm them up front
            "frequent_terms": json.dumps([vocab[i] for i in live[np.argsort(-dfs[live], kind="stable")][:256]
                                          if dfs[i] >= n_docs * FREQUENT_SHARE], ensure_ascii=False),
            # chunks and terms as written: `index check` reads them back and compares (page damage)
            "content_sha256": digest.hexdigest(),
            **({"grams_sha256": GramIdf.digest(grams)} if grams else {}),
            **meta,
        }
        self.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", ((k, str(v)) for k, v in full.items()))
        self.conn.execute("INSERT INTO arrays (name, data) VALUES (?, ?)",
                          ("doclens", lengths.astype("<i4").tobytes()))
        self.conn.executemany("INSERT INTO arrays (name, data) VALUES (?, ?)", grams.items())
        self.conn.execute("COMMIT")
        return len(live)
