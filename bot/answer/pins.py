"""Pinned answers and marks: a facilitator's chosen passage for a question, served to its paraphrases."""

from __future__ import annotations

import logging
import math
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from bot.analysis.country import named_country
from bot.analysis.language import language_family
from bot.answer.marks import REFUSAL, Exported, Mark, export_marks
from bot.errors import KommunebotError
from bot.index.store import IndexStore
from bot.migrations import foreign, migrate, private_file, read_only
from bot.search.retriever import Hit, Searcher

if TYPE_CHECKING:
    import sqlite_utils

# Weighted Jaccard of the analysed terms (idf weights) at or above which a question is taken
# as a paraphrase of a pinned one. Measured by benchmarks/pin_threshold.py on 40 paraphrase
# pairs and 40 pairs of different questions on the same topics: at 0.70, 27/40 paraphrases
# match and 0/40 different questions (the closest different pair scores 0.658); at 0.55,
# 31/40 and 1/40. A wrong pin puts a wrong passage first under the course leader's name, so
# the threshold is set for no wrong match.
TERM_THRESHOLD = 0.7
# Cosine of the semantic model's normalised question embeddings (multilingual-e5-small), used
# instead when a similarity is given; the question-kind rule applies to both. Measured by the
# same script (--semantic) on the same pairs: at 0.95, 34/40 paraphrases and 0/40 different
# questions (the closest scores 0.942; e5's cosines crowd above 0.8, so the margin is thin).
SEMANTIC_THRESHOLD = 0.95
# On a semantic index a question is also the pinned one where their analysed terms overlap at TERM_THRESHOLD (the
# search's own reading, typo correction included): the model's cosine of a typo'd question with the pinned one falls
# below 0.95 ("Når er en folkevalgt inhabli?", 0.945), though the search reads both alike. Each measure alone matched
# none of the different-question pairs (benchmarks/pin_threshold.py, "either"); off: False (the cosine alone).
TERMS_TOO = True
MAX_NAME_CHARS = 80
MAX_ID = (1 << 63) - 1  # SQLite's largest rowid; a larger id in a URL names no pin
PINS_HINT = "point KOMMUNEBOT_PINS_DB at the pins file (by default pins.db beside the index), or move it away"
log = logging.getLogger(__name__)

Similarity = Callable[[str, str], float]

# The question word says what is asked, but the analyzer drops it as a stopword: "Hva gjør
# kontrollutvalget?" and "Hvem sitter i kontrollutvalget?" share every term. Two questions
# that open with question words of different kinds are not paraphrases, whatever their terms.
# Source: the interrogatives of bokmål, nynorsk, Danish and English; "hvor" alone is left out
# (where / how much: "hvor mange", "hvor lenge" are their own kinds).
QUESTION_KINDS: dict[str, str] = {
    **dict.fromkeys(("hva", "kva", "hvad", "what", "hvilke", "hvilken", "hvilket", "kva for", "which"), "what"),
    **dict.fromkeys(("hvem", "kven", "who", "whom"), "who"),
    **dict.fromkeys(("når", "hvornår", "when"), "when"),
    **dict.fromkeys(("hvordan", "korleis", "how"), "how"),
    **dict.fromkeys(("hvorfor", "kvifor", "why"), "why"),
    **dict.fromkeys(("hvor mange", "kor mange", "how many", "hvor mye", "kor mykje", "how much"), "how much"),
    **dict.fromkeys(("hvor lenge", "kor lenge", "how long", "hvor længe"), "how long"),
    **dict.fromkeys(("hvor ofte", "kor ofte", "how often"), "how often"),
}
_KIND = re.compile(r"\b(" + "|".join(sorted(map(re.escape, QUESTION_KINDS), key=len, reverse=True)) + r")\b")


def question_kind(question: str) -> str | None:
    """The kind of the first question word in `question` (what, who, when, how, ...), or None."""
    found = _KIND.search(question.lower())
    return QUESTION_KINDS[found.group(1)] if found else None


