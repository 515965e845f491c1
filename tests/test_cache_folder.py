"""What a start reads from KOMMUNEBOT_CACHE_DIR instead of making it again: wordfreq's frequencies as arrays, the
model's graph. Each is the same as made anew, made again when damaged or stale, and nothing is written elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.analysis import frequencies
from bot.analysis.frequencies import FrequencyTable
from bot.semantic import graphcache
from tests.helpers.paths import CORPUS, REPO

QUESTIONS = ("what is rådmannens ansvar?",              # English: the language's words, the typo and dictionary stages
             "Hvem har ansvaret for folkevalgtopplæringen?",  # a compound split by the words' frequencies
             "Hvad er kompetencerådet?")                       # Danish


# ----------------------------------------------------------------------------- the word frequency table


def test_the_table_holds_every_frequency_of_wordfreqs_lists(lemma_cache: Path) -> None:
    from wordfreq import get_frequency_dict

    table = FrequencyTable.default(lemma_cache)
    assert table is not None
    for lang in frequencies.LANGS:
        words = get_frequency_dict(lang, "best")
        assert table.get_many(list(words), lang) == words  # the same floats, every word
        assert table.get("xqzzyvb", lang) is None


def test_a_process_that_looks_up_many_words_reads_the_list_into_memory(lemma_cache: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`kommunebot ask` looks words up in the arrays; the bot, past IN_MEMORY_AFTER look-ups of a language, in a dict:
    the same frequencies either way, odd words too."""
    from wordfreq import get_frequency_dict

    monkeypatch.setattr(frequencies, "IN_MEMORY_AFTER", 50)
    words = get_frequency_dict("nb", "best")
    asked = [*list(words)[::1000], "xqzzyvb", "", "ab\x00", "\x00", "a" * 60, "\ud800", "Kommune", "kommune "]
    table = FrequencyTable(next(lemma_cache.glob("wordfreq*")))
    table.open()
    first = [table.get(w, "nb") for w in asked]  # by binary search, until the language is read into a dict
    assert "nb" in table._held and "da" not in table._held
    assert [table.get(w, "nb") for w in asked] == first == [words.get(w) for w in asked]
    assert table.get_many(asked, "nb") == {w: words[w] for w in asked if w in words}


def test_a_words_zipf_from_the_table_is_wordfreqs_zipf_frequency(lemma_cache: Path) -> None:
    """A plain word is looked up without wordfreq's tokenizer: the value must be zipf_frequency's (all 694,861 plain
    words of the three lists and 60,000 made-up ones were compared once; a sample of them here)."""
    from wordfreq import get_frequency_dict, zipf_frequency

    for lang in frequencies.LANGS:
        words = [*list(get_frequency_dict(lang, "best"))[::211], "xqzzyvb", "æøå", "brøk", "naïve", "co-op", "1990s",
                 "Rådmann", "İstanbul", "e\u0301n", "don't"]
        assert [frequencies.zipf_in.__wrapped__(w, lang) for w in words] == [zipf_frequency(w, lang) for w in words]


def test_a_word_in_two_frequency_bands_keeps_the_value_wordfreqs_dict_gives_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The arrays are made from the list's bands; where a word is in two, get_frequency_dict keeps the last."""
    import wordfreq

    bands = [["og", "i"], ["kommune", "og"], [], ["æøå"]]

    def as_dict(lang: str, wordlist: str = "best") -> dict[str, float]:
        return {w: wordfreq.cB_to_freq(-i) for i, band in enumerate(bands) for w in band}

    monkeypatch.setattr(wordfreq, "get_frequency_list", lambda lang, wordlist="best": bands)
    monkeypatch.setattr(wordfreq, "get_frequency_dict", as_dict)
    words, freqs = frequencies._listed("nb")
    assert dict(zip((w.decode("utf-8") for w in words.tolist()), freqs.tolist(), strict=True)) == as_dict("nb")
    bands[1] = ["kommune", "råd"]  # no word in two bands: read from the bands alone
    words, freqs = frequencies._listed("nb")
    assert dict(zip((w.decode("utf-8") for w in words.tolist()), freqs.tolist(), strict=True)) == as_dict("nb")
    assert words.tolist() == sorted(words.tolist())


