"""What the blueprints share: the app's resources, the chosen language, the error page, the marks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Response, abort, current_app, render_template, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.answer.engine import Engine
from bot.answer.marks import REFUSAL
from bot.answer.messages import message, norwegian_date
from bot.answer.model import Citation
from bot.answer.pins import Pin, PinStore, hit_for
from bot.answer.quote import quote_marks
from bot.errors import KommunebotError, QuestionError
from bot.render.report import is_weak
from bot.render.terminal import citation_line
from bot.render.titles import cut_at, sections_html, whole_law_link
from bot.search.retriever import Hit
from bot.web.reviews import Reviews
from bot.web.texts import LANGUAGE_NAMES, LANGUAGES, text

KEY = "kommunebot"  # the page's resources in app.extensions
MAX_UPLOAD_BYTES = 2 << 20  # a course's question list is a few kB; a pasted 1 MB list is told it is too long


@dataclass(frozen=True)
class WebConfig:
    """What the page needs besides the engine: where the feedback is, how many passages, the access token."""

    feedback_path: Path
    feedback_days: int = 180
    top: int = 3
    token: str = ""            # empty: no login (only when bound to this machine)
    loopback_only: bool = True  # bound to 127.0.0.1: only this machine's host names are served
    proxies: int = 0            # reverse proxies in front whose X-Forwarded-* headers are believed


@dataclass(frozen=True)
class WebResources:
    """The page's configuration, the engine every front end answers from, and the reviews run so far."""

    config: WebConfig
    engine: Engine
    reviews: Reviews


def resources() -> WebResources:
    """The running app's resources."""
    found: WebResources = current_app.extensions[KEY]
    return found


def pins() -> PinStore:
    """The pins file (the page always opens one)."""
    store = resources().engine.pins
    assert store is not None, "create_app is given an engine with its pins file open"
    return store


def lang() -> str:
    """The page's language: `?lang=` in the address, else the one chosen before (a cookie), else the browser's
    (Accept-Language), else bokmål."""
    for chosen in (request.args.get("lang"), request.cookies.get("lang")):
        if chosen in LANGUAGES:
            return chosen
    return browser_language()


def browser_language() -> str:
    """Danish for a browser that ranks Danish above any Norwegian, else bokmål. English is never chosen from the
    browser: many Norwegian course leaders run an English browser and had always got the page in Norwegian; the
    switch gives it."""
    for tag, quality in request.accept_languages:
        primary = tag.lower().split("-")[0]
        if quality > 0 and primary in ("nb", "no", "nn", "da"):
            return "da" if primary == "da" else "nb"
    return "nb"


def keep_language(response: Response) -> Response:
    """A language chosen in the address (`?lang=da`, a link a course leader is sent) kept for the pages after it, as
    the switch keeps it; and caches told that the page's words depend on the browser's language and cookie."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get("lang") != chosen:
        response.set_cookie("lang", chosen, max_age=365 * 86400, samesite="Strict")
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def segments(quote: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[str, bool]]:
    """A quote as (text, highlighted) pieces, for the template to escape and mark."""
    out, last = [], 0
    for start, end in spans:
        out += [(quote[last:start], False), (quote[start:end], True)]
        last = end
    return out + [(quote[last:], False)]


SNAPSHOT_CHARS = 600  # of a broken pin's stored text: enough to recognise the passage it was


def at_word_end(text: str, limit: int = SNAPSHOT_CHARS) -> str:
    """`text` whole when it fits in `limit` characters, else cut after its last whole word that fits, with "…"; a
    text with no white space to cut at is shown whole (a word cut in half reads as a typo in the source). A word's
    hyphen before the cut is kept, as in a phone's titles: "taushets- …", not "taushets …" (a word of its own)."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    return text if cut <= 0 else cut_at(text, cut, " \n,;:–-") + " …"


def cite(citation: Citation, language: str) -> Markup:
    """The citation line as `ask` prints it, each law § kept on one line ("Kommuneloven §" had ended a line, "7-9"
    begun the next)."""
    return Markup(sections_html(citation_line(citation, language)))  # sections_html escapes every text


def where(title: str, location: str) -> str:
    """A passage's title and place as the page cites it, the place left out where it only repeats the title (a Word
    file titled by its first heading)."""
    return ", ".join(x for x in (title, location if location != title else "") if x)


