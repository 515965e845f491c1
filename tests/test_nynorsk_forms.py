"""A nynorsk question's forms and phrases read as Apertium's nno-nob reads them in bokmål: "røyste" is stemme (not
bokmål's past of røyse, to heap stones), "til stades" til stede (not a place), "vald inn" velge inn (not violence)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bot.analysis import default_analyzer, switches
from bot.analysis.counterparts import FORMS_FILE, GAP, NynorskForms
from bot.analysis.typos import TermVocabulary
from tests.helpers.asking import ask_json
from tests.helpers.passages import searcher_of
from tests.helpers.scripts import load_script

VOTE = "Kan eg nekte å røyste i ei sak eg synest er vanskeleg?"  # the nynorsk probe's N03
SILENT = "Må eg teie om det eg får vite om folk sine personlege tilhøve i saker eg handsamar?"  # N25
PRESENT = "Kor mange må vera til stades på møtet før me kan gjera vedtak?"  # the second probe's NN04
SECRECY = "plikter å hindre at andre får adgang"  # forvaltningsloven § 13


ask = ask_json  # registers the ask command itself


def first_text(data: dict) -> str:
    return data["passages"][0]["text"] if data["passages"] else ""


VOTING = "Medlemmer som er til stede når en sak tas opp til avstemning, plikter å stemme."
HEAP = "Bonden røyste steinene sammen i en haug ved åkeren."
QUORUM = "For at et folkevalgt organ skal kunne treffe et vedtak, må minst halvparten av medlemmene ha vært til stede."
PLACE = "Stad og tid for møtet står i innkallinga."


def test_a_nynorsk_question_about_voting_finds_the_duty_to_vote(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """"røyste" (vote) was read as bokmål's past of røyse (to heap stones), and the stones came first."""
    searcher = searcher_of(tmp_path, {"voting": VOTING, "heap": HEAP, "place": PLACE})
    assert searcher.search("Kan eg nekte å røyste?", k=3).hits[0].chunk.source_id == "voting"
    monkeypatch.setattr(switches, "NYNORSK_FORMS", False)
    assert searcher.search("Kan eg nekte å røyste?", k=3).hits[0].chunk.source_id != "voting"


def test_present_at_the_meeting_finds_the_quorum_not_a_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"til stades" is til stede: read word by word, "stades" was stad (a place)."""
    searcher = searcher_of(tmp_path, {"quorum": QUORUM, "place": PLACE, "heap": HEAP})
    question = "Kven må vera til stades på møtet?"
    assert searcher.search(question, k=3).hits[0].chunk.source_id == "quorum"
    monkeypatch.setattr(switches, "NYNORSK_PHRASES", False)
    assert searcher.search(question, k=3).hits[0].chunk.source_id != "quorum"


def test_keeping_quiet_finds_the_duty_of_confidentiality_first(law_index: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """"teie om" is one of Apertium's units (taushetsbelegge); read word by word, "teie" was tie and § 13 second."""
    assert SECRECY in first_text(ask(law_index, SILENT))
    monkeypatch.setattr(switches, "NYNORSK_PHRASES", False)
    assert SECRECY not in first_text(ask(law_index, SILENT))


# an index that holds the bokmål words and the nynorsk ones alike, as the shipped one does
INDEX = TermVocabulary({"stemm": 30, "røys": 2, "sted": 20, "stad": 5, "velg": 12, "vald": 3, "vold": 2,
                        "kontrollutvalg": 8, "møt": 50, "mang": 10, "vedtak": 40, "sak": 60, "nekt": 4,
                        "ugild": 4, "inhabil": 6})


def test_the_question_terms_are_the_bokmal_words_apertium_reads() -> None:
    analyzer = default_analyzer()
    terms = analyzer.query_terms("Eg er vald inn i kontrollutvalet, kan eg nekta?", INDEX, language="nn")
    assert "velg" in terms and "vald" not in terms
    assert "sted" in analyzer.query_terms(PRESENT, INDEX, language="nn")
    assert "stemm" in analyzer.query_terms(VOTE, INDEX, language="nn")
    # a word of both standards ("ugild") keeps its own term beside Apertium's bokmål word's (inhabil)
    assert {"ugild", "inhabil"} <= set(analyzer.query_terms("Er eg ugild i saka?", INDEX, language="nn"))
    # the 4-gram share reads the question as its terms do
    assert "til stede" in analyzer.as_indexed(PRESENT, INDEX, language="nn")


