"""Running an index build from the command line: progress on a terminal, the summary, exit 1 on failed files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.index.build import BuildReport


def run_build(corpus_dir: Path, index_path: Path, quiet: bool = False, full: bool = False) -> BuildReport:
    """Build with a progress bar on long builds; print the summary; exit 1 if files failed."""
    from tqdm import tqdm

    from bot.index.build import build_index

    # One bar counting chunks (a law corpus is two files of 100,000s of passages), labelled
    # with the file being read; tqdm leaves it out when stderr is not a terminal.
    bar = None if quiet else tqdm(unit=" chunks", file=sys.stderr, disable=None, leave=False)

    def progress(done: int, total: int, name: str) -> None:
        if bar is not None:
            bar.set_description_str(f"{done}/{total} {name[-40:]}")

    def chunks(indexed: int) -> None:
        if bar is not None:
            bar.update(indexed - bar.n)

    report = build_index(corpus_dir, index_path, progress=progress, incremental=not full, passage_progress=chunks)
    if bar is not None:
        bar.close()
    for note in report.notes:
        click.echo(f"Notice: {note}", err=True)
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