def served_place(pin: Pin, hit: Hit) -> str:
    """Where the pin's passage stands as the bot serves it: a law § split at its ledd cited as the whole card
    ("§ 11-10 …, første til fjerde ledd"), as *Spør* and *Festede svar* cite it, not the one ledd (or run) pinned;
    `hit` (the chunk pinned) where the pin's question cannot be answered."""
    try:
        first = list(resources().engine.answer_pinned(pin).passages[:1])
    except KommunebotError:
        first = []
    if first and first[0].pinned and first[0].chunk_id == pin.chunk_id:
        return where(first[0].citation.title, first[0].citation.location)
    return where(hit.title, hit.location)


def helpers() -> dict[str, Any]:
    """What every template may call: the texts in the chosen language and the formatters."""
    current = lang()
    return {"t": lambda key, **v: text(current, key, **v), "lang": current, "segments": segments,
            "cite": cite, "sections": lambda value: Markup(sections_html(value)),  # a § kept on one line
            "whole_law_link": whole_law_link,
            "is_weak": is_weak, "at_word_end": at_word_end, "message": message,
            "quote_marks": quote_marks, "refusal": REFUSAL,
            "date": lambda value: norwegian_date(value, current),
            "other_languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES if code != current],
            "here": _here()}


def _here() -> str:
    """This page's path and query without `lang`, where the switch goes back to: a `?lang=da` kept in it would have
    overruled the language just chosen. A page a form's POST showed (an error) goes back to Spør: its address answers
    no GET ("405 Method Not Allowed" had been the page in the language chosen)."""
    if request.method != "GET":
        return url_for("ask.ask")
    query = urlencode([(key, value) for key, value in request.args.items(multi=True) if key != "lang"])
    return f"{request.path}?{query}" if query else request.path


def fail(key: str, status: int = 400, **values: object) -> tuple[str, int]:
    """The error page with the text `key`, linking to the question the form was about asked again (a ✓ or a pin sent
    without a name or from an expired page had left only "Tilbake" to an empty Spør: the question was lost)."""
    return render_template("error.html", message=text(lang(), key, **values), again=_asked_again()), status


def _asked_again() -> str | None:
    """The Spør page of the question a failed form was about (its field `q`); None for any other request."""
    if request.method != "POST":
        return None
    try:
        question = request.form.get("q", "")
    except HTTPException:  # a body over the limit is not read
        return None
    return url_for("ask.ask", q=question) if question.strip() else None


def http_error(exc: HTTPException) -> tuple[str, int]:
    """An HTTP error as the page's own error page, in the chosen language."""
    if isinstance(exc, RequestEntityTooLarge):
        return fail("too_large", 413, limit=f"{MAX_UPLOAD_BYTES // (1 << 20)} MB")
    if exc.code == 403:
        return fail("csrf", 403)
    if exc.code == 404:
        return fail("not_found", 404)
    if exc.code == 400:  # a form without its question, another host name: the page's own words, not Werkzeug's
        return fail("bad_request", 400)
    # Werkzeug's own name ("Method Not Allowed") is English whatever the page's language
    return render_template("error.html", message=text(lang(), "http_error", code=exc.code)), exc.code or 500


def marks_by_key() -> dict[tuple[str, str], int]:
    """The marks made so far, by (question, chunk id); a refusal's under (question, REFUSAL)."""
    return {(m.question, m.chunk_id): m.verdict for m in pins().marks()}


_ANCHOR = re.compile(r"[a-z]+-[0-9]{1,4}")


def with_anchor(target: str, anchor: str | None) -> str:
    """`target` with "#anchor" (the row or passage a form was sent from), when the anchor is one we make."""
    return f"{target}#{anchor}" if anchor and _ANCHOR.fullmatch(anchor) else target


def still_refused(question: str) -> None:
    """Nothing when the bot refuses `question` now; a 409 page when it answers it (a rebuild or a pin since the page
    was shown): a refusal marked right would be a mark on a reply nobody gets."""
    res = resources()
    try:
        answered = res.engine.answer(question, top=res.config.top).answered
    except QuestionError:
        abort(400)  # empty or too long: never a refusal the page showed
    if answered:
        abort(_changed("refusal_gone", question))


def chunk(chunk_id: str, question: str) -> Hit:
    """The index's chunk as a hit; a 409 page when a rebuild removed it, linking to `question` asked again."""
    hit = hit_for(resources().engine.searcher(), chunk_id)
    if hit is None:
        abort(_changed("gone_chunk", question))
    return hit


def _changed(key: str, question: str) -> Response:
    """The 409 page for a form about an answer that changed since the page was shown: why, and a link to the question
    asked again (the form holds it), so it is not lost (there had been only "Tilbake" to an empty Spør)."""
    again = url_for("ask.ask", q=question) if question.strip() else None
    return Response(render_template("error.html", message=text(lang(), key), again=again), 409)
