"""Formatters: highlighting, cut points, citation fields, reply languages, escaping per medium."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer.model import Answer, Citation, Passage
from bot.answer.quote import ELLIPSIS, highlight_spans, select_quote
from bot.render.jsonout import answer_to_dict
from bot.render.report import report_html, report_markdown
from bot.render.telegram_html import LIMIT, to_plain
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
    for text in (terminal(a), report_markdown([a]), report_html([a])):
        for field in ("KS Folkevalgtprogram", "lysbilde 41", "KS"):
            assert field in text
    assert "27. november 2015" in terminal(a)
    # on a phone one short line: title (linked) and location; publisher and date are in /kilder
    html = telegram(a)[0]
    assert '<a href="https://www.ks.no/folkevalgtprogram">KS Folkevalgtprogram' in html and "lysbilde 41" in html
    assert html.count("\n📄") == 1 and "2015" not in html.split("📄")[1]


@pytest.mark.parametrize("title, on_the_phone", [
    # whole when it fits a phone's line and a half: one character over 48 had cost "saksbehandling"
    ("Kommuneloven § 11-12 Reglement for saksbehandling", "Kommuneloven § 11-12 Reglement for saksbehandling"),
    ("Kommuneloven § 7-9 Fritak fra verv", "Kommuneloven § 7-9 Fritak fra verv"),
    # cut at a word end, and not on a little word ("og …")
    ("Kommuneloven § 5-4 Kommunestyrets og fylkestingets adgang til å delegere vedtaksmyndighet til andre "
     "rettssubjekter", "Kommuneloven § 5-4 Kommunestyrets og fylkestingets …"),
    ("Regeringen, KL og Danske Regioner indgår aftale om ledelse og kompetencer",
     "Regeringen, KL og Danske Regioner indgår aftale …"),
    # a long law name keeps its § whole, however far it reaches (it had been cut before the §)
    ("Lov om offentlighed i forvaltningen (LBK nr. 145 af 2020) § 10 Ret til aktindsigt i dokumenter i sagen",
     "Lov om offentlighed i forvaltningen (LBK nr. 145 af 2020) § 10 …"),
    ("Lov om kommunernes styrelse og forvaltning i kommunerne og i regionerne § 16 c Vederlag til formænd",
     "Lov om kommunernes styrelse og forvaltning i kommunerne og i regionerne § 16 c …"),
    # a cut after a word's hyphen keeps it: "taushets …" had read as a word of its own ("taushets- og …")
    ("Forvaltningsloven § 13 f Bestemmelser om taushets- og opplysningsplikt m.m. i andre lover",
     "Forvaltningsloven § 13 f Bestemmelser om taushets- …"),
    ("Lov om kommunernes styrelse § 17 Stående økonomi- og erhvervsudvalg i kommunerne og regionerne",
     "Lov om kommunernes styrelse § 17 Stående økonomi- …"),
    # a dash between words is no word's hyphen: it goes with the cut
    ("Kommunestyret - møte om budsjett og økonomiplan for de neste fire årene i Testvik",
     "Kommunestyret - møte om budsjett og økonomiplan …"),
    # no word end to cut at: whole, never cut inside a word
    ("Kommunalbestyrelsesmedlemmersforpligtelserogrettighederiforbindelsemedmøderogudvalgsarbejde",
     "Kommunalbestyrelsesmedlemmersforpligtelserogrettighederiforbindelsemedmøderogudvalgsarbejde"),
])
def test_a_phones_citation_shows_the_title_whole_or_cut_at_a_word_end_never_inside_its_section(
        title: str, on_the_phone: str) -> None:
    """Every title over 48 characters was cut there: a character over cost a word, a long law name lost its §, and a
    title with no space near the cut was cut inside a word."""
    cite = Citation("law", title, "første ledd", "Lovdata", "", "https://lovdata.no/x")
    [line] = [line for line in telegram(answered(passage(citation=cite)))[0].split("\n") if line.startswith("📄")]
    assert shown(line).replace("\u00a0", " ") == f"📄 {on_the_phone} · første ledd"
    assert "§\u00a0" in line or "§" not in title  # no line break between a § and its number on the phone
    for text in (terminal(answered(passage(citation=cite))), report_markdown([answered(passage(citation=cite))])):
        assert title in text  # the terminal and the report have room for the whole title


@pytest.mark.parametrize("width", range(20, 100))
def test_the_terminal_never_breaks_a_line_inside_a_section(width: int) -> None:
    """At some widths the citation ended a line on "§" ("— Lov om kommunernes styrelse §") and began the next "16 c"."""
    cite = Citation("ksl", "Lov om kommunernes styrelse § 16 c", "stk. 2", "Retsinformation", "2026-01-01", None)
    lines = terminal(answered(passage(citation=cite), language="da"), width=width).splitlines()
    assert any("§ 16 c" in line for line in lines), lines
    assert not any(line.rstrip().endswith(("§", "§ 16")) for line in lines), lines


def test_json_has_exactly_the_documented_shape() -> None:
    data = answer_to_dict(answered(passage()))
    assert set(data) == {"question", "language", "answered", "confidence", "notice", "passages"}
    assert data["confidence"] == "answered" and data["notice"] is None
    assert set(data["passages"][0]) == {"rank", "score", "text", "pinned", "passage_id", "source"}
    assert data["passages"][0]["pinned"] is False
    assert data["passages"][0]["source"] == {"id": "ks-deck", "title": CITE.title, "location": "lysbilde 41",
                                             "url": CITE.url, "publisher": CITE.publisher, "date": CITE.date}
    json.dumps(data)


@pytest.mark.parametrize("language, words", [
    ("nb", "Kildene dekker ikke"), ("nn", "Kjeldene dekkjer ikkje"),
    ("da", "Kilderne dækker ikke"), ("en", "The sources do not cover"),
])
def test_not_covered_reply_in_the_question_language(language: str, words: str) -> None:
    a = Answer("?", language, False, topics=("KS Folkevalgtprogram",))
    for text in (telegram(a)[0], terminal(a)):
        assert words in text and "KS Folkevalgtprogram" in text


def test_an_english_refusal_suggests_asking_with_the_sources_own_terms() -> None:
    # dev2 and dev3 in plain English are answered far less often than with the documents' terms in them
    a = Answer("who is the boss of the staff?", "en", False, topics=("KS Folkevalgtprogram",))
    for text in (telegram(a)[0], terminal(a)):
        assert "Norwegian and Danish" in text and "kontrollutvalget (the control committee)" in text


@pytest.mark.parametrize("language, intro", [
    ("nb", "Dette sier kildene"), ("nn", "Dette seier kjeldene"), ("da", "Dette siger kilderne"),
    ("en", "Here is what the sources say"),
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


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://x.no/\"><script>", "https://x.no/a b", "ftp://x.no/",
                                 "data:text/html,<b>x</b>", "//x.no/no-scheme", ""])
def test_a_citation_keeps_only_a_url_every_renderer_can_link_as_it_is(url: str) -> None:
    assert Citation("x", "Title", url=url).url is None
    kept = "https://lovdata.no/dokument/NL/lov/2018-06-22-83?q=§ 1".replace(" ", "%20")
    assert Citation("x", "Title", url=kept).url == kept


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
        assert m.count("<blockquote") == m.count("</blockquote>")


LONG_TITLE = "Regeringen, KL og Danske Regioner indgår aftale om ledelse og kompetencer"


def test_on_a_phone_the_first_passage_is_open_and_the_others_start_collapsed() -> None:
    cite = Citation("aftale", LONG_TITLE, "afsnit 5", "Regeringen", "2019-03-01", "https://www.regeringen.dk/a")
    a = answered(passage(), passage("Andet uddrag om noget andet.", cite, rank=2),
                 passage("Tredje uddrag.", cite, rank=3))
    html = telegram(a)[0]
    assert html.count("<blockquote>") == 1 and html.count("<blockquote expandable>") == 2
    assert html.index("<blockquote>") < html.index("<blockquote expandable>")
    # each citation is one line with a short title; the full title is left to /kilder
    lines = [line for line in html.split("\n") if line.startswith("📄")]
    assert len(lines) == 3 and all(len(shown(line)) <= 70 for line in lines)
    assert LONG_TITLE not in html and "Regeringen, KL og Danske Regioner" in html
    # the first screen holds the answer and where it comes from
    assert "forsvarlig utredet" in shown(html)[:600] and "lysbilde 41" in shown(html)[:600]


def shown(html: str) -> str:
    """What a phone shows of Telegram HTML: the text without tags (links are not spelled out)."""
    import html as html_lib
    import re

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def test_sources_list_the_full_title_and_a_norwegian_date() -> None:
    from bot.render.telegram_html import format_sources

    html = "\n".join(format_sources([Citation("a", LONG_TITLE, "", "KL", "2026-12-01", "https://kl.dk")]))
    assert LONG_TITLE in html and "1. desember 2026" in html


def test_the_terminals_source_list_counts_one_chunk_in_the_singular() -> None:
    """`kommunebot sources` and chat's :kilder printed "1 chunks"."""
    from bot.corpus.records import SourceRecord
    from bot.render.terminal import format_sources

    def source(title: str, chunks: int) -> SourceRecord:
        return SourceRecord(title, f"{title}.md", title, "KS", "nb", "", None, "md", "h", chunks, 0)

    text = format_sources([source("Notat", 1), source("Reglement", 12)])
    assert "Notat (KS, 1 chunk)" in text and "Reglement (KS, 12 chunks)" in text and "1 chunks" not in text


