"""Guards around the handlers: commands counted towards the per-user limit, every button press answered."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.tg import texts
from bot.tg.delivery import answer_callback, send_html
from bot.tg.origin import texts_language
from bot.tg.ratelimit import Verdict
from bot.tg.resources import resources

log = logging.getLogger(__name__)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


async def limit_commands(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Count a command towards its sender's limit (questions are counted where they are answered).

    Over the limit, the sender is told once and later commands are dropped for the window, so
    a flood of /start in a group cannot use up the group's 20 messages a minute.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    verdict = resources(context).limiter.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.TELL:
        await send_html(context.bot, chat.id, [texts.RATE_LIMITED[texts_language(update)]])
    raise ApplicationHandlerStop


def always_answered(handler: Handler) -> Handler:
    """Wrap a button handler so a press it failed on still gets its answer (the spinner stops)."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await handler(update, context)
        except Exception:
            if update.callback_query is not None:  # answering twice only fails, and is logged
                await answer_callback(update.callback_query.answer)
            raise

    return wrapped