def test_a_phrase_whose_bokmal_words_are_stop_words_stays_word_by_word() -> None:
    """"kva slags" is Apertium's unit for hvilken, a stop word: rewritten, "Kva slags verktøy …?" lost "slags", which
    bokmål's own "hva slags" keeps, and dev3's g090 was refused."""
    analyzer = default_analyzer()
    vocabulary = TermVocabulary({"slag": 10, "verktøy": 5})
    terms = analyzer.query_terms("Kva slags verktøy skal dei lage?", vocabulary, language="nn")
    assert terms[:2] == ["slag", "verktøy"]


@pytest.mark.parametrize("question", [
    "Hvor mange må være til stede før kommunestyret kan gjøre vedtak?",  # bokmål
    "Han røyste steinene sammen i en haug.",  # bokmål's "røyste" (past of røyse)
    "Hvor mange skal være til stede, før kommunalbestyrelsen kan træffe beslutning?",  # Danish
    "How many members must be present for a vote?",  # English
])
def test_questions_in_other_languages_keep_their_terms(question: str, monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = default_analyzer()
    on = analyzer.query_word_terms(question, INDEX), analyzer.as_indexed(question, INDEX)
    monkeypatch.setattr(switches, "NYNORSK_FORMS", False)
    monkeypatch.setattr(switches, "NYNORSK_PHRASES", False)
    assert (analyzer.query_word_terms(question, INDEX), analyzer.as_indexed(question, INDEX)) == on


def test_the_shipped_table_keeps_only_forms_whose_readings_agree() -> None:
    forms = NynorskForms()
    assert forms("røyste") == "stemme" and forms("handsama") == "behandle" and forms("attende") == "tilbake"
    # "vald" is vold (violence) or velge's participle, "la" la or legge, "nemnd" råd or nevne: the sentence decides
    assert forms("vald") is None and forms("la") is None and forms("nemnd") is None
    assert forms.phrased("eg er vald inn i utvalet") == "eg er velge inn i utvalet"
    assert forms.phrased("til stades på møtet") == "til stede på møtet"
    assert gzip.decompress(FORMS_FILE.read_bytes()).decode("utf-8").startswith("# A nynorsk word form or phrase")


def test_phrases_are_read_longest_first_and_as_whole_words(tmp_path: Path) -> None:
    path = tmp_path / "forms.tsv.gz"
    lines = "# header\ni staden\ti stedet\ni staden for\ti stedet for\nrøyste\tstemme\n"
    path.write_bytes(gzip.compress(lines.encode()))
    forms = NynorskForms(path)
    assert forms.phrased("i staden for meg") == "i stedet for meg"
    assert forms.phrased("i stadenfor") == "i stadenfor"  # not inside a word
    assert forms("røyste") == "stemme" and forms("i staden") is None


def test_a_missing_or_broken_table_leaves_every_word_as_it_is(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"not gzip")
    for path in (broken, tmp_path / "missing.tsv.gz"):
        assert NynorskForms(path)("røyste") is None and NynorskForms(path).phrased("til stades") == "til stades"


def test_the_script_keeps_a_form_only_where_all_its_readings_have_one_bokmal_word() -> None:
    script = load_script("nynorsk_forms")
    found = {"røyste": {"røyste<vblex><inf>", "røyste<vblex><imp>"},
             "vald": {"vald<n><m><sg><ind>", "velje<vblex><pp>"},
             "til stades": {"til stades<adv>"}, "kjøp": {"kjøp<n><nt><sg><ind>"}}
    translations = {"røyste<vblex><inf>": "stemme", "røyste<vblex><imp>": "stemme", "vald<n><m><sg><ind>": "vold",
                    "velje<vblex><pp>": "velge", "til stades<adv>": "til stede", "kjøp<n><nt><sg><ind>": None}
    assert script.agreed(found, translations) == {"røyste": "stemme", "til stades": "til stede"}


MAYOR = "Kommunestyret velger selv ordfører og varaordfører blant kommunestyrets medlemmer."  # kommuneloven § 6-2
DEPUTY = "Ordføreren leder møtene i kommunestyret og formannskapet."
ELECTED = "Korleis blir ordføraren vald?"


@pytest.mark.parametrize("question", [ELECTED, "Korleis vert ordføraren vald?", "Når vart ordføraren vald?"])
def test_a_participle_after_its_auxiliary_finds_how_the_mayor_is_elected(tmp_path: Path, question: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """"vald" is velje's participle after "blir", "vert", "vart" (Apertium's pipeline reads it so): read alone, it was
    the noun (violence), which no passage holds, and the question was refused."""
    from bot.answer import answer

    searcher = searcher_of(tmp_path, {"mayor": MAYOR, "deputy": DEPUTY, "heap": HEAP})
    result = answer(question, searcher)
    assert result.answered and MAYOR in result.passages[0].quote
    monkeypatch.setattr(switches, "NYNORSK_PARTICIPLES", False)
    result = answer(question, searcher)
    assert not (result.answered and MAYOR in result.passages[0].quote)


def test_a_participle_is_read_after_its_auxiliary_and_the_subject_between_only(tmp_path: Path) -> None:
    path = tmp_path / "forms.tsv.gz"
    lines = f"# header\nblir {GAP} vald\tvelge\nhar vore {GAP} vald\tvelge\nvald inn\tvelge inn\n"
    path.write_bytes(gzip.compress(lines.encode()))
    forms = NynorskForms(path)
    content = lambda word: word not in {"for", "eg", "det"}  # noqa: E731
    assert forms.participled("korleis blir nye ordførar vald?", content) == "korleis blir nye ordførar velge?"
    assert forms.participled("ho har vore vald to gonger", content) == "ho har vore velge to gonger"
    # a stop word or punctuation between, or too many words, and "vald" stays a word of its own (violence)
    for text in ("eg blir utsett for vald", "blir det vald", "kva blir. vald", "blir a b c d vald", "vald blir"):
        assert forms.participled(text, content) == text
    # a particle phrase is the table's own unit, read first
    assert forms.phrased("eg blir vald inn") == "eg blir velge inn"


def test_the_shipped_table_reads_vald_as_velge_after_an_auxiliary_only() -> None:
    forms = NynorskForms()
    for auxiliary in ("blir", "vert", "vart", "er", "har vore"):
        assert forms.participled(f"korleis {auxiliary} ordføraren vald?") == f"korleis {auxiliary} ordføraren velge?"
    assert forms.participled("vald i nære relasjonar") == "vald i nære relasjonar"


def test_the_script_keeps_a_participle_after_an_auxiliary_where_the_pipeline_chooses_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    script = load_script("nynorsk_forms")
    found = {"vald": {"vald<n><m><sg><ind>", "velje<vblex><pp>"}, "la": {"la<vblex><inf>", "legge<vblex><past>"},
             "røyste": {"røyste<vblex><inf>"}}
    translations = {"vald<n><m><sg><ind>": "vold", "velje<vblex><pp>": "velge", "la<vblex><inf>": "la",
                    "legge<vblex><past>": "legge", "røyste<vblex><inf>": "stemme"}
    asked: list[str] = []

    def pipeline(lines: list[str]) -> list[str]:  # the tagger's choice: the participle after "blir", else the noun
        asked.extend(lines)
        chosen = ("velje<vblex><pp>" if " blir " in line else "vald<n><m><sg><ind>" for line in lines)
        return [f"^den<prn>$ ^bli<vblex><pres>$ ^{reading}$ ^.<sent>$" for reading in chosen]

    monkeypatch.setattr(script, "_disambiguated", pipeline)
    # only "vald" disagrees and has a participle reading; "la" disagrees but has none, "røyste" agrees
    assert script.participles(found, translations) == {f"blir {GAP} vald": "velge"}
    assert "det blir vald ." in asked and "det kan bli vald ." in asked
    assert not any("la" in line.split() for line in asked)
