"""Sending and editing messages so that each reply arrives once, whatever Telegram does.

Delivery policy (why each fault is handled as it is):

* RetryAfter (429): Telegram refused the request, nothing was sent; wait the given delay and
  send again. The AIORateLimiter already does this for every call and pauses the others;
  this loop is the fallback when its own retries run out.
* TimedOut / NetworkError: resent with exponential backoff only when the request surely never
  reached Telegram (no connection, a full pool, a body not fully written). A read timeout on
  sendMessage is ambiguous (Telegram may have posted the message and only the answer was
  lost) and there is no idempotency key in the Bot API, so it is not resent: a reply may be
  lost, never doubled (at most once). Edits and callback answers are idempotent and are
  retried on any timeout.
* An error status from the server (500, 502, 503: a NetworkError that PTB made from Telegram's
  answer, not from the connection): Telegram answered that the method failed, so nothing was
  posted; resent with the same backoff, like 429.
* BadRequest: the markup was rejected (or some other request error); sent once more as plain
  text, which cannot duplicate because Telegram accepted nothing.
* Forbidden: the user blocked the bot; logged, not retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.render.telegram_html import to_plain

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 5
BACKOFF = 0.5      # seconds before the first resend, doubled each time
MAX_BACKOFF = 8.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # a source link's preview would bury the quote
# Failures that prove the request never reached Telegram, so resending cannot duplicate.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout)


def never_sent(exc: BaseException) -> bool:
    """True when a TimedOut or NetworkError happened before Telegram got the whole request."""
    return isinstance(exc.__cause__, _NOT_SENT)


def server_refused(exc: BaseException) -> bool:
    """True when the NetworkError is Telegram's own error answer (5xx), not a broken connection."""
    # PTB raises it bare (or from the error body's parse failure); connection failures carry their cause.
    return type(exc) is NetworkError and (exc.__cause__ is None or isinstance(exc.__cause__, TelegramError))


def _seconds(exc: RetryAfter) -> float:
    delay = exc.retry_after
    return delay if isinstance(delay, (int, float)) else delay.total_seconds()


async def deliver(call: Callable[[], Awaitable[T]], what: str, idempotent: bool) -> T | None:
    """Run one Bot API call with the policy above; None when it could not be delivered."""
    backoff = BACKOFF
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as exc:
            delay = _seconds(exc) + 0.1
            log.warning("%s: flood limit, retrying in %.1f s", what, delay)
        except (BadRequest, Forbidden, ChatMigrated):
            raise
        except (TimedOut, NetworkError) as exc:
            if not (idempotent or never_sent(exc) or server_refused(exc)):
                log.warning("%s: %s after the request was sent; not resending (at most once)",
                            what, type(exc).__name__)
                return None
            delay = backoff
            backoff = min(backoff * 2, MAX_BACKOFF)
            log.warning("%s: %s (attempt %d of %d), retrying in %.1f s", what, type(exc).__name__,
                        attempt, ATTEMPTS, delay)
        if attempt < ATTEMPTS:
            await asyncio.sleep(delay)
    log.error("%s: gave up after %d attempts", what, ATTEMPTS)
    return None


async def _send_one(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None,
                    reply_to: int | None) -> Message | None:
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None

    def send(body: str, mode: str | None) -> Callable[[], Awaitable[Message]]:
        return lambda: bot.send_message(chat_id, body, parse_mode=mode, reply_markup=markup,
                                        reply_parameters=reply, link_preview_options=NO_PREVIEW)

    try:
        try:
            return await deliver(send(text, ParseMode.HTML), "sendMessage", idempotent=False)
        except BadRequest as exc:
            log.warning("sendMessage: Telegram rejected the HTML (%s); sending plain text", exc.message)
            return await deliver(send(to_plain(text), None), "sendMessage (plain)", idempotent=False)
    except ChatMigrated as exc:  # a group became a supergroup: its replies go to the new id
        return await _send_one(bot, exc.new_chat_id, text, markup, None)
    except Forbidden:
        log.info("chat %s blocked the bot or removed it; reply dropped", "private" if chat_id > 0 else "group")
    except BadRequest as exc:
        log.error("sendMessage: rejected as plain text too (%s); reply dropped", exc.message)
    return None


async def send_html(bot: Bot, chat_id: int, parts: list[str], markup: InlineKeyboardMarkup | None = None,
                    reply_to: int | None = None) -> Message | None:
    """Send the parts of one reply in order, the keyboard under the last; the last Message or None."""
    sent = await send_parts(bot, chat_id, parts, markup, reply_to)
    return sent[-1] if sent else None


async def send_parts(bot: Bot, chat_id: int, parts: list[str], markup: InlineKeyboardMarkup | None = None,
                     reply_to: int | None = None) -> list[Message | None]:
    """`send_html`, giving each part's Message (None where it could not be delivered)."""
    return [await _send_one(bot, chat_id, part, markup if i == len(parts) - 1 else None, reply_to if i == 0 else None)
            for i, part in enumerate(parts)]


async def edit_html(bot: Bot, chat_id: int, message_id: int, text: str,
                    markup: InlineKeyboardMarkup | None = None) -> bool:
    """Replace a message's text (idempotent, so retried on any timeout); False if it failed."""
    def edit(body: str, mode: str | None) -> Callable[[], Awaitable[object]]:
        return lambda: bot.edit_message_text(body, chat_id=chat_id, message_id=message_id, parse_mode=mode,
                                             reply_markup=markup, link_preview_options=NO_PREVIEW)

    try:
        try:
            return await deliver(edit(text, ParseMode.HTML), "editMessageText", idempotent=True) is not None
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return True
            log.warning("editMessageText: rejected (%s); sending plain text", exc.message)
            return await deliver(edit(to_plain(text), None), "editMessageText (plain)", True) is not None
    except (BadRequest, Forbidden, ChatMigrated) as exc:
        log.warning("editMessageText: %s; edit dropped", type(exc).__name__)
    return False


async def edit_markup(bot: Bot, chat_id: int, message_id: int, markup: InlineKeyboardMarkup | None) -> bool:
    """Replace the buttons under a message (idempotent); False if it failed. None removes them."""
    try:
        done = await deliver(lambda: bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id,
                                                                   reply_markup=markup),
                             "editMessageReplyMarkup", idempotent=True)
        return done is not None
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return True
        log.warning("editMessageReplyMarkup: rejected (%s)", exc.message)
    except (Forbidden, ChatMigrated) as exc:
        log.warning("editMessageReplyMarkup: %s; edit dropped", type(exc).__name__)
    return False


async def answer_callback(call: Callable[[], Awaitable[object]]) -> None:
    """Answer a button press (stops the spinner); failures are logged, never raised."""
    try:
        await deliver(call, "answerCallbackQuery", idempotent=True)
    except (BadRequest, Forbidden, ChatMigrated) as exc:  # e.g. "query is too old" after a restart
        log.info("answerCallbackQuery: %s", type(exc).__name__)
