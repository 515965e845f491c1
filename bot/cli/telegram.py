"""`kommunebot telegram` (run the bot) and `kommunebot feedback` (the facilitators' report)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import corpus_option, index_option, json_option, settings
from bot.config import Settings


@cli.command(name="telegram")
@index_option
@corpus_option
@click.option("--webhook-url", envvar="KOMMUNEBOT_WEBHOOK_URL", default=None,
              help="Public HTTPS URL for webhook mode [env KOMMUNEBOT_WEBHOOK_URL; default: long polling].")
@click.option("--check", is_flag=True, help="Check the settings, index and feedback store, then exit "
                                            "(offline; for a container HEALTHCHECK).")
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG (the token is still redacted).")
def telegram_cmd(index_path: Path | None, corpus_dir: Path | None, webhook_url: str | None, check: bool,
                 verbose: bool) -> None:
    """Run the Telegram bot (token in TELEGRAM_BOT_TOKEN), until Ctrl-C.

    \b
    Examples:
        TELEGRAM_BOT_TOKEN=123456:ABC… kommunebot telegram
        kommunebot telegram --check
    """
    import logging

    from bot.config import checked_url
    from bot.tg.app import require_token, run, webhook_secret
    from bot.tg.logs import setup_logging

    s = settings(index_path, corpus_dir)
    if webhook_url is not None:
        s = replace(s, webhook_url=checked_url(webhook_url, "--webhook-url", ("https",)))
    s = s.checked()
    require_token(s)
    if check:
        _check(s)
        return
    setup_logging(s.telegram_token, logging.DEBUG if verbose else logging.INFO,
                  webhook_secret(s.telegram_token.strip()))
    click.echo(f"kommunebot on Telegram ({'webhook ' + s.webhook_url if s.webhook_url else 'long polling'}), "
               f"index {s.index_path}; Ctrl-C stops", err=True)
    run(s)


def _check(s: Settings) -> None:
    """What the bot checks at start, writing nothing (the settings were validated when read)."""
    from bot.answer.engine import open_engine
    from bot.feedback import check_store

    searcher = open_engine(s).searcher()
    check_store(s.feedback_path, s.feedback_secret)
    click.echo(f"OK token set, index {s.index_path} ({searcher.store.n_docs} chunks, semantic "
               f"{'on' if searcher.semantic else 'off'}), "
               f"feedback {s.feedback_path}")


@cli.command(name="feedback")
@click.option("--db", "feedback_path", type=click.Path(dir_okay=False, path_type=Path),
              envvar="KOMMUNEBOT_FEEDBACK_DB", help="Feedback database [env KOMMUNEBOT_FEEDBACK_DB; "
                                                    "default next to the index].")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Rows in each list.")
@json_option
def feedback_cmd(feedback_path: Path | None, limit: int, as_json: bool) -> None:
    """Report for facilitators: questions the sources did not cover, down-voted answers, most asked.

    \b
    Examples:
        kommunebot feedback
        kommunebot feedback --json --limit 50
    """
    from bot.errors import KommunebotError
    from bot.feedback import FeedbackStore

    s = settings()
    path = feedback_path or s.feedback_path
    if not path.exists():
        raise KommunebotError(f"no feedback database at {path}", hint="run the bot (kommunebot telegram) "
                              "first, or point --db / KOMMUNEBOT_FEEDBACK_DB at it")
    store = FeedbackStore.open(path, s.feedback_secret, s.feedback_days)
    try:
        store.prune()
        report = store.report(limit)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Feedback of the last {report.days} days: {report.questions} questions\n")
    click.echo(f"Not covered by the sources ({len(report.abstained)}):")
    for row in report.abstained:
        click.echo(f"  {row['times']:>4} × {row['question']}")
    click.echo(f"\nDown-voted answers ({len(report.downvoted)}):")
    for row in report.downvoted:
        click.echo(f"  👎 {row['down']} 👍 {row['up']}  {row['question']}  (from passage {row['first_rank']}: "
                   f"{', '.join(row['chunk_ids'])}; index {row['index_version']})")
    click.echo(f"\nMost asked ({len(report.most_asked)}):")
    for row in report.most_asked:
        tail = f"  ({row['abstained']} not covered)" if row["abstained"] else ""
        click.echo(f"  {row['times']:>4} × {row['question']}{tail}")
