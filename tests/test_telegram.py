"""The Telegram bot, run as a real PTB Application over HTTP against the fake Bot API server."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers.botrun import ADMIN, TOKEN, running
from tests.helpers.fakebotapi import BOT_USERNAME, FakeBotAPI, parse_telegram_html
from tests.helpers.paths import REPO

USER, OTHER, GROUP = 1001, 1002, -100777
SLIDE_41 = "Plikter å sørge for at sakene er forsvarlig utredet"


@pytest.fixture(autouse=True)
def tg_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real token; every KOMMUNEBOT_* path in tmp_path."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(tmp_path / "feedback.db"))
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_SECRET", "test-secret-5e8d13b7")


@pytest.fixture
def settings(fake: FakeBotAPI, built_index: Path, tmp_path: Path):
    """Settings pointing the bot at the fake server, the session index and a tmp feedback store."""
    from bot.config import Settings

    return replace(Settings.from_env(), index_path=built_index, telegram_token=TOKEN,
                   telegram_base_url=fake.base_url, admins=frozenset({ADMIN}), feedback_path=tmp_path / "fb.db")


async def _running(settings, caplog: pytest.LogCaptureFixture) -> AsyncIterator:
    """The Application as run_polling starts it, logging at DEBUG; the token never in the log."""
    caplog.set_level(logging.DEBUG)
    try:
        async with running(settings) as app:
            yield app
    finally:
        assert TOKEN not in caplog.text


@pytest.fixture
async def bot(settings, caplog: pytest.LogCaptureFixture) -> AsyncIterator:
    """The running bot."""
    async for app in _running(settings, caplog):
        yield app


def _text(message: dict) -> str:
    return message["text"]


def _buttons(message: dict) -> dict[str, str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def _ask(fake: FakeBotAPI, chat: int, text: str, expect: int = 1, **kw) -> list[dict]:
    before = fake.sent_count(chat)
    fake.inject_message(chat, text, **kw)
    messages = await fake.wait_for_messages_async(before + expect, chat, timeout=10)
    return messages[before:]


async def test_commands_registered_in_norwegian(bot, fake: FakeBotAPI) -> None:
    names = [c["command"] for c in fake.commands()]
    assert names == ["start", "hjelp", "kilder", "om", "sporsmal"]


async def test_the_command_menu_is_registered_in_each_language_the_bot_has_texts_for(bot, fake: FakeBotAPI) -> None:
    """The menu was registered once, in bokmål, so an English user saw Norwegian descriptions; an English user's menu
    names the English commands (/help, /sources, /about, /ask), a Danish user's the Danish ones (/hjaelp,
    /spoergsmaal), as their help does."""
    names = ["start", "hjelp", "kilder", "om", "sporsmal"]
    described = {code: {c["command"]: c["description"] for c in fake.commands(language_code=code)}
                 for code in ("", "nn", "da", "en")}
    assert list(described[""]) == list(described["nn"]) == names
    assert list(described["da"]) == ["start", "hjaelp", "kilder", "om", "spoergsmaal"]
    assert list(described["en"]) == ["start", "help", "sources", "about", "ask"]
    assert described[""]["kilder"] == "Kildene svarene kommer fra"
    assert described["en"]["sources"] == "The sources the answers come from"
    assert described["nn"]["kilder"] == "Kjeldene svara kjem frå"
    assert described["da"]["kilder"] == "Kilderne, svarene kommer fra"


async def test_om_kilder_and_the_rate_limit_follow_the_users_language(fake: FakeBotAPI, settings, caplog) -> None:
    """/start and /hjelp were English for an English user, /om, /kilder and the rate limit Norwegian."""
    async for _app in _running(replace(settings, rate_per_minute=3), caplog):
        [about] = await _ask(fake, USER, "/om", language_code="en")
        assert "The index was built" in _text(about) and "5 sources" in _text(about) and "kilder" not in _text(about)
        [listed] = await _ask(fake, USER, "/kilder", language_code="en")
        assert _text(listed).startswith("The sources (5)")
        [unknown] = await _ask(fake, USER, "/nosuch", language_code="en")
        assert _text(unknown) == "I do not know that command. See /help."
        [limited] = await _ask(fake, USER, "/om", language_code="en")
        assert _text(limited).startswith("You are asking faster than I can answer")
        [danish] = await _ask(fake, OTHER, "/om", language_code="da")
        assert "Indekset blev bygget" in _text(danish)


def _named_commands(language: str) -> set[str]:
    """Every /command a user of `language` is told of: in the menu, /start, /hjelp (an admin's too) and the replies."""
    from bot.tg import texts

    told = [texts.WELCOME, texts.HELP, texts.ADMIN_HELP, texts.UNKNOWN_COMMAND, texts.SPORSMAL_USAGE]
    named = {name for said in told for name in re.findall(r"(?<![\w/<])/([a-z_]+)\b", said[language])}
    return named | {c for c, _ in texts.COMMANDS[language] + texts.ADMIN_COMMANDS[language]}


@pytest.mark.parametrize("code, language", [("nb", "nb"), ("nn", "nn"), ("da", "da"), ("en-US", "en")])
async def test_every_command_a_users_texts_name_works_and_english_ones_are_named_in_english(
        bot, fake: FakeBotAPI, code: str, language: str) -> None:
    """An English user's /hjelp named /hjelp, /kilder, /om and /sporsmal, and /sources, /about and /ask were unknown
    commands: the English help and menu name the English names, and every name any help names works."""
    from bot.tg import texts

    named = _named_commands(language)
    assert named >= {"start", "reindex", "stats"}
    for name in sorted(named):
        [reply] = await _ask(fake, USER, f"/{name}", language_code=code)
        assert _text(reply) != texts.UNKNOWN_COMMAND[language], f"/{name} is named to {language} users but unknown"
    if language == "en":
        assert named >= {"help", "sources", "about", "ask"} and not named & {"hjelp", "kilder", "om", "sporsmal"}
        for english, norwegian in (("sources", "kilder"), ("about", "om"), ("help", "hjelp")):
            [alias] = await _ask(fake, OTHER, f"/{english}", language_code=code)
            [known] = await _ask(fake, OTHER, f"/{norwegian}", language_code=code)
            assert _text(alias) == _text(known)
        [answered] = await _ask(fake, GROUP, "/ask What is rådmannens ansvar?", chat_type="group", language_code=code)
        assert SLIDE_41 in _text(answered)


async def test_a_danish_user_is_told_the_danish_command_names_and_they_work(bot, fake: FakeBotAPI) -> None:
    """The Danish help, menu and replies named the Norwegian /hjelp and /sporsmal: they name /hjaelp and /spoergsmaal
    (/kilder and /om are Danish too), which answer as /hjelp and /sporsmal do, for any user."""
    named = _named_commands("da")
    assert named >= {"hjaelp", "kilder", "om", "spoergsmaal"} and not named & {"hjelp", "sporsmal"}
    [help_da] = await _ask(fake, USER, "/hjaelp", language_code="da")
    [help_no] = await _ask(fake, USER, "/hjelp", language_code="da")
    assert _text(help_da) == _text(help_no) and "/spoergsmaal <spørgsmål>" in _text(help_da)
    [usage] = await _ask(fake, OTHER, "/spoergsmaal", language_code="da")
    assert _text(usage) == "Skriv spørgsmålet efter kommandoen, fx: /spoergsmaal Hvad er kompetencerådet?"
    [answered] = await _ask(fake, GROUP, f"/spoergsmaal@{BOT_USERNAME} Hvad er rådmannens ansvar?", chat_type="group",
                            language_code="da")
    [norwegian] = await _ask(fake, GROUP, "/hjaelp", chat_type="group", language_code="nb")
    assert SLIDE_41 in _text(answered) and "/hjelp – denne hjelpen" in _text(norwegian)


async def test_private_question_quotes_slide_41(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "what is rådmannens ansvar?")
    assert SLIDE_41 in _text(reply)
    assert "lysbilde 41" in _text(reply)
    assert {"Flere treff", "👍", "👎"} <= set(_buttons(reply)) or {"More results", "👍", "👎"} <= set(_buttons(reply))


async def test_user_text_comes_back_escaped(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "<b>hei</b> & <script>")
    raw = fake.calls_of("sendMessage")[-1].params["text"]
    assert "&lt;b&gt;hei&lt;/b&gt; &amp; &lt;script&gt;" in raw
    assert "<b>hei</b> & <script>" in parse_telegram_html(raw)
    assert not any(e["type"] == "bold" and _text(reply)[e["offset"]:e["offset"] + e["length"]] == "hei"
                   for e in reply.get("entities", []))


@pytest.mark.parametrize("code, typed", [("da", "<br>"), ("en", "<b></b>"), ("nb", "<script>alert(1)</script>")])
async def test_a_message_of_markup_alone_is_told_to_ask_a_question(bot, fake: FakeBotAPI, code: str,
                                                                   typed: str) -> None:
    """"<br>" from a Danish user had been searched, refused in bokmål with the list of sources and «<br>» echoed: markup
    alone asks nothing, and gets the line that asks for a question, in the user's language, with no buttons."""
    from bot.answer.messages import message

    [reply] = await _ask(fake, USER, typed, language_code=code)
    assert _text(reply) == message("empty", code) and not _buttons(reply)


async def test_more_and_vote_buttons(bot, fake: FakeBotAPI, settings) -> None:
    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    buttons = _buttons(first)
    more = next(data for data in buttons.values() if data.startswith("more:"))
    fake.inject_callback(USER, USER, more, first["message_id"])
    second = (await fake.wait_for_messages_async(2, USER, timeout=10))[1]
    assert "Flere treff" not in _text(second) and _text(second) != _text(first)
    fake.inject_callback(USER, USER, buttons["👍"], first["message_id"])
    await fake.wait_for_calls_async("answerCallbackQuery", 2)
    assert fake.calls_of("answerCallbackQuery")[-1].params.get("text", "").startswith("Takk")
    with sqlite3.connect(settings.feedback_path) as db:
        votes = db.execute("SELECT v.vote, s.question, s.chunk_ids, s.index_version, v.user_key FROM votes v "
                           "JOIN shown s ON s.id = v.shown_id").fetchall()
        pages = db.execute("SELECT first_rank FROM shown ORDER BY first_rank").fetchall()
    assert len(votes) == 1 and votes[0][0] == 1 and votes[0][1] == "Hva er rådmannens ansvar?"
    assert votes[0][2].startswith("[") and votes[0][3] and str(USER) not in votes[0][4]
    assert pages == [(1,), (settings.top + 1,)]


async def test_pressing_more_twice_shows_the_page_once(bot, fake: FakeBotAPI) -> None:
    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    more = next(d for d in _buttons(first).values() if d.startswith("more:"))
    fake.inject_callback(USER, USER, more, first["message_id"])
    fake.inject_callback(USER, USER, more, first["message_id"])
    await fake.wait_for_calls_async("answerCallbackQuery", 2)
    await fake.wait_for_messages_async(2, USER)
    assert fake.sent_count(USER) == 2


async def test_mer_typed_shows_the_next_passages_as_the_button_does(bot, fake: FakeBotAPI) -> None:
    """"mer" typed after an answer had been searched as a question and refused with the list of sources, and replied
    to an answer it repeated the same first page: it shows what "Flere treff" shows, once, and says so plainly where
    there is nothing to page on from."""
    from bot.tg import texts

    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    [typed] = await _ask(fake, USER, "mer")
    [same] = await _ask(fake, OTHER, "Hva er rådmannens ansvar?")
    more = next(data for data in _buttons(same).values() if data.startswith("more:"))
    fake.inject_callback(OTHER, OTHER, more, same["message_id"])
    pressed = (await fake.wait_for_messages_async(2, OTHER, timeout=10))[1]
    assert _text(typed) == _text(pressed) != _text(first) and "Kildene dekker ikke" not in _text(typed)
    # the first answer's next page is shown: replying "Flere treff" to it says so, and the button does too
    [again] = await _ask(fake, USER, "Flere treff", reply_to=first["message_id"])
    assert _text(again) == texts.ALREADY_SHOWN["nb"]
    # nothing asked in this chat yet: told to ask first, in the user's language, nothing searched
    [nothing] = await _ask(fake, 1003, "more please", language_code="en")
    assert _text(nothing) == texts.NOTHING_TO_CONTINUE["en"]
    # in a group, asked with the command (the way to ask there): "/ask more" pages on from the group's latest answer
    [asked] = await _ask(fake, GROUP, f"/sporsmal {RAADMANN}", chat_type="group")
    assert SLIDE_41 in _text(asked)
    [paged] = await _ask(fake, GROUP, "/ask more", chat_type="group", language_code="en")
    assert _text(paged) == _text(pressed)


async def test_og_mer_replied_to_an_answer_shows_its_next_passages_not_the_same_page_again(bot,
                                                                                          fake: FakeBotAPI) -> None:
    """"og mer?" replied to an answer opens as a follow-up does ("og"), and had been searched as the answer's question
    with "og mer?" after it: the same first page again, under "Lest som oppfølging". It shows the next passages, as
    "mer" and the button do; a reply with a topic of its own ("og flere medlemmer?") is still a follow-up."""
    [first] = await _ask(fake, USER, RAADMANN)
    [same] = await _ask(fake, OTHER, RAADMANN)
    more = next(data for data in _buttons(same).values() if data.startswith("more:"))
    fake.inject_callback(OTHER, OTHER, more, same["message_id"])
    pressed = (await fake.wait_for_messages_async(2, OTHER, timeout=10))[1]
    [typed] = await _ask(fake, USER, "og mer?", reply_to=first["message_id"])
    assert _text(typed) == _text(pressed) and not _text(typed).startswith("Lest som")
    [english] = await _ask(fake, 1003, RAADMANN, language_code="en")
    [paged] = await _ask(fake, 1003, "and the next page?", reply_to=english["message_id"], language_code="en")
    assert _text(paged) == _text(pressed)
    [topic] = await _ask(fake, USER, "og flere medlemmer?", reply_to=first["message_id"])
    assert _text(topic).startswith("Lest som oppfølging:")


async def test_reindex_refused_for_non_admin(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "/reindex")
    assert "bare for administratorer" in _text(reply)
    [reply] = await _ask(fake, USER, "/stats")
    assert "bare for administratorer" in _text(reply)


async def test_admin_commands_and_their_refusal_follow_the_users_language(
        fake: FakeBotAPI, settings, corpus_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """/reindex, /stats and the admin-only refusal stayed Norwegian for an English or Danish user."""
    from bot.index.build import build_index

    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    async for _app in _running(replace(settings, index_path=index, corpus_dir=corpus_copy), caplog):
        [refused] = await _ask(fake, USER, "/reindex", language_code="en")
        assert _text(refused) == "Sorry, this command is for the bot's administrators only."
        [refused] = await _ask(fake, OTHER, "/stats", language_code="da")
        assert _text(refused) == "Beklager, denne kommando er kun for bottens administratorer."
        [refused] = await _ask(fake, OTHER, "/stats", language_code="nn")
        assert "berre for administratorar" in _text(refused)
        [stats] = await _ask(fake, ADMIN, "/stats", language_code="en")
        assert _text(stats).startswith("Statistics (last") and "Questions: 0" in _text(stats)
        assert "Spørsmål" not in _text(stats) and "tekstbiter" not in _text(stats)
        [started] = await _ask(fake, ADMIN, "/reindex", language_code="en")
        assert _text(started).startswith("Reading the sources again")
        await fake.wait_for_async(lambda: any(m["text"].startswith("Done:") for m in fake.sent_messages(ADMIN)), 20)
        [status] = [m for m in fake.sent_messages(ADMIN) if m["text"].startswith("Done:")]
        assert "The new index is in use." in _text(status) and "Ferdig" not in _text(status)


async def test_reindex_swaps_the_index_while_questions_are_answered(
        fake: FakeBotAPI, settings, corpus_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.index.build import build_index

    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    before = index.stat().st_ino
    settings = replace(settings, index_path=index, corpus_dir=corpus_copy)
    shutil.copy(corpus_copy / "002_7e50c18fa33f4fe2.txt", corpus_copy / "005_copy.txt")  # a changed corpus
    async for _app in _running(settings, caplog):
        fake.inject_message(ADMIN, "/reindex")
        for chat in range(2001, 2006):
            fake.inject_message(chat, "Hva er rådmannens ansvar?")
        await fake.wait_for_async(lambda: all(fake.sent_count(c) == 1 for c in range(2001, 2006)), 10)
        await fake.wait_for_async(lambda: any("Ferdig" in m["text"] for m in fake.sent_messages(ADMIN)), 20)
        assert index.stat().st_ino != before
        [reply] = await _ask(fake, USER, "/om")
        [status] = fake.sent_messages(ADMIN)
        assert "Ferdig" in status["text"] and fake.call_count("editMessageText") == 1
        [stats] = await _ask(fake, ADMIN, "/stats")
        assert "Spørsmål: 5" in _text(stats)


async def test_reindex_says_how_many_pins_the_new_index_no_longer_serves(
        fake: FakeBotAPI, settings, corpus_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`index build` warned of a pin its rebuild broke; /reindex said only "Ferdig", and the admin who edited a slide
    heard nothing of the course leader's pin on it (a re-tester, 0.4.41)."""
    from bot.answer.pins import PinStore
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    settings = replace(settings, index_path=index, corpus_dir=corpus_copy)
    slide = "Plikter å sørge for at sakene er forsvarlig utredet"
    hit = next(h for h in Searcher(IndexStore.open(index)).search("Hva er rådmannens ansvar?", 10).hits
               if slide in h.text)
    pins = PinStore(settings.pins_path)
    pins.add("Hva er rådmannens ansvar?", hit, "Kari")
    pins.close()
    deck = corpus_copy / "002_7e50c18fa33f4fe2.txt"
    deck.write_text(deck.read_text(encoding="utf-8").replace(slide, "Skal sørge for at sakene er godt utredet"),
                    encoding="utf-8")
    async for _app in _running(settings, caplog):
        fake.inject_message(ADMIN, "/reindex")
        await fake.wait_for_async(lambda: any("Ferdig" in m["text"] for m in fake.sent_messages(ADMIN)), 20)
        [status] = fake.sent_messages(ADMIN)
        assert "1 festet(e) svar brukes ikke lenger" in _text(status)


async def test_retry_after_429_delivers_once(bot, fake: FakeBotAPI) -> None:
    fake.fail_next("sendMessage", 429, retry_after=1)
    [reply] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    await fake.wait_for_calls_async("sendMessage", 2)
    assert fake.sent_count(USER) == 1 and len(fake.faults) == 1


async def test_lost_answer_is_not_resent(bot, fake: FakeBotAPI) -> None:
    fake.drop_next("sendMessage", after=True)  # delivered, but the answer never comes back
    fake.inject_message(USER, "Hva er rådmannens ansvar?")
    await fake.wait_for_messages_async(1, USER)
    [reply] = await _ask(fake, USER, "/om")  # the same chat's next update runs after the first finished
    assert fake.sent_count(USER) == 2 and fake.call_count("sendMessage") == 2


async def test_server_errors_are_retried(bot, fake: FakeBotAPI) -> None:
    fake.drop_next("answerCallbackQuery")
    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    fake.inject_callback(USER, USER, _buttons(first)["👎"], first["message_id"])
    await fake.wait_for_calls_async("answerCallbackQuery", 2)
    assert fake.calls_of("answerCallbackQuery")[-1].params["text"].startswith("Takk")


async def test_rejected_html_falls_back_to_plain_text(bot, fake: FakeBotAPI) -> None:
    fake.fail_next("sendMessage", 400, description="Bad Request: can't parse entities: test")
    [reply] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    assert fake.calls_of("sendMessage")[-1].params.get("parse_mode") is None
    assert "lysbilde" in _text(reply) and "<blockquote>" not in _text(reply)


async def test_blocked_user_does_not_stop_the_bot(bot, fake: FakeBotAPI) -> None:
    fake.block_chat(USER)
    fake.inject_message(USER, "Hva er rådmannens ansvar?")
    await fake.wait_for_calls_async("sendMessage", 1)
    [reply] = await _ask(fake, OTHER, "Hva er rådmannens ansvar?")
    assert "lysbilde" in _text(reply)


async def test_group_chatter_is_ignored_mentions_and_replies_answered(bot, fake: FakeBotAPI) -> None:
    fake.inject_message(GROUP, "Hva er rådmannens ansvar?", chat_type="group")
    [reply] = await _ask(fake, GROUP, f"@{BOT_USERNAME} Hva er rådmannens ansvar?", chat_type="group")
    assert "lysbilde" in _text(reply)
    assert fake.calls_of("sendMessage")[-1].params["reply_parameters"]["message_id"]
    assert fake.sent_count(GROUP) == 1
    [reply] = await _ask(fake, GROUP, "og hva med kontrollutvalget?", chat_type="group", reply_to_bot=True)
    [reply] = await _ask(fake, GROUP, "/sporsmal Hva er rådmannens ansvar?", chat_type="group")
    assert "lysbilde" in _text(reply)


RAADMANN = "Hva er rådmannens ansvar?"
FOLLOW_UP = "hvem ansetter ham?"  # alone: the platform's measures and slide 43, nothing on the rådmann's duties


async def test_a_short_reply_to_an_answer_is_answered_as_a_follow_up_of_its_question(bot, fake: FakeBotAPI,
                                                                                      settings) -> None:
    """A reply to the bot's answer was searched alone, its few words finding what they shared with anything: a
    short, elliptical reply is searched with the question the answer answered, and the reply says which question it
    read; a reply to that answer follows up the question it answered in turn."""
    [alone] = await _ask(fake, OTHER, FOLLOW_UP)
    assert SLIDE_41 not in _text(alone) and not _text(alone).startswith("Lest som")
    [first] = await _ask(fake, USER, RAADMANN)
    [followed] = await _ask(fake, USER, FOLLOW_UP, reply_to=first["message_id"])
    assert _text(followed).startswith(f"Lest som oppfølging: «{RAADMANN} {FOLLOW_UP}»\n")
    assert SLIDE_41 in _text(followed) and "lysbilde 41" in _text(followed)
    assert any(d.startswith("more:") for d in _buttons(followed).values())
    [again] = await _ask(fake, USER, "what about the mayor?", reply_to=followed["message_id"], language_code="en")
    assert _text(again).startswith(f"Lest som oppfølging: «{RAADMANN} {FOLLOW_UP} what about the mayor?»")
    with sqlite3.connect(settings.feedback_path) as db:  # "Flere treff" pages on with the question searched
        asked = [q for (q,) in db.execute("SELECT question FROM shown ORDER BY asked_at, rowid")]
    assert f"{RAADMANN} {FOLLOW_UP}" in asked


async def test_a_follow_up_the_sources_do_not_cover_shows_the_question_read_once(bot, fake: FakeBotAPI) -> None:
    """A refused follow-up showed the question searched twice at the top: in the line that it was read as a follow-up,
    then again in the refusal's echo of it."""
    [first] = await _ask(fake, USER, RAADMANN)
    [refused] = await _ask(fake, USER, "og i Tyskland?", reply_to=first["message_id"])
    assert _text(refused).startswith(f"Lest som oppfølging: «{RAADMANN} og i Tyskland?»\n")
    assert "Kildene dekker ikke" in _text(refused) and _text(refused).count("og i Tyskland?") == 1
    [alone] = await _ask(fake, OTHER, "xyzzy plugh")  # a question refused alone is still echoed
    assert _text(alone).startswith("«xyzzy plugh»\n") and "Kildene dekker ikke" in _text(alone)


@pytest.mark.parametrize("code, refused", [("en", "The sources do not cover this question"),
                                            ("da", "Kilderne dækker ikke dette spørgsmål"),
                                            ("nb", "Kildene dekker ikke dette spørsmålet")])
async def test_a_question_in_no_language_is_answered_in_the_users_language(bot, fake: FakeBotAPI, code: str,
                                                                          refused: str) -> None:
    """A message no word of which tells its language (a key mash, "§ 14") was answered in bokmål, the default, to an
    English or a Danish user: it is in the language their Telegram is set to; a question in words keeps its own."""
    [mash] = await _ask(fake, USER, "xyzzy plugh", language_code=code)
    assert refused in _text(mash)
    [worded] = await _ask(fake, USER, RAADMANN, language_code=code)
    assert _text(worded).startswith("Dette sier kildene") and SLIDE_41 in _text(worded)


async def test_a_reply_to_the_bots_answer_in_a_group_is_read_as_a_follow_up(bot, fake: FakeBotAPI) -> None:
    """In a group a reply to the bot is addressed to it, and was answered as a question alone."""
    [first] = await _ask(fake, GROUP, f"@{BOT_USERNAME} {RAADMANN}", chat_type="group")
    [followed] = await _ask(fake, GROUP, "og ordføreren?", chat_type="group", reply_to_bot=True)
    assert _text(followed).startswith(f"Lest som oppfølging: «{RAADMANN} og ordføreren?»\n")
    assert SLIDE_41 in _text(followed)
    assert followed["reply_to_message"]["text"] == "og ordføreren?"  # quoted, as any question in a group


async def test_a_follow_up_with_html_tags_in_it_is_read_as_a_follow_up_its_tags_as_text(bot, fake: FakeBotAPI) -> None:
    """"<b>og</b> i Danmark?" was judged by its tags' words ("b": three words of its own, no opening "og") and read
    alone, without the line; it is read as "og i Danmark?" is, the same passages, its tags shown as the text typed."""
    [first] = await _ask(fake, USER, RAADMANN)
    [plain] = await _ask(fake, USER, "og i Danmark?", reply_to=first["message_id"])
    plain_body = _text(plain).split("\n", 1)[1]
    for typed in ("<b>og</b> i Danmark?", "<i>og i Danmark?</i>"):
        [followed] = await _ask(fake, USER, typed, reply_to=first["message_id"])
        line, body = _text(followed).split("\n", 1)
        assert line == f"Lest som oppfølging: «{RAADMANN} {typed}»"
        assert body == plain_body


async def test_a_follow_up_of_a_long_question_keeps_its_start_and_end_and_says_its_middle_was_left_out(
        bot, fake: FakeBotAPI) -> None:
    """A reply that with the question it follows up passed the 2,000 characters a question may have was read alone,
    saying nothing, and answered from its own few words: the earlier question's middle is left out, the line above
    the answer says so, the answer is the earlier question's, and a reply to that answer follows it up in turn."""
    long = (f"{RAADMANN} " + "Jeg er nyvalgt i kommunestyret og lurer på hvordan administrasjonen og politikerne skal "
            "samarbeide. " * 19 + "Hvem ansetter rådmannen, og hvem kan si ham opp hvis det går galt?")
    assert 2000 - len(" hva med ordføreren?") < len(long) <= 2000
    [first] = await _ask(fake, USER, long)
    [alone] = await _ask(fake, OTHER, "hva med ordføreren?")
    [followed] = await _ask(fake, USER, "hva med ordføreren?", reply_to=first["message_id"])
    line, body = _text(followed).split("\n", 1)
    assert line.startswith(f"Lest som oppfølging, med midten av det tidligere spørsmålet utelatt: «{RAADMANN} Jeg ")
    assert line.endswith(" hvis det går galt? hva med ordføreren?»")
    # the earlier question's passages, none of which names the ordfører: hedged (focus.focused), not said plainly
    lead, passages = body.strip().split("\n", 1)
    assert passages == _text(first).strip().split("\n", 1)[1] and body.strip() != _text(alone).strip()
    assert lead == "Kildene svarer kanskje ikke direkte på dette. Dette er det nærmeste:"
    [again] = await _ask(fake, USER, "og i Danmark?", reply_to=followed["message_id"])
    assert _text(again).split("\n", 1)[0].endswith(" hvis det går galt? hva med ordføreren? og i Danmark?»")


async def test_a_question_too_long_is_told_so_in_the_users_language_not_the_text_s(bot, fake: FakeBotAPI) -> None:
    """A Norwegian case paper of 10,000 characters pasted by a user whose Telegram is English was told "Spørsmålet er
    for langt": the note is in the user's Telegram language, as the bot's other fixed texts are; where Telegram gives
    none the bot writes, in the text's, as before."""
    pasted = "Kommunestyret skal behandle rådmannens forslag til budsjett for neste år. " * 135
    n = len(" ".join(pasted.split()))
    [english] = await _ask(fake, USER, pasted, language_code="en")
    assert _text(english) == f"The question is too long ({n} characters). Ask briefly, in at most 2000 characters."
    [danish] = await _ask(fake, OTHER, pasted, language_code="da")
    assert _text(danish).startswith(f"Spørgsmålet er for langt ({n} tegn).")
    [unknown] = await _ask(fake, USER, pasted, language_code="")
    assert _text(unknown).startswith(f"Spørsmålet er for langt ({n} tegn).")


async def test_an_emoji_or_signs_alone_are_answered_in_the_users_language(bot, fake: FakeBotAPI) -> None:
    """"👍" and "?!" are in no language: an English user was answered "Still meg gjerne et spørsmål …" (a re-tester,
    0.4.41). They get the friendly line in the user's Telegram language; a worded "takk" keeps its own."""
    [thumb] = await _ask(fake, USER, "👍", language_code="en")
    assert _text(thumb) == "😊 Ask me a question about the council or local politics."
    [signs] = await _ask(fake, OTHER, "?!", language_code="da")
    assert _text(signs) == "😊 Stil mig gerne et spørgsmål om kommunalbestyrelsen eller lokalpolitik."
    [thanks] = await _ask(fake, USER, "takk!", language_code="en")
    assert _text(thanks) == "Bare hyggelig! Spør gjerne igjen."


async def test_only_a_reply_to_one_of_the_bots_answers_is_read_as_a_follow_up(bot, fake: FakeBotAPI) -> None:
    """A message that replies to nothing, to the bot's /start or to a refusal (which invites asking in other words) is
    answered as before: alone, with no line."""
    [alone] = await _ask(fake, OTHER, FOLLOW_UP)
    [first] = await _ask(fake, USER, RAADMANN)
    [plain] = await _ask(fake, USER, FOLLOW_UP)
    [welcome] = await _ask(fake, USER, "/start")
    [to_start] = await _ask(fake, USER, FOLLOW_UP, reply_to=welcome["message_id"])
    [refusal] = await _ask(fake, USER, "xyzzy plugh frobnicate")
    [to_refusal] = await _ask(fake, USER, FOLLOW_UP, reply_to=refusal["message_id"])
    assert _text(plain) == _text(to_start) == _text(to_refusal) == _text(alone)
    [followed] = await _ask(fake, USER, FOLLOW_UP, reply_to=first["message_id"])
    assert _text(followed).startswith("Lest som oppfølging:") and SLIDE_41 in _text(followed)


async def test_a_reply_that_is_a_question_of_its_own_is_read_alone(bot, fake: FakeBotAPI) -> None:
    """A longer, self-contained reply to an answer asks what it says, as before; a short one to the same answer
    follows it up."""
    own = "Hvem velger medlemmene til kontrollutvalget?"
    [alone] = await _ask(fake, OTHER, own)
    [first] = await _ask(fake, USER, RAADMANN)
    [replied] = await _ask(fake, USER, own, reply_to=first["message_id"])
    assert _text(replied) == _text(alone) and "Lest som" not in _text(replied)
    [followed] = await _ask(fake, USER, FOLLOW_UP, reply_to=first["message_id"])
    assert _text(followed).startswith(f"Lest som oppfølging: «{RAADMANN} {FOLLOW_UP}»")


async def test_the_bot_remembers_a_bounded_number_of_answers(fake: FakeBotAPI, settings, caplog,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The questions answered are kept for the last CAPACITY messages only: a reply to an answer forgotten is read
    alone, as after a restart; one to a recent answer follows it up."""
    import bot.tg.answered
    from bot.tg.resources import KEY

    monkeypatch.setattr(bot.tg.answered, "CAPACITY", 2)
    async for app in _running(settings, caplog):
        [alone] = await _ask(fake, OTHER, FOLLOW_UP)
        answers = [(await _ask(fake, USER, q))[0] for q in (RAADMANN, "Hva gjør kontrollutvalget?", RAADMANN)]
        memory = app.bot_data[KEY].answered
        assert memory.capacity == 2 and len(memory) == 2
        [forgotten] = await _ask(fake, USER, FOLLOW_UP, reply_to=answers[0]["message_id"])
        assert _text(forgotten) == _text(alone)
        [recent] = await _ask(fake, USER, FOLLOW_UP, reply_to=answers[2]["message_id"])
        assert _text(recent).startswith(f"Lest som oppfølging: «{RAADMANN} {FOLLOW_UP}»")
        assert len(memory) == 2


async def test_rate_limit_replies_politely_once(fake: FakeBotAPI, settings, caplog) -> None:
    async for _app in _running(replace(settings, rate_per_minute=2), caplog):
        for _ in range(4):
            fake.inject_message(USER, "Hva er rådmannens ansvar?")
        messages = await fake.wait_for_messages_async(3, USER)
        [extra] = await _ask(fake, OTHER, "/om")  # a later update: the four have been handled
        assert fake.sent_count(USER) == 3 and "Vent litt" in messages[2]["text"]


@pytest.mark.parametrize("command, expected", [
    ("/start", "Hva er rådmannens ansvar?"),
    ("/hjelp", "/kilder"),
    ("/help", "/sporsmal"),
    ("/kilder", "Kildene (5)"),
    ("/om", "5 kilder"),
    ("/nosuch", "/hjelp"),
])
async def test_commands(bot, fake: FakeBotAPI, command: str, expected: str) -> None:
    [reply] = await _ask(fake, USER, command)
    assert expected in _text(reply)


async def test_kilder_lists_every_source(bot, fake: FakeBotAPI, built_index: Path) -> None:
    from bot.index.store import IndexStore

    [reply] = await _ask(fake, USER, "/kilder")
    assert all(s.title in _text(reply) for s in IndexStore.open(built_index).sources())


async def test_errors_get_an_apology_not_the_exception(bot, fake: FakeBotAPI, monkeypatch) -> None:
    import bot.tg.questions as questions

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(questions, "compose_reply", broken)
    [reply] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    assert "Beklager" in _text(reply) and "internal detail" not in _text(reply)


async def test_rejected_token_names_the_variable(fake: FakeBotAPI, settings) -> None:
    from bot.errors import KommunebotError
    from bot.tg.app import verify_token

    assert await verify_token(settings) == BOT_USERNAME
    with pytest.raises(KommunebotError) as caught:
        await verify_token(replace(settings, telegram_token="999:WRONG-token"))
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value) and "WRONG" not in str(caught.value)


def test_cli_missing_token_is_a_clear_error() -> None:
    from click.testing import CliRunner

    from bot.cli import (
        cli,
        telegram,  # noqa: F401
    )

    result = CliRunner().invoke(cli, ["telegram"])
    assert result.exit_code == 1 and "TELEGRAM_BOT_TOKEN is not set" in result.output


def test_cli_check(monkeypatch: pytest.MonkeyPatch, built_index: Path) -> None:
    from click.testing import CliRunner

    from bot.cli import (
        cli,
        telegram,  # noqa: F401
    )

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    result = CliRunner().invoke(cli, ["telegram", "--check", "--index", str(built_index)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK") and TOKEN not in result.output


def test_the_readmes_check_line_is_what_the_check_prints_of_the_shipped_index(monkeypatch: pytest.MonkeyPatch,
                                                                              law_index: Path) -> None:
    """The README's `telegram --check` example is the line a new maintainer gets: the shipped index's
    chunk count (it once showed the seed documents' 78), the paths and the semantic stage aside (the
    tests run without the model)."""
    from click.testing import CliRunner

    from bot.cli import (
        cli,
        telegram,  # noqa: F401
    )

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("KOMMUNEBOT_LAW_PACK", "on")  # as shipped: the index holds the pack the settings name
    result = CliRunner().invoke(cli, ["telegram", "--check", "--index", str(law_index)])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"^OK token set, .*$", readme, re.M)
    assert result.exit_code == 0 and shown, result.output

    def pathless(line: str) -> str:
        return re.sub(r"semantic (on|off)", "semantic", re.sub(r"(index|feedback) \S+", r"\1 PATH", line.strip()))

    assert pathless(shown.group(0)) == pathless(result.output)


def test_cli_help() -> None:
    from click.testing import CliRunner

    from bot.cli import (
        cli,
        feedback,  # noqa: F401
        telegram,  # noqa: F401
    )

    for command in ("telegram", "feedback"):
        result = CliRunner().invoke(cli, [command, "-h"])
        assert result.exit_code == 0 and "Example" in result.output


# ------------------------------------------------------------------ manners on a phone


def _vote_labels(message: dict) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row if b["callback_data"].startswith("vote:")]


async def _press(fake: FakeBotAPI, chat: int, user: int, data: str, message_id: int, edits: int) -> dict:
    fake.inject_callback(chat, user, data, message_id)
    await fake.wait_for_calls_async("editMessageReplyMarkup", edits, timeout=10)
    return _shown(fake, chat, message_id)


def _shown(fake: FakeBotAPI, chat: int, message_id: int) -> dict:
    """A message the bot sent, as the chat shows it now (edits applied)."""
    return next(m for m in fake.sent_messages(chat) if m["message_id"] == message_id)


async def test_a_vote_shows_on_the_buttons_and_a_second_press_changes_or_takes_it_back(
        bot, fake: FakeBotAPI, settings) -> None:
    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    up, down = _buttons(first)["👍"], _buttons(first)["👎"]
    assert _vote_labels(first) == ["👍", "👎"]
    after = await _press(fake, USER, USER, up, first["message_id"], 1)
    assert _vote_labels(after) == ["👍 ✓", "👎"]
    assert any(b.startswith("more:") for b in _buttons(after).values())  # "Flere treff" stays
    after = await _press(fake, USER, USER, down, first["message_id"], 2)
    assert _vote_labels(after) == ["👍", "👎 ✓"]
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT vote FROM votes").fetchall() == [(-1,)]  # once per user and answer
    after = await _press(fake, USER, USER, down, first["message_id"], 3)
    assert _vote_labels(after) == ["👍", "👎"]
    assert fake.calls_of("answerCallbackQuery")[-1].params["text"] == "Stemmen er fjernet."
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT count(*) FROM votes").fetchone() == (0,)


async def test_votes_in_a_group_show_how_many_chose_each(bot, fake: FakeBotAPI) -> None:
    [first] = await _ask(fake, GROUP, "/sporsmal Hva er rådmannens ansvar?", chat_type="group")
    up = _buttons(first)["👍"]
    await _press(fake, GROUP, USER, up, first["message_id"], 1)
    after = await _press(fake, GROUP, OTHER, up, first["message_id"], 2)
    assert _vote_labels(after) == ["👍 2", "👎"]


async def test_more_results_reply_to_the_answer_and_take_its_button_away(bot, fake: FakeBotAPI) -> None:
    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    more = next(d for d in _buttons(first).values() if d.startswith("more:"))
    fake.inject_callback(USER, USER, more, first["message_id"])
    second = (await fake.wait_for_messages_async(2, USER, timeout=10))[1]
    assert second["reply_to_message"]["message_id"] == first["message_id"]
    await fake.wait_for_calls_async("editMessageReplyMarkup", 1, timeout=10)
    old = _shown(fake, USER, first["message_id"])
    assert not any(b.startswith("more:") for b in _buttons(old).values())
    assert _vote_labels(old) == ["👍", "👎"]  # the votes stay under the first page


@pytest.mark.parametrize("text, words", [
    ("hei", "Hei!"), ("Hei!", "Hei!"), ("takk!", "Bare hyggelig"), ("Tusen takk 🙏", "Bare hyggelig"),
    ("👍", "spørsmål"), ("hej", "Hej!"), ("thanks", "welcome"), ("takk for hjelpen", "Bare hyggelig"),
    ("Tusen takk for svaret!", "Bare hyggelig"),
    # had been searched, refused with the source list (or hedged with fvl. § 11 a) and logged as unanswered
    ("takk, nyttig!", "Bare hyggelig"), ("supert, takk", "Bare hyggelig"), ("Hei, hvem er du?", "Hei! Spør meg"),
    ("Tusen hjertelig takk for svaret", "Bare hyggelig"),
    # feedback that an answer did not help: refused with the topics and logged as unanswered
    ("takk, men det var ikke nyttig", "Takk for at du sier fra"),
    ("Dette var ikke til hjelp", "Takk for at du sier fra"),
    ("That didn't help", "Thanks for telling me"),
])
async def test_small_talk_gets_a_friendly_word_and_is_not_logged(bot, fake: FakeBotAPI, settings,
                                                                 text: str, words: str) -> None:
    [reply] = await _ask(fake, USER, text)
    assert words in _text(reply) and "Kildene dekker ikke" not in _text(reply)
    assert not reply.get("reply_markup")
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT count(*) FROM shown").fetchone() == (0,)


@pytest.mark.parametrize("code, text, words", [
    ("nn", "hei", "til dømes: Kva er ansvaret til rådmannen?"), ("nn", "takk for hjelpa", "Berre hyggeleg!"),
    ("nn", "Takk!", "Berre hyggeleg!"), ("da", "hallo", "Hej! Spørg mig"), ("en", "ok", "Ask me a question"),
    ("nb", "hej", "Hej! Spørg mig"),  # a word only Danish writes is answered in Danish whoever writes it
])
async def test_small_talk_in_words_the_users_language_writes_too_is_answered_in_that_language(
        bot, fake: FakeBotAPI, code: str, text: str, words: str) -> None:
    """A nynorsk user's "hei" and "takk for hjelpa" got bokmål ("Hei! … for eksempel: Hva er rådmannens ansvar?",
    "Bare hyggelig!"), though their empty message, /start and every answer were in nynorsk: words bokmål and nynorsk
    (or every language: "ok") write alike are answered in the user's Telegram language."""
    [reply] = await _ask(fake, USER, text, language_code=code)
    assert words in _text(reply)


async def test_a_question_with_words_of_feedback_is_still_answered(bot, fake: FakeBotAPI, settings) -> None:
    """Feedback ("ikke nyttig", "feil") is told by its words; a question holding them is searched and logged."""
    [reply] = await _ask(fake, USER, "Hva er rådmannens ansvar hvis saken ikke er forsvarlig utredet?")
    assert SLIDE_41 in _text(reply) and "Takk for at du sier fra" not in _text(reply)
    [reply] = await _ask(fake, USER, "Takk, men det var ikke nyttig. Hva er rådmannens ansvar?")
    assert SLIDE_41 in _text(reply)
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT count(*) FROM shown").fetchone() == (2,)


async def test_a_question_that_starts_with_a_greeting_is_answered(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "Hei, hva er rådmannens ansvar?")
    assert SLIDE_41 in _text(reply)


async def test_a_sticker_is_small_talk(bot, fake: FakeBotAPI, settings) -> None:
    before = fake.sent_count(USER)
    fake.inject_media(USER, "sticker")
    [reply] = (await fake.wait_for_messages_async(before + 1, USER, timeout=10))[before:]
    assert "spørsmål" in _text(reply)
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT count(*) FROM shown").fetchone() == (0,)


@pytest.mark.parametrize("kind", ["photo", "voice", "document"])
async def test_a_photo_voice_or_file_gets_one_line(bot, fake: FakeBotAPI, kind: str) -> None:
    before = fake.sent_count(USER)
    fake.inject_media(USER, kind)
    [reply] = (await fake.wait_for_messages_async(before + 1, USER, timeout=10))[before:]
    assert _text(reply) == "Jeg kan bare lese spørsmål skrevet som tekst."


UNREAD = "Jeg leser bare teksten du skrev, ikke vedlegget."


@pytest.mark.parametrize("kind", ["photo", "document", "voice"])
async def test_a_caption_in_a_private_chat_is_answered_under_a_line_that_the_attachment_is_not_read(
        bot, fake: FakeBotAPI, kind: str) -> None:
    """A photo or file sent with "Hva er rådmannens ansvar?" as its caption got only "Jeg kan bare lese spørsmål
    skrevet som tekst.", and the question no answer."""
    before = fake.sent_count(USER)
    fake.inject_media(USER, kind, caption="Hva er rådmannens ansvar?")
    [reply] = (await fake.wait_for_messages_async(before + 1, USER, timeout=10))[before:]
    assert _text(reply).startswith(UNREAD + "\n\nDette sier kildene:") and SLIDE_41 in _text(reply)
    assert {"Flere treff", "👍", "👎"} <= set(_buttons(reply))
    assert {"type": "italic", "offset": 0, "length": len(UNREAD)} in reply["entities"]


async def test_a_captions_note_is_in_the_language_of_its_question_and_small_talk_gets_its_friendly_line(
        bot, fake: FakeBotAPI) -> None:
    before = fake.sent_count(USER)
    fake.inject_media(USER, "document", caption="what is rådmannens ansvar?")
    [reply] = (await fake.wait_for_messages_async(before + 1, USER, timeout=10))[before:]
    assert _text(reply).startswith("I read only the text you wrote, not the attachment.\n\n")
    assert SLIDE_41 in _text(reply)
    fake.inject_media(USER, "photo", caption="Takk!")
    [thanks] = (await fake.wait_for_messages_async(before + 2, USER, timeout=10))[before + 1:]
    assert _text(thanks) == UNREAD + "\n\nBare hyggelig! Spør gjerne igjen." and not _buttons(thanks)


async def test_an_edited_caption_is_answered_again(bot, fake: FakeBotAPI) -> None:
    update_id = fake.inject_media(USER, "photo", caption="Hva er rådmanens ansvr?")
    await fake.wait_for_messages_async(1, USER, timeout=10)
    asked = fake.injected(update_id)["message"]
    fake.inject_edit(USER, asked["message_id"], "Hva betyr delegering til rådmannen?")
    second = (await fake.wait_for_messages_async(2, USER, timeout=10))[1]
    assert _text(second).startswith(UNREAD) and "lysbilde 42" in _text(second)
    assert second["reply_to_message"]["message_id"] == asked["message_id"]


async def test_a_caption_meant_for_the_bot_in_a_group_is_answered_as_in_a_private_chat(bot, fake: FakeBotAPI) -> None:
    """A photo captioned "@bot Hva er rådmannens ansvar?" in a group got the text-only line, not the answer; a photo
    shared in the group without a mention is chatter, as a text message without one is; a photo with the mention
    alone has no question to answer."""
    before = fake.sent_count(GROUP)
    fake.inject_media(GROUP, "photo", caption="Se dette vedtaket fra i går", chat_type="group")
    fake.inject_media(GROUP, "photo", caption=f"@{BOT_USERNAME} Hva er rådmannens ansvar?", chat_type="group")
    [reply] = (await fake.wait_for_messages_async(before + 1, GROUP, timeout=10))[before:]
    assert _text(reply).startswith(UNREAD) and SLIDE_41 in _text(reply) and "reply_to_message" in reply
    fake.inject_media(GROUP, "document", caption=f"@{BOT_USERNAME}", chat_type="group")
    [line] = (await fake.wait_for_messages_async(before + 2, GROUP, timeout=10))[before + 1:]
    assert _text(line) == "Jeg kan bare lese spørsmål skrevet som tekst."
    [answered] = await _ask(fake, GROUP, f"@{BOT_USERNAME} Hva er rådmannens ansvar?", chat_type="group")
    assert SLIDE_41 in _text(answered) and not _text(answered).startswith(UNREAD)  # a text question has no note


async def test_an_edited_question_is_answered_again(bot, fake: FakeBotAPI) -> None:
    update_id = fake.inject_message(USER, "Hva er rådmanens ansvr?")
    await fake.wait_for_messages_async(1, USER, timeout=10)
    asked = fake.injected(update_id)["message"]
    fake.inject_edit(USER, asked["message_id"], "Hva betyr delegering til rådmannen?")
    second = (await fake.wait_for_messages_async(2, USER, timeout=10))[1]
    assert "lysbilde 42" in _text(second)
    assert second["reply_to_message"]["message_id"] == asked["message_id"]


async def test_dates_read_as_norwegians_write_them(bot, fake: FakeBotAPI) -> None:
    import re

    [reply] = await _ask(fake, USER, "/om")
    assert re.search(r"\d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
                     r"desember) \d{4} kl\. \d\d\.\d\d", _text(reply)), _text(reply)
    [sources] = await _ask(fake, USER, "/kilder")
    assert "27. november 2015" in _text(sources)


async def test_the_first_screen_holds_the_answer_and_its_source(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "Hva er rådmannens ansvar?")
    first_screen = _text(reply)[:600]
    assert SLIDE_41 in first_screen and "lysbilde 41" in first_screen
    lines = _text(reply).split("\n")
    assert any(line.startswith("Øverste leder") for line in lines) and any(line.startswith("Plikter") for line in lines)
    kinds = [e["type"] for e in reply.get("entities", [])]
    assert kinds.count("blockquote") == 1 and kinds.count("expandable_blockquote") == 2


@pytest.mark.parametrize("command", ["/start", "/hjelp"])
async def test_start_and_help_promise_no_link_when_no_source_has_one(bot, fake: FakeBotAPI, command: str) -> None:
    [reply] = await _ask(fake, USER, command)  # no bundled source has a url, so no answer has a link
    assert "lenke" not in _text(reply) and "kilde" in _text(reply)


async def test_a_nynorsk_question_gets_nynorsk_lead_line_and_button(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "Kva er ansvaret til rådmannen?")
    assert _text(reply).startswith("Dette seier kjeldene:") and SLIDE_41 in _text(reply)
    assert "Fleire treff" in _buttons(reply)
    [refused] = await _ask(fake, USER, "Kva er hovudstaden i Mongolia?")
    assert "Kjeldene dekkjer ikkje" in _text(refused) and "Prøv å spørje" in _text(refused)


@pytest.mark.parametrize("code, welcome, example, help_title, button", [
    ("da", "Jeg er kommunebot", "Hvad er kompetencerådet?", "Sådan bruger du kommunebot", "»Flere resultater«"),
    ("en-GB", "I am kommunebot", "What is rådmannens ansvar?", "How to use kommunebot", "“More results”"),
])
async def test_start_and_help_in_danish_and_english_for_a_user_whose_telegram_is(
        bot, fake: FakeBotAPI, code: str, welcome: str, example: str, help_title: str, button: str) -> None:
    [start] = await _ask(fake, USER, "/start", language_code=code)
    assert welcome in _text(start) and example in _text(start)
    [reply] = await _ask(fake, USER, "/hjelp", language_code=code)
    assert help_title in _text(reply) and button in _text(reply)  # the language's own quotation marks
    if code.startswith("en"):  # plain English finds the Norwegian and Danish sources far less often
        assert "Norwegian and Danish" in _text(start) and "their own terms" in _text(reply)


async def test_help_in_nynorsk_for_a_user_whose_telegram_is_nynorsk(bot, fake: FakeBotAPI) -> None:
    [reply] = await _ask(fake, USER, "/hjelp", language_code="nn")
    assert "Slik brukar du kommunebot" in _text(reply) and "Kva er ansvaret til rådmannen?" in _text(reply)
    [start] = await _ask(fake, USER, "/start", language_code="nn")
    assert "Eg er kommunebot" in _text(start)


# every message within Telegram's 4,096 characters, the echoed question included

LONG_QUESTION = ("Hvem vant fotball-VM i 2018? " * 68).strip()  # near the 2,000 characters a question may have


@pytest.fixture
def long_titles_index(tmp_path: Path) -> Path:
    """An index of twelve sources whose titles make a refusal's topic list just fit one message (4,050 characters)."""
    from bot.answer.model import Answer
    from bot.index.build import build_index
    from bot.render.telegram_html import format_answer

    # these documents answer none of the refusal's example topics: its last line is the plain one (0.4.43)
    overhead = len(format_answer(Answer(LONG_QUESTION, "nb", False, topics=("",) * 12, examples_held=False))[0])
    length = (4050 - overhead) // 12
    corpus = tmp_path / "long-titles"
    corpus.mkdir()
    words = " ".join(["Reglement for kommunestyrets saksbehandling og delegering av myndighet i kommunen"] * 10)
    entries = []
    for i in range(12):
        (corpus / f"d{i}.txt").write_text(f"Kommunestyret vedtar budsjett nummer {i} for kommunen.\n", encoding="utf-8")
        entries.append(f'[[source]]\nfile = "d{i}.txt"\ntitle = "{f"Dokument {i} {words}"[:length]}"\n'
                       'publisher = "x"\nlang = "nb"\n')
    (corpus / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    build_index(corpus, tmp_path / "long.db")
    return tmp_path / "long.db"


async def test_a_refusal_with_its_question_echoed_stays_within_telegrams_limit(
        fake: FakeBotAPI, settings, long_titles_index: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.answer.compose import answer
    from bot.index.store import IndexStore
    from bot.render.telegram_html import LIMIT, format_answer
    from bot.search.retriever import Searcher

    store = IndexStore.open(long_titles_index)
    try:
        refusal = format_answer(answer(LONG_QUESTION, Searcher(store)))
    finally:
        store.close()
    assert len(refusal) == 1 and LIMIT - 100 < len(refusal[0]) <= LIMIT  # the echo alone would tip it over
    async for _app in _running(replace(settings, index_path=long_titles_index, law_pack=False), caplog):
        replies = await _ask(fake, USER, LONG_QUESTION)
    sent = [call.params["text"] for call in fake.calls_of("sendMessage")]
    assert sent and all(len(text) <= LIMIT for text in sent), [len(text) for text in sent]
    text = _text(replies[0])
    assert text.startswith("«Hvem vant fotball-VM i 2018?") and "…»" in text  # the question echoed, cut short
    assert "Kildene dekker ikke" in text


def test_every_fixed_telegram_text_has_bokmal_nynorsk_danish_and_english() -> None:
    """The apologies, the /sporsmal usage and the button notes were bokmål only: a text without words
    (the vote buttons' emoji) is the one kind that may stand without its four translations."""
    from bot.tg import texts

    languages = {"nb", "nn", "da", "en"}
    for name, value in vars(texts).items():
        if not name.isupper():
            continue
        if isinstance(value, str):
            assert not re.search(r"[^\W\d_]", value), f"texts.{name} has words but no translations"
        else:
            assert isinstance(value, dict) and set(value) == languages, f"texts.{name}: {sorted(value)}"
            assert all(value[code] for code in languages), f"texts.{name} has an empty translation"


async def test_the_apologies_usage_line_and_button_notes_follow_the_users_language(
        bot, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """An English, Danish or nynorsk user got 'Beklager, noe gikk galt …', the /sporsmal usage, 'Takk! 👍' and
    'Dette svaret er for gammelt …' in bokmål."""
    from bot.errors import IndexMissing
    from bot.tg import questions

    [usage] = await _ask(fake, USER, "/sporsmal", language_code="en")
    assert _text(usage).startswith("Write the question after the command")
    [usage] = await _ask(fake, OTHER, "/sporsmal", language_code="da")
    assert _text(usage).startswith("Skriv spørgsmålet efter kommandoen")
    [first] = await _ask(fake, USER, "Hva er rådmannens ansvar?", language_code="en")
    fake.inject_callback(USER, USER, _buttons(first)["👍"], first["message_id"], language_code="en")
    fake.inject_callback(USER, USER, "vote:999999:1", first["message_id"], language_code="nn")
    [thanks, gone] = [c.params.get("text") for c in await fake.wait_for_calls_async("answerCallbackQuery", 2)]
    assert {thanks, gone} == {"Thank you! 👍", "Dette svaret er for gammalt; still spørsmålet på nytt."}

    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")
    monkeypatch.setattr(questions, "compose_reply", broken)
    [apology] = await _ask(fake, USER, "Hva er rådmannens ansvar?", language_code="en")
    assert _text(apology) == "Sorry, something went wrong on my side. Please try again in a little while."

    def missing(*args, **kwargs):
        raise IndexMissing("no index", hint="kommunebot index build")
    monkeypatch.setattr(questions, "compose_reply", missing)
    [unavailable] = await _ask(fake, OTHER, "Hva er rådmannens ansvar?", language_code="da")
    assert _text(unavailable) == "Beklager, søgningen er ikke tilgængelig lige nu. Prøv igen om lidt."


async def test_a_bare_section_is_the_law_of_the_country_whose_language_the_user_asks_in(
        fake: FakeBotAPI, law_index: Path, settings, caplog: pytest.LogCaptureFixture) -> None:
    """"§ 14" had been answered from Offentleglova for every user. A Danish user's (Telegram set to Danish) is a Danish
    law's §, and so is that of a user whose Telegram is English but whose earlier question in the chat was Danish; a
    Norwegian user's stays Norwegian."""
    async for _ in _running(replace(settings, index_path=law_index), caplog):
        [danish] = await _ask(fake, USER, "§ 14", language_code="da")
        await _ask(fake, OTHER, "Hvornår kan man få aktindsigt?", language_code="en")
        [after_danish] = await _ask(fake, OTHER, "§ 14", language_code="en")
        [norwegian] = await _ask(fake, 1003, "§ 14", language_code="nb")
    danish_site, norwegian_site = "retsinformation.dk", "lovdata.no"
    for reply, site in ((danish, danish_site), (after_danish, danish_site), (norwegian, norwegian_site)):
        links = [e["url"] for e in reply.get("entities", []) if e.get("type") == "text_link"]
        assert links and site in links[0], (reply["text"], links)
    assert after_danish["text"].startswith("Dette siger kilderne")


async def test_more_under_a_follow_up_pages_on_in_the_order_its_first_page_was_shown_in(
        fake: FakeBotAPI, law_index: Path, settings, caplog: pytest.LogCaptureFixture) -> None:
    """A follow-up shows the passages on the reply's own words first; "Flere treff" under it had searched the combined
    question in the search's own order, and showed again a § of the first page. It pages on in the first page's order:
    nothing shown twice, and what the first page put after its cards comes next."""
    async for _ in _running(replace(settings, index_path=law_index), caplog):
        [first] = await _ask(fake, USER, RAADMANN)
        [followed] = await _ask(fake, USER, "hvem ansetter ham?", reply_to=first["message_id"])
        more = next(data for data in _buttons(followed).values() if data.startswith("more:"))
        fake.inject_callback(USER, USER, more, followed["message_id"])
        paged = (await fake.wait_for_messages_async(3, USER, timeout=10))[2]

    def cited(message: dict) -> list[str]:
        return [c.replace("\xa0", " ").strip() for c in re.findall(r"📄 ([^\n·]+)", _text(message))]

    assert cited(followed)[0].startswith("Kommuneloven § 13-1 ")
    assert cited(paged) and not set(cited(paged)) & set(cited(followed)), (cited(followed), cited(paged))
