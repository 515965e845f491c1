"""The command line: every command's help, ask/chat/eval/index/sources, and errors for people."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli, main  # noqa: F401
from tests.helpers.paths import CORPUS, REPO

COMMANDS = [["ask"], ["chat"], ["eval"], ["index"], ["index", "build"], ["index", "stats"],
            ["index", "check"], ["sources"], ["telegram"], ["feedback"]]


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.ask  # noqa: F401
    import bot.cli.evaluate  # noqa: F401
    import bot.cli.feedback  # noqa: F401
    import bot.cli.index  # noqa: F401
    import bot.cli.telegram  # noqa: F401


def run(*args: str, index: Path | None = None, input: str | None = None):
    env = {"KOMMUNEBOT_INDEX": str(index)} if index else {}
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    if command == ["feedback"] and "feedback" not in cli.commands:
        pytest.skip("feedback comes with the Telegram bot")
    result = run(*command, "-h")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output or command == ["telegram"]


def test_version() -> None:
    from bot import __version__

    assert __version__ in run("--version").output


def test_ask_puts_slide_41_first_with_its_citation(built_index: Path) -> None:
    result = run("ask", "what is rådmannens ansvar?", "--json", index=built_index)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["answered"] is True and data["language"] == "en"
    first = data["passages"][0]
    assert first["source"]["location"] == "lysbilde 41"
    assert first["source"]["title"] == "KS Folkevalgtprogram – Kommunen i systemet"
    for duty in ("Øverste leder", "forsvarlig utredet", "møte- og talerett", "blir fulgt opp"):
        assert duty in first["text"]


def test_ask_says_when_the_sources_do_not_cover_it(built_index: Path) -> None:
    data = json.loads(run("ask", "Hvem vant fotball-VM i 2018?", "--json", index=built_index).output)
    assert data["answered"] is False and data["passages"] == [] and data["language"] == "nb"
    text = run("ask", "Hvem vant fotball-VM i 2018?", index=built_index).output
    assert "Kildene dekker ikke" in text and "KS Folkevalgtprogram" in text


def test_the_readmes_refusal_lists_the_sources_the_product_ships(law_index: Path) -> None:
    """The README shows what a new user sees: the refusal's list of sources is the shipped index's, law pack
    included (it once listed the seed documents alone)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split('kommunebot ask "Hvem vant fotball-VM i 2018?"\n', 1)[1].split("```", 1)[0]
    text = run("ask", "Hvem vant fotball-VM i 2018?", index=law_index).output
    listed = [line for line in text.splitlines() if line.startswith("  - ")]
    assert len(listed) > 5 and [line for line in example.splitlines() if line.startswith("  - ")] == listed


def test_ask_text_output_is_plain_when_piped(built_index: Path) -> None:
    out = run("ask", "Hva er rådmannens ansvar?", "--top", "2", index=built_index).output
    assert "\x1b[" not in out and "lysbilde 41" in out and out.count("«") == 2


@pytest.mark.parametrize("question, words", [("", "Skriv et spørsmål"), ("   ", "Skriv et spørsmål"),
                                              ("rådmann " * 1400, "for langt")])
def test_bad_questions_get_a_short_message_not_a_traceback(built_index: Path, question: str, words: str) -> None:
    result = run("ask", question, index=built_index)
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("question, key", [("", "empty"), ("rådmann " * 1400, "too_long")])
def test_ask_json_says_why_a_question_is_not_searched_in_json(built_index: Path, question: str, key: str) -> None:
    result = run("ask", question, "--json", index=built_index)
    data = json.loads(result.output)
    assert result.exit_code == 2 and data["error"] == key and data["passages"] == [] and data["message"]


