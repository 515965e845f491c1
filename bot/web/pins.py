"""Festede svar: the pinned answers, with where each passage is, edited and deleted."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from bot.analysis.country import named_country
from bot.answer.engine import Engine
from bot.answer.messages import norwegian_date
from bot.answer.model import Passage
from bot.answer.pins import Pin, PinQuestion, PinsUnavailable, country_agrees, hit_for, pinned_hit
from bot.answer.successor import pinned_place, successors
from bot.errors import KommunebotError
from bot.web.pages import fail, lang, pins, resources, served_place, where
from bot.web.texts import text

bp = Blueprint("pins", __name__)


@bp.get("/pins")
def pins_page() -> str:
    """Every pin as the bot serves it (its question answered: the pinned card, all its ledd, first), whether its
    passage is still in the index, and which pin is served instead of one a newer pin for its question shadows."""
    engine = resources().engine
    searcher = engine.searcher()
    store = pins()
    rows = []
    for p in store.pins():
        hit = pinned_hit(searcher, p)
        winner = store.match(p.question, searcher) if hit is not None else None
        rows.append({"pin": p, "broken": hit is None,
                     # what a broken pin's passage most likely became, offered to re-pin with one click
                     "offers": successors(searcher.store, p.chunk_id, p.cite_id, p.quote, p.question)
                     if hit is None else [],
                     "shown": _shown(engine, p) if hit is not None else None,
                     # served: the pin the bot gives first for its own question is this one (or holds its passage)
                     "served": winner is not None and winner[1].chunk_id == p.chunk_id,
                     "instead": winner[0] if winner is not None and winner[1].chunk_id != p.chunk_id else None,
                     # a pin its own question never gets: the question names the other country than its law's
                     "country": named_country(p.question)
                     if hit is not None and not country_agrees(p.question, hit) else None,
                     # where the passage stands; a broken pin's, where it stood when pinned (it is gone)
                     "where": where(*((hit.title, hit.location) if hit else pinned_place(searcher.store, p)))})
    # the edit form's name is who edits, this browser's (as it pins and marks under), not who pinned
    return render_template("pins.html", rows=rows, name=request.cookies.get("name", ""))


def _shown(engine: Engine, pin: Pin) -> tuple[Passage, str] | None:
    """The pinned passage as the bot gives it first for the pin's question when this pin is the one served, and the
    reply's language: a shadowed pin is shown as it would be served, so the course leaders compare like with like.
    None when the question cannot be answered (nothing to show but the snapshot)."""
    try:
        reply = engine.answer_pinned(pin)
    except KommunebotError:
        return None
    first = reply.passages[:1]
    return (first[0], reply.language) if first and first[0].pinned and first[0].chunk_id == pin.chunk_id else None


@bp.post("/pins/<int:pin_id>/edit")
def pin_edit(pin_id: int) -> Response | tuple[str, int]:
    """Change a pin's question, under the name of who changes it: who pinned it and when are kept."""
    name = " ".join(request.form.get("name", "").split())
    try:
        found = pins().update(pin_id, request.form.get("question", ""), name)
    except PinsUnavailable:
        raise
    except PinQuestion:
        return fail("question_needed")
    except KommunebotError:
        return fail("name_needed")
    if not found:
        abort(404)
    flash(text(lang(), "saved"))
    response = redirect(url_for("pins.pins_page"))
    response.set_cookie("name", name[:80], max_age=365 * 86400, httponly=True, samesite="Strict")
    return response


@bp.post("/pins/<int:pin_id>/repin")
def pin_repin(pin_id: int) -> Response:
    """Move a broken pin to the passage offered as what its passage became (or any passage of the index, by id). A
    page drawn before another rebuild, or a pin deleted in another tab, is told so on the pins page, drawn anew."""
    hit = hit_for(resources().engine.searcher(), request.form.get("chunk_id", ""))
    if hit is None:
        flash(text(lang(), "repin_gone"))
    elif pins().repin(pin_id, hit, request.cookies.get("name", "")) is None:  # the name this browser pins under
        flash(text(lang(), "repin_no_pin"))
    else:
        flash(text(lang(), "repinned"))
    return redirect(url_for("pins.pins_page") + f"#pin-{pin_id}")


@bp.post("/pins/<int:pin_id>/delete")
def pin_delete(pin_id: int) -> Response | str:
    """Delete a pin once the course leader has confirmed it ("Slett", then "Ja, slett"), told what its question gets
    then."""
    if request.form.get("confirm") != "yes":
        pin = next((p for p in pins().pins() if p.id == pin_id), None)
        if pin is None:
            abort(404)
        return render_template("pin_delete.html", pin=pin, after=_after_delete(pin))
    pins().remove(pin_id)
    flash(text(lang(), "deleted"))
    return redirect(url_for("pins.pins_page"))


def _after_delete(pin: Pin) -> str:
    """What the pin's question gets first once `pin` is deleted: another pin matching it (named: who pinned it, when,
    and its passage's place), or the search's answer. It had said "the search's answer again" where an older pin for
    the question was served next."""
    searcher, store, language = resources().engine.searcher(), pins(), lang()
    now = store.match(pin.question, searcher)
    then = store.match(pin.question, searcher, without=pin.id)
    if then is None:
        return text(language, "delete_then_search" if now is not None and now[0].id == pin.id else "delete_no_change")
    other, hit = then
    key = "delete_keeps_pin" if now is not None and now[0].id == other.id else "delete_then_pin"
    return text(language, key, name=other.pinned_by, when=norwegian_date(other.pinned_at, language),
                where=served_place(other, hit))
