"""Building the python-telegram-bot Application and running it by long polling or webhook."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from functools import partial
from urllib.parse import urlparse

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.answer.engine import open_engine
from bot.config import Settings
from bot.errors import KommunebotError
from bot.feedback import FeedbackStore
from bot.tg import admin, commands, guards, questions, texts
from bot.tg.delivery import deliver
from bot.tg.errorhandler import on_error
from bot.tg.logs import quiet_http_logs, redact_token_in_library_logs
from bot.tg.ratelimit import UserRateLimiter
from bot.tg.resources import KEY, Resources
from bot.tg.updates import PerChatUpdateProcessor

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_UPDATES = 64
PRUNE_EVERY = 24 * 3600.0
ADMIN_COMMANDS = texts.ADMIN_COMMANDS["nb"]  # the admins' commands (their names are the same in every language)
# Each public command's names, the first the one it is known by: the Norwegian one, the English one the English menu
# and help name, and the Danish one the Danish name (texts.COMMANDS, texts.HELP; /kilder and /om are Danish words too).
# Every name works for every user (a Danish user may type /help or /hjelp, an English one /kilder); before 0.4.39 the
# English help named /hjelp, /kilder, /om and /sporsmal, and /sources, /about and /ask were unknown commands, and the
# Danish help named the Norwegian /hjelp and /sporsmal.
COMMAND_NAMES: dict[str, tuple[str, ...]] = {"start": ("start",), "hjelp": ("hjelp", "help", "hjaelp"),
                                             "kilder": ("kilder", "sources"), "om": ("om", "about"),
                                             "sporsmal": ("sporsmal", "ask", "spoergsmaal")}
MAX_WEBHOOK_BODY = 1 << 20  # an update is a few KB; Telegram's largest are far below 1 MiB
TOKEN_HINT = "create a bot with @BotFather and set TELEGRAM_BOT_TOKEN to the token it gives"


def api_base_url(settings: Settings) -> str:
    """Where the Bot API is: Telegram, or KOMMUNEBOT_TELEGRAM_BASE_URL (a local server, a test fake)."""
    base = settings.telegram_base_url.rstrip("/")
    if not base:
        return "https://api.telegram.org/bot"
    return base if base.endswith("/bot") or "{token}" in base else base + "/bot"


def webhook_secret(token: str) -> str:
    """The secret Telegram sends with each webhook call, derived from the token (A-Z, a-z, 0-9)."""
    return hashlib.sha256(b"kommunebot-webhook:" + token.encode()).hexdigest()


def require_token(settings: Settings) -> str:
    """The token, or an error naming TELEGRAM_BOT_TOKEN (the token itself is never shown)."""
    token = settings.telegram_token.strip()
    if not token:
        raise KommunebotError("TELEGRAM_BOT_TOKEN is not set", hint=TOKEN_HINT)
    if ":" not in token or any(ch.isspace() for ch in token):
        raise KommunebotError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)",
                              hint=TOKEN_HINT)
    return token


async def verify_token(settings: Settings) -> str:
    """Ask Telegram who we are; a rejected token is an error naming TELEGRAM_BOT_TOKEN."""
    token = require_token(settings)
    redact_token_in_library_logs(token)  # before Bot(): it logs its URLs, token included, at DEBUG
    bot = Bot(token, base_url=api_base_url(settings))
    try:
        async with bot:
            return bot.username
    except (TimedOut, NetworkError) as exc:  # unreachable for now: run_polling retries the start
        log.warning("could not reach Telegram to check the token (%s); retrying as the bot starts",
                    type(exc).__name__)
        return ""
    except InvalidToken:  # its message contains the token: never shown
        raise KommunebotError("Telegram rejected the token in TELEGRAM_BOT_TOKEN",
                              hint="check it with @BotFather (/token) and set TELEGRAM_BOT_TOKEN again") from None


async def _register_commands(application: Application, admins: frozenset[int]) -> None:
    """The command menu in each language the bot has texts for: bokmål as the default, and for a user whose Telegram
    is set to nynorsk, Danish or English their own (as /start and /hjelp answer them)."""
    bot = application.bot
    for language, menu in texts.COMMANDS.items():
        code = None if language == "nb" else language  # Telegram's language_code: the menu for users set to it
        public = [BotCommand(c, d) for c, d in menu]
        await deliver(partial(bot.set_my_commands, public, language_code=code), "setMyCommands", idempotent=True)
        for admin_id in admins:  # admins see their commands in the menu too (once they have started the bot)
            scoped = public + [BotCommand(c, d) for c, d in texts.ADMIN_COMMANDS[language]]
            try:
                await deliver(partial(bot.set_my_commands, scoped, scope=BotCommandScopeChat(admin_id),
                                      language_code=code), "setMyCommands (admin)", idempotent=True)
            except (BadRequest, Forbidden) as exc:
                log.info("admin commands not shown to one admin: %s", type(exc).__name__)


async def _prune_daily(feedback: FeedbackStore) -> None:
    while True:
        await asyncio.sleep(PRUNE_EVERY)
        deleted = await asyncio.to_thread(feedback.prune)
        log.info("feedback: %d replies older than %d days deleted", deleted, feedback.days)


async def post_init(application: Application) -> None:
    """Open the index and the feedback store, register the commands, start the daily pruning."""
    settings: Settings = application.bot_data["settings"]
    engine = await asyncio.to_thread(open_engine, settings, True)
    # `kommunebot telegram` built a missing or outdated default index before this; one named by --index and missing,
    # or damaged, stops the start with its fix
    await asyncio.to_thread(engine.searcher)
    feedback = await asyncio.to_thread(FeedbackStore.open, settings.feedback_path, settings.feedback_secret,
                                       settings.feedback_days)
    await asyncio.to_thread(feedback.prune)
    if engine.pins_unavailable:  # as `ask` does, and as `telegram --check` reports
        log.warning("answering without pinned answers: %s", engine.pins_unavailable)
    res = Resources(settings, engine, feedback, UserRateLimiter(settings.rate_per_minute))
    application.bot_data[KEY] = res
    await _register_commands(application, settings.admins)
    pruning = asyncio.create_task(_prune_daily(feedback))
    res.tasks.add(pruning)


async def post_shutdown(application: Application) -> None:
    """Stop background work and close the feedback store."""
    res: Resources | None = application.bot_data.get(KEY)
    if res is None:
        return
    for task in list(res.tasks):
        task.cancel()
    await asyncio.gather(*res.tasks, return_exceptions=True)
    res.feedback.close()
    res.engine.close()


def add_handlers(application: Application) -> None:
    """Commands, questions, button presses and the error handler."""
    message = filters.UpdateType.MESSAGE
    # first, in a group of its own: a command counts towards its sender's limit (/sporsmal counts as a question)
    asking = "|".join(COMMAND_NAMES["sporsmal"])
    application.add_handler(MessageHandler(message & filters.COMMAND & ~filters.Regex(rf"^/({asking})(@\w+)?(\s|$)"),
                                           guards.limit_commands), group=-1)
    # each under every name it has (COMMAND_NAMES): the Norwegian, English and Danish ones, for every user
    for command, handler in (("start", commands.start), ("hjelp", commands.help_command), ("kilder", commands.sources),
                             ("om", commands.about), ("sporsmal", questions.sporsmal)):
        application.add_handler(CommandHandler(COMMAND_NAMES[command], handler, filters=message))
    application.add_handler(CommandHandler("reindex", admin.reindex, filters=message))
    application.add_handler(CommandHandler("stats", admin.stats, filters=message))
    asked = message | filters.UpdateType.EDITED_MESSAGE  # an edited question is answered again
    application.add_handler(MessageHandler(
        asked & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, questions.private_text))
    application.add_handler(MessageHandler(
        asked & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, questions.group_text))
    # what the bot cannot read: its caption is asked as a text message is (an edited one again), under a line that the
    # attachment is not read; without a caption, the text-only line (in a group only when it is meant for the bot)
    media = filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE | filters.Document.ALL
    application.add_handler(MessageHandler(
        asked & filters.ChatType.PRIVATE & media & filters.CAPTION, questions.private_caption))
    application.add_handler(MessageHandler(
        message & filters.ChatType.PRIVATE & (filters.Sticker.ALL | media), questions.not_text))
    application.add_handler(MessageHandler(asked & filters.ChatType.GROUPS & media, questions.group_media))
    application.add_handler(MessageHandler(message & filters.ChatType.PRIVATE & filters.COMMAND, commands.unknown))
    application.add_handler(CallbackQueryHandler(guards.always_answered(questions.button)))
    application.add_error_handler(on_error)


def build_application(settings: Settings) -> Application:
    """The Application: rate-limited bot, per-chat ordered concurrency, handlers, shared resources."""
    # before build(): its ExtBot logs its URLs, token included, at DEBUG as it is made; `kommunebot telegram` had the
    # filters from verify_token first, an Application built without it (a test, an embedder) logged the token once
    redact_token_in_library_logs(settings.telegram_token.strip())
    redact_token_in_library_logs(webhook_secret(settings.telegram_token.strip()), "[SECRET]")  # setWebhook logs it
    application = (
        ApplicationBuilder()
        .token(require_token(settings))
        .base_url(api_base_url(settings))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        .connect_timeout(5.0).read_timeout(20.0).write_timeout(20.0).pool_timeout(5.0)
        .connection_pool_size(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data["settings"] = settings
    redact_token_in_library_logs(settings.telegram_token.strip())  # again: loggers the build made
    add_handlers(application)
    return application


def limit_webhook_bodies() -> None:
    """Refuse a webhook POST over MAX_WEBHOOK_BODY from its Content-Length, before reading it.

    PTB's webhook server is tornado's HTTPServer, which by default reads up to 100 MB into memory
    before the handler checks the secret; `configure` sets the default for every HTTPServer.
    """
    from tornado.httpserver import HTTPServer

    HTTPServer.configure(None, max_body_size=MAX_WEBHOOK_BODY, max_buffer_size=MAX_WEBHOOK_BODY)


def run(settings: Settings) -> None:
    """Run the bot until interrupted: a webhook when KOMMUNEBOT_WEBHOOK_URL is set, else long polling."""
    quiet_http_logs()
    asyncio.run(verify_token(settings))
    application = build_application(settings)
    try:
        if settings.webhook_url:
            limit_webhook_bodies()
            application.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port,
                url_path=urlparse(settings.webhook_url).path.lstrip("/"), webhook_url=settings.webhook_url,
                secret_token=webhook_secret(settings.telegram_token.strip()), allowed_updates=ALLOWED_UPDATES)
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)
    except InvalidToken:
        raise KommunebotError("Telegram rejected the token in TELEGRAM_BOT_TOKEN",
                              hint="check it with @BotFather (/token) and set TELEGRAM_BOT_TOKEN again") from None
    except TelegramError as exc:  # the text may hold the token: name the type only
        raise KommunebotError(f"Telegram failed: {type(exc).__name__}",
                              hint="check the network and TELEGRAM_BOT_TOKEN, then start again") from None
