"""Every front end answers alike: `ask --json`, the page (Spør and Gjennomgang), `eval` and the bot.

The course leader checks answers on the page and in `eval` reports; the politician gets them from
the bot. Each front end here is started as its command starts it (the page through `kommunebot
serve`, the bot as `kommunebot telegram` runs it, against the fake Bot API), over one index built
with the fake embedder and the semantic stage on, and must show the same passages with the same
confidence for every question.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.semantic.fake import FakeEmbedder
from tests.helpers.botrun import QUESTIONS, TOKEN, running
from tests.helpers.fakebotapi import FakeBotAPI
from tests.helpers.paths import CORPUS

# Questions about a place the sources never mention, whose closest passage names something else: hedged,
# saying so, and (nothing close) refused, saying so.
ELSEWHERE = "Hva sier Difi om innbyggerne i Stavanger?"
NOWHERE = "Hvem er ordfører i Stavanger?"
# The load test's list (a not-covered one among them), and paraphrases where fusion and BM25 part.
ASKED = [*QUESTIONS, "Kan jeg søke fritak fra vervet mitt hvis jeg blir syk?", "Hvem bestemmer over budsjettet?",
         "Hva skjer hvis jeg er inhabil i en sak?", "How are committee members elected?", ELSEWHERE, NOWHERE]

Seen = tuple[str, tuple[str, ...]]  # (confidence, the passages' quotes in order)


class CrowdedEmbedder:
    """The fake model with its cosines moved up to 0.75 + cosine / 4, crowded as e5's are.

    The confidence is calibrated on e5's cosines; the fake's own would refuse every question.
    One extra dimension shared by every vector does it exactly: each vector is (v / 2, sqrt(3) / 2).
    """

    def __init__(self) -> None:
        self._fake = FakeEmbedder()
        self.dim, self.name = self._fake.dim + 1, "fake-ngrams-crowded/1"
        self.sparse_k = 0

    def embed_query(self, text: str) -> np.ndarray:
        """float32 (dim,), L2-normalised."""
        return np.append(self._fake.embed_query(text) / 2, np.float32(np.sqrt(3) / 2)).astype(np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (n, dim), L2-normalised."""
        return np.stack([self.embed_query(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed with the fake embedder: every chunk has vectors."""
    from bot.index.build import build_index

    path = tmp_path_factory.mktemp("agree") / "kommunebot.db"
    build_index(CORPUS, path, embedder=CrowdedEmbedder())
    return path


@pytest.fixture
def semantic(monkeypatch: pytest.MonkeyPatch, fake_index: Path, tmp_path: Path) -> Path:
    """The environment every front end reads: that index, the semantic stage on (the fake model)."""
    from bot.semantic import embedder

    monkeypatch.setattr(embedder, "load_embedder",
                        lambda mode="auto", threads=None, runtime="onnx", cache_dir=None:
                        None if mode == "off" else CrowdedEmbedder())
    monkeypatch.setenv("KOMMUNEBOT_SEMANTIC", "auto")
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(fake_index))
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(tmp_path / "feedback.db"))
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_SECRET", "test-secret-5e8d13b7")
    return fake_index


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _run(*args: str) -> str:
    from bot.cli import ask, evaluate, serve  # noqa: F401  (registers the commands)

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _from_json(item: dict) -> Seen:
    return item["confidence"], tuple(p["text"] for p in item["passages"])


def through_ask(questions: list[str]) -> tuple[dict[str, Seen], dict[str, str]]:
    """`kommunebot ask QUESTION --json`, one run a question; also each question's language."""
    replies = {q: json.loads(_run("ask", q, "--json")) for q in questions}
    return {q: _from_json(r) for q, r in replies.items()}, {q: r["language"] for q, r in replies.items()}


def through_eval(questions: list[str], folder: Path) -> dict[str, Seen]:
    """`kommunebot eval questions.txt --json`: the review of a plain question list."""
    listed = folder / "questions.txt"
    listed.write_text("\n".join(questions) + "\n", encoding="utf-8")
    return {item["question"]: _from_json(item) for item in json.loads(_run("eval", str(listed), "--json"))}


def _serving(monkeypatch: pytest.MonkeyPatch, visit: Callable) -> None:
    """`kommunebot serve` as the user starts it, with `visit(client)` run while it serves."""
    import bot.web.server

    class Server:
        port = 8000

        def __init__(self, app, host: str, port: int, **limits: int) -> None:
            self.app = app

        def serve_forever(self) -> None:
            self.app.config["TESTING"] = True
            client = self.app.test_client()
            with client.session_transaction() as session:
                session["csrf"] = "test-token"
            visit(client)

        def close(self) -> None:
            pass

    monkeypatch.setattr(bot.web.server, "PageServer", Server)
    _run("serve")


def _marked(quote: str, language: str) -> str:
    """A passage as the page shows it: in the reply language's quotation marks, unless it is itself one whole
    quotation."""
    from bot.answer.quote import quote_marks

    opening, closing = quote_marks(quote, language)
    return f"{opening}{quote}{closing}"


def through_page(monkeypatch: pytest.MonkeyPatch, questions: list[str]) -> tuple[dict[str, Seen], dict[str, Seen]]:
    """Spør (every passage of each question) and Gjennomgang (each question's first passage)."""
    asked: dict[str, Seen] = {}
    reviewed: dict[str, Seen] = {}

    def visit(client) -> None:
        for q in questions:
            page = client.get("/", query_string={"q": q}).get_data(as_text=True)
            level = re.search(r'class="level (\w+)" id="confidence"', page)
            quotes = re.findall(r"<blockquote[^>]*>\d+\. (.*?)</blockquote>", page, re.S)
            asked[q] = (level.group(1) if level else "", tuple(_text(x) for x in quotes))
        sent = client.post("/review", data={"csrf": "test-token", "questions": "\n".join(questions)})
        page = client.get(sent.headers["Location"]).get_data(as_text=True)
        for row in re.findall(r"<tr class=[^>]*>(.*?)</tr>", page, re.S):
            question = _text(re.search(r"<a href=[^>]*>(.*?)</a>", row, re.S).group(1))
            level = re.search(r'<span class="level (\w+)">', row).group(1)
            passage = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[3]
            first = passage.split('<br><span class="cite">')[0] if 'class="cite"' in passage else None
            reviewed[question] = (level, (_text(first).strip(),) if first is not None else ())

    _serving(monkeypatch, visit)
    return asked, reviewed


async def through_bot(fake: FakeBotAPI, questions: list[str], languages: dict[str, str]) -> dict[str, Seen]:
    """The bot as `kommunebot telegram` runs it, each question in a private chat of its own."""
    from bot.answer.messages import message
    from bot.config import Settings
    from bot.render.telegram_html import esc

    seen: dict[str, Seen] = {}
    settings = replace(Settings.from_env(), telegram_token=TOKEN, telegram_base_url=fake.base_url)
    async with running(settings):
        for chat, q in enumerate(questions, start=5000):
            fake.inject_message(chat, q)
            # the buttons come with the reply's last message
            await fake.wait_for_async(lambda c=chat: any("reply_markup" in m for m in fake.sent_messages(c)), 20)
            sent = "\n".join(call.params["text"] for call in fake.calls_of("sendMessage")
                             if str(call.params.get("chat_id")) == str(chat))
            levels = [("answered", "intro"), ("uncertain", "uncertain"), ("uncertain", "uncertain_amount"),
                      ("uncertain", "uncertain_time"), ("uncertain", "uncertain_name"), ("not_covered", "not_covered"),
                      ("not_covered", "not_covered_name")]
            # a line naming what the sources never mention ("Kildene nevner ikke «…»") has any name in it
            line = {key: re.escape(esc(message(key, languages[q], names="NAMES"))).replace("NAMES", ".+?")
                    for _, key in levels}
            level = next(k for k, key in levels if re.search(f"<b>{line[key]}</b>", sent))
            quotes = re.findall(r"<blockquote(?: expandable)?>(.*?)</blockquote>", sent, re.S)
            seen[q] = (level, tuple(_text(x) for x in quotes))
    return seen


async def test_ask_page_review_eval_and_bot_give_the_same_passages_and_confidence(
        semantic: Path, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    terminal, languages = through_ask(ASKED)
    # the list exercises the line naming what the sources never mention too
    assert "«Stavanger»" in (json.loads(_run("ask", ELSEWHERE, "--json"))["notice"] or "")
    asked, reviewed = through_page(monkeypatch, ASKED)
    evaluated = through_eval(ASKED, tmp_path)
    bot = await through_bot(fake, ASKED, languages)

    levels = sorted({c for c, _ in terminal.values()})
    assert levels == ["answered", "not_covered", "uncertain"], levels  # the list exercises every level
    first = {q: (c, quotes[:1]) for q, (c, quotes) in terminal.items()}
    marked = {q: (c, tuple(_marked(x, languages[q]) for x in quotes)) for q, (c, quotes) in terminal.items()}
    against = {"page (Spør)": (asked, marked), "page (Gjennomgang)": (reviewed, first), "eval": (evaluated, terminal),
               "bot": (bot, terminal)}
    differ = {where: [f"{q!r}: ask says {want[q][0]}, here {got[q][0]}" if got[q][0] != want[q][0] else
                      f"{q!r}: {got[q][0]} in both, other passages" for q in ASKED if got[q] != want[q]]
              for where, (got, want) in against.items()}
    assert not any(differ.values()), "\n".join(f"{where}: {len(found)} of {len(ASKED)} differ, e.g. {found[0]}"
                                                for where, found in differ.items() if found)


# A question with characters no one sees, and the same question without them (0.4.42)
HIDDEN = {"Hva er\x01 habilitet\u202e?": "Hva er habilitet?",
          "Hva er ha\u200bbili\u00adtet?": "Hva er habilitet?",
          "Hvem\u2066 sitter i kontroll\u200butvalget?\x7f": "Hvem sitter i kontrollutvalget?"}


async def test_invisible_characters_in_a_question_change_nothing_in_any_front_end(
        semantic: Path, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Hva er\\x01 habilitet\\u202e?" was hedged with another § first where "Hva er habilitet?" was answered, and a
    zero-width space split "habilitet" in two: a control or format character is taken out where every front end's
    question is checked (`checked_question`), so the terminal, the page and the bot answer it as typed without them,
    and echo it so."""
    questions = [*HIDDEN, *dict.fromkeys(HIDDEN.values())]
    terminal, languages = through_ask(questions)
    asked, _ = through_page(monkeypatch, questions)
    bot = await through_bot(fake, questions, languages)
    for hidden, shown in HIDDEN.items():
        assert terminal[hidden] == terminal[shown] and terminal[shown][1], hidden
        assert asked[hidden] == asked[shown] and bot[hidden] == bot[shown], hidden
        assert json.loads(_run("ask", hidden, "--json"))["question"] == shown
