"""`kommunebot telegram`: run the bot, or check its settings, index and feedback store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import corpus_option, index_option, open_engine, settings, warn_of_other_packs
from bot.config import Settings


@cli.command(name="telegram")
@index_option
@corpus_option
@click.option("--webhook-url", default=None,
              help="Public HTTPS URL for webhook mode [env KOMMUNEBOT_WEBHOOK_URL; default: long polling].")
@click.option("--check", is_flag=True, help="Check the settings, index and feedback store, then exit "
                                            "(offline; for a container HEALTHCHECK).")
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG (the token is still redacted).")
def telegram_cmd(index_path: Path | None, corpus_dir: Path | None, webhook_url: str | None, check: bool,
                 verbose: bool) -> None:
    """Run the Telegram bot (token in TELEGRAM_BOT_TOKEN), until Ctrl-C.

    It puts first the passages course leaders pinned on `kommunebot serve`: pins.db beside the
    index (--index or KOMMUNEBOT_INDEX), or KOMMUNEBOT_PINS_DB, the same file the page writes.

    \b
    Examples:
        TELEGRAM_BOT_TOKEN=123456:ABC… kommunebot telegram
        kommunebot telegram --check
    """
    import logging

    from bot.config import checked_url
    from bot.tg.app import require_token, run, webhook_secret
    from bot.tg.logs import setup_logging

    s = settings(index_path, corpus_dir, given=("KOMMUNEBOT_WEBHOOK_URL",) if webhook_url is not None else ())
    if webhook_url is not None:
        s = replace(s, webhook_url=checked_url(webhook_url, "--webhook-url", ("https",)))
    s = s.checked()
    require_token(s)
    if check:
        _check(s)
        return
    # the index made ready as `ask` and `serve` make it: a missing default one built, and one an earlier kommunebot's
    # analyzer built from this corpus built again (an upgrade); the bot had stopped at its start with "built with
    # analyzer …" after an upgrade, where the terminal and the page rebuilt it with a notice
    open_engine(s, create_pins=True).close()
    setup_logging(s.telegram_token, logging.DEBUG if verbose else logging.INFO,
                  webhook_secret(s.telegram_token.strip()))
    click.echo(f"kommunebot on Telegram ({'webhook ' + s.webhook_url if s.webhook_url else 'long polling'}), "
               f"index {s.index_path}, pins {s.pins_path}; Ctrl-C stops", err=True)
    run(s)


def _check(s: Settings) -> None:
    """What the bot checks at start, writing nothing (the settings were validated when read)."""
    from bot.answer.engine import open_engine
    from bot.feedback import check_store

    engine = open_engine(s)
    searcher = engine.searcher()
    check_store(s.feedback_path, s.feedback_secret)
    if engine.pins_unavailable:  # the bot starts without pins too, and logs why
        click.echo(f"Warning: the bot answers without pinned answers: {engine.pins_unavailable}", err=True)
    warn_of_other_packs(searcher.store, s)  # as the terminal warns, and the bot logs it at start
    click.echo(f"OK token set, index {s.index_path} ({searcher.store.n_docs} chunks, semantic "
               f"{'on' if searcher.semantic else 'off'}), "
               f"feedback {s.feedback_path}")
