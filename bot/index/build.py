"""Building the index from a corpus folder: incremental, atomic, reporting per-file errors."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import sqlite_utils

from bot import __version__
from bot.analysis import Analyzer, default_analyzer
from bot.corpus.chunking import chunk_document
from bot.corpus.cleaning import clean
from bot.corpus.manifest import MANIFEST_NAME, SourceInfo, read_manifest
from bot.corpus.readers import file_hash, is_records, read_records, read_sections
from bot.errors import CorpusError, KommunebotError
from bot.index.postings import (DOC_MASK, DOC_SHIFT, TF_MAX, TID_SHIFT, PostingsCollector, TermCounter, count_terms,
                                encode, new_state)
from bot.index.schema import SCHEMA_VERSION, create_schema
from bot.index.store import IndexStore, corpus_signature
from bot.search.bm25 import BM25Params, idf_table, term_weights

DEFAULT_PARAMS = BM25Params()
BATCH = 2000                        # chunks analysed per task and written per statement
PARALLEL_MIN_BYTES = 4 << 20        # .jsonl files at least this big are analysed by worker processes
FREQUENT_SHARE = 1 / 16             # a term in this share of the chunks is "frequent" (see meta)
WORKERS = min(os.cpu_count() or 1, 8)
CHUNK_COLUMNS = ("docno", "id", "source_id", "cite_id", "title", "heading", "location", "url", "lang",
                 "text", "start", "end", "length", "secondary")


@dataclass
class BuildReport:
    """What a build did: counts, timing, and the files it could not read."""

    index_path: Path
    sources: int = 0
    chunks: int = 0
    terms: int = 0
    reused_sources: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # manifest entries that did nothing


@dataclass
class _Doc:
    row: dict
    counts: Counter[str]


def index_text(title: str, heading: str, text: str) -> str:
    """The text a chunk is found by: its own title and heading with its body."""
    return "\n".join(part for part in (title, heading, text) if part)


def _text_docs(path: Path, info: SourceInfo) -> tuple[str, int, list[dict]]:
    """Read, clean and chunk one document file (not .jsonl): its format, secondary chars and chunk rows."""
    rows: list[dict] = []
    secondary = 0
    for section in read_sections(path):
        cleaned = clean(section.text, info.rules)
        secondary += len(cleaned.secondary)
        for ch in chunk_document(cleaned.text, info.id, info.lang, info.layout,
                                 location=section.location, title=info.title):
            rows.append(dict(id=ch.id, source_id=info.id, cite_id=info.id, title=info.title,
                             heading=ch.heading if ch.heading != info.title else "",
                             location=ch.location, url=info.url, lang=info.lang, text=ch.text,
                             start=ch.start, end=ch.end, secondary=int(ch.secondary)))
    if not rows:
        raise CorpusError(f"{path.name}: no text left after cleaning")
    seen: set[str] = set()
    for row in rows:
        if row["id"] in seen:  # the same text twice at one location: keep one
            row["id"] = f'{row["id"]}~{len(seen)}'
        seen.add(row["id"])
    return path.suffix.lower().lstrip("."), secondary, rows


def _record_batches(path: Path, info: SourceInfo) -> Iterator[list[dict]]:
    """A .jsonl(.gz) file's passages as chunk rows, in batches."""
    batch: list[dict] = []
    for rec in read_records(path):
        batch.append(dict(id=rec.id, source_id=info.id, cite_id=rec.id, title=rec.title, heading="",
                          location=rec.location, url=rec.url, lang=rec.lang or info.lang, text=rec.text,
                          start=0, end=len(rec.text), secondary=0))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _reuse(old: IndexStore, source_ids: set[str]) -> dict[str, list[_Doc]]:
    """Unchanged sources' chunks and term counts, taken from the previous index in one pass."""
    by_docno: dict[int, _Doc] = {}
    out: dict[str, list[_Doc]] = {sid: [] for sid in source_ids}
    for row in old.chunk_rows():
        if row["source_id"] in source_ids:
            row = dict(row)
            docno = row.pop("docno")
            row.pop("length")
            doc = _Doc(row, Counter())
            by_docno[docno] = doc
            out[row["source_id"]].append(doc)
    if by_docno:
        wanted = np.fromiter(by_docno, dtype=np.int64)
        for term, docs, tfs in old.all_postings():
            mask = np.isin(docs, wanted, assume_unique=True)
            for d, tf in zip(docs[mask].tolist(), tfs[mask].tolist()):
                by_docno[d].counts[term] = tf
    return out


