"""Building the index from a corpus folder: incremental, atomic, reporting per-file errors."""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.analysis import Analyzer, default_analyzer
from bot.bm25 import BM25Params
from bot.config import DEFAULT_SEMANTIC_MAX_CHUNKS, ReadLimits, Settings
from bot.corpus.characters import printable
from bot.corpus.describe import Described, describe
from bot.corpus.formats import skipped_files
from bot.corpus.manifest import (
    MANIFEST_NAME,
    BadMetadata,
    SourceInfo,
    Unmatched,
    manifest_file,
    read_manifest,
    shown_name,
    stem_of,
)
from bot.corpus.questions import QUESTIONS_NAME, questions_digest, read_questions, unmatched
from bot.corpus.readers import is_records
from bot.corpus.records import SourceRecord
from bot.corpus.sources import record_batches, source_digest
from bot.corpus.worker import ReaderProcess, reader_process
from bot.errors import OS_HINTS, BuildError, CorpusError, KommunebotError
from bot.index.check import verify
from bot.index.postings import TermCounter
from bot.index.prebuilt import read_vectors
from bot.index.schema import APPLICATION_ID
from bot.index.signatures import corpus_signature, pack_signatures
from bot.index.store import IndexStore
from bot.index.writer import CountedChunk, IndexWriter
from bot.semantic.embedder import Embedder

DEFAULT_PARAMS = BM25Params()
PARALLEL_MIN_BYTES = 4 << 20        # .jsonl files at least this big are analysed by worker processes
# The questions written for a folder's passages (its questions.tsv, bot.corpus.questions) are indexed with them:
# "Får jeg lønn etter at jeg går av?" finds § 8-6's "ettergodtgjøring". Off: benchmarks.answers --without.
WRITTEN_QUESTIONS = True
WORKERS = min(os.cpu_count() or 1, 8)
_SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_MARK = "kommunebot index build lock\n"  # written into the lock file beside every index a build writes
# What SQLite says when a write is refused: the disk is full, or a file-size limit (ulimit -f) was reached.
_WRITE_REFUSED = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_FSYNC,
                  sqlite3.SQLITE_IOERR_TRUNCATE} if hasattr(sqlite3, "SQLITE_IOERR_WRITE") else {13, 778, 1034, 1546}


@dataclass
class BuildReport:
    """What a build did: counts, timing, the files it could not read, and what it had to decide."""

    index_path: Path
    sources: int = 0
    chunks: int = 0
    terms: int = 0
    reused_sources: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # the files those errors kept out (a manifest error may keep none)
    # those of the errors that are sources.toml's (a bad entry, key or table), not a file's: `index stats` lists them
    # as the manifest's, not as files it could not read
    manifest_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # manifest entries that did nothing
    skipped: list[str] = field(default_factory=list)  # files of a format no reader exists for
    notes: list[str] = field(default_factory=list)   # e.g. a damaged previous index rebuilt in full
    removed: list[str] = field(default_factory=list)  # files the previous index had that are gone from the corpus
    # files still there that this build could not use (unreadable now, or skipped by a bad manifest entry), whose
    # passages the previous index held are kept as they were: a half-copied file no longer takes a document out
    kept: list[str] = field(default_factory=list)
    # (old id, new id): written questions given to the passage whose text they were written for, now at another place
    followed: list[tuple[str, str]] = field(default_factory=list)
    semantic: str = "off"    # "on": every chunk has a vector; "partial": the marked sources'; "off": none
    vectors: int = 0         # chunks with vectors
    embedded: int = 0        # of them, embedded by this build (the rest reused unchanged)


@dataclass
class _Previous:
    """What a build may take from the index it replaces: the store (its chunks) and its vectors."""

    store: IndexStore | None = None
    vectors: dict[str, bytes] = field(default_factory=dict)


