"""Formatters: highlighting, cut points, citation fields, reply languages, escaping per medium."""

from __future__ import annotations

import json

import pytest

from bot.answer.model import Answer, Citation, Passage
from bot.answer.quote import ELLIPSIS, highlight_spans, select_quote
from bot.render.jsonout import answer_to_dict
from bot.render.report import report_html, report_markdown
from bot.render.telegram_html import LIMIT
from bot.render.telegram_html import format_answer as telegram
from bot.render.terminal import format_answer as terminal

CITE = Citation("ks-deck", "KS Folkevalgtprogram – Kommunen i systemet", "lysbilde 41", "KS", "2015-11-27",
                "https://www.ks.no/folkevalgtprogram")
QUOTE = "Hva er rådmannens ansvar? Plikter å sørge for at sakene er forsvarlig utredet"


def passage(quote: str = QUOTE, citation: Citation = CITE, rank: int = 1) -> Passage:
    words = {"rådmannens", "ansvar"}
    return Passage(rank, 7.5, quote, citation, f"c{rank}", highlight_spans(quote, lambda w: w.lower() in words))


def answered(*passages: Passage, language: str = "nb") -> Answer:
    return Answer("Hva er rådmannens ansvar?", language, True, tuple(passages))


def test_highlight_marks_question_words_in_each_medium() -> None:
    a = answered(passage())
    assert "<b>rådmannens</b>" in telegram(a)[0] and "<b>ansvar</b>" in telegram(a)[0]
    assert "**rådmannens**" in report_markdown([a])
    assert "<mark>ansvar</mark>" in report_html([a])
    coloured = terminal(a, colour=True)
    assert "\x1b[" in coloured and "rådmannens" in coloured
    assert "\x1b[" not in terminal(a, colour=False)


def test_a_short_chunk_is_quoted_whole() -> None:
    assert select_quote(QUOTE, lambda w: False) == QUOTE


def test_a_long_chunk_is_cut_to_the_matching_sentences_with_ellipses_never_mid_word() -> None:
    filler = " ".join(f"Setning nummer {i} handler om noe helt annet enn spørsmålet." for i in range(20))
    text = f"{filler} Rådmannen har ansvaret for at vedtak blir fulgt opp. {filler}"
    quote = select_quote(text, lambda w: w.lower() in {"rådmannen", "ansvaret"})
    assert "Rådmannen har ansvaret for at vedtak blir fulgt opp." in quote
    assert quote.startswith(ELLIPSIS) and quote.endswith(ELLIPSIS)
    assert len(quote) <= 450
    words = set(text.replace(".", " ").split())
    for token in quote.replace(ELLIPSIS, " ").replace(".", " ").split():
        assert token in words  # every word whole


def test_citation_fields_in_every_medium() -> None:
    a = answered(passage())
    for text in (telegram(a)[0], terminal(a), report_markdown([a]), report_html([a])):
        for field in ("KS Folkevalgtprogram", "lysbilde 41", "KS", "2015-11-27"):
            assert field in text
    assert '<a href="https://www.ks.no/folkevalgtprogram">' in telegram(a)[0]


def test_json_has_exactly_the_documented_shape() -> None:
    data = answer_to_dict(answered(passage()))
    assert set(data) == {"question", "language", "answered", "confidence", "passages"}
    assert set(data["passages"][0]) == {"rank", "score", "text", "source"}
    assert data["passages"][0]["source"] == {"id": "ks-deck", "title": CITE.title, "location": "lysbilde 41",
                                             "url": CITE.url}
    json.dumps(data)


@pytest.mark.parametrize("language, words", [
    ("nb", "Kildene dekker ikke"), ("nn", "Kildene dekker ikke"),
    ("da", "Kilderne dækker ikke"), ("en", "The sources do not cover"),
])
def test_not_covered_reply_in_the_question_language(language: str, words: str) -> None:
    a = Answer("?", language, False, topics=("KS Folkevalgtprogram",))
    for text in (telegram(a)[0], terminal(a)):
        assert words in text and "KS Folkevalgtprogram" in text


@pytest.mark.parametrize("language, intro", [
    ("nb", "Dette sier kildene"), ("da", "Dette siger kilderne"), ("en", "Here is what the sources say"),
])
def test_answer_intro_in_the_question_language(language: str, intro: str) -> None:
    assert intro in terminal(answered(passage(), language=language))


def test_corpus_and_user_text_is_escaped_for_telegram() -> None:
    evil = Citation("x", "<script>alert(1)</script> & Co", "side <1>", "A&B", "", "javascript:alert(1)")
    a = Answer("<b>hei</b> & <script>", "nb", True, (passage("Tekst med <b>tagger</b> & tegn", evil),))
    html = telegram(a)[0]
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; Co" in html
    assert "javascript:" not in html  # only http(s) links become links
    assert "&lt;b&gt;tagger&lt;/b&gt;" in html


def test_terminal_output_drops_control_characters_from_the_corpus() -> None:
    a = answered(passage("Tekst\x1b[31m med escape\x07"))
    out = terminal(a)
    assert "\x1b" not in out and "\x07" not in out


def test_markdown_and_html_reports_escape_text() -> None:
    a = Answer("<img src=x onerror=alert(1)>", "nb", True, (passage("*fet* <i>", CITE),))
    assert "<img" not in report_html([a]) and "\\*fet\\*" in report_markdown([a])


def test_long_answers_split_between_passages_within_telegram_limit() -> None:
    long_quote = "ord " * 400
    a = answered(*(passage(long_quote.strip(), rank=i) for i in range(1, 6)))
    messages = telegram(a)
    assert len(messages) > 1 and all(len(m) <= LIMIT for m in messages)
    for m in messages:
        assert m.count("<blockquote>") == m.count("</blockquote>")
