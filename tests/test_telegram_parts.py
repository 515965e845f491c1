"""The bot's parts without a server: addressing, keyboards, rate limit, ordering, plain-text fallback."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Chat, Message, MessageEntity, Update, User

from bot.answer.model import Citation
from bot.render.telegram_html import LIMIT, format_sources, pack, to_plain
from bot.tg.addressing import group_question
from bot.tg.keyboard import Press, answer_keyboard, parse_press
from bot.tg.ratelimit import UserRateLimiter, Verdict
from bot.tg.updates import PerChatUpdateProcessor

BOT = User(99, "Kommunebot", True, username="kommunebot_test_bot")
GROUP = Chat(-1, "group")


def _message(text: str, reply_from: User | None = None) -> Message:
    entities = [MessageEntity("mention", text.index("@"), len("@kommunebot_test_bot"))] if "@" in text else []
    reply = Message(1, None, GROUP, from_user=reply_from, text="earlier") if reply_from else None
    return Message(2, None, GROUP, from_user=User(5, "A", False), text=text, entities=entities,
                   reply_to_message=reply)


@pytest.mark.parametrize("text, reply_from, expected", [
    ("Hva er rådmannens ansvar?", None, None),
    ("@kommunebot_test_bot Hva er rådmannens ansvar?", None, "Hva er rådmannens ansvar?"),
    ("Hva er rådmannens ansvar, @KommuneBot_test_bot?", None, "Hva er rådmannens ansvar,"),
    ("og kontrollutvalget?", BOT, "og kontrollutvalget?"),
    ("og kontrollutvalget?", User(7, "B", False), None),
    ("@someone_else hei", None, None),
])
def test_group_question(text: str, reply_from: User | None, expected: str | None) -> None:
    message = _message(text, reply_from)
    if "@someone_else" in text:
        message = Message(2, None, GROUP, text=text, entities=[MessageEntity("mention", 0, 13)])
    assert group_question(message, BOT.username, BOT.id) == expected


@pytest.mark.parametrize("data, expected", [
    ("more:12", Press("more", 12)),
    ("vote:12:1", Press("vote", 12, 1)),
    ("vote:12:-1", Press("vote", 12, -1)),
    ("vote:12:5", None), ("more:x", None), ("", None), (None, None), ("other:1", None),
])
def test_parse_press(data: str | None, expected: Press | None) -> None:
    assert parse_press(data) == expected


def test_keyboard_round_trips() -> None:
    rows = answer_keyboard(2**40, more=True).inline_keyboard
    assert [b.text for b in rows[0]] == ["Flere treff"] and [b.text for b in rows[1]] == ["👍", "👎"]
    assert all(parse_press(b.callback_data) for row in rows for b in row)
    assert len(answer_keyboard(1, more=False).inline_keyboard) == 1


def test_rate_limiter_tells_once_then_stays_quiet() -> None:
    limiter = UserRateLimiter(per_minute=2)
    verdicts = [limiter.check(1, now=t) for t in (0, 1, 2, 3)]
    assert verdicts == [Verdict.ALLOW, Verdict.ALLOW, Verdict.TELL, Verdict.QUIET]
    assert limiter.check(2, now=3) is Verdict.ALLOW
    assert limiter.check(1, now=60.5) is Verdict.ALLOW
    limiter.forget_idle(now=500)
    assert not limiter._times


def test_to_plain_keeps_text_and_links() -> None:
    html = '<b>A &amp; B</b> <blockquote>&lt;script&gt;</blockquote> <a href="https://x.no/?a=1&amp;b=2">X</a>'
    assert to_plain(html) == "A & B <script> X (https://x.no/?a=1&b=2)"


def test_sources_are_split_within_the_limit() -> None:
    sources = [Citation(f"s{i}", f"<Title {i}> " + "x" * 200, url="https://ks.no/") for i in range(60)]
    parts = format_sources(sources)
    assert len(parts) > 1 and all(len(p) <= LIMIT for p in parts)
    assert "&lt;Title 0&gt;" in parts[0] and '<a href="https://ks.no/">' in parts[0]
    assert pack([]) == []


async def test_updates_of_one_chat_run_in_order_other_chats_concurrently() -> None:
    processor = PerChatUpdateProcessor(8)
    log: list[str] = []

    async def handle(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    def update(chat_id: int) -> Update:
        return Update(1, message=Message(1, None, Chat(chat_id, "private"), text="x"))

    await asyncio.gather(processor.process_update(update(1), handle("a1", 0.05)),
                         processor.process_update(update(1), handle("a2", 0)),
                         processor.process_update(update(2), handle("b1", 0)))
    assert log.index("end a1") < log.index("start a2")
    assert log.index("end b1") < log.index("end a1")
    assert not processor._locks


def test_welcome_and_help_promise_links_only_when_a_source_has_one() -> None:
    from bot.tg.commands import help_html, welcome_html

    assert "lenke" in welcome_html(180, links=True) and "lenke" not in welcome_html(180, links=False)
    assert "lenke" in help_html("bot", False, links=True) and "lenke" not in help_html("bot", False, links=False)
    assert "lenke" in welcome_html(180, links=True, language="nn") and "Eg er" in welcome_html(180, language="nn")
