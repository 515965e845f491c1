"""Security and privacy: admin commands, the token, the feedback store, SQL, the container user."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import struct
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.botrun import ADMIN, TOKEN, bot_argv, bot_env, running, start_bot, stop_bot
from tests.helpers.fakebotapi import FakeBotAPI
from tests.helpers.paths import REPO

WAIT = 30
HOSTILE = ["'; DROP TABLE shown; --", "\"); DROP TABLE votes; --", "' OR '1'='1", "x'); DELETE FROM shown; --"]


@pytest.fixture
def settings(fake: FakeBotAPI, built_index: Path, tmp_path: Path):
    """The bot pointed at the fake server, ADMIN its only admin."""
    from bot.config import Settings

    return replace(Settings.from_env(), index_path=built_index, telegram_token=TOKEN, telegram_base_url=fake.base_url,
                   admins=frozenset({ADMIN}), feedback_path=tmp_path / "fb.db", feedback_secret="s",
                   rate_per_minute=0)


async def _ask(fake: FakeBotAPI, chat: int, text: str, **kw) -> dict:
    before = fake.sent_count(chat)
    fake.inject_message(chat, text, **kw)
    return (await fake.wait_for_messages_async(before + 1, chat, timeout=WAIT))[before]


# ----------------------------------------------------------------------------- admin commands


def _admin_commands() -> list[str]:
    from bot.tg.app import ADMIN_COMMANDS

    return [name for name, _ in ADMIN_COMMANDS]


@pytest.mark.parametrize("command", _admin_commands())
async def test_security_admin_command_refused_for_everyone_else(fake: FakeBotAPI, settings, command: str) -> None:
    from bot.tg import texts

    index_before = settings.index_path.stat().st_ino
    async with running(settings):
        private = await _ask(fake, 5001, f"/{command}")
        group = await _ask(fake, -5002, f"/{command}@{fake.bot_username}", chat_type="group", user_id=5003)
        spoofed = await _ask(fake, ADMIN + 1, f"/{command}", first_name="Admin", username="admin")
        allowed = await _ask(fake, ADMIN, f"/{command}")
    for reply in (private, group, spoofed):
        assert reply["text"] == texts.NOT_ADMIN["nb"]
    assert allowed["text"] != texts.NOT_ADMIN["nb"]
    if command == "reindex":
        assert settings.index_path.stat().st_ino == index_before or allowed["text"].startswith("Leser inn")
        assert not any("Leser inn" in m["text"] for c in (5001, -5002, ADMIN + 1) for m in fake.sent_messages(c))


def test_security_every_admin_command_checks_is_admin() -> None:
    """A new admin command must call `is_admin` before it does anything (read from the handlers' source)."""
    import inspect

    from bot.tg import admin

    for command in _admin_commands():
        source = inspect.getsource(getattr(admin, command))
        assert source.index("is_admin(") < min(source.index(w) for w in ("await send_html", "asyncio.to_thread")
                                              if w in source)


# ----------------------------------------------------------------------------- the token


async def test_security_token_not_in_logs_replies_or_requests(fake: FakeBotAPI, settings, monkeypatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    import bot.tg.questions as questions
    from bot.errors import KommunebotError
    from bot.tg.app import verify_token

    caplog.set_level(logging.DEBUG)
    real = questions.compose_reply

    def leaky(question: str, *args, **kwargs):
        if question.startswith("crash"):  # a library error that carries its request URL, token included
            raise RuntimeError(f"POST {settings.telegram_base_url}{TOKEN}/sendMessage failed")
        return real(question, *args, **kwargs)

    monkeypatch.setattr(questions, "compose_reply", leaky)
    async with running(settings):
        fake.fail_next("sendMessage", 500)
        fake.fail_next("sendMessage", 429, retry_after=1)
        fake.fail_next("sendMessage", 400, description="Bad Request: can't parse entities: x")
        fake.drop_next("sendMessage", after=True)
        fake.block_chat(6009)
        for i, text in enumerate(["Hva er rådmannens ansvar?", "crash now", "/stats", "/reindex", TOKEN]):
            fake.inject_message(6000 + i, text)
        fake.inject_message(6009, "blocked")
        await fake.wait_for_async(lambda: all(fake.sent_count(6000 + i) for i in range(5)), WAIT)
    with pytest.raises(KommunebotError, match="TELEGRAM_BOT_TOKEN"):  # names the variable, not the value
        await verify_token(replace(settings, telegram_token=TOKEN[:-1] + "X"))
    wrong = TOKEN[:-1] + "X"
    assert TOKEN not in caplog.text and wrong not in caplog.text
    for record in caplog.records:
        assert TOKEN not in (record.exc_text or "")
    # Every request body the server got; chat 6004 sent the token itself, and may see it quoted back.
    bodies = json.dumps([c.params for c in fake.calls if c.params.get("chat_id") != 6004], ensure_ascii=False)
    assert TOKEN not in bodies and wrong not in bodies
    for chat in range(6000, 6004):
        assert all(TOKEN not in m["text"] for m in fake.sent_messages(chat))


def test_security_token_not_in_a_subprocess_stderr(fake: FakeBotAPI, built_index: Path, tmp_path: Path) -> None:
    """`kommunebot telegram -v` (DEBUG) through faults: its whole stderr is scanned for the token."""
    env = bot_env(fake, built_index, tmp_path / "fb.db")
    err = tmp_path / "stderr.log"
    with err.open("wb") as log:
        proc = start_bot(fake, env, log, "--verbose")
        try:
            fake.fail_next("sendMessage", 500)
            fake.drop_next("sendMessage")
            fake.fail_next("sendMessage", 400, description="Bad Request: can't parse entities: x")
            for i in range(6):
                fake.inject_message(7000 + i, "Hva er rådmannens ansvar?" if i % 2 else "/reindex")
            fake.wait_for(lambda: sum(fake.sent_count(7000 + i) for i in range(6)) >= 5, WAIT)
        finally:
            assert stop_bot(proc) == 0
    text = err.read_text(encoding="utf-8", errors="replace")
    assert "DEBUG" in text and "sendMessage" in text  # it did log at DEBUG
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    wrong = subprocess.run(bot_argv("telegram"), env={**env, "TELEGRAM_BOT_TOKEN": "999:WRONG-secret-token"},
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 1 and "TELEGRAM_BOT_TOKEN" in wrong.stderr + wrong.stdout
    assert "WRONG-secret-token" not in wrong.stderr + wrong.stdout


# ----------------------------------------------------------------------------- the feedback store


async def test_security_feedback_store_holds_no_telegram_ids_or_names(fake: FakeBotAPI, settings) -> None:
    users = {8_765_432_109: ("Ingeborg", "ingeborg_kommunestyre"), 7_654_321: ("Zebulon", "zeb_formannskap")}
    async with running(settings):
        for uid, (name, username) in users.items():
            reply = await _ask(fake, uid, "Hva er rådmannens ansvar?", first_name=name, username=username)
            vote = next(b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row
                        if b["callback_data"].startswith("vote:"))
            fake.inject_callback(uid, uid, vote, reply["message_id"])
            group = await _ask(fake, -uid, "/sporsmal Hva gjør kontrollutvalget?", chat_type="group", user_id=uid,
                               first_name=name, username=username, chat_title=f"Gruppe {name}")
            assert group
        await fake.wait_for_calls_async("answerCallbackQuery", len(users), timeout=WAIT)
    files = [p for p in settings.feedback_path.parent.iterdir() if p.name.startswith(settings.feedback_path.name)]
    raw = b"".join(p.read_bytes() for p in files)
    for uid, (name, username) in users.items():
        for needle in (str(uid), str(-uid), name, username, f"Gruppe {name}"):
            assert needle.encode() not in raw, needle
        for packed in (struct.pack(">q", uid), struct.pack(">q", -uid)):
            assert packed not in raw
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT count(*) FROM votes").fetchone()[0] == len(users)
        for table in ("shown", "votes"):
            for row in db.execute(f"SELECT * FROM {table}"):  # noqa: S608 (fixed table names)
                assert not {uid for uid in users} & set(row) and not {-uid for uid in users} & set(row)


async def test_security_feedback_older_than_the_retention_is_deleted(fake: FakeBotAPI, settings, monkeypatch) -> None:
    from bot.answer.model import Answer
    from bot.config import Settings
    from bot.feedback import FeedbackStore

    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DAYS", "30")
    days = Settings.from_env().feedback_days
    assert days == 30
    now = datetime.now(UTC)
    store = FeedbackStore.open(settings.feedback_path, settings.feedback_secret, days)
    old = store.record(Answer("gammelt spørsmål", "nb", False), "k1", "private", "v", when=now - timedelta(days=31))
    store.vote(old, "k1", 1, when=now - timedelta(days=31))
    kept = store.record(Answer("nytt spørsmål", "nb", False), "k2", "private", "v", when=now - timedelta(days=29))
    store.close()
    async with running(replace(settings, feedback_days=days)):  # the bot prunes as it starts (and daily)
        pass
    with sqlite3.connect(settings.feedback_path) as db:
        assert [r[0] for r in db.execute("SELECT id FROM shown")] == [kept]
        assert db.execute("SELECT count(*) FROM votes").fetchone()[0] == 0
        assert "gammelt" not in "".join(r[0] for r in db.execute("SELECT question FROM shown"))


# ----------------------------------------------------------------------------- SQL


class RecordingConnection:
    """A sqlite3 connection that records the SQL text of every statement (values are bound separately)."""

    def __init__(self, conn: sqlite3.Connection, seen: list[str]) -> None:
        self._conn, self.seen = conn, seen

    def execute(self, sql: str, *args):
        self.seen.append(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args):
        self.seen.append(sql)
        return self._conn.executemany(sql, *args)

    def __enter__(self):
        return self._conn.__enter__()

    def __exit__(self, *exc):
        return self._conn.__exit__(*exc)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


async def test_security_sql_is_parameterised_under_hostile_input(fake: FakeBotAPI, settings) -> None:
    from bot.tg.resources import KEY

    sql: list[str] = []
    traced: list[str] = []
    async with running(settings) as app:
        res = app.bot_data[KEY]
        res.feedback.db.conn.set_trace_callback(traced.append)
        res.feedback.db.conn = RecordingConnection(res.feedback.db.conn, sql)
        searcher = res.holder.get()
        searcher.store.conn = RecordingConnection(searcher.store.conn, sql)
        for i, text in enumerate(HOSTILE):
            reply = await _ask(fake, 9000 + i, f"Hva er rådmannens ansvar {text}")
            rows = reply.get("reply_markup", {}).get("inline_keyboard", [])
            buttons = [b["callback_data"] for row in rows for b in row]
            for data in buttons + [f"vote:{text}:1", f"more:{text}", "vote:1 OR 1=1:1"]:
                if len(data.encode()) <= 64:
                    fake.inject_callback(9000 + i, 9000 + i, data, reply["message_id"])
            await _ask(fake, -(9000 + i), f"/sporsmal {text}", chat_type="group")
        await fake.wait_for_async(lambda: fake.call_count("answerCallbackQuery") >= 4 * len(HOSTILE), WAIT)
    assert sql and traced  # statements were seen both ways
    for statement in sql:
        for text in HOSTILE:
            assert text not in statement and "1=1" not in statement
    with sqlite3.connect(settings.feedback_path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"shown", "votes"} <= tables
        stored = [r[0] for r in db.execute("SELECT question FROM shown")]
    assert any(HOSTILE[0] in q for q in stored)  # kept verbatim, as data
    assert any("DROP TABLE" in t for t in traced)  # bound values, shown quoted by the trace, never run


def test_security_no_sql_built_from_strings_in_the_source() -> None:
    """No execute() call in bot/ formats values into its SQL (placeholder lists and fixed names aside)."""
    suspicious = []
    for path in (REPO / "bot").rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if re.search(r"\.execute(many)?\(\s*(f\"|f'|\"[^\"]*\"\s*%|'[^']*'\s*%|\"[^\"]*\"\.format)", line):
                call = " ".join(lines[n - 1:n + 2])  # the call may go on over the next lines
                allowed = ("PRAGMA", "join('?'", "join(\"?\"", "join(['?']")  # settings; a list of ? placeholders
                if not any(a in call for a in allowed):
                    suspicious.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not suspicious, "\n".join(suspicious)


# ----------------------------------------------------------------------------- the container


def test_security_docker_image_runs_as_non_root() -> None:
    lines = [ln.strip() for ln in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    users = [ln.split(None, 1)[1].split(":")[0] for ln in lines if ln.upper().startswith("USER ")]
    assert users, "the Dockerfile sets no USER: the container would run as root"
    assert users[-1] not in ("root", "0")
    last_from = max(i for i, ln in enumerate(lines) if ln.upper().startswith("FROM "))
    assert any(ln.upper().startswith("USER ") for ln in lines[last_from:])  # in the final stage
