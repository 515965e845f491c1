"""Running the real bot against the fake Bot API and counting what came back (load, fault, security tests).

Used by tests/test_load*.py, test_fault*.py, test_security*.py and `python -m benchmarks.load`.
Every wait is bounded; everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.fakebotapi import FakeBotAPI

TOKEN = "123456:LOAD-token-Zq9xW2"
ADMIN = 42
QUESTIONS = [
    "Hva er rådmannens ansvar?",
    "Hva gjør kontrollutvalget?",
    "Kan formannskapet delegere myndighet?",
    "what is the mayor's role?",
    "Hvem innkaller til møte i kommunestyret?",
    "Hva er habilitet?",
    "ordførerens oppgaver",
    "Hvordan vedtas budsjettet?",
    "xyzzy plugh frobnicate",  # nothing found: the 'not covered' path
    "Hva er lovlighetskontroll?",
]


@asynccontextmanager
async def running(settings) -> AsyncIterator:
    """The Application started as run_polling does (post_init included), stopped as it does."""
    from bot.tg.app import ALLOWED_UPDATES, build_application, post_init, post_shutdown
    from bot.tg.logs import quiet_http_logs

    quiet_http_logs()
    app = build_application(settings)
    await app.initialize()
    await post_init(app)
    await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await post_shutdown(app)


def bot_argv(*args: str) -> list[str]:
    """`python -m bot ARGS`, with this process's bot package path (so a dev stub of a part still applies)."""
    import bot

    paths = list(bot.__path__)
    boot = f"import bot, sys; bot.__path__[:] = {paths!r}; from bot.cli import main; sys.argv[0] = 'kommunebot'; main()"
    return [sys.executable, "-c", boot, *args]


def bot_env(fake: FakeBotAPI, index: Path, feedback: Path, token: str = TOKEN, **extra: str) -> dict[str, str]:
    """The environment of a `kommunebot telegram` subprocess pointed at the fake server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMMUNEBOT_") and k != "TELEGRAM_BOT_TOKEN"}
    env.update(TELEGRAM_BOT_TOKEN=token, KOMMUNEBOT_TELEGRAM_BASE_URL=fake.base_url, KOMMUNEBOT_INDEX=str(index),
               KOMMUNEBOT_FEEDBACK_DB=str(feedback), KOMMUNEBOT_FEEDBACK_SECRET="load-secret-9f3c2a71",
               KOMMUNEBOT_RATE_PER_MINUTE="0", KOMMUNEBOT_ADMINS=str(ADMIN), PYTHONUNBUFFERED="1", **extra)
    return env


def start_bot(fake: FakeBotAPI, env: dict[str, str], stderr, *args: str) -> subprocess.Popen:
    """`kommunebot telegram` as a subprocess; returns once it polls for updates (at most 60 s)."""
    before = fake.call_count("getUpdates")
    proc = subprocess.Popen(bot_argv("telegram", *args), env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 60
    while fake.call_count("getUpdates") <= before:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited with {proc.returncode} before polling")
        if time.monotonic() > deadline:
            stop_bot(proc)
            raise TimeoutError("the bot did not start polling within 60 s")
        time.sleep(0.05)
    return proc


def stop_bot(proc: subprocess.Popen, timeout: float = 30) -> int:
    """SIGTERM, then wait (SIGKILL after `timeout`); the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


@dataclass
class Tally:
    """What came back for the injected messages."""

    messages: int = 0
    answered_once: int = 0
    lost: int = 0
    duplicated: int = 0
    apologies: int = 0
    latencies: list[float] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        """Every message answered exactly once."""
        return self.answered_once == self.messages and not self.lost and not self.duplicated


