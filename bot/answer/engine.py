"""What every front end answers from, made in one place: the searcher (with the embedder) and the pins."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.answer.compose import answer
from bot.answer.followup import Reading, read_reply
from bot.answer.model import Answer
from bot.answer.pins import OnlyPin, Pin, PinStore, PinsUnavailable
from bot.config import Settings
from bot.errors import IndexInvalid, IndexMissing, IndexStale, KommunebotError, build_hint, naming_index
from bot.search.holder import SearcherHolder
from bot.search.retriever import Searcher


@dataclass(frozen=True)
class Engine:
    """The index's searcher, swapped on a rebuild, and the course leaders' pins (None: no pins file yet)."""

    holder: SearcherHolder
    pins: PinStore | None = None
    pins_unavailable: str = ""  # why the pins file could not be opened (answers come without pins)
    missing_hint: str = ""  # the fix for a missing index: its build command, with --index where named
    named: Path | None = None  # the index, when named by --index or KOMMUNEBOT_INDEX: every fix names it too

    def fix(self, hint: str) -> str:
        """`hint` acting on this engine's index: a build or check in it names `--index PATH` where the index was
        named (following "run: kommunebot index build" had rebuilt the default index, not the damaged one)."""
        return naming_index(hint, self.named)

    @contextmanager
    def _fixes(self) -> Iterator[None]:
        """The index's errors with fixes that act on this index (the build must write where the command reads)."""
        try:
            yield
        except IndexMissing as exc:
            if not self.missing_hint:
                raise
            raise IndexMissing(str(exc), hint=self.missing_hint) from None
        except (IndexStale, IndexInvalid) as exc:
            # a damaged page may show only when a question reads it, so answers are covered as well as the opening
            if not self.named:
                raise
            raise type(exc)(str(exc), hint=self.fix(exc.hint)) from None

    def searcher(self) -> Searcher:
        """The searcher over the index as it is now."""
        with self._fixes():
            return self.holder.get()

    def answer(self, question: str, top: int, offset: int = 0, asker: str | None = None,
               focus: str | None = None) -> Answer:
        """`answer()` over this engine's searcher and pins (`asker`: the language the asker reads, where known; `focus`:
        the reply a follow-up ends with, `Reading.focus`)."""
        with self._fixes():
            return answer(question, self.searcher(), top=top, offset=offset, pins=self.pins, asker=asker, focus=focus)

    def read(self, text: str, earlier: str | None = None) -> Reading:
        """`text` as it is searched: alone, or, replied to the answer to `earlier`, as its follow-up (`read_reply`)."""
        with self._fixes():
            return read_reply(text, earlier, self.searcher().function_words()) if earlier else Reading(text)

    def answer_pinned(self, pin: Pin, top: int = 1) -> Answer:
        """The answer to `pin`'s question as it is when `pin` is served first, whichever pin is served now."""
        with self._fixes():
            return answer(pin.question, self.searcher(), top=top, pins=OnlyPin(pin))

    def close(self) -> None:
        """Close the pins file (the index closes with the process)."""
        if self.pins is not None:
            self.pins.close()


def open_engine(settings: Settings, create_pins: bool = False, require_pins: bool = False) -> Engine:
    """The engine over the configured index, for the CLI, the page and the bot alike.

    The embedder is the process's model as `settings.semantic` allows, on
    `settings.model_threads` engine threads at most (KOMMUNEBOT_MODEL_THREADS; no more than the
    machine's cores), and numpy's BLAS on one.
    The pins file is opened when it exists; `create_pins` makes it (the page and the bot write
    pins; the terminal only reads them). A pins file that cannot be used (damaged,
    foreign, unreadable) leaves the engine without pins, saying why in `pins_unavailable`, unless
    `require_pins` (the page, which writes them) makes it an error. Nothing is opened from the
    index until the first `searcher()`, which raises the index's error when it is missing or stale.
    """
    from bot.semantic import embedder  # looked up at call time, so a test can put in the fake model

    holder = SearcherHolder(settings.index_path,
                            embedder=embedder.question_embedder(settings.semantic, settings.model_threads,
                                                                settings.model_runtime, settings.cache_dir),
                            country=settings.country, packs=settings.packs)
    pins, why = None, ""
    if create_pins or settings.pins_path.is_file():
        try:
            pins = PinStore.open(settings.pins_path)
        except PinsUnavailable as exc:
            if require_pins:
                raise
            why = f"{exc} ({exc.hint})" if exc.hint else str(exc)
    # KOMMUNEBOT_INDEX names an index as --index does (index_named_by); settings made in code say only their path
    named = settings.index_path if settings.index_named_by or not configured_index(settings) else None
    return Engine(holder, pins, why, build_hint(named), named)


def configured_index(settings: Settings) -> bool:
    """Whether the index is the one the environment configures (KOMMUNEBOT_INDEX, else the default), which a plain
    `kommunebot index build` builds and a front end builds unasked; one named by --index is not (missing, it is more
    likely a typo)."""
    try:
        return Settings.from_env().index_path.resolve() == settings.index_path.resolve()
    except (KommunebotError, OSError):
        return False