@pytest.mark.parametrize("question", ["   ?!  ", "🙂🎉👍", "hei!"])
def test_ask_answers_small_talk_as_chat_and_telegram_do_not_as_an_empty_question(built_index: Path,
                                                                                  question: str) -> None:
    """An emoji or "?!" alone was "Skriv et spørsmål" (exit 2) from `ask`, a friendly line from `chat` and Telegram."""
    asked = run("ask", question, index=built_index)
    chatted = CliRunner().invoke(cli, ["chat", "--index", str(built_index)], input=question + "\n:quit\n")
    assert asked.exit_code == 0 and asked.output.strip() and asked.output.strip() in chatted.output
    assert "Skriv et spørsmål" not in asked.output


def test_missing_index_is_built_on_first_use_with_a_notice(default_index: Path) -> None:
    index = default_index  # the default one: a missing index named by KOMMUNEBOT_INDEX or --index is a typo, likely
    result = run("ask", "Hva er rådmannens ansvar?")
    assert result.exit_code == 0
    assert "Notice: no index" in result.output and "lysbilde 41" in result.output
    assert index.exists()
    # the README's first run shows this very line, the paths aside
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    notice = [line for line in readme.splitlines() if line.startswith("Notice: no index")]
    printed = [line for line in result.output.splitlines() if line.startswith("Notice: no index")]
    assert len(notice) == 1 and len(printed) == 1
    assert [re.sub(r"(at|from) \S+?(;| first)", r"\1 PATH\2", line) for line in notice + printed] == \
        ["Notice: no index at PATH; building it from PATH first."] * 2


def _from_another_analyzer(index: Path) -> None:
    """Make `index` look as an earlier kommunebot's analyzer left it (as after an upgrade)."""
    import sqlite3

    conn = sqlite3.connect(index)
    conn.execute("UPDATE meta SET value = 'kb-earlier' WHERE key = 'analyzer_version'")
    conn.commit()
    conn.close()


def _from_an_earlier_schema(index: Path) -> None:
    """Make `index` look as a kommunebot that wrote an earlier index schema left it (as after an upgrade)."""
    import sqlite3

    from bot.index.schema import SCHEMA_VERSION

    conn = sqlite3.connect(index)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()


EARLIER = pytest.mark.parametrize("earlier", [_from_another_analyzer, _from_an_earlier_schema])


@EARLIER
def test_an_index_from_an_earlier_version_is_built_again_on_first_use(tmp_path: Path, earlier) -> None:
    """An earlier schema's index had stopped `ask`, `serve` and the bot ("has index schema 2"), where an earlier
    analyzer's was built again with a notice."""
    index = tmp_path / "k.db"
    assert run("index", "build", index=index).exit_code == 0
    earlier(index)
    result = run("ask", "Hva er rådmannens ansvar?", index=index)
    assert result.exit_code == 0, result.output
    assert "built by another kommunebot version" in result.output and "lysbilde 41" in result.output
    assert run("ask", "Hva er rådmannens ansvar?", index=index).output.count("Notice") == 0  # once


