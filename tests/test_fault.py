"""Faults while under load: index swapped, deleted or corrupted; the Bot API failing; SIGTERM mid-traffic.

Each fault kind is one whose right outcome is well defined (see bot/tg/delivery.py):
429, 500/502 and a refused connection mean nothing was posted, so the reply is resent and
arrives exactly once; a slow answer within the timeout arrives once; a connection dropped
after Telegram got the request is never resent, so never doubled.
"""

from __future__ import annotations

import shutil
import signal
import socket
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from tests.helpers.botrun import ADMIN, TOKEN, Traffic, bot_env, running, start_bot, stop_bot
from tests.helpers.fakebotapi import FakeBotAPI

WAIT = 60  # seconds: the upper bound of any wait, never a timing assertion


@pytest.fixture
def own_index(corpus_copy: Path, tmp_path: Path) -> Path:
    """An index of a writable corpus copy, for tests that rebuild or damage it."""
    from bot.index.build import build_index

    index = tmp_path / "index" / "kommunebot.db"
    build_index(corpus_copy, index)
    return index


@pytest.fixture
def settings(fake: FakeBotAPI, own_index: Path, corpus_copy: Path, tmp_path: Path):
    """The bot pointed at the fake server and its own index; no per-user rate limit."""
    from bot.config import Settings

    return replace(Settings.from_env(), index_path=own_index, corpus_dir=corpus_copy, telegram_token=TOKEN,
                   telegram_base_url=fake.base_url, admins=frozenset({ADMIN}), feedback_path=tmp_path / "fb.db",
                   feedback_secret="s", rate_per_minute=0)


async def _round(fake: FakeBotAPI, traffic: Traffic, n: int) -> None:
    traffic.burst(n)
    await fake.wait_for_async(lambda: all(fake.sent_count(c) >= len(traffic.sent[c]) for c in traffic.chats), WAIT)


async def _finish(fake: FakeBotAPI, traffic: Traffic):
    import asyncio

    await asyncio.to_thread(traffic.finish, WAIT)
    return traffic.tally()


# ----------------------------------------------------------------------------- the index


async def test_fault_index_rebuilt_and_swapped_under_load(fake: FakeBotAPI, settings, own_index: Path) -> None:
    import asyncio

    from bot.index.build import build_index

    before = own_index.stat().st_ino
    # held open, so its inode number cannot be given to a later file once the swaps have freed it
    # (ext4 reuses freed numbers: the check below then failed though the file had been replaced)
    original = own_index.open("rb")
    shutil.copy(settings.corpus_dir / "002_7e50c18fa33f4fe2.txt", settings.corpus_dir / "006_copy.txt")
    traffic = Traffic(fake, chats=16)
    async with running(settings):
        traffic.burst(16)
        fake.inject_message(ADMIN, "/reindex")  # a rebuild inside the bot, while questions come in ...
        await _round(fake, traffic, 16)
        await fake.wait_for_async(lambda: any("Ferdig" in m["text"] for m in fake.sent_messages(ADMIN)), WAIT)
        # ... then one from outside, as `kommunebot index build` does (one build at a time: a file lock)
        outside = asyncio.create_task(asyncio.to_thread(build_index, settings.corpus_dir, own_index, incremental=False))
        await _round(fake, traffic, 16)
        await outside
        await _round(fake, traffic, 16)
        tally = await _finish(fake, traffic)
    try:
        assert own_index.stat().st_ino != before
    finally:
        original.close()
    assert tally.exact and tally.apologies == 0, tally


async def test_fault_index_deleted_under_load_keeps_answering_and_a_rebuild_recovers(
        fake: FakeBotAPI, settings, own_index: Path) -> None:
    from bot.index.build import build_index
    from bot.index.check import check_index

    traffic = Traffic(fake, chats=10)
    async with running(settings):
        await _round(fake, traffic, 10)
        own_index.unlink()
        await _round(fake, traffic, 20)  # answered from the index it loaded
        assert check_index(own_index, settings.corpus_dir) != []
        build_index(settings.corpus_dir, own_index)
        assert check_index(own_index, settings.corpus_dir) == []
        await _round(fake, traffic, 10)
        tally = await _finish(fake, traffic)
    assert tally.exact and tally.apologies == 0, tally


