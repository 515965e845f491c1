"""Serving many chats at once while keeping each chat's updates in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram.ext import BaseUpdateProcessor

# python-telegram-bot's own semaphore (in its final `process_update`) is taken before our chat
# lock could be; it is set this wide so only our slots, taken after the chat lock, limit.
_UNBOUNDED = 1 << 20


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats (up to the maximum), one update at a time within a chat.

    The chat's lock is taken before a concurrency slot, so a chat that floods the bot waits
    on its own lock and never holds the slots other chats need.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(_UNBOUNDED)
        self.slots = max_concurrent_updates
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then for a free slot, then run the handlers' coroutine."""
        chat = getattr(update, "effective_chat", None)
        if chat is None:
            async with self._slots:
                await coroutine
            return
        key = chat.id
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # the last one out drops the lock, so idle chats cost nothing
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