class QueryEmbedder(Protocol):
    """What pin matching needs of the semantic model: a normalised vector per question."""

    def embed_query(self, text: str) -> np.ndarray: ...


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.table("pins").create({"id": int, "question": str, "chunk_id": str, "cite_id": str, "quote": str,
                       "pinned_by": str, "pinned_at": str}, pk="id",
                      not_null={"question", "chunk_id", "pinned_by", "pinned_at"})
    # One mark a (question, chunk): a second click replaces the first.
    db.table("marks").create({"question": str, "chunk_id": str, "cite_id": str, "verdict": int,
                        "marked_by": str, "marked_at": str}, pk=("question", "chunk_id"))


def _m002_place(db: sqlite_utils.Database) -> None:
    # The pinned passage's title and place (slide, section, § and ledd) as it was cited when pinned: once its passage
    # is gone from the index, the pin itself is all that says where it stood. NULL for a pin made before (0.4.41).
    for column in ("title", "location"):
        db.table("pins").add_column(column, str)


def _m003_repinned(db: sqlite_utils.Database) -> None:
    # A re-pin (a broken pin moved to what its passage became) is recorded apart: it had overwritten pinned_at, and
    # the page showed the click's moment as when the course leader chose the pin. NULL for a pin never moved.
    for column in ("repinned_at", "repinned_by"):
        db.table("pins").add_column(column, str)


def _m004_edited(db: sqlite_utils.Database) -> None:
    # An edit of a pin's question is recorded apart, as a re-pin is: it had overwritten pinned_at and pinned_by with
    # the edit's moment and the editor's name. NULL for a pin never edited (0.4.43).
    for column in ("edited_at", "edited_by"):
        db.table("pins").add_column(column, str)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m001_initial, _m002_place, _m003_repinned,
                                                             _m004_edited]  # append
# a Pin's fields, in order, from a row of any version ('' where a migration's column is NULL)
_SELECT_PINS = "SELECT id, question, chunk_id, cite_id, quote, pinned_by, pinned_at, coalesce(title, ''), " \
    "coalesce(location, ''), coalesce(repinned_at, ''), coalesce(repinned_by, ''), coalesce(edited_at, ''), " \
    "coalesce(edited_by, '') FROM pins"


@dataclass(frozen=True)
class Pin:
    """A passage (by stable chunk id) chosen for a question; `quote` is its text, `title` and `location` where it stood
    (its source's or record's title, its slide, section or ledd) when pinned ("" for a pin made before 0.4.42);
    `repinned_at` and `repinned_by` when, and by whom ("" when the page did not know), it was last moved to another
    passage ("" when never); `edited_at` and `edited_by` when, and by whom, its question was last changed ("" when
    never): `pinned_at` and `pinned_by` stay the course leader's choice."""

    id: int
    question: str
    chunk_id: str
    cite_id: str
    quote: str
    pinned_by: str
    pinned_at: str
    title: str = ""
    location: str = ""
    repinned_at: str = ""
    repinned_by: str = ""
    edited_at: str = ""
    edited_by: str = ""


class PinsUnavailable(KommunebotError):
    """The pins file cannot be read or written now: damaged, foreign, or the disk is full (`full`)."""

    def __init__(self, message: str, hint: str = "", full: bool = False) -> None:
        super().__init__(message, hint)
        self.full = full


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pins_problem(path: Path) -> str:
    """Why the pins file at `path` cannot serve ("" when it can, or is absent or empty), writing nothing."""
    path = Path(path)
    if not path.is_file():
        return ""
    try:
        conn = read_only(path)
        try:
            why = foreign(conn, "a pins database", MIGRATIONS)
            if not why:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                why = "" if check == "ok" else f"it is damaged ({check})"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        why = f"it is damaged or not a SQLite database ({exc})"
    return f"cannot use the pins database {path}: {why}" if why else ""


def _clean_name(name: str) -> str:
    name = " ".join(name.split())[:MAX_NAME_CHARS]
    if not name:
        raise KommunebotError("a pin needs the name of who pins it", hint="type your name in the form")
    return name