def _reuse(old: IndexStore, source_ids: set[str]) -> dict[str, list[CountedChunk]]:
    """Unchanged sources' chunks and term counts, taken from the previous index in one pass."""
    counts: dict[int, Counter[str]] = {}
    out: dict[str, list[CountedChunk]] = {sid: [] for sid in source_ids}
    for docno, chunk in old.chunk_rows():
        if chunk.source_id in source_ids:
            counts[docno] = Counter()
            out[chunk.source_id].append(CountedChunk(chunk, counts[docno]))
    if counts:
        wanted = np.fromiter(counts, dtype=np.int64)
        for term, docs, tfs in old.all_postings():
            mask = np.isin(docs, wanted, assume_unique=True)
            for d, tf in zip(docs[mask].tolist(), tfs[mask].tolist(), strict=True):
                counts[d][term] = tf
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def refuse_foreign(index_path: Path) -> None:
    """Raise unless `index_path` is absent, empty, a kommunebot index or a damaged one: never replace another file.

    A damaged index may have lost its header; it is told from someone else's file by the lock
    file a build leaves beside every index it writes, holding LOCK_MARK (and never beside a file
    it refused): a lock file of another program, empty or not ours, does not count.
    """
    if index_path.is_dir():
        raise BuildError(f"{index_path} is a folder, not an index file", hint="pass --index FILE.db", key="foreign",
                         path=index_path)
    try:
        with index_path.open("rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise BuildError(f"cannot read {index_path} ({exc.strerror})", hint="check the --index path",
                         key="unwritable", path=index_path) from None
    # The SQLite header holds the application id at byte 68 (big-endian): ours is "KBOT".
    ours = head.startswith(_SQLITE_MAGIC) and len(head) >= 72 and int.from_bytes(head[68:72], "big") == APPLICATION_ID
    foreign_sqlite = head.startswith(_SQLITE_MAGIC) and not ours
    if head and not ours and (foreign_sqlite or not _our_lock(index_path)):
        raise BuildError(f"{index_path} exists and is not a kommunebot index: refusing to replace it",
                         hint="choose another --index path, or move that file away yourself", key="foreign",
                         path=index_path)


def _remove_orphan_temps(index_path: Path) -> None:
    """Delete temporary files of earlier builds of this index whose process is gone (killed mid-build)."""
    for tmp in index_path.parent.glob(f".{index_path.name}.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if not pid.isdecimal() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except PermissionError:
            pass  # alive, another user's


def _lock_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + ".lock")


def _our_lock(index_path: Path) -> bool:
    """Whether the lock file beside `index_path` is one a build of ours wrote."""
    try:
        with _lock_path(index_path).open("rb") as handle:
            return handle.read(len(LOCK_MARK) + 1) == LOCK_MARK.encode()
    except OSError:
        return False


@contextmanager
def _build_lock(index_path: Path) -> Iterator[None]:
    try:
        index_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(_lock_path(index_path), "w")  # noqa: SIM115 - held while building
    except OSError as exc:
        raise BuildError(f"cannot write the index at {index_path} ({exc.strerror or exc})",
                         hint="choose a writable --index path", key="unwritable", path=index_path) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build of this index is running", hint="wait for it to finish",
                             key="busy") from None
        try:
            handle.write(LOCK_MARK)
            handle.flush()
        except OSError:
            pass  # a full disk: the build itself will say so
        yield


def _previous(index_path: Path, analyzer: Analyzer, params: BM25Params, embedder: Embedder | None,
              incremental: bool, report: BuildReport, model_missing: bool = False) -> _Previous:
    """The previous index's sound parts: its chunks when built the same way, its vectors when by this model.

    :param model_missing: semantic search is wanted but the model did not load: an index with
        vectors is not replaced by one without (KommunebotError), the old one stays in service.
    """
    if model_missing:
        report.notes.append("the embedding model cannot be loaded: this index is lexical (BM25 only)")
    if not index_path.exists():
        return _Previous()
    try:
        old = IndexStore.open(index_path)
    except KommunebotError as exc:
        if not incremental:
            return _Previous()
        report.notes.append(f"the previous index cannot be reused ({exc}): rebuilding in full")
        return _Previous()
    if model_missing and old.meta.embedding_model:
        model = old.meta.embedding_model
        old.close()
        raise BuildError(f"the embedding model cannot be loaded, and the index at {index_path} has vectors "
                         f"({model}): building now would drop them; the index is left as it is",
                         hint="reinstall kommunebot so the model loads (see the log line above), or set "
                              "KOMMUNEBOT_SEMANTIC=off to build a lexical index on purpose", key="model")
    if not incremental and not (embedder and old.meta.embedding_model == embedder.name):
        old.close()  # nothing to take: no need to read it all through
        return _Previous()
    problems = verify(old)
    if problems:
        old.close()
        report.notes.append(f"the previous index is damaged ({problems[0]}): rebuilding in full")
        return _Previous()
    vectors: dict[str, bytes] = {}
    if embedder is not None and old.meta.embedding_model == embedder.name:
        vectors = dict(old.conn.execute("SELECT hash, vector FROM vectors").fetchall())
    elif embedder is not None and old.meta.embedding_model:
        report.notes.append(f"the previous index was embedded by {old.meta.embedding_model}: "
                            f"embedding every chunk again with {embedder.name}")
    if not incremental or old.params != params or old.meta.analyzer_version != analyzer.version:
        old.close()
        return _Previous(None, vectors)
    return _Previous(old, vectors)


