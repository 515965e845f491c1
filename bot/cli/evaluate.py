"""`kommunebot eval`: measure answers against a question file, or write a review report."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from bot.answer.engine import Engine
from bot.answer.messages import counted
from bot.cli import cli
from bot.cli.options import corpus_option, index_option, json_option, open_engine, settings

if TYPE_CHECKING:
    from bot.evaluate import Scores


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--marks", "marks_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the facilitators' right/wrong marks (from `serve`) as a question file to this new "
                   ".jsonl file: gold_ids for a passage marked right, expect abstain for a refusal marked right.")
@click.option("--min-hit1", type=click.FloatRange(0, 1), default=None, help="Exit 1 when hit@1 is below this.")
@click.option("--min-hit3", type=click.FloatRange(0, 1), default=None, help="Exit 1 when hit@3 is below this.")
@index_option
@corpus_option
@json_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The folder a plain question list's review report is written to (made if "
                                      "missing, in a folder that exists).")
def eval_cmd(file: Path | None, marks_out: Path | None, min_hit1: float | None, min_hit3: float | None,
             index_path: Path | None, corpus_dir: Path | None, as_json: bool, out_dir: Path) -> None:
    """Score the answers to FILE, or write a review report of them.

    FILE.jsonl in the eval format (gold strings or gold_ids) asks each question as `ask` does
    and scores the quotes shown: hit@1, hit@3, MRR@5, R@10, right first and plainly, the share
    hedged, covered questions refused, the not-covered ones hedged or refused (abstain
    accuracy), and the misses; with --min-hit1/--min-hit3 it exits 1 below them (a guard for
    CI). A plain text FILE, one question a line (`#` lines skipped), writes
    kommunebot-review.md, .html and .csv for a facilitator to read into the folder --out (the
    current folder by default; a new one is made in a folder that exists), saying each file it
    wrote; an earlier review there is replaced, any other file of those names is never overwritten.
    --marks turns the marks made on `kommunebot serve` into such a .jsonl file (with no ✓ mark
    it writes none and exits 1). An empty FILE is an error: there is nothing to score or review.

    \b
    Examples:
        kommunebot eval ../shared/eval/dev.jsonl --min-hit1 0.8 --min-hit3 0.9
        kommunebot eval questions.txt --out review/
        kommunebot eval --marks course-marks.jsonl
    """
    from bot.evaluate import evaluate_replies, load_questions

    s = settings(index_path, corpus_dir)
    out_given = click.get_current_context().get_parameter_source("out_dir") != ParameterSource.DEFAULT
    if marks_out is not None:
        _folder_exists(marks_out, "--marks")
        _write_marks(s.pins_path, marks_out)
        if file is None:
            return
    if file is None:
        raise click.UsageError("give a question FILE, or --marks OUT.jsonl")
    items = load_questions(file)  # an empty file is refused before the index is opened (or built)
    review = not any("gold" in i or "gold_ids" in i or "expect" in i for i in items)
    if out_given and (as_json or not review):  # nothing would be written there: said, not ignored
        raise click.UsageError(f"--out is the folder a question list's review is written to; {file} "
                               + ("is printed as JSON (redirect it: > FILE.json)" if as_json else
                                  "has gold answers and is scored here, on the terminal (--json > FILE.json)"))
    if review and not as_json:  # a mistyped --out is said before a single question is asked
        _out_folder(out_dir)
    engine = open_engine(s)
    if review:
        _review(items, engine, s.top, out_dir, as_json)
        return
    scores = evaluate_replies(_askable(items), lambda q: engine.answer(q, top=10))
    if as_json:
        click.echo(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2))
        _check_thresholds(scores, min_hit1, min_hit3)
        return
    for miss in scores.misses:
        where = "refused" if miss.abstained else f"gold at rank {miss.gold_rank or '>10'}"
        click.echo(f"MISS {miss.id} ({where}): {miss.question}\n     first: {miss.first}")
    click.echo(f"questions {scores.questions}, answerable {scores.answerable}, abstain {scores.abstain_questions}")
    if scores.answerable:
        _echo_ranks(scores)
    else:  # a marks file of refusals marked right alone: 0.000 would read as every answer missed
        click.echo("hit@1, hit@3, MRR@5: not measured (no answerable question)")
    if scores.abstain_accuracy is not None:
        handled = round(scores.abstain_accuracy * scores.abstain_questions)
        click.echo(f"not covered, hedged or refused {handled} of {scores.abstain_questions} "
                   f"(abstain accuracy {scores.abstain_accuracy:.3f}; refused {scores.abstain_refused})")
    _check_thresholds(scores, min_hit1, min_hit3)


def _echo_ranks(scores: Scores) -> None:
    """The answerable questions' measures: where the gold passage was shown, and how surely."""
    click.echo(f"hit@1 {scores.hit1:.3f}  hit@3 {scores.hit3:.3f}  MRR@5 {scores.mrr5:.3f}  R@10 {scores.r10:.3f}"
               "  (the quotes shown)")
    click.echo(f"right first and plainly {scores.right_plainly:.3f}  hedged {scores.hedged:.0%}  "
               f"refused though covered {scores.false_abstentions}  "
               f"first passage median {scores.first_passage_median_chars:.0f} chars")
    if scores.plain_right is not None:  # off-topic questions said plainly count against it
        click.echo(f"said plainly {scores.plain}, of them right first {scores.plain_right:.3f}")


