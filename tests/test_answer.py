"""The answer function and the retrieval quality a user sees on the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import answer
from bot.errors import QuestionError
from tests.helpers.paths import EVAL, absent


@pytest.mark.parametrize("question, location", [
    ("what is rådmannens ansvar?", "lysbilde 41"),
    ("Hva er rådmannens ansvar?", "lysbilde 41"),
    ("Kva er ansvaret til rådmannen?", "lysbilde 41"),
    ("Hva er kommunedirektørens ansvar?", "lysbilde 41"),      # the 2018 title for rådmann
    ("hva er rådmanens ansvar", "lysbilde 41"),                 # a typo
    ("Hva betyr delegering til rådmannen?", "lysbilde 42"),
    ("Hvilke folkevalgte organer er obligatoriske?", "lysbilde 31"),
    ("what does the control committee do?", "lysbilde 31"),
])
def test_the_answering_passage_comes_first(searcher, question: str, location: str) -> None:
    result = answer(question, searcher)
    assert result.answered and result.passages[0].citation.location == location


@pytest.mark.parametrize("question", [
    "Hvem vant fotball-VM i 2018?",
    "What is the weather in Bergen tomorrow?",
    "Hvordan søker jeg om byggetillatelse for en garasje?",
    "Hvad koster en billet til Tivoli?",
])
def test_questions_the_sources_do_not_cover_are_not_answered(searcher, question: str) -> None:
    result = answer(question, searcher)
    assert not result.answered and result.passages == () and result.topics


@pytest.mark.parametrize("question, language", [
    ("what is rådmannens ansvar?", "en"), ("Hva er rådmannens ansvar?", "nb"),
    ("Kva er ansvaret til rådmannen?", "nn"), ("Hvad er kompetencerådet?", "da"),
    ("Hva er spørsmålet rådmannen skal svare på?", "nb"),  # "spørsmålet" is bokmål too
])
def test_the_reply_language_follows_the_question(searcher, question: str, language: str) -> None:
    assert answer(question, searcher).language == language


def test_the_quote_highlights_the_question_words(searcher) -> None:
    first = answer("Hva er rådmannens ansvar?", searcher).passages[0]
    marked = {first.quote[s:e].lower() for s, e in first.highlights}
    assert "rådmannens" in marked and ("ansvar" in marked or "ansvaret" in marked)


def test_more_results_continue_where_the_answer_stopped(searcher) -> None:
    first = answer("Hva er rådmannens ansvar?", searcher, top=3)
    more = answer("Hva er rådmannens ansvar?", searcher, top=3, offset=3)
    assert first.more and [p.rank for p in more.passages] == [4, 5, 6]
    assert not {p.chunk_id for p in first.passages} & {p.chunk_id for p in more.passages}


def test_no_two_passages_of_an_answer_are_near_duplicates(searcher) -> None:
    result = answer("KS Folkevalgtprogram Kommunen i systemet Fredrik Rivenes", searcher, top=5)
    quotes = [p.quote for p in result.passages]
    assert len(quotes) == len(set(quotes))
    assert not (any("lysbilde 1" == p.citation.location for p in result.passages) and
                any(p.citation.location == "avsnitt 1" and "KS" in p.citation.title for p in result.passages))


@pytest.mark.parametrize("question", ["", "   ", "?!", "\x00\x00"])
def test_an_empty_question_is_a_question_error(searcher, question: str) -> None:
    with pytest.raises(QuestionError) as err:
        answer(question, searcher)
    assert err.value.key == "empty"


def test_a_10000_character_question_is_refused_clearly(searcher) -> None:
    with pytest.raises(QuestionError) as err:
        answer("rådmann " * 1250, searcher)
    assert err.value.key == "too_long" and err.value.values["n"] > 2000


def test_html_in_a_question_is_just_text(searcher) -> None:
    result = answer("<b>rådmannens</b> ansvar & <script>", searcher)
    assert result.answered and result.passages[0].citation.location == "lysbilde 41"


def test_dev_set_meets_the_bar(searcher, dev_set) -> None:
    from bot.evaluate import evaluate, load_questions

    scores = evaluate(load_questions(dev_set), searcher)
    # 0.90 first before 0.4.20: the questions written for the slides (corpus/questions.tsv) put a neighbour
    # first for three of these sixteen (second or third now), for the large gain below on new questions
    assert scores.hit1 >= 0.80 and scores.hit3 >= 0.97, scores.misses
    assert scores.abstain_accuracy == 1.0 and scores.false_abstentions == 0
    assert scores.first_passage_median_chars <= 600


def test_questions_in_the_askers_own_words_are_found_without_the_model(searcher) -> None:
    """The lexical index (the model missing) finds dev3's own-words questions by the questions written for the
    passages: 0.600 first and 0.753 in the first three without them, 28 covered questions refused."""
    from bot.evaluate import evaluate, load_questions

    path = EVAL / "dev3.jsonl"
    if why := absent(path):
        pytest.skip(f"{why} (only CI and developers have it)")
    scores = evaluate(load_questions(path), searcher)
    assert scores.hit1 >= 0.75 and scores.hit3 >= 0.85 and scores.false_abstentions <= 12


@pytest.mark.parametrize("question, most", [("Hva er heltidskultur?", 3),
                                            ("Hvordan bruke de økonomiske verktøyene?", 10)])
def test_more_results_stop_where_the_passages_would_be_refused_on_their_own(searcher, question: str,
                                                                             most: int) -> None:
    shown: list = []
    while True:
        page = answer(question, searcher, top=3, offset=len(shown))
        shown += page.passages
        if not page.more or not page.passages:
            break
    # before: three a page until the ranking ran out (4 and 15 passages); 6 → 10 for the second since the slides
    # carry their six written questions (0.4.20: more of them hold "økonomiske", "verktøy")
    assert 1 <= len(shown) <= most


def test_markup_in_a_norwegian_question_leaves_its_language_and_passages_as_without_it(law_index: Path) -> None:
    """`<b>Hva</b> er <script>…</script> habilitet? <a href="…">klikk</a>` was answered in English ("Here is what the
    sources say…", English buttons): the tags' words (script, href, b, a) were read as English."""
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    searcher = Searcher(IndexStore.open(law_index))
    tagged = answer('<b>Hva</b> er <script></script> habilitet? <a href="http://evil">klikk</a>', searcher)
    plain = answer("Hva er habilitet? klikk", searcher)  # the text between the tags
    assert tagged.language == plain.language == "nb" and tagged.answered
    assert [(p.chunk_id, p.quote, p.highlights) for p in tagged.passages] == \
        [(p.chunk_id, p.quote, p.highlights) for p in plain.passages]
    reported = '<b>Hva</b> er <script>alert(1)</script> habilitet & inhabilitet? <a href="http://evil">klikk</a>'
    assert answer(reported, searcher).language == "nb"


@pytest.mark.parametrize(("pasted", "plain"), [
    ("Hva er <script>alert(1)</script> habilitet og inhabilitet?", "Hva er habilitet og inhabilitet?"),
    ("Hva er <SCRIPT type='text/javascript'>document.write('window location href')</SCRIPT> habilitet?",
     "Hva er habilitet?"),
    ("<style>body { color: red; font-family: serif }</style>Hvem innkaller til møte i kommunestyret?",
     "Hvem innkaller til møte i kommunestyret?"),
    ('Hvem innkaller til møte i kommunestyret? <a href="https://example.com/">https://example.com/</a>',
     "Hvem innkaller til møte i kommunestyret?"),
    ("Hvem innkaller til møte i kommunestyret? https://www.example.com/the/english/page?lang=en",
     "Hvem innkaller til møte i kommunestyret?"),
    ("Hvem innkaller til møte i kommunestyret (se www.example.com/about-the-council)?",
     "Hvem innkaller til møte i kommunestyret ( se )?"),
])
def test_script_and_style_bodies_and_web_addresses_are_not_searched(law_index: Path, pasted: str,
                                                                    plain: str) -> None:
    """A <script> body changed the passages ("alert" was searched), and a pasted address made a Norwegian question
    read as English ("example", "com"): both are taken out before the language is told and the search is made."""
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    searcher = Searcher(IndexStore.open(law_index))
    with_it, without = answer(pasted, searcher), answer(plain, searcher)
    assert with_it.language == without.language == "nb" and with_it.answered
    assert [(p.chunk_id, p.quote) for p in with_it.passages] == [(p.chunk_id, p.quote) for p in without.passages]
    assert with_it.question == " ".join(pasted.split())  # echoed as written


@pytest.mark.parametrize(("pasted", "plain", "language"), [
    ("Hva er rådmannens ansvar? <p>Q&A a < b</p>", "Hva er rådmannens ansvar?", "nb"),
    ("Hva er rådmannens ansvar? &lt;p&gt;Q&amp;A&lt;/p&gt;", "Hva er rådmannens ansvar?", "nb"),
    ('<div class="q">Hva er rådmannens ansvar?</div> Q&amp;A a &lt; b', "Hva er rådmannens ansvar?", "nb"),
    ("Kva er ansvaret til rådmannen? <p>Q&amp;A a &lt; b</p>", "Kva er ansvaret til rådmannen?", "nn"),
    ("Hvad er kompetencerådet? <b>Q&A</b> a < b", "Hvad er kompetencerådet?", "da"),
    ("Hvad er kompetencerådet? <b>Q&amp;A</b> a &lt; b", "Hvad er kompetencerådet?", "da"),
])
def test_a_pasted_fragment_with_entities_and_a_formula_keeps_the_questions_language(
        law_index: Path, pasted: str, plain: str, language: str) -> None:
    """"Hva er rådmannens ansvar? <p>Q&A a < b</p>" was answered in English (the two "a" read as English words), and
    with entities ("&lt;p&gt;", "&amp;") refused: their names ("lt", "amp") were searched."""
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    searcher = Searcher(IndexStore.open(law_index))
    with_it, without = answer(pasted, searcher), answer(plain, searcher)
    assert with_it.language == without.language == language and with_it.answered
    assert with_it.passages[0].chunk_id == without.passages[0].chunk_id
    assert with_it.question == " ".join(pasted.split())  # echoed as written


def test_without_markup_keeps_the_question_and_its_punctuation() -> None:
    from bot.answer.markup import without_markup

    assert " ".join(without_markup("Hva sier https://lovdata.no/lov/2018-06-22-83/§7-9?").split()) == "Hva sier ?"
    assert without_markup("Hva er <script> habilitet?") == "Hva er   habilitet?"  # a lone tag, not a body
    assert without_markup("Hva er rådmannens ansvar?") == "Hva er rådmannens ansvar?"
    assert " ".join(without_markup("Hva er P&amp;L? &lt;b&gt;x&lt;/b&gt;").split()) == "Hva er P&L? x"  # entities read


def test_more_results_stop_where_a_passage_is_far_less_likely_to_answer_than_the_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Hva er rådmannens ansvar?" on the shipped index: "Flere treff" ran on to the 17th passage, through Kommuneloven
    § 18-2 Deltakeransvar and § 24-2 Revisors ansvar, which share only "ansvar" with it, since each would be shown
    hedged were it the best. A later passage is shown only while its evidence is within FURTHER_GAP of the first's,
    both judged alone (0.4.43). The evidence below is the model's for these passages (cosines, coverage, sparse)."""
    from bot.search import confidence
    from bot.search.confidence import Evidence, decide, further

    def alone(coverage: float, sentence: float, whole: float, sparse: float) -> Evidence:
        return Evidence(coverage, sentence, 1, whole, terms=2, sparse=sparse)

    first = alone(1.0, 0.873, 0.858, 0.388)           # KS, lysbilde 41: "Hva er rådmannens ansvar?"
    director = alone(1.0, 0.797, 0.803, 0.238)        # § 13-1 Kommunedirektør. Myndighet og ansvar
    partners = alone(0.5, 0.805, 0.792, 0.224)        # § 18-2 Deltakeransvar
    assert decide(partners) == "uncertain"  # the rule alone shows it, as it showed it before
    assert further(director, first) and not further(partners, first)
    assert further(partners)  # with no first passage to compare (a pin's without a cosine): the rule alone
    lexical = Evidence(0.5, None, 1, terms=2)
    assert further(lexical, first) == (decide(lexical) != "not_covered")  # a lexical index: the coverage alone
    monkeypatch.setattr(confidence, "FURTHER_GAP", 0.0)  # switched off: as before
    assert further(partners, first)
