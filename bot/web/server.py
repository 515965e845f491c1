"""Serving the page with waitress: a pool of app threads, timeouts, a request deadline, connections per client."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

# waitress reads each request whole (asynchronously, in one thread for every connection) before an
# app thread sees it, so a slow or unfinished request holds a little memory and no thread.
THREADS = 8               # app threads: a question takes 5-50 ms, a review up to seconds
CHANNEL_TIMEOUT = 30      # seconds a connection may sit idle, before or between requests
REQUEST_DEADLINE = 20.0   # seconds to send one request whole (headers and body), however it trickles in
CLEANUP_INTERVAL = 2      # how often (seconds) the two limits above are enforced
PER_CLIENT = 256          # open connections from one address (a browser opens 6; a course room shares a NAT)
# The question comes in the address (the form is GET, so an answer can be linked), and a case paper pasted whole is
# long: 60,000 characters of Norwegian are some 90 KB percent-encoded, and waitress's plain "Request Header Fields Too
# Large" met them where the page's own "too long" note was due (a re-tester, 0.4.41). At 1 MiB a 100,000-character
# paste reaches the page, æøå and all (6 bytes each); a request's headers stay bounded, below the body's 4 MiB.
MAX_REQUEST_HEADER = 1 << 20
MAX_REQUEST_BODY = 4 << 20  # the page's own limit (2 MiB upload) answers first, with its page
FD_RESERVE = 64           # file descriptors kept for the index, the pins, logs

log = logging.getLogger(__name__)


class _Channel(HTTPChannel):
    """A connection that remembers when its unfinished request began, counted by client address."""

    request_started = 0.0
    client = ""

    def received(self, data: bytes) -> bool:
        if self.request is None:
            self.request_started = time.time()
        return bool(super().received(data))

    def add_channel(self, map: Any = None) -> None:
        super().add_channel(map)
        try:  # the address is not set yet: waitress adds the channel first
            peer = self.socket.getpeername()
        except OSError:
            peer = ""
        self.client = str(peer[0]) if isinstance(peer, tuple) else ""
        counts: Counter[str] = self.server.by_client
        counts[self.client] += 1
        if self.server.per_client and counts[self.client] > self.server.per_client:
            self.will_close = True  # closed unread: one address may not hold every connection

    def del_channel(self, map: Any = None) -> None:
        if self._fileno is not None and self._fileno in self.server.active_channels:
            counts: Counter[str] = self.server.by_client
            counts[self.client] -= 1
            if counts[self.client] <= 0:
                del counts[self.client]
        super().del_channel(map)


class _Server(TcpWSGIServer):
    """waitress's TCP server, also closing connections whose request is not whole within the deadline.

    waitress's own timeout counts idleness: a client that sends one header byte every few seconds
    (Slowloris) is never idle. The deadline counts from the request's first byte.
    """

    channel_class = _Channel
    deadline = REQUEST_DEADLINE
    per_client = PER_CLIENT
    by_client: Counter[str]

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = now - self.deadline
        for channel in list(self.active_channels.values()):
            if channel.request is not None and not channel.requests and channel.request_started < cutoff:
                channel.will_close = True


def connection_limit() -> int:
    """Open connections allowed: as many as the process's file descriptors leave (its soft limit is raised)."""
    try:
        import resource
    except ImportError:  # not on Windows: waitress's own default
        return 100
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 65536
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (OSError, ValueError):
            pass
    return max(100, soft - FD_RESERVE)


class PageServer:
    """The page's WSGI app served on `host`:`port` (0: a free port) until `close`."""

    def __init__(self, app: Callable[..., Any], host: str, port: int, deadline: float = REQUEST_DEADLINE,
                 channel_timeout: int = CHANNEL_TIMEOUT, cleanup_interval: int = CLEANUP_INTERVAL,
                 per_client: int = PER_CLIENT) -> None:
        """`per_client` 0 lifts the limit by address: behind a proxy every connection is the proxy's."""
        adj = Adjustments(host=host, port=port, threads=THREADS, channel_timeout=channel_timeout,
                          cleanup_interval=cleanup_interval, connection_limit=connection_limit(),
                          asyncore_use_poll=True,  # select() stops at 1,024 descriptors
                          max_request_header_size=MAX_REQUEST_HEADER, max_request_body_size=MAX_REQUEST_BODY,
                          ident="kommunebot", expose_tracebacks=False, clear_untrusted_proxy_headers=False)
        self._server = _Server(app, map={}, adj=adj, sockinfo=adj.listen[0])
        self._server.deadline = deadline
        self._server.per_client = per_client
        self._server.by_client = Counter()

    @property
    def port(self) -> int:
        """The port listened on (the one picked when 0 was asked)."""
        return int(self._server.effective_port)

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C) or closed."""
        self._server.run()

    def close(self) -> None:
        """Stop listening and stop the app threads."""
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._server.close()