def _removed(index_path: Path, names: set[str]) -> list[str]:
    """The files the index at `index_path` was built from that are no longer sources (none if it cannot be read)."""
    if not index_path.exists():
        return []
    try:
        old = IndexStore.open(index_path)
    except KommunebotError:
        return []
    try:
        return sorted({s.file for s in old.sources()} - names)
    except Exception:  # noqa: BLE001 (a damaged previous index: the build reports it when it reads it)
        return []
    finally:
        old.close()


def build_from_settings(settings: Settings, embedder: Embedder | None, full: bool = False,
                        progress: Callable[[int, int, str], None] | None = None,
                        passage_progress: Callable[[int], None] | None = None,
                        embed_progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """build_index as `settings` say: their corpus, index, packs, read limits and semantic cap.

    The one translation of Settings into a build, for `kommunebot index build` (and `ask`'s first
    build) and the bot's /reindex alike. `embedder` is the one loaded for `settings` (None: lexical);
    when semantic search was asked for and it is None, the model is missing (see _previous).
    """
    return build_index(settings.corpus_dir, settings.index_path, progress=progress, incremental=not full,
                       passage_progress=passage_progress, embedder=embedder,
                       semantic_max_chunks=settings.semantic_max_chunks, embed_progress=embed_progress,
                       limits=settings.read_limits, model_missing=embedder is None and settings.semantic != "off",
                       packs=settings.packs)


def build_index(corpus_dir: Path, index_path: Path, analyzer: Analyzer | None = None,
                params: BM25Params = DEFAULT_PARAMS, progress: Callable[[int, int, str], None] | None = None,
                incremental: bool = True, passage_progress: Callable[[int], None] | None = None,
                embedder: Embedder | None = None, semantic_max_chunks: int = DEFAULT_SEMANTIC_MAX_CHUNKS,
                embed_progress: Callable[[int, int], None] | None = None, limits: ReadLimits = ReadLimits(),
                model_missing: bool = False, packs: Sequence[Path] = ()) -> BuildReport:
    """Build `index_path` from `corpus_dir` (and the source `packs`) into a temporary file, then swap it in atomically.

    A file that cannot be read (whatever its reader raises, or over `limits`) is named in the
    report's errors and left out; the rest is indexed.

    :param progress: called as progress(done_files, total_files, name) as each file starts.
    :param passage_progress: called with the number of chunks indexed so far, every few thousand.
    :param embedder: the embedding model; None builds a lexical index (BM25 only).
    :param semantic_max_chunks: above this many chunks only sources marked `semantic = true` are embedded.
    :param embed_progress: called as embed_progress(done, total) while chunks are embedded.
    :param limits: what reading one file may cost (memory, time, unpacked size, line length).
    :param model_missing: semantic search was asked for but the model did not load (see _previous).
    :param packs: source folders indexed with the corpus (the bundled law pack), each with its own
        sources.toml and the vectors shipped with it (bot.index.prebuilt).
    """
    started = time.perf_counter()
    analyzer = analyzer or default_analyzer()
    corpus_dir, index_path = Path(corpus_dir), Path(index_path)
    if not corpus_dir.is_dir():
        raise BuildError(f"no corpus folder at {corpus_dir}",
                         hint="check the path (--corpus or KOMMUNEBOT_CORPUS names the folder of documents)",
                         key="no_corpus", path=corpus_dir)
    refuse_foreign(index_path)
    report = BuildReport(index_path)
    with _build_lock(index_path):
        _remove_orphan_temps(index_path)
        manifest, misses, skipped = _sources(corpus_dir, packs, report)
        report.skipped = skipped_files(corpus_dir)
        report.removed = _removed(index_path, {path.name for path in manifest})
        previous = _previous(index_path, analyzer, params, embedder, incremental, report, model_missing)
        shipped = {h: v for folder in (corpus_dir, *packs) for h, v in
                   (read_vectors(folder, embedder.name) if embedder else {}).items()}
        semantic = _Semantic(embedder, semantic_max_chunks, {**shipped, **previous.vectors}, embed_progress,
                             model_missing)
        try:
            _build(corpus_dir, index_path, manifest, analyzer, params, previous.store, report, progress,
                   passage_progress, semantic, reader_process(limits), limits, packs, misses, skipped)
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) in _WRITE_REFUSED:
                raise _write_refused(index_path, str(exc)) from None
            raise
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                raise _write_refused(index_path, exc.strerror or str(exc)) from None
            raise
        finally:
            if previous.store:
                previous.store.close()
    report.removed = [name for name in report.removed if name not in report.kept]
    for lines in (report.errors, report.manifest_errors, report.warnings, report.skipped, report.notes):
        lines[:] = [printable(line) for line in lines]  # names with terminal escapes are shown, never run
    report.seconds = time.perf_counter() - started
    return report


