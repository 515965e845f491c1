"""Schema migrations of kommunebot's own SQLite files (feedback, pins), numbered by PRAGMA user_version."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration]) -> None:
    """Run the migrations the file has not had yet, each in its own transaction with its number."""
    done = db.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(migrations[done:], start=done + 1):
        with db.conn:
            migration(db)
            db.execute(f"PRAGMA user_version = {int(number)}")
