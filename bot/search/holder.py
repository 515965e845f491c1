"""Holding the current Searcher and swapping in a rebuilt index without a restart."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.analysis import Analyzer, default_analyzer
from bot.errors import KommunebotError
from bot.index.signatures import pack_differences, pack_signatures
from bot.index.store import IndexStore
from bot.search.retriever import Searcher
from bot.semantic.embedder import Embedder

log = logging.getLogger(__name__)


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class SearcherHolder:
    """Gives the Searcher for the index file as it is now; a swapped file is opened on next use.

    An atomic rebuild replaces the file (new inode): the next question opens it, while
    questions already running finish on the old connection. If the file vanishes or the new
    one cannot be opened, the loaded index keeps serving and the problem is logged.
    """

    def __init__(self, index_path: Path, analyzer: Analyzer | None = None, embedder: Embedder | None = None,
                 country: str | None = None, packs: Sequence[Path] | None = None) -> None:
        self.index_path = Path(index_path)
        # The pack folders the settings name (Settings.packs); None: not compared. Their files are read again at each
        # load, not once at start: a law added to the pack and rebuilt while this runs is what the settings name now.
        self.packs = tuple(packs) if packs is not None else None
        self.country = country  # the bot's own country, for each Searcher (Settings.country)
        self.analyzer = analyzer or default_analyzer()
        self.embedder = embedder
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._identity: tuple[int, int, int] | None = None

    def get(self) -> Searcher:
        """The current Searcher; raises the index's error only when none was ever loaded."""
        ident = _identity(self.index_path)
        with self._lock:
            if self._searcher is not None and (ident is None or ident == self._identity):
                return self._searcher
            try:
                store = IndexStore.open(self.index_path, analyzer_version=self.analyzer.version)
            except KommunebotError as exc:
                if self._searcher is None:
                    raise
                if ident is not None and self._identity is not None and ident[0] == self._identity[0]:
                    # the loaded index's own file changed in place (no swap): what it kept in memory may
                    # hide the damage, so every question reads the file again and meets it
                    self._searcher.store.forget()
                log.error("keeping the loaded index: %s (%s)", exc, exc.hint)
                self._identity = ident  # do not retry on every question; retried when the file changes
                return self._searcher
            swapped = self._searcher is not None
            self._searcher = Searcher(store, self.analyzer, self.embedder, country=self.country)
            self._identity = ident
            log.info("index loaded: %s (%s chunks, semantic %s)", self.index_path, store.n_docs,
                     "on" if self._searcher.semantic else "off")
            differs = pack_differences(store.meta.packs, pack_signatures(self.packs)) if self.packs is not None else ""
            if differs:
                # built with other settings (the law pack left out, or changed since): answered all the same, said; a
                # warning when a rebuild swaps it in (the command that starts a front end warns of the first itself)
                log.log(logging.WARNING if swapped else logging.INFO,
                        "the index %s was built with other source packs than these settings name: %s. Build it again "
                        "(kommunebot index build), or, if it was built so on purpose, restart with the settings "
                        "it was built with", self.index_path, differs)
            return self._searcher

    def reload(self) -> Searcher:
        """Force the next `get` to look at the file again."""
        with self._lock:
            self._identity = None
        return self.get()
