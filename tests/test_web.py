"""The facilitator's page through Flask's test client: every page and action, pins, protections."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.answer import answer
from bot.answer.engine import Engine
from bot.answer.pins import PinStore, hit_for
from bot.cli import cli
from bot.index.build import build_index
from bot.search.holder import SearcherHolder
from bot.web.app import MAX_UPLOAD_BYTES, WebConfig, create_app
from bot.web.pages import SNAPSHOT_CHARS
from bot.web.reviews import MAX_QUESTIONS

QUESTION = "Hva er rådmannens ansvar?"
PARAPHRASE = "Hvilket ansvar har rådmannen?"
SLIDE_41 = "Plikter å sørge for at sakene er forsvarlig utredet"


def make_client(index: Path, tmp_path: Path, **config):
    pins = PinStore(tmp_path / "pins.db")
    app = create_app(WebConfig(feedback_path=tmp_path / "feedback.db", **config), Engine(SearcherHolder(index), pins))
    app.config["TESTING"] = True
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf"] = "test-token"
    return client, pins


@pytest.fixture
def web(built_index: Path, tmp_path: Path):
    """A test client over the bundled corpus's index, its pins store, and the CSRF token to send."""
    return make_client(built_index, tmp_path)


def page(response) -> str:
    return response.get_data(as_text=True)


def passage_ids(html: str) -> list[str]:
    return re.findall(r'data-chunk="([^"]+)"', html)


def chunk_with(client, question: str, text: str) -> str:
    html = page(client.get("/", query_string={"q": question}))
    for chunk_id, body in re.findall(r'data-chunk="([^"]+)">(.*?)</article>', html, re.S):
        if text in body:
            return chunk_id
    raise AssertionError(f"{text!r} not among the passages for {question!r}")


def post(client, url: str, **form):
    return client.post(url, data={"csrf": "test-token", **form})


# Spør


def test_ask_page_shows_the_bots_answer_with_confidence_and_buttons(web) -> None:
    client, _ = web
    html = page(client.get("/", query_string={"q": QUESTION}))
    assert "lysbilde 41" in html and "forsvarlig utredet" in html
    assert 'id="confidence">besvart<' in html
    assert html.count('value="right"') == 3 and html.count("fest som svar") == 3
    assert "<mark>rådmannens</mark>" in html


def test_more_results_pages_on(web) -> None:
    client, _ = web
    first = passage_ids(page(client.get("/", query_string={"q": QUESTION})))
    later = page(client.get("/", query_string={"q": QUESTION, "offset": 3}))
    second = passage_ids(later)
    assert second and not set(first) & set(second)
    # a later page links back to the first results (only the browser's back button had), the first page does not
    back = re.search(r'<a id="first" href="([^"]+)">Tilbake til de første treffene</a>', later)
    assert back is not None and 'id="first"' not in page(client.get("/", query_string={"q": QUESTION}))
    assert passage_ids(page(client.get(html.unescape(back.group(1))))) == first


def test_a_question_the_sources_do_not_cover_says_so(web) -> None:
    client, _ = web
    html = page(client.get("/", query_string={"q": "Hvordan baker jeg surdeigsbrød med rug?"}))
    assert 'id="not-covered"' in html and "ikke dekket" in html and not passage_ids(html)
    # the hint the bot and the terminal give after a refusal, as the facilitator must see what they give
    assert 'id="rephrase">Prøv å spørre med andre ord' in html


def test_empty_question_gives_the_form_and_a_short_error(web) -> None:
    client, _ = web
    assert "error" not in page(client.get("/"))
    # the asker's message, as the CLI and Telegram give it, not the developers' English
    shown = page(client.get("/", query_string={"q": "rådmann " * 1400}))
    assert 'class="error"' in shown and "Spørsmålet er for langt" in shown and "too long" not in shown
    # the box takes what is pasted whole: a limit on it cut a 5,000-character paste at 2,000 and the page answered
    # the preamble, where the bot and `ask` say the question is too long
    form = page(client.get("/")).split('id="q"')[1].split(">")[0]
    assert "maxlength" not in form


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u3000"])
def test_a_blank_question_gets_the_note_the_bot_and_the_terminal_give(web, blank: str) -> None:
    """A question of white space alone showed nothing, where the bot replies "Skriv et spørsmål, …" and `ask` exits 2
    with it: the page gives the same note, in its own language (0.4.42). A page opened without a question has none."""
    from bot.answer.messages import message

    client, _ = web
    shown = page(client.get("/", query_string={"q": blank}))
    assert f'<p class="error">{message("empty", "nb")}</p>' in shown, shown
    assert "Skriv et spørsmål, for eksempel: Hva er rådmannens ansvar?" in shown and "data-chunk" not in shown
    client.get("/lang/en")
    assert message("empty", "en") in html.unescape(page(client.get("/", query_string={"q": blank})))
    assert 'class="error"' not in page(client.get("/"))


def test_a_question_too_long_is_told_so_in_the_page_s_language_not_the_question_s(web) -> None:
    """The page in English told a pasted Norwegian text of 10,000 characters "Spørsmålet er for langt": the note is in
    the page's language, as its other words and the review's skipped lines are."""
    client, _ = web
    pasted = "Kommunestyret skal behandle rådmannens forslag til budsjett for neste år. " * 135
    client.set_cookie("lang", "en")
    shown = page(client.get("/", query_string={"q": pasted}))
    n = len(" ".join(pasted.split()))
    assert f"The question is too long ({n} characters). Ask briefly, in at most 2000 characters." in shown
    assert "for langt" not in shown
    client.set_cookie("lang", "nb")
    assert "Spørsmålet er for langt" in page(client.get("/", query_string={"q": "What is the mayor's role? " * 400}))


def test_an_emoji_alone_gets_the_friendly_line_in_the_page_s_language(web) -> None:
    client, _ = web
    client.set_cookie("lang", "en")
    assert "Ask me a question about the council" in page(client.get("/", query_string={"q": "?!"}))
    client.set_cookie("lang", "nb")
    assert "Still meg gjerne et spørsmål" in page(client.get("/", query_string={"q": "👍"}))


def test_a_citations_date_is_written_in_the_replys_language_as_the_cli_writes_it(web, built_index: Path) -> None:
    import bot.cli.ask  # noqa: F401 - registers `ask`

    client, _ = web
    english = page(client.get("/", query_string={"q": "what is rådmannens ansvar?"}))
    cli_text = CliRunner().invoke(cli, ["ask", "what is rådmannens ansvar?", "--index", str(built_index)]).output
    assert "27 November 2015" in cli_text and "27 November 2015" in english and "27. november" not in english
    assert "27. november 2015" in page(client.get("/", query_string={"q": QUESTION}))


@pytest.mark.parametrize("said", ["hei", "takk!", "🙂🎉👍", "???"])
def test_small_talk_gets_the_bots_friendly_line_not_a_search(web, said: str) -> None:
    """The page said "ikke dekket" and listed the sources for "hei", which the bot greets."""
    from bot.answer.messages import message
    from bot.answer.smalltalk import small_talk

    client, _ = web
    shown = page(client.get("/", query_string={"q": said}))
    talk = small_talk(said)
    assert talk is not None and html.escape(message(talk.kind, talk.language), quote=False) in shown
    assert 'id="not-covered"' not in shown and 'id="confidence"' not in shown


def test_marking_a_passage_records_it_and_shows_it(web) -> None:
    client, pins = web
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    response = post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=f"/?q={QUESTION}")
    assert response.status_code == 302
    assert [(m.question, m.chunk_id, m.verdict) for m in pins.marks()] == [(QUESTION, chunk, 1)]
    shown = page(client.get("/", query_string={"q": QUESTION}))
    assert "merket riktig" in shown
    # the mark is told by more than colour: a screen reader hears which button is pressed (a tester's finding)
    assert 'class="right on" aria-pressed="true"' in shown
    post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="wrong")
    assert [m.verdict for m in pins.marks()] == [-1]
    shown = page(client.get("/", query_string={"q": QUESTION}))
    assert 'class="wrong on" aria-pressed="true"' in shown and 'aria-pressed="false">✓' in shown


def _pressed(html_text: str, anchor: str) -> dict[str, str]:
    """The ✓/✗ buttons of the passage or refusal `anchor` on a page: the class of each to the value it sends."""
    part = html_text[html_text.index(f'value="{anchor}"'):]
    part = part[:part.index("</form>")]
    buttons = re.findall(r'name="verdict" value="([a-z]+)" class="(right|wrong)', part)
    return {cls: value for value, cls in buttons}