class PinQuestion(KommunebotError):
    """A pin's question that no question would ever be matched to: none at all, or small talk ("hei"), which the
    bot greets and never searches."""


def _clean_question(question: str) -> str:
    from bot.answer.smalltalk import small_talk

    question = " ".join(question.replace("\x00", " ").split())
    if not any(ch.isalnum() for ch in question):
        raise PinQuestion("a pin needs a question", hint="type the question the passage answers")
    if small_talk(question) is not None:
        raise PinQuestion("small talk is never searched, so a pin for it would never be shown",
                          hint="type the question the passage answers")
    return question[:2000]


def term_similarity(a: list[str], b: list[str], idf: Callable[[str], float]) -> float:
    """Weighted Jaccard of two term sets: the idf of the shared terms over the idf of all."""
    sa, sb = set(a), set(b)
    union = sum(idf(t) for t in sa | sb)
    return sum(idf(t) for t in sa & sb) / union if union else 0.0


def semantic_similarity(embedder: QueryEmbedder) -> Similarity:
    """Cosine of the two questions' normalised embeddings (each text embedded once, then cached)."""
    embed = lru_cache(maxsize=4096)(embedder.embed_query)  # a pinned question is compared on every question
    return lambda a, b: float(np.dot(embed(a), embed(b)))


def hit_for(searcher: Searcher, chunk_id: str) -> Hit | None:
    """The index's chunk `chunk_id` as a search hit (quoted and cited like any other), or None when gone."""
    found = searcher.store.chunk_by_id(chunk_id)
    return None if found is None else Hit(found[0], found[1], 0.0)


def pinned_hit(searcher: Searcher, pin: Pin) -> Hit | None:
    """The pin's chunk as a hit, or None when the pin is broken: the chunk gone, or its text no longer the text pinned.
    A document's chunk id holds a hash of its text, so a changed slide is gone; a law's is its § and ledd, so a changed
    § keeps its id and is told by its text ("Kommuneloven § 11-9", amended, is not what the course leader chose)."""
    hit = hit_for(searcher, pin.chunk_id)
    return hit if hit is not None and hit.text == pin.quote else None


def served(store: IndexStore, pin: Pin) -> bool:
    """Whether `store` holds the pin's chunk as it was pinned (`pinned_hit`'s test, without a Searcher)."""
    found = store.chunk_by_id(pin.chunk_id)
    return found is not None and found[1].text == pin.quote


def country_agrees(question: str, hit: Hit) -> bool:
    """Whether a pinned passage may answer `question` as to country: a question that names Denmark is not answered
    with a Norwegian § (nor the other way round) because its other words are the pinned question's ("Hvordan søker jeg
    fritak fra vervet i Danmark?", "og i Danmark?" read as a follow-up, had been served kommuneloven § 7-9 under the
    course leader's name). A question naming no country, or a passage in neither language, agrees."""
    named, family = named_country(question), language_family(hit.chunk.lang)
    return named is None or family not in ("no", "da") or family == named


class PinMatcher(Protocol):
    """What the answer function asks of pins: the pin to serve first for a question, with its chunk."""

    def match(self, question: str, searcher: Searcher) -> tuple[Pin, Hit] | None: ...


@dataclass(frozen=True)
class OnlyPin:
    """One pin served for any question, whatever else is pinned: how the pins page shows a pin a newer one for the
    same question shadows, as the bot would serve it, not as a bare snapshot of its text."""

    pin: Pin

    def match(self, question: str, searcher: Searcher) -> tuple[Pin, Hit] | None:
        """This pin with its chunk; None when the pin is broken (a broken pin is never served)."""
        hit = pinned_hit(searcher, self.pin)
        return None if hit is None else (self.pin, hit)


def same_kind(question: str, other: str) -> bool:
    """Whether the two questions ask the same kind of thing by their question words (`question_kind`): "Hva er
    formannskapet?" is not "Hvem leder formannskapet?" however many terms they share; a question without one is of
    any kind."""
    kinds = question_kind(question), question_kind(other)
    return None in kinds or kinds[0] == kinds[1]


