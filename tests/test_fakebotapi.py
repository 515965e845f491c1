"""The fake Bot API server, driven by real python-telegram-bot Bots and Applications."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from tests.helpers.fakebotapi import BOT_USERNAME, FakeBotAPI, parse_telegram_html, parse_telegram_html_entities

TOKEN = "123:ABC"


@pytest.fixture
def server() -> Iterator[FakeBotAPI]:
    """A fresh server per test: starting one is a thread and a bind, about a millisecond."""
    with FakeBotAPI() as fake:
        yield fake


def make_bot(server: FakeBotAPI) -> Bot:
    return Bot(token=TOKEN, base_url=server.base_url, base_file_url=server.base_file_url)


@pytest.fixture
def api(server: FakeBotAPI) -> Iterator[Callable[..., httpx.Response]]:
    """Raw HTTP calls, to see exactly what goes over the wire."""
    with httpx.Client(base_url=f"{server.base_url}{TOKEN}/", timeout=5) as client:
        yield lambda method, **kwargs: client.post(method, **kwargs)


# --------------------------------------------------------------------------- Telegram HTML


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("plain text", "plain text"),
        ("&lt;b&gt; is bold", "<b> is bold"),
        ("<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins>", "bold s i e u n"),
        ("<s>a</s><strike>b</strike><del>c</del>", "abc"),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>quote</blockquote>", "quote"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("<B>upper case tags</B>", "upper case tags"),
        ("<b>nested <i>fine</i></b>", "nested fine"),
        ("&quot;&amp;&#65;&#x42;", '"&AB'),
        ("a > b", "a > b"),
        ("line\nbreak", "line\nbreak"),
    ],
)
def test_valid_html_parses_to_its_plain_text(html: str, plain: str) -> None:
    assert parse_telegram_html(html) == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("ø<br>", 'Unsupported start tag "br" at byte offset 2'),  # byte, not character, offsets
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("Q&A", 'Unescaped "&" at byte offset 1'),
        ("a&nbsp;b", 'Unescaped "&"'),
        ("<a href>x</a>", "Expected equal sign"),
    ],
)
def test_invalid_html_raises_with_telegrams_wording(html: str, error: str) -> None:
    with pytest.raises(ValueError, match="^" + error.replace("(", r"\(")):
        parse_telegram_html(html)


def test_lenient_mode_keeps_a_bare_ampersand_like_telegram() -> None:
    assert parse_telegram_html("Q&A &nbsp;", strict=False) == "Q&A &nbsp;"


def test_entities_use_utf16_offsets() -> None:
    text, entities = parse_telegram_html_entities('👍 <b>bold</b> <a href="https://x.org">l</a>')
    assert text == "👍 bold l"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "url": "https://x.org", "offset": 8, "length": 1},
    ]


# --------------------------------------------------------------------------- methods


async def test_get_me_and_send_message_are_recorded(server: FakeBotAPI) -> None:
    async with make_bot(server) as bot:
        me = await bot.get_me()  # the second getMe: `async with` made the first
        first = await bot.send_message(42, "<b>Hei</b> &amp; velkommen", parse_mode="HTML")
        second = await bot.send_message(42, "to")
        other = await bot.send_message(7, "en")

    assert (me.id, me.is_bot, me.username) == (123, True, BOT_USERNAME)
    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)  # per chat
    assert first.text == "Hei & velkommen" and first.text_html == "<b>Hei</b> &amp; velkommen"
    assert first.from_user is not None and first.from_user.username == BOT_USERNAME
    assert [method for method, _params, _ts in server.calls] == ["getMe"] * 2 + ["sendMessage"] * 3
    assert server.calls[2].params == {"chat_id": 42, "text": "<b>Hei</b> &amp; velkommen", "parse_mode": "HTML"}
    assert [m["text"] for m in server.sent_messages(42)] == ["Hei & velkommen", "to"]
    assert server.sent_count() == 3


async def test_reply_markup_and_reply_parameters_are_echoed(server: FakeBotAPI) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Mer", callback_data="more:1")]])
    async with make_bot(server) as bot:
        first = await bot.send_message(1, "a", reply_markup=keyboard)
        reply = await bot.send_message(1, "b", reply_to_message_id=first.message_id)
        too_long = InlineKeyboardButton("x", callback_data="y" * 65)
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(1, "c", reply_markup=InlineKeyboardMarkup([[too_long]]))
    assert first.reply_markup == keyboard
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "a"
    assert server.calls_of("sendMessage")[0].params["reply_markup"] == keyboard.to_dict()


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("<b>x", "HTML", "Can't parse entities: can't find end tag"),
        ("<script>x</script>", "HTML", 'Can\'t parse entities: unsupported start tag "script"'),
        ("x" * 4097, None, "Message is too long"),
        ("<b>" + "x" * 4097 + "</b>", "HTML", "Message is too long"),
        ("   ", None, "Message text is empty"),
        ("<b></b>", "HTML", "Message text is empty"),
    ],
)
async def test_bad_messages_are_rejected_and_not_delivered(
    server: FakeBotAPI, text: str, parse_mode: str | None, error: str
) -> None:
    async with make_bot(server) as bot:
        with pytest.raises(BadRequest, match=error.replace("(", r"\(")):
            await bot.send_message(1, text, parse_mode=parse_mode)
        # 4096 characters after entity parsing is fine, however long the markup.
        await bot.send_message(1, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert server.sent_count() == 1


def test_wire_format_matches_telegram(api: Callable[..., httpx.Response]) -> None:
    """Exact JSON for an unknown method, a parse error and a JSON body with a string markup."""
    assert api("frobnicate").json() == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }
    bad = api("sendMessage", data={"chat_id": "1", "text": "<b>x", "parse_mode": "HTML"})
    assert bad.status_code == 400
    assert bad.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    }
    markup = json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]})
    ok = api("sendMessage", json={"chat_id": 5, "text": "123", "reply_markup": markup}).json()
    assert ok["ok"] and ok["result"]["text"] == "123"
    assert ok["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"
    assert api("getme").json()["result"]["username"] == BOT_USERNAME  # names are case-insensitive


async def test_edits_callbacks_and_commands(server: FakeBotAPI) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]])
    async with make_bot(server) as bot:
        sent = await bot.send_message(9, "Spørsmål?", reply_markup=keyboard)
        edited = await bot.edit_message_text("Svar", chat_id=9, message_id=sent.message_id)
        assert edited.text == "Svar" and edited.edit_date is not None and edited.reply_markup is None
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("Svar", chat_id=9, message_id=sent.message_id)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("x", chat_id=9, message_id=999)
        await bot.edit_message_reply_markup(chat_id=9, message_id=sent.message_id, reply_markup=keyboard)

        server.inject_callback(9, 9, "yes", sent.message_id)
        (update,) = await bot.get_updates()
        assert update.callback_query is not None and update.callback_query.data == "yes"
        assert update.callback_query.message is not None and update.callback_query.message.text == "Svar"
        assert await update.callback_query.answer("ok")
        with pytest.raises(BadRequest, match="Query is too old"):
            await update.callback_query.answer("twice")

        await bot.set_my_commands([("start", "Start"), ("help", "Hjelp")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
        await bot.delete_my_commands()
        assert await bot.get_my_commands() == ()
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([("Start-Now", "x")])
        assert await bot.send_chat_action(9, "typing")
    assert server.sent_messages(9)[0]["text"] == "Svar"  # sent_messages shows the edited state


# --------------------------------------------------------------------------- updates


async def test_get_updates_confirms_by_offset(server: FakeBotAPI) -> None:
    ids = [server.inject_message(5, f"m{i}") for i in range(3)]
    async with make_bot(server) as bot:
        assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
        assert [u.update_id for u in await bot.get_updates()] == ids
        assert [u.update_id for u in await bot.get_updates(offset=ids[1], limit=1)] == [ids[1]]
        assert server.confirmed_offset == ids[1] and server.pending_updates == 2
        assert [u.update_id for u in await bot.get_updates(offset=ids[2] + 1)] == []
        assert server.confirmed_offset == ids[2] + 1 and server.pending_updates == 0

        more = [server.inject_message(5, f"n{i}") for i in range(3)]
        assert [u.update_id for u in await bot.get_updates(offset=-1)] == more[-1:]  # forgets the rest
        assert server.pending_updates == 1


async def test_long_poll_returns_as_soon_as_an_update_arrives(server: FakeBotAPI) -> None:
    async with make_bot(server) as bot:
        started = time.monotonic()
        assert await bot.get_updates(timeout=0) == ()
        assert time.monotonic() - started < 0.5

        threading.Timer(0.2, server.inject_message, args=(5, "late")).start()
        started = time.monotonic()
        updates = await bot.get_updates(timeout=5)
        assert [u.message.text for u in updates if u.message] == ["late"]
        assert 0.15 < time.monotonic() - started < 2

        started = time.monotonic()
        assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == ()
        assert time.monotonic() - started >= 0.9  # waited the whole timeout


async def test_allowed_updates_filters_kinds(server: FakeBotAPI) -> None:
    async with make_bot(server) as bot:
        sent = await bot.send_message(5, "knapp")
        server.inject_callback(5, 5, "x", sent.message_id)
        server.inject_message(5, "tekst")
        updates = await bot.get_updates(allowed_updates=["message"])
        assert [u.message.text for u in updates if u.message] == ["tekst"] and len(updates) == 1


async def test_group_messages_carry_mention_and_command_entities(server: FakeBotAPI) -> None:
    server.inject_message(-100, f"Hei @{BOT_USERNAME}, hva er et formannskap?", chat_type="supergroup", user_id=77)
    server.inject_message(-100, f"/sok@{BOT_USERNAME} budsjett", chat_type="supergroup", user_id=77)
    async with make_bot(server) as bot:
        mention, command = [u.message for u in await bot.get_updates()]
    assert mention.chat.type == "supergroup" and mention.from_user.id == 77
    assert mention.parse_entities([MessageEntity.MENTION]) == {mention.entities[0]: f"@{BOT_USERNAME}"}
    assert command.parse_entities() == {command.entities[0]: f"/sok@{BOT_USERNAME}"}
    assert command.entities[0].type == MessageEntity.BOT_COMMAND


# --------------------------------------------------------------------------- faults


@pytest.mark.filterwarnings("ignore:.*retry_after:DeprecationWarning")
async def test_scripted_faults_map_to_ptb_errors_and_deliver_nothing(server: FakeBotAPI) -> None:
    async with make_bot(server) as bot:
        server.fail_next("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryAfter) as retry:
            await bot.send_message(1, "a")
        assert retry.value.retry_after == 7

        server.fail_next("sendMessage", 403)
        with pytest.raises(Forbidden, match="^Forbidden: bot was blocked by the user$"):
            await bot.send_message(1, "b")
        server.fail_next("sendMessage", 500)
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(1, "c")
        server.fail_next("sendMessage", 502)
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(1, "d")
        server.fail_next("sendMessage", 400, description="Bad Request: chat not found")
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(1, "e")
        server.drop_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(1, "f")

        assert (await bot.send_message(1, "g")).message_id == 1  # failures used no message ids
    assert [m["text"] for m in server.sent_messages()] == ["g"]
    assert [kind for _m, kind, _t in server.faults] == [429, 403, 500, 502, 400, "drop"]
    assert server.call_count("sendMessage") == 7


async def test_drop_after_delivers_but_loses_the_answer(server: FakeBotAPI) -> None:
    server.drop_next("sendMessage", after=True)
    async with make_bot(server) as bot:
        with pytest.raises(NetworkError):
            await bot.send_message(1, "once")
    assert [m["text"] for m in server.sent_messages()] == ["once"]


async def test_delay_and_blocked_chats(server: FakeBotAPI) -> None:
    server.delay("sendMessage", 0.3)
    server.block_chat(666)
    async with make_bot(server) as bot:
        started = time.monotonic()
        await bot.send_message(1, "slow")
        assert time.monotonic() - started >= 0.3
        server.delay("sendMessage", 0)
        with pytest.raises(Forbidden):
            await bot.send_message(666, "x")


def test_random_faults_fail_a_share_and_are_reproducible(
    server: FakeBotAPI, api: Callable[..., httpx.Response]
) -> None:
    def run() -> list[int | str]:
        server.reset()
        server.random_faults(0.3, seed=42, kinds=(429, 500, 502))
        for i in range(100):
            api("sendMessage", data={"chat_id": "1", "text": f"m{i}"})
        return [kind for _m, kind, _t in server.faults]

    first = run()
    assert 15 < len(first) < 45 and first == run()
    assert server.sent_count() == 100 - len(first)
    assert len({m["text"] for m in server.sent_messages()}) == server.sent_count()


def test_wait_for_times_out_with_a_summary(server: FakeBotAPI) -> None:
    with pytest.raises(TimeoutError, match="delivered 0"):
        server.wait_for_messages(1, timeout=0.1)


# --------------------------------------------------------------------------- end to end


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text with the same text in bold."""
    assert update.message is not None and update.message.text is not None
    await update.message.reply_html(f"<b>{update.message.text_html}</b>")


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press and say which one it was."""
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    await query.message.reply_text(f"pressed {query.data}")


def build_app(server: FakeBotAPI) -> Application:
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


async def test_echo_application_answers_injected_messages(server: FakeBotAPI) -> None:
    app = build_app(server)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)  # type: ignore[union-attr]

        server.inject_message(1, "hei & <hallo>")
        server.inject_message(-5, f"@{BOT_USERNAME} gruppe", chat_type="group", user_id=3)
        replies = await server.wait_for_messages_async(2)
        sent = server.sent_messages(1)[0]
        server.inject_callback(1, 1, "more", sent["message_id"])
        await server.wait_for_messages_async(3)
        await server.wait_for_calls_async("answerCallbackQuery", 1)

        # Many chats at once: every message is answered exactly once.
        for chat in range(100, 120):
            for n in range(5):
                server.inject_message(chat, f"c{chat} n{n}")
        last = server.inject_message(999, "last")
        await server.wait_for_messages_async(3 + 20 * 5 + 1, timeout=15)

        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()

    assert {r["chat"]["id"]: r["text"] for r in replies} == {1: "hei & <hallo>", -5: f"@{BOT_USERNAME} gruppe"}
    assert server.sent_messages(1)[0]["entities"] == [{"type": "bold", "offset": 0, "length": 13}]
    assert server.sent_messages(1)[-1]["text"] == "pressed more"
    texts = [m["text"] for m in server.sent_messages() if m["chat"]["id"] >= 100]
    assert sorted(texts) == sorted({t for t in texts}) and len(texts) == 101
    assert server.confirmed_offset == last + 1  # PTB confirms everything it handled on stop
    assert server.calls_of("deleteWebhook")  # start_polling clears the webhook first


@pytest.mark.filterwarnings("ignore:.*retry_after:DeprecationWarning")
async def test_application_survives_a_rate_limit_answer(server: FakeBotAPI) -> None:
    """A 429 on a reply surfaces in PTB's error handler and the next reply still goes out."""
    errors: list[BaseException] = []
    app = build_app(server)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        errors.append(context.error)

    app.add_error_handler(on_error)
    server.fail_next("sendMessage", 429, retry_after=2)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)  # type: ignore[union-attr]
        server.inject_message(1, "first")
        await server.wait_for_async(lambda: bool(errors), timeout=5)
        server.inject_message(1, "second")
        await server.wait_for_messages_async(1)
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
    assert isinstance(errors[0], RetryAfter)
    assert [m["text"] for m in server.sent_messages()] == ["second"]


def test_stop_ends_a_pending_long_poll_and_frees_the_port(server: FakeBotAPI) -> None:
    outcome: list[BaseException] = []

    async def poll() -> None:
        async with make_bot(server) as bot:
            try:
                await bot.get_updates(timeout=30)
            except NetworkError as err:
                outcome.append(err)

    thread = threading.Thread(target=asyncio.run, args=(poll(),))
    thread.start()
    server.wait_for_calls("getUpdates", 1)
    started = time.monotonic()
    server.stop()
    thread.join(timeout=5)
    assert not thread.is_alive() and time.monotonic() - started < 3
    assert len(outcome) == 1  # the client saw the connection close, not a hang


def test_html_entities_helper_is_exposed() -> None:
    assert parse_telegram_html_entities("<i>x</i>") == ("x", [{"type": "italic", "offset": 0, "length": 1}])
