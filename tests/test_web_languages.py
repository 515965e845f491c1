"""The facilitator's page in the course leader's language, through the real HTTP server `kommunebot serve` runs."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.web.texts import TEXTS
from tests.helpers.webserver import serve

DANISH_BROWSER = "da-DK,da;q=0.9,en-US;q=0.8,en;q=0.7"
QUESTION = "Hvem kan kræve aktindsigt?"
PAGES = ("", f"?q={quote(QUESTION)}", f"?q={quote('Hvem vandt VM i fodbold i 2018?')}", "review", "feedback", "pins",
         "sources", "no-such-page")


@pytest.fixture(scope="module")
def law_server(law_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page over the corpus and the law pack, as the product ships them; yields its URL."""
    yield from serve(law_index, tmp_path_factory.mktemp("serve"))


def fetch(url: str, accept: str | None = None, opener: urllib.request.OpenerDirector | None = None) -> str:
    """The page at `url` as a browser asking for `accept` gets it (an error page too)."""
    request = urllib.request.Request(url, headers={"Accept-Language": accept} if accept else {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=60) as response:
            return response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.read().decode()


def page_language(body: str) -> str:
    found = re.search(r'<html lang="(\w+)">', body)
    assert found, body[:200]
    return found.group(1)


def shown_words(body: str) -> str:
    """What a reader sees and hears of a page: its text, and its titles and labels for a screen reader."""
    said = re.findall(r'(?:title|aria-label)="([^"]*)"', body)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", body), *said]))


def _fixed(language: str) -> set[str]:
    """The page's fixed texts in `language` that another language does not share, up to the first thing filled in."""
    others = {value for code, table in TEXTS.items() if code != language for value in table.values()}
    return {value.split("{")[0].strip() for value in TEXTS[language].values()
            if value not in others and len(value.split("{")[0].strip()) > 6}


def answer_part(body: str) -> list[str]:
    """What the bot said on the page: its lead line, each quote and each citation (the page's own words left out)."""
    return re.findall(r'<p class="(?:hedge|intro|no)" id="\w+[-\w]*">(.*?)</p>|<blockquote class="quote">(.*?)'
                      r'</blockquote>|<p class="cite">(.*?)</p>', body, re.S)


@pytest.mark.parametrize("path", PAGES)
def test_a_danish_browser_gets_every_page_in_danish_with_no_norwegian_word_of_the_page(law_server: str,
                                                                                      path: str) -> None:
    """A Danish course leader read Norwegian labels, buttons, hints and errors on every page: a browser that asks for
    Danish gets them all in Danish, and none of the page's Norwegian (or English) texts."""
    body = fetch(law_server + path, DANISH_BROWSER)
    assert page_language(body) == "da"
    shown = shown_words(body)
    norwegian = [t for t in _fixed("nb") | _fixed("en") if t in shown]
    assert not norwegian, norwegian
    assert "Spring til indholdet" in body and '<nav aria-label="Hovedmenu">' in body and ">Spørg</a>" in body


def test_the_answer_on_the_danish_page_is_the_bot_s_word_for_word(law_server: str) -> None:
    """Only the page's own words change with its language: the lead line, the quotes and the citations are those
    the Norwegian page (and so `ask` and Telegram, tests/test_frontends_agree.py) shows."""
    url = f"{law_server}?q={quote(QUESTION)}"
    danish, norwegian = fetch(url, DANISH_BROWSER), fetch(url)
    assert page_language(norwegian) == "nb" and "Svartype:" in norwegian
    assert answer_part(danish) and answer_part(danish) == answer_part(norwegian)


def test_the_switch_keeps_its_choice_and_an_address_with_lang_does_too(law_server: str) -> None:
    """`?lang=da` in an address opens the page in Danish and keeps it for the pages after it; the switch names each
    language in itself and goes back to the same page, whose `?lang=da` no longer overrules it."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    first = fetch(f"{law_server}pins?lang=da", opener=opener)
    assert page_language(first) == "da" and ">Fastgjorte svar</h1>" in first
    assert page_language(fetch(law_server + "review", opener=opener)) == "da"
    switch = re.search(r'<nav class="lang" aria-label="Sprog">(.*?)</nav>', first, re.S)
    assert switch and re.findall(r">(\w+)</a>", switch.group(1)) == ["Norsk", "English"]
    to_norwegian = html.unescape(re.search(r'href="([^"]+)"[^>]*>Norsk<', switch.group(1)).group(1))
    back = fetch(law_server.rstrip("/") + to_norwegian, opener=opener)
    assert page_language(back) == "nb" and ">Festede svar</h1>" in back
    assert page_language(fetch(law_server + "review", DANISH_BROWSER, opener=opener)) == "nb"  # the choice wins


@pytest.mark.parametrize("accept, expected", [(None, "nb"), ("en-US,en;q=0.9", "nb"), ("nb-NO,nb;q=0.9,da;q=0.8", "nb"),
                                              ("en-GB,en;q=0.9,da;q=0.8", "da"), ("da;q=0,nb", "nb")])
def test_norwegian_stays_the_default_and_danish_comes_from_the_browser(law_server: str, accept: str | None,
                                                                      expected: str) -> None:
    """Only a browser that ranks Danish above Norwegian gets Danish; an English browser, as many Norwegian course
    leaders run, still gets Norwegian (English is the switch's)."""
    assert page_language(fetch(law_server + "sources", accept)) == expected
