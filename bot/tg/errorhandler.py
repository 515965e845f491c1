"""The error handler: the traceback to the log, a short apology to the chat, never the exception text."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.errors import KommunebotError
from bot.tg import texts
from bot.tg.delivery import send_html

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what went wrong; tell the user briefly (PTB may put the token in exception text)."""
    error = context.error
    if isinstance(error, KommunebotError):  # e.g. the index is missing: the fix goes to the log
        log.error("cannot answer: %s (%s)", error, error.hint)
    else:
        log.error("an update caused an error", exc_info=error)
    if isinstance(update, Update) and update.effective_chat:
        apology = texts.UNAVAILABLE if isinstance(error, KommunebotError) else texts.APOLOGY
        await send_html(context.bot, update.effective_chat.id, [apology])
