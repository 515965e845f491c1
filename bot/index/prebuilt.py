"""Vectors shipped beside a source folder (vectors.npz): keyed by model and text hash, so a first build embeds nothing of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from pathlib import Path

import numpy as np

from bot.corpus.formats import VECTORS_NAME
from bot.corpus.manifest import read_manifest
from bot.corpus.questions import read_questions
from bot.corpus.readers import is_records
from bot.corpus.records import ChunkRecord
from bot.corpus.sources import read_document, record_batches
from bot.index.units import chunk_units
from bot.index.writer import EMBED_BATCH, unit_rows, vector_hash
from bot.semantic.embedder import Embedder
from bot.semantic.sparse import SparseVectors



def folder_chunks(folder: Path) -> Iterator[ChunkRecord]:
    """Every chunk the build makes of the folder's sources (read as the build reads them)."""
    for name, info in sorted(read_manifest(folder).sources.items()):
        path = folder / name
        if is_records(path):
            for batch in record_batches(path, info):
                yield from batch
        else:
            yield from read_document(path, info).chunks


def folder_units(folder: Path) -> Iterator[str]:
    """Every text the build embeds for the folder's chunks: their units, then their written questions (marked)."""
    questions = read_questions(folder)
    for chunk in folder_chunks(folder):
        yield from (text for _, text in chunk_units(chunk.title, chunk.heading, chunk.text,
                                                    questions.get(chunk.id, ())))


def unit_hashes(folder: Path, model: str) -> list[str]:
    """The hash of every text the build embeds for the folder's chunks with `model`, in order, once each."""
    return list(dict.fromkeys(vector_hash(model, text) for text in folder_units(folder)))


def read_vectors(folder: Path, model: str) -> dict[str, bytes]:
    """The folder's shipped vectors by text hash as float32 bytes; empty when absent, unreadable or another model's."""
    path = folder / VECTORS_NAME
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model"]) != model:
                return {}
            hashes, vectors = data["hashes"], data["vectors"].astype("<f4")
            sparse = SparseVectors(data["sparse_ids"], data["sparse_weights"]) if "sparse_ids" in data else None
    except (OSError, ValueError, KeyError):
        return {}  # a damaged file only costs the time of embedding again
    return {bytes(h).hex(): v.tobytes() + (sparse.to_bytes(i) if sparse is not None else b"")
            for i, (h, v) in enumerate(zip(hashes, vectors, strict=True))}


def folder_texts(folder: Path, model: str) -> dict[str, str]:
    """Every text the build embeds for the folder's chunks, by its hash with `model`."""
    texts: dict[str, str] = {}
    for text in folder_units(folder):
        texts.setdefault(vector_hash(model, text), text)
    return texts


def _save(folder: Path, model: str, done: dict[str, bytes], dim: int, sparse_k: int) -> None:
    """Rows as the index stores them (dense float32, then the sparse vector when `sparse_k`), as float16 arrays."""
    hashes = np.frombuffer(b"".join(bytes.fromhex(h) for h in done), dtype=np.uint8).reshape(len(done), 32)
    rows = list(done.values())
    vectors = np.stack([np.frombuffer(r[:4 * dim], dtype="<f4") for r in rows]) if rows else np.zeros((0, dim))
    extra: dict[str, Any] = {}
    if sparse_k:
        sparse = SparseVectors.from_bytes([r[4 * dim:] for r in rows])
        extra = {"sparse_ids": sparse.ids, "sparse_weights": sparse.weights.astype("<f2")}
    tmp = folder / f".{VECTORS_NAME}.tmp.npz"
    np.savez_compressed(tmp, model=np.array(model), hashes=hashes, vectors=vectors.astype("<f2"), **extra)
    tmp.replace(folder / VECTORS_NAME)


def write_folder_vectors(folder: Path, embedder: Embedder, progress: Callable[[int, int], None] | None = None,
                         embed: Callable[[list[str]], Iterator[np.ndarray]] | None = None,
                         save_every: int = 256) -> int:
    """Embed every unit of the folder's chunks into its vectors file (float16: half the size, cosines
    within 1e-3); returns the number of vectors.

    Vectors the file already has for a text are kept, and the file is written every `save_every`
    vectors: a run stopped half-way goes on where it stopped, and adding a law embeds only its texts.
    :param embed: texts -> their vectors in batches, in order (e.g. by several processes); default the embedder's.
    """
    wanted = folder_texts(folder, embedder.name)
    kept = read_vectors(folder, embedder.name)
    done = {h: kept[h] for h in wanted if h in kept}
    todo = [h for h in wanted if h not in done]

    def batches(texts: list[str]) -> Iterator[list[bytes]]:
        for lo in range(0, len(texts), EMBED_BATCH):
            yield unit_rows(embedder, texts[lo:lo + EMBED_BATCH])

    at, saved = 0, len(done)
    for block in (embed or batches)([wanted[h] for h in todo]):
        for vector in block:
            done[todo[at]] = vector
            at += 1
        if progress:
            progress(len(done), len(wanted))
        if len(done) - saved >= save_every:
            _save(folder, embedder.name, done, embedder.dim, embedder.sparse_k)
            saved = len(done)
    _save(folder, embedder.name, {h: done[h] for h in wanted}, embedder.dim, embedder.sparse_k)  # in order
    return len(wanted)
