"""Questions and the buttons under answers: private text, group mentions, /sporsmal, callbacks."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot.tg import texts
from bot.tg.addressing import group_question
from bot.tg.delivery import answer_callback, send_html
from bot.tg.keyboard import answer_keyboard, parse_press
from bot.tg.ratelimit import Verdict
from bot.tg.replies import Reply, compose_reply
from bot.tg.resources import Resources, resources


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, offset: int = 0,
                 parent_id: int | None = None) -> None:
    """Rate-limit, answer in a worker thread, send with the keyboard (quoting the question in groups)."""
    res: Resources = resources(context)
    user, chat = update.effective_user, update.effective_chat
    verdict = res.limiter.check(user.id)
    if verdict is not Verdict.ALLOW:
        if verdict is Verdict.TELL:
            await send_html(context.bot, chat.id, [texts.RATE_LIMITED])
        return
    reply: Reply = await asyncio.to_thread(
        compose_reply, question, res.holder, res.feedback, res.feedback.user_key(user.id), chat.type,
        res.settings.top, offset, parent_id, res.pins)
    markup = answer_keyboard(reply.shown_id, reply.more, reply.language) if reply.shown_id else None
    quote = update.effective_message.message_id if chat.type != "private" and update.message else None
    await send_html(context.bot, chat.id, reply.parts, markup, reply_to=quote)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat is a question."""
    await _reply(update, context, update.message.text)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message is a question only when it mentions or replies to the bot."""
    question = group_question(update.message, context.bot.username, context.bot.id)
    if question is not None:
        await _reply(update, context, question)


async def sporsmal(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sporsmal <question>: ask explicitly (the way to ask in a group)."""
    question = " ".join(context.args or [])
    if not question:
        await send_html(context.bot, update.effective_chat.id, [texts.SPORSMAL_USAGE])
        return
    await _reply(update, context, question)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on "Flere treff" (the next passages) or on 👍 / 👎 (stored as feedback)."""
    query, res = update.callback_query, resources(context)
    press = parse_press(query.data)
    if press is None:
        await answer_callback(query.answer)
        return
    if press.action == "vote":
        saved = await asyncio.to_thread(res.feedback.vote, press.shown_id,
                                        res.feedback.user_key(update.effective_user.id), press.vote)
        note = (texts.THANKS_UP if press.vote > 0 else texts.THANKS_DOWN) if saved else texts.GONE
        await answer_callback(lambda: query.answer(note))
        return
    shown = await asyncio.to_thread(res.feedback.shown, press.shown_id)
    if shown is None or not shown.more:
        await answer_callback(lambda: query.answer(texts.GONE if shown is None else None))
        return
    if await asyncio.to_thread(res.feedback.next_page, press.shown_id) is not None:
        await answer_callback(lambda: query.answer(texts.ALREADY_SHOWN))
        return
    await answer_callback(query.answer)
    await _reply(update, context, shown.question, shown.first_rank - 1 + shown.count, press.shown_id)
