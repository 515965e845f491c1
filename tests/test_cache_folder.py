"""What a start reads from KOMMUNEBOT_CACHE_DIR instead of making it again: wordfreq's frequencies as a table. The
same as made anew, made again when damaged, and nothing is written elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.analysis import frequencies
from bot.analysis.frequencies import FrequencyTable
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


def test_a_words_zipf_from_the_table_is_wordfreqs_zipf_frequency(lemma_cache: Path) -> None:
    """A plain word is looked up without wordfreq's tokenizer: the value must be zipf_frequency's (all 694,861 plain
    words of the three lists and 60,000 made-up ones were compared once; a sample of them here)."""
    from wordfreq import get_frequency_dict, zipf_frequency

    for lang in frequencies.LANGS:
        words = [*list(get_frequency_dict(lang, "best"))[::211], "xqzzyvb", "æøå", "brøk", "naïve", "co-op", "1990s",
                 "Rådmann", "İstanbul", "e\u0301n", "don't"]
        assert [frequencies.zipf_in.__wrapped__(w, lang) for w in words] == [zipf_frequency(w, lang) for w in words]


def test_a_cache_folder_that_cannot_be_written_leaves_the_lists_to_wordfreq(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert FrequencyTable.default(blocked / "cache") is None
    assert list(tmp_path.iterdir()) == [blocked]  # nothing made, nothing left behind


def test_a_table_cut_short_is_made_again(tmp_path: Path, lemma_cache: Path) -> None:
    kept = next(lemma_cache.glob("wordfreq*.db"))
    shutil.copy(kept, tmp_path / kept.name)
    with open(tmp_path / kept.name, "r+b") as f:
        f.truncate(kept.stat().st_size // 3)
    table = FrequencyTable.default(tmp_path)
    assert table is not None and table.get("kommune", "nb") == FrequencyTable.default(lemma_cache).get("kommune", "nb")
    assert (tmp_path / kept.name).stat().st_size == kept.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]  # no temporary file left


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
    made = next(lemma_cache.glob("wordfreq*.db"))
    shutil.copy(made, cache / made.name)  # a copy: this one is damaged below
    made = cache / made.name
    index = tmp_path / "index" / "kommunebot.db"
    index.parent.mkdir()
    shutil.copy(built_index, index)
    env = _env(tmp_path, index, cache)
    first = [_ask(q, env) for q in QUESTIONS]
    with open(made, "r+b") as f:
        if damage == "cut short":
            f.truncate(made.stat().st_size // 2)
        else:
            f.write(b"\xff" * 4096)
    before = {**_files(tmp_path / "home"), **_files(index.parent)}
    assert [_ask(q, env) for q in QUESTIONS] == first
    table = FrequencyTable(made)
    table.open()  # made again, whole
    assert table.get("kommune", "nb") is not None
    assert {**_files(tmp_path / "home"), **_files(index.parent)} == before  # nothing written outside the cache