@EARLIER
def test_the_telegram_bot_builds_an_index_from_an_earlier_version_again_before_it_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier) -> None:
    """As `ask` and `serve` do: the bot had stopped at its start with "built with analyzer …" after an upgrade."""
    import bot.tg.app
    from bot.index.store import IndexStore

    index = tmp_path / "k.db"
    assert run("index", "build", index=index).exit_code == 0
    meta = IndexStore.open(index).meta
    built = (meta.schema_version, meta.analyzer_version)
    earlier(index)
    started: list[tuple[int, str]] = []

    def read(s) -> None:
        meta = IndexStore.open(s.index_path).meta
        started.append((meta.schema_version, meta.analyzer_version))

    monkeypatch.setattr(bot.tg.app, "run", read)
    result = CliRunner().invoke(cli, ["telegram"], env={"KOMMUNEBOT_INDEX": str(index),
                                                        "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35})
    assert result.exit_code == 0, result.output
    assert "built by another kommunebot version" in result.output
    assert started == [built]  # what this kommunebot builds, not what `earlier` left


@EARLIER
def test_an_earlier_index_named_by_the_option_or_of_another_corpus_is_left_alone(tmp_path: Path,
                                                                                 corpus_copy: Path, earlier) -> None:
    named = tmp_path / "named.db"
    assert run("index", "build", "--index", str(named)).exit_code == 0
    earlier(named)
    before = named.read_bytes()
    result = run("ask", "--index", str(named), "Hva er rådmannens ansvar?")
    assert result.exit_code == 1 and named.read_bytes() == before
    # the fix builds the index the command reads, not the configured one
    assert f"Fix: run: kommunebot index build --index {named}" in result.output  # its path is right: not doubted
    # at the configured location, but built from another corpus: its chunks are not replaced by these
    other = tmp_path / "other.db"
    assert run("index", "build", "--corpus", str(corpus_copy), index=other).exit_code == 0
    earlier(other)
    before = other.read_bytes()
    result = run("ask", "Hva er rådmannens ansvar?", index=other)
    assert result.exit_code == 1 and "kommunebot index build" in result.output and other.read_bytes() == before


def test_a_corrupt_index_is_an_error_that_names_the_fix(tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    index.write_bytes(b"garbage" * 500)
    result = run("ask", "Hva er rådmannens ansvar?", index=index)
    assert result.exit_code == 1
    assert "Error:" in result.output and "kommunebot index build" in result.output


def test_index_build_stats_check_and_sources(tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    build = run("index", "build", "--corpus", str(CORPUS), "--index", str(index))
    assert build.exit_code == 0 and "Indexed 5 sources" in build.output
    stats = json.loads(run("index", "stats", "--json", "--index", str(index)).output)
    assert stats["sources"] == 5 and stats["chunks"] > 50 and "analyzer_version" in stats
    check = run("index", "check", "--index", str(index), "--corpus", str(CORPUS))
    assert check.exit_code == 0 and check.output.startswith("OK")
    sources = run("sources", "--index", str(index)).output
    assert "Fagforbundet" in sources and "2015-11-27" in sources and "chunks" in sources


def test_sources_are_listed_by_title_in_any_case_with_ae_oe_aa_after_z(tmp_path: Path) -> None:
    """`kommunebot sources` had sorted titles as bytes: "budsjett for 2025" after "Åsen kommune", and å before æ and ø.
    A title is looked up in any case, with æ, ø and å after z in that order, an accented letter as its letter."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    titles = ["Åsen kommune", "budsjett for 2025", "Ørsta kommune", "Zebra-modellen", "Ærø Kommune",
              "Økonomireglement", "Énergi i kommunen", "Arkivplan", "delegering"]
    entries = []
    for n, title in enumerate(titles):
        text = f"Kommunestyret vedtar plan nummer {n} om {title.lower()}.\n"
        (corpus / f"k{n}.txt").write_text(text, encoding="utf-8")
        entries.append(f'[[source]]\nfile = "k{n}.txt"\ntitle = "{title}"\n')
    (corpus / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus), "--index", str(index)).exit_code == 0
    expected = ["Arkivplan", "budsjett for 2025", "delegering", "Énergi i kommunen", "Zebra-modellen", "Ærø Kommune",
                "Økonomireglement", "Ørsta kommune", "Åsen kommune"]
    listed = run("sources", "--index", str(index)).output
    assert [line for line in listed.splitlines() if not line.startswith(" ")] == expected
    assert [s["title"] for s in json.loads(run("sources", "--index", str(index), "--json").output)] == expected


def test_index_build_exits_nonzero_when_a_file_is_broken(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    result = run("index", "build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "k.db"))
    assert result.exit_code == 1 and "broken.pdf" in result.output and "Indexed 5 sources" in result.output


def test_index_check_fails_with_the_fix_on_a_stale_index(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    run("index", "build", "--corpus", str(corpus_copy), "--index", str(index))
    (corpus_copy / "ny.md").write_text("# Nytt\n\nKontrollutvalget har fått nye oppgaver.\n", encoding="utf-8")
    result = run("index", "check", "--corpus", str(corpus_copy), "--index", str(index))
    assert result.exit_code == 1 and "kommunebot index build" in result.output


def test_index_check_fails_with_the_fix_when_the_index_holds_other_source_packs(corpus_copy: Path,
                                                                                 tmp_path: Path) -> None:
    # an index built before an upgrade mended the law pack's text said "OK … all check out" while every command warned
    index = tmp_path / "k.db"
    run("index", "build", "--corpus", str(corpus_copy), "--index", str(index))  # the tests' default: the pack left out
    assert run("index", "check", "--corpus", str(corpus_copy), "--index", str(index)).exit_code == 0
    result = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus_copy), "--index", str(index)],
                                env={"KOMMUNEBOT_LAW_PACK": "on"}, catch_exceptions=False)
    assert result.exit_code == 1
    assert "other source packs" in result.output and "kommunebot index build" in result.output


def test_chat_piped_answers_and_quits(built_index: Path) -> None:
    result = run("chat", index=built_index, input="Hva er rådmannens ansvar?\n:kilder\n:quit\n")
    assert result.exit_code == 0
    assert "lysbilde 41" in result.output and "Fagforbundet" in result.output


def test_eval_scores_a_gold_file(built_index: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in [
        {"id": "a", "question": "Hva er rådmannens ansvar?", "expect": "answer",
         "gold": ["Plikter å sørge for at sakene er forsvarlig utredet"]},
        {"id": "b", "question": "Hvem vant fotball-VM i 2018?", "expect": "abstain"},
    ]), encoding="utf-8")
    data = json.loads(run("eval", str(questions), "--json", index=built_index).output)
    assert data["hit1"] == 1.0 and data["abstain_accuracy"] == 1.0 and data["false_abstentions"] == 0


@pytest.mark.parametrize("name, text", [("empty.jsonl", ""), ("blank.jsonl", "\n\n"), ("empty.txt", ""),
                                        ("comments.txt", "# spørsmål til kurset\n\n")])
def test_eval_of_a_file_without_questions_is_an_error_and_writes_no_review(built_index: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch,
                                                                           name: str, text: str) -> None:
    """An empty .jsonl (`eval --marks` once wrote one) was taken for a question list: "0 answers" and three empty
    kommunebot-review files in the current folder, exit 0."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", name], env={"KOMMUNEBOT_INDEX": str(built_index)})
    assert result.exit_code == 1, result.output
    assert f"Error: no questions in {name}" in result.output and "Fix: write one question a line" in result.output
    assert not list(tmp_path.glob("kommunebot-review*"))


def test_eval_json_of_abstain_questions_alone_gives_null_for_what_is_not_measured(built_index: Path,
                                                                                  tmp_path: Path) -> None:
    """`--json` said "hit1": 0.0 (every answer missed) where the text says hit@1 is not measured."""
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "b", "question": "Hvem vant fotball-VM i 2018?", "expect": "abstain"}),
                         encoding="utf-8")
    data = json.loads(run("eval", str(questions), "--json", index=built_index).output)
    assert data["answerable"] == 0 and data["abstain_accuracy"] == 1.0
    assert [data[k] for k in ("hit1", "hit3", "mrr5", "r10", "right_plainly", "hedged")] == [None] * 6
    assert data["first_passage_median_chars"] is None and data["false_abstentions"] == 0


