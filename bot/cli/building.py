"""Running an index build from the command line: progress, the summary (or its JSON), exit 1 on failed files."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.cli.progress import LogLines, enough_done
from bot.config import Settings
from bot.corpus.characters import printable

if TYPE_CHECKING:  # the build's modules are imported when a build runs: every command imports this one (0.1-0.2 s)
    from bot.answer.successor import BrokenPin
    from bot.index.build import BuildReport


class _Progress:
    """A build's progress: tqdm bars in a terminal, log lines when piped, nothing when quiet.

    Two stages: chunks read and analysed, then chunks embedded (when semantic search is on).
    """

    def __init__(self, corpus_dir: Path, quiet: bool, packs: tuple[Path, ...] = ()) -> None:
        self.quiet = quiet
        self.terminal = sys.stderr.isatty()
        self.bar: Any = None        # tqdm bars, in a terminal
        self.embed_bar: Any = None
        self.log: LogLines | None = None  # log lines, when piped
        self.embed_log: LogLines | None = None
        self.bar_formats = ("", "")  # the terminal bar's, without the time left and with it
        if quiet:
            return
        from bot.cli.progress import expected_chunks, has_documents

        # the .jsonl files' passages are counted up front; a document's chunks only once it is read (chunking it is
        # the build's work), so with documents the total is an estimate and is shown as one
        total = expected_chunks(corpus_dir) + sum(expected_chunks(pack) for pack in packs)
        estimate = any(has_documents(folder) for folder in (corpus_dir, *packs))
        if not self.terminal:
            self.log = LogLines(total, estimate=estimate)
            return
        from tqdm import tqdm

        # tqdm's monitor thread would make the build's fork check say no (only a process with one
        # thread may fork), and the worker processes would never be used: the bars need no monitor.
        tqdm.monitor_interval = 0
        # One bar counting chunks (a law corpus is two files of 100,000s of passages), labelled with the file.
        # The time left only once enough is done (progress.enough_done): tqdm's from the first chunks said minutes for
        # a build of seconds.
        if estimate:
            counts = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/about {total_fmt} chunks "
            self.bar_formats = (counts + "[{elapsed}]", counts + "[{elapsed}<{remaining}]")
        else:  # tqdm's own bar, its time left held back as well
            counts = "{l_bar}{bar}| {n_fmt}/{total_fmt} "
            self.bar_formats = (counts + "[{elapsed}, {rate_fmt}{postfix}]",
                                counts + "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")
        self.bar = tqdm(total=total or None, unit=" chunks", file=sys.stderr, leave=False,
                        bar_format=self.bar_formats[0] if total else None)

    def file(self, done: int, count: int, name: str) -> None:
        """A file starts (its name shown with any terminal escape in it made visible, never run)."""
        name = printable(name)
        if self.bar is not None:
            self.bar.set_description_str(f"{done}/{count} {name[-40:]}")
        elif self.log is not None:
            self.log.set_file(done, count, name)

    def chunks(self, indexed: int) -> None:
        """Chunks indexed so far."""
        if self.bar is not None:
            if self.bar.total is not None and indexed > self.bar.total:
                self.bar.total = indexed
            if self.bar.total and self.bar.bar_format == self.bar_formats[0] and \
                    enough_done(indexed / self.bar.total, self.bar.format_dict["elapsed"]):
                self.bar.bar_format = self.bar_formats[1]
            self.bar.update(indexed - self.bar.n)
        elif self.log is not None:
            self.log.update(indexed)

    def embedded(self, done: int, total: int) -> None:
        """Chunks embedded so far, of `total`."""
        if self.quiet:
            return
        if not self.terminal:
            if self.embed_log is None:
                self.embed_log = LogLines(total, unit="chunks embedded")
            self.embed_log.update(done)
            return
        from tqdm import tqdm

        if self.embed_bar is None:
            if self.bar is not None:
                self.bar.close()
            # tqdm shows the rate and the time left from the total
            self.embed_bar = tqdm(total=total, unit=" chunks embedded", file=sys.stderr, leave=False)
        self.embed_bar.update(done - self.embed_bar.n)

    def close(self) -> None:
        """Take the bars off the terminal."""
        for bar in (self.bar, self.embed_bar):
            if bar is not None:
                bar.close()


def build_summary(report: BuildReport) -> dict:
    """A build report as JSON-ready data (`index build --json`)."""
    return {"index": str(report.index_path), "sources": report.sources, "reused_sources": report.reused_sources,
            "chunks": report.chunks, "terms": report.terms, "seconds": round(report.seconds, 3),
            "semantic": report.semantic, "vectors": report.vectors, "embedded": report.embedded,
            "errors": list(report.errors), "warnings": list(report.warnings), "skipped": list(report.skipped),
            "notes": list(report.notes), "removed": list(report.removed), "kept": list(report.kept),
            "questions_followed": [{"from": old, "to": new} for old, new in report.followed]}


def run_build(s: Settings, quiet: bool = False, full: bool = False, as_json: bool = False,
              keep_going: bool = False) -> BuildReport:
    """Build with progress on long builds (chunks read, then chunks embedded); print the summary.

    Exits 1 if files failed, unless `keep_going`: a front end's first build answers from the files it could read.
    """
    from bot.index.build import build_from_settings
    from bot.semantic.embedder import load_embedder

    progress = _Progress(s.corpus_dir, quiet or as_json, s.packs)

    embedder = load_embedder(s.semantic, runtime=s.model_runtime, cache_dir=s.cache_dir)
    try:
        report = build_from_settings(s, embedder, full=full, progress=progress.file,
                                     passage_progress=progress.chunks, embed_progress=progress.embedded)
    finally:
        progress.close()
    if as_json:
        broken = [broken_pin_json(b) for b in broken_pins(s, report.index_path)]
        click.echo(json.dumps({**build_summary(report), "broken_pins": broken}, ensure_ascii=False, indent=2))
        if report.errors:
            sys.exit(1)
        return report
    for note in report.notes:
        click.echo(f"Notice: {note}", err=True)
    for pin in broken_pins(s, report.index_path):
        click.secho(f"Warning: {broken_pin_line(pin)}", err=True, fg="yellow")
    for skipped in report.skipped:
        click.echo(f"Warning: {skipped}", err=True)
    for warning in report.warnings:
        click.secho(f"Warning: {warning}", err=True, fg="yellow")
    for error in report.errors:
        click.secho(f"Error: {error}", err=True, fg="red")
    if not quiet or report.errors:
        gone = f"; {len(report.removed)} removed: {', '.join(report.removed)}" if report.removed else ""
        click.echo(f"Indexed {report.sources} sources ({report.reused_sources} unchanged, reused{gone}), "
            f"{report.chunks} chunks, {report.terms} terms in {report.seconds:.2f} s -> {report.index_path}",
            err=quiet)
        click.echo(f"Semantic search {report.semantic}: {report.vectors} chunks with vectors "
            f"({report.embedded} embedded now, {report.vectors - report.embedded} reused)", err=quiet)
    if report.errors:
        click.echo(closing_line(len(report.errors), len(report.left_out), len(report.kept)), err=True)
        if not keep_going:
            sys.exit(1)
    return report


def closing_line(errors: int, left_out: int, kept: int = 0) -> str:
    """The build's last word on its errors: the files they kept out (and of how many the passages indexed before are
    kept), and the manifest's errors that kept none out."""
    skipped = f"{left_out} file(s) could not be read or used and were skipped; the rest were indexed" \
        + (f"; the passages indexed before from {kept} of them are kept" if kept else "")
    if errors == left_out:
        return f"{skipped}. Fix or remove them and build again."
    if not left_out:
        return f"{errors} error(s) in sources.toml; no file was skipped for them. Fix them and build again."
    return f"{errors} errors: {skipped}; the other {errors - left_out}, in sources.toml, skipped no file. " \
           "Fix them and build again."


