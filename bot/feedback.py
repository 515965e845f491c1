"""The feedback store: answers shown, votes on them, under pseudonymous user keys, kept N days."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from bot.answer.model import Answer
from bot.errors import KommunebotError
from bot.migrations import foreign, migrate, private_file, read_only

SECRET_FILE = "feedback.secret"
log = logging.getLogger(__name__)


def _m001_initial(db: sqlite_utils.Database) -> None:
    # One row per reply shown (a first page or a "Flere treff" page); votes point at it.
    db.table("shown").create({
        "id": int, "parent_id": int, "asked_at": str, "user_key": str, "chat_type": str,
        "question": str, "language": str, "answered": int, "first_rank": int, "chunk_ids": str,
        "more": int, "index_version": str,
    }, pk="id", not_null={"asked_at", "user_key", "question"})
    db.table("shown").create_index(["asked_at"])
    db.table("shown").create_index(["parent_id"])
    db.table("votes").create({"shown_id": int, "user_key": str, "vote": int, "voted_at": str},
                       pk=("shown_id", "user_key"), foreign_keys=[("shown_id", "shown", "id")])
    db.table("votes").create_index(["voted_at"])


def _m002_cited(db: sqlite_utils.Database) -> None:
    # Each passage's citation as the reply showed it, [title, location] (a law §'s card, "første til andre ledd"): the
    # report had cited the chunk's own place, "andre til tredje ledd", which the user never saw. NULL in older rows.
    db.table("shown").add_column("cited", str)


def _m003_focus(db: sqlite_utils.Database) -> None:
    # The reply a follow-up's question ends with (`Answer.focus`, already a part of `question`): "Flere treff" pages on
    # in the order its first page was shown in, the passages on the reply's own words first. NULL: not a follow-up.
    db.table("shown").add_column("focus", str)


# Applied in order; PRAGMA user_version records how many ran. Append, never edit.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m001_initial, _m002_cited, _m003_focus]


def load_secret(configured: str, db_path: Path) -> bytes:
    """The HMAC secret: the configured one, else a random one kept 0600 next to the database."""
    if configured:
        return configured.encode()
    path = Path(db_path).parent / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip().encode()
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip().encode()


@dataclass(frozen=True)
class FeedbackStats:
    """The counts /stats shows (`FeedbackStore.stats`): first questions, pages of more, votes."""

    questions: int   # first pages shown, "Flere treff" pages not counted
    answered: int
    abstained: int   # not covered by the sources
    more_pages: int  # "Flere treff" pages shown
    votes_up: int
    votes_down: int


def _now() -> datetime:
    return datetime.now(UTC)


def _boot_seconds() -> float:
    """Seconds on a clock nobody sets, counting suspend where the system offers one (Linux)."""
    return time.clock_gettime(time.CLOCK_BOOTTIME) if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic()


MAX_CLOCK_JUMP = timedelta(hours=6)  # more wall-clock gain than elapsed time is a clock set wrong, not drift


class _TrustedClock:
    """Whether the wall clock moved as much as time really passed since the store was opened.

    A clock set 200 days ahead would make every reply look older than the retention period;
    the prune then waits (and says so) instead of deleting them all.
    """

    def __init__(self) -> None:
        self.wall, self.boot = _now(), _boot_seconds()

    def jump(self, now: datetime) -> timedelta:
        """How far `now` is ahead of the wall time that really passed (0 when in step)."""
        elapsed = timedelta(seconds=_boot_seconds() - self.boot)
        return max(timedelta(0), now - self.wall - elapsed)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Shown:
    """One reply as shown: enough to page on from it and to attribute a vote."""

    id: int
    question: str
    first_rank: int
    count: int
    more: bool
    answered: bool
    focus: str | None = None  # the follow-up's reply the passages on whose words came first (`Answer.focus`)


@dataclass(frozen=True)
class Uncovered:
    """A question the sources did not cover (the same words in any case or punctuation counted together)."""

    question: str
    times: int
    last_asked: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Downvoted:
    """A reply voted down, with what it showed and from which index."""

    question: str
    first_rank: int
    chunk_ids: list[str]
    index_version: str
    down: int
    up: int
    # each passage's (title, location) as the reply cited it, in `chunk_ids`' order; empty for a reply recorded before
    # 0.4.42, which the report names by its chunks' places in the index instead
    cited: list[tuple[str, str]] = field(default_factory=list)
    focus: str | None = None  # the reply a follow-up ended with (`Answer.focus`): asked again with it, as shown


@dataclass(frozen=True)
class Asked:
    """A question among the most asked, and how often it was not covered."""

    question: str
    times: int
    abstained: int


@dataclass(frozen=True)
class FeedbackReport:
    """What facilitators read: abstentions, down-voted answers, most asked questions."""

    days: int
    questions: int
    abstained: list[Uncovered] = field(default_factory=list)
    downvoted: list[Downvoted] = field(default_factory=list)
    most_asked: list[Asked] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the rows as objects with the fields' names)."""
        return {"days": self.days, "questions": self.questions, "abstained": [asdict(r) for r in self.abstained],
                "downvoted": [asdict(r) for r in self.downvoted], "most_asked": [asdict(r) for r in self.most_asked]}