def test_eval_prints_each_miss_on_two_lines_whatever_the_first_passages_line_breaks(built_index: Path,
                                                                                      tmp_path: Path) -> None:
    # the gold is slide 49's; slide 41, first, is a slide of several lines
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "a", "question": "Hva er rådmannens ansvar?", "expect": "answer",
                                     "gold": ["øverste ansvarlige arbeidsgiver"]}), encoding="utf-8")
    lines = run("eval", str(questions), index=built_index).output.splitlines()
    miss = next(i for i, line in enumerate(lines) if line.startswith("MISS a "))
    assert lines[miss + 1].startswith("     first: KS Folkevalgtprogram – Kommunen i systemet, lysbilde 41: Hva er")
    assert lines[miss + 2].startswith("questions 1")


def test_eval_of_a_plain_question_list_writes_a_review_report(built_index: Path, tmp_path: Path) -> None:
    questions = tmp_path / "kurs.txt"
    questions.write_text("Hva er rådmannens ansvar?\nHvem vant fotball-VM i 2018?\n", encoding="utf-8")
    result = run("eval", str(questions), "--out", str(tmp_path / "r"), index=built_index)
    assert result.exit_code == 0, result.output
    md = (tmp_path / "r" / "kommunebot-review.md").read_text(encoding="utf-8")
    html = (tmp_path / "r" / "kommunebot-review.html").read_text(encoding="utf-8")
    assert "lysbilde 41" in md and "Kildene dekker ikke" in md and "<mark>" in html