@pytest.mark.parametrize("how", ["replaced", "overwritten"])
async def test_fault_index_corrupted_under_load_answers_or_says_so_check_detects_rebuild_recovers(
        fake: FakeBotAPI, settings, own_index: Path, how: str) -> None:
    from click.testing import CliRunner

    from bot.cli import cli
    from bot.cli import index as _commands  # noqa: F401  (registers `index`)
    from bot.index.build import build_index
    from bot.tg import texts

    traffic = Traffic(fake, chats=10)
    async with running(settings):
        await _round(fake, traffic, 10)
        size = own_index.stat().st_size
        if how == "replaced":  # a new file of garbage where the index was
            garbage = own_index.with_name("garbage")
            garbage.write_bytes(b"\xde\xad\xbe\xef" * (size // 4))
            garbage.replace(own_index)
        else:  # the same file scribbled over in place (never truncated: the index is memory-mapped)
            with open(own_index, "r+b") as f:
                f.seek(0)
                f.write(b"\xde\xad\xbe\xef" * (size // 4))
        await _round(fake, traffic, 20)
        damaged = traffic.tally()
        result = CliRunner().invoke(cli, ["index", "check", "--index", str(own_index),
                                          "--corpus", str(settings.corpus_dir)])
        assert result.exit_code == 1 and "kommunebot index build" in result.output, result.output
        build_index(settings.corpus_dir, own_index)
        await _round(fake, traffic, 10)
        tally = await _finish(fake, traffic)
    assert damaged.exact and tally.exact, (damaged, tally)  # one reply each: an answer or a clear apology
    if how == "replaced":
        assert tally.apologies == 0  # the loaded index went on answering
    else:  # the pages under the loaded index changed: the clear 'not available now' reply, never a traceback
        assert {m["text"] for c in traffic.chats for m in fake.sent_messages(c)} & set(texts.APOLOGY.values()) == set()
    last = [fake.sent_messages(c)[-2]["text"] for c in traffic.chats]  # after the rebuild, before the closing /om
    assert not any(t in {*texts.APOLOGY.values(), *texts.UNAVAILABLE.values()} for t in last)


# ----------------------------------------------------------------------------- the Bot API


class RefuseConnections(httpx.AsyncBaseTransport):
    """Sends the next `count` sendMessage calls to a closed port: a real 'connection refused'."""

    def __init__(self, inner: httpx.AsyncBaseTransport, count: int) -> None:
        self.inner, self.count, self.refused = inner, count, 0
        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            self.dead = s.getsockname()[1]
        self.nowhere = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.count and request.url.path.endswith("/sendMessage"):
            self.count -= 1
            self.refused += 1
            request.url = request.url.copy_with(port=self.dead)
            return await self.nowhere.handle_async_request(request)  # raises httpx.ConnectError
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.nowhere.aclose()
        await self.inner.aclose()


async def test_fault_api_429_500_502_and_refused_connections_are_retried_delivered_once(
        fake: FakeBotAPI, settings) -> None:
    traffic = Traffic(fake, chats=20)
    async with running(settings) as app:
        client = app.bot._request[1]._client  # PTB's httpx client for every call but getUpdates
        refusing = RefuseConnections(client._transport, count=6)
        client._transport = refusing
        fake.fail_next("sendMessage", 429, retry_after=1, count=2)
        fake.random_faults(0.2, methods=("sendMessage",), kinds=(500, 502), seed=7)
        await _round(fake, traffic, 40)
        await _round(fake, traffic, 20)
        fake.random_faults(0)
        tally = await _finish(fake, traffic)
    kinds = [f.kind for f in fake.faults]
    assert kinds.count(429) == 2 and 500 in kinds and 502 in kinds and refusing.refused == 6
    assert tally.exact and tally.apologies == 0, tally


async def test_fault_slow_api_within_the_timeout_delivers_once(fake: FakeBotAPI, settings) -> None:
    traffic = Traffic(fake, chats=10)
    async with running(settings):
        fake.delay("sendMessage", 0.5)
        await _round(fake, traffic, 20)
        fake.delay("sendMessage", 0)
        tally = await _finish(fake, traffic)
    assert tally.exact, tally


async def test_fault_connection_dropped_after_receipt_is_never_duplicated(fake: FakeBotAPI, settings) -> None:
    traffic = Traffic(fake, chats=10)
    async with running(settings):
        fake.drop_next("sendMessage", count=4, after=True)  # posted; the answer is lost on the way back
        await _round(fake, traffic, 20)
        tally = await _finish(fake, traffic)
    assert tally.exact, tally  # posted once by the server, not resent by the bot
    assert fake.call_count("sendMessage") == 20 + 10  # no resends (20 answers, 10 closing /om)


async def test_fault_ambiguous_drop_is_at_most_once(fake: FakeBotAPI, settings) -> None:
    """A connection closed without an answer looks the same to the bot whether or not Telegram posted."""
    traffic = Traffic(fake, chats=10)
    async with running(settings):
        fake.drop_next("sendMessage", count=3)  # here: nothing posted
        traffic.burst(20)
        await fake.wait_for_async(lambda: fake.call_count("sendMessage") >= 20, WAIT)
        tally = await _finish(fake, traffic)
    assert tally.duplicated == 0 and tally.lost == 3, tally  # lost, never doubled: the documented policy


# ----------------------------------------------------------------------------- SIGTERM


def test_fault_sigterm_mid_traffic_finishes_in_flight_commits_offset_and_restart_loses_nothing(
        fake: FakeBotAPI, own_index: Path, tmp_path: Path) -> None:
    env = bot_env(fake, own_index, tmp_path / "fb.db")
    log = (tmp_path / "bot.log").open("wb")
    traffic = Traffic(fake, chats=20)
    fake.delay("sendMessage", 0.2)  # so that answers are in flight when the signal comes
    proc = start_bot(fake, env, log)
    try:
        ids = traffic.burst(100)
        fake.wait_for(lambda: traffic.replies() >= 10, WAIT)
        polls = fake.call_count("getUpdates")
        proc.send_signal(signal.SIGTERM)
        # The updater's last getUpdates (timeout 0) commits the offset; later updates wait for the restart.
        fake.wait_for(lambda: any(not c.params.get("timeout") for c in fake.calls_of("getUpdates")[polls:]), WAIT)
        ids += traffic.burst(40)  # arriving while the bot shuts down: left for the restarted bot
        assert proc.wait(WAIT) == 0  # one SIGTERM only: a second one would cut the drain short
        answered, committed = traffic.answered_updates(), fake.confirmed_offset
        # What was fetched was answered before the exit (in-flight answers finished), and the offset
        # committed is just past it, so the rest waits at the server for the restart.
        assert answered == {u for u in ids if u < committed}
        assert len(answered) < len(ids) and fake.pending_updates == len(ids) - len(answered)
        fake.delay("sendMessage", 0)
        proc = start_bot(fake, env, log)
        traffic.wait_answered(WAIT)
        traffic.finish(WAIT)
    finally:
        stop_bot(proc)
        log.close()
    tally = traffic.tally()
    assert tally.exact and tally.apologies == 0, tally
    assert fake.confirmed_offset > max(ids)
