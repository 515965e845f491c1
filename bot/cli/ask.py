"""`kommunebot ask` and `kommunebot chat`: answers in the terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.answer import answer
from bot.answer.messages import message
from bot.cli import cli
from bot.cli.options import corpus_option, index_option, json_option, open_searcher, settings
from bot.errors import KommunebotError, QuestionError
from bot.render.jsonout import answer_to_dict
from bot.render.terminal import format_answer

CHAT_HELP = """Skriv et spørsmål og trykk Enter. / Type a question and press Enter.
  :kilder, :sources   the sources the answers come from
  :help               this help
  :quit, :exit        leave (Ctrl-D works too)"""


def _question_error(exc: QuestionError) -> str:
    return message(exc.key, exc.language, **exc.values)


@cli.command(name="ask")
@click.argument("question")
@click.option("--top", type=click.IntRange(1, 20), default=None, envvar="KOMMUNEBOT_TOP",
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
    s = settings(index_path, corpus_dir)
    searcher = open_searcher(s)
    try:
        result = answer(question, searcher, top=top or s.top)
    except QuestionError as exc:
        click.echo(_question_error(exc), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(answer_to_dict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(format_answer(result, colour=sys.stdout.isatty()))


@cli.command(name="chat")
@click.option("--top", type=click.IntRange(1, 20), default=None, envvar="KOMMUNEBOT_TOP",
              help="How many passages to show [default 3].")
@index_option
@corpus_option
def chat_cmd(top: int | None, index_path: Path | None, corpus_dir: Path | None) -> None:
    """Ask questions one after another on standard input; works when piped too.

    \b
    Example:
        printf 'Hva er rådmannens ansvar?\\n:quit\\n' | kommunebot chat
    """
    s = settings(index_path, corpus_dir)
    searcher = open_searcher(s)
    interactive = sys.stdin.isatty()
    colour = sys.stdout.isatty()
    if interactive:
        click.echo("kommunebot — " + CHAT_HELP.splitlines()[0] + "  (:help)")
    while True:
        if interactive:
            click.echo(click.style("? ", fg="cyan", bold=True), nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        command = line.lower()
        if command in (":quit", ":exit", ":q"):
            break
        if command in (":help", ":hjelp", ":h"):
            click.echo(CHAT_HELP)
        elif command in (":kilder", ":sources"):
            for source in searcher.sources():
                click.echo(f"- {source.title} ({source.publisher or '-'}, {source.chunks} chunks)")
        elif command.startswith(":"):
            click.echo(f"Unknown command {line!r}. " + CHAT_HELP.splitlines()[1].strip())
        else:
            try:
                click.echo(format_answer(answer(line, searcher, top=top or s.top), colour=colour))
            except QuestionError as exc:
                click.echo(_question_error(exc))
        click.echo("")