def test_python_dash_m_bot_runs(built_index: Path) -> None:
    env = dict(os.environ, KOMMUNEBOT_INDEX=str(built_index))
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "Hva er rådmannens ansvar?", "--json"],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["passages"][0]["source"]["location"] == "lysbilde 41"


def spawn_chat(index: Path, columns: int | None = None, **env: str):
    """`kommunebot chat` in a pseudo-terminal (pexpect), over `index`, `columns` wide when given."""
    pexpect = pytest.importorskip("pexpect")
    size = {"dimensions": (24, columns)} if columns else {}
    # COLUMNS and LINES would override the terminal's own size (pytest-xdist's workers set them to 80 x 24)
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return pexpect.spawn(sys.executable, ["-m", "bot", "chat"], env=dict(base, KOMMUNEBOT_INDEX=str(index),
                                                                         TERM="xterm", **env),
                         cwd=str(REPO), encoding="utf-8", timeout=180, preexec_fn=_terminal_signals,
                         **size)  # a busy machine is slow


def _terminal_signals() -> None:
    """In the spawned chat, SIGINT as a terminal delivers it: not blocked, not ignored (whatever ran pytest)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def converse(child, *lines: str) -> str:
    """Type each line at the prompt of a spawned chat, then Ctrl-D; what the chat printed meanwhile."""
    import pexpect

    output = ""
    try:
        child.expect(r"\? ")
        for line in lines:
            child.sendline(line)
            child.expect(r"\? ")
            output += child.before
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    return output


def test_chat_in_a_real_terminal(built_index: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = spawn_chat(built_index)
    try:
        child.expect(r"\? ")
        child.sendline("Hva er rådmannens ansvar?")
        child.expect("lysbilde 41")
        child.expect(r"\? ")
        child.sendline("Hvad er kompetencerådet?")
        child.expect("Regeringen, KL og Danske Regioner")
        child.expect(r"\? ")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_index_build_shows_a_chunk_progress_bar_in_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(corpus / "passages.jsonl", "w", encoding="utf-8") as f:
        for i in range(6000):  # the bar moves every 2,000 chunks
            f.write(json.dumps({"id": f"p{i}", "title": f"Lov {i}", "lang": "nb",
                                "text": f"Kommunestyret vedtar budsjettet for år {i}."}) + "\n")
    env = dict(os.environ, TERM="xterm")
    child = pexpect.spawn(sys.executable, ["-m", "bot", "index", "build", "--corpus", str(corpus),
                                           "--index", str(tmp_path / "k.db")],
                          env=env, cwd=str(REPO), encoding="utf-8", timeout=120, dimensions=(24, 100))
    try:
        child.expect(r"1/1 passages\.jsonl: .*\d+/6000 \[")  # the bar names the file and counts chunks
        child.expect(r"Indexed 1 sources .* 6000 chunks")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_index_build_piped_prints_the_summary_without_a_bar(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(CORPUS),
                          "--index", str(tmp_path / "k.db")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "chunks/s" not in run.stderr and "Indexed 5 sources" in run.stdout


def test_chat_more_shows_the_next_passages_of_the_last_question(built_index: Path) -> None:
    out = run("chat", "--top", "2", index=built_index,
              input="Hva er rådmannens ansvar?\n:mer\n:more\n:quit\n").output
    ranks = [line.split(".")[0] for line in out.split("\n") if line[:1].isdigit() and ". «" in line]
    assert ranks == ["1", "2", "3", "4", "5", "6"]


def test_chat_mer_typed_without_the_colon_shows_the_next_passages(built_index: Path) -> None:
    """"mer" typed as a word had been searched as a question and refused with the list of sources."""
    out = run("chat", "--top", "2", index=built_index,
              input="Hva er rådmannens ansvar?\nmer\nflere treff\n:quit\n").output
    ranks = [line.split(".")[0] for line in out.split("\n") if line[:1].isdigit() and ". «" in line]
    assert ranks == ["1", "2", "3", "4", "5", "6"] and "Kildene dekker ikke" not in out


def test_chat_in_a_terminal_wraps_honours_no_color_and_leaves_on_ctrl_d(built_index: Path, own_cache_dir: Path) -> None:
    child = spawn_chat(built_index, columns=50, KOMMUNEBOT_CACHE_DIR=str(own_cache_dir), NO_COLOR="1")
    output = converse(child, "Hva er rådmannens ansvar?")
    assert "lysbilde 41" in output
    assert child.exitstatus == 0 and "Traceback" not in (child.before or "")
    assert "\x1b[1m" not in output and "\x1b[33m" not in output  # NO_COLOR: no bold, no yellow
    lines = [line.rstrip("\r") for line in output.split("\n")]
    assert max(len(line) for line in lines if "http" not in line) <= 50
    assert any(line.startswith("   Plikter å sørge for") for line in lines)  # a bullet on its own line
    assert (own_cache_dir / "chat-history").exists()  # the question is kept for the arrow keys


@pytest.mark.parametrize("said, reply", [("hei", "Hei! Spør meg"), ("takk!", "Bare hyggelig"),
                                         ("takk for hjelpen", "Bare hyggelig")])
def test_ask_answers_small_talk_with_a_friendly_line_not_a_refusal(built_index: Path, said: str, reply: str) -> None:
    result = run("ask", said, index=built_index)
    assert result.exit_code == 0 and reply in result.output
    assert "Kildene dekker ikke" not in result.output and "Kildene handler om" not in result.output
    data = json.loads(run("ask", said, "--json", index=built_index).output)
    assert data["confidence"] == "small_talk" and reply in data["reply"] and data["passages"] == []


def test_chat_answers_small_talk_with_a_friendly_line(built_index: Path) -> None:
    out = run("chat", index=built_index, input="hei\ntakk!\n:quit\n").output
    assert "Hei! Spør meg" in out and "Bare hyggelig" in out and "Kildene dekker ikke" not in out


def test_ask_checks_the_question_before_building_an_index(tmp_path: Path) -> None:
    index = tmp_path / "kommunebot.db"  # the configured index: would be built unasked
    result = CliRunner().invoke(cli, ["ask", "   "], env={"KOMMUNEBOT_INDEX": str(index)})
    assert result.exit_code == 2 and "Skriv et spørsmål" in result.output
    assert not index.exists() and "building it" not in result.output


def test_chat_unknown_command_stands_on_its_own_line_before_the_help(built_index: Path) -> None:
    lines = run("chat", index=built_index, input=":foo\n:quit\n").output.splitlines()
    assert lines[0] == "Unknown command ':foo'."
    assert lines[1].startswith("Skriv et spørsmål") and any(line.lstrip().startswith(":mer") for line in lines)


def test_chat_sources_and_refusal_topics_wrap_at_word_ends(built_index: Path) -> None:
    from bot.index.store import IndexStore

    words = {w for s in IndexStore.open(built_index).sources() for w in s.title.split() if len(w) > 3}
    output = converse(spawn_chat(built_index, columns=40, NO_COLOR="1"), ":kilder", "Hvem vant fotball-VM i 2018?")
    assert "Prøv å spørre" in output
    lines = [line.rstrip("\r") for line in output.split("\n")]
    assert max(len(line) for line in lines) <= 40
    assert all(any(word in line for line in lines) for word in words)  # no title word cut over two lines


# Ctrl-C as a signal raced readline: landing while readline drew a key, it cancelled the line only at
# the next key press (about one run in three hung here). At the prompt it is now a key readline reads.
def test_ctrl_c_cancels_the_line_being_typed_and_the_chat_goes_on(built_index: Path, own_cache_dir: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = spawn_chat(built_index, KOMMUNEBOT_CACHE_DIR=str(own_cache_dir), NO_COLOR="1")
    try:
        child.expect(r"\? ")
        time.sleep(0.5)  # a person starts typing a moment after the prompt
        child.send("Hva er rådm")
        child.sendcontrol("c")
        child.expect(r"\^C\r?\n\? ")  # shown cancelled, as a shell shows it, and a new prompt
        child.sendline("Hva er rådmannens ansvar?")
        child.expect("lysbilde 41")
        child.expect(r"\? ")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0 and "Traceback" not in (child.before or "")
    history = (own_cache_dir / "chat-history").read_text(encoding="utf-8")
    assert "Hva er rådmannens ansvar?" in history and "Hva er rådm\n" not in history and "\x03" not in history


@pytest.mark.parametrize("command", [["chat"], ["ask", "Hva er rådmannens ansvar?"]], ids=" ".join)
def test_a_pipe_closed_by_the_reader_ends_quietly(built_index: Path, command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (`| head`) is gone before anything is written
    env = dict(os.environ, KOMMUNEBOT_INDEX=str(built_index))
    try:
        done = subprocess.run([sys.executable, "-m", "bot", *command], input="Hva er rådmannens ansvar?\n",
                              stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, timeout=120)
    finally:
        os.close(write_end)
    assert done.stderr == "" and done.returncode != 0


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_eval_reads_a_question_list_saved_by_notepad_or_excel(built_index: Path, tmp_path: Path,
                                                              encoding: str) -> None:
    questions = tmp_path / "kurs.txt"
    questions.write_bytes("Hva er rådmannens ansvar?\nHva gjør kontrollutvalget?\n".encode(encoding))
    result = run("eval", str(questions), "--json", index=built_index)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [a["question"] for a in data] == ["Hva er rådmannens ansvar?", "Hva gjør kontrollutvalget?"]
    assert data[0]["passages"][0]["source"]["location"] == "lysbilde 41"


def test_eval_refuses_a_file_whose_encoding_cannot_be_told_and_says_the_fix(built_index: Path,
                                                                           tmp_path: Path) -> None:
    questions = tmp_path / "kurs.txt"
    questions.write_bytes(bytes(range(256)) * 4)  # NUL and every other byte: no text encoding fits
    result = CliRunner().invoke(cli, ["eval", str(questions)], env={"KOMMUNEBOT_INDEX": str(built_index)})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "encoding could not be told" in result.output and "Fix: save the file as UTF-8" in result.output


# settings come from Settings alone: no option reads the environment itself

ENV_COMMANDS = [["ask", "x"], ["ask", "hei"], ["chat"], ["index", "stats"], ["index", "build"], ["sources"],
                ["feedback"], ["serve"], ["telegram", "--check"]]


@pytest.mark.parametrize("command", ENV_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("value", ["0", "tre"])
def test_a_bad_variable_gets_the_settings_message_whatever_the_command(command: list[str], value: str,
                                                                         tmp_path: Path) -> None:
    import bot.cli.serve  # noqa: F401

    env = {"KOMMUNEBOT_TOP": value, "KOMMUNEBOT_INDEX": str(tmp_path / "k.db"), "TELEGRAM_BOT_TOKEN": "1:x"}
    result = CliRunner().invoke(cli, command, env=env, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    # not "Invalid value for '--top'": a flag nobody passed
    assert result.output.startswith("Error: KOMMUNEBOT_TOP must be") and "--top" not in result.output, result.output
    assert not (tmp_path / "k.db").exists()


def test_a_folder_for_the_index_or_a_file_for_the_corpus_names_the_variable(tmp_path: Path) -> None:
    for env, name in (({"KOMMUNEBOT_INDEX": str(tmp_path)}, "KOMMUNEBOT_INDEX is a folder"),
                      ({"KOMMUNEBOT_CORPUS": str(CORPUS / "sources.toml")}, "KOMMUNEBOT_CORPUS is a file")):
        result = CliRunner().invoke(cli, ["index", "build"], env=env, catch_exceptions=False)
        assert result.exit_code == 1 and result.output.startswith(f"Error: {name} "), result.output


def test_serve_takes_its_token_from_the_settings_and_the_flag_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses
    import secrets

    import bot.cli.serve
    from bot.config import Settings

    class Reached(Exception):
        """serve accepted the token and went on to open the index."""

    def reached(*_a: object, **_k: object) -> None:
        raise Reached

    token = secrets.token_hex(16)
    # the settings' token, not one click read from the environment: there is none in it
    monkeypatch.setattr(bot.cli.serve, "settings", lambda *_a, **_k: dataclasses.replace(Settings.from_env({}),
                                                                                   web_token=token))
    monkeypatch.setattr(bot.cli.serve, "open_engine", reached)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env={"KOMMUNEBOT_WEB_TOKEN": None})
    assert isinstance(result.exception, Reached), result.output
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--token", "kort"])
    assert result.exit_code == 1 and "strong access token" in result.output, result.output


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_build_stopped_says_the_index_in_service_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           how: str) -> None:
    """Ctrl-C had printed only "Aborted!", and a service manager's SIGTERM nothing at all (exit 143)."""
    import bot.cli.index as index_cli

    def stopped(*args: object, **kwargs: object) -> None:
        if how == "ctrl-c":
            raise KeyboardInterrupt
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
        raise AssertionError("SIGTERM did not stop the build")

    monkeypatch.setattr(index_cli, "run_build", stopped)
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(cli, ["index", "build", "--index", str(tmp_path / "k.db")])
    assert result.exit_code == 130, result.output
    assert "Stopped: nothing was replaced; the index in service is kept" in result.output
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is the build's alone


