"""`kommunebot index build|stats|check` and `kommunebot sources`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import corpus_option, index_option, json_option, settings
from bot.corpus.manifest import safe_url
from bot.errors import KommunebotError


@cli.group(name="index")
def index_group() -> None:
    """Build and inspect the search index.

    \b
    Example:
        kommunebot index build && kommunebot index check
    """


def run_build(corpus_dir: Path, index_path: Path, quiet: bool = False, full: bool = False):
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
    for error in report.errors:
        click.secho(f"Error: {error}", err=True, fg="red")
    for warning in report.warnings:
        click.secho(f"Warning: {warning}", err=True, fg="yellow")
    if not quiet or report.errors:
        click.echo(f"Indexed {report.sources} sources ({report.reused_sources} unchanged, reused), "
                   f"{report.chunks} chunks, {report.terms} terms in {report.seconds:.2f} s -> {report.index_path}",
                   err=quiet)
    if report.errors:
        click.echo(f"{len(report.errors)} file(s) or manifest entries could not be read and were skipped; "
                   "the rest were indexed. Fix or remove them and build again.", err=True)
        sys.exit(1)
    return report


@index_group.command(name="build")
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Re-read every source, even unchanged ones.")
def build_cmd(corpus_dir: Path | None, index_path: Path | None, full: bool) -> None:
    """Build the index from the corpus folder (unchanged sources are reused).

    The new index is written to a temporary file and swapped in atomically, so a running
    bot keeps answering; if the build fails, the previous index stays in service.

    \b
    Example:
        kommunebot index build --corpus corpus --index index/kommunebot.db
    """
    s = settings(index_path, corpus_dir)
    run_build(s.corpus_dir, s.index_path, full=full)


def _open(index_path: Path | None):
    from bot.index.store import IndexStore

    return IndexStore.open(settings(index_path).index_path)


@index_group.command(name="stats")
@index_option
@json_option
def stats_cmd(index_path: Path | None, as_json: bool) -> None:
    """Show what the index holds and how it was built.

    \b
    Example:
        kommunebot index stats --json
    """
    store = _open(index_path)
    info = dict(store.counts(), path=str(store.path), size_bytes=store.path.stat().st_size,
                **{k: v for k, v in store.meta.items() if k not in ("corpus_signature",)})
    info["bm25"] = json.loads(info["bm25"])
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    for key, value in info.items():
        click.echo(f"{key:>18}: {value}")


@index_group.command(name="check")
@corpus_option
@index_option
def check_cmd(corpus_dir: Path | None, index_path: Path | None) -> None:
    """Check the index: schema, counts, every chunk's source, not stale against the corpus.

    Exits 1 and names the fix when a check fails.

    \b
    Example:
        kommunebot index check
    """
    from bot.index.check import check_index

    s = settings(index_path, corpus_dir)
    problems = check_index(s.index_path, s.corpus_dir)
    if s.corpus_dir.is_dir():  # what the manifest got wrong: the index may lack files or metadata
        from bot.corpus.manifest import read_manifest

        manifest = read_manifest(s.corpus_dir)
        for warning in (*manifest.errors, *manifest.warnings):
            click.secho(f"WARN {warning}", err=True, fg="yellow")
    if problems:
        for problem in problems:
            click.secho(f"FAIL {problem}", err=True, fg="red")
        raise KommunebotError(f"the index at {s.index_path} failed {len(problems)} check(s)",
                              hint=f"run: kommunebot index build --corpus {s.corpus_dir} --index {s.index_path}")
    click.echo(f"OK {s.index_path}: schema, counts, sources and corpus all check out")


@cli.command(name="sources")
@index_option
@json_option
def sources_cmd(index_path: Path | None, as_json: bool) -> None:
    """List the indexed sources: title, publisher, date, language, chunks.

    \b
    Example:
        kommunebot sources
    """
    rows = [{k: s[k] for k in ("id", "title", "publisher", "date", "lang", "chunks", "url")}
            for s in _open(index_path).sources()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['title']}\n    {r['publisher'] or '-'} · {r['date'] or '-'} · {r['lang'] or '-'} · "
                   f"{r['chunks']} chunks" + (f"\n    {r['url']}" if safe_url(r["url"]) else ""))
