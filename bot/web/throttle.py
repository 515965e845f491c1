"""The login limit: a client address with too many wrong tokens in a window waits before trying again."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 10  # wrong tokens a client address may type in WINDOW seconds (a person mistypes a few)
WINDOW = 300.0
MAX_CLIENTS = 10_000  # addresses remembered; beyond, the oldest are forgotten (memory stays bounded)


class LoginLimiter:
    """Counts wrong tokens per client address over a sliding window; thread-safe."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked(self, client: str) -> bool:
        """Whether `client` has used up its wrong tries for now."""
        with self._lock:
            return len(self._recent(client, self._clock())) >= self.max_failures

    def failed(self, client: str) -> None:
        """Count one wrong token from `client`."""
        with self._lock:
            now = self._clock()
            times = self._recent(client, now)
            times.append(now)
            self._failures.pop(client, None)
            self._failures[client] = times  # most recent last, so the oldest go first
            while len(self._failures) > MAX_CLIENTS:
                del self._failures[next(iter(self._failures))]
