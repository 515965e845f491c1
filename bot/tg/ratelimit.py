"""A per-user sliding-window limit on questions, so one user cannot crowd out the rest."""

from __future__ import annotations

import time
from collections import deque
from enum import Enum

IDLE_SWEEP_AT = 10_000  # users tracked before idle ones are dropped


class Verdict(Enum):
    """What to do with a question: answer it, refuse with a polite note, or refuse quietly."""

    ALLOW = "allow"
    TELL = "tell"      # the first refusal in a window gets a reply
    QUIET = "quiet"    # later ones do not, so a flood is not answered with a flood


class UserRateLimiter:
    """At most `per_minute` questions per user in any 60 seconds."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._times: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> Verdict:
        """Count one question from `user_id` if allowed, and say what to do with it."""
        if self.per_minute <= 0:
            return Verdict.ALLOW
        now = time.monotonic() if now is None else now
        if len(self._times) > IDLE_SWEEP_AT:
            self.forget_idle(now)
        times = self._times.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._told.pop(user_id, None)
            return Verdict.ALLOW
        if self._told.get(user_id, -self.window) > now - self.window:
            return Verdict.QUIET
        self._told[user_id] = now
        return Verdict.TELL

    def forget_idle(self, now: float | None = None) -> None:
        """Drop users with no question in the window (keeps memory flat on a busy bot)."""
        now = time.monotonic() if now is None else now
        for user_id in [u for u, t in self._times.items() if not t or t[-1] <= now - self.window]:
            del self._times[user_id]
            self._told.pop(user_id, None)
