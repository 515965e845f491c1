"""Serving the page with waitress: a fixed pool of app threads, timeouts, a deadline for each request."""

from __future__ import annotations

import logging
import time
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
MAX_REQUEST_HEADER = 64 << 10
MAX_REQUEST_BODY = 4 << 20  # the page's own limit (2 MiB upload) answers first, with its page
FD_RESERVE = 64           # file descriptors kept for the index, the pins, logs

log = logging.getLogger(__name__)


class _Channel(HTTPChannel):
    """A connection that remembers when its unfinished request began."""

    request_started = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None:
            self.request_started = time.time()
        return bool(super().received(data))


class _Server(TcpWSGIServer):
    """waitress's TCP server, also closing connections whose request is not whole within the deadline.

    waitress's own timeout counts idleness: a client that sends one header byte every few seconds
    (Slowloris) is never idle. The deadline counts from the request's first byte.
    """

    channel_class = _Channel
    deadline = REQUEST_DEADLINE

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
                 channel_timeout: int = CHANNEL_TIMEOUT, cleanup_interval: int = CLEANUP_INTERVAL) -> None:
        adj = Adjustments(host=host, port=port, threads=THREADS, channel_timeout=channel_timeout,
                          cleanup_interval=cleanup_interval, connection_limit=connection_limit(),
                          asyncore_use_poll=True,  # select() stops at 1,024 descriptors
                          max_request_header_size=MAX_REQUEST_HEADER, max_request_body_size=MAX_REQUEST_BODY,
                          ident="kommunebot", expose_tracebacks=False, clear_untrusted_proxy_headers=False)
        self._server = _Server(app, map={}, adj=adj, sockinfo=adj.listen[0])
        self._server.deadline = deadline

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