def test_a_cache_folder_that_cannot_be_written_leaves_the_lists_to_wordfreq(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert FrequencyTable.default(blocked / "cache") is None
    assert list(tmp_path.iterdir()) == [blocked]  # nothing made, nothing left behind


@pytest.mark.parametrize("damage", ["cut short", "emptied", "not numpy's"])
def test_damaged_arrays_are_made_again(tmp_path: Path, lemma_cache: Path, damage: str) -> None:
    kept = next(lemma_cache.glob("wordfreq*"))
    shutil.copytree(kept, tmp_path / kept.name)
    damaged = tmp_path / kept.name / "nb-words.npy"
    if damage == "cut short":
        with open(damaged, "r+b") as f:
            f.truncate(damaged.stat().st_size // 3)
    else:
        damaged.write_bytes(b"" if damage == "emptied" else b"\xff" * 4096)
    table = FrequencyTable.default(tmp_path)
    assert table is not None and table.get("kommune", "nb") == FrequencyTable.default(lemma_cache).get("kommune", "nb")
    assert damaged.stat().st_size == (kept / "nb-words.npy").stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]  # no temporary folder left


def _ask(question: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "bot", "ask", question, "--json"], capture_output=True, text=True,
                         env=env, cwd=REPO, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _env(tmp_path: Path, index: Path, cache: Path, semantic: str = "off") -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path / "home"),
            "KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_CORPUS": str(CORPUS), "KOMMUNEBOT_CACHE_DIR": str(cache),
            "KOMMUNEBOT_SEMANTIC": semantic, "KOMMUNEBOT_LAW_PACK": "off"}


