"""Kilder: every source the answers are quoted from, cited as /kilder cites it, with its licence and date."""

from __future__ import annotations

from flask import Blueprint, render_template

from bot.answer.compose import citation_of
from bot.web.pages import resources

bp = Blueprint("sources", __name__)


@bp.get("/sources")
def sources_page() -> str:
    """The index's sources by title: title (linked where it has an address), publisher and licence, date, passages."""
    rows = resources().engine.searcher().sources()
    return render_template("sources.html", sources=[(citation_of(s), s.chunks) for s in rows])