def test_pressing_a_pressed_mark_again_takes_it_back(web) -> None:
    """A ✓ pressed by mistake could only be turned into a ✗ (itself a verdict, counted in eval --marks' "left out"):
    pressing it again said "Merket." and kept it. As a vote in Telegram, the pressed button pressed again takes the
    mark back, on a passage and on a refusal; pressing an unpressed one twice (a double click) marks once."""
    client, pins = web
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    url = f"/?q={QUESTION}"
    for _ in range(2):  # a double click, sent from the same page
        post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=url, anchor="passage-1")
    assert [m.verdict for m in pins.marks()] == [1]
    shown = page(client.get("/", query_string={"q": QUESTION}))
    sent = _pressed(shown, "passage-1")["right"]  # what the pressed ✓ sends when pressed again
    response = post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict=sent, next=url, anchor="passage-1")
    assert pins.marks() == []
    again = page(client.get(response.headers["Location"].split("#")[0]))
    assert "Merket er tatt bort." in again and "merket riktig" not in again
    assert 'aria-pressed="true"' not in again
    refused = "Hvor mye tjener en ordfører i Kina?"
    post(client, "/mark", q=refused, refusal="1", verdict="wrong", anchor="refusal-1")
    sent = _pressed(page(client.get("/", query_string={"q": refused})), "refusal-1")["wrong"]
    post(client, "/mark", q=refused, refusal="1", verdict=sent, anchor="refusal-1")
    assert pins.marks() == []
    assert "skulle vært besvart" not in page(client.get("/", query_string={"q": refused}))


def test_marking_an_unknown_passage_is_refused(web) -> None:
    client, pins = web
    assert post(client, "/mark", q=QUESTION, chunk_id="no-such-chunk", verdict="right").status_code == 409
    refused = post(client, "/mark", q=QUESTION, chunk_id="x", verdict="maybe")
    assert refused.status_code == 400 and "Forespørselen kunne ikke brukes" in page(refused)
    assert "Bad Request" not in page(refused)  # the page's words, in its language, not Werkzeug's English
    assert pins.marks() == []


def test_pinning_puts_the_passage_first_for_a_paraphrase_labelled(web) -> None:
    client, pins = web
    first = passage_ids(page(client.get("/", query_string={"q": PARAPHRASE})))[0]
    # a passage shown for the question that the paraphrase does not already get first: the pin must move it
    chunk = next(c for c in passage_ids(page(client.get("/", query_string={"q": QUESTION}))) if c != first)
    response = post(client, "/pin", q=QUESTION, chunk_id=chunk, name="Kari Kursleder")
    assert response.status_code == 302 and "name=" in response.headers["Set-Cookie"]
    html = page(client.get("/", query_string={"q": PARAPHRASE}))
    assert passage_ids(html)[0] == chunk
    shown = html[html.index('id="passage-1"'):html.index("</article>")]
    assert chunk in shown and "valgt av kursleder" in shown
    assert len(set(passage_ids(html))) == len(passage_ids(html))  # not shown twice
    assert [p.pinned_by for p in pins.pins()] == ["Kari Kursleder"]


def test_a_pin_does_not_answer_a_different_question(web) -> None:
    client, _ = web
    chunk = passage_ids(page(client.get("/", query_string={"q": QUESTION})))[1]
    post(client, "/pin", q=QUESTION, chunk_id=chunk, name="Kari")
    html = page(client.get("/", query_string={"q": "Hvem ansetter rådmannen?"}))
    assert "valgt av kursleder" not in html


def test_a_pinned_passage_is_labelled_in_the_answers_language_as_the_bot_labels_it(web) -> None:
    """The page labelled a pin in its own language: "chosen by the course leader" on the English page above a
    Norwegian answer ("Dette sier kildene:"), "valgt av kursleder" above an English one, where the bot and `ask` say
    it in the answer's language."""
    client, _ = web
    english = "what is rådmannens ansvar?"
    for question in (QUESTION, english):
        post(client, "/pin", q=question, chunk_id=chunk_with(client, question, SLIDE_41), name="Kari")
    client.set_cookie("lang", "en")
    shown = page(client.get("/", query_string={"q": QUESTION}))
    assert "📌 valgt av kursleder" in shown and "chosen by the course leader" not in shown
    client.set_cookie("lang", "nb")
    shown = page(client.get("/", query_string={"q": english}))
    assert "📌 chosen by the course leader" in shown and "valgt av kursleder" not in shown


def test_the_page_lists_its_sources_with_licence_date_and_link(law_index: Path, tmp_path: Path) -> None:
    """The page had no list of its sources: a course leader could not see what the bot quotes from, under which
    licence (Lovdata's NLOD 2.0) or how recent each text is, as /kilder and `kommunebot sources` show it. *Kilder*
    lists every source of the index, in the menu of every page, in the page's language."""
    from bot.answer.messages import norwegian_date
    from bot.index.store import IndexStore

    client, _ = make_client(law_index, tmp_path)
    assert '<a href="/sources" id="nav-sources">Kilder</a>' in page(client.get("/"))
    raw = page(client.get("/sources"))
    assert 'ophavsretsloven <span class="nobreak">§ 9</span>' in raw  # a § never split over two lines
    listed = html.unescape(re.sub(r'<span class="nobreak">(.*?)</span>', r"\1", raw))
    items = re.findall(r'<li class="source">(.*?)</li>', listed, re.S)
    sources = IndexStore.open(law_index).sources()
    assert len(items) == len(sources) > 10
    for item, source in zip(items, sources, strict=True):
        assert source.title in item and source.publisher in item and norwegian_date(source.date, "nb") in item
        assert (f'<a href="{source.url}"' in item) == bool(source.url)
    law = next(s for s in sources if s.title.startswith("Kommuneloven"))
    assert law.publisher == "Lovdata (NLOD 2.0)" and law.url and "lovdata.no" in law.url  # the licence, said
    client.set_cookie("lang", "en")
    listed = html.unescape(re.sub(r'<span class="nobreak">(.*?)</span>', r"\1", page(client.get("/sources"))))
    assert "<h1>Sources</h1>" in listed and f"Lovdata (NLOD 2.0) · {norwegian_date(law.date, 'en')}" in listed


def _title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", page(response), re.S)
    assert found is not None
    return html.unescape(found.group(1))


def test_each_page_and_question_has_a_title_of_its_own(web) -> None:
    """Every page was titled "kommunebot – kursleders arbeidsbenk": two tabs, or the back button's list, could not
    be told apart. The title names the question asked (cut at a word end), then the page, in the page's language."""
    client, _ = web
    asked = _title(client.get("/", query_string={"q": QUESTION}))
    assert asked == f"{QUESTION} – Spør – kommunebot – kursleders arbeidsbenk"
    assert _title(client.get("/", query_string={"q": PARAPHRASE})) != asked
    assert _title(client.get("/")).startswith("Spør – ")
    long = "Er jeg inhabil når " + "naboen min søker om dispensasjon " * 10
    assert _title(client.get("/", query_string={"q": long})).startswith("Er jeg inhabil når naboen min ")
    assert len(_title(client.get("/", query_string={"q": long}))) < 120
    assert "<title>&lt;b&gt;inhabil&lt;/b&gt; – Spør" in page(client.get("/", query_string={"q": "<b>inhabil</b>"}))
    for path, name in (("/review", "Gjennomgang"), ("/feedback", "Tilbakemeldinger"), ("/pins", "Festede svar"),
                       ("/sources", "Kilder")):
        assert _title(client.get(path)).startswith(f"{name} – "), path
    assert _title(client.get("/nowhere")).startswith("Feil – ")
    client.set_cookie("lang", "en")
    assert _title(client.get("/", query_string={"q": QUESTION})).startswith(f"{QUESTION} – Ask – kommunebot")


def _flash(client, response) -> str:
    """The confirmation a form's redirect shows on the page it leads to."""
    assert response.status_code == 302, page(response)
    told = html.unescape(page(client.get(response.headers["Location"])))
    found = re.search(r'<p class="flash" role="status">(.*?)</p>', told, re.S)
    assert found is not None, told
    return found.group(1)


def test_pinning_says_it_now_leads_and_a_second_pin_names_the_pin_it_displaces(web) -> None:
    """A second course leader pinning another passage for a question already pinned was told only "Festet. Samme
    spørsmål … får nå denne passasjen først.": the first one's pin stopped being served without a word. The note names
    whose pin, from when and where, the question no longer gets first."""
    client, _ = web
    first = chunk_with(client, QUESTION, SLIDE_41)
    assert _flash(client, post(client, "/pin", q=QUESTION, chunk_id=first, name="Kari")) == (
        "Festet. Samme spørsmål, eller nesten samme, får nå denne passasjen først.")
    other = next(c for c in passage_ids(page(client.get("/", query_string={"q": QUESTION}))) if c != first)
    told = _flash(client, post(client, "/pin", q=QUESTION, chunk_id=other, name="Ola"))
    assert told.startswith("Festet. Spørsmålet får nå denne passasjen først, ikke lenger den Kari festet "), told
    assert "(KS Folkevalgtprogram – Kommunen i systemet, lysbilde 41)" in told
    assert passage_ids(page(client.get("/", query_string={"q": QUESTION})))[0] == other  # as it said
    client.set_cookie("lang", "en")
    told = _flash(client, post(client, "/pin", q=QUESTION, chunk_id=first, name="Kari"))
    assert told.startswith("Pinned. The question now gets this passage first, no longer the one Ola pinned on "), told


