"""Spør: a question answered as the bot answers it, with the marks and pins made on its passages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from bot.analysis.country import named_country
from bot.answer import Answer
from bot.answer.marks import REFUSAL
from bot.answer.messages import message, norwegian_date
from bot.answer.pins import Pin, PinsUnavailable, country_agrees
from bot.answer.smalltalk import small_talk
from bot.errors import KommunebotError, QuestionError
from bot.search.retriever import Hit
from bot.web import guard
from bot.web.pages import chunk, fail, lang, marks_by_key, pins, resources, served_place, still_refused, with_anchor
from bot.web.texts import text

bp = Blueprint("ask", __name__)


@bp.get("/")
def ask() -> str:
    """The question form, and the answer when one was asked."""
    res = resources()
    question = request.args.get("q", "")
    # a follow-up's reply, as the bot stored it (the feedback page's link to a follow-up): its passages first, as shown
    focus = request.args.get("f") or None
    offset = max(0, min(request.args.get("offset", 0, type=int) or 0, 100))
    result: Answer | None = None
    error = reply = ""
    talk = small_talk(question, lang()) if question.strip() else None
    if talk is not None:  # "hei", "takk!", "🙂": the friendly line the bot gives, nothing searched
        reply = message(talk.kind, talk.language)
    elif "q" in request.args:  # sent, blank too: the note the bot and the CLI give (it had shown nothing)
        try:
            result = res.engine.answer(question, top=res.config.top, offset=offset, focus=focus)
        except QuestionError as exc:  # what the CLI and Telegram say, in the page's language as its other words are
            error = message(exc.key, lang(), **exc.values)
    # the course leader's own pin for the question, broken by a rebuild, is said above the answer it no longer leads
    broken = pins().broken_match(question, res.engine.searcher()) if result is not None else None
    return render_template("ask.html", question=question, result=result, error=error, reply=reply,
                           marks=marks_by_key(), name=request.cookies.get("name", ""), offset=offset,
                           top=res.config.top, broken=broken, focus=focus if result is not None else None)


@bp.post("/mark")
def mark() -> Response:
    """✓ or ✗ on a passage for a question, or on the bot's refusal of it (the form's `refusal`)."""
    question, chunk_id = request.form.get("q", ""), request.form.get("chunk_id", "")
    # "clear": the pressed button pressed again takes the mark back, as a vote in Telegram is (a double click on an
    # unpressed one sends its verdict twice, and stays marked)
    verdict = {"right": 1, "wrong": -1, "clear": 0}.get(request.form.get("verdict", ""))
    if verdict is None or not question.strip():
        abort(400)
    name = request.cookies.get("name", "")
    try:
        if verdict == 0:  # the passage may have left the index since: its mark is taken back all the same
            pins().unmark(question, REFUSAL if request.form.get("refusal") else chunk_id)
        elif request.form.get("refusal"):
            still_refused(question)
            pins().mark_refusal(question, verdict, name)
        else:
            pins().mark(question, chunk(chunk_id, question), verdict, name)
    except PinsUnavailable:
        raise  # its own page (failures.py): the disk is full, or the file is damaged
    except KommunebotError:
        abort(400)
    flash(text(lang(), "unmarked_ok" if verdict == 0 else "marked_ok"))
    # back to the row or passage marked, not the top of a long page
    return redirect(with_anchor(guard.safe_next(request.form.get("next"), url_for("ask.ask", q=question)),
                                request.form.get("anchor")))


@bp.post("/pin")
def pin() -> Response | tuple[str, int]:
    """Pin a passage as the answer to a question, under the course leader's name."""
    question, chunk_id = request.form.get("q", ""), request.form.get("chunk_id", "")
    name = " ".join(request.form.get("name", "").split())
    if not name:
        return fail("name_needed")
    searcher = resources().engine.searcher()
    try:
        hit = chunk(chunk_id, question)
        before = pins().match(question, searcher)
        pinned = pins().add(question, hit, name)
        after = pins().match(question, searcher)
    except PinsUnavailable:
        raise
    except KommunebotError:
        abort(400)
    flash(_pinned_note(question, hit, pinned, before, after))
    response = redirect(url_for("ask.ask", q=question))
    response.set_cookie("name", name[:80], max_age=365 * 86400, httponly=True, samesite="Strict")
    return response


def _pinned_note(question: str, hit: Hit, pinned: Pin, before: tuple[Pin, Hit] | None,
                 after: tuple[Pin, Hit] | None) -> str:
    """What the new pin does to its own question, as the bot will serve it: first, first in place of another course
    leader's pin, or not first at all (the question names the other country than the passage's law, or another pin
    still wins). It had always said "now gets this passage first", even when neither the bot nor the page served it."""
    language = lang()
    if after is not None and after[1].chunk_id == hit.chunk_id:
        if before is not None and before[1].chunk_id != hit.chunk_id and before[0].id != pinned.id:
            earlier = before[0]
            return text(language, "pinned_replaces", name=earlier.pinned_by, when=norwegian_date(earlier.pinned_at,
                        language), where=served_place(earlier, before[1]))
        return text(language, "pinned_ok")
    asked = named_country(question)
    if asked is not None and not country_agrees(question, hit):
        return text(language, "pinned_country", country=text(language, f"country_{asked}"),
                    country_law=text(language, f"country_law_{asked}"))
    if after is not None:
        return text(language, "pinned_shadowed", name=after[0].pinned_by,
                    when=norwegian_date(after[0].pinned_at, language), where=served_place(after[0], after[1]))
    return text(language, "pinned_unserved")  # a question of stop words alone ("hva er det?"): nothing to match