def _foreign(conn: sqlite3.Connection) -> str:
    """Why the database is not a feedback store ("" when it is one, or empty and new)."""
    return foreign(conn, "a feedback database", MIGRATIONS)


def check_store(path: Path, configured_secret: str = "") -> None:
    """Raise what opening the store at `path` would raise, writing nothing (for `telegram --check`)."""
    path = Path(path)
    if path.exists():
        try:
            conn = read_only(path)
            try:
                why = _foreign(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            why = f"it is not a SQLite database ({exc})"
        if why:
            raise KommunebotError(f"cannot use the feedback database {path}: {why}", hint=FOREIGN_HINT)
        return
    folder = next((p for p in path.parents if p.exists()), Path("."))
    secret = path.parent / SECRET_FILE
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK) or (
            not configured_secret and secret.exists() and not os.access(secret, os.R_OK)):
        raise KommunebotError(f"the feedback database {path} cannot be created: {folder} is not a writable folder",
                              hint="set KOMMUNEBOT_FEEDBACK_DB to a file in a writable folder")


FOREIGN_HINT = "point --db / KOMMUNEBOT_FEEDBACK_DB at the bot's feedback.db (by default next to the index)"


def question_key(question: str) -> str:
    """What makes two questions the same one: case (any alphabet's) and punctuation aside."""
    return " ".join(_NOT_WORD.sub(" ", question.casefold()).split())


_NOT_WORD = re.compile(r"[^\w\s]+")


def _desc(text: str) -> tuple[int, ...]:
    """A sort key putting later ISO timestamps first."""
    return tuple(-ord(ch) for ch in text)


def _group_questions(asked: list[tuple[str, str, int]]) -> list[dict]:
    """Questions (oldest first) grouped by `question_key`, each shown as it was last asked, in lower case."""
    groups: dict[str, dict] = {}
    for question, asked_at, answered in asked:
        group = groups.setdefault(question_key(question), {"times": 0, "abstained": 0, "last_unanswered": ""})
        group["question"] = question.lower()  # str.lower knows every alphabet (SQLite's lower() only ASCII)
        group["times"] += 1
        if not answered:
            group["abstained"] += 1
            group["last_unanswered"] = asked_at
    return list(groups.values())


