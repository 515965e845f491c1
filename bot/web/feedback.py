"""Tilbakemeldinger: the bot's feedback report, read without writing anything."""

from __future__ import annotations

from flask import Blueprint, render_template

from bot.errors import KommunebotError
from bot.feedback import read_report
from bot.web.pages import fail, resources

bp = Blueprint("feedback", __name__)


@bp.get("/feedback")
def feedback() -> str | tuple[str, int]:
    """Questions not covered, down-voted answers, the most asked."""
    config = resources().config
    # Read only: the bot's file is never created, migrated or pruned from here; no secret is read.
    try:
        report = read_report(config.feedback_path, config.feedback_days)
    except KommunebotError as exc:
        return fail("feedback_unreadable", 503, why=str(exc))
    return render_template("feedback.html", report=report)
