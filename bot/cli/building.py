"""Running an index build from the command line: progress on a terminal, the summary, exit 1 on failed files."""

from __future__ import annotations

import sys

import click

from bot.config import Settings
from bot.index.build import BuildReport


def run_build(s: Settings, quiet: bool = False, full: bool = False) -> BuildReport:
    """Build with progress bars on long builds (chunks read, then chunks embedded); print the summary.

    Exits 1 if files failed.
    """
    from tqdm import tqdm

    from bot.index.build import build_index
    from bot.semantic.embedder import load_embedder

    corpus_dir, index_path = s.corpus_dir, s.index_path

    # One bar counting chunks (a law corpus is two files of 100,000s of passages), labelled
    # with the file being read; tqdm leaves it out when stderr is not a terminal.
    bar = None if quiet else tqdm(unit=" chunks", file=sys.stderr, disable=None, leave=False)

    def progress(done: int, total: int, name: str) -> None:
        if bar is not None:
            bar.set_description_str(f"{done}/{total} {name[-40:]}")

    def chunks(indexed: int) -> None:
        if bar is not None:
            bar.update(indexed - bar.n)

    embed_bar = None

    def embedded(done: int, total: int) -> None:
        nonlocal embed_bar
        if quiet:
            return
        if embed_bar is None:
            if bar is not None:
                bar.close()
            # tqdm shows the rate and the time left from the total
            embed_bar = tqdm(total=total, unit=" chunks embedded", file=sys.stderr, disable=None, leave=False)
        embed_bar.update(done - embed_bar.n)

    report = build_index(corpus_dir, index_path, progress=progress, incremental=not full, passage_progress=chunks,
                         embedder=load_embedder(s.semantic), semantic_max_chunks=s.semantic_max_chunks,
                         embed_progress=embedded)
    for open_bar in (bar, embed_bar):
        if open_bar is not None:
            open_bar.close()
    for note in report.notes:
        click.echo(f"Notice: {note}", err=True)
    for error in report.errors:
        click.secho(f"Error: {error}", err=True, fg="red")
    if not quiet or report.errors:
        click.echo(f"Indexed {report.sources} sources ({report.reused_sources} unchanged, reused), "
                   f"{report.chunks} chunks, {report.terms} terms in {report.seconds:.2f} s -> {report.index_path}",
                   err=quiet)
        click.echo(f"Semantic search {report.semantic}: {report.vectors} chunks with a vector "
                   f"({report.embedded} embedded now, {report.vectors - report.embedded} reused)", err=quiet)
    if report.errors:
        click.echo(f"{len(report.errors)} file(s) could not be read; the rest were indexed. "
                   "Fix or remove them and build again.", err=True)
        sys.exit(1)
    return report