class FeedbackStore:
    """SQLite feedback, apart from the index so a rebuild keeps it; safe to use from threads."""

    def __init__(self, path: Path, secret: bytes, days: int = 180) -> None:
        self.path = Path(path)
        self.days = days
        self._secret = secret
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        private_file(self.path)  # 0600: it holds the questions verbatim
        self._clock = _TrustedClock()
        # Handlers reach the store from worker threads; the lock serialises them.
        self.db = sqlite_utils.Database(sqlite3.connect(str(self.path), check_same_thread=False))
        why = _foreign(self.db.conn)
        if why:
            self.db.conn.close()
            raise KommunebotError(f"cannot use the feedback database {self.path}: {why}", hint=FOREIGN_HINT)
        self._migrate()

    @classmethod
    def open(cls, path: Path, configured_secret: str = "", days: int = 180) -> FeedbackStore:
        """Open (creating and migrating) the store at `path`."""
        check_store(path, configured_secret)  # a foreign file is refused before anything is written
        try:
            return cls(path, load_secret(configured_secret, path), days)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise KommunebotError(f"cannot open the feedback database {path}: {exc}",
                                  hint="set KOMMUNEBOT_FEEDBACK_DB to a writable file") from None

    def _migrate(self) -> None:
        with self._lock:
            migrate(self.db, MIGRATIONS)

    def close(self) -> None:
        """Close the database."""
        self.db.conn.close()

    def user_key(self, user_id: int) -> str:
        """A pseudonymous, stable key for a Telegram user: HMAC-SHA256 of the id, never the id."""
        return hmac.new(self._secret, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    def record(self, answer: Answer, user_key: str, chat_type: str, index_version: str,
               parent_id: int | None = None, when: datetime | None = None) -> int:
        """Store one reply shown; returns its id (the callback buttons carry it)."""
        when = when or _now()
        # A random id, never a reused rowid: a button under an old, pruned reply must not
        # point at someone else's newer one.
        shown_id = secrets.randbits(52)
        row = {"id": shown_id, "parent_id": parent_id, "asked_at": _iso(when), "user_key": user_key,
               "chat_type": chat_type, "question": answer.question, "language": answer.language,
               "answered": int(answer.answered), "first_rank": answer.offset + 1, "more": int(answer.more),
               "index_version": index_version,
               "chunk_ids": json.dumps([p.chunk_id for p in answer.passages]),
               "cited": json.dumps([[p.citation.title, p.citation.location] for p in answer.passages],
                                   ensure_ascii=False), "focus": answer.focus}
        with self._lock, self.db.conn:
            self._prune(when)
            self.db.table("shown").insert(row)
            return shown_id

    def shown(self, shown_id: int) -> Shown | None:
        """A reply shown earlier, or None when unknown or pruned."""
        with self._lock:
            row = self.db.execute("SELECT id, question, first_rank, chunk_ids, more, answered, focus FROM shown "
                                  "WHERE id = ?", [shown_id]).fetchone()
        if row is None:
            return None
        return Shown(row[0], row[1], row[2], len(json.loads(row[3])), bool(row[4]), bool(row[5]), row[6])

    def next_page(self, shown_id: int) -> int | None:
        """The id of the "Flere treff" page already shown after `shown_id`, if any."""
        with self._lock:
            row = self.db.execute("SELECT id FROM shown WHERE parent_id = ? ORDER BY id LIMIT 1",
                                  [shown_id]).fetchone()
        return None if row is None else int(row[0])

    def vote(self, shown_id: int, user_key: str, vote: int, when: datetime | None = None) -> bool:
        """Record +1 or -1 for a reply (a second vote replaces the first); False if the reply is gone."""
        return self._set_vote(shown_id, user_key, vote, when, toggle=False) is not None

    def press_vote(self, shown_id: int, user_key: str, vote: int, when: datetime | None = None) -> int | None:
        """A vote button pressed: the same vote again takes it back, the other one replaces it.

        Returns the user's vote now (1, -1, or 0 when taken back), or None if the reply is gone.
        One row per user and reply, whatever is pressed.
        """
        return self._set_vote(shown_id, user_key, vote, when, toggle=True)

    def _set_vote(self, shown_id: int, user_key: str, vote: int, when: datetime | None, toggle: bool) -> int | None:
        if vote not in (1, -1):
            raise ValueError("vote must be 1 or -1")
        when = when or _now()
        with self._lock, self.db.conn:
            self._prune(when)
            if self.db.execute("SELECT 1 FROM shown WHERE id = ?", [shown_id]).fetchone() is None:
                return None
            if toggle:
                row = self.db.execute("SELECT vote FROM votes WHERE shown_id = ? AND user_key = ?",
                                      [shown_id, user_key]).fetchone()
                if row is not None and row[0] == vote:
                    self.db.execute("DELETE FROM votes WHERE shown_id = ? AND user_key = ?", [shown_id, user_key])
                    return 0
            self.db.table("votes").upsert({"shown_id": shown_id, "user_key": user_key, "vote": vote,
                                           "voted_at": _iso(when)}, pk=("shown_id", "user_key"))
        return vote

    def vote_counts(self, shown_id: int) -> tuple[int, int]:
        """(up, down) votes on one reply."""
        with self._lock:
            up, down = self.db.execute("SELECT coalesce(sum(vote = 1), 0), coalesce(sum(vote = -1), 0) "
                                       "FROM votes WHERE shown_id = ?", [shown_id]).fetchone()
        return int(up), int(down)

    def _prune(self, now: datetime) -> int:
        jump = self._clock.jump(now)
        if jump > MAX_CLOCK_JUMP:
            log.warning("feedback: not pruning: the clock moved %d days further than the time passed "
                        "since the store was opened; check the system clock", jump.days)
            return 0
        cutoff = _iso(now - timedelta(days=self.days))
        self.db.execute("DELETE FROM votes WHERE voted_at < ? OR shown_id IN "
                        "(SELECT id FROM shown WHERE asked_at < ?)", [cutoff, cutoff])
        return self.db.execute("DELETE FROM shown WHERE asked_at < ?", [cutoff]).rowcount

    def prune(self, now: datetime | None = None) -> int:
        """Delete what is older than the retention period; returns the replies deleted."""
        with self._lock, self.db.conn:
            return self._prune(now or _now())

    def stats(self) -> FeedbackStats:
        """Counts for /stats: questions, answered, abstained, pages of more, votes up and down."""
        with self._lock:
            q = self.db.execute("SELECT count(*), coalesce(sum(answered), 0) FROM shown "
                                "WHERE parent_id IS NULL").fetchone()
            pages = self.db.execute("SELECT count(*) FROM shown WHERE parent_id IS NOT NULL").fetchone()[0]
            up, down = self.db.execute("SELECT coalesce(sum(vote = 1), 0), coalesce(sum(vote = -1), 0) "
                                       "FROM votes").fetchone()
        return FeedbackStats(questions=q[0], answered=q[1], abstained=q[0] - q[1], more_pages=pages,
                             votes_up=up, votes_down=down)

    def report(self, limit: int = 20) -> FeedbackReport:
        """The facilitators' report over the retained period."""
        with self._lock:
            return _report(self.db.conn, self.days, limit)


def read_report(path: Path, days: int, limit: int = 20) -> FeedbackReport | None:
    """The facilitators' report from the file at `path`, read only (None when it has no feedback yet).

    Nothing is created, migrated or pruned: the file is the bot's. A damaged or foreign file is a
    KommunebotError naming why.
    """
    path = Path(path)
    if not path.is_file():
        return None
    try:
        conn = read_only(path)
        try:
            why = _foreign(conn)
            if why:
                raise KommunebotError(f"cannot use the feedback database {path}: {why}", hint=FOREIGN_HINT)
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                return None  # an empty file: the bot has not written to it yet
            return _report(conn, days, limit)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise KommunebotError(f"cannot read the feedback database {path}: it is damaged ({exc})",
                              hint="restore it from a backup, or move it away for the bot to start anew") from None


def _report(conn: sqlite3.Connection, days: int, limit: int) -> FeedbackReport:
    questions = conn.execute("SELECT count(*) FROM shown WHERE parent_id IS NULL").fetchone()[0]
    asked = conn.execute("SELECT question, asked_at, answered FROM shown WHERE parent_id IS NULL "
                         "ORDER BY asked_at").fetchall()
    # a file the page reads is never migrated: one of a bot before 0.4.42 has no `cited` (a fixed name either way)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(shown)")}
    cited = "s.cited" if "cited" in columns else "NULL"
    focus = "s.focus" if "focus" in columns else "NULL"  # ... and one before 0.4.47 no `focus`
    query = "SELECT s.question, s.first_rank, s.chunk_ids, s.index_version, sum(v.vote = -1) AS down, " \
            "sum(v.vote = 1) AS up, " + cited + ", " + focus + " FROM votes v JOIN shown s ON s.id = v.shown_id " \
            "GROUP BY s.id HAVING down > 0 ORDER BY down DESC, s.asked_at DESC LIMIT ?"
    downvoted = conn.execute(query, [limit]).fetchall()
    groups = _group_questions(asked)
    abstained = sorted((Uncovered(g["question"], g["abstained"], g["last_unanswered"]) for g in groups
                        if g["abstained"]), key=lambda r: (-r.times, _desc(r.last_asked)))[:limit]
    most = sorted((Asked(g["question"], g["times"], g["abstained"]) for g in groups),
                  key=lambda r: (-r.times, question_key(r.question)))[:limit]
    return FeedbackReport(days, questions, abstained,
                          [Downvoted(q, rank, json.loads(ids), version, down, up, _cited(places, len(json.loads(ids))),
                                     focused)
                           for q, rank, ids, version, down, up, places, focused in downvoted], most)


def _cited(stored: str | None, passages: int) -> list[tuple[str, str]]:
    """The citations a reply showed, one a passage; empty when not recorded (or not readable as recorded)."""
    try:
        places = json.loads(stored) if stored else []
        out = [(str(title), str(location)) for title, location in places]
    except (ValueError, TypeError):
        return []
    return out if len(out) == passages else []
