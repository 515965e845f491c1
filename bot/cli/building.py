"""Running an index build from the command line: progress, the summary (or its JSON), exit 1 on failed files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.index.build import BuildReport


def _progress(corpus_dir: Path, quiet: bool):
    """(on_file, on_chunks, close): a tqdm bar in a terminal, log lines when piped, nothing when quiet."""
    if quiet:
        return None, None, lambda: None
    from bot.cli.progress import LogLines, expected_chunks

    total = expected_chunks(corpus_dir)
    if not sys.stderr.isatty():
        log = LogLines(total)
        return log.set_file, log.update, lambda: None
    from tqdm import tqdm

    # tqdm's monitor thread would make the build's fork check say no (one thread only may fork),
    # and the worker processes would never be used: the bar needs no monitor.
    tqdm.monitor_interval = 0
    # One bar counting chunks (a law corpus is two files of 100,000s of passages), labelled with the file.
    bar = tqdm(total=total or None, unit=" chunks", file=sys.stderr, leave=False)

    def on_file(done: int, count: int, name: str) -> None:
        bar.set_description_str(f"{done}/{count} {name[-40:]}")

    def on_chunks(indexed: int) -> None:
        if bar.total is not None and indexed > bar.total:
            bar.total = indexed
        bar.update(indexed - bar.n)

    return on_file, on_chunks, bar.close


def build_summary(report: BuildReport) -> dict:
    """A build report as JSON-ready data."""
    return {"index": str(report.index_path), "sources": report.sources, "reused_sources": report.reused_sources,
            "chunks": report.chunks, "terms": report.terms, "seconds": round(report.seconds, 3),
            "errors": list(report.errors), "skipped": list(report.skipped)}


def run_build(corpus_dir: Path, index_path: Path, quiet: bool = False, full: bool = False,
              as_json: bool = False) -> BuildReport:
    """Build with progress on long builds; print the summary; exit 1 if files failed."""
    from bot.index.build import build_index

    on_file, on_chunks, close = _progress(corpus_dir, quiet or as_json)
    try:
        report = build_index(corpus_dir, index_path, progress=on_file, incremental=not full,
                             passage_progress=on_chunks)
    finally:
        close()
    if as_json:
        click.echo(json.dumps(build_summary(report), ensure_ascii=False, indent=2))
        if report.errors:
            sys.exit(1)
        return report
    for skipped in report.skipped:
        click.echo(f"Warning: {skipped}", err=True)
    for error in report.errors:
        click.secho(f"Error: {error}", err=True, fg="red")
    if not quiet or report.errors:
        click.echo(f"Indexed {report.sources} sources ({report.reused_sources} unchanged, reused), "
                   f"{report.chunks} chunks, {report.terms} terms in {report.seconds:.2f} s -> {report.index_path}",
                   err=quiet)
    if report.errors:
        click.echo(f"{len(report.errors)} file(s) could not be read; the rest were indexed. "
                   "Fix or remove them and build again.", err=True)
        sys.exit(1)
    return report