def test_a_build_that_changes_a_pinned_passage_names_the_pin_to_mend(tmp_path: Path) -> None:
    """A course leader's pin is served only while its passage is as pinned; an edited document gives the passage a new
    id, and the build is where the maintainer hears of it, not the course leader in front of a class."""
    from bot.answer.pins import PinStore
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    corpus, index, pins_db = tmp_path / "corpus", tmp_path / "k.db", tmp_path / "pins.db"
    corpus.mkdir()
    note = corpus / "notat.txt"
    note.write_text("Rådmannen er øverste arbeidsgiver for de ansatte i kommunen.\n", encoding="utf-8")
    env = {"KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_CORPUS": str(corpus), "KOMMUNEBOT_PINS_DB": str(pins_db)}

    def build(*extra: str):  # noqa: ANN202 - click's Result
        return CliRunner().invoke(cli, ["index", "build", *extra], env=env, catch_exceptions=False)

    assert build().exit_code == 0
    hit = Searcher(IndexStore.open(index)).search("Hvem er sjefen for de ansatte?", 1).hits[0]
    pins = PinStore(pins_db)
    pins.add("Hvem er sjefen for de ansatte?", hit, "Kari")
    pins.close()
    assert "no longer served" not in build().output  # unchanged: the pin is served as before
    note.write_text("Kommunedirektøren er øverste arbeidsgiver for de ansatte i kommunen.\n", encoding="utf-8")
    result = build()
    assert result.exit_code == 0
    assert "Warning: the pin for «Hvem er sjefen for de ansatte?» is no longer served" in result.output
    assert json.loads(build("--json").output)["broken_pins"][0]["question"] == "Hvem er sjefen for de ansatte?"
