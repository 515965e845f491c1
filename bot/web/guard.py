"""The workbench's protections: host check, access token, CSRF token with an Origin check, headers."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import unicodedata
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, redirect, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from bot.web.throttle import LoginLimiter

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
    """A redirect target on this site only: a path, never `//host` or `scheme:`.

    Browsers drop tabs and line breaks inside a URL and treat `\\` as `/`, so `/<TAB>/evil.com`
    would lead off the site: a target with any control character, space or backslash is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if any(ch == "\\" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in target):
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def host_name(host: str) -> str:
    """The name or address of a Host header, without the port (`[::1]:80` -> `::1`)."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same_origin(value: str) -> bool:
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def install(app: Flask, token: str, loopback_only: bool, proxies: int = 0) -> None:
    """Register the checks on `app`: every request, every form, every response.

    `proxies` is how many reverse proxies stand in front (KOMMUNEBOT_WEB_PROXIES): their
    X-Forwarded-Proto/-Host/-For headers are then believed, so that an HTTPS proxy's forms pass
    the Origin check and the login limit counts the real client; with none they are ignored.
    """
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.extensions["kommunebot_login_limit"] = LoginLimiter()
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,  # type: ignore[method-assign]
                                x_port=proxies)

    @app.before_request
    def _check() -> Response | None:
        # Bound to this machine, only this machine's names are served: a page elsewhere whose
        # name is made to point at 127.0.0.1 (DNS rebinding) gets nothing. Behind a proxy the
        # proxy says which names it serves.
        if loopback_only and not proxies and not is_loopback(host_name(request.host)):
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
    """Constant-time comparison of a typed token with the configured one, within the login limit.

    A client address with too many wrong tokens lately gets 429 (the limit page) without a try.
    """
    limiter: LoginLimiter = current_app.extensions["kommunebot_login_limit"]
    client = request.remote_addr or ""
    if limiter.blocked(client):
        abort(429)
    ok = bool(token) and hmac.compare_digest(sent.strip().encode(), token.encode())
    if not ok:
        limiter.failed(client)
    return ok
