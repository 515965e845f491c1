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


def test_a_nynorsk_word_no_dictionary_holds_is_read_as_the_bokmal_word_it_is_the_counterpart_of() -> None:
    """"godtgjersle" is Apertium's nynorsk for godtgjørelse, but simplemma's nynorsk dictionary lacks it, so no lemma
    led to a counterpart: "Får eg godtgjersle?" was searched by "godtgjersl", a term no index holds. Every inflection of
    it is read back by its stem (the counterparts' "=stem" lines)."""
    from bot.analysis import default_analyzer
    from bot.analysis.typos import TermVocabulary

    analyzer = default_analyzer()
    index = TermVocabulary({analyzer.word_terms("godtgjørelse")[0]: 12, "møt": 300, "ordfør": 80})
    for question in ("Får eg godtgjersle for møta?", "Kor stor er godtgjersla til ordføraren?"):
        assert analyzer.word_terms("godtgjørelse")[0] in analyzer.query_terms(question, index, "nn"), question
        assert "godtgjersl" not in analyzer.query_terms(question, index, "nn")
    # and a compound the decompounder does not split: "fleirtalsval" had been searched as itself
    index = TermVocabulary({"flertallsvalg": 3, "flertall": 20, "valg": 300})
    assert analyzer.query_terms("Kva er fleirtalsval?", index, "nn")[0] == "flertallsvalg"


def test_the_script_writes_the_stems_of_counterparts_no_dictionary_holds_nor_the_decompounder_splits() -> None:
    from bot.analysis import default_analyzer

    table = {"godtgjørelse": ["godtgørelse", "godtgjersle"], "flertallsvalg": ["fleirtalsval"],
             "budsjettforslag": ["budsjettframlegg"]}
    held = frozenset({"godtgjørelse", "godtgørelse", "flertallsvalg", "budsjettforslag"})
    back = load_script("counterparts").stems(table, default_analyzer(), held)
    # "budsjettframlegg" is split (budsjett + framlegg): read through its parts' counterparts
    assert back == {"godtgjersl": ["godtgjørelse"], "fleirtalsval": ["flertallsvalg"]}
