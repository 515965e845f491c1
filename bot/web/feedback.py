"""Tilbakemeldinger: the bot's feedback report, read without writing anything."""

from __future__ import annotations

from flask import Blueprint, render_template

from bot.web.pages import resources

bp = Blueprint("feedback", __name__)


@bp.get("/feedback")
def feedback() -> str:
    """Questions not covered, down-voted answers, the most asked."""
    config = resources().config
    report = None
    if config.feedback_path.exists():  # never create the bot's feedback file from here
        from bot.feedback import FeedbackStore

        # The report needs no user keys: no secret is read, and none is created beside the file.
        store = FeedbackStore(config.feedback_path, b"", config.feedback_days)
        try:
            report = store.report()
        finally:
            store.close()
    return render_template("feedback.html", report=report)
