"""The encoder's ONNX graph kept in the cache folder, so that a new process reads it instead of writing it again."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

MAGIC = b"KBGRAPH1"  # then the key (32 bytes), the graph's SHA-256 (32 bytes), then the graph
HEADER = len(MAGIC) + 64
# The code that writes the graph: a change to any of these is another key, so a graph written by other code is never
# read (no version number to remember to raise).
SOURCES = ("graph.py", "onnxproto.py", "weights.py")
KEPT = 3  # graph files kept in the folder, the most recent: two kommunebot versions sharing it do not evict each other


def file_identity(path: Path) -> str:
    """A file's path, size and modification time: what tells a new release of it (as Python's .pyc files tell their
    source), without reading its 72 MB (hashing the model file took 0.06-0.15 s of every start)."""
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def graph_key(parts: Sequence[str]) -> bytes:
    """The graph's key: the code that writes it and `parts` (the weights' files, the adapter, the options)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in SOURCES:
        digest.update(hashlib.sha256((here / name).read_bytes()).digest())
    for part in parts:
        digest.update(hashlib.sha256(part.encode("utf-8")).digest())
    return digest.digest()


def graph_file(folder: Path, key: bytes) -> Path:
    """Where the graph of `key` is kept in `folder`."""
    return folder / f"encoder-{key.hex()[:16]}.onnx"


def read_graph(path: Path, key: bytes) -> bytes | None:
    """The graph kept at `path` for `key`; None when there is none, or it is another key's, cut short or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, graph = data[:HEADER], data[HEADER:]
    if len(head) < HEADER or head[:len(MAGIC)] != MAGIC or head[len(MAGIC):len(MAGIC) + 32] != key:
        return None
    if hashlib.sha256(graph).digest() != head[len(MAGIC) + 32:]:
        return None
    return graph


def write_graph(path: Path, key: bytes, graph: bytes) -> None:
    """Keep `graph` at `path`: written to a temporary file beside it and renamed into place, so a reader finds the
    old file or the new one whole; then only the KEPT most recent graph files of the folder are kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as out:
            out.write(MAGIC + key + hashlib.sha256(graph).digest())
            out.write(graph)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    others = sorted(path.parent.glob("encoder-*.onnx"), key=_modified, reverse=True)
    for old in others[KEPT:]:
        if old != path:
            old.unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def cached_graph(folder: Path | None, key: bytes, build: Callable[[], bytes]) -> bytes:
    """The graph of `key` from `folder`, or `build()`'s, then kept in `folder` for the next process.

    A kept file that is another key's, cut short or damaged (its SHA-256 fails) is written again; a folder that
    cannot be written only costs the time of `build()`. Nothing is written outside `folder`.
    """
    if folder is None:
        return build()
    path = graph_file(folder, key)
    graph = read_graph(path, key)
    if graph is not None:
        return graph
    graph = build()
    try:
        write_graph(path, key, graph)
    except OSError as exc:
        log.debug("the model's graph is not kept in %s: %s", folder, exc)
    return graph
