"""What is open before the access token is typed: the login and the language choice."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session
from werkzeug.wrappers import Response

from bot.web import guard
from bot.web.pages import lang, resources
from bot.web.texts import LANGUAGES, text

bp = Blueprint("auth", __name__)


@bp.get("/lang/<code>")
def language(code: str) -> Response:
    """Switch the page's language (a cookie) and go back."""
    response = redirect(guard.safe_next(request.args.get("next")))
    if code in LANGUAGES:
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="Strict")
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    """The access token form; a right token opens the page for this browser session."""
    error = ""
    if request.method == "POST":
        if guard.token_matches(request.form.get("token", ""), resources().config.token):
            session["auth"] = True
            return redirect(guard.safe_next(request.form.get("next")))
        error = text(lang(), "bad_token")
    g.no_nav = True
    return render_template("login.html", error=error, next=request.values.get("next", "/")), 401 if error else 200
