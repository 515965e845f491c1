"""Options and helpers shared by several commands: index path, corpus, opening the searcher."""

from __future__ import annotations

from pathlib import Path

import click

from bot.answer.pins import PinStore
from bot.cli.building import run_build
from bot.config import Settings
from bot.errors import IndexMissing, IndexStale
from bot.index.build import pack_signatures
from bot.index.store import IndexStore
from bot.search.retriever import Searcher

STALE_WARNING = "Warning: the corpus changed since the index was built: run kommunebot index build"

index_option = click.option(
    "--index", "index_path", type=click.Path(dir_okay=False, path_type=Path), envvar="KOMMUNEBOT_INDEX",
    help="Index file [env KOMMUNEBOT_INDEX; default index/kommunebot.db in a source checkout, "
         "else kommunebot.db in the user's data folder].")
corpus_option = click.option(
    "--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), envvar="KOMMUNEBOT_CORPUS",
    help="Corpus folder [env KOMMUNEBOT_CORPUS; default corpus/ of the checkout, else the bundled one].")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def settings(index_path: Path | None = None, corpus_dir: Path | None = None) -> Settings:
    """The settings from the environment, with command-line options on top."""
    from dataclasses import replace

    s = Settings.from_env()
    if index_path:
        s = replace(s, index_path=index_path)
    if corpus_dir:
        s = replace(s, corpus_dir=corpus_dir)
    return s


def open_pins(s: Settings) -> PinStore | None:
    """The course leaders' pinned answers, when any were made (the file is not created here)."""
    return PinStore.open(s.pins_path) if s.pins_path.is_file() else None


def open_searcher(s: Settings) -> Searcher:
    """The searcher over the configured index, building it first (with a notice) when missing."""
    from bot.analysis import default_analyzer

    analyzer = default_analyzer()
    try:
        store = IndexStore.open(s.index_path, analyzer_version=analyzer.version)
    except IndexMissing:
        if s.index_path.resolve() != Settings.from_env().index_path.resolve():
            # only the configured location (KOMMUNEBOT_INDEX, else the default) is built unasked:
            # a missing file named by --index is more likely a typo
            raise IndexMissing(f"no index at {s.index_path}", hint="check the path, or build it: "
                               f"kommunebot index build --index {s.index_path}") from None
        click.echo(f"Notice: no index at {s.index_path}; building it from {s.corpus_dir} first.", err=True)
        run_build(s, quiet=True)
        store = IndexStore.open(s.index_path, analyzer_version=analyzer.version)
    if s.corpus_dir.is_dir() and store.meta.get("corpus_dir") in (None, str(s.corpus_dir.resolve())):
        try:
            store.check_corpus(s.corpus_dir)
            if store.meta.get("packs", "{}") != pack_signatures(s.packs):  # the law pack turned on or off, or changed
                raise IndexStale("the packs changed after the index was built")
        except IndexStale:
            # The bot keeps answering from the index it has; so does the terminal, with a warning.
            click.echo(STALE_WARNING, err=True)
    from bot.semantic.embedder import load_embedder

    # one engine thread for single questions (unless this process just built with the default)
    return Searcher(store, analyzer, load_embedder(s.semantic, threads=1))