# a manifest error told once the files are read (an entry naming no file, a bad publisher, date or url): its folder, the
# folder's prefix, the error
_Miss = tuple[Path, str, Unmatched | BadMetadata]
# a file this build could not use though it is there: its name, and where its error is in the report's errors
_Failed = tuple[str, int]


def _sources(corpus_dir: Path, packs: Sequence[Path],
             report: BuildReport) -> tuple[dict[Path, SourceInfo], list[_Miss], list[_Failed]]:
    """Every source file to index, the corpus folder's first, with what its folder's manifest says of it; the
    entries naming no file, told once the files are read; and the files a bad entry skipped, with their errors."""
    out: dict[Path, SourceInfo] = {}
    misses: list[_Miss] = []
    skipped: list[_Failed] = []
    for folder in (corpus_dir, *packs):
        loaded = read_manifest(folder)
        if loaded.unusable:
            # built without it, every source would lose its id, title, layout and cleaning (the slides read as
            # prose, pins and marks orphaned) and that index would replace the one in service: stop instead
            why = loaded.unusable.removeprefix(MANIFEST_NAME).lstrip(": ")  # "not valid TOML: …", "is a folder, …"
            raise BuildError(f"{folder / MANIFEST_NAME}: {why}",
                             hint=f"nothing was built, and the index in service is kept: mend {MANIFEST_NAME} "
                                  "and build again", key="manifest", path=folder / MANIFEST_NAME)
        where = "" if folder == corpus_dir else f"{folder.name} pack: "
        skipped += [(name, len(report.errors) + at) for name in loaded.left_out
                    for at, error in enumerate(loaded.errors) if error.endswith(f"; {name} skipped")]
        report.errors.extend(where + e for e in (*loaded.errors, *loaded.unreadable))
        report.manifest_errors.extend(where + e for e in loaded.errors)
        report.left_out.extend(where + name for name in loaded.left_out)
        report.warnings.extend(where + w for w in loaded.warnings)
        out.update((folder / name, info) for name, info in sorted(loaded.sources.items()))
        misses += [(folder, where, miss) for miss in loaded.unmatched]
        misses += [(folder, where, bad) for bad in loaded.bad_metadata]
    return out, misses, skipped


def _write_refused(index_path: Path, why: str) -> BuildError:
    """The error for a write the disk refused: the old index is intact, the disk is full (or a limit reached)."""
    kept = f"{index_path} is unchanged and still in service" if index_path.exists() else "no index was written"
    return BuildError(f"the disk is full, or a file-size limit was reached, while writing the new index ({why}); "
                      + kept, hint=OS_HINTS[errno.ENOSPC] + ", then build again", key="disk_full", path=index_path)


@dataclass(frozen=True)
class _Semantic:
    """How the build embeds: the model (None: lexical), the size limit, vectors to reuse, progress."""

    embedder: Embedder | None
    max_chunks: int
    reuse: dict[str, bytes]
    progress: Callable[[int, int], None] | None
    model_missing: bool = False  # semantic search was asked for and the model did not load


