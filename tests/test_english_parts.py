"""An English question's word read in the part of speech it plays: a verb's senses for a verb, a noun's for a noun."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis import Analyzer, default_analyzer, switches
from bot.analysis.dictionary import EnglishDictionary
from bot.analysis.parts import part_of_speech
from bot.analysis.typos import TermVocabulary
from tests.test_english_dictionary import _dictd, _script


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


def _vocabulary(analyzer: Analyzer, *words: str) -> TermVocabulary:
    return TermVocabulary({analyzer.terms(w)[0]: 3 for w in words})


@pytest.fixture
def parts_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(switches, "ENGLISH_PARTS", False)


def test_a_verb_is_read_as_the_verb_and_a_noun_as_the_noun(analyzer: Analyzer) -> None:
    # eng-nor's "force" is the noun's styrke, kraft, tvang, then the verb's påtvinge, tvinge: the index holds both
    vocab = _vocabulary(analyzer, "styrke", "tvinge", "kommune")
    assert analyzer.for_model("Can the kommune force me to resign?", vocab) == "can the kommune tvinge me to resign?"
    assert analyzer.for_model("What force does a decision have?", vocab) == "what styrke does a vedtak have?"
    # BM25's terms too, not only the model's text
    assert analyzer.terms("tvinge")[0] in analyzer.query_terms("Can the kommune force me to resign?", vocab)


def test_without_the_switch_the_dictionarys_first_sense_is_read(analyzer: Analyzer, parts_off: None) -> None:
    vocab = _vocabulary(analyzer, "styrke", "tvinge", "kommune")
    assert analyzer.for_model("Can the kommune force me to resign?", vocab) == "can the kommune styrke me to resign?"
    assert analyzer.terms("tvinge")[0] not in analyzer.query_terms("Can the kommune force me to resign?", vocab)


def test_a_verb_none_of_whose_senses_the_index_holds_is_left_to_the_model_as_asked(analyzer: Analyzer) -> None:
    # "resign" is the Danish noun udtrædelse too: read so, "How do I resign …?" was asked as "how do i udtrædelse …"
    vocab = _vocabulary(analyzer, "styrke", "kommune", "udtrædelse")
    assert analyzer.for_model("Can the kommune force me to resign?", vocab) == "Can the kommune force me to resign?"
    assert analyzer.for_model("How do I resign from the kommune?", vocab) == "How do I resign from the kommune?"
    assert analyzer.for_model("What force does a kommune have?", vocab) == "what styrke does a kommune have?"


def test_without_the_switch_a_verb_is_read_as_its_noun(analyzer: Analyzer, parts_off: None) -> None:
    vocab = _vocabulary(analyzer, "styrke", "kommune", "udtrædelse")
    asked = "Can the kommune force me to resign?"
    assert analyzer.for_model(asked, vocab) == "can the kommune styrke me to udtrædelse?"


def test_a_word_after_an_article_reads_an_adjectives_sense_before_a_nouns() -> None:
    # "the whole council", "an elected member": hel and valgt, the adjectives, not the nouns helhet and valg
    dictionary = EnglishDictionary()
    assert dictionary("whole", "no", "n")[0] == "hel"
    assert dictionary("elected", "no", "n")[0] == "valgt"
    assert dictionary("force", "no", "v") == ("påtvinge", "tvinge")  # the verb's senses alone
    assert dictionary("vote", "no", "v") == ("stemme",) and dictionary("vote", "no", "n") == ("avstemning",)
    assert dictionary("show", "no", "n") == dictionary("show", "no") == ("vise",)  # marked a verb alone: as before


@pytest.mark.parametrize("before, word, after, lemma, expected", [
    (["can", "they"], "force", "me", "force", "v"),       # after a subject pronoun
    (["have", "to"], "show", "up", "show", "v"),          # after "to"
    (["do", "not"], "vote", None, "vote", "v"),           # an adverb passed over
    (["must", "really"], "attend", None, "attend", "v"),  # a -ly adverb passed over
    (["was"], "elected", "to", "elect", "v"),             # a participle after "be"
    (["who"], "decides", None, "decide", "v"),            # an -s form after "who"
    (["members"], "force", "an", "force", "v"),           # before an article, nothing before to tell
    (["the"], "force", "of", "force", "n"),               # after an article
    (["about"], "vote", None, "vote", "n"),               # after a preposition
    (["for"], "attending", "meetings", "attend", None),   # a gerund after a preposition: a verb's sense, or not
    (["to"], "councils", None, "council", None),          # "to" before a plural: a preposition
    (["is"], "there", None, "there", None),               # no cue: unsure
    ([], "vote", None, "vote", None),                     # the question's first word
])
def test_the_part_a_word_plays_is_told_by_its_neighbours(before: list[str], word: str, after: str | None,
                                                         lemma: str, expected: str | None) -> None:
    assert part_of_speech(before, word, after, lemma) == expected


def test_after_a_word_the_dictionary_knows_only_as_an_adjective_a_noun() -> None:
    parts = EnglishDictionary().parts
    assert parts("new") == frozenset({"adj"}) and "v" in parts("vote")
    assert part_of_speech(["new"], "vote", None, "vote", parts) == "n"


def test_the_script_keeps_each_senses_part_of_speech(tmp_path: Path) -> None:
    script = _script()
    _dictd(tmp_path, "freedict-eng-nor", [
        ("force", "force //fɔːs// <n>\n1. styrke\nstrength\n2. tvang\ncompulsion\n"),
        ("force", "force //fɔːs// <v>\n1. tvinge\ncompel\n"),
        ("Oslo", "Oslo <pn>\nOslo\nthe capital\n"),
        ("ouch", "ouch <interjection>\nau\npain\n"),
    ])
    _dictd(tmp_path, "freedict-dan-eng", [("tvinge", "tvinge <v>\ncompel, force\n"), ("kraft", "kraft\nforce\n")])
    nb, da = script.norwegian(tmp_path), script.danish(tmp_path)
    assert nb["force"] == ["styrke", "tvang", "tvinge"]          # the untagged line as before, for every reader
    assert nb["force/n"] == ["styrke", "tvang"] and nb["force/v"] == ["tvinge"] and nb["=forc/v"] == ["tvinge"]
    assert nb["oslo/n"] == ["oslo"] and "ouch/interjection" not in nb and nb["ouch"] == ["au"]
    assert da["force"] == ["tvinge", "kraft"] and da["force/v"] == ["tvinge"]  # an unmarked Danish entry: untagged
    assert "force/n" not in da