@pytest.mark.parametrize("language, lead", [
    ("nb", "Kildene svarer kanskje ikke direkte på dette. Dette er det nærmeste:"),
    ("da", "Kilderne svarer måske ikke direkte på dette"),
    ("en", "The sources may not answer this directly"),
])
def test_an_uncertain_answer_says_so_first_in_every_medium(language: str, lead: str) -> None:
    a = Answer("Hva er rådmannens ansvar?", language, True, (passage(),), confidence="uncertain")
    assert to_plain(telegram(a)[0]).startswith(lead)
    assert terminal(a).startswith(lead)
    data = answer_to_dict(a)
    assert data["confidence"] == "uncertain" and data["notice"].startswith(lead)
    sure = answered(passage(), language=language)
    assert lead not in terminal(sure) and lead not in telegram(sure)[0]


def test_terminal_output_wraps_to_the_width_and_keeps_the_quote_lines() -> None:
    quote = ("Hva er rådmannens ansvar?\nØverste leder for den kommunale eller fylkeskommunale administrasjonen\n"
             "Plikter å sørge for at sakene er forsvarlig utredet")
    out = terminal(answered(passage(quote)), width=40)
    lines = out.split("\n")
    assert all(len(line) <= 40 for line in lines if not line.strip().startswith("http")), out
    assert any(line.startswith("   Øverste leder") for line in lines)  # each bullet starts a line
    assert any(line.startswith("   Plikter") for line in lines)
    wide = terminal(answered(passage(quote)), width=200)
    assert "   Øverste leder for den kommunale eller fylkeskommunale administrasjonen" in wide
    coloured = terminal(answered(passage(quote)), colour=True, width=40)
    assert "\x1b[" in coloured and click_unstyle(coloured) == out