def _files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("damage", ["cut short", "overwritten"])
def test_a_damaged_table_is_made_again_and_the_answers_are_the_same(tmp_path: Path, built_index: Path,
                                                                     lemma_cache: Path, damage: str) -> None:
    """`kommunebot ask` as a user runs it, the table kept, then damaged: made again, every answer the same, and
    nothing written but in the cache folder (the index's folder and the home folder untouched)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (tmp_path / "home").mkdir()
    for table in lemma_cache.glob("lemmas*.db"):
        os.link(table, cache / table.name)  # read only: linked, not built again
    made = next(lemma_cache.glob("wordfreq*"))
    shutil.copytree(made, cache / made.name)  # a copy: this one is damaged below
    made = cache / made.name
    index = tmp_path / "index" / "kommunebot.db"
    index.parent.mkdir()
    shutil.copy(built_index, index)
    env = _env(tmp_path, index, cache)
    first = [_ask(q, env) for q in QUESTIONS]
    damaged = made / "en-words.npy"
    with open(damaged, "r+b") as f:
        if damage == "cut short":
            f.truncate(damaged.stat().st_size // 2)
        else:
            f.write(b"\xff" * 4096)
    before = {**_files(tmp_path / "home"), **_files(index.parent)}
    assert [_ask(q, env) for q in QUESTIONS] == first
    table = FrequencyTable(made)
    table.open()  # made again, whole
    assert table.get("council", "en") is not None
    assert {**_files(tmp_path / "home"), **_files(index.parent)} == before  # nothing written outside the cache


# ----------------------------------------------------------------------------- the model's graph


def test_a_kept_graph_is_read_and_not_written_again(tmp_path: Path) -> None:
    key = graphcache.graph_key(["model:1", "adapter:a"])
    made: list[int] = []

    def build() -> bytes:
        made.append(1)
        return b"graph bytes" * 1000

    assert graphcache.cached_graph(tmp_path, key, build) == b"graph bytes" * 1000
    assert graphcache.cached_graph(tmp_path, key, build) == b"graph bytes" * 1000
    assert len(made) == 1
    assert [p.name for p in tmp_path.iterdir()] == [graphcache.graph_file(tmp_path, key).name]


@pytest.mark.parametrize("damage", ["a byte of the graph", "cut short", "another key's", "empty"])
def test_a_damaged_or_stale_graph_is_written_again(tmp_path: Path, damage: str) -> None:
    key = graphcache.graph_key(["model:1"])
    graph = bytes(range(256)) * 100
    graphcache.cached_graph(tmp_path, key, lambda: graph)
    path = graphcache.graph_file(tmp_path, key)
    data = bytearray(path.read_bytes())
    if damage == "a byte of the graph":
        data[-100] ^= 0x01
    elif damage == "cut short":
        del data[len(data) // 2:]
    elif damage == "another key's":
        data[len(graphcache.MAGIC)] ^= 0x01
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    made: list[int] = []
    assert graphcache.cached_graph(tmp_path, key, lambda: made.append(1) or graph) == graph
    assert made == [1]
    assert graphcache.read_graph(path, key) == graph  # whole again
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_the_key_names_the_weights_files_and_the_code_that_writes_the_graph(tmp_path: Path) -> None:
    weights = tmp_path / "e5.bin"
    weights.write_bytes(b"weights")
    first = graphcache.graph_key([graphcache.file_identity(weights)])
    os.utime(weights, ns=(1, 1))  # a new release of the file, the same size
    assert graphcache.graph_key([graphcache.file_identity(weights)]) != first
    assert graphcache.graph_key(["a"]) != graphcache.graph_key(["b"]) != graphcache.graph_key(["a", "b"])
    assert set(graphcache.SOURCES) == {"graph.py", "onnxproto.py", "weights.py"}
    assert all((REPO / "bot" / "semantic" / name).is_file() for name in graphcache.SOURCES)


def test_only_the_most_recent_graphs_are_kept(tmp_path: Path) -> None:
    for n in range(graphcache.KEPT + 2):
        key = graphcache.graph_key([f"release {n}"])
        graphcache.cached_graph(tmp_path, key, lambda: b"g" * 10)
        os.utime(graphcache.graph_file(tmp_path, key), ns=(n * 10**9, n * 10**9))
    kept = sorted(tmp_path.glob("encoder-*.onnx"))
    assert len(kept) == graphcache.KEPT
    assert graphcache.graph_file(tmp_path, graphcache.graph_key([f"release {graphcache.KEPT + 1}"])) in kept


def test_a_graph_that_cannot_be_kept_is_still_given(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert graphcache.cached_graph(blocked / "cache", b"k" * 32, lambda: b"graph") == b"graph"
    assert graphcache.cached_graph(None, b"k" * 32, lambda: b"graph") == b"graph"
    assert list(tmp_path.iterdir()) == [blocked]


def test_the_front_ends_load_the_model_with_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.answer.engine import open_engine
    from bot.config import Settings
    from bot.semantic import embedder

    asked: list[Path | None] = []
    monkeypatch.setattr(embedder, "load_embedder", lambda *_a, cache_dir=None, **_k: asked.append(cache_dir))
    monkeypatch.setattr(embedder, "one_blas_thread", lambda: None)
    open_engine(Settings.from_env({"KOMMUNEBOT_INDEX": str(tmp_path / "k.db"),
                                   "KOMMUNEBOT_CACHE_DIR": str(tmp_path / "cache")}))
    assert asked == [tmp_path / "cache"]


@pytest.mark.slow
def test_the_model_from_a_kept_graph_embeds_as_one_written_anew(tmp_path: Path) -> None:
    from bot.semantic.embedder import _onnx_model

    texts = ["Hva er rådmannens ansvar?", "Kommunestyret vedtar budsjettet og økonomiplanen.", "passage " * 300]
    anew = _onnx_model(1)
    expected = (anew.query(texts), anew.passage(texts), anew.sparse(texts))
    for _ in range(2):  # the first writes the graph, the second reads it
        kept = _onnx_model(1, tmp_path)
        got = (kept.query(texts), kept.passage(texts), kept.sparse(texts))
        assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
        assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
                   for a, b in zip(got[2], expected[2], strict=True))
    assert len(list(tmp_path.glob("encoder-*.onnx"))) == 1


@pytest.mark.slow
def test_a_damaged_graph_is_written_again_and_the_answers_are_the_same(tmp_path: Path, lemma_cache: Path) -> None:
    """`kommunebot ask` with the real model, as a user runs it: the graph kept, damaged, written again; every answer
    the same, and nothing written but in the cache folder (the index and the home folder untouched)."""
    from bot.index.build import build_index
    from bot.semantic.embedder import load_embedder

    cache = tmp_path / "cache"
    cache.mkdir()
    (tmp_path / "home").mkdir()
    for table in lemma_cache.glob("lemmas*.db"):
        os.link(table, cache / table.name)
    shutil.copytree(next(lemma_cache.glob("wordfreq*")), cache / next(lemma_cache.glob("wordfreq*")).name)
    index = tmp_path / "index" / "kommunebot.db"
    index.parent.mkdir()
    build_index(CORPUS, index, embedder=load_embedder("auto"))
    env = _env(tmp_path, index, cache, semantic="auto")
    first = [_ask(q, env) for q in QUESTIONS]  # the first writes the graph
    kept = next(cache.glob("encoder-*.onnx"))
    before = {**_files(tmp_path / "home"), **_files(index.parent)}
    assert [_ask(q, env) for q in QUESTIONS] == first  # read from the cache
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0x10  # a weight's bit
    kept.write_bytes(bytes(data))
    assert [_ask(q, env) for q in QUESTIONS] == first
    assert kept.read_bytes() != bytes(data)  # written again, whole
    assert {**_files(tmp_path / "home"), **_files(index.parent)} == before


@pytest.mark.slow
def test_the_model_writes_nothing_in_the_home_folder(tmp_path: Path) -> None:
    """onnxruntime (1.29 and later, on Linux and macOS) wrote a device id and a telemetry database into
    ~/.cache/Microsoft/DeveloperTools at its import, and uploaded events: turned off before it is imported."""
    code = "from bot.semantic.embedder import load_embedder; print(load_embedder('auto').embed_query('hei').shape)"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "(384,)", out.stderr
    assert list(tmp_path.iterdir()) == []
