"""Building the index from a corpus folder: incremental, atomic, reporting per-file errors."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from array import array
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
from bot.corpus.manifest import MANIFEST_NAME, SourceInfo, load_manifest
from bot.corpus.readers import file_hash, is_records, read_records, read_sections
from bot.errors import CorpusError, KommunebotError
from bot.index.schema import SCHEMA_VERSION, create_schema
from bot.index.store import IndexStore, corpus_signature
from bot.search.bm25 import BM25Params, idf_table, term_weights

DEFAULT_PARAMS = BM25Params()


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


@dataclass
class _Doc:
    row: dict
    counts: Counter[str]


def index_text(title: str, heading: str, text: str) -> str:
    """The text a chunk is found by: its own title and heading with its body."""
    return "\n".join(part for part in (title, heading, text) if part)


def _source_docs(path: Path, info: SourceInfo, analyzer: Analyzer) -> tuple[dict, list[_Doc]]:
    """Read, clean, chunk and analyse one file."""
    docs: list[_Doc] = []
    secondary = 0
    if is_records(path):
        fmt = "jsonl"
        for rec in read_records(path):
            row = dict(id=rec.id, source_id=info.id, cite_id=rec.id, title=rec.title, heading="",
                       location=rec.location, url=rec.url, lang=rec.lang or info.lang, text=rec.text,
                       start=0, end=len(rec.text))
            docs.append(_Doc(row, Counter(analyzer.terms(index_text(rec.title, "", rec.text)))))
    else:
        fmt = path.suffix.lower().lstrip(".")
        for section in read_sections(path):
            cleaned = clean(section.text, info.rules)
            secondary += len(cleaned.secondary)
            for ch in chunk_document(cleaned.text, info.id, info.lang, info.layout,
                                     location=section.location, title=info.title):
                row = dict(id=ch.id, source_id=info.id, cite_id=info.id, title=info.title,
                           heading=ch.heading if ch.heading != info.title else "",
                           location=ch.location, url=info.url, lang=info.lang, text=ch.text,
                           start=ch.start, end=ch.end)
                docs.append(_Doc(row, Counter(analyzer.terms(index_text("", row["heading"], ch.text)))))
        if not docs:
            raise CorpusError(f"{path.name}: no text left after cleaning")
    seen: set[str] = set()
    for doc in docs:
        if doc.row["id"] in seen:  # the same text twice at one location: keep one
            doc.row["id"] = f'{doc.row["id"]}~{len(seen)}'
        seen.add(doc.row["id"])
    source = dict(id=info.id, file=path.name, title=info.title, publisher=info.publisher,
                  lang=info.lang, date=info.date, url=info.url, format=fmt, hash="", chunks=len(docs),
                  secondary_chars=secondary)
    return source, docs


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
                incremental: bool = True) -> BuildReport:
    """Build `index_path` from `corpus_dir` into a temporary file, then swap it in atomically.

    :param progress: called as progress(done_files, total_files, name) while reading.
    """
    started = time.perf_counter()
    analyzer = analyzer or default_analyzer()
    corpus_dir, index_path = Path(corpus_dir), Path(index_path)
    if not corpus_dir.is_dir():
        raise KommunebotError(f"no corpus folder at {corpus_dir}", hint="pass --corpus DIR")
    report = BuildReport(index_path)
    with _build_lock(index_path):
        manifest = load_manifest(corpus_dir)
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
        sources: list[dict] = []
        docs: list[_Doc] = []
        ids: dict[str, str] = {}
        for n, (name, info) in enumerate(sorted(manifest.items()), 1):
            if progress:
                progress(n, len(manifest), name)
            path = corpus_dir / name
            try:
                if info.id in ids:
                    raise CorpusError(f"{name}: the source id {info.id!r} is also used by {ids[info.id]}")
                digest = hashes.get(name) or _source_digest(path, info)
                if info.id in reused:
                    source = dict(old.source(info.id))
                    source_docs = reused[info.id]
                    report.reused_sources += 1
                else:
                    source, source_docs = _source_docs(path, info, analyzer)
                source.update(hash=digest, title=info.title, publisher=info.publisher, lang=info.lang,
                              date=info.date, url=info.url)
            except CorpusError as exc:
                report.errors.append(str(exc))
                continue
            except OSError as exc:
                report.errors.append(f"{name}: cannot be read ({exc.strerror or exc})")
                continue
            ids[info.id] = name
            sources.append(source)
            docs.extend(source_docs)
        if old:
            old.close()
        if not docs:
            raise KommunebotError(f"no chunks to index in {corpus_dir}: " + ("; ".join(report.errors) or "no files"),
                                  hint="add .txt, .md, .html, .pdf or .jsonl files")
        seen_ids: dict[str, str] = {}
        for doc in docs:
            if doc.row["id"] in seen_ids:
                raise KommunebotError(f"chunk id {doc.row['id']!r} occurs in {seen_ids[doc.row['id']]} and "
                                      f"{doc.row['source_id']}", hint="give the records unique ids")
            seen_ids[doc.row["id"]] = doc.row["source_id"]
        report.terms = _write(index_path, sources, docs, analyzer, params, corpus_dir)
    report.sources, report.chunks = len(sources), len(docs)
    report.seconds = time.perf_counter() - started
    return report


def _postings(docs: list[_Doc]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Group (term, doc, tf) triples by term: vocabulary, and per-term sorted doc/tf arrays."""
    term_ids: dict[str, int] = {}
    tids, dnos, tfs = array("i"), array("i"), array("i")
    for docno, doc in enumerate(docs):
        for term, tf in doc.counts.items():
            tids.append(term_ids.setdefault(term, len(term_ids)))
            dnos.append(docno)
            tfs.append(tf)
    vocab = list(term_ids)
    t, d, f = (np.frombuffer(a, dtype=np.int32) for a in (tids, dnos, tfs))
    order = np.argsort(t, kind="stable")  # stable: docs stay ascending within a term
    return vocab, t[order], d[order], f[order]


