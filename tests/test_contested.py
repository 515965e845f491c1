"""A law's § first in a close race that the written questions call for another § is said as a hedge, not plainly."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer.compose import answer
from bot.answer.messages import message
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.render.jsonout import answer_to_dict
from bot.render.telegram_html import format_answer as telegram
from bot.render.terminal import format_answer
from bot.search import confidence, retriever
from bot.search.confidence import CONTESTED_LEAD, CONTESTED_WRITTEN, Evidence, decide
from bot.search.retriever import Searcher
from bot.semantic.fake import FakeEmbedder

# "Kan jeg blive fritaget for mit hverv hvis jeg bliver syg?" as measured on the shipped index: lov om kommunernes
# styrelse § 65 first (a committee chair's seat filled), § 7 next, 0.26 behind; the § that answers, § 15, later. The
# line alone says it plainly.
PLAIN = Evidence(0.635, 0.828, 7, 0.826, margin=0.261, terms=3, sparse=0.266, grams=0.653, written=0.773)
RECORDS = [
    {"id": "lov/§1", "title": "Loven § 1 Møteledelse", "location": "", "lang": "nb",
     "text": "Ordføreren leder møtene i kommunestyret og kaller inn til møtene i kommunestyret."},
    {"id": "lov/§2", "title": "Loven § 2 Avstemning", "location": "", "lang": "nb",
     "text": "Ved stemmelikhet i et folkevalgt organ er møtelederens stemme avgjørende."},
]
ASKED = "Har ordføreren dobbeltstemme i kommunestyret?"  # its words are § 1's, its written question § 2's


@pytest.fixture(autouse=True)
def _contested_rule_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contested rule alone: the § line's hedge (confidence.doubted) and the hedge of a question far from its
    passage's written questions (confidence.unasked) have their own tests (test_doubted_section.py, test_unasked.py)."""
    monkeypatch.setattr(confidence, "SECTION_RIGHT_MIN", 0.0)
    monkeypatch.setattr(confidence, "UNASKED_WRITTEN", 0.0)


def test_a_plain_answer_whose_rival_s_written_question_is_nearer_in_a_close_race_is_hedged() -> None:
    assert decide(PLAIN) == "answered"  # the line alone says it plainly
    contested = replace(PLAIN, written_lead=CONTESTED_WRITTEN + 0.02)
    assert decide(contested) == "uncertain"  # the passages still shown, said to maybe not answer
    assert decide(replace(contested, margin=CONTESTED_LEAD + 0.5)) == "answered"  # a clear lead is not a race
    assert decide(replace(PLAIN, written_lead=CONTESTED_WRITTEN - 0.02)) == "answered"  # its own is as near
    assert decide(replace(PLAIN, written_lead=None)) == "answered"  # a slide or a paragraph first


def test_a_contested_section_is_hedged_never_refused() -> None:
    weak = replace(PLAIN, written_lead=0.05, absent=("Bergen",))  # one strike already: a hedge
    assert decide(weak) == "uncertain"
    # a refusal is for what the sources lack, not for a close race: two strikes refuse, the race adds none
    assert decide(replace(weak, amount_missing=True)) == "not_covered"
    assert decide(replace(PLAIN, coverage=0.0, cosine=0.70, whole=0.70, sparse=0.1, grams=0.0,
                          written_lead=0.05)) == "not_covered"  # what the line refuses stays refused


def test_switched_off_a_contested_section_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confidence, "CONTESTED_LEAD", 0.0)
    assert decide(replace(PLAIN, written_lead=0.05)) == "answered"


def _searcher(tmp_path: Path, questions: str) -> Searcher:
    pack, corpus = tmp_path / "pack", tmp_path / "corpus"
    pack.mkdir()
    corpus.mkdir()
    (pack / "lov.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS),
                                    encoding="utf-8")
    (pack / "sources.toml").write_text('[[source]]\nfile = "lov.jsonl"\nid = "lov"\ntitle = "Loven"\n'
                                       'publisher = "x"\nlang = "nb"\n', encoding="utf-8")
    (pack / "questions.tsv").write_text(questions, encoding="utf-8")
    (corpus / "notat.txt").write_text("Ordføreren og kommunestyret vedtar budsjettet i desember.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index.db", packs=(pack,), embedder=FakeEmbedder())
    return Searcher(IndexStore.open(tmp_path / "index.db"), embedder=FakeEmbedder())


def test_the_evidence_measures_how_much_nearer_a_rival_section_s_written_question_is(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, "lov/§2\tHar ordføreren dobbeltstemme i kommunestyret når det står likt?\n"
                                   "lov/§1\tHvem leder møtene?\n")
    result = searcher.search(ASKED, k=3)
    first, rival = result.hits[0], next(h for h in result.hits if h.chunk_id == "lov/§2")
    assert first.chunk_id == "lov/§1" and result.evidence is not None
    lead = searcher.written_cosine(ASKED, rival.docno) - searcher.written_cosine(ASKED, first.docno)  # type: ignore
    assert lead > CONTESTED_WRITTEN and result.evidence.written_lead == pytest.approx(lead)
    # a document's paragraph first has no § to contest
    other = searcher.search("Når vedtar ordføreren og kommunestyret budsjettet i desember?", k=3)
    assert other.hits[0].chunk_id.startswith("notat") and other.evidence is not None
    assert other.evidence.written_lead is None


def test_the_reply_says_a_contested_section_may_not_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    searcher = _searcher(tmp_path, "lov/§2\tHar ordføreren dobbeltstemme i kommunestyret når det står likt?\n"
                                   "lov/§1\tHvem leder møtene?\n")
    # the fake embedder's cosines give § 1 a wide lead; a race as close as the shipped index's is a wider rule here
    monkeypatch.setattr(confidence, "CONTESTED_LEAD", 1000.0)
    hedged = answer(ASKED, searcher)
    monkeypatch.setattr(retriever, "CONTESTED_SECTIONS", False)
    plain = answer(ASKED, searcher)
    assert plain.confidence == "answered" and hedged.confidence == "uncertain"
    assert [p.citation for p in hedged.passages] == [p.citation for p in plain.passages]  # the same passages shown
    # said as a race between §s, not as sources that may not cover it, in the terminal, Telegram and the JSON
    said = message("uncertain_contested", "nb")
    assert format_answer(hedged).splitlines()[0] == said != format_answer(plain).splitlines()[0]
    assert said in telegram(hedged)[0] and answer_to_dict(hedged)["notice"] == said


def test_a_later_page_of_a_contested_reply_does_not_point_at_a_first_section_it_does_not_show(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Flere treff" under a contested reply began "… Sjekk at den første svarer; en av de neste kan passe bedre:" above
    the next passages, on Telegram, the page and in chat: the first § it pointed at was on the page before."""
    searcher = _searcher(tmp_path, "lov/§2\tHar ordføreren dobbeltstemme i kommunestyret når det står likt?\n"
                                   "lov/§1\tHvem leder møtene?\n")
    monkeypatch.setattr(confidence, "CONTESTED_LEAD", 1000.0)
    first, later = answer(ASKED, searcher, top=1), answer(ASKED, searcher, top=1, offset=1)
    assert first.confidence == later.confidence == "uncertain" and later.passages
    assert telegram(first)[0].startswith(f"<b>{message('uncertain_contested', 'nb')}</b>")
    shown = [telegram(later)[0], format_answer(later), answer_to_dict(later)["notice"]]
    assert all("Sjekk at den første" not in said for said in shown)
    assert all(message("uncertain_contested_next", "nb") in said for said in shown)
