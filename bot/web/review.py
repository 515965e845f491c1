"""Gjennomgang: a question list answered at once, shown with marks, exported as a report."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from bot.corpus.encoding import EncodingUnknown, decode_text
from bot.render.report import report_csv, report_html, report_markdown, summary
from bot.web.pages import fail, lang, marks_by_key, pins, resources
from bot.web.reviews import MAX_QUESTIONS, Review, TooManyQuestions, run_review
from bot.web.texts import text

bp = Blueprint("review", __name__)


@bp.get("/review")
def review_form() -> str:
    """The form for a pasted or uploaded question list."""
    return render_template("review.html", review=None, error="")


@bp.post("/review")
def review_run() -> BaseResponse | tuple[str, int]:
    """Answer every question of the list, keep the review, show it."""
    res = resources()
    upload = request.files.get("file")
    raw = upload.read() if upload and upload.filename else request.form.get("questions", "").encode()
    try:
        body = decode_text(raw, upload.filename if upload and upload.filename else "text")[0]
    except EncodingUnknown:
        return render_template("review.html", review=None, error=text(lang(), "encoding_unknown")), 400
    try:
        review = run_review(body, res.engine, res.config.top)
    except TooManyQuestions as exc:
        return render_template("review.html", review=None, questions=body[:20000],
                               error=text(lang(), "too_many", n=exc.n, limit=MAX_QUESTIONS)), 400
    if not review.answers and not review.skipped:
        return render_template("review.html", review=None, error=text(lang(), "no_questions")), 400
    res.reviews.add(review)
    return redirect(url_for("review.review_show", review_id=review.id))


def _review(review_id: str) -> Review:
    found = resources().reviews.get(review_id)
    if found is None:
        abort(Response(render_template("error.html", message=text(lang(), "review_gone")), 404))
    return found


@bp.get("/review/<review_id>")
def review_show(review_id: str) -> str:
    """A kept review: the summary and every answer with its marks."""
    found = _review(review_id)
    # the skipped lines' reasons in the page's language, as its other words are
    return render_template("review.html", review=found, counts=summary(list(found.answers)), page_language=lang(),
                           marks=marks_by_key(), exportable=bool(pins().marks_as_questions()), error="")


@bp.get("/review/<review_id>/export.<fmt>")
def review_export(review_id: str, fmt: str) -> Response:
    """A kept review as an HTML, Markdown or CSV file."""
    found = _review(review_id)
    answers, skipped = list(found.answers), list(found.skipped)
    mimetypes = {"html": "text/html", "md": "text/markdown", "csv": "text/csv"}
    if fmt not in mimetypes:
        abort(404)
    marks = marks_by_key()
    body = report_csv(answers, marks, skipped) if fmt == "csv" else \
        report_html(answers, marks=marks, skipped=skipped) if fmt == "html" else \
        report_markdown(answers, marks=marks, skipped=skipped)
    response = Response(body, mimetype=mimetypes[fmt])
    response.headers["Content-Disposition"] = f"attachment; filename=kommunebot-review.{fmt}"
    if fmt == "html":  # the report is self-contained: its own inline style, nothing else
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/marks.jsonl")
def marks_export() -> Response | tuple[str, int]:
    """The marks as an eval question file (gold_ids), one JSON line a question; the error page when none is marked ✓."""
    items = pins().marks_as_questions()
    if not items:  # an empty download reads as a broken one, and `eval` refuses an empty file: say why instead
        return fail("no_marks", 404)
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    response = Response(lines, mimetype="application/jsonl")
    response.headers["Content-Disposition"] = "attachment; filename=kommunebot-marks.jsonl"
    return response
