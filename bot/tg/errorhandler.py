"""The error handler: the traceback to the log, a short apology to the chat, never the exception text."""

from __future__ import annotations

import logging
import sqlite3

from telegram import Update
from telegram.ext import ContextTypes

from bot.errors import KommunebotError
from bot.tg import texts
from bot.tg.delivery import send_html
from bot.tg.origin import texts_language
from bot.tg.resources import KEY, Resources

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what went wrong; tell the user briefly (PTB may put the token in exception text)."""
    error = context.error
    if isinstance(error, KommunebotError):  # e.g. the index is missing: the fix goes to the log (the engine's names
        log.error("cannot answer: %s (%s)", error, error.hint)  # the index where --index or KOMMUNEBOT_INDEX did)
    elif isinstance(error, sqlite3.DatabaseError):  # the index file is damaged (at rest or in use)
        res: Resources | None = context.bot_data.get(KEY)
        fix = "run: kommunebot index check; kommunebot index build"
        log.error("cannot answer: the index is unreadable (%s) (%s)", error, res.engine.fix(fix) if res else fix)
    else:
        log.error("an update caused an error", exc_info=error)
    if isinstance(update, Update) and update.effective_chat:
        unavailable = isinstance(error, (KommunebotError, sqlite3.DatabaseError))
        apology = (texts.UNAVAILABLE if unavailable else texts.APOLOGY)[texts_language(update)]
        await send_html(context.bot, update.effective_chat.id, [apology])