def click_unstyle(text: str) -> str:
    import click

    return click.unstyle(text)


def test_no_color_turns_colour_off() -> None:
    from bot.config import Settings
    from bot.render.terminal import wants_colour

    assert wants_colour(True, Settings.from_env({}).no_color) and not wants_colour(False, False)
    assert not wants_colour(True, Settings.from_env({"NO_COLOR": "1"}).no_color)


@pytest.mark.parametrize("language, words", [
    ("nn", ["Kjeldene svarer kanskje ikkje", "valt av kursleiar"]),
    ("nb", ["Kildene svarer kanskje ikke", "valgt av kursleder"]),
])
def test_every_fixed_text_of_a_reply_in_nynorsk_for_a_nynorsk_question(language: str, words: list[str]) -> None:
    from dataclasses import replace

    from bot.answer.messages import MESSAGES

    assert all("nn" in texts for texts in MESSAGES.values())  # lead lines, refusals, buttons, small talk
    a = Answer("Kva er ansvaret til rådmannen?", language, True, (replace(passage(), pinned=True),),
               confidence="uncertain")
    for text in (telegram(a)[0], terminal(a)):
        assert all(w in text for w in words), text


def test_a_quote_that_is_itself_a_quotation_gets_no_second_pair_of_guillemets() -> None:
    quote = "«Det er viktig at folkevalgte kjenner rollen sin.»"
    out = terminal(answered(passage(quote)))
    assert "«Det er viktig" in out and "««" not in out and "»»" not in out
    assert "1. «Hva er rådmannens ansvar?" in terminal(answered(passage()))  # an ordinary quote still gets them