def test_a_displaced_law_pin_is_cited_as_the_card_the_page_showed(law_index: Path, tmp_path: Path) -> None:
    """A § split at its ledd, pinned from the card "Kommuneloven § 11-10 …, første til fjerde ledd", was named by the
    one ledd (or run) its id holds ("tredje til fjerde ledd") when a newer pin displaced it, and in the delete
    confirmation: not the passage the course leader had seen. Both cite it as *Spør* and *Festede svar* do."""
    client, _ = make_client(law_index, tmp_path)
    question = "Når er en folkevalgt inhabil?"
    shown = html.unescape(page(client.get("/", query_string={"q": question})))
    cards = re.findall(r'data-chunk="([^"]+)">.*?<p class="cite">— (?:<a [^>]*>)?(.*?) · ', shown, re.S)
    chunk, cited = next((c, re.sub(r"<[^>]+>", "", t)) for c, t in cards if c.startswith("lov-2018-06-22-83/§11-10"))
    assert " til " in cited or " og " in cited, cited  # a card of several ledd: what the test is about
    post(client, "/pin", q=question, chunk_id=chunk, name="Ola")
    other = next(c for c in passage_ids(page(client.get("/", query_string={"q": question}))) if c != chunk)
    told = _flash(client, post(client, "/pin", q=question, chunk_id=other, name="Kari"))
    assert "ikke lenger den Ola festet " in told and f"({cited})" in told, (told, cited)
    newest = max(p.id for p in PinStore(tmp_path / "pins.db").pins())
    confirm = html.unescape(page(client.post(f"/pins/{newest}/delete", data={"csrf": "test-token"})))
    assert "Spørsmålet får da i stedet svaret Ola festet " in confirm and f": {cited}." in confirm, confirm


def test_a_pin_the_question_will_not_get_first_is_not_said_to_lead(law_index: Path, tmp_path: Path) -> None:
    """Kommuneloven's § pinned for a question about Denmark was confirmed "Festet. Samme spørsmål … får nå denne
    passasjen først.", while the page, `ask` and Telegram went on answering without it (a question naming the other
    country than the pinned law's is never served the pin). The note says it is saved but not served, and why."""
    client, _ = make_client(law_index, tmp_path)
    question = "Hvordan søker jeg fritak fra vervet i Danmark?"
    norwegian = next(c for c in passage_ids(page(client.get("/", query_string={"q": question})))
                     if c.startswith("lov-2018-06-22-83/"))
    told = _flash(client, post(client, "/pin", q=question, chunk_id=norwegian, name="Kari"))
    assert told.startswith("Lagret, men spørsmålet får ikke denne passasjen først: spørsmålet spør om Danmark"), told
    assert "fest en passasje fra dansk lov" in told
    shown = page(client.get("/", query_string={"q": question}))
    assert "valgt av kursleder" not in shown  # as it said: the bot answers as before


def test_pinned_answers_say_why_a_pin_about_the_other_country_is_never_served(law_index: Path,
                                                                             tmp_path: Path) -> None:
    """*Festede svar* said of such a pin only "brukes ikke: spørsmålet får ikke denne passasjen først.", leaving the
    course leader to guess why their own question never got it. It says why, and what to do."""
    client, pins = make_client(law_index, tmp_path)
    question = "Hvordan søker jeg fritak fra vervet i Danmark?"
    norwegian = next(c for c in passage_ids(page(client.get("/", query_string={"q": question})))
                     if c.startswith("lov-2018-06-22-83/"))
    post(client, "/pin", q=question, chunk_id=norwegian, name="Kari")
    pin_id = pins.pins()[0].id
    told = html.unescape(_pin_article(page(client.get("/pins")), pin_id))
    assert "brukes ikke: spørsmålet spør om Danmark, og passasjen er fra et annet lands lov" in told, told
    assert "fest en passasje fra dansk lov" in told
    served = "Hvordan søker jeg fritak fra vervet?"  # naming no country: served, and said nothing of
    post(client, "/pin", q=served, chunk_id=norwegian, name="Kari")
    other = next(p.id for p in pins.pins() if p.question == served)
    assert "brukes ikke" not in _pin_article(page(client.get("/pins")), other)


def test_pinning_needs_a_name(web) -> None:
    client, pins = web
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    response = post(client, "/pin", q=QUESTION, chunk_id=chunk, name="  ")
    assert response.status_code == 400 and "navnet" in page(response)
    assert pins.pins() == []
    # the language switch on that error page leads to a page, not back to the form's address (405)
    switch = re.search(r'href="(/lang/da\?next=[^"]*)"', page(response))
    assert switch, page(response)
    back = client.get(html.unescape(switch.group(1)), follow_redirects=True)
    assert back.status_code == 200 and '<html lang="da">' in page(back)


# pins through the one answer function, and across rebuilds


def test_the_cli_and_telegram_show_the_pinned_label(searcher, tmp_path: Path) -> None:
    from bot.render.telegram_html import format_answer as telegram
    from bot.render.terminal import format_answer as terminal

    pins = PinStore(tmp_path / "pins.db")
    plain = answer(QUESTION, searcher)
    pins.add(QUESTION, hit_for(searcher, plain.passages[2].chunk_id), "Kari")
    pinned = answer(PARAPHRASE, searcher, pins=pins)
    assert pinned.passages[0].chunk_id == plain.passages[2].chunk_id and pinned.passages[0].pinned
    assert not any(p.pinned for p in pinned.passages[1:])
    assert "valgt av kursleder" in terminal(pinned) and "valgt av kursleder" in "".join(telegram(pinned))
    assert "valgt av kursleder" not in terminal(plain)


def _rebuild_with(corpus: Path, index: Path, old: str, new: str) -> None:
    for path in corpus.glob("*.txt"):
        body = path.read_text(encoding="utf-8")
        if old in body:
            path.write_text(body.replace(old, new), encoding="utf-8")
            break
    else:
        raise AssertionError(f"{old!r} not in the corpus")
    build_index(corpus, index)


