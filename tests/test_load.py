"""Load: many chats at once through the real Application and the fake Bot API; every message answered once.

The heavy run (200+ chats, 5,000+ messages, latency and memory) is `python -m benchmarks.load`;
this is its small version for CI, with no timing assertions.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers.botrun import ADMIN, TOKEN, Traffic, running
from tests.helpers.fakebotapi import FakeBotAPI, parse_telegram_html


@pytest.fixture
def settings(fake: FakeBotAPI, built_index: Path, tmp_path: Path):
    """The bot pointed at the fake server; no per-user rate limit (the load is many questions per chat)."""
    from bot.config import Settings

    return replace(Settings.from_env(), index_path=built_index, telegram_token=TOKEN, telegram_base_url=fake.base_url,
                   admins=frozenset({ADMIN}), feedback_path=tmp_path / "fb.db", feedback_secret="s",
                   rate_per_minute=0)


async def test_load_40_chats_in_bursts_each_message_answered_once(fake: FakeBotAPI, settings) -> None:
    traffic = Traffic(fake, chats=40)
    async with running(settings):
        for _ in range(5):  # five bursts of one message per chat: 200 messages
            traffic.burst(40)
            await fake.wait_for_async(lambda: traffic.replies() >= traffic.total, timeout=60)
        await fake.wait_for_async(lambda: fake.pending_updates == 0, timeout=10)
    tally = traffic.tally()
    assert tally.messages == 200 and tally.exact, tally
    assert tally.apologies == 0
    for call in fake.calls_of("sendMessage"):
        if call.params.get("parse_mode") == "HTML":
            assert len(parse_telegram_html(call.params["text"])) <= 4096


async def test_load_one_chat_flooding_keeps_its_order_and_others_are_served(fake: FakeBotAPI, settings) -> None:
    async with running(settings):
        flood = [fake.inject_message(7, f"/sporsmal spørsmål nummer {i}", chat_type="group") for i in range(30)]
        others = Traffic(fake, chats=20, first_chat=500)
        others.burst(20)
        await fake.wait_for_async(lambda: others.replies() >= 20 and fake.sent_count(7) >= 30, timeout=60)
    quoted = [m["reply_to_message"]["message_id"] for m in fake.sent_messages(7)]
    assert quoted == [fake.injected(u)["message"]["message_id"] for u in flood]  # in order, once each
    assert others.tally().exact
