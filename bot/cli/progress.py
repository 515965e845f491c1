"""Progress: a bar or counter in a terminal, a log line every few seconds or 5 % when piped."""

from __future__ import annotations

import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

LINE_SECONDS = 5.0   # a piped log shows the build is alive at least this often
LINE_SHARE = 0.05    # ... and at every 5 % of the chunks
# A document's chunks are known only once it is read; before, its size stands in: the bundled corpus's five .txt files,
# 59 KB, make 77 chunks (770 bytes each). A file of markup, Word or PDF holds much besides its text.
TEXT_BYTES_PER_CHUNK = 800
OTHER_BYTES_PER_CHUNK = 3000
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
# No time left is said before this share of the chunks and these seconds: the first files' rate is no rate of the
# whole ("17 min left" for a build of 19 s, the first five chunks including the reader's start; documents are read
# more slowly than a law's records).
ETA_MIN_SHARE = 0.2
ETA_MIN_SECONDS = 10.0


def expected_chunks(corpus_dir: Path) -> int:
    """About how many chunks the corpus makes: the passages its .jsonl(.gz) files hold (one a line), and each document
    file's estimated from its size (`TEXT_BYTES_PER_CHUNK`); 0 when there are none.

    Counting lines costs about a second per 300 MB; a document's chunks are counted once it is read.
    """
    from bot.corpus.manifest import source_files

    total = 0
    for path in source_files(corpus_dir) if corpus_dir.is_dir() else []:
        name = path.name.lower()
        if not name.endswith((".jsonl", ".jsonl.gz")):
            total += _document_chunks(path)
            continue
        opener = gzip.open if name.endswith(".gz") else open
        try:
            with opener(path, "rb") as handle:
                total += sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
        except (OSError, EOFError):
            pass  # the build reports the unreadable file
    return total


def _document_chunks(path: Path) -> int:
    """A document file's chunks as its size suggests (at least one)."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0  # the build reports the unreadable file
    per = TEXT_BYTES_PER_CHUNK if path.name.lower().endswith(TEXT_SUFFIXES) else OTHER_BYTES_PER_CHUNK
    return max(1, round(size / per))


def has_documents(corpus_dir: Path) -> bool:
    """Whether the corpus holds files besides .jsonl(.gz) (Markdown, Word, PDF, …): their chunks are known only once
    they are read, so a total from `expected_chunks` is then an estimate."""
    from bot.corpus.manifest import source_files

    return corpus_dir.is_dir() and any(not path.name.lower().endswith((".jsonl", ".jsonl.gz"))
                                       for path in source_files(corpus_dir))


def _eta(seconds: float) -> str:
    if seconds >= 90:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


def enough_done(share: float, elapsed: float) -> bool:
    """Whether the time left may be told from the rate so far (`ETA_MIN_SHARE` done, `ETA_MIN_SECONDS` spent)."""
    return share >= ETA_MIN_SHARE and elapsed >= ETA_MIN_SECONDS


class LogLines:
    """Progress as plain lines for logs ("12,000 / 347,031 chunks, 3 %, 41 s left").

    An `estimate` total (document files add chunks no count up front holds) is said to be one ("65 / about 973
    chunks"), and past it the lines say how far past, rather than move the denominator mid-run as if it were known.
    """

    def __init__(self, total: int, out: TextIO | None = None, clock: Callable[[], float] = time.monotonic,
                 every: float = LINE_SECONDS, unit: str = "chunks", estimate: bool = False) -> None:
        self.total, self.out, self.clock, self.every, self.unit = total, out or sys.stderr, clock, every, unit
        self.estimate = estimate
        self.passed = False  # the chunks went past an estimated total
        self.started = self.last_time = clock()
        self.last_share = 0.0
        self.file = ""

    def set_file(self, done: int, count: int, name: str) -> None:
        """The file being read now (shown on the next line)."""
        self.file = f"file {done}/{count} {name}"

    def update(self, chunks: int, force: bool = False) -> None:
        """Chunks indexed so far; prints a line when a few seconds or 5 % have passed (or `force`)."""
        now = self.clock()
        total = max(self.total, chunks)
        share = chunks / total if self.total else 0.0
        passing = self.estimate and bool(self.total) and chunks > self.total and not self.passed
        # the estimate passed is said at once: past it the share stays at 100 % and would make no line
        if not (passing or force) and now - self.last_time < self.every and share - self.last_share < LINE_SHARE:
            return
        self.passed = self.passed or passing
        self.last_time, self.last_share = now, share
        elapsed = now - self.started
        if self.total and self.estimate and chunks > self.total:
            line = f"{chunks:,} {self.unit} (more than the {self.total:,} estimated), {_eta(elapsed)}"
        elif self.total:
            about = "about " if self.estimate else ""
            line = f"{chunks:,} / {about}{total:,} {self.unit}, {share * 100:.0f} %"
            if enough_done(share, elapsed):
                line += f", {_eta(elapsed * (1 - share) / share)} left"
        else:
            line = f"{chunks:,} {self.unit}, {_eta(elapsed)}"
        print(f"{line} ({self.file})" if self.file else line, file=self.out, flush=True)


class Counter:
    """A `done, total` progress callback: "12/300" rewritten in place on a terminal; where the output is piped or
    redirected, `LogLines`' lines (every few seconds or 5 %, and the last), which a log keeps one a line.
    """

    def __init__(self, out: TextIO | None = None, unit: str = "done", label: str = "",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.out, self.unit, self.label, self.clock = out or sys.stderr, unit, label, clock
        self.terminal = self.out.isatty()
        self.lines: LogLines | None = None
        self.counted = False  # something was written in place, so `close` ends its line

    def __call__(self, done: int, total: int) -> None:
        """Say that `done` of `total` are done."""
        if self.terminal:
            print(f"\r{self.label}{done:,}/{total:,} {self.unit}", end="", file=self.out, flush=True)
            self.counted = True
            return
        if self.lines is None or self.lines.total != total:
            self.lines = LogLines(total, out=self.out, clock=self.clock, unit=self.unit)
            self.lines.file = self.label.rstrip(": ")
        self.lines.update(done, force=done >= total)

    def close(self) -> None:
        """End the in-place counter's line (the next output starts on a line of its own)."""
        if self.counted:
            print(file=self.out, flush=True)
            self.counted = False