def test_pins_survive_a_rebuild_while_the_text_is_unchanged(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx" / "kommunebot.db"
    build_index(corpus_copy, index)
    client, _ = make_client(index, tmp_path)
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    post(client, "/pin", q=QUESTION, chunk_id=chunk, name="Kari")
    # another passage of the corpus changes; the pinned one does not
    _rebuild_with(corpus_copy, index, "Delegering betyr overføring av myndighet",
                  "Delegering betyr at myndighet overføres")
    client, _ = make_client(index, tmp_path)
    html = page(client.get("/", query_string={"q": PARAPHRASE}))
    assert passage_ids(html)[0] == chunk and "valgt av kursleder" in html
    assert "brutt" not in page(client.get("/pins"))


def _slide_41_pinned_then_edited(corpus: Path, tmp_path: Path):  # noqa: ANN202 - (client, pins, chunk pinned)
    """Slide 41 pinned for QUESTION by Kari, then a line of it reworded and the index rebuilt: the pin broken."""
    index = tmp_path / "idx" / "kommunebot.db"
    build_index(corpus, index)
    client, _ = make_client(index, tmp_path)
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    post(client, "/pin", q=QUESTION, chunk_id=chunk, name="Kari")
    _rebuild_with(corpus, index, SLIDE_41, "Skal sørge for at sakene er godt utredet")
    client, pins = make_client(index, tmp_path)
    return client, pins, chunk


def test_a_mark_or_pin_sent_after_a_rebuild_says_so_and_links_to_the_question_asked_again(corpus_copy: Path,
                                                                                          tmp_path: Path) -> None:
    """A ✓/✗/📌 form opened before a rebuild and sent after got 409 "Passasjen finnes ikke lenger i indeksen." with
    only "Tilbake" to an empty Spør, the question lost. It says the index was rebuilt since the page was opened, and
    links to the same question asked again, in the page's language (0.4.42)."""
    index = tmp_path / "idx" / "kommunebot.db"
    build_index(corpus_copy, index)
    client, pins = make_client(index, tmp_path)
    chunk = chunk_with(client, QUESTION, SLIDE_41)  # the page is opened
    _rebuild_with(corpus_copy, index, SLIDE_41, "Skal sørge for at sakene er godt utredet")
    from urllib.parse import parse_qs, urlsplit

    for form in ({"verdict": "right"}, {"verdict": "wrong"}, {"name": "Kari"}):
        response = post(client, "/pin" if "name" in form else "/mark", q=QUESTION, chunk_id=chunk, **form)
        told = html.unescape(page(response))
        assert response.status_code == 409 and "Indeksen er bygget på nytt siden siden ble åpnet" in told, told
        link = re.search(r'<a id="ask-again" href="([^"]+)">Still spørsmålet igjen</a>', told)
        assert link is not None, told
        address = urlsplit(link.group(1))
        assert address.path == "/" and parse_qs(address.query) == {"q": [QUESTION]}
    assert pins.marks() == [] and pins.pins() == []  # nothing saved
    followed = page(client.get(link.group(1)))
    assert "godt utredet" in followed  # the question, asked again, answered from the rebuilt index
    client.get("/lang/en")
    told = html.unescape(page(post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right")))
    assert "The index was rebuilt since the page was opened" in told and ">Ask the question again</a>" in told


def test_a_pin_whose_passage_changed_is_shown_broken_and_never_served(corpus_copy: Path, tmp_path: Path) -> None:
    client, _, chunk = _slide_41_pinned_then_edited(corpus_copy, tmp_path)
    html = page(client.get("/", query_string={"q": QUESTION}))
    assert "valgt av kursleder" not in html and chunk not in passage_ids(html)
    assert "godt utredet" in html  # the changed slide is still found, just not as a pin
    pins_page = page(client.get("/pins"))
    assert "brutt" in pins_page and SLIDE_41 in pins_page  # the pinned text, to see what it was


def test_ask_says_when_the_questions_pin_is_broken_and_links_to_it(corpus_copy: Path, tmp_path: Path) -> None:
    """A course leader who pinned a passage and asked the question again after a rebuild changed it got the search's
    answer with no word of why their pin was no longer first. The page says so above the answer, for a paraphrase too,
    in the page's language, and links to the broken pin on *Festede svar*; a question the pin does not match is not
    told."""
    client, pins, _ = _slide_41_pinned_then_edited(corpus_copy, tmp_path)
    pin_id = pins.pins()[0].id
    for asked in (QUESTION, PARAPHRASE):
        told = html.unescape(page(client.get("/", query_string={"q": asked})))
        note = re.search(r'<p class="note" id="broken-pin"[^>]*>(.*?)</p>', told, re.S)
        assert note is not None, told
        assert "Svaret Kari festet" in note.group(1) and f"«{QUESTION}» gis ikke lenger" in note.group(1)
        assert f'href="/pins#pin-{pin_id}"' in note.group(1)
        assert "valgt av kursleder" not in told  # the answer itself is the search's, as the bot gives it
    assert 'id="broken-pin"' not in page(client.get("/", query_string={"q": "Hvem ansetter rådmannen?"}))
    client.get("/lang/en")
    told = html.unescape(page(client.get("/", query_string={"q": QUESTION})))
    assert "The answer Kari pinned on" in told and "See the pin, and the passage offered in its place" in told


def test_ask_says_nothing_of_pins_while_the_pin_is_served(web) -> None:
    client, _ = web
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    post(client, "/pin", q=QUESTION, chunk_id=chunk, name="Kari")
    told = page(client.get("/", query_string={"q": QUESTION}))
    assert "valgt av kursleder" in told and 'id="broken-pin"' not in told


def _pin_own_part(html: str, pin_id: int) -> str:
    """A pin's article on *Festede svar* up to the passages offered for it: what it says of the pin itself."""
    return _pin_article(html, pin_id).split('<div class="successor">', 1)[0]


def test_a_broken_pin_names_the_source_and_slide_it_was_pinned_on(corpus_copy: Path, tmp_path: Path) -> None:
    """A broken pin had named no source or place of its own, only the passage offered for it: which slide of which
    deck had the course leader pinned? It is cited as it was when pinned, above what it is offered."""
    client, pins, _ = _slide_41_pinned_then_edited(corpus_copy, tmp_path)
    pin = pins.pins()[0]
    own = _pin_own_part(page(client.get("/pins")), pin.id)
    assert "brutt" in own and SLIDE_41 in own
    assert '<p class="cite">— KS Folkevalgtprogram – Kommunen i systemet, lysbilde 41</p>' in own


def test_a_broken_pin_made_before_its_place_was_stored_is_cited_from_its_id(law_index: Path, tmp_path: Path) -> None:
    """A pin made by 0.4.41 stored no title or place: its passage gone, the page cites it as its id still tells, its
    source's title (or the id of a source gone too) and its slide or § and ledd."""
    client, pins = make_client(law_index, tmp_path)
    made = {}
    for chunk_id, cite_id in (("ks-folkevalgtprogram-kommunen-i-systemet:lysbilde-99:0123456789",
                               "ks-folkevalgtprogram-kommunen-i-systemet"),
                              ("lov-2018-06-22-83/§7-99/2", "lov-2018-06-22-83/§7-99/2"),
                              ("lta-2026-13/§99/3", "lta-2026-13/§99/3"),
                              ("borte-notat:moteplan:0123456789", "borte-notat")):
        made[chunk_id] = pins.db.table("pins").insert(
            {"question": QUESTION, "chunk_id": chunk_id, "cite_id": cite_id, "quote": "Teksten som var festet.",
             "pinned_by": "Kari", "pinned_at": "2025-12-06T07:04:00+00:00"}).last_pk
    html = page(client.get("/pins"))
    cited = {chunk_id: re.findall(r'<p class="cite">— (.*?)</p>', _pin_own_part(html, pin_id))
             for chunk_id, pin_id in made.items()}
    assert cited == {"ks-folkevalgtprogram-kommunen-i-systemet:lysbilde-99:0123456789":
                     ["KS Folkevalgtprogram – Kommunen i systemet, lysbilde 99"],
                     "lov-2018-06-22-83/§7-99/2": ["Kommuneloven (LOV-2018-06-22-83), § 7-99, 2. ledd"],
                     "lta-2026-13/§99/3": ["Lov om kommunernes styrelse (LBK nr. 13 af 2026), § 99, stk. 3"],
                     "borte-notat:moteplan:0123456789": ["borte-notat, moteplan"]}


def test_a_broken_pin_is_offered_what_its_passage_became_and_served_again_once_re_pinned(corpus_copy: Path,
                                                                                          tmp_path: Path) -> None:
    client, pins, chunk = _slide_41_pinned_then_edited(corpus_copy, tmp_path)
    pins_page = page(client.get("/pins"))
    assert "brutt" in pins_page and "Passasjen ble trolig til denne" in pins_page
    offered = re.search(r'name="chunk_id" value="([^"]+)"', pins_page)
    assert offered is not None and "lysbilde-41" in offered.group(1) and offered.group(1) != chunk
    assert post(client, f"/pins/{pins.pins()[0].id}/repin", chunk_id=offered.group(1)).status_code == 302
    assert "brutt" not in page(client.get("/pins"))
    served = page(client.get("/", query_string={"q": QUESTION}))
    assert "valgt av kursleder" in served and passage_ids(served)[0] == offered.group(1) and "godt utredet" in served
    assert (pins.pins()[0].question, pins.pins()[0].pinned_by) == (QUESTION, "Kari")  # the pin kept, its passage moved
    # a page drawn before another rebuild: its offer is gone; the pins page, drawn anew, says so and moves nothing
    stale = client.post(f"/pins/{pins.pins()[0].id}/repin", data={"chunk_id": "no-such-passage", "csrf": "test-token"},
                        follow_redirects=True)
    assert stale.status_code == 200 and "Passasjen er endret siden siden ble vist" in page(stale)
    assert pins.pins()[0].chunk_id == offered.group(1)


def test_a_re_pin_keeps_who_pinned_it_and_when_and_tells_the_move_apart(corpus_copy: Path, tmp_path: Path) -> None:
    """After "Fest denne i stedet" the pin had said "Festet av Kari" at the click's moment, as if pinned anew then: it
    keeps when and by whom it was pinned, and says beside it when, and by whom where the page knows, it was moved."""
    client, pins, _ = _slide_41_pinned_then_edited(corpus_copy, tmp_path)
    pin = pins.pins()[0]
    with pins.db.conn:
        pins.db.execute("UPDATE pins SET pinned_at = ? WHERE id = ?", ["2025-12-06T07:04:00+00:00", pin.id])
    offered = re.search(r'name="chunk_id" value="([^"]+)"', page(client.get("/pins")))
    assert offered is not None
    client.set_cookie("name", "Ola")  # the name this browser last pinned or marked under
    moved = client.post(f"/pins/{pin.id}/repin", data={"chunk_id": offered.group(1), "csrf": "test-token"},
                        follow_redirects=True)
    meta = re.search(r'<p class="meta">(.*?)</p>', _pin_article(page(moved), pin.id), re.S)
    assert meta is not None and meta.group(1).startswith(
        "Festet av Kari 6. desember 2025 kl. 07.04; flyttet til denne passasjen av Ola "), meta.group(1)
    assert "Flyttet til den nye passasjen." in page(moved)  # not "Festet på nytt", as if pinned anew
    after = pins.get(pin.id)
    assert after is not None and (after.pinned_by, after.pinned_at, after.repinned_by) == \
        ("Kari", "2025-12-06T07:04:00+00:00", "Ola") and after.repinned_at > after.pinned_at
    assert after.chunk_id == offered.group(1)


# Festede svar


def test_pins_page_lists_edits_and_deletes(web) -> None:
    client, pins = web
    assert "Ingen festede svar" in page(client.get("/pins"))
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    post(client, "/pin", q=QUESTION, chunk_id=chunk, name="Kari")
    pin = pins.pins()[0]
    html = page(client.get("/pins"))
    assert "Kari" in html and "lysbilde 41" in html and "brutt" not in html
    # as the bot serves it: the same quote and citation line as the answer's first passage
    served = page(client.get("/", query_string={"q": QUESTION}))
    cite = re.search(r'<p class="cite">— (.*?)</p>', served, re.S)
    assert cite is not None and cite.group(1) in html
    # a pin's question must be one the bot searches: not none, not a greeting it never searches
    for no_question in ("", "🙂", "hei"):
        refused = post(client, f"/pins/{pin.id}/edit", question=no_question, name="Ola")
        assert refused.status_code == 400 and "Skriv spørsmålet passasjen svarer på" in page(refused)
    assert post(client, f"/pins/{pin.id}/edit", question="Hva gjør rådmannen?", name="Ola").status_code == 302
    edited = pins.pins()[0]
    assert (edited.question, edited.pinned_by, edited.edited_by) == ("Hva gjør rådmannen?", "Kari", "Ola")
    assert post(client, f"/pins/{pin.id}/delete", confirm="yes").status_code == 302
    assert pins.pins() == []
    assert post(client, f"/pins/{pin.id}/edit", question="x y", name="Ola").status_code == 404


def test_editing_a_pins_question_keeps_who_pinned_it_and_when_and_tells_the_edit_apart(web) -> None:
    """Saving a pin's question had set its pinning time to the edit's moment and its name to the editor's: the pin
    said "Festet av Ola" today, and, now the newest for its question, went before a pin made after it. Who pinned it
    and when are kept; the edit is said beside them (0.4.43)."""
    client, pins = web
    kari = chunk_with(client, QUESTION, SLIDE_41)
    per = next(c for c in passage_ids(page(client.get("/", query_string={"q": QUESTION}))) if c != kari)
    post(client, "/pin", q=QUESTION, chunk_id=kari, name="Kari")
    post(client, "/pin", q=QUESTION, chunk_id=per, name="Per")
    first, second = sorted(pins.pins(), key=lambda p: p.id)
    with pins.db.conn:
        for pin, when in ((first, "2025-12-06T07:04:00+00:00"), (second, "2025-12-08T09:30:00+00:00")):
            pins.db.execute("UPDATE pins SET pinned_at = ? WHERE id = ?", [when, pin.id])
    assert passage_ids(page(client.get("/", query_string={"q": QUESTION})))[0] == per  # the newer pin goes first
    client.set_cookie("name", "Ola")  # the name this browser pins and marks under
    form = re.search(r'<input name="name" value="([^"]*)"', _pin_article(page(client.get("/pins")), first.id))
    assert form is not None and form.group(1) == "Ola"  # who edits, not who pinned
    saved = client.post(f"/pins/{first.id}/edit", data={"question": "Hva er rådmannens ansvar", "name": "Ola",
                                                         "csrf": "test-token"}, follow_redirects=True)
    assert saved.status_code == 200 and "Lagret." in page(saved)
    meta = re.search(r'<p class="meta">(.*?)</p>', _pin_article(page(saved), first.id), re.S)
    assert meta is not None and meta.group(1).startswith(
        "Festet av Kari 6. desember 2025 kl. 07.04; spørsmålet endret av Ola "), meta.group(1)
    after = pins.get(first.id)
    assert after is not None and (after.question, after.pinned_by, after.pinned_at, after.edited_by) == \
        ("Hva er rådmannens ansvar", "Kari", "2025-12-06T07:04:00+00:00", "Ola") and after.edited_at > after.pinned_at
    assert passage_ids(page(client.get("/", query_string={"q": QUESTION})))[0] == per  # still the newer pin
    # saved again with the question as it is, nothing was edited: nothing is recorded
    post(client, f"/pins/{second.id}/edit", question=QUESTION, name="Ola")
    unchanged = pins.get(second.id)
    assert unchanged is not None and (unchanged.pinned_by, unchanged.edited_at) == ("Per", "")


def test_pins_page_shows_a_pinned_ledd_as_the_card_the_bot_serves(law_index: Path, tmp_path: Path) -> None:
    """A § split at its ledd is served as one card ("første til tredje ledd"); the pins page showed the pinned ledd
    alone, so the course leader checked another text than the users got."""
    client, _ = make_client(law_index, tmp_path)
    question = "Når er jeg inhabil som folkevalgt?"
    cards = re.findall(r'data-chunk="([^"]+/§[^"]+)".*?<p class="cite">— (.*?)</p>',
                       page(client.get("/", query_string={"q": question})), re.S)
    chunk, _ = next((c, cite) for c, cite in cards if " til " in cite or " og " in cite)  # a card of several ledd
    post(client, "/pin", q=question, chunk_id=chunk, name="Kari")
    served = re.search(r'<p class="cite">— (.*?)</p>', page(client.get("/", query_string={"q": question})), re.S)
    pins_page = page(client.get("/pins"))
    assert served is not None and "valgt av kursleder" in page(client.get("/", query_string={"q": question}))
    assert served.group(1) in pins_page


def test_a_citations_section_is_kept_on_one_line_and_its_text_is_as_ask_prints_it(law_index: Path,
                                                                                   tmp_path: Path) -> None:
    """The page's citation could break between "§" and its number; each § is a span the style sheet keeps whole."""
    client, _ = make_client(law_index, tmp_path)
    html = page(client.get("/", query_string={"q": "Hvordan søker jeg fritak fra vervet i kommunestyret?"}))
    cites = re.findall(r'<p class="cite">— (.*?)</p>', html, re.S)
    assert any('<span class="nobreak">§ 7-9</span>' in cite for cite in cites), cites
    assert any(re.sub(r"<[^>]+>", "", cite).startswith("Kommuneloven § 7-9 Uttreden og fritak") for cite in cites)
    assert ".nobreak { white-space: nowrap; }" in page(client.get("/static/style.css"))


def _pin_article(html: str, pin_id: int) -> str:
    found = re.search(rf'<article class="[^"]*" id="pin-{pin_id}">(.*?)</article>', html, re.S)
    assert found is not None, f"pin {pin_id} not on the page"
    return found.group(1)


def test_pins_page_labels_a_pin_a_newer_one_for_the_same_question_shadows(law_index: Path, tmp_path: Path) -> None:
    """Two course leaders pinned different passages for one question: only the newer is served, and the older was
    listed with no label, as a bare snapshot without «», link, publisher or date."""
    client, pins = make_client(law_index, tmp_path)
    question = "Hva gjør kontrollutvalget?"
    chunks = passage_ids(page(client.get("/", query_string={"q": question})))
    post(client, "/pin", q=question, chunk_id=chunks[1], name="Ola B")
    post(client, "/pin", q=question, chunk_id=chunks[0], name="Kari A")
    kari, ola = pins.pins()  # newest first
    assert (kari.pinned_by, ola.pinned_by) == ("Kari A", "Ola B")
    html = page(client.get("/pins"))
    older, newer = _pin_article(html, ola.id), _pin_article(html, kari.id)
    assert "brukes ikke: et nyere feste for samme spørsmål går foran" in older
    assert f'href="#pin-{kari.id}"' in older and "festet av Kari A" in older
    assert "brukes ikke" not in newer
    # the shadowed pin is drawn as the bot would serve it: quote marks and the full, linked citation line
    served_as = page(client.get("/", query_string={"q": question}))
    assert passage_ids(served_as)[0] == kari.chunk_id
    for article in (older, newer):
        quote = re.search(r'<blockquote class="quote">(.*?)</blockquote>', article, re.S)
        assert quote is not None and quote.group(1).startswith("«") and quote.group(1).endswith("»")
        assert re.search(r'<p class="cite">— <a href="https?://', article)
    assert "Festet av Ola B " in older and ", når" not in older


def test_a_broken_pins_stored_text_is_cut_at_a_word_end(web) -> None:
    """A broken pin shows the text it had; cut at 600 characters it ended mid-word ("blir ful…")."""
    client, pins = web
    words = ("kontrollutvalget fører løpende tilsyn med forvaltningen " * 20).strip()
    pins.db.table("pins").insert({"question": QUESTION, "chunk_id": "gone/chunk", "cite_id": "gone", "quote": words,
                                  "pinned_by": "Kari", "pinned_at": "2026-12-06T07:04:00+00:00"})
    html = page(client.get("/pins"))
    assert "brutt" in html
    shown = re.search(r'<blockquote class="quote">(.*?)</blockquote>', html, re.S)
    assert shown is not None and shown.group(1).endswith(" …")
    kept = shown.group(1)[:-2].split()
    assert 50 < len(kept) < len(words.split()) and set(kept) <= set(words.split())  # whole words only
    assert "Festet av Kari 6. desember 2026 kl. 07.04" in html


def test_a_broken_pins_text_cut_after_a_word_s_hyphen_keeps_it(web) -> None:
    """Cut right after "taushets-" of "taushets- og opplysningsplikt", the text had read "… taushets …", the hyphen
    dropped, as if "taushets" were a word of its own; the phone's titles keep it (bot/render/titles.py)."""
    client, pins = web
    text = ("kontrollutvalget fører løpende tilsyn med forvaltningen " * 10 +
            "og skal følge lovens regler om taushets- og opplysningsplikt for alle folkevalgte")
    assert text.index("taushets- og") + len("taushets-") == SNAPSHOT_CHARS  # the last space the cut may fall at
    pins.db.table("pins").insert({"question": QUESTION, "chunk_id": "gone/chunk", "cite_id": "gone", "quote": text,
                                  "pinned_by": "Kari", "pinned_at": "2026-12-06T07:04:00+00:00"})
    shown = re.search(r'<blockquote class="quote">(.*?)</blockquote>', page(client.get("/pins")), re.S)
    assert shown is not None and shown.group(1).endswith("lovens regler om taushets- …")


# Gjennomgang


def test_review_answers_a_list_skipping_comments_with_summary_and_exports(web) -> None:
    client, pins = web
    questions = (f"# kurs 1\n{QUESTION}\n\n# utkast, slett\nHvordan baker jeg surdeigsbrød med rug?\n"
                 "Hva gjør kontrollutvalget?\n")
    response = post(client, "/review", questions=questions)
    assert response.status_code == 302
    url = response.headers["Location"]
    html = page(client.get(url))
    assert "3 spørsmål" in html and "1 ikke dekket" in html
    assert "kurs 1" not in html and "utkast" not in html
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=url)
    for fmt, marker in (("html", "<h1>"), ("md", "# "), ("csv", "number,question")):
        export = client.get(f"{url}/export.{fmt}")
        assert export.status_code == 200 and page(export).startswith(("<!doctype", marker))
        assert "attachment" in export.headers["Content-Disposition"]
    assert "riktig" in page(client.get(f"{url}/export.md"))
    items = [json.loads(line) for line in page(client.get("/marks.jsonl")).splitlines()]
    assert items == [{"id": "mark1", "question": QUESTION, "gold_ids": [chunk]}]


def test_the_marks_file_before_any_mark_is_no_empty_download_and_the_review_says_none_yet(web) -> None:
    """A facilitator who clicked the marks link before marking ✓ got an empty file, and no word of why."""
    client, _ = web
    url = post(client, "/review", questions=f"{QUESTION}\n").headers["Location"]
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="wrong", next=url)  # a ✗ is not exported
    shown = page(client.get(url))
    assert 'href="/marks.jsonl"' not in shown
    assert "Merkene som spørsmålsfil: ingen ennå (merk en passasje eller et avslag ✓ riktig nedenfor)" in shown
    response = client.get("/marks.jsonl")
    assert response.status_code == 404 and "Content-Disposition" not in response.headers
    assert "Ingen merker å laste ned ennå: ingen passasje eller avslag er merket ✓ riktig." in page(response)
    client.set_cookie("lang", "en")
    assert "none yet (mark a passage or a refusal ✓ right below)" in page(client.get(url))
    assert "No marks to download yet" in page(client.get("/marks.jsonl"))
    post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=url)
    assert 'href="/marks.jsonl"' in page(client.get(url)) and "none yet" not in page(client.get(url))
    assert client.get("/marks.jsonl").status_code == 200


