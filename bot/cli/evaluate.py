"""`kommunebot eval`: measure answers against a question file, or write a review report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bot.cli import cli
from bot.cli.options import corpus_option, index_option, json_option, open_searcher, settings


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@corpus_option
@json_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Where a plain question list's review report is written.")
def eval_cmd(file: Path, index_path: Path | None, corpus_dir: Path | None, as_json: bool, out_dir: Path) -> None:
    """Score the answers to FILE, or write a review report of them.

    FILE.jsonl in the eval format (gold strings or gold_ids) prints hit@1, hit@3, MRR@5,
    R@10, abstain accuracy, false abstentions and the misses. A plain text FILE, one
    question a line, writes kommunebot-review.md and .html for a facilitator to read.

    \b
    Examples:
        kommunebot eval ../shared/eval/dev.jsonl
        kommunebot eval questions.txt --out review/
    """
    from bot.evaluate import evaluate, load_questions

    s = settings(index_path, corpus_dir)
    searcher = open_searcher(s)
    items = load_questions(file)
    if not any("gold" in i or "gold_ids" in i or "expect" in i for i in items):
        _review(items, searcher, s.top, out_dir, as_json)
        return
    scores = evaluate(items, searcher)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2))
        return
    for miss in scores.misses:
        where = "abstained" if miss.abstained else f"gold at rank {miss.gold_rank or '>10'}"
        click.echo(f"MISS {miss.id} ({where}): {miss.question}\n     first: {miss.first}")
    click.echo(f"questions {scores.questions}, answerable {scores.answerable}, abstain {scores.abstain_questions}")
    click.echo(f"hit@1 {scores.hit1:.3f}  hit@3 {scores.hit3:.3f}  MRR@5 {scores.mrr5:.3f}  R@10 {scores.r10:.3f}")
    acc = "n/a" if scores.abstain_accuracy is None else f"{scores.abstain_accuracy:.3f}"
    click.echo(f"abstain accuracy {acc}  false abstentions {scores.false_abstentions}  "
               f"first passage median {scores.first_passage_median_chars:.0f} chars")


def _review(items: list[dict], searcher, top: int, out_dir: Path, as_json: bool) -> None:
    from bot.answer import answer
    from bot.errors import QuestionError
    from bot.render.jsonout import answer_to_dict
    from bot.render.report import report_html, report_markdown

    answers = []
    for item in items:
        try:
            answers.append(answer(item["question"], searcher, top=top))
        except QuestionError as exc:
            click.echo(f"skipped {item['id']}: {exc}", err=True)
    if as_json:
        click.echo(json.dumps([answer_to_dict(a) for a in answers], ensure_ascii=False, indent=2))
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "kommunebot-review.md").write_text(report_markdown(answers), encoding="utf-8")
    (out_dir / "kommunebot-review.html").write_text(report_html(answers), encoding="utf-8")
    click.echo(f"{len(answers)} answers ({sum(not a.answered for a in answers)} not covered) -> "
               f"{out_dir / 'kommunebot-review.md'}, {out_dir / 'kommunebot-review.html'}")
