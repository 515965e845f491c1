"""The workbench's application factory: one blueprint per page, the resources in app.extensions."""

from __future__ import annotations

import secrets

from flask import Flask
from werkzeug.exceptions import HTTPException

from bot.answer.engine import Engine
from bot.web import ask, auth, failures, feedback, guard, pages, pins, review, sources
from bot.web.pages import KEY, MAX_UPLOAD_BYTES, WebConfig, WebResources
from bot.web.reviews import Reviews

__all__ = ["MAX_UPLOAD_BYTES", "WebConfig", "create_app"]


def create_app(config: WebConfig, engine: Engine) -> Flask:
    """The Flask application over `engine` (made by bot.answer.engine.open_engine, with its pins file)."""
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)  # sessions last as long as the process
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES
    guard.install(app, config.token, config.loopback_only, config.proxies)
    app.extensions[KEY] = WebResources(config, engine, Reviews())
    app.context_processor(pages.helpers)
    app.after_request(pages.keep_language)
    app.register_error_handler(HTTPException, pages.http_error)
    failures.install(app)
    for area in (ask, review, feedback, pins, sources, auth):
        app.register_blueprint(area.bp)
    return app
