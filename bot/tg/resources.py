"""What the handlers share, created in post_init and kept in bot_data."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.answer.engine import Engine
from bot.answer.pins import PinStore
from bot.config import Settings
from bot.feedback import FeedbackStore
from bot.search.holder import SearcherHolder
from bot.tg.answered import AnsweredQuestions
from bot.tg.ratelimit import UserRateLimiter

KEY = "kommunebot"


@dataclass
class Resources:
    """The engine (searcher and pins), the feedback store, the rate limiter, the reindex lock and the questions the
    bot's recent answers answered."""

    settings: Settings
    engine: Engine  # the same as the terminal's and the page's (bot.answer.engine.open_engine)
    feedback: FeedbackStore
    limiter: UserRateLimiter
    reindexing: asyncio.Lock = field(default_factory=asyncio.Lock)
    tasks: set[asyncio.Task] = field(default_factory=set)
    answered: AnsweredQuestions = field(default_factory=AnsweredQuestions)

    @property
    def holder(self) -> SearcherHolder:
        """The engine's searcher holder (swapped to a rebuilt index by /reindex)."""
        return self.engine.holder

    @property
    def pins(self) -> PinStore | None:
        """The course leaders' pinned answers, served first."""
        return self.engine.pins

    def is_admin(self, user_id: int | None) -> bool:
        """Whether `user_id` is listed in KOMMUNEBOT_ADMINS."""
        return user_id is not None and user_id in self.settings.admins


def resources(context: ContextTypes.DEFAULT_TYPE) -> Resources:
    """The shared resources of the running application."""
    return context.bot_data[KEY]
