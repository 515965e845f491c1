"""The workbench's pages and actions: Spør, Gjennomgang, Tilbakemeldinger, Festede svar."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, flash, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.answer import Answer, answer
from bot.answer.messages import message
from bot.answer.pins import PinStore, PinsUnavailable, hit_for
from bot.errors import KommunebotError, QuestionError
from bot.render.report import is_weak, report_csv, report_html, report_markdown, summary
from bot.render.terminal import citation_line
from bot.search.holder import SearcherHolder
from bot.search.retriever import Hit
from bot.web import failures, guard
from bot.web.reviews import MAX_QUESTIONS, Reviews, TooManyQuestions, run_review
from bot.web.texts import LANGUAGES, text

MAX_UPLOAD_BYTES = 2 << 20  # a course's question list is a few kB; a pasted 1 MB list is told it is too long


@dataclass(frozen=True)
class WebConfig:
    """What the page needs: where the index, the feedback and the pins are, and the access token."""

    index_path: Path
    pins_path: Path
    feedback_path: Path
    feedback_days: int = 180
    top: int = 3
    token: str = ""            # empty: no login (only when bound to this machine)
    loopback_only: bool = True  # bound to 127.0.0.1: only this machine's host names are served
    proxies: int = 0            # reverse proxies in front whose X-Forwarded-* headers are believed


def segments(quote: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[str, bool]]:
    """A quote as (text, highlighted) pieces, for the template to escape and mark."""
    out, last = [], 0
    for start, end in spans:
        out += [(quote[last:start], False), (quote[start:end], True)]
        last = end
    return out + [(quote[last:], False)]


def create_app(config: WebConfig, holder: SearcherHolder | None = None, pins: PinStore | None = None) -> Flask:
    """The Flask application over one index and one pins file."""
    import secrets

    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)  # sessions last as long as the process
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES
    guard.install(app, config.token, config.loopback_only, config.proxies)
    failures.install(app)
    holder = holder or SearcherHolder(config.index_path)
    pins = pins or PinStore.open(config.pins_path)
    reviews = Reviews()
    app.extensions["kommunebot"] = {"holder": holder, "pins": pins, "reviews": reviews}

    def lang() -> str:
        chosen = request.cookies.get("lang", "nb")
        return chosen if chosen in LANGUAGES else "nb"

    @app.context_processor
    def _helpers() -> dict:
        current = lang()
        return {"t": lambda key, **v: text(current, key, **v), "lang": current, "segments": segments,
                "citation_line": citation_line, "is_weak": is_weak, "message": message,
                "other_lang": "en" if current == "nb" else "nb"}

    def marks_by_key() -> dict[tuple[str, str], int]:
        return {(m.question, m.chunk_id): m.verdict for m in pins.marks()}

    def fail(key: str, status: int = 400, **values: object) -> tuple[str, int]:
        return render_template("error.html", message=text(lang(), key, **values)), status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if isinstance(exc, RequestEntityTooLarge):
            return fail("too_large", 413, limit=f"{MAX_UPLOAD_BYTES // (1 << 20)} MB")
        if exc.code == 403:
            return fail("csrf", 403)
        if exc.code == 404:
            return fail("not_found", 404)
        return render_template("error.html", message=f"{exc.code} {exc.name}"), exc.code or 500

    @app.get("/")
    def ask() -> str:
        question = request.args.get("q", "")
        offset = max(0, min(request.args.get("offset", 0, type=int) or 0, 100))
        result: Answer | None = None
        error = ""
        if question.strip():
            try:
                result = answer(question, holder.get(), top=config.top, offset=offset, pins=pins)
            except QuestionError as exc:
                error = str(exc)
        return render_template("ask.html", question=question, result=result, error=error,
                               marks=marks_by_key(), name=request.cookies.get("name", ""), offset=offset,
                               top=config.top)

    def _chunk(chunk_id: str) -> Hit:
        hit = hit_for(holder.get(), chunk_id)
        if hit is None:
            abort(Response(render_template("error.html", message=text(lang(), "gone_chunk")), 409))
        return hit

    @app.post("/mark")
    def mark():
        question, chunk_id = request.form.get("q", ""), request.form.get("chunk_id", "")
        verdict = {"right": 1, "wrong": -1}.get(request.form.get("verdict", ""))
        if verdict is None or not question.strip():
            abort(400)
        try:
            pins.mark(question, _chunk(chunk_id), verdict, request.cookies.get("name", ""))
        except PinsUnavailable:
            raise  # its own page (failures.py): the disk is full, or the file is damaged
        except KommunebotError:
            abort(400)
        flash(text(lang(), "marked_ok"))
        return redirect(guard.safe_next(request.form.get("next"), url_for("ask", q=question)))

    @app.post("/pin")
    def pin():
        question, chunk_id = request.form.get("q", ""), request.form.get("chunk_id", "")
        name = " ".join(request.form.get("name", "").split())
        if not name:
            return fail("name_needed")
        try:
            pins.add(question, _chunk(chunk_id), name)
        except PinsUnavailable:
            raise
        except KommunebotError:
            abort(400)
        flash(text(lang(), "pinned_ok"))
        response = redirect(url_for("ask", q=question))
        response.set_cookie("name", name[:80], max_age=365 * 86400, httponly=True, samesite="Strict")
        return response

    @app.get("/review")
    def review_form() -> str:
        return render_template("review.html", review=None, error="")

    @app.post("/review")
    def review_run():
        upload = request.files.get("file")
        raw = upload.read() if upload and upload.filename else request.form.get("questions", "").encode()
        body = raw.decode("utf-8", errors="replace")
        try:
            review = run_review(body, holder.get(), config.top, pins)
        except TooManyQuestions as exc:
            return render_template("review.html", review=None, questions=body[:20000],
                                   error=text(lang(), "too_many", n=exc.n, limit=MAX_QUESTIONS)), 400
        if not review.answers and not review.skipped:
            return render_template("review.html", review=None, error=text(lang(), "no_questions")), 400
        reviews.add(review)
        return redirect(url_for("review_show", review_id=review.id))

    def _review(review_id: str):
        found = reviews.get(review_id)
        if found is None:
            abort(Response(render_template("error.html", message=text(lang(), "review_gone")), 404))
        return found

    @app.get("/review/<review_id>")
    def review_show(review_id: str) -> str:
        found = _review(review_id)
        return render_template("review.html", review=found, counts=summary(list(found.answers)),
                               marks=marks_by_key(), error="")

    @app.get("/review/<review_id>/export.<fmt>")
    def review_export(review_id: str, fmt: str) -> Response:
        answers = list(_review(review_id).answers)
        makers = {"html": (report_html, "text/html"), "md": (report_markdown, "text/markdown"),
                  "csv": (None, "text/csv")}
        if fmt not in makers:
            abort(404)
        marks = marks_by_key()
        body = report_csv(answers, marks) if fmt == "csv" else makers[fmt][0](answers, marks=marks)  # type: ignore[misc]
        response = Response(body, mimetype=makers[fmt][1])
        response.headers["Content-Disposition"] = f"attachment; filename=kommunebot-review.{fmt}"
        if fmt == "html":  # the report is self-contained: its own inline style, nothing else
            response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response

    @app.get("/marks.jsonl")
    def marks_export() -> Response:
        lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in pins.marks_as_questions())
        response = Response(lines, mimetype="application/jsonl")
        response.headers["Content-Disposition"] = "attachment; filename=kommunebot-marks.jsonl"
        return response

    @app.get("/feedback")
    def feedback() -> str | tuple[str, int]:
        from bot.feedback import read_report

        # Read only: the bot's file is never created, migrated or pruned from here; no secret is read.
        try:
            report = read_report(config.feedback_path, config.feedback_days)
        except KommunebotError as exc:
            return fail("feedback_unreadable", 503, why=str(exc))
        return render_template("feedback.html", report=report)

    @app.get("/pins")
    def pins_page() -> str:
        searcher = holder.get()
        rows = []
        for p in pins.pins():
            hit = hit_for(searcher, p.chunk_id)
            rows.append({"pin": p, "broken": hit is None,
                         "where": ", ".join(x for x in (hit.title, hit.location) if x) if hit else ""})
        return render_template("pins.html", rows=rows)

    @app.post("/pins/<int:pin_id>/edit")
    def pin_edit(pin_id: int):
        try:
            found = pins.update(pin_id, request.form.get("question", ""), request.form.get("name", ""))
        except PinsUnavailable:
            raise
        except KommunebotError:
            return fail("name_needed")
        if not found:
            abort(404)
        flash(text(lang(), "saved"))
        return redirect(url_for("pins_page"))

    @app.post("/pins/<int:pin_id>/delete")
    def pin_delete(pin_id: int):
        pins.remove(pin_id)
        flash(text(lang(), "deleted"))
        return redirect(url_for("pins_page"))

    @app.get("/lang/<code>")
    def language(code: str):
        response = redirect(guard.safe_next(request.args.get("next")))
        if code in LANGUAGES:
            response.set_cookie("lang", code, max_age=365 * 86400, samesite="Strict")
        return response

    @app.route("/login", methods=["GET", "POST"])
    def login():
        error = ""
        if request.method == "POST":
            if guard.token_matches(request.form.get("token", ""), config.token):
                session["auth"] = True
                return redirect(guard.safe_next(request.form.get("next")))
            error = text(lang(), "bad_token")
        g.no_nav = True
        return render_template("login.html", error=error, next=request.values.get("next", "/")), 401 if error else 200

    return app
