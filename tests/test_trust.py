"""Answers people can trust: the quote holds the answering sentence; own-words questions are not refused."""

from __future__ import annotations

from pathlib import Path

from bot.answer.compose import answer
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.confidence import Evidence, decide
from bot.search.retriever import Searcher
from tests.helpers.embedders import ConceptEmbedder

# One long paragraph: both sentences name the council, only the second says what it does with
# the budget, in words the question does not use ("pengeplanen"). Each sentence alone nearly
# fills a quote, so the quote shows one of them.
FILLER = "og møtene er åpne for alle innbyggere som vil følge med på sakene som behandles der"
PARAGRAPH = (
    f"Kommunestyret møtes i rådhuset omtrent en gang i måneden, {FILLER}, {FILLER}, {FILLER}. "
    f"Kommunestyret vedtar budsjettet for de neste fire årene, {FILLER}, {FILLER}, {FILLER}."
)


def _council(tmp_path: Path) -> Searcher:
    corpus = tmp_path / "council"
    corpus.mkdir()
    (corpus / "council.txt").write_text(PARAGRAPH + "\n", encoding="utf-8")
    embedder = ConceptEmbedder()
    build_index(corpus, tmp_path / "k.db", embedder=embedder)
    return Searcher(IndexStore.open(tmp_path / "k.db"), embedder=embedder)


def test_the_quote_shows_the_sentence_that_answers_when_the_words_do_not_tell(tmp_path: Path) -> None:
    searcher = _council(tmp_path)
    reply = answer("Hva gjør kommunestyret med pengeplanen?", searcher)
    assert "vedtar budsjettet" in reply.passages[0].quote
    assert "rådhuset" not in reply.passages[0].quote  # the sentence that only names the council is left out


def test_each_sentence_of_a_passage_has_its_cosine_from_the_index(tmp_path: Path) -> None:
    searcher = _council(tmp_path)
    hit = searcher.search("Hva gjør kommunestyret med pengeplanen?").hits[0]
    cosines = searcher.sentence_cosines("Hva gjør kommunestyret med pengeplanen?", hit)
    assert len(cosines) == 2 and all(sentence in hit.text for sentence in cosines)
    best = max(cosines, key=cosines.__getitem__)
    assert best.startswith("Kommunestyret vedtar budsjettet")
    assert Searcher(IndexStore.open(tmp_path / "k.db")).sentence_cosines("x", hit) == {}  # lexical: none


def test_an_own_words_question_both_stages_rank_the_same_passage_for_is_not_refused() -> None:
    # A long question in other words: few of its words in the passage, a middling cosine, but
    # BM25 and the cosine alone both put this passage first. Once it was "not covered".
    own_words = Evidence(0.15, 0.857, 3, 0.858, margin=0.3, bm25_first=True, dense_first=True, terms=8)
    assert decide(own_words) != "not_covered"
    # A short question about something else entirely, far from every passage, is still refused.
    elsewhere = Evidence(0.0, 0.80, 3, 0.79, margin=0.1, terms=3)
    assert decide(elsewhere) == "not_covered"


def test_a_covered_question_sharing_few_words_with_its_passage_is_shown_hedged_not_refused() -> None:
    # A nynorsk question in its own words: a sixth of its information in the passage, a middling
    # cosine, neither stage alone ranking the passage first. Refusing it hid a right passage.
    own_words = Evidence(0.165, 0.843, 10, 0.830, margin=0.1, terms=6)
    assert decide(own_words) == "uncertain"


def test_search_reports_the_evidence_it_judged_by(tmp_path: Path) -> None:
    searcher = _council(tmp_path)
    norwegian = searcher.search("Hva gjør kommunestyret med budsjettet?")
    danish = searcher.search("Hvad gør byrådet med budgettet for de kommende fire år?")
    assert norwegian.evidence is not None and danish.evidence is not None
    assert norwegian.evidence.bm25_first and norwegian.evidence.terms >= 2
    assert not norwegian.evidence.other_language and danish.evidence.other_language
