"""Logging for the bot: quiet HTTP client logs, and the token redacted wherever it slips in."""

from __future__ import annotations

import logging


class RedactToken(logging.Filter):
    """Replace the bot token in a record's message, arguments and traceback text."""

    def __init__(self, token: str, label: str = "[TOKEN]") -> None:
        super().__init__()
        self.token = token
        self.label = label

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite `record` in place; never drops it."""
        if not self.token:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if self.token in message or self.token in (record.exc_text or ""):
            record.msg, record.args = message.replace(self.token, self.label), None
            record.exc_text = (record.exc_text or "").replace(self.token, self.label) or None
        return True


def setup_logging(token: str, level: int = logging.INFO, *secrets: str) -> None:
    """Log to stderr with the token (and `secrets`) redacted; httpx at WARNING (its request URLs hold the token)."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    quiet_http_logs()
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
        for secret in secrets:
            handler.addFilter(RedactToken(secret, "[SECRET]"))


def quiet_http_logs() -> None:
    """httpx and httpcore log every request URL, and Telegram's URLs contain the token."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def redact_token_in_library_logs(token: str, label: str = "[TOKEN]") -> None:
    """Filter the token out of every telegram, httpx and bot logger (PTB logs its URLs at DEBUG).

    Filters on the loggers themselves run before any handler, test capture included; call it
    once the Bot exists, as PTB creates some of its loggers per instance. The bot's own loggers
    are included because they log library exceptions, whose text may hold a request URL.
    """
    roots = ("telegram", "httpx", "httpcore", "bot")
    names = [n for n in logging.Logger.manager.loggerDict if n.split(".")[0] in roots]
    for name in [*roots, *names]:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactToken) and f.token == token for f in logger.filters):
            logger.addFilter(RedactToken(token, label))
