"""`kommunebot ask` and `kommunebot chat`: answers in the terminal."""

from __future__ import annotations

import json
import shutil
import signal
import sys
from pathlib import Path

import click

from bot.answer import checked_question
from bot.answer.engine import Engine
from bot.answer.followup import asks_for_more
from bot.answer.messages import message
from bot.answer.smalltalk import small_talk
from bot.cli import cli
from bot.cli.lineedit import CANCEL, LineEditor
from bot.cli.options import corpus_option, index_option, json_option, open_engine, settings
from bot.errors import KommunebotError, QuestionError
from bot.render.jsonout import answer_to_dict, question_error_to_dict, small_talk_to_dict
from bot.render.terminal import format_answer, format_sources, wants_colour

CHAT_HELP = """Skriv et spørsmål og trykk Enter. / Type a question and press Enter.
  :mer, :more         the next passages for the last question ("mer", "more" alone too)
  :kilder, :sources   the sources the answers come from
  :help               this help
  :quit, :exit        leave (Ctrl-D works too; Ctrl-C cancels the line being typed)"""


def _terminal_width() -> int:
    return shutil.get_terminal_size(fallback=(80, 24)).columns


def _question_error(exc: QuestionError) -> str:
    return message(exc.key, exc.language, **exc.values)


@cli.command(name="ask")
@click.argument("question")
@click.option("--top", type=click.IntRange(1, 20), default=None,
              help="How many passages to show [env KOMMUNEBOT_TOP; default 3].")
@index_option
@corpus_option
@json_option
def ask_cmd(question: str, top: int | None, index_path: Path | None, corpus_dir: Path | None,
            as_json: bool) -> None:
    """Answer QUESTION with quoted, cited passages (or say the sources do not cover it).

    \b
    Examples:
        kommunebot ask "what is rådmannens ansvar?"
        kommunebot ask "Hvad er kompetencerådet?" --json
    """
    try:
        question.encode("utf-8")
    except UnicodeEncodeError as exc:  # argv bytes that are not UTF-8 (a Latin-1 terminal)
        byte = ord(question[exc.start]) & 0xFF
        raise KommunebotError(f"the question is not UTF-8 (byte 0x{byte:02x} at character {exc.start + 1})",
                              hint="set the terminal to UTF-8 (LANG=nb_NO.UTF-8)") from None
    # The settings first: a bad KOMMUNEBOT_* value stops every question, small talk too, with its own message.
    s = settings(index_path, corpus_dir, given=("KOMMUNEBOT_TOP",) if top else ())
    talk = small_talk(question)
    if talk is not None:  # "hei", "takk!", "🙂": a friendly line, nothing searched (as in chat and Telegram)
        click.echo(json.dumps(small_talk_to_dict(question, talk), ensure_ascii=False, indent=2) if as_json
                   else message(talk.kind, talk.language))
        return
    try:
        checked_question(question)  # before the index is opened (or built): an empty question costs nothing
    except QuestionError as exc:
        if as_json:  # a script reading the JSON gets JSON, and the same exit status
            click.echo(json.dumps(question_error_to_dict(question, exc.key, exc.language, _question_error(exc)),
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(_question_error(exc), err=True)
        sys.exit(2)
    result = open_engine(s).answer(question, top=top or s.top)
    if as_json:
        click.echo(json.dumps(answer_to_dict(result), ensure_ascii=False, indent=2))
    else:
        tty = sys.stdout.isatty()
        click.echo(format_answer(result, colour=wants_colour(tty, s.no_color),
                                 width=_terminal_width() if tty else None))


@cli.command(name="chat")
@click.option("--top", type=click.IntRange(1, 20), default=None,
              help="How many passages to show [default 3].")
@index_option
@corpus_option
def chat_cmd(top: int | None, index_path: Path | None, corpus_dir: Path | None) -> None:
    """Ask questions one after another on standard input; works when piped too.

    \b
    Example:
        printf 'Hva er rådmannens ansvar?\\n:quit\\n' | kommunebot chat
    """
    s = settings(index_path, corpus_dir, given=("KOMMUNEBOT_TOP",) if top else ())
    engine = open_engine(s)
    interactive = sys.stdin.isatty()
    if interactive:
        # Ctrl-C cancels the line being typed. A shell that started us in the background left SIGINT
        # ignored, and Python then raises no KeyboardInterrupt: in a terminal, take the default back.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    tty = sys.stdout.isatty()
    colour = wants_colour(tty, s.no_color)
    editor = LineEditor.open(s.cache_dir) if interactive else None
    # readline counts prompt columns: escapes are wrapped in \001 … \002 so it skips them
    prompt = "\001\x1b[1;36m\002? \001\x1b[0m\002" if colour and editor and editor.history else \
        click.style("? ", fg="cyan", bold=True) if colour else "? "
    last: tuple[str, int] | None = None  # the last question and how many passages are shown of it
    top = top or s.top
    if interactive:
        click.echo("kommunebot — " + CHAT_HELP.splitlines()[0] + "  (:help)")
    try:
        while True:
            try:
                # input() is what readline edits; piped, a line is read as it is
                line = editor.read(prompt) if editor else sys.stdin.readline()
            except EOFError:
                break
            except KeyboardInterrupt:
                if not interactive:
                    raise
                click.echo("")  # Ctrl-C cancels the line being typed, as a shell does
                continue
            if not interactive and not line:
                break
            if editor and line.endswith(CANCEL):
                continue  # Ctrl-C cancelled the line being typed, as a shell does
            line = line.strip()
            if not line:
                continue
            if line.lower() in (":quit", ":exit", ":q"):
                break
            try:
                last = _chat_line(line, last, engine, top, colour, _terminal_width() if tty else None)
            except KeyboardInterrupt:
                if not interactive:
                    raise
                click.echo("")  # Ctrl-C while an answer is found: back to the prompt
            click.echo("")
    except KeyboardInterrupt:  # piped: Ctrl-C leaves, without a traceback
        click.echo("")
    finally:
        if editor:
            editor.save()


def _chat_line(line: str, last: tuple[str, int] | None, engine: Engine, top: int, colour: bool,
               width: int | None) -> tuple[str, int] | None:
    """Do what one chat line asks and print it; the last question and how many passages are shown of it."""
    command = line.lower()
    if command in (":help", ":hjelp", ":h"):
        click.echo(CHAT_HELP)
    elif command in (":kilder", ":sources"):
        click.echo(format_sources(engine.searcher().sources(), width))
    elif command in (":mer", ":more", ":m") or asks_for_more(line):  # "mer" typed as the command does, not searched
        if last is None:
            click.echo(CHAT_HELP.splitlines()[0])
        else:
            result = engine.answer(last[0], top=top, offset=last[1])
            click.echo(format_answer(result, colour=colour, width=width))
            return last[0], last[1] + len(result.passages)
    elif command.startswith(":"):
        click.echo(f"Unknown command {line!r}.")
        click.echo(CHAT_HELP)
    elif (talk := small_talk(line)) is not None:
        click.echo(message(talk.kind, talk.language))
    else:
        try:
            result = engine.answer(line, top=top)
        except QuestionError as exc:
            click.echo(_question_error(exc))
            return last
        click.echo(format_answer(result, colour=colour, width=width))
        return (line, len(result.passages)) if result.answered else None
    return last
