"""A nynorsk word is found by its bokmål word too: the table, the script that writes it, a broken file."""

from __future__ import annotations

import gzip
from pathlib import Path

from bot.analysis.counterparts import NYNORSK_FILE, Bokmal
from tests.helpers.scripts import load_script


def test_the_script_keeps_lemmas_only_nynorsk_has_with_their_first_bokmal_counterpart() -> None:
    lines = ["# header", "søkjar\tsøge,søker", "gjeld\tgæld", "rekrut\trekrutt", "abdisera\tabdicere",
             "skulekrins\tskolekrets,skolekreds"]
    nynorsk = frozenset({"søkjar", "gjeld", "skulekrins", "abdisera"})
    bokmal = frozenset({"søker", "gjeld", "skolekrets", "rekrutt"})
    danish = frozenset({"søge", "gæld", "rekrut", "abdicere"})
    # "gjeld" is bokmål too, "rekrut" Danish, and "abdisera"'s only counterpart no bokmål word
    found = load_script("nynorsk_bokmal").pairs(lines, nynorsk, bokmal, danish)
    assert found == [("søkjar", "søker"), ("skulekrins", "skolekrets")]


def test_the_shipped_table_reads_offentleglovas_words_in_bokmal() -> None:
    bokmal = Bokmal(lambda w: {"søkjarar": "søkjar"}.get(w, w))
    assert bokmal("søkjarar") == "søker" and bokmal("tilsetjing") == "ansettelse"
    assert bokmal("gjeld") is None and bokmal("kommunestyre") is None and bokmal("rekrut") is None
    assert gzip.decompress(NYNORSK_FILE.read_bytes()).decode("utf-8").startswith("# A nynorsk lemma")


def test_a_missing_or_broken_table_leaves_every_word_as_it_is(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"not gzip")
    for path in (broken, tmp_path / "missing.tsv.gz"):
        assert Bokmal(None, path)("søkjar") is None