def _source_digest(path: Path, info: SourceInfo) -> str:
    """The file's content hash combined with how the manifest says to read it."""
    rules = info.rules
    how = json.dumps([info.id, info.lang, info.layout, [p.pattern for p in rules.drop_lines],
                      [(a.pattern, b.pattern) for a, b in rules.drop_between],
                      [p.pattern for p in rules.strip], rules.teaser_marker, rules.teaser_lines])
    return hashlib.sha256(f"{file_hash(path)}\0{how}".encode()).hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def _build_lock(index_path: Path) -> Iterator[None]:
    index_path.parent.mkdir(parents=True, exist_ok=True)
    with open(index_path.with_name(index_path.name + ".lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KommunebotError("another build of this index is running",
                                  hint="wait for it to finish") from None
        yield


def build_index(corpus_dir: Path, index_path: Path, analyzer: Analyzer | None = None,
                params: BM25Params = DEFAULT_PARAMS, progress: Callable | None = None,
                incremental: bool = True, passage_progress: Callable[[int], None] | None = None) -> BuildReport:
    """Build `index_path` from `corpus_dir` into a temporary file, then swap it in atomically.

    :param progress: called as progress(done_files, total_files, name) as each file starts.
    :param passage_progress: called with the number of chunks indexed so far, every few thousand.
    """
    started = time.perf_counter()
    analyzer = analyzer or default_analyzer()
    corpus_dir, index_path = Path(corpus_dir), Path(index_path)
    if not corpus_dir.is_dir():
        raise KommunebotError(f"no corpus folder at {corpus_dir}", hint="pass --corpus DIR")
    report = BuildReport(index_path)
    with _build_lock(index_path):
        loaded = read_manifest(corpus_dir)
        manifest = loaded.sources
        report.errors.extend(loaded.errors)
        report.warnings.extend(loaded.warnings)
        old = None
        if incremental and index_path.exists():
            try:
                old = IndexStore.open(index_path, analyzer_version=analyzer.version)
                if old.params != params:
                    old = None
            except KommunebotError:
                old = None
        old_hashes = old.source_hashes() if old else {}
        hashes: dict[str, str] = {}
        for name, info in manifest.items():
            try:
                hashes[name] = _source_digest(corpus_dir / name, info)
            except OSError:
                pass  # reported when the file is read below
        unchanged = {info.id for name, info in manifest.items()
                     if old_hashes.get(info.id) and old_hashes[info.id] == hashes.get(name)}
        reused = _reuse(old, unchanged) if old and unchanged else {}
        tmp = index_path.with_name(f".{index_path.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        # worker processes are forked before anything else starts a thread (a progress bar may)
        parallel = WORKERS > 1 and TermCounter.usable() and any(
            is_records(corpus_dir / name) and info.id not in reused and _size(corpus_dir / name) >= PARALLEL_MIN_BYTES
            for name, info in manifest.items())
        try:
            with _Writer(tmp, analyzer, passage_progress, parallel) as writer:
                for n, (name, info) in enumerate(sorted(manifest.items()), 1):
                    if progress:
                        progress(n, len(manifest), name)
                    path = corpus_dir / name
                    mark = writer.begin_source()
                    try:
                        if info.id in writer.source_files:
                            raise CorpusError(f"{name}: the source id {info.id!r} is also used by "
                                              f"{writer.source_files[info.id]}")
                        digest = hashes.get(name) or _source_digest(path, info)
                        if info.id in reused:
                            source = dict(old.source(info.id))
                            source["chunks"] = writer.add_counted(reused[info.id])
                            report.reused_sources += 1
                        elif is_records(path):
                            source = dict(format="jsonl", secondary_chars=0,
                                          chunks=writer.add_records(path, info))
                        else:
                            fmt, secondary, rows = _text_docs(path, info)
                            source = dict(format=fmt, secondary_chars=secondary, chunks=writer.add_rows(rows))
                        source.update(id=info.id, file=path.name, hash=digest, title=info.title,
                                      publisher=info.publisher, lang=info.lang, date=info.date, url=info.url)
                    except CorpusError as exc:
                        writer.rollback_source(mark)
                        report.errors.append(str(exc))
                        continue
                    except OSError as exc:
                        writer.rollback_source(mark)
                        report.errors.append(f"{name}: cannot be read ({exc.strerror or exc})")
                        continue
                    writer.end_source(name, source)
                if old:
                    old.close()
                    old = None
                if not writer.collector.n_docs:
                    raise KommunebotError(f"no chunks to index in {corpus_dir}: "
                                          + ("; ".join(report.errors) or "no files"),
                                          hint="add .txt, .md, .html, .pdf or .jsonl files")
                report.terms = writer.finish(params, corpus_dir)
            os.replace(tmp, index_path)  # atomic: readers see the old file or the new one, never half
        finally:
            if old:
                old.close()
            tmp.unlink(missing_ok=True)
    report.sources, report.chunks = len(writer.sources), writer.collector.n_docs
    report.seconds = time.perf_counter() - started
    return report


class _Writer:
    """The new index file while it is written: chunk rows streamed in, postings collected, terms at the end."""

    def __init__(self, path: Path, analyzer: Analyzer, passage_progress: Callable[[int], None] | None,
                 parallel: bool) -> None:
        self.path = path
        self.analyzer = analyzer
        self.passage_progress = passage_progress
        self.collector = PostingsCollector()
        self.state = new_state(analyzer)
        self.counter: TermCounter | None = None
        if parallel:
            analyzer.terms("Kommunestyret og formannskapet")  # load what loads lazily before the workers fork
            self.counter = TermCounter(analyzer, WORKERS)
        self.sources: list[dict] = []
        self.source_files: dict[str, str] = {}
        self.chunk_sources: dict[str, str] = {}
        self._source_ids: list[str] = []

    def __enter__(self) -> "_Writer":
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
        self._insert = (f"INSERT INTO chunks ({', '.join(f'[{c}]' for c in CHUNK_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(CHUNK_COLUMNS))})")
        return self

    def __exit__(self, *exc) -> None:
        if self.counter:
            self.counter.close()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.db.close()

    def begin_source(self) -> tuple:
        self.conn.execute("SAVEPOINT source")
        self._source_ids = []
        return self.collector.mark()

    def rollback_source(self, mark: tuple) -> None:
        self.conn.execute("ROLLBACK TO source")
        self.conn.execute("RELEASE source")
        self.collector.rollback(mark)
        for cid in self._source_ids:
            self.chunk_sources.pop(cid, None)

    def end_source(self, name: str, source: dict) -> None:
        self.conn.execute("RELEASE source")
        self.source_files[source["id"]] = name
        self.sources.append(source)

    def _write_rows(self, rows: list[dict], encoded: tuple) -> None:
        first = self.collector.n_docs
        lengths = self.collector.add(encoded).tolist()
        for row in rows:
            cid = row["id"]
            if cid in self.chunk_sources:
                raise CorpusError(f"chunk id {cid!r} occurs in {self.chunk_sources[cid]} and "
                                      f"{row['source_id']}", hint="give the records unique ids")
            self.chunk_sources[cid] = row["source_id"]
            self._source_ids.append(cid)
        self.conn.executemany(self._insert, (
            (first + i, r["id"], r["source_id"], r["cite_id"], r["title"], r["heading"], r["location"], r["url"],
             r["lang"], r["text"], r["start"], r["end"], lengths[i], r.get("secondary", 0))
            for i, r in enumerate(rows)))
        if self.passage_progress:
            self.passage_progress(self.collector.n_docs)

    def add_rows(self, rows: list[dict]) -> int:
        """Chunks of a document file, analysed here."""
        texts = [index_text("", row["heading"], row["text"]) for row in rows]
        self._write_rows(rows, count_terms(texts, self.state))
        return len(rows)

    def add_counted(self, docs: list[_Doc]) -> int:
        """Chunks reused from the previous index, with their term counts."""
        for i in range(0, len(docs), BATCH):
            part = docs[i:i + BATCH]
            self._write_rows([d.row for d in part], encode((d.counts for d in part), self.state))
        return len(docs)

    def add_records(self, path: Path, info: SourceInfo) -> int:
        """A .jsonl(.gz) file's passages, analysed by worker processes when the file is big."""
        n = 0
        batches = ((rows, [index_text(r["title"], "", r["text"]) for r in rows])
                   for rows in _record_batches(path, info))
        if self.counter and path.stat().st_size >= PARALLEL_MIN_BYTES:
            counted = self.counter.map(batches, self.collector.discard)
        else:
            counted = ((rows, count_terms(texts, self.state)) for rows, texts in batches)
        for rows, encoded in counted:
            self._write_rows(rows, encoded)
            n += len(rows)
        return n

    def finish(self, params: BM25Params, corpus_dir: Path) -> int:
        """Write the terms with their postings and weights, the sources and the metadata; commit."""
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
        self.conn.executemany("INSERT INTO terms (term, df, docs, tfs, weights) VALUES (?, ?, ?, ?, ?)", (
            (vocab[i], int(bounds[i + 1] - bounds[i]), docs[bounds[i]:bounds[i + 1]].tobytes(),
             tfs[bounds[i]:bounds[i + 1]].tobytes(), weights[bounds[i]:bounds[i + 1]].tobytes()) for i in order))
        cols = ("id", "file", "title", "publisher", "lang", "date", "url", "format", "hash", "chunks",
                "secondary_chars")
        self.conn.executemany(f"INSERT INTO sources ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              ([s[c] for c in cols] for s in self.sources))
        meta = {
            "schema_version": SCHEMA_VERSION, "analyzer_version": self.analyzer.version,
            "bm25": json.dumps(params.to_dict()), "package_version": __version__,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "corpus_hash": corpus_hash(self.sources, corpus_dir), "corpus_signature": corpus_signature(corpus_dir),
            "corpus_dir": str(corpus_dir.resolve()),
            "n_docs": n_docs, "avgdl": repr(avgdl), "mean_idf": repr(mean_idf),
            "tf_dtype": np.dtype(tfs.dtype).name,
            # the terms a searcher sums as dense arrays (bot.search.retriever), to warm them up front
            "frequent_terms": json.dumps([vocab[i] for i in live[np.argsort(-dfs[live], kind="stable")][:256]
                                          if dfs[i] >= n_docs * FREQUENT_SHARE], ensure_ascii=False),
        }
        self.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", ((k, str(v)) for k, v in meta.items()))
        self.conn.execute("INSERT INTO arrays (name, data) VALUES (?, ?)",
                          ("doclens", lengths.astype("<i4").tobytes()))
        self.conn.execute("COMMIT")
        return len(live)


def corpus_hash(sources: list[dict], corpus_dir: Path) -> str:
    """One hash over every indexed file's hash and the manifest."""
    digest = hashlib.sha256()
    manifest = corpus_dir / MANIFEST_NAME
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    for source in sorted(sources, key=lambda s: s["file"]):
        digest.update(f'{source["file"]}\0{source["hash"]}\n'.encode())
    return digest.hexdigest()
