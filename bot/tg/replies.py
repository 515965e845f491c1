"""A question turned into the reply to send: search, record, format (sync; run in a thread)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.analysis.language import language_told
from bot.answer.messages import message
from bot.errors import QuestionError
from bot.render.telegram_html import esc, format_answer
from bot.tg.resources import Resources


@dataclass(frozen=True)
class Reply:
    """HTML messages to send; `shown_id` (None for a refused question) is what the buttons carry."""

    parts: list[str]
    shown_id: int | None = None
    more: bool = False
    language: str = "nb"
    # the question the passages shown answer (None when none is shown), kept so a reply to them can follow it up
    answered: str | None = None
    # the question searched when the message was read as a follow-up of an earlier one (None: it was read alone)
    read_as: str | None = None
    read_as_shortened: bool = False  # the earlier question's middle was left out of it (`Reading.shortened`)
    # the language a word of the question told (None for "§ 14", a key mash): the chat's, for its next such question
    told: str | None = None


def compose_reply(question: str, res: Resources, user_key: str, chat_type: str, offset: int = 0,
                  parent_id: int | None = None, earlier: str | None = None, asker: str | None = None,
                  focus: str | None = None) -> Reply:
    """Answer `question` (passages after `offset`), store what was shown, format it for Telegram.

    :param parent_id: the reply this one continues ("Flere treff"), as stored in the feedback.
    :param earlier: the question answered by the bot's message `question` replies to: a short, elliptical
        `question` is read as its follow-up (`Engine.read`).
    :param asker: the language the user's Telegram is set to (`origin.user_language`; None: unknown), which the note
        on a question not searched (empty, too long) is in, as the bot's other fixed texts are, and the reply to a
        question no word of which tells its language ("§ 14").
    :param focus: the reply a follow-up paged on ("Flere treff") ended with (`Shown.focus`), so its pages keep the
        order of its first.
    """
    searcher = res.engine.searcher()
    reading = res.engine.read(question, earlier)
    language, said = language_told(question, asker)
    told = language if said else None
    try:
        result = res.engine.answer(reading.question, top=res.settings.top, offset=offset, asker=asker,
                                   focus=reading.focus or focus)
    except QuestionError as exc:
        # in the asker's language, not the text's: a Norwegian case paper pasted by an English user, 10,000 characters,
        # had been told in Norwegian that it was too long; without a language from Telegram, the text's
        language = asker or exc.language
        return Reply([esc(message(exc.key, language, **exc.values))], language=language, told=told)
    version = searcher.store.built_at
    shown_id = res.feedback.record(result, user_key, chat_type, version, parent_id=parent_id)
    # a refusal says what was not found, so a typo is easy to spot; the formatter echoes it within the limit. A
    # follow-up's line above it already shows the question searched: echoed too, it stood twice at the top
    return Reply(format_answer(result, echo=reading.earlier is None), shown_id, result.more, result.language,
                 answered=result.question if result.answered and result.passages else None,
                 read_as=result.question if reading.earlier is not None else None,
                 read_as_shortened=reading.shortened, told=told)