def _write(index_path: Path, sources: list[dict], docs: list[_Doc], analyzer: Analyzer,
           params: BM25Params, corpus_dir: Path) -> int:
    tmp = index_path.with_name(f".{index_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        create_schema(db)
        lengths = np.array([sum(doc.counts.values()) for doc in docs], dtype=np.int64)
        n_docs = len(docs)
        avgdl = float(lengths.sum()) / n_docs
        vocab, t, d, f = _postings(docs)
        bounds = np.searchsorted(t, np.arange(len(vocab) + 1))
        dfs = np.diff(bounds)
        idf, mean_idf = idf_table(dfs, n_docs, params)
        tf_dtype = np.uint16 if (f.max(initial=0) < 65536) else np.uint32
        with db.conn:
            db["sources"].insert_all(sources)
            db["chunks"].insert_all(
                (dict(doc.row, docno=i, length=int(lengths[i])) for i, doc in enumerate(docs)), batch_size=2000)

            def term_rows() -> Iterator[dict]:
                for i, term in enumerate(vocab):
                    lo, hi = bounds[i], bounds[i + 1]
                    w = term_weights(idf[i], f[lo:hi], lengths[d[lo:hi]], avgdl, params)
                    yield {"term": term, "df": int(hi - lo), "docs": d[lo:hi].astype("<i4").tobytes(),
                           "tfs": f[lo:hi].astype(tf_dtype).tobytes(), "weights": w.astype("<f4").tobytes()}

            db["terms"].insert_all(term_rows(), batch_size=5000)
            meta = {
                "schema_version": SCHEMA_VERSION, "analyzer_version": analyzer.version,
                "bm25": json.dumps(params.to_dict()), "package_version": __version__,
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "corpus_hash": corpus_hash(sources, corpus_dir), "corpus_signature": corpus_signature(corpus_dir),
                "corpus_dir": str(corpus_dir.resolve()),
                "n_docs": n_docs, "avgdl": repr(avgdl), "mean_idf": repr(mean_idf),
                "tf_dtype": np.dtype(tf_dtype).name,
            }
            db["meta"].insert_all({"key": k, "value": str(v)} for k, v in meta.items())
            db["arrays"].insert({"name": "doclens", "data": lengths.astype("<i4").tobytes()})
        db.close()
        os.replace(tmp, index_path)  # atomic: readers see the old file or the new one, never half
    finally:
        tmp.unlink(missing_ok=True)
    return len(vocab)


def corpus_hash(sources: list[dict], corpus_dir: Path) -> str:
    """One hash over every indexed file's hash and the manifest."""
    digest = hashlib.sha256()
    manifest = corpus_dir / MANIFEST_NAME
    if manifest.exists():
        digest.update(manifest.read_bytes())
    for source in sorted(sources, key=lambda s: s["file"]):
        digest.update(f'{source["file"]}\0{source["hash"]}\n'.encode())
    return digest.hexdigest()
