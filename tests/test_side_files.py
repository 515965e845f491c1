"""The pins and feedback files beside the index: checked where set, private, read-only where only read."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.answer.model import Answer
from bot.answer.pins import PinStore
from bot.config import Settings
from bot.errors import KommunebotError
from bot.feedback import FeedbackStore

QUESTION = "Hva er rådmannens ansvar?"


def _cli(*args: str, env: dict[str, str] | None = None):
    import bot.cli.ask  # noqa: F401  (registers the commands)
    import bot.cli.evaluate  # noqa: F401
    import bot.cli.serve  # noqa: F401
    import bot.cli.telegram  # noqa: F401
    from bot.cli import cli

    return CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)


def _pins_with_one_pin(path: Path, searcher) -> Path:
    store = PinStore(path)
    hit = searcher.search(QUESTION, 1).hits[0]
    for n in range(30):  # a few pages, so damage inside the file lands on data
        store.add(f"{QUESTION} {n} " + "x" * 300, hit, "Kari")
    store.close()
    return path


def damaged_pins_files(folder: Path, searcher) -> list[Path]:
    """Pins files damaged as disks and people damage them: random bytes, a torn tail, pages overwritten."""
    rng = random.Random(24)
    good = _pins_with_one_pin(folder / "good.db", searcher)
    data = good.read_bytes()
    out = []
    (noise := folder / "noise.db").write_bytes(bytes(rng.randrange(256) for _ in range(8192)))
    out.append(noise)
    (torn := folder / "torn.db").write_bytes(data[: len(data) // 3])
    out.append(torn)
    scribbled = bytearray(data)
    for page_start in range(4096, len(data), 4096):
        scribbled[page_start + 8:page_start + 400] = bytes(rng.randrange(256) for _ in range(392))
    (scrib := folder / "scribbled.db").write_bytes(bytes(scribbled))
    out.append(scrib)
    header = folder / "header.db"
    header.write_bytes(b"SQLite format 3\x00" + bytes(rng.randrange(256) for _ in range(4080)))
    out.append(header)
    return out


def test_pins_db_pointed_at_the_index_or_the_feedback_is_refused_naming_the_variable(built_index: Path,
                                                                                    tmp_path: Path) -> None:
    for value in (str(built_index), str(tmp_path / "feedback.db")):
        env = {"KOMMUNEBOT_PINS_DB": value, "KOMMUNEBOT_FEEDBACK_DB": str(tmp_path / "feedback.db"),
               "KOMMUNEBOT_INDEX": str(built_index)}
        with pytest.raises(KommunebotError, match="KOMMUNEBOT_PINS_DB"):
            Settings.from_env(env)
        for args in (["ask", QUESTION], ["serve", "--port", "1"]):
            result = _cli(*args, env=env)
            assert result.exit_code == 1 and "KOMMUNEBOT_PINS_DB" in result.output, result.output
            assert "index build" not in result.output
    with sqlite3.connect(f"{built_index.as_uri()}?mode=ro", uri=True) as conn:  # nothing was added to it
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'pins'").fetchall()


def test_a_foreign_pins_file_is_refused_before_anything_is_written(built_index: Path, tmp_path: Path) -> None:
    for foreign in (built_index, tmp_path / "other.db"):
        if foreign.name == "other.db":
            with sqlite3.connect(foreign) as conn:
                conn.execute("CREATE TABLE accounts (id INTEGER, owner TEXT)")
        size = foreign.stat().st_size
        with pytest.raises(KommunebotError, match="not a pins database"):
            PinStore.open(foreign)
        assert foreign.stat().st_size == size
        with sqlite3.connect(f"{foreign.as_uri()}?mode=ro", uri=True) as conn:
            assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name IN ('pins', 'marks')").fetchall()


def test_a_damaged_pins_file_warns_and_ask_chat_and_eval_answer_without_pins(built_index: Path, tmp_path: Path,
                                                                              searcher) -> None:
    (tmp_path / "q.txt").write_text(QUESTION + "\n", encoding="utf-8")
    for damaged in damaged_pins_files(tmp_path, searcher):
        env = {"KOMMUNEBOT_INDEX": str(built_index), "KOMMUNEBOT_PINS_DB": str(damaged),
               "KOMMUNEBOT_SEMANTIC": "off"}
        before = damaged.read_bytes()
        ask = _cli("ask", QUESTION, env=env)
        assert ask.exit_code == 0 and "forsvarlig" in ask.stdout, (damaged.name, ask.output)
        assert "Warning: answering without pinned answers" in ask.stderr, damaged.name
        chat = CliRunner().invoke(__import__("bot.cli", fromlist=["cli"]).cli, ["chat"], env=env,
                                  input=QUESTION + "\n:quit\n")
        assert chat.exit_code == 0 and "forsvarlig" in chat.stdout, (damaged.name, chat.output)
        out = tmp_path / f"review-{damaged.stem}"
        review = _cli("eval", str(tmp_path / "q.txt"), "--out", str(out), env=env)
        assert review.exit_code == 0 and (out / "kommunebot-review.md").is_file(), review.output
        assert damaged.read_bytes() == before  # read, never repaired or rewritten


def test_telegram_check_agrees_with_the_bot_on_a_damaged_pins_file(built_index: Path, tmp_path: Path,
                                                                  searcher) -> None:
    import asyncio

    from tests.helpers.botrun import TOKEN, running
    from tests.helpers.fakebotapi import FakeBotAPI

    damaged = damaged_pins_files(tmp_path, searcher)[0]
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "KOMMUNEBOT_INDEX": str(built_index), "KOMMUNEBOT_PINS_DB": str(damaged),
           "KOMMUNEBOT_FEEDBACK_DB": str(tmp_path / "fb.db")}
    check = _cli("telegram", "--check", env=env)
    assert check.exit_code == 0 and check.stdout.startswith("OK"), check.output
    assert "without pinned answers" in check.stderr

    async def start_and_stop(settings: Settings) -> bool:
        async with running(settings) as app:
            from bot.tg.resources import KEY

            return app.bot_data[KEY].engine.pins is None

    with FakeBotAPI(token=TOKEN) as fake:
        from dataclasses import replace

        settings = replace(Settings.from_env(env), telegram_token=TOKEN, telegram_base_url=fake.base_url)
        assert asyncio.run(start_and_stop(settings))  # the bot runs too, without pins, as --check said


def test_the_feedback_page_writes_nothing_into_an_empty_file(built_index: Path, tmp_path: Path) -> None:
    from tests.test_web import make_client, page

    (tmp_path / "feedback.db").write_bytes(b"")
    client, _ = make_client(built_index, tmp_path)
    response = client.get("/feedback")
    assert response.status_code == 200 and "Ingen tilbakemeldinger" in page(response)
    assert (tmp_path / "feedback.db").read_bytes() == b""
    assert not (tmp_path / "feedback.secret").exists()


def test_pins_are_created_private_and_existing_side_files_made_private(tmp_path: Path) -> None:
    PinStore.open(tmp_path / "p" / "pins.db").close()
    assert stat.S_IMODE((tmp_path / "p" / "pins.db").stat().st_mode) == 0o600
    for name, opener in (("pins.db", PinStore.open), ("feedback.db", lambda p: FeedbackStore.open(p, "s"))):
        path = tmp_path / "old" / name
        path.parent.mkdir(exist_ok=True)
        opener(path).close()
        os.chmod(path, 0o644)
        opener(path).close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name


def test_a_clock_set_far_ahead_deletes_no_feedback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    import bot.feedback

    store = FeedbackStore.open(tmp_path / "feedback.db", "s", days=180)
    ids = [store.record(Answer(f"spørsmål {n}", "nb", False), "k", "private", "v") for n in range(5)]
    real_now = bot.feedback._now
    for days_ahead in (200, 400, 3650):
        monkeypatch.setattr(bot.feedback, "_now", lambda d=days_ahead: real_now() + timedelta(days=d))
        assert store.prune() == 0
        store.vote(ids[0], "k", 1)  # a write prunes too
        assert all(store.shown(i) is not None for i in ids), days_ahead
    assert "check the system clock" in caplog.text
    monkeypatch.setattr(bot.feedback, "_now", real_now)
    # a reply really older than the retention period still goes
    old = store.record(Answer("gammelt", "nb", False), "k", "private", "v")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE shown SET asked_at = ? WHERE id = ?",
                     [(datetime.now(UTC) - timedelta(days=181)).isoformat(timespec="seconds"), old])
    assert store.prune() == 1 and store.shown(old) is None and store.shown(ids[0]) is not None
