"""Schema migrations of kommunebot's own SQLite files (feedback, pins), numbered by PRAGMA user_version."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a file is opened: `kommunebot ask` without pins never needs it (60 ms)
    import sqlite_utils

Migration = Callable[["sqlite_utils.Database"], None]

# The tables that say what a kommunebot SQLite file is, to name a file given in the wrong place.
KINDS = {"a kommunebot index": {"chunks", "meta"}, "a feedback database": {"shown", "votes"},
         "a pins database": {"pins", "marks"}}


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration]) -> None:
    """Run the migrations the file has not had yet, each in its own transaction with its number."""
    done = db.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(migrations[done:], start=done + 1):
        with db.conn:
            migration(db)
            db.execute(f"PRAGMA user_version = {int(number)}")


def foreign(conn: sqlite3.Connection, own: str, migrations: Sequence[Migration]) -> str:
    """Why the database is not `own` (a KINDS name): "" when it is, or when it is empty and new."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not tables and not version:
        return ""
    if KINDS[own] <= tables and 0 < version <= len(migrations):
        return ""
    for kind, needs in KINDS.items():
        if kind != own and needs <= tables:
            return f"it is {kind}, not {own}"
    return f"it is not {own} (tables: {', '.join(sorted(tables)) or 'none'})"


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that can neither write `path` nor create it."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600, or take group and other access off one this user owns.

    The pins and feedback files hold names and questions verbatim (SQLite's journals copy the mode).
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    st = os.stat(path)
    owner = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    if stat.S_ISREG(st.st_mode) and st.st_uid == owner and st.st_mode & 0o077:
        os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
