"""Questions and the buttons under answers: private text, group mentions, captions, /sporsmal, callbacks."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.answer.followup import asks_for_more
from bot.answer.messages import message
from bot.answer.smalltalk import small_talk
from bot.render.telegram_html import esc, pack, read_as_html
from bot.tg import texts
from bot.tg.addressing import group_question
from bot.tg.delivery import answer_callback, edit_markup, send_html, send_parts
from bot.tg.keyboard import answer_keyboard, parse_press, with_votes, without_more
from bot.tg.origin import chat_id, texts_language, user_language
from bot.tg.ratelimit import Verdict
from bot.tg.replies import Reply, compose_reply
from bot.tg.resources import Resources, resources


def _noted(parts: list[str], note: str | None, language: str, read_as: str | None = None,
           shortened: bool = False) -> list[str]:
    """The reply's messages with the fixed line `note` (a messages.py key) in italics above them, if any, and the
    line of the question searched for a message read as a follow-up (`read_as`, `shortened` when the earlier
    question's middle was left out)."""
    lines = ([f"<i>{esc(message(note, language))}</i>"] if note else []) + (
        [read_as_html(read_as, language, shortened)] if read_as else [])
    return pack([*lines, *parts]) if lines else parts


def _earlier(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The question the bot's answer this message replies to answered, when the bot still knows it (`Resources.
    answered`); None for a message that replies to nothing, to someone else, or to a message of the bot's that
    answered no question (/start's help, a refusal)."""
    said, chat = update.effective_message, update.effective_chat
    replied = said.reply_to_message if said is not None else None
    if replied is None or chat is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return None
    return resources(context).answered.recall(chat.id, replied.message_id)


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, offset: int = 0,
                 parent_id: int | None = None, reply_to: int | None = None, note: str | None = None,
                 earlier: str | None = None, focus: str | None = None) -> Message | None:
    """Rate-limit, answer in a worker thread (a follow-up of `earlier` where it reads as one), send with the keyboard
    (quoting the question in groups), `note` above; the question answered is remembered for each message sent."""
    res: Resources = resources(context)
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    verdict = res.limiter.check(user.id)
    if verdict is not Verdict.ALLOW:
        if verdict is Verdict.TELL:
            await send_html(context.bot, chat.id, [texts.RATE_LIMITED[texts_language(update)]])
        return None
    # the asker's language: that of the chat's latest question that told one (a Danish councillor's Telegram is often
    # set to English), else the Telegram's; a question that tells none ("§ 14") is answered in it, and of its country
    asker = res.answered.language(chat.id) or user_language(update)
    reply: Reply = await asyncio.to_thread(compose_reply, question, res, res.feedback.user_key(user.id), chat.type,
                                           offset, parent_id, earlier, asker, focus)
    res.answered.spoke(chat.id, reply.told)
    markup = answer_keyboard(reply.shown_id, reply.more, reply.language) if reply.shown_id else None
    if reply_to is None and update.effective_message is not None and (
            chat.type != "private" or update.edited_message is not None):
        reply_to = update.effective_message.message_id  # an edited question: say which one is answered
    sent = await send_parts(context.bot, chat.id, _noted(reply.parts, note, reply.language, reply.read_as,
                                                                 reply.read_as_shortened), markup,
                            reply_to=reply_to)
    if reply.answered is not None or reply.shown_id is not None:  # a refusal too: "mer" after it has no more
        res.answered.remember(chat.id, (m.message_id for m in sent if m is not None), reply.answered, reply.shown_id)
    return sent[-1] if sent else None


async def _small_talk(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, note: str | None = None) -> bool:
    """Answer "hei", "takk!" or an emoji with a friendly line (nothing searched, nothing logged), `note` above."""
    talk, chat, said = small_talk(text, texts_language(update)), update.effective_chat, update.effective_message
    if talk is None or chat is None:
        return False
    quote = said.message_id if said is not None and chat.type != "private" else None
    await send_html(context.bot, chat.id, _noted([esc(message(talk.kind, talk.language))], note, talk.language),
                    reply_to=quote)
    return True


async def _asked(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, note: str | None = None) -> None:
    """"mer" shows the next passages, small talk gets its friendly line, anything else is answered as a question (a
    reply to one of the bot's answers as a follow-up of its question, where it reads as one)."""
    if asks_for_more(text):
        await _more_typed(update, context)
    elif not await _small_talk(update, context, text, note):
        await _reply(update, context, text, note=note, earlier=_earlier(update, context))


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat is a question (or small talk); an edited one is answered again."""
    text = update.effective_message.text if update.effective_message else None
    if text:
        await _asked(update, context, text)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message is a question only when it mentions or replies to the bot."""
    said = update.effective_message
    question = group_question(said, context.bot.username, context.bot.id) if said else None
    if question is not None:
        await _asked(update, context, question)


async def private_caption(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo's, voice message's or file's caption in a private chat is asked as a text message is, under a line
    that the attachment itself is not read (it had got the text-only line alone, and the question no answer)."""
    said = update.effective_message
    if said is not None and said.caption:
        await _asked(update, context, said.caption, note="attachment_unread")


async def group_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group's photo, voice message or file meant for the bot (a mention in its caption, a reply to the bot): its
    caption's question is answered as in a private chat, under the line that the attachment is not read; with no
    question beside the mention, the text-only line. Other media in a group are chatter."""
    said = update.effective_message
    question = group_question(said, context.bot.username, context.bot.id) if said is not None else None
    if question:
        await _asked(update, context, question, note="attachment_unread")
    elif question is not None and update.edited_message is None:
        await not_text(update, context)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker is small talk; a photo, voice message or file gets one line: text questions only."""
    said, chat = update.effective_message, update.effective_chat
    if said is None or chat is None:
        return
    if said.sticker is not None:
        await _small_talk(update, context, said.sticker.emoji or "🙂")
        return
    # No text to tell the language from: the one the user's Telegram app is set to
    await send_html(context.bot, chat.id, [esc(message("text_only", texts_language(update)))])


async def sporsmal(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sporsmal (/ask, /spoergsmaal) <question>: ask explicitly (the way to ask in a group)."""
    question = " ".join(context.args or [])
    if not question:
        await send_html(context.bot, chat_id(update), [texts.SPORSMAL_USAGE[texts_language(update)]])
    elif asks_for_more(question):  # "/sporsmal mer" in a group, as "mer" in a private chat
        await _more_typed(update, context)
    else:
        await _reply(update, context, question, earlier=_earlier(update, context))


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on "Flere treff" (the next passages) or on 👍 / 👎 (stored as feedback)."""
    query, res = update.callback_query, resources(context)
    if query is None:
        return
    press = parse_press(query.data)
    if press is None:
        await answer_callback(query.answer)
        return
    if press.action == "vote":
        await _vote(update, context, press.shown_id, press.vote)
        return
    old = query.message if isinstance(query.message, Message) else None
    note = await _no_next_page(res, press.shown_id, texts_language(update))
    if note is not None:
        await answer_callback(lambda: query.answer(note or None))
        return
    await answer_callback(query.answer)
    await _next_page(update, context, press.shown_id, old.message_id if old else None,
                     old.reply_markup if old else None)


async def _more_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"mer", "flere treff", "more" typed: what the button does, for the answer the message replies to, else for the
    chat's latest; a note where there is none or nothing more."""
    res, chat, said = resources(context), update.effective_chat, update.effective_message
    if chat is None or said is None:
        return
    language = texts_language(update)
    replied = said.reply_to_message
    mine = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
    shown_id = res.answered.shown(chat.id, replied.message_id) if mine and replied else res.answered.latest(chat.id)
    note = texts.NOTHING_TO_CONTINUE[language] if shown_id is None else await _no_next_page(res, shown_id, language)
    if note is not None or shown_id is None:
        await send_html(context.bot, chat.id, [esc(note or message("no_more", language))],
                        reply_to=said.message_id if chat.type != "private" else None)
        return
    await _next_page(update, context, shown_id, replied.message_id if mine and replied else None,
                     replied.reply_markup if mine and replied else None)


async def _no_next_page(res: Resources, shown_id: int, language: str) -> str | None:
    """Why the reply stored as `shown_id` has no next page to show (too old, the next already shown, none left: ""
    for the button, which is not under a reply without more), or None when it has one."""
    shown = await asyncio.to_thread(res.feedback.shown, shown_id)
    if shown is None:
        return texts.GONE[language]
    if not shown.more:
        return ""
    if await asyncio.to_thread(res.feedback.next_page, shown_id) is not None:
        return texts.ALREADY_SHOWN[language]
    return None


async def _next_page(update: Update, context: ContextTypes.DEFAULT_TYPE, shown_id: int, old_id: int | None,
                     old_markup: InlineKeyboardMarkup | None) -> None:
    """The passages after those of the reply stored as `shown_id`, as a reply to its message `old_id` (when known),
    which loses its "Flere treff" button."""
    shown = await asyncio.to_thread(resources(context).feedback.shown, shown_id)
    chat = update.effective_chat
    if shown is None or chat is None:
        return
    sent = await _reply(update, context, shown.question, shown.first_rank - 1 + shown.count, shown_id, reply_to=old_id,
                        focus=shown.focus)
    if sent is not None and old_id is not None:
        await edit_markup(context.bot, chat.id, old_id, without_more(old_markup))


async def _vote(update: Update, context: ContextTypes.DEFAULT_TYPE, shown_id: int, vote: int) -> None:
    """Record, change or take back a vote, and show the choice on the buttons."""
    query, res, user = update.callback_query, resources(context), update.effective_user
    if query is None or user is None:
        return
    user_key, language = res.feedback.user_key(user.id), texts_language(update)
    now = await asyncio.to_thread(res.feedback.press_vote, shown_id, user_key, vote)
    if now is None:
        await answer_callback(lambda: query.answer(texts.GONE[language]))
        return
    note = (texts.THANKS_UP if now > 0 else texts.THANKS_DOWN if now < 0 else texts.VOTE_REMOVED)[language]
    await answer_callback(lambda: query.answer(note))
    shown = query.message
    if not isinstance(shown, Message):
        return
    group = shown.chat.type != "private"
    counts = await asyncio.to_thread(res.feedback.vote_counts, shown_id) if group else None
    await edit_markup(context.bot, shown.chat.id, shown.message_id,
                      with_votes(shown.reply_markup, shown_id, mine=now, counts=counts))
