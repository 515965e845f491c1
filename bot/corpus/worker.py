"""Reading documents in a worker process held to a memory cap and a deadline: one file cannot stop a build.

The worker is a fresh interpreter (`python -c BOOT`, which runs `main`; safe to start from the
bot's threaded process), kept for later builds; one that runs out of time is killed, one that dies or
runs out of memory is replaced, and the file is named with the reason. Its stdout and stderr go
nowhere: a library printing a parse error must not mix into `index build --json`.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bot.analysis.lemma import cache_dir as lemma_cache_dir
from bot.analysis.lemma import use_cache_dir
from bot.config import ReadLimits
from bot.corpus.describe import Described, describe
from bot.corpus.manifest import SourceInfo, shown_name
from bot.corpus.sources import DocumentChunks, read_document
from bot.errors import CorpusError

STARTUP_SECONDS = 120  # a new interpreter and its imports, on a machine that may be busy
# The limit is processor time (the kernel's RLIMIT_CPU), fair on a busy machine; a worker that
# waits instead of working is stopped after this many times the limit, and a grace, in wall-clock time.
WALL_FACTOR, WALL_GRACE = 4, 60
RETIRE_SHARE = 0.5   # a worker whose address space grew past this share of the cap is replaced after the file
# What a maintainer does about a file over a read limit: the variable had been named alone, in brackets, as if a note.
OVER_LIMIT_FIX = "Split it into smaller files, or raise {var} and build again"
# What a reader's own exception means, said to a maintainer (any other class is named as it is).
REASONS = {
    "RecursionError": "nested too deeply",
    "DependencyError": "encrypted, or it needs a library that is not installed",
    "FileNotDecryptedError": "encrypted",
    "LimitReachedError": "a stream in it unpacks to more than the reader allows",
}


def _address_space() -> int:
    """This process's virtual memory size in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _confine(limits: ReadLimits) -> int:
    """Silence the process and cap its address space; the cap in bytes."""
    import logging
    import resource
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    cap = max(limits.memory_mb << 20, _address_space() + (128 << 20))
    _limit(resource.RLIMIT_CORE, 0)  # a worker stopped by its CPU limit leaves no core file behind
    _limit(resource.RLIMIT_AS, cap)
    return cap