def _embed(writer: IndexWriter, manifest: dict[Path, SourceInfo], semantic: _Semantic,
           report: BuildReport) -> dict[str, str]:
    """Embed what the size limit and the manifest allow; the meta keys that say what was done, and why semantic search
    is off or partial (`semantic_why`, which `index stats` shows: it had said "off" and never why)."""
    n = writer.collector.n_docs
    if semantic.embedder is None:
        why = "the embedding model could not be loaded when it was built" if semantic.model_missing \
            else "built without the embedding model: KOMMUNEBOT_SEMANTIC=off"
        return {"semantic": "off", "semantic_why": why}
    marked = {info.id for info in manifest.values() if info.semantic} & set(writer.source_files)
    over = f"{n:,} chunks is more than KOMMUNEBOT_SEMANTIC_MAX_CHUNKS={semantic.max_chunks:,}"
    why = ""
    if n <= semantic.max_chunks:
        sources, report.semantic = None, "on"
    elif marked:
        sources, report.semantic = marked, "partial"
        why = f"{over}: semantic search only for the {len(marked)} source(s) marked semantic = true"
        report.notes.append(why)
    else:
        why = f"{over}: raise that limit, or mark sources with semantic = true in sources.toml"
        report.notes.append(f"the index is lexical only: {over}. To turn semantic search on, raise that limit or mark "
                            "sources with semantic = true in sources.toml")
        return {"semantic": "off", "semantic_why": why}
    report.vectors = writer.embed(semantic.embedder, sources, semantic.reuse, semantic.progress)
    report.embedded = writer.embedded
    return {"semantic": report.semantic, "semantic_why": why, "embedding_model": semantic.embedder.name,
            "embedding_dim": str(semantic.embedder.dim), "sparse_k": str(semantic.embedder.sparse_k),
            "semantic_chunks": str(report.vectors),
            "semantic_vectors": str(writer.vector_rows)}


