"""The workbench's protections: host check, access token, CSRF token with an Origin check, headers."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from flask import Flask, abort, redirect, request, session, url_for
from werkzeug.wrappers import Response

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
OPEN_ENDPOINTS = {"auth.login", "static", "auth.language"}  # reachable before the token is typed
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) only accepts connections from this machine."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def csrf_token() -> str:
    """This browser session's CSRF token (made on first use); every form carries it."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target on this site only: a path, never `//host` or `scheme:`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def _same_origin(value: str) -> bool:
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def install(app: Flask, token: str, loopback_only: bool) -> None:
    """Register the checks on `app`: every request, every form, every response."""
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def _check() -> Response | None:
        # Bound to this machine, only this machine's names are served: a page elsewhere whose
        # name is made to point at 127.0.0.1 (DNS rebinding) gets nothing.
        if loopback_only and request.host.rsplit(":", 1)[0] not in LOOPBACK_NAMES:
            abort(400)
        if request.method == "POST":
            origin = request.headers.get("Origin") or request.headers.get("Referer")
            if origin and origin != "null" and not _same_origin(origin):
                abort(403)
            if origin == "null":
                abort(403)
            sent = request.form.get("csrf", "")
            expected = session.get("csrf", "")
            if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
                abort(403)
        if token and not session.get("auth") and request.endpoint not in OPEN_ENDPOINTS:
            return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response


def token_matches(sent: str, token: str) -> bool:
    """Constant-time comparison of a typed token with the configured one."""
    return bool(token) and hmac.compare_digest(sent.strip().encode(), token.encode())