@pytest.mark.parametrize("language, opening, closing", [("nb", "«", "»"), ("nn", "«", "»"), ("da", "»", "«"),
                                                        ("en", "“", "”")])
def test_a_reply_quotes_with_its_own_languages_marks(language: str, opening: str, closing: str) -> None:
    """A Danish reader had read Norwegian «…» around every quote; Danish writes »…«, English “…”."""
    out = terminal(answered(passage(), language=language))
    assert f"1. {opening}Hva er rådmannens ansvar?" in out and f"utredet{closing}" in out, out
    refused = Answer("Hvad siger loven om Kina?", language, False, (), absent=("Kina",), confidence="not_covered")
    assert f"{opening}Kina{closing}" in terminal(refused) and f"{opening}Kina{closing}" in telegram(refused)[0]
    # a quote that already is one whole quotation in any language's marks gets no second pair
    for whole in ("«Det er viktig.»", "»Det er vigtigt.«", "“It matters.”"):
        assert f"1. {whole}" in terminal(answered(passage(whole), language=language))


def test_refusal_topics_wrap_at_word_ends_within_the_width() -> None:
    topics = ("Regeringen, KL og Danske Regioner: Kompetencerådet for prosessveiledere i kommunene",
              "KS Folkevalgtprogram – Kommunen i systemet")
    out = terminal(Answer("?", "nb", False, topics=topics), width=40)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert any("prosessveiledere" in line for line in lines)  # whole, not cut at the edge


def test_the_report_counts_in_good_grammar_one_and_many() -> None:
    hedged = Answer("Hva koster et kulturhus?", "nb", True, (passage("Ingen ord herfra"),), confidence="uncertain")
    one = report_markdown([hedged, answered(passage())])
    assert "1 usikkert" in one and "1 svakt svar" in one and "1 usikre" not in one and "1 svake" not in one
    many = report_markdown([hedged, hedged])
    assert "2 usikre" in many and "2 svake svar" in many


def test_the_page_counts_in_good_grammar() -> None:
    from bot.web.texts import text

    assert text("nb", "times", n=1) == "1 gang" and text("nb", "times", n=3) == "3 ganger"
    one = text("nb", "summary", n=1, answered=0, uncertain=1, not_covered=0, weak=1)
    assert "1 usikkert" in one and "1 svakt svar" in one
    assert text("en", "summary", n=1, answered=1, uncertain=0, not_covered=0, weak=2).startswith("1 question:")


