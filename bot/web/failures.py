"""Clear pages for what goes wrong while serving: a damaged index, an unusable pins file, a full disk."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask.typing import ResponseReturnValue

from bot.answer.pins import PinsUnavailable
from bot.errors import IndexInvalid, IndexMissing
from bot.web.pages import fail as _page
from bot.web.pages import resources

log = logging.getLogger(__name__)


def install(app: Flask) -> None:
    """Register the error pages on `app`; each failure is logged once, without the user's input."""

    @app.errorhandler(429)
    def _too_many(_exc: Exception) -> tuple[str, int]:
        return _page("too_many_logins", 429)

    @app.errorhandler(IndexInvalid)
    @app.errorhandler(IndexMissing)
    def _index(exc: IndexInvalid | IndexMissing) -> tuple[str, int]:
        log.error("index not available: %s", exc)
        # the build acts on the index the page reads: --index names it where the page was given one
        return _page("index_unavailable", 503, why=str(exc),
                     build=resources().engine.fix("kommunebot index build --full"))

    @app.errorhandler(PinsUnavailable)
    def _pins(exc: PinsUnavailable) -> tuple[str, int]:
        log.error("pins: %s", exc)
        return _page("disk_full", 507) if exc.full else _page("pins_unavailable", 503, why=str(exc))

    @app.errorhandler(OSError)
    def _os(exc: OSError) -> tuple[str, int]:
        import errno

        log.error("%s: %s", request.endpoint, exc)
        return _page("disk_full", 507) if exc.errno == errno.ENOSPC else _page("server_error", 500)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> ResponseReturnValue:
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):  # Flask's own answers (404, 405 ...) stay as they are
            return exc
        log.exception("%s failed", request.endpoint)
        return _page("server_error", 500)
