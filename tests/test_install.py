"""An installed kommunebot works from any folder: bundled corpus, index in the user's data folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

SHIPPED = ("bot", "corpus", "pyproject.toml", "setup.py", "README.md")


def test_a_source_checkout_keeps_corpus_and_index_in_it() -> None:
    from bot.paths import default_paths

    paths = default_paths()
    assert paths.where == "source checkout"
    assert paths.corpus_dir == REPO / "corpus" and paths.index_path == REPO / "index" / "kommunebot.db"


def test_an_installed_kommunebot_reads_its_bundled_corpus_and_keeps_the_index_in_the_data_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import bot.paths as paths
    from bot.config import Settings

    bundled = tmp_path / "site-packages" / "bot" / "bundled_corpus"
    bundled.mkdir(parents=True)
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "site-packages")
    monkeypatch.setattr(paths, "BUNDLED_CORPUS", bundled)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    s = Settings.from_env({})
    assert s.corpus_dir == bundled
    assert s.index_path == tmp_path / "data" / "kommunebot" / "kommunebot.db"
    assert s.feedback_path == tmp_path / "data" / "kommunebot" / "feedback.db"
    chosen = Settings.from_env({"KOMMUNEBOT_INDEX": str(tmp_path / "mine.db")})
    assert chosen.index_path == tmp_path / "mine.db"  # the environment still wins


@pytest.mark.slow
def test_pip_install_then_ask_from_an_empty_folder_answers_slide_41(tmp_path: Path) -> None:
    """`pip install .` into a fresh venv (no system site-packages; pip's cache may serve the wheels)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SHIPPED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, source / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(source)],
                         capture_output=True, text=True, timeout=900)
    if pip.returncode != 0 and "No matching distribution" in pip.stderr:
        pytest.skip("the package index is not reachable from here")
    assert pip.returncode == 0, pip.stderr[-3000:]
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMMUNEBOT_")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "home" / "data"))
    kommunebot = str(venv / "bin" / "kommunebot")
    asked = subprocess.run([kommunebot, "ask", "Hva er rådmannens ansvar?", "--json"], cwd=empty, env=env,
                           capture_output=True, text=True, timeout=600)
    assert asked.returncode == 0, asked.stderr
    first = json.loads(asked.stdout)["passages"][0]["source"]
    assert first["location"] == "lysbilde 41"
    assert list(empty.iterdir()) == []  # nothing written to the folder it ran in
    index = tmp_path / "home" / "data" / "kommunebot" / "kommunebot.db"
    assert index.exists()
    stats = subprocess.run([kommunebot, "index", "stats"], cwd=empty, env=env, capture_output=True, text=True,
                           timeout=120)
    assert str(index) in stats.stdout and "bundled_corpus" in stats.stdout and "installed" in stats.stdout
    assert "Packs     law" in stats.stdout  # the law pack is installed with the package and on by default
    law = subprocess.run([kommunebot, "ask", "Hvordan søker jeg fritak fra vervet i kommunestyret?", "--json"],
                         cwd=empty, env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(law.stdout)["passages"][0]["source"]["url"] == "https://lovdata.no/lov/2018-06-22-83/§7-9"
    # The word tables a question is read with degrade quietly when missing: each must be in the package.
    tables = subprocess.run([str(venv / "bin" / "python"), "-c",
                             "from bot.analysis.counterparts import FILE;"
                             "from bot.analysis.dictionary import DANISH_FILE, NORWEGIAN_FILE;"
                             "print([p.name for p in (FILE, NORWEGIAN_FILE, DANISH_FILE) if p.stat().st_size > 9999])"],
                            cwd=empty, env=env, capture_output=True, text=True, timeout=120)
    assert tables.stdout.strip() == "['counterparts.tsv.gz', 'english_nb.tsv.gz', 'english_da.tsv.gz']", tables.stderr


def test_an_installed_kommunebot_run_in_a_checkout_uses_the_checkouts_corpus_and_index(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import bot.paths as paths
    from bot.config import Settings

    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "site-packages")
    checkout = tmp_path / "kommunebot"
    (checkout / "corpus").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text('[project]\nname = "kommunebot"\n', encoding="utf-8")
    monkeypatch.chdir(checkout)
    s = Settings.from_env({})
    assert s.corpus_dir == checkout / "corpus" and s.index_path == checkout / "index" / "kommunebot.db"
    (checkout / "pyproject.toml").write_text('[project]\nname = "another"\n', encoding="utf-8")
    assert Settings.from_env({}).index_path != checkout / "index" / "kommunebot.db"  # not our project


def test_an_installed_kommunebot_run_in_a_checkout_indexes_the_checkouts_law_pack(tmp_path: Path) -> None:
    """scripts/lawpack.py writes the checkout's bot/packs/law: a law a maintainer adds there is what the installed
    kommunebot, run in the checkout, indexes (it had read the installed copy and left the law out, saying nothing);
    run elsewhere it reads its own pack."""
    site = tmp_path / "site-packages"
    shutil.copytree(REPO / "bot", site / "bot", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    checkout = tmp_path / "kommunebot"
    (checkout / "corpus").mkdir(parents=True)
    (checkout / "bot" / "packs" / "law").mkdir(parents=True)
    (checkout / "bot" / "packs" / "law" / "sources.toml").write_text("", encoding="utf-8")
    (checkout / "pyproject.toml").write_text('[project]\nname = "kommunebot"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMMUNEBOT_")}
    env["PYTHONPATH"] = str(site)
    show = "from bot.config import Settings; print(*Settings.from_env({}).packs)"
    for folder, pack in ((checkout, checkout / "bot" / "packs" / "law"), (elsewhere, site / "bot" / "packs" / "law")):
        # -P: the folder it runs in is not put on sys.path, as for the installed `kommunebot` command
        run = subprocess.run([sys.executable, "-P", "-c", show], cwd=folder, env=env, capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == str(pack)


def test_the_law_pack_is_the_package_s_own_when_the_folder_it_runs_in_is_gone(monkeypatch: pytest.MonkeyPatch,
                                                                               tmp_path: Path) -> None:
    import bot.paths as paths

    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "site-packages")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert paths.law_pack_dir() == paths.BUNDLED_LAW_PACK
