"""The informational commands: /start, /hjelp (/help), /kilder (/sources), /om (/about)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import ContextTypes

from bot import __version__
from bot.answer.compose import citation_of
from bot.answer.messages import norwegian_date
from bot.render.telegram_html import esc, format_sources
from bot.tg import texts
from bot.tg.delivery import send_html
from bot.tg.origin import chat_id, texts_language, user_id
from bot.tg.resources import resources

if TYPE_CHECKING:
    from bot.index.store import IndexCounts


def welcome_html(feedback_days: int, links: bool = False, language: str = "nb") -> str:
    """The /start text with the example questions; links are promised only when a source has one."""
    examples = "\n".join(f"• <i>{esc(q)}</i>" for q in texts.EXAMPLES[language])
    return texts.WELCOME[language].format(examples=examples, days=feedback_days,
                                          links=texts.LINKS[language] if links else "")


def help_html(username: str, admin: bool, links: bool = False, language: str = "nb") -> str:
    """The /hjelp text; admins also see their commands."""
    return texts.HELP[language].format(username=esc(username), links=texts.LINKS[language] if links else "") + (
        texts.ADMIN_HELP[language] if admin else "")


async def _links(context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether any indexed source has a link (so an answer can have one)."""
    rows = await asyncio.to_thread(lambda: resources(context).holder.get().sources())
    return any(citation_of(s).url for s in rows)


def about_html(built_at: str, counts: IndexCounts, semantic: bool = False, language: str = "nb") -> str:
    """The /om text: version, index build time, number of sources, whether the semantic stage is on."""
    search = (texts.SEARCH_SEMANTIC if semantic else texts.SEARCH_LEXICAL)[language]
    return texts.ABOUT[language].format(version=esc(__version__), search=search, sources=counts.sources,
                                        built_at=esc(norwegian_date(built_at or "?", language)), chunks=counts.chunks)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: welcome, three example questions, what the bot is and is not, privacy."""
    days = resources(context).settings.feedback_days
    await send_html(context.bot, chat_id(update), [welcome_html(days, await _links(context), texts_language(update))])


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hjelp, /help and /hjaelp: how to ask, and the commands."""
    admin = resources(context).is_admin(user_id(update))
    await send_html(context.bot, chat_id(update),
                    [help_html(context.bot.username, admin, await _links(context), texts_language(update))])


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kilder (/sources): the indexed sources with links."""
    rows = await asyncio.to_thread(lambda: resources(context).holder.get().sources())
    await send_html(context.bot, chat_id(update),
                    format_sources([citation_of(s) for s in rows], texts_language(update)))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/om (/about): version, when the index was built, how many sources."""
    searcher = await asyncio.to_thread(resources(context).holder.get)
    counts = await asyncio.to_thread(searcher.store.counts)
    await send_html(context.bot, chat_id(update),
                    [about_html(searcher.store.built_at, counts, searcher.semantic, texts_language(update))])


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other /command in a private chat: point to /hjelp (/help in English, /hjaelp in Danish)."""
    await send_html(context.bot, chat_id(update), [texts.UNKNOWN_COMMAND[texts_language(update)]])