def _limit(which: int, soft: int) -> None:
    """Set a resource's soft limit (never above its hard one); where the platform refuses, the deadline holds."""
    import resource

    try:
        _, hard = resource.getrlimit(which)
        resource.setrlimit(which, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    except (ValueError, OSError):
        pass


def _cpu_deadline(seconds: int) -> None:
    """Let the next request use `seconds` more of processor time: past it the kernel stops the worker (SIGXCPU)."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    _limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + seconds + 1)


OPS: dict[str, Callable[..., Any]] = {"read": read_document, "describe": describe}


def _serve(conn: Connection, limits: ReadLimits) -> None:
    """The worker's loop: one request, one reply, until the pipe closes or the worker grew too big."""
    cap = _confine(limits)
    conn.send("ready")  # imports done: the parent's deadline counts reading only
    while True:
        try:
            op, args = conn.recv()
        except (EOFError, OSError):
            return
        _cpu_deadline(limits.seconds)
        try:
            reply: tuple[str, Any] = ("ok", OPS[op](*args))
        except CorpusError as exc:  # a reader's own words; one that hid running out of memory is said as such
            reply = ("memory", "") if isinstance(exc.__context__, MemoryError) else ("corpus", str(exc))
        except MemoryError:
            reply = ("memory", "")
        except BaseException as exc:  # noqa: BLE001 - whatever a reader raises, the file is named and skipped
            reply = ("failed", type(exc).__name__)
        retiring = reply[0] != "ok" or _address_space() > cap * RETIRE_SHARE
        try:
            conn.send((*reply, retiring))
        except MemoryError:
            conn.send(("memory", "", True))
        if retiring:
            return


class ReaderProcess:
    """A worker process reading documents under `limits`; thread-safe, one request at a time."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None

    def read(self, path: Path, info: SourceInfo) -> DocumentChunks:
        """`read_document(path, info)` in the worker; CorpusError naming the file for any failure."""
        return self._call("read", path, (path, info, self.limits))

    def describe(self, info: SourceInfo, path: Path, known_lang: str = "") -> Described:
        """`describe(info, path, known_lang=…)` in the worker (it reads the file's own metadata)."""
        return self._call("describe", path, (info, path, "", known_lang))

    def _start(self) -> Connection:
        ours, theirs = socket.socketpair()
        root = str(Path(__file__).resolve().parents[2])  # where `bot` is imported from, for the new interpreter
        limits = self.limits
        with theirs:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", BOOT, root, str(theirs.fileno()),
                 *map(str, (limits.memory_mb, limits.seconds, limits.unpacked_mb, limits.line_mb)),
                 str(lemma_cache_dir())],  # KOMMUNEBOT_CACHE_DIR's lemma table, not one built in ~/.cache
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),))
        self._conn = conn = Connection(ours.detach())
        try:
            ready = conn.poll(STARTUP_SECONDS) and conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            code = self._stop()
            raise OSError(f"the reader process did not start ({_exit_text(code)})")
        return conn

    def _stop(self) -> int | None:
        """End the worker (killed if it still runs); its exit code."""
        proc, conn, self._proc, self._conn = self._proc, self._conn, None, None
        if conn is not None:
            conn.close()
        if proc is None:
            return None
        try:
            return proc.wait(1)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()

    def _exchange(self, name: str, op: str, args: tuple) -> tuple[str, Any]:
        """Send one request and take its reply; a worker over its limits is stopped (CorpusError)."""
        conn = self._conn or self._start()
        try:
            conn.send((op, args))
        except OSError:  # the idle worker was gone: once more with a new one
            self._stop()
            conn = self._start()
            conn.send((op, args))
        over_time = CorpusError(f"{name}: reading it took more than {self.limits.seconds} s of processor time; it "
                                f"was stopped. {OVER_LIMIT_FIX.format(var='KOMMUNEBOT_READ_SECONDS')}")
        wall = self.limits.seconds * WALL_FACTOR + WALL_GRACE
        if not conn.poll(wall):
            self._stop()
            raise CorpusError(f"{name}: reading it took more than {wall} s of wall-clock time (the machine may be "
                              f"busy); it was stopped. {OVER_LIMIT_FIX.format(var='KOMMUNEBOT_READ_SECONDS')}")
        try:
            kind, payload, retiring = conn.recv()
        except (EOFError, OSError):
            code = self._stop()
            if code == -signal.SIGXCPU:
                raise over_time from None
            raise CorpusError(f"{name}: the reader stopped on it ({_exit_text(code)}); it may need more "
                              f"than {self.limits.memory_mb} MiB of memory. "
                              f"{OVER_LIMIT_FIX.format(var='KOMMUNEBOT_READ_MEMORY_MB')}") from None
        if retiring:
            self._stop()
        return kind, payload

    def close(self) -> None:
        """End the worker."""
        with self._lock:
            self._stop()

    def _call(self, op: str, path: Path, args: tuple) -> Any:
        name = shown_name(path.name)
        with self._lock:
            try:
                kind, payload = self._exchange(name, op, args)
            except BaseException:  # interrupted between request and reply: the reply must never answer the next
                self._stop()
                raise
        if kind == "ok":
            return payload
        if kind == "corpus":
            raise CorpusError(payload)
        if kind == "memory":
            raise CorpusError(f"{name}: reading it needs more than {self.limits.memory_mb} MiB of memory. "
                              f"{OVER_LIMIT_FIX.format(var='KOMMUNEBOT_READ_MEMORY_MB')}")
        raise CorpusError(f"{name}: not readable ({payload}: {REASONS[payload]})" if payload in REASONS
                          else f"{name}: not readable ({payload})")


def _exit_text(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


_shared: dict[ReadLimits, ReaderProcess] = {}
_shared_lock = threading.Lock()


def reader_process(limits: ReadLimits) -> ReaderProcess:
    """The process's worker for `limits`, kept between builds (its imports are paid once)."""
    with _shared_lock:
        if limits not in _shared:
            _shared[limits] = ReaderProcess(limits)
        return _shared[limits]


def _forget_after_fork() -> None:
    """In a forked child: the parent's workers are the parent's; this process starts its own when it reads."""
    for worker in _shared.values():
        worker._lock = threading.Lock()
        worker._proc = worker._conn = None  # never closed here: the parent's socket stays the parent's


os.register_at_fork(after_in_child=_forget_after_fork)


@atexit.register
def close_readers() -> None:
    """End every worker of this process (a long-running bot frees their memory between /reindex runs)."""
    for worker in list(_shared.values()):
        worker.close()


def main(argv: list[str]) -> None:
    """The worker process: argv is FD MEMORY_MB SECONDS UNPACKED_MB LINE_MB CACHE_DIR."""
    use_cache_dir(Path(argv[5]))
    _serve(Connection(int(argv[0])), ReadLimits(*map(int, argv[1:5])))


# The worker's command line: `bot` imported from where this one was (a checkout or site-packages).
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from bot.corpus.worker import main; main(sys.argv[2:])"