def _build(corpus_dir: Path, index_path: Path, manifest: dict[Path, SourceInfo], analyzer: Analyzer,
           params: BM25Params, old: IndexStore | None, report: BuildReport,
           progress: Callable[[int, int, str], None] | None,
           passage_progress: Callable[[int], None] | None, semantic: _Semantic, reader: ReaderProcess,
           limits: ReadLimits, packs: Sequence[Path], misses: Sequence[_Miss], skipped: Sequence[_Failed]) -> None:
    failed = list(skipped)
    old_hashes = old.source_hashes() if old else {}
    written = {folder: read_questions(folder, report.warnings) if WRITTEN_QUESTIONS else {}
               for folder in {p.parent for p in manifest}}
    asked = {folder: questions_digest(q) if q else "" for folder, q in written.items()}
    hashes: dict[Path, str] = {}
    for path, info in manifest.items():
        try:
            hashes[path] = _digest(path, info, asked[path.parent])
        except OSError:
            pass  # reported when the file is read below
    unchanged = {info.id for path, info in manifest.items()
                 if old_hashes.get(info.id) and old_hashes[info.id] == hashes.get(path)}
    reused = _reuse(old, unchanged) if old and unchanged else {}
    tmp = index_path.with_name(f".{index_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    big = [path for path, info in manifest.items() if info.id not in reused and is_records(path)
           and _size(path) >= PARALLEL_MIN_BYTES]
    origins: dict[str, dict[str, str]] = {}  # per source, where each metadata field came from
    indexed: set[Path] = set()
    counter = None
    if big and WORKERS > 1 and TermCounter.usable():
        warm = getattr(analyzer, "warm", None)  # a stand-in analyzer (tests, benchmarks) may load nothing lazily
        if warm:
            warm()  # the workers fork with everything loaded
        counter = TermCounter(analyzer, WORKERS)
    try:
        questions = {chunk: qs for q in written.values() for chunk, qs in q.items()}
        with IndexWriter(tmp, analyzer, passage_progress, counter, questions) as writer:
            for n, (path, info) in enumerate(manifest.items(), 1):
                name = path.name
                if progress:
                    progress(n, len(manifest), name)
                mark = writer.begin_source()
                try:
                    source, described = _add_source(writer, path, info,
                                                    hashes.get(path) or _digest(path, info, asked[path.parent]),
                                                    old, reused, path in big, reader, limits)
                except CorpusError as exc:
                    writer.rollback_source(mark)
                    failed.append((name, len(report.errors)))
                    report.errors.append(str(exc))
                    report.left_out.append(name)
                    continue
                except sqlite3.Error:
                    raise  # the new index cannot be written: no file is to blame
                except OSError as exc:
                    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                        raise
                    writer.rollback_source(mark)
                    failed.append((name, len(report.errors)))
                    report.errors.append(f"{shown_name(name)}: cannot be read ({exc.strerror or exc})")
                    report.left_out.append(name)
                    continue
                except Exception as exc:  # noqa: BLE001 - one file never stops a build, whatever its reader raises
                    writer.rollback_source(mark)
                    failed.append((name, len(report.errors)))
                    report.errors.append(f"{shown_name(name)}: not readable ({exc.__class__.__name__})")
                    report.left_out.append(name)
                    continue
                if described.problem:
                    report.warnings.append(f"{shown_name(name)}: {described.problem}; its title, author and date "
                                           "were not taken from the file")
                report.warnings.extend(f"{shown_name(name)}: {note}" for note in described.notes)
                if info.id in reused:
                    report.reused_sources += 1
                writer.end_source(source)
                indexed.add(path)
                origins[source.id] = described.origins
            _keep_previous(writer, old, report, failed, origins)
            # after the reading: a file the error names (a near one, the one whose date is bad) may have been skipped,
            # and not indexed at all
            told = [where + miss.error({path.name for path in manifest if path.parent == folder and path not in indexed})
                    for folder, where, miss in misses]
            report.errors.extend(told)
            report.manifest_errors.extend(told)
            if not writer.collector.n_docs:
                raise BuildError(f"no chunks to index in {corpus_dir}: " + ("; ".join(report.errors) or "no files"),
                                 hint="add .txt, .md, .html, .pdf, .docx, .odt, .pptx, .odp or .jsonl files",
                                 key="no_chunks", path=corpus_dir)
            ids = [row[0] for row in writer.conn.execute("SELECT id FROM chunks")]
            taken = {old for olds in writer.followed.values() for old in olds}
            stale = [chunk for chunk in unmatched(writer.questions, ids) if chunk not in taken]
            held = [len(writer.questions[i]) for i in ids if i in writer.questions]  # what `index stats` shows
            report.followed = sorted((old, new) for new, olds in writer.followed.items() for old in olds)
            if report.followed:
                report.notes.append(_followed_note(report.followed))
            if stale:  # a passage's text changed since its questions were written, or an id is mistyped
                report.warnings.append(f"{QUESTIONS_NAME}: the questions written for {len(stale)} passage(s) the "
                                       f"index does not hold were left out (first: {shown_name(stale[0])})")
            meta = _embed(writer, manifest, semantic, report)
            report.terms = writer.finish(params, {
                "corpus_hash": corpus_hash(writer.sources, corpus_dir),
                "corpus_signature": corpus_signature(corpus_dir), "corpus_dir": str(corpus_dir.resolve()),
                "packs": json.dumps(pack_signatures(packs), ensure_ascii=False),
                "source_origins": json.dumps(origins, ensure_ascii=False),
                "written_questions": str(sum(held)), "written_passages": str(len(held)),
                "unread": json.dumps(report.errors, ensure_ascii=False),
                "manifest_errors": json.dumps(report.manifest_errors, ensure_ascii=False), **meta})
        try:
            os.replace(tmp, index_path)  # atomic: readers see the old file or the new one, never half
        except OSError as exc:
            # OSError names the temporary file (its first path): the index is what could not be replaced, and the
            # temporary file is ours and removed below
            raise BuildError(f"cannot replace the index {index_path}: {exc.strerror or type(exc).__name__}",
                             hint=f"make {index_path} and its folder writable, or build another with --index PATH",
                             key="unwritable", path=index_path) from None
    finally:
        tmp.unlink(missing_ok=True)
    report.sources, report.chunks = len(writer.sources), writer.collector.n_docs