class PinStore:
    """Pins and marks in their own SQLite file (apart from the index, so a rebuild keeps them)."""

    def __init__(self, path: Path, similarity: Similarity | None = None, threshold: float | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        why = pins_problem(self.path)  # a foreign or damaged file is refused before anything is written
        if why:
            raise PinsUnavailable(why, hint=PINS_HINT)
        private_file(self.path)  # 0600: it holds names and questions
        self._lock = threading.Lock()
        import sqlite_utils  # here, not at the top: an answer without a pins file never needs it (60 ms)

        # The web page and the bot reach the store from worker threads; the lock serialises them.
        self.db = sqlite_utils.Database(sqlite3.connect(str(self.path), check_same_thread=False))
        self.similarity = similarity
        self._default_threshold = threshold is None
        self.threshold = threshold if threshold is not None else (
            SEMANTIC_THRESHOLD if similarity is not None else TERM_THRESHOLD)
        self._terms: dict[tuple[int, str], list[str]] = {}
        self._migrate()

    @classmethod
    def open(cls, path: Path, similarity: Similarity | None = None) -> PinStore:
        """Open (creating and migrating) the pins file at `path`."""
        try:
            return cls(path, similarity)
        except PinsUnavailable:
            raise
        except (OSError, sqlite3.DatabaseError) as exc:
            raise PinsUnavailable(f"cannot open the pins database {path}: {exc}",
                                  hint="set KOMMUNEBOT_PINS_DB to a writable file") from None

    def _migrate(self) -> None:
        with self._lock:
            migrate(self.db, MIGRATIONS)

    def close(self) -> None:
        """Close the database."""
        self.db.conn.close()

    @contextmanager
    def _using(self, write: bool = False) -> Iterator[None]:
        """The lock (and a transaction when writing); SQLite's failures as PinsUnavailable."""
        try:
            with self._lock:
                if write:
                    with self.db.conn:
                        yield
                else:
                    yield
        except sqlite3.DatabaseError as exc:
            full = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "full" in str(exc).lower()
            raise PinsUnavailable(f"the pins database {self.path}: {'the disk is full' if full else exc}",
                                  hint="free some disk space" if full else PINS_HINT, full=full) from None
        except OSError as exc:
            raise PinsUnavailable(f"the pins database {self.path}: {exc.strerror or exc}",
                                  hint=PINS_HINT) from None

    # pins

    def add(self, question: str, hit: Hit, pinned_by: str) -> Pin:
        """Pin a passage for `question`; the same question and passage again replaces the pin."""
        question, pinned_by = _clean_question(question), _clean_name(pinned_by)
        with self._using(write=True):
            self.db.execute("DELETE FROM pins WHERE lower(question) = lower(?) AND chunk_id = ?",
                            [question, hit.chunk_id])
            row = {"question": question, "chunk_id": hit.chunk_id, "cite_id": hit.cite_id, "quote": hit.text,
                   "pinned_by": pinned_by, "pinned_at": _now(), "title": hit.title, "location": hit.location}
            pin_id = int(self.db.table("pins").insert(row).last_pk or 0)
        # built from what was written: read back after the lock, another add may already have replaced it
        return Pin(pin_id, row["question"], row["chunk_id"], row["cite_id"], row["quote"], row["pinned_by"],
                   row["pinned_at"], row["title"], row["location"])

    def get(self, pin_id: int) -> Pin | None:
        """One pin, or None."""
        if not 0 < pin_id <= MAX_ID:
            return None
        with self._using():
            row = self.db.execute(_SELECT_PINS + " WHERE id = ?", [pin_id]).fetchone()
        return Pin(*row) if row else None

    def pins(self) -> list[Pin]:
        """Every pin, newest first."""
        with self._using():
            rows = self.db.execute(_SELECT_PINS + " ORDER BY pinned_at DESC, id DESC").fetchall()
        return [Pin(*r) for r in rows]

    def update(self, pin_id: int, question: str, edited_by: str) -> bool:
        """Change a pin's question, keeping who pinned it and when (which of two pins for a question is served first
        goes by when each was pinned); the edit is recorded apart (`edited_at`, `edited_by`), and only when the
        question changed. False when the pin is gone."""
        question, edited_by = _clean_question(question), _clean_name(edited_by)
        if not 0 < pin_id <= MAX_ID:
            return False
        with self._using(write=True):
            cur = self.db.execute("UPDATE pins SET question = ?, edited_at = ?, edited_by = ? "
                                  "WHERE id = ? AND question != ?", [question, _now(), edited_by, pin_id, question])
            found = cur.rowcount > 0 or self.db.execute("SELECT 1 FROM pins WHERE id = ?", [pin_id]).fetchone()
        return bool(found)

    def repin(self, pin_id: int, hit: Hit, moved_by: str = "") -> Pin | None:
        """Move a pin to another passage (a broken pin's, to what its passage became), keeping its question, who
        pinned it and when; the move is recorded apart (`repinned_at`, `repinned_by`: `moved_by`, may be unknown).
        None when the pin is gone."""
        if not 0 < pin_id <= MAX_ID:
            return None
        moved_by = " ".join(moved_by.split())[:MAX_NAME_CHARS]
        with self._using(write=True):
            self.db.execute("UPDATE pins SET chunk_id = ?, cite_id = ?, quote = ?, title = ?, location = ?, "
                            "repinned_at = ?, repinned_by = ? WHERE id = ?",
                            [hit.chunk_id, hit.cite_id, hit.text, hit.title, hit.location, _now(), moved_by, pin_id])
        return self.get(pin_id)

    def remove(self, pin_id: int) -> bool:
        """Delete a pin; False when it was already gone."""
        if not 0 < pin_id <= MAX_ID:
            return False
        with self._using(write=True):
            return self.db.execute("DELETE FROM pins WHERE id = ?", [pin_id]).rowcount > 0

    def is_broken(self, pin: Pin, searcher: Searcher) -> bool:
        """Whether the pinned chunk is gone from the index or changed (its text, or its source left)."""
        return pinned_hit(searcher, pin) is None

    def _question_terms(self, searcher: Searcher, question: str) -> list[str]:
        key = (id(searcher), question)
        terms = self._terms.get(key)
        if terms is None:
            if len(self._terms) > 4096:  # pins are few; questions asked are many
                self._terms.clear()
            terms = self._terms[key] = searcher.analyzer.query_terms(question, searcher.vocabulary)
        return terms

    def score(self, question: str, pinned_question: str, searcher: Searcher) -> float:
        """How close `question` is to `pinned_question`: semantic when configured, else by terms."""
        if not same_kind(question, pinned_question):
            return 0.0
        if self.similarity is not None:
            return self.similarity(question, pinned_question)
        if searcher.semantic:  # the question's vector is the one the search just made (cached)
            return float(np.dot(searcher.query_vector(question), searcher.query_vector(pinned_question)))
        return self._overlap(question, pinned_question, searcher)

    def term_score(self, question: str, pinned_question: str, searcher: Searcher) -> float:
        """How close `question` is to `pinned_question` by their analysed terms, whatever the index (TERMS_TOO)."""
        return self._overlap(question, pinned_question, searcher) if same_kind(question, pinned_question) else 0.0

    def _overlap(self, question: str, pinned_question: str, searcher: Searcher) -> float:
        """The idf-weighted Jaccard of the two questions' analysed terms."""
        a = self._question_terms(searcher, question)
        b = self._question_terms(searcher, pinned_question)
        dfs = searcher.store.dfs(sorted(set(a) | set(b)))
        n = searcher.store.n_docs
        return term_similarity(a, b, lambda t: math.log(1 + n / max(1, dfs.get(t, 0))))

    def match(self, question: str, searcher: Searcher, without: int | None = None) -> tuple[Pin, Hit] | None:
        """The closest pin at or above the threshold whose chunk the index still has, with that chunk.

        A pins file that cannot be read is logged, and the question is answered without pins.
        :param without: a pin left out, as if deleted: the one served once it is (the page's delete confirmation).
        """
        for pin, hit in self._close(question, searcher, without):
            if hit is not None and country_agrees(question, hit):  # a broken pin is never served; the next may be
                return pin, hit
        return None

    def broken_match(self, question: str, searcher: Searcher) -> Pin | None:
        """The broken pin `question` would have been served were its passage still as pinned (one as close as the pin
        served, or closer), or None: what the page tells a course leader whose pinned answer has silently gone."""
        for pin, hit in self._close(question, searcher):
            if hit is None:
                return pin
            if country_agrees(question, hit):
                return None
        return None

    def _close(self, question: str, searcher: Searcher,
               without: int | None = None) -> Iterator[tuple[Pin, Hit | None]]:
        """The pins at or above the threshold, closest first, each with its chunk (None: broken)."""
        try:
            pins = [pin for pin in self.pins() if pin.id != without]
        except PinsUnavailable as exc:
            log.warning("answering without pins: %s", exc)
            return
        scored = sorted(((self.score(question, p.question, searcher), p) for p in pins),
                        key=lambda sp: -sp[0])
        threshold = self.threshold
        model = self.similarity is None and self._default_threshold and searcher.semantic
        if model:
            threshold = SEMANTIC_THRESHOLD
        # the pins the cosine admits, closest first; then on a semantic index those the terms admit (TERMS_TOO)
        close = [pin for value, pin in scored if value >= threshold]
        if model and TERMS_TOO:
            close += [pin for value, pin in scored if value < threshold
                      and self.term_score(question, pin.question, searcher) >= TERM_THRESHOLD]
        for pin in close:
            yield pin, pinned_hit(searcher, pin)

    # marks

    def mark(self, question: str, hit: Hit, verdict: int, marked_by: str = "") -> None:
        """Record that a passage is right (+1) or wrong (-1) for `question`."""
        self._mark(question, hit.chunk_id, hit.cite_id, verdict, marked_by)

    def mark_refusal(self, question: str, verdict: int, marked_by: str = "") -> None:
        """Record that refusing `question` is right (+1: the sources do not cover it) or wrong (-1: they do)."""
        self._mark(question, REFUSAL, "", verdict, marked_by)

    def unmark(self, question: str, chunk_id: str) -> bool:
        """Take back the mark on a passage (or, with REFUSAL, on the refusal) for `question`; False when there was
        none."""
        question = _clean_question(question)
        with self._using(write=True):
            return self.db.execute("DELETE FROM marks WHERE question = ? AND chunk_id = ?",
                                   [question, chunk_id]).rowcount > 0

    def _mark(self, question: str, chunk_id: str, cite_id: str, verdict: int, marked_by: str) -> None:
        if verdict not in (1, -1):
            raise ValueError("verdict must be 1 or -1")
        question = _clean_question(question)
        with self._using(write=True):
            self.db.table("marks").upsert({"question": question, "chunk_id": chunk_id, "cite_id": cite_id,
                                     "verdict": verdict, "marked_by": " ".join(marked_by.split())[:MAX_NAME_CHARS],
                                     "marked_at": _now()}, pk=("question", "chunk_id"))

    def marks(self) -> list[Mark]:
        """Every mark, by question."""
        with self._using():
            rows = self.db.execute("SELECT question, chunk_id, cite_id, verdict, marked_by, marked_at "
                                   "FROM marks ORDER BY lower(question), marked_at").fetchall()
        return [Mark(*r) for r in rows]

    def exported_marks(self) -> Exported:
        """The marks as eval items (bot.answer.marks.export_marks), with the questions left out and why."""
        return export_marks(self.marks())

    def marks_as_questions(self) -> list[dict]:
        """The marks as eval items: a question with a passage marked right (its chunks as gold_ids), or whose refusal
        was marked right (`"expect": "abstain"`)."""
        return self.exported_marks().items