@pytest.mark.parametrize("question", ["Какие обязанности у мэра?", "市长的职责是什么？", "ما هي مهام رئيس البلدية؟"])
def test_a_question_in_another_script_is_told_which_languages_are_read_not_that_the_sources_lack_it(
        searcher, question: str) -> None:
    """Read as bokmål, it was refused with "Kildene dekker ikke dette spørsmålet", which says nothing a Russian or
    Chinese speaker can use; it is told in English, on every front end, which four languages are read."""
    from bot.analysis.language import other_script
    from bot.answer import answer

    assert other_script(question)
    reply = answer(question, searcher)
    assert not reply.answered and reply.language == "en" and reply.lead == "not_covered_script"
    for text in (telegram(reply)[0], terminal(reply)):
        assert "I read questions in Norwegian (bokmål or nynorsk), Danish and English" in text
    # a Latin-script question with a foreign word or name in it is read as before
    assert not other_script("Hva er rådmannens ansvar i Москва?") and not other_script("Hvem er Łukasz?")
    assert answer("Hva er rådmannens ansvar i Москва?", searcher).lead != "not_covered_script"


def test_a_markdown_report_quotes_every_line_of_a_passage_with_its_citation_right_after() -> None:
    """Rendered as Markdown: a slide's lines stay lines, a law's list and its later ledd stay in the quote, and the
    citation is in the same blockquote right after its text (only the first line had "> ", so the rest ran
    together or fell out of the quote, and the citation stood in a quote of its own)."""
    from markdown_it import MarkdownIt

    slide = "Hva er rådmannens ansvar?\nØverste leder for administrasjonen\nHar ansvaret for oppfølging"
    law = ("Kontrollutvalget skal påse at\n- regnskapene blir revidert\n- det føres kontroll\nSiste setning.\n\n"
           "Andre ledd.\n\n1) første punkt\n2) andre punkt\n---")
    report = report_markdown([answered(passage(slide), passage(law, rank=2))])
    quoted = report[report.index("> Hva er **rådmannens**"):report.index("— KS")]
    assert all(line.startswith(">") for line in quoted.splitlines())
    html = MarkdownIt("commonmark").render(report)
    first, second = html.split("</blockquote>")[:2]
    assert first.count("<blockquote>") == 1 and "— KS Folkevalgtprogram" in first
    assert "Øverste leder for administrasjonen<br />\nHar ansvaret" in first  # each line its own
    assert "<li>regnskapene blir revidert</li>\n<li>det føres kontroll</li>" in second
    assert "<p>Siste setning.</p>" in second and "<p>Andre ledd.</p>" in second  # not the list's, in the quote
    assert "1) første punkt<br />\n2) andre punkt<br />\n---" in second and "<h2>" not in second
    assert second.index("Andre ledd.") < second.index("— KS Folkevalgtprogram")


