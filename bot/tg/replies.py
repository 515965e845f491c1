"""A question turned into the reply to send: search, record, format (sync; run in a thread)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import answer
from bot.answer.messages import message
from bot.answer.pins import PinStore
from bot.answer.quote import quote_marks
from bot.errors import QuestionError
from bot.feedback import FeedbackStore
from bot.render.telegram_html import esc, format_answer
from bot.search.holder import SearcherHolder

ECHO_CHARS = 200  # of the question, echoed above a 'not covered' reply


@dataclass(frozen=True)
class Reply:
    """HTML messages to send; `shown_id` (None for a refused question) is what the buttons carry."""

    parts: list[str]
    shown_id: int | None = None
    more: bool = False
    language: str = "nb"


def compose_reply(question: str, holder: SearcherHolder, feedback: FeedbackStore, user_key: str,
                  chat_type: str, top: int, offset: int = 0, parent_id: int | None = None,
                  pins: PinStore | None = None) -> Reply:
    """Answer `question` (passages after `offset`), store what was shown, format it for Telegram."""
    searcher = holder.get()
    try:
        result = answer(question, searcher, top=top, offset=offset, pins=pins)
    except QuestionError as exc:
        return Reply([esc(message(exc.key, exc.language, **exc.values))])
    version = searcher.store.built_at
    shown_id = feedback.record(result, user_key, chat_type, version, parent_id=parent_id)
    parts = format_answer(result)
    if not result.answered:  # say what was not found, so a typo is easy to spot
        asked = _short(result.question)
        opening, closing = quote_marks(asked)
        parts = [f"<i>{opening}{esc(asked)}{closing}</i>\n{parts[0]}"] + parts[1:]
    return Reply(parts, shown_id, result.more, result.language)


def _short(question: str, limit: int = ECHO_CHARS) -> str:
    return question if len(question) <= limit else question[:limit - 1] + "…"
