"""Options and helpers shared by several commands: index path, corpus, opening the engine."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.answer.engine import Engine, configured_index
from bot.answer.engine import open_engine as make_engine
from bot.cli import NAMED_INDEX
from bot.cli.building import run_build
from bot.config import Settings
from bot.errors import IndexMissing, IndexStale, KommunebotError, build_hint, naming_index
from bot.index.signatures import pack_differences, pack_signatures

if TYPE_CHECKING:
    from bot.index.store import IndexStore

STALE_WARNING = "Warning: the corpus changed since the index was built: run kommunebot index build"
PACKS_WARNING = ("Warning: the index was built with other source packs than these settings name ({}): "
                 "run kommunebot index build")

# No option reads the environment itself (no `envvar=`): an option left out is None and the command takes
# the value from Settings, which read and checked KOMMUNEBOT_* once, so a bad value gets one message.
index_option = click.option(
    "--index", "index_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Index file [env KOMMUNEBOT_INDEX; default index/kommunebot.db in a source checkout, "
         "else kommunebot.db in the user's data folder].")
corpus_option = click.option(
    "--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Corpus folder [env KOMMUNEBOT_CORPUS; default corpus/ of the checkout, else the bundled one].")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def settings(index_path: Path | None = None, corpus_dir: Path | None = None, given: tuple[str, ...] = ()) -> Settings:
    """The settings from the environment, with command-line options on top; the lemma table goes to their cache.

    A variable an option overrides (--index, --corpus, and the `given` ones: "KOMMUNEBOT_TOP" for --top) is not read,
    so a bad value of it does not stop a command whose option says otherwise: the option wins, as the README says.
    """
    from dataclasses import replace

    from bot.analysis.lemma import use_cache_dir

    overridden = (*given, *(("KOMMUNEBOT_CORPUS",) if corpus_dir else ()))
    s = Settings.from_env(index_path=index_path, overridden=overridden)  # feedback and pins beside the index
    if corpus_dir:
        s = replace(s, corpus_dir=corpus_dir)
    use_cache_dir(s.cache_dir)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and s.index_named_by:  # the fixes the command prints name it (bot.cli._Group)
        ctx.meta[NAMED_INDEX] = s.index_path
    return s.checked() if index_path or corpus_dir else s


def _built_from_here(s: Settings) -> bool:
    """Whether the index was built from `s.corpus_dir` (or says nothing of its corpus): only then may it
    be built again from there without losing another corpus's chunks."""
    from bot.index.store import IndexStore

    try:
        # its metadata alone, whatever analyzer or schema built it (an earlier schema's had been taken for a foreign
        # index, and never built again)
        return IndexStore.recorded_corpus(s.index_path) in (None, str(s.corpus_dir.resolve()))
    except KommunebotError:
        return False


def open_engine(s: Settings, create_pins: bool = False, require_pins: bool = False) -> Engine:
    """The front ends' engine (bot.answer.engine), building a missing index first (with a notice), and
    again one that an earlier kommunebot's analyzer built from the same corpus (an upgrade); warning
    when the corpus changed since the index was built, or the pins file is unusable."""
    if not s.index_path.exists():
        if s.index_named_by:  # named by --index or KOMMUNEBOT_INDEX alike: a typo must not get an index of its own
            raise IndexMissing(f"no index at {s.index_path} (named by {s.index_named_by})",
                               hint=build_hint(s.index_path))
        click.echo(f"Notice: no index at {s.index_path}; building it from {s.corpus_dir} first.", err=True)
        run_build(s, quiet=True, keep_going=True)
    engine = make_engine(s, create_pins, require_pins)
    try:
        store = engine.searcher().store  # the index's own error (damaged, another analyzer) stops here
    except IndexStale:
        # An upgrade changed how text becomes terms: the index is derived from the corpus, so it is made
        # again, as a missing one is; an index of another corpus, or one named by --index, is left as it is.
        if not (configured_index(s) and _built_from_here(s)):
            raise
        engine.close()
        # the analyzer's version names kommunebot's analysis and the dictionaries' releases (simplemma, PyStemmer)
        click.echo(f"Notice: {s.index_path} was built by another kommunebot version or dictionary release; "
                   f"building it again from {s.corpus_dir} first.", err=True)
        run_build(s, quiet=True, keep_going=True)
        engine = make_engine(s, create_pins, require_pins)
        store = engine.searcher().store
    if engine.pins_unavailable:  # the questions are answered all the same
        click.echo(f"Warning: answering without pinned answers: {engine.pins_unavailable}", err=True)
    if s.corpus_dir.is_dir() and store.meta.corpus_dir in (None, str(s.corpus_dir.resolve())):
        try:
            store.check_corpus(s.corpus_dir)
        except IndexStale:
            # The bot keeps answering from the index it has; so does the terminal, with a warning.
            click.echo(naming_index(STALE_WARNING, engine.named), err=True)
    warn_of_other_packs(store, s)
    return engine


def warn_of_other_packs(store: IndexStore, s: Settings) -> None:
    """Say on stderr when the index was built with other packs than the settings name (the law pack on or off, or its
    files changed since); the bot and the page log it (bot.search.holder)."""
    if differs := pack_differences(store.meta.packs, pack_signatures(s.packs)):
        click.echo(naming_index(PACKS_WARNING.format(differs), s.index_path if s.index_named_by else None), err=True)