def _keep_previous(writer: IndexWriter, old: IndexStore | None, report: BuildReport, failed: Sequence[_Failed],
                   origins: dict[str, dict[str, str]]) -> None:
    """Write again, as the previous index holds them, the passages of each file still in its folder that this build
    could not use (read or skipped for a bad entry), its error saying so; a source id another file took now, or a file
    name two sources of the previous index had (the corpus's and a pack's), keeps nothing."""
    if old is None or not failed:
        return
    by_file: dict[str, list[SourceRecord]] = {}
    for source in old.sources():
        by_file.setdefault(source.file, []).append(source)
    wanted: dict[str, tuple[SourceRecord, str, int]] = {}
    for name, at in failed:
        named = by_file.get(name, [])
        if len(named) == 1 and named[0].id not in writer.source_files and named[0].id not in wanted:
            wanted[named[0].id] = (named[0], name, at)
    reused = _reuse(old, set(wanted)) if wanted else {}
    for source_id, (before, name, at) in wanted.items():
        if not reused[source_id]:
            continue
        writer.begin_source()
        n = writer.add_counted(reused[source_id])
        writer.end_source(dataclasses.replace(before, chunks=n))
        origins[source_id] = dict(old.meta.source_origins.get(source_id, {}))
        report.kept.append(name)
        error = report.errors[at]
        report.errors[at] = f"{error}; the {n} passage(s) indexed from it before are kept"
        report.manifest_errors[:] = [report.errors[at] if e == error else e for e in report.manifest_errors]


FOLLOWED_SHOWN = 5  # the build's notice names this many moves; `--json` lists them all


def _followed_note(moves: Sequence[tuple[str, str]]) -> str:
    """The build's notice of written questions that followed their passage's text to a new id."""
    shown = ", ".join(f"{shown_name(old)} → {shown_name(new)}" for old, new in moves[:FOLLOWED_SHOWN])
    more = f" and {len(moves) - FOLLOWED_SHOWN} more" if len(moves) > FOLLOWED_SHOWN else ""
    return (f"{QUESTIONS_NAME}: the questions written for {len(moves)} passage(s) whose text is now at another place "
            f"of its source (a slide put in before it renumbers it) were given to it: {shown}{more}. The file is "
            "unchanged; write them under the new ids to keep this notice away")


def _add_source(writer: IndexWriter, path: Path, info: SourceInfo, digest: str, old: IndexStore | None,
                reused: dict[str, list[CountedChunk]], parallel: bool, reader: ReaderProcess,
                limits: ReadLimits) -> tuple[SourceRecord, Described]:
    """Write one source's chunks (reused, records or a document); its record, and where its metadata came from."""
    if info.id in writer.source_files:
        # the id its own name gives it, unless that is the one taken (plan.txt beside plan.pdf): then with its format
        own = stem_of(path.name)
        suggested = own if own != info.id and own not in writer.source_files else \
            f"{own}-{path.suffix.lstrip('.').lower()}"
        raise CorpusError(f"{path.name}: the source id {info.id!r} is also used by {writer.source_files[info.id]}; "
                          f"give it its own id in {MANIFEST_NAME}: a [[source]] with file = \"{path.name}\" and "
                          f"id = \"{suggested}\"")
    if info.id in reused and old is not None:
        before = old.source(info.id)
        fmt, secondary = before.format, before.secondary_chars
        chunks = writer.add_counted(reused[info.id])
        described = reader.describe(info, path, known_lang=before.lang)  # the file's own metadata, read again
    elif is_records(path):
        fmt, secondary = "jsonl", 0
        chunks = writer.add_batches(record_batches(path, info, limits), parallel)
        described = describe(info, path)
    else:
        doc = reader.read(path, info)
        fmt, secondary = doc.format, doc.secondary_chars
        chunks = writer.add_chunks(doc.chunks)
        described = doc.described
    meta = described.info  # the manifest's fields, else the file's own, else detected from the text
    return SourceRecord(id=info.id, file=path.name, title=meta.title, publisher=meta.publisher, lang=meta.lang,
                        date=meta.date, url=meta.url, format=fmt, hash=digest, chunks=chunks,
                        secondary_chars=secondary), described


def _digest(path: Path, info: SourceInfo, asked: str) -> str:
    """A source's digest (source_digest), with its folder's written questions' when it has any: a source whose
    questions changed is analysed again, since they are part of what its chunks are found by."""
    plain = source_digest(path, info)
    return hashlib.sha256(f"{plain}\0{asked}".encode()).hexdigest() if asked else plain


def corpus_hash(sources: list[SourceRecord], corpus_dir: Path) -> str:
    """One hash over every indexed file's hash and the manifest."""
    digest = hashlib.sha256()
    manifest = manifest_file(corpus_dir)
    if manifest is not None:
        digest.update(manifest.read_bytes())
    for source in sorted(sources, key=lambda s: s.file):
        digest.update(f"{source.file}\0{source.hash}\n".encode())
    return digest.hexdigest()