def test_review_skips_small_talk_and_overlong_lines_saying_why_in_the_page_and_every_export(web) -> None:
    """A line the bot would greet ("hei") or not search (too long) is no question to review: it was counted as "ikke
    dekket" or named in the developers' English, and the downloads left it out without a word."""
    client, _ = web
    long_line = "rådmann " * 300
    response = post(client, "/review", questions=f"{QUESTION}\nhei\n🙂\n{long_line}\n")
    url = response.headers["Location"]
    html_page = page(client.get(url))
    assert "1 spørsmål" in html_page and "0 ikke dekket" in html_page and "Hoppet over" in html_page
    assert html_page.count("småprat, ikke et spørsmål") == 2 and "Spørsmålet er for langt" in html_page
    assert "the question is" not in html_page
    for fmt in ("html", "md", "csv"):
        export = page(client.get(f"{url}/export.{fmt}"))
        assert "hei" in export and "småprat, ikke et spørsmål" in export and "Spørsmålet er for langt" in export
    # the page in English gives every reason in English, whatever language each skipped line is in
    client.set_cookie("lang", "en")
    english = page(client.get(url))
    assert english.count("small talk, not a question") == 2 and "The question is too long" in english


def test_review_upload_as_a_file(web) -> None:
    from io import BytesIO

    client, _ = web
    response = client.post("/review", data={"csrf": "test-token",
                                            "file": (BytesIO(f"{QUESTION}\n".encode()), "q.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and "1 spørsmål" in page(client.get(response.headers["Location"]))


def test_a_1_mb_question_list_is_refused_clearly(web) -> None:
    client, _ = web
    from io import BytesIO

    line = "Hva er rådmannens ansvar i kommunen?\n"
    big = (line * ((1 << 20) // len(line.encode()))).encode()  # 1 MB, tens of thousands of lines
    response = client.post("/review", data={"csrf": "test-token", "file": (BytesIO(big), "q.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert f"høyst {MAX_QUESTIONS}" in page(response) and "<textarea" in page(response)
    too_big = post(client, "/review", questions=line * (2 * MAX_UPLOAD_BYTES // len(line)))
    assert too_big.status_code == 413 and "for stor" in page(too_big)


def test_a_review_the_page_forgot_says_so(web) -> None:
    client, _ = web
    response = client.get("/review/nope")
    assert response.status_code == 404 and "Kjør den igjen" in page(response)


# Tilbakemeldinger


def test_feedback_page_lists_what_the_bot_could_not_answer_with_links(web, searcher, tmp_path: Path) -> None:
    from bot.feedback import FeedbackStore

    client, _ = web
    assert "Ingen tilbakemeldinger" in page(client.get("/feedback"))
    assert not (tmp_path / "feedback.db").exists()  # the page never creates the bot's file
    store = FeedbackStore.open(tmp_path / "feedback.db", "secret")
    store.record(answer("Hvordan baker jeg surdeigsbrød?", searcher), "k", "private", "v")
    shown = store.record(answer(QUESTION, searcher), "k", "private", "v")
    store.vote(shown, "k", -1)
    store.close()
    html = page(client.get("/feedback"))
    assert not (tmp_path / "feedback.secret").exists()  # the page does not make one up
    assert "surdeigsbrød" in html and "/?q=hvordan+baker" in html
    assert "Stemt ned" in html and "/?q=Hva+er+r" in html


def test_a_follow_ups_answer_voted_down_is_asked_again_on_the_page_as_the_bot_showed_it(law_index: Path,
                                                                                      tmp_path: Path) -> None:
    """A follow-up's answer shows the passages on its reply's words first; asked again from the feedback page by its
    question alone, the page showed the search's own order, not what the councillor voted down. The link carries the
    reply, the page says it is a follow-up's answer, and its passages are those the bot showed."""
    from bot.answer.followup import read_reply
    from bot.feedback import FeedbackStore
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    client, _ = make_client(law_index, tmp_path)
    searcher = Searcher(IndexStore.open(law_index))
    reading = read_reply("hvem ansetter ham?", QUESTION, searcher.function_words())
    shown = answer(reading.question, searcher, focus=reading.focus)
    assert [p.chunk_id for p in shown.passages] != [p.chunk_id for p in answer(reading.question, searcher).passages]
    store = FeedbackStore.open(tmp_path / "feedback.db", "secret")
    store.vote(store.record(shown, "k", "private", "v"), "k", -1)
    store.close()
    link = re.search(r'href="(/\?q=[^"]*)"', page(client.get("/feedback")))
    assert link is not None and "&amp;f=hvem+ansetter+ham" in link.group(1)
    again = page(client.get(html.unescape(link.group(1))))
    assert passage_ids(again)[:len(shown.passages)] == [p.chunk_id for p in shown.passages]
    assert "Svaret på en oppfølging, som boten viste det" in again and 'id="more"' in again and "f=hvem" in again


# language, protections


def test_english_switch(web) -> None:
    client, _ = web
    response = client.get("/lang/en?next=/pins")
    assert response.status_code == 302 and response.headers["Location"].endswith("/pins")
    html = page(client.get("/pins"))
    assert "Pinned answers" in html and "Norsk" in html
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"


class _Focusable(HTMLParser):
    """The elements the Tab key stops at, in the page's order: (tag, attributes), and the ids on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.stops: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids.add(found.get("id") or "")
        tabbable = (tag == "a" and "href" in found) or (tag in ("button", "select", "textarea")) or (
            tag == "input" and found.get("type") != "hidden")
        if (tabbable or "tabindex" in found) and not (found.get("tabindex") or "0").startswith("-"):
            self.stops.append((tag, found))


def _focusable(html: str) -> _Focusable:
    parsed = _Focusable()
    parsed.feed(html)
    return parsed


@pytest.mark.parametrize("path, here", [("/", "ask"), ("/?q=Hva+er+KS%3F", "ask"), ("/review", "review"),
                                        ("/feedback", "feedback"), ("/pins", "pins")])
def test_the_menu_says_which_page_is_open_and_a_skip_link_comes_first(web, path: str, here: str) -> None:
    """A screen reader heard four links and no "current page", an unnamed navigation, and every page began with the
    menu a keyboard user had to Tab through: the open page's link has aria-current="page", the menu a name in the
    page's language, and a "skip to content" link is the first thing Tab reaches."""
    client, _ = web
    html = page(client.get(path))
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>', html)
    assert len(current) == 1 and f'id="nav-{here}"' in current[0], current
    assert '<nav aria-label="Hovedmeny">' in html
    found = _focusable(html)
    tag, first = found.stops[0]
    assert tag == "a" and first.get("class") == "skip" and first["href"] == "#content", found.stops[:2]
    assert "content" in found.ids and ">Hopp til innholdet</a>" in html
    client.get("/lang/en")
    english = page(client.get(path))
    assert '<nav aria-label="Main menu">' in english and ">Skip to content</a>" in english


def test_a_reviews_page_marks_the_review_link_and_an_error_page_none(web) -> None:
    client, _ = web
    response = post(client, "/review", questions="Hva er KS?")
    review = page(client.get(response.headers["Location"]))
    assert re.findall(r'id="nav-(\w+)" aria-current="page"', review) == ["review"]
    missing = page(client.get("/no-such-page"))
    assert "aria-current" not in missing and _focusable(missing).stops[0][1].get("class") == "skip"


def test_forms_without_the_csrf_token_or_from_another_site_are_refused(web) -> None:
    client, pins = web
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    refused = client.post("/pin", data={"q": QUESTION, "chunk_id": chunk, "name": "Mallory"})
    assert refused.status_code == 403 and "Last siden på nytt" in page(refused)
    wrong = client.post("/pin", data={"csrf": "guessed", "q": QUESTION, "chunk_id": chunk, "name": "M"})
    assert wrong.status_code == 403
    cross = client.post("/pin", data={"csrf": "test-token", "q": QUESTION, "chunk_id": chunk, "name": "M"},
                        headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert pins.pins() == []
    same = client.post("/pin", data={"csrf": "test-token", "q": QUESTION, "chunk_id": chunk, "name": "K"},
                       headers={"Origin": "http://localhost"})
    assert same.status_code == 302 and len(pins.pins()) == 1


def test_another_host_name_is_refused_on_this_machine(web) -> None:
    client, _ = web
    assert client.get("/", headers={"Host": "rebound.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_html_in_a_question_is_escaped(web) -> None:
    client, _ = web
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)> rådmannens ansvar'
    html = page(client.get("/", query_string={"q": evil}))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_in_a_passage_is_escaped(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "999_hostile.txt").write_text(
        "Habilitetsregler for folkevalgte <script>alert(1)</script> og <img src=x onerror=alert(2)> "
        "gjelder i alle saker om habilitetsregler.\n", encoding="utf-8")
    index = tmp_path / "idx" / "kommunebot.db"
    build_index(corpus_copy, index)
    client, _ = make_client(index, tmp_path)
    html = page(client.get("/", query_string={"q": "habilitetsregler for folkevalgte"}))
    assert "&lt;script&gt;" in html and "<script>" not in html and "<img src=x" not in html
    response = post(client, "/review", questions="habilitetsregler for folkevalgte")
    review = page(client.get(response.headers["Location"]))
    assert "&lt;script&gt;" in review and "<script>" not in review
    export = page(client.get(response.headers["Location"] + "/export.html"))
    assert "&lt;script&gt;" in export and "<script>" not in export


def test_security_headers(web) -> None:
    client, _ = web
    response = client.get("/")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "SameSite=Strict" in client.get("/lang/en").headers["Set-Cookie"]


def test_with_a_token_every_page_needs_the_login(built_index: Path, tmp_path: Path) -> None:
    client, _ = make_client(built_index, tmp_path, token="a-long-access-token-1234", loopback_only=False)
    response = client.get("/pins")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/", headers={"Host": "bot.example"}).status_code == 302
    assert post(client, "/login", token="wrong", next="/pins").status_code == 401
    assert client.get("/pins").status_code == 302
    ok = post(client, "/login", token="a-long-access-token-1234", next="/pins")
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/pins")
    assert client.get("/pins").status_code == 200


def test_serve_off_this_machine_without_a_token_is_an_error() -> None:
    import bot.cli.serve  # noqa: F401
    from bot.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "access token" in result.output and "KOMMUNEBOT_WEB_TOKEN" in result.output


# eval --marks, --min-hit1


def test_eval_marks_become_a_question_file_that_guards_a_score(web, built_index: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.cli.evaluate  # noqa: F401
    from bot.cli import cli

    client, _ = web
    right = chunk_with(client, QUESTION, SLIDE_41)
    wrong = next(c for c in passage_ids(page(client.get("/", query_string={"q": QUESTION})))[:3] if c != right)
    post(client, "/mark", q=QUESTION, chunk_id=right, verdict="right")
    post(client, "/mark", q=QUESTION, chunk_id=wrong, verdict="wrong")
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    monkeypatch.setenv("KOMMUNEBOT_PINS_DB", str(tmp_path / "pins.db"))
    out = tmp_path / "marks.jsonl"
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "--marks", str(out)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["gold_ids"] for line in out.read_text().splitlines()] == [[right]]
    again = runner.invoke(cli, ["eval", "--marks", str(out)])
    assert again.exit_code == 1 and "not overwritten" in again.output
    passing = runner.invoke(cli, ["eval", str(out), "--min-hit1", "1.0", "--min-hit3", "1.0"])
    assert passing.exit_code == 0 and "hit@1 1.000" in passing.output
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"question": QUESTION, "gold_ids": [wrong]}) + "\n", encoding="utf-8")
    failing = runner.invoke(cli, ["eval", str(other), "--min-hit1", "0.5"])
    assert failing.exit_code == 1 and "hit@1 0.000 < 0.500" in failing.output
    assert runner.invoke(cli, ["eval", str(other), "--min-hit3", "0.9"]).exit_code == 0


def test_kommunebot_ask_serves_the_pin(built_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       searcher) -> None:
    import bot.cli.ask  # noqa: F401
    from bot.cli import cli

    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    monkeypatch.setenv("KOMMUNEBOT_PINS_DB", str(tmp_path / "pins.db"))
    runner = CliRunner()
    assert "valgt av kursleder" not in runner.invoke(cli, ["ask", PARAPHRASE]).output
    assert not (tmp_path / "pins.db").exists()  # asking creates no pins file
    third = answer(QUESTION, searcher).passages[2]
    PinStore(tmp_path / "pins.db").add(QUESTION, hit_for(searcher, third.chunk_id), "Kari")
    output = runner.invoke(cli, ["ask", PARAPHRASE]).output
    assert "valgt av kursleder" in output and output.index(third.citation.location) < output.index("2. «")


# as a course leader uses it


def test_slett_asks_for_confirmation_before_a_pin_is_deleted(web) -> None:
    client, pins = web
    post(client, "/pin", q=QUESTION, chunk_id=chunk_with(client, QUESTION, SLIDE_41), name="Kari")
    pin = pins.pins()[0]
    asked = post(client, f"/pins/{pin.id}/delete")
    assert asked.status_code == 200 and "Slette det festede svaret" in page(asked) and QUESTION in page(asked)
    assert [p.id for p in pins.pins()] == [pin.id]  # nothing deleted yet
    assert post(client, f"/pins/{pin.id}/delete", confirm="yes").status_code == 302 and pins.pins() == []


def test_deleting_a_pin_says_which_older_pin_its_question_gets_instead(web, searcher) -> None:
    """The confirmation said "Spørsmålet får da søkets svar igjen" where an older pin for the question was served next:
    it names that pin (who pinned it, when, its passage's place), in the page's language (0.4.42)."""
    client, pins = web
    passages = answer(QUESTION, searcher).passages
    older = pins.add(QUESTION, hit_for(searcher, passages[1].chunk_id), "Ola")
    newer = pins.add(QUESTION, hit_for(searcher, passages[2].chunk_id), "Kari")
    where = ", ".join(x for x in (passages[1].citation.title, passages[1].citation.location) if x)

    def said(pin_id: int) -> str:
        asked = post(client, f"/pins/{pin_id}/delete")
        assert asked.status_code == 200
        told = page(asked).split('id="after-delete">')[1].split("</span>")[0]
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", told)).split())

    served = said(newer.id)
    assert served.startswith("Spørsmålet får da i stedet svaret Ola festet ") and served.endswith(f"først: {where}."), \
        served
    assert "søkets svar" not in served
    assert said(older.id).startswith("Svaret endres ikke: spørsmålet får fortsatt svaret Kari festet ")
    client.get("/lang/en")
    assert said(newer.id).startswith("The question then gets the answer Ola pinned on ")
    assert [p.id for p in pins.pins()] == [newer.id, older.id]  # nothing deleted by asking
    assert post(client, f"/pins/{newer.id}/delete", confirm="yes").status_code == 302
    assert said(older.id) == "The question then gets the search's answer again."


def test_pins_show_their_date_as_the_bot_writes_dates(web) -> None:
    client, pins = web
    post(client, "/pin", q=QUESTION, chunk_id=chunk_with(client, QUESTION, SLIDE_41), name="Kari")
    html = page(client.get("/pins"))
    assert pins.pins()[0].pinned_at not in html
    assert re.search(r"Festet av Kari \d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|"
                     r"november|desember) \d{4} kl\. \d\d\.\d\d", html)


def test_after_a_mark_the_page_comes_back_to_the_row_or_passage(web) -> None:
    client, _ = web
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    html = page(client.get("/", query_string={"q": QUESTION}))
    assert 'name="anchor" value="passage-1"' in html
    response = post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=f"/?q={QUESTION}",
                    anchor="passage-1")
    assert response.headers["Location"].endswith("#passage-1")
    review = client.post("/review", data={"csrf": "test-token", "questions": f"Hva er KS?\n{QUESTION}\n"})
    html = page(client.get(review.headers["Location"]))
    assert 'id="row-2"' in html and 'name="anchor" value="row-2"' in html
    back = post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=review.headers["Location"],
                anchor="row-2")
    assert back.headers["Location"].endswith("#row-2")
    hostile = post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next="/", anchor='"><script>')
    assert "#" not in hostile.headers["Location"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_an_uploaded_list_saved_by_notepad_or_excel_is_read_right(web, encoding: str) -> None:
    import io

    client, _ = web
    data = f"{QUESTION}\nHva gjør kontrollutvalget?\n".encode(encoding)
    response = client.post("/review", data={"csrf": "test-token", "file": (io.BytesIO(data), "kurs.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    html = page(client.get(response.headers["Location"]))
    assert f">{QUESTION}</a>" in html and "\ufeff" not in html and "\ufffd" not in html
    assert "2 spørsmål: 2 besvart" in html


def test_an_uploaded_file_that_is_no_text_is_refused_with_the_fix(web) -> None:
    import io

    client, _ = web
    response = client.post("/review", data={"csrf": "test-token", "file": (io.BytesIO(bytes(range(256)) * 4),
                                                                           "kurs.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "Lagre den som UTF-8" in page(response)


def test_slide_bullets_are_lines_on_the_page_and_in_the_report(web) -> None:
    client, _ = web
    html = page(client.get("/", query_string={"q": QUESTION}))
    quote = html[html.index('<blockquote class="quote">'):html.index("</blockquote>")]
    assert "\n" in quote  # the bullets' line ends are in the HTML; the style sheet shows them as lines
    css = page(client.get("/static/style.css"))
    assert re.search(r"\.quote\s*\{[^}]*white-space:\s*pre-line", css)
    review = client.post("/review", data={"csrf": "test-token", "questions": QUESTION})
    report = page(client.get(review.headers["Location"] + "/export.html"))
    assert "<br>" in report[report.index("<blockquote>"):report.index("</blockquote>")]


def test_the_feedback_page_counts_in_good_grammar(built_index: Path, tmp_path: Path) -> None:
    from bot.feedback import FeedbackStore

    store = FeedbackStore.open(tmp_path / "feedback.db", "s")
    store.record(answer("Hva er en blekksprut?", SearcherHolder(built_index).get()), "k", "private", "v")
    store.close()
    client, _ = make_client(built_index, tmp_path)
    html = page(client.get("/feedback"))
    assert "(1 gang)" in html and "1 ganger" not in html


def test_every_front_end_keeps_the_pins_beside_the_index_however_it_is_named(tmp_path: Path, monkeypatch) -> None:
    from bot.cli import cli
    from bot.cli.options import settings
    from bot.config import Settings

    index = tmp_path / "x" / "kommunebot.db"
    index.parent.mkdir()  # named by KOMMUNEBOT_INDEX below, the folder must exist
    (tmp_path / "elsewhere").mkdir()  # named by KOMMUNEBOT_FEEDBACK_DB, its folder must exist too
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(tmp_path / "elsewhere" / "feedback.db"))
    by_option = settings(index_path=index)  # serve --index, ask --index, telegram --index
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(index))
    by_env = Settings.from_env()
    assert by_option.pins_path == by_env.pins_path == index.parent / "pins.db"
    help_text = CliRunner().invoke(cli, ["--help"]).output + CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "pins.db beside the index" in " ".join(help_text.split())


@pytest.mark.parametrize("question", [QUESTION, "Hvor mange dager har kommunen på å svare på et innsynskrav?",
                                      "Hva tjener statsministeren i Kina?"])
def test_the_page_leads_with_the_line_ask_leads_with(web, built_index: Path, monkeypatch: pytest.MonkeyPatch,
                                                     question: str) -> None:
    """Item 13 of the 0.4.35 test report: the page showed "Sikkerhet: besvart" where `ask` leads with "Dette sier
    kildene:", and "Sikkerhet" reads as security."""
    import bot.cli.ask  # noqa: F401

    client, _ = web
    shown = page(client.get("/", query_string={"q": question}))
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    lead = CliRunner().invoke(cli, ["ask", question]).output.splitlines()[0]
    assert f">{html.escape(lead, quote=False)}</p>" in shown, (lead, shown)
    assert "Sikkerhet" not in shown and "Svartype: <span" in shown


def test_eval_marks_says_a_question_marked_only_wrong_is_left_out(web, built_index: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 13 of the 0.4.35 test report: "0 marked questions" after a ✗ mark, without saying only ✓ are exported."""
    import bot.cli.evaluate  # noqa: F401

    client, _ = web
    post(client, "/mark", q=QUESTION, chunk_id=chunk_with(client, QUESTION, SLIDE_41), verdict="wrong")
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    monkeypatch.setenv("KOMMUNEBOT_PINS_DB", str(tmp_path / "pins.db"))
    result = CliRunner().invoke(cli, ["eval", "--marks", str(tmp_path / "marks.jsonl")])
    assert "Left out: 1 question marked only ✗ wrong; only ✓ right marks are exported" in result.output
    # no ✓ mark: an empty file would be no question file (`eval` refuses one), so none is written, exit 1
    assert result.exit_code == 1, result.output
    assert f"Error: no marks to export: no answer or refusal is marked ✓ right in {tmp_path / 'pins.db'}; " \
           f"{tmp_path / 'marks.jsonl'} was not written" in " ".join(result.output.split())
    assert not (tmp_path / "marks.jsonl").exists()


def test_a_danish_sections_link_on_the_page_says_it_opens_the_whole_act(law_index: Path, tmp_path: Path) -> None:
    """A Danish § links to the whole act (Retsinformation has no address of a §): the page's citation line is not that
    link; the link after it says it is the whole act and names the § to find. A Norwegian §'s citation is its link."""
    client, _ = make_client(law_index, tmp_path)
    danish = page(client.get("/", query_string={"q": "Hvad siger styrelsesloven § 32?"}))
    cite = re.search(r'<p class="cite">(.*?)</p>', danish, re.S)
    assert cite is not None
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', cite.group(1), re.S)
    assert [(url, re.sub(r"<[^>]+>", "", text)) for url, text in links] == [
        ("https://www.retsinformation.dk/eli/lta/2026/13", "hele loven, find § 32")]
    norwegian = page(client.get("/", query_string={"q": "Hva sier kommuneloven § 7-9?"}))
    cite = re.search(r'<p class="cite">(.*?)</p>', norwegian, re.S)
    assert cite is not None and "hele loven" not in cite.group(1)
    assert re.search(r'<a href="https://lovdata.no/lov/2018-06-22-83/§7-9"[^>]*>.*Kommuneloven', cite.group(1), re.S)