def test_a_refusal_counts_the_sources_its_list_leaves_out_in_every_medium(tmp_path: Path) -> None:
    """A maintainer's 13th document was missing from "Kildene handler om:" without a word: the list names twelve and
    says how many more there are, in the terminal, in Telegram and on the page alike."""
    from bot.answer import answer
    from bot.answer.engine import Engine
    from bot.answer.pins import PinStore
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.holder import SearcherHolder
    from bot.search.retriever import Searcher
    from bot.web.app import WebConfig, create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(13):
        (corpus / f"notat{i:02d}.txt").write_text(f"Reglement nummer {i} for kommunen\n\nKommunestyret vedtar "
                                                  f"reglement {i} om delegering.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    reply = answer("Hvem vant fotball-VM i 2018?", Searcher(IndexStore.open(tmp_path / "k.db")))
    assert not reply.answered and len(reply.topics) == 12 and reply.more_topics == 1
    assert "… og 1 til." in terminal(reply) and "… og 1 til." in to_plain(telegram(reply)[0])
    app = create_app(WebConfig(feedback_path=tmp_path / "feedback.db"),
                     Engine(SearcherHolder(tmp_path / "k.db"), PinStore(tmp_path / "pins.db")))
    app.config["TESTING"] = True
    page = app.test_client().get("/", query_string={"q": "Hvem vant fotball-VM i 2018?"}).get_data(as_text=True)
    assert "… og 1 til." in page
    assert "… og" not in terminal(replace(reply, more_topics=0))  # twelve sources or fewer: the list is all of them


def parse_entities(html: str) -> tuple[str, list[tuple[str, str]]]:
    """A Telegram HTML message as Telegram shows it: its text, and each link's text and address."""
    from tests.helpers.fakebotapi import parse_telegram_html_entities

    text, entities = parse_telegram_html_entities(html)
    units = text.encode("utf-16-le")
    return text, [(units[2 * e["offset"]:2 * (e["offset"] + e["length"])].decode("utf-16-le"), e["url"])
                  for e in entities if e["type"] == "text_link"]


def test_a_danish_sections_link_to_the_whole_act_says_so_and_names_the_section_to_find(law_index: Path) -> None:
    """Retsinformation has no address of a §, so a Danish § links to the whole act: its title had been the link, and a
    tap opened the act's top as if it were the §. The link is now a word saying it is the whole act and which § to find
    there, in every medium; a Norwegian §, whose link opens at the §, is linked by its title as before."""
    from bot.answer.compose import answer
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    searcher = Searcher(IndexStore.open(law_index))
    danish = answer("Hvad siger styrelsesloven § 32?", searcher, top=1)
    text, links = parse_entities(telegram(danish)[0])
    assert [(label.replace("\xa0", " "), url) for label, url in links] == [
        ("hele loven, find § 32", "https://www.retsinformation.dk/eli/lta/2026/13")], text
    assert "https://www.retsinformation.dk/eli/lta/2026/13 (hele loven, find § 32)" in terminal(danish)
    norwegian = answer("Hva sier kommuneloven § 7-9?", searcher, top=1)
    text, links = parse_entities(telegram(norwegian)[0])
    assert [url for _, url in links] == ["https://lovdata.no/lov/2018-06-22-83/§7-9"] and "hele loven" not in text
    assert links[0][0].replace("\xa0", " ").startswith("Kommuneloven § 7-9")


def test_a_refused_english_question_says_which_of_the_sources_terms_its_words_were_searched_as(tmp_path: Path) -> None:
    """An English asker refused saw the list of sources and the same three example terms whatever they asked, never
    what their own words had been searched as: "keep" read as fortsette in "keep secret" was invisible, and so were
    the sources' terms their words did find ("mayor" → ordfører). Said in the terminal, in Telegram and on the page."""
    from bot.answer import answer
    from bot.answer.engine import Engine
    from bot.answer.pins import PinStore
    from bot.search.holder import SearcherHolder
    from bot.web.app import WebConfig, create_app
    from tests.helpers.passages import searcher_of

    searcher = searcher_of(tmp_path, {"a": "Ordføreren leder møtene i kommunestyret.",
                                      "b": "Kontrollutvalget fører tilsyn med forvaltningen.",
                                      "c": "Taushetsplikten gjelder opplysninger om personlige forhold."})
    asked = "How much does the mayor earn in a year?"
    reply = answer(asked, searcher)
    assert not reply.answered and ("mayor", "ordfører") in reply.searched_as
    line = "Your words were searched as the sources' own: “mayor” → ordfører"
    assert line in terminal(reply) and line in to_plain(telegram(reply)[0])
    app = create_app(WebConfig(feedback_path=tmp_path / "feedback.db"),
                     Engine(SearcherHolder(tmp_path / "index.db"), PinStore(tmp_path / "pins.db")))
    app.config["TESTING"] = True
    page = app.test_client().get("/", query_string={"q": asked}).get_data(as_text=True)
    assert "“mayor” → ordfører" in page
    # an English word kept as its glossary form or lemma ("conflicted" as conflict) is no term of the sources
    assert searcher.searched_as("Is the mayor conflicted?") == (("mayor", "ordfører"),)
    # a question in Norwegian is searched in the sources' own words already: nothing to tell
    refused = answer("Hvor mye tjener ordføreren i året?", searcher)
    assert not refused.answered and refused.searched_as == () and "searched as" not in terminal(refused)
