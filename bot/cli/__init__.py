"""The `kommunebot` command: a click group whose commands call the library and print."""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import click

from bot import __version__
from bot.errors import OS_HINTS, KommunebotError, naming_index, os_error_text

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# where a command's settings put the index when --index or KOMMUNEBOT_INDEX named it (bot.cli.options.settings), in
# the click context's meta, which every nested context shares: each fix printed then names it too
NAMED_INDEX = "kommunebot.named_index"


class _Group(click.Group):
    """Turns library errors into `Error: …` with the fix, exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KommunebotError as exc:
            click.secho(f"Error: {exc}", err=True, fg="red")
            if exc.hint:  # "run: kommunebot index build" had rebuilt the default index, not the one named
                click.echo(f"Fix: {naming_index(exc.hint, ctx.meta.get(NAMED_INDEX))}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # the reader went away (`| head`): end quietly, as other tools do
            _silence_stdout()
            sys.exit(141)  # 128 + SIGPIPE, what a shell reports for `yes | head`
        except OSError as exc:  # a path that cannot be written or made: the path and the fix, no traceback
            click.secho(f"Error: {os_error_text(exc)}", err=True, fg="red")
            click.echo(f"Fix: {OS_HINTS.get(exc.errno or 0, 'check the path and try again')}", err=True)
            sys.exit(1)
        except sqlite3.DatabaseError as exc:  # damage the index's own checks did not catch
            click.secho(f"Error: the database is damaged or not a kommunebot file ({exc})", err=True, fg="red")
            click.echo("Fix: " + naming_index("run: kommunebot index check; then kommunebot index build --full",
                                              ctx.meta.get(NAMED_INDEX)), err=True)
            sys.exit(1)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the exit's flush of what is still buffered fails no more."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # no real file descriptor (a test runner's capture): nothing is flushed to a pipe
    finally:
        os.close(devnull)


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="kommunebot")
def cli() -> None:
    """kommunebot: cited answers for new local politicians, from the documents in corpus/.

    \b
    Where things are (`kommunebot index stats` prints them):
      corpus    corpus/ in a source checkout, else the copy installed with the package
      index     index/kommunebot.db in a source checkout, else kommunebot.db in the
                user's data folder (~/.local/share/kommunebot on Linux)
      feedback  feedback.db beside the index
      pins      pins.db beside the index (the page writes it, the bot and the terminal read it)
    KOMMUNEBOT_CORPUS, KOMMUNEBOT_INDEX (or --corpus, --index), KOMMUNEBOT_FEEDBACK_DB and
    KOMMUNEBOT_PINS_DB choose others; feedback and pins follow the index however it is named.

    \b
    Example:
        kommunebot ask "Hva er rådmannens ansvar?"
    """


def main() -> None:
    """Entry point of the console script and `python -m bot`."""
    from bot.cli import ask, evaluate, feedback, index, serve, telegram  # noqa: F401  (registers the commands)

    cli(prog_name="kommunebot")