def broken_pins(s: Settings, index_path: Path) -> list[BrokenPin]:
    """Each course leader's pin the built index no longer serves (its passage gone, or its text changed), with the
    passage offered instead; none when there is no pins file or it cannot be read (the page and the bot say why then).

    A document's passage is known by a hash of its text, so an edited document, or a chunker that now keeps a line
    it had dropped, gives its passage a new id: the pin is then never served, and the build is where a maintainer
    learns it, not a course leader in front of a class."""
    from bot.answer.pins import PinStore
    from bot.answer.successor import broken_pin
    from bot.errors import KommunebotError
    from bot.index.store import IndexStore

    if not s.pins_path.is_file():
        return []
    try:
        store, pins = IndexStore.open(index_path), PinStore.open(s.pins_path)
    except KommunebotError:
        return []
    try:
        return [broken for pin in pins.pins() if (broken := broken_pin(store, pin)) is not None]
    finally:
        pins.close()
        store.close()


def broken_pin_json(broken: BrokenPin) -> dict:
    """A broken pin as `index build --json` gives it: its fields, the offer's overlap to three decimals."""
    out = asdict(broken)
    if broken.successor is not None:
        out["successor"]["overlap"] = round(broken.successor.overlap, 3)
    return out


def broken_pin_line(broken: BrokenPin) -> str:
    """The warning for one pin the index no longer serves, offering what its passage most likely became."""
    line = f"the pin for «{printable(broken.question)}» is no longer served: its passage " \
        f"({printable(broken.chunk_id)}) changed, or is no longer in this index."
    found = broken.successor
    if found is not None:
        where = ", ".join(x for x in (found.title, found.location) if x)
        return f"{line} It most likely became {printable(where)}, «{printable(found.opening)} …» " \
            f"({round(found.overlap * 100)} % of its words): pin that with one click under Festede svar " \
            "(kommunebot serve), or remove the pin there."
    return f"{line} Pin the passage again on the page (kommunebot serve, Spør), or remove the pin under Festede svar."
