"""`kommunebot index build|stats|check` and `kommunebot sources`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bot.cli import cli
from bot.cli.building import run_build
from bot.cli.options import corpus_option, index_option, json_option, settings
from bot.errors import KommunebotError


@cli.group(name="index")
def index_group() -> None:
    """Build and inspect the search index.

    \b
    Example:
        kommunebot index build && kommunebot index check
    """


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
    rows = [{k: getattr(s, k) for k in ("id", "title", "publisher", "date", "lang", "chunks", "url")}
            for s in _open(index_path).sources()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['title']}\n    {r['publisher'] or '-'} · {r['date'] or '-'} · {r['lang'] or '-'} · "
                   f"{r['chunks']} chunks" + (f"\n    {r['url']}" if r["url"] else ""))
