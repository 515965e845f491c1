"""Admin commands: /reindex (rebuild and swap in without a restart) and /stats."""

from __future__ import annotations

import asyncio
import errno
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.answer.messages import norwegian_date
from bot.answer.pins import served
from bot.corpus.worker import close_readers
from bot.errors import BuildError, KommunebotError
from bot.index.build import BuildReport, build_from_settings
from bot.render.telegram_html import esc
from bot.tg import texts
from bot.tg.delivery import edit_html, send_html
from bot.tg.origin import chat_id, texts_language, user_id
from bot.tg.resources import Resources, resources

log = logging.getLogger(__name__)
SHOWN_ERRORS = 5  # skipped files named in the reply; the log has them all
SHOWN_CHARS = 300  # of each; a longer one is cut, whole in the log


def rebuild(res: Resources) -> BuildReport:
    """Build the index from the corpus (atomically swapped on disk) and load it (runs in a thread)."""
    try:
        report = build_from_settings(res.settings, res.holder.embedder)
    finally:
        close_readers()  # the reader process is not kept in the bot between /reindex runs
    for error in report.errors:
        log.warning("reindex: %s", error)  # a file skipped, or a manifest error that skipped none
    for warning in report.warnings:  # as `index build` prints them: an encoding assumed, metadata not read
        log.warning("reindex: %s", warning)
    res.holder.reload()
    return report


def unserved_pins(res: Resources) -> int:
    """How many course leaders' pins the index in service no longer serves (their passage changed or gone); 0 when
    there are no pins or they cannot be read now (the page says why then)."""
    if res.pins is None:
        return 0
    store = res.holder.get().store
    try:
        return sum(not served(store, pin) for pin in res.pins.pins())
    except KommunebotError:
        return 0


def _rebuilt(res: Resources) -> tuple[BuildReport, int]:
    report = rebuild(res)
    return report, unserved_pins(res)


def done_html(report: BuildReport, language: str = "nb", unserved: int = 0) -> str:
    """What /reindex says when the new index is in service, in the admin's language: with the pins it broke, as
    `index build` warns of them, so the admin who rebuilt hears of it before a course leader in front of a class; and
    what the build could not use, counted, the files it left out named, every line in the admin's language (the
    reasons, which the build words in English, are in the log: `rebuild` writes them there)."""
    text = texts.REINDEX_DONE[language].format(sources=report.sources, chunks=report.chunks,
                                               reused=report.reused_sources, seconds=report.seconds)
    if unserved:
        text += texts.REINDEX_PINS[language].format(n=unserved)
    if not report.errors and not report.warnings:
        return text
    left_out, manifest = len(report.left_out), len(report.errors) - len(report.left_out)
    said = ""
    if left_out:
        said += texts.REINDEX_ERRORS[language].format(n=left_out) + _bullets(report.left_out, language)
    if manifest:
        said += texts.REINDEX_MANIFEST_ERRORS[language].format(n=manifest)
    if report.warnings:
        said += texts.REINDEX_WARNINGS[language].format(n=len(report.warnings))
    return text + said + texts.REINDEX_REASONS[language]


def _bullets(names: list[str], language: str) -> str:
    """The first SHOWN_ERRORS file names as bullets, each cut at SHOWN_CHARS, and how many more there are."""
    shown = "".join(f"\n• {esc(name[:SHOWN_CHARS])}" + ("…" if len(name) > SHOWN_CHARS else "")
                    for name in names[:SHOWN_ERRORS])
    more = len(names) - SHOWN_ERRORS
    return shown + (texts.REINDEX_MORE[language].format(n=more) if more > 0 else "")


def failure_html(exc: BaseException, language: str = "nb") -> str:
    """What /reindex says when the build failed, in the admin's language: what stopped it (a `BuildError`'s key, an
    OSError's errno, with the path concerned), any other error by its type alone (its text may hold secrets)."""
    stopped, os_said = texts.REINDEX_STOPPED[language], texts.REINDEX_OS[language]
    if isinstance(exc, BuildError) and exc.key in stopped:
        why = stopped[exc.key].format(path=exc.path or "")
    elif isinstance(exc, OSError):
        kind = errno.errorcode.get(exc.errno or 0, "other")
        why = os_said.get(kind, os_said["other"]).format(path=exc.filename or "")
    else:
        why = texts.REINDEX_UNEXPECTED[language].format(name=type(exc).__name__)
    return texts.REINDEX_FAILED[language] + texts.REINDEX_WHY[language].format(why=esc(why.rstrip(": ")))


async def _rebuild_and_report(res: Resources, context: ContextTypes.DEFAULT_TYPE, chat_id: int,
                              message_id: int | None, language: str) -> None:
    async with res.reindexing:
        try:
            report, unserved = await asyncio.to_thread(_rebuilt, res)
            text = done_html(report, language, unserved)
            log.info("reindexed: %s sources, %s chunks", report.sources, report.chunks)
        except KommunebotError as exc:
            log.error("reindex failed: %s (%s)", exc, exc.hint)
            text = failure_html(exc, language)
        except Exception as exc:  # any failure ends in the edited message; the old index keeps serving
            log.error("reindex failed", exc_info=exc)
            text = failure_html(exc, language)
    if message_id is None or not await edit_html(context.bot, chat_id, message_id, text):
        await send_html(context.bot, chat_id, [text])


async def reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reindex (admins): rebuild from corpus/ in a worker thread while questions go on being answered."""
    res, chat, language = resources(context), chat_id(update), texts_language(update)
    if not res.is_admin(user_id(update)):
        await send_html(context.bot, chat, [texts.NOT_ADMIN[language]])
        return
    if res.reindexing.locked():
        await send_html(context.bot, chat, [texts.REINDEX_BUSY[language]])
        return
    status = await send_html(context.bot, chat, [texts.REINDEX_STARTED[language]])
    # A task of its own, so this chat's later updates are not held up by the build.
    task = asyncio.create_task(_rebuild_and_report(res, context, chat, status.message_id if status else None,
                                                   language))
    res.tasks.add(task)
    task.add_done_callback(res.tasks.discard)


def stats_html(res: Resources, language: str = "nb") -> str:
    """The /stats text: questions, abstentions, votes, index size (sync; run in a thread)."""
    store = res.holder.get().store
    feedback, counts = res.feedback.stats(), store.counts()
    return texts.STATS[language].format(days=res.settings.feedback_days, questions=feedback.questions,
                                        answered=feedback.answered, abstained=feedback.abstained,
                                        more_pages=feedback.more_pages, votes_up=feedback.votes_up,
                                        votes_down=feedback.votes_down, chunks=counts.chunks, sources=counts.sources,
                                        built_at=norwegian_date(store.built_at or "?", language))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): questions answered, abstentions, votes, index chunk count."""
    res, language = resources(context), texts_language(update)
    if not res.is_admin(user_id(update)):
        await send_html(context.bot, chat_id(update), [texts.NOT_ADMIN[language]])
        return
    await send_html(context.bot, chat_id(update), [await asyncio.to_thread(stats_html, res, language)])