class Traffic:
    """Questions from many chats (every other one a group, asking with /sporsmal), injected in bursts."""

    def __init__(self, fake: FakeBotAPI, chats: int, first_chat: int = 10_000) -> None:
        self.fake = fake
        self.chats = [first_chat + i if i % 2 == 0 else -(first_chat + i) for i in range(chats)]
        self.sent: dict[int, list[tuple[int, float, int]]] = {c: [] for c in self.chats}  # (message_id, t, update_id)
        self.closed = False
        self._questions = itertools.cycle(QUESTIONS)
        self._next_chat = itertools.cycle(self.chats)

    def burst(self, n: int) -> list[int]:
        """Inject `n` messages round-robin over the chats; their update ids."""
        ids = []
        for _ in range(n):
            chat, question = next(self._next_chat), next(self._questions)
            if chat > 0:
                update_id = self.fake.inject_message(chat, question)
            else:
                update_id = self.fake.inject_message(chat, f"/sporsmal {question}", chat_type="group")
            message = self.fake.injected(update_id)["message"]
            self.sent[chat].append((message["message_id"], time.monotonic(), update_id))
            ids.append(update_id)
        return ids

    @property
    def total(self) -> int:
        """Messages injected so far."""
        return sum(len(v) for v in self.sent.values())

    def replies(self) -> int:
        """Replies delivered to the traffic's chats (cheap: for wait predicates)."""
        return sum(self.fake.sent_count(c) for c in self.chats)

    def wait_answered(self, timeout: float) -> None:
        """Wait until every chat has at least as many replies as messages (bounded by `timeout`)."""
        self.fake.wait_for(lambda: all(self.fake.sent_count(c) >= len(self.sent[c]) for c in self.chats), timeout)

    def finish(self, timeout: float) -> None:
        """A last /om in every chat, waited for: per-chat order means any late duplicate came before it."""
        from bot.tg import texts

        marker = texts.ABOUT["nb"].split("\n")[1][:20]  # "Indeksen ble bygget"
        for chat in self.chats:
            self.fake.inject_message(chat, "/om", chat_type="private" if chat > 0 else "group")
        self.closed = True
        waiting, deadline = set(self.chats), time.monotonic() + timeout
        while waiting:
            waiting = {c for c in waiting
                       if not (self.fake.sent_count(c) and marker in self.fake.sent_messages(c)[-1]["text"])}
            if waiting and time.monotonic() > deadline:
                raise TimeoutError(f"{len(waiting)} chats never answered the closing /om")
            time.sleep(0.1 if waiting else 0)

    def answered_updates(self) -> set[int]:
        """The update ids answered so far: in each chat, as many of its first messages as it has replies."""
        return {u for c, sent in self.sent.items() for _, _, u in sent[:self.fake.sent_count(c)]}

    def tally(self) -> Tally:
        """Per chat, replies against messages; in groups each reply is matched to the message it quotes."""
        from bot.tg import texts

        fault_times = {f.timestamp for f in self.fake.faults if f.kind != "drop_after"}
        calls: dict[int, list[float]] = {}
        for call in self.fake.calls_of("sendMessage"):
            if call.timestamp not in fault_times:
                calls.setdefault(call.params.get("chat_id"), []).append(call.timestamp)
        t = Tally()
        for chat, sent in self.sent.items():
            replies = self.fake.sent_messages(chat)
            if self.closed:
                replies = replies[:-1]  # the answer to finish()'s /om
            t.messages += len(sent)
            apologies = {*texts.APOLOGY.values(), *texts.UNAVAILABLE.values()}
            t.apologies += sum(1 for r in replies if r["text"] in apologies)
            lost, extra = max(0, len(sent) - len(replies)), max(0, len(replies) - len(sent))
            if chat < 0:  # a group: each quoted reply names its question
                quoted = Counter(r["reply_to_message"]["message_id"] for r in replies if "reply_to_message" in r)
                extra = max(extra, sum(n - 1 for n in quoted.values() if n > 1))
            t.lost += lost
            t.duplicated += extra
            t.answered_once += len(sent) - lost - min(extra, len(sent) - lost)
            for (_, injected, _), replied in zip(sent, calls.get(chat, [])[:len(replies)], strict=False):
                t.latencies.append(replied - injected)
        return t


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def quiet_logs() -> None:
    """Load runs log thousands of retries; keep the console readable."""
    logging.getLogger("bot").setLevel(logging.WARNING)