def _askable(items: list[dict]) -> list[dict]:
    """The items `ask` would take; an empty or overlong question is skipped, saying why."""
    from bot.answer.compose import checked_question
    from bot.errors import QuestionError

    kept = []
    for item in items:
        try:
            checked_question(item["question"])
        except QuestionError as exc:
            click.echo(f"skipped {item['id']}: {exc}", err=True)
            continue
        kept.append(item)
    return kept


def _check_thresholds(scores: Scores, min_hit1: float | None, min_hit3: float | None) -> None:
    """Exit 1, saying which, when a score is below its threshold (none is measured without an answerable question)."""
    import sys

    if not scores.answerable:
        if min_hit1 is not None or min_hit3 is not None:
            click.echo("--min-hit1/--min-hit3 not checked: no answerable question to measure", err=True)
        return
    measured = (("hit@1", scores.hit1, min_hit1), ("hit@3", scores.hit3, min_hit3))
    below = [f"{name} {value:.3f} < {limit:.3f}" for name, value, limit in measured
             if limit is not None and value < limit]
    if below:
        click.secho("FAILED: " + ", ".join(below), err=True, fg="red")
        sys.exit(1)


def _write_marks(pins_path: Path, out: Path) -> None:
    """The marks in the pins file as eval items (gold_ids, or expect abstain) in a new file; says what is left out."""
    from bot.answer.pins import PinStore
    from bot.errors import KommunebotError

    if out.exists():
        raise KommunebotError(f"{out} exists; it is not overwritten", hint="give a new file name")
    if not pins_path.exists():
        raise KommunebotError(f"no marks yet: {pins_path} does not exist",
                              hint="mark answers on the page of `kommunebot serve` first (or set KOMMUNEBOT_PINS_DB)")
    store = PinStore.open(pins_path)
    try:
        exported = store.exported_marks()
    finally:
        store.close()
    items = exported.items
    if items:
        with out.open("x", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
        refused = sum(item.get("expect") == "abstain" for item in items)
        click.echo(counted("{n} marked {n:question|questions}", n=len(items))
                   + (f" ({len(items) - refused} with a passage marked ✓ right, {refused} rightly refused)" if refused
                      else "") + f" -> {out}")
    # a question file scores the passages named right; a ✗ names none, so a question marked only so is not in it, and
    # "0 marked questions" after a ✗ read as if the mark were lost
    if exported.wrong_only:
        click.echo(counted("Left out: {n} {n:question|questions} marked only ✗ wrong; only ✓ right marks are "
                           "exported (a question file names the passages that answer, and a ✗ names none)",
                           n=len(exported.wrong_only)))
    if exported.refusal_wrong:
        click.echo(counted("Left out: {n} {n:refusal|refusals} marked ✗ (should have been answered); a question file "
                           "names the passage that answers, and a refusal shows none: add {n:it|them} by hand with "
                           "the gold_ids of the passage that answers (passage_id in `kommunebot ask --json`)",
                           n=len(exported.refusal_wrong)))
        for question in exported.refusal_wrong:
            click.echo(f"  {question}")
    if not items:  # an empty question file scores nothing, and `eval` refuses one: none is written
        raise KommunebotError(f"no marks to export: no answer or refusal is marked ✓ right in {pins_path}; "
                              f"{out} was not written",
                              hint="mark an answer or a refusal ✓ right on the page of `kommunebot serve` first")


REVIEW_FILES = ("kommunebot-review.md", "kommunebot-review.html", "kommunebot-review.csv")


def _review_targets(out_dir: Path) -> dict[Path, bool]:
    """The review's three files in out_dir, each True when it holds an earlier review to replace; a file there that
    is not one is refused, never overwritten (checked before any question is asked)."""
    from bot.errors import KommunebotError
    from bot.render.report import is_report

    targets = {}
    for name in REVIEW_FILES:
        path = out_dir / name
        if not os.path.lexists(path):
            targets[path] = False
            continue
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                ours = path.is_file() and is_report(f.read(400), path.suffix[1:])
        except OSError:
            ours = False
        if not ours:
            raise KommunebotError(f"{path} exists and is not a review kommunebot wrote; it is not overwritten",
                                  hint="choose another folder with --out DIR, or move the file away")
        targets[path] = True
    return targets


# what a review's --out is not: a file the user meant to write, which would have become a folder of that name
FILE_SUFFIXES = (".json", ".jsonl", ".md", ".html", ".csv", ".txt")


def _folder_exists(path: Path, option: str) -> None:
    """The folder `path` (named by `option`) is written in must exist, as --index's and the KOMMUNEBOT_*_DB files'
    must: a typo is said, never made into folders."""
    from bot.errors import KommunebotError

    folder = path.parent
    if not folder.is_dir():
        why = "is a file, not a folder" if folder.exists() else "does not exist"
        raise KommunebotError(f"{option} names {path}, whose folder {folder} {why}",
                              hint="check the path, or make that folder first")


def _out_folder(out_dir: Path) -> None:
    """A review's folder: one that exists, or a new one in a folder that exists (made when the review is written);
    never a name that reads as a file (`--out review.json` had become a folder of that name)."""
    from bot.errors import KommunebotError

    if out_dir.is_dir():
        return
    if out_dir.suffix.lower() in FILE_SUFFIXES:
        raise KommunebotError(f"--out names {out_dir}, a file name: --out is the folder the review's "
                              f"{', '.join(REVIEW_FILES)} are written to",
                              hint="give --out a folder that exists, or a new one in a folder that exists; the "
                                   "files are named for you")
    _folder_exists(out_dir, "--out")


def _made_folders(out_dir: Path) -> list[Path]:
    """Create out_dir, whose parent exists (`_out_folder`), returning it when it was made."""
    if out_dir.is_dir():
        return []
    out_dir.mkdir()
    return [out_dir]


def _review(items: list[dict], engine: Engine, top: int, out_dir: Path, as_json: bool) -> None:
    from bot.answer.listing import answer_list
    from bot.errors import KommunebotError
    from bot.render.jsonout import answer_to_dict
    from bot.render.report import report_csv, report_html, report_language, report_markdown, summary

    targets = {} if as_json else _review_targets(out_dir)
    answers, skipped = answer_list([item["question"] for item in items], lambda q: engine.answer(q, top=top))
    language = report_language(answers)
    for line in skipped:
        click.echo(f"skipped {line.question!r}: {line.reason(language)}", err=True)
    if as_json:
        click.echo(json.dumps([answer_to_dict(a) for a in answers], ensure_ascii=False, indent=2))
        return
    for folder in _made_folders(out_dir):
        click.echo(f"created folder {folder}")
    texts = (report_markdown(answers, skipped=skipped), report_html(answers, skipped=skipped),
             report_csv(answers, skipped=skipped))
    done = []
    for (path, replace), text in zip(targets.items(), texts, strict=True):
        try:  # a new file only where none was found: one that appeared since is not overwritten either
            with path.open("w" if replace else "x", encoding="utf-8") as f:
                f.write(text)
        except FileExistsError:
            raise KommunebotError(f"{path} exists; it is not overwritten",
                                  hint="choose another folder with --out DIR, or move the file away") from None
        done.append(f"replaced {path} (an earlier review)" if replace else f"wrote {path}")
    n = summary(answers)
    click.echo(counted("{q} {q:answer|answers}", q=n["questions"])
               + f" ({n['answered']} answered, {n['uncertain']} uncertain, "
               f"{n['not_covered']} not covered, {n['weak']} weak)")
    for said in done:
        click.echo(said)
