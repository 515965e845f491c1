"""`kommunebot feedback`: the facilitators' report of what the bot was asked and how it did."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import json_option, settings
from bot.errors import KommunebotError
from bot.feedback import Downvoted, FeedbackStore


@cli.command(name="feedback")
@click.option("--db", "feedback_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Feedback database [env KOMMUNEBOT_FEEDBACK_DB; default next to the index].")
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
    # a reply recorded before 0.4.42 kept no citations: its passages are named by their chunks' places in the index
    places = _passage_places(s.index_path, [c for voted in report.downvoted if not voted.cited
                                            for c in voted.chunk_ids])
    if as_json:
        data = report.to_dict()
        rows: list = data["downvoted"]  # type: ignore[assignment]
        for row, voted in zip(rows, report.downvoted, strict=True):  # each passage named too, as the reply cited it
            row.pop("cited")
            row["passages"] = [{"chunk_id": c, "title": place[0], "location": place[1]}
                               for c, place in zip(voted.chunk_ids, _shown(voted, places), strict=True)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"Feedback of the last {report.days} days: {report.questions} questions\n")
    click.echo(f"Not covered by the sources ({len(report.abstained)}):")
    for uncovered in report.abstained:
        click.echo(f"  {uncovered.times:>4} × {uncovered.question}")
    click.echo(f"\nDown-voted answers ({len(report.downvoted)}):")
    for voted in report.downvoted:
        shown = "; ".join(", ".join(p for p in place if p) if place[0] is not None else f"{c} (no longer in the index)"
                          for c, place in zip(voted.chunk_ids, _shown(voted, places), strict=True))
        click.echo(f"  👎 {voted.down} 👍 {voted.up}  {voted.question}\n"
                   f"       from passage {voted.first_rank}: {shown}")
    click.echo(f"\nMost asked ({len(report.most_asked)}):")
    for asked in report.most_asked:
        tail = f"  ({asked.abstained} not covered)" if asked.abstained else ""
        click.echo(f"  {asked.times:>4} × {asked.question}{tail}")


def _shown(voted: Downvoted, places: dict[str, tuple[str, str]]) -> list[tuple[str | None, str | None]]:
    """Each passage's (title, location) as the reply cited it (the card's ledd, "første til andre ledd"); for a reply
    recorded before 0.4.42, its chunk's place in the index, (None, None) when the index no longer has it."""
    if voted.cited:
        return list(voted.cited)
    return [places.get(c, (None, None)) for c in voted.chunk_ids]


def _passage_places(index_path: Path, chunk_ids: list[str]) -> dict[str, tuple[str, str]]:
    """(title, location) of each chunk id the index still has: "KS Folkevalgtprogram", "lysbilde 41"."""
    from bot.index.store import IndexStore

    if not chunk_ids or not index_path.is_file():
        return {}
    try:
        store = IndexStore.open(index_path)
    except KommunebotError:
        return {}
    try:
        found = {c: store.chunk_by_id(c) for c in set(chunk_ids)}
    finally:
        store.close()
    return {c: (row[1].title, row[1].location) for c, row in found.items() if row is not None}
