"""`kommunebot eval` scores what the user is shown: quotes, hedges and refusals as `ask` gives them."""

from __future__ import annotations

import json
from pathlib import Path

from bot.answer.model import Answer, Citation, Passage
from bot.evaluate import evaluate_replies


def _reply(question: str, quotes: list[str], confidence: str = "answered") -> Answer:
    passages = tuple(Passage(rank, 1.0 / rank, quote, Citation(f"s{rank}", "Doc", f"lysbilde {rank}"), f"c{rank}")
                     for rank, quote in enumerate(quotes, 1))
    return Answer(question, "nb", confidence != "not_covered", passages if confidence != "not_covered" else (),
                  confidence=confidence)  # type: ignore[arg-type]


def test_a_hedged_reply_to_a_question_the_sources_do_not_cover_counts_as_handled() -> None:
    replies = {"hedged?": _reply("hedged?", ["noe annet"], "uncertain"),
               "refused?": _reply("refused?", [], "not_covered"),
               "answered?": _reply("answered?", ["noe annet"])}
    items = [{"id": q, "question": q, "expect": "abstain"} for q in replies]
    scores = evaluate_replies(items, replies.__getitem__)
    assert scores.abstain_accuracy == round(2 / 3, 4) and scores.abstain_refused == 1


def test_a_right_chunk_whose_shown_quote_leaves_the_answer_out_is_a_miss() -> None:
    item = {"id": "a", "question": "q", "expect": "answer", "gold": ["øverste arbeidsgiver"]}
    scores = evaluate_replies([item], lambda q: _reply(q, ["Rådmannen leder administrasjonen.",
                                                           "Rådmannen er  Øverste arbeidsgiver."]))
    assert (scores.hit1, scores.hit3) == (0.0, 1.0)
    assert scores.misses[0].gold_rank == 2 and scores.misses[0].first.startswith("Doc, lysbilde 1: Rådmannen leder")


def test_right_first_and_plainly_leaves_out_a_hedged_right_answer_and_counts_the_hedge() -> None:
    items = [{"id": i, "question": i, "expect": "answer", "gold": ["svar"]} for i in ("plain", "hedged", "refused")]
    levels = {"plain": "answered", "hedged": "uncertain", "refused": "not_covered"}
    scores = evaluate_replies(items, lambda q: _reply(q, ["Her er svar."], levels[q]))
    assert scores.hit1 == round(2 / 3, 4) and scores.right_plainly == round(1 / 3, 4)
    assert scores.hedged == round(1 / 3, 4) and scores.false_abstentions == 1


def test_plain_replies_right_first_counts_a_wrong_first_passage_and_an_off_topic_question_said_plainly() -> None:
    items = [{"id": i, "question": i, "expect": "answer", "gold": ["svar"]} for i in ("right", "wrong", "hedged")]
    items.append({"id": "off", "question": "off", "expect": "abstain"})
    quotes = {"right": ["Her er svar."], "wrong": ["Noe annet.", "Her er svar."], "hedged": ["Her er svar."],
              "off": ["Noe annet."]}
    scores = evaluate_replies(items, lambda q: _reply(q, quotes[q], "uncertain" if q == "hedged" else "answered"))
    assert scores.plain == 3 and scores.plain_right == round(1 / 3, 4)  # one of three plain replies to trust
    assert evaluate_replies(items[2:3], lambda q: _reply(q, quotes[q], "uncertain")).plain_right is None


def test_eval_skips_an_empty_question_saying_so_and_scores_the_rest(built_index: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    import bot.cli.evaluate  # noqa: F401  (registers the command)
    from bot.cli import cli

    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in [
        {"id": "tom", "question": "   ", "expect": "answer", "gold": ["x"]},
        {"id": "a", "question": "Hva er rådmannens ansvar?", "expect": "answer",
         "gold": ["Plikter å sørge for at sakene er forsvarlig utredet"]},
    ]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(questions)], env={"KOMMUNEBOT_INDEX": str(built_index)})
    assert result.exit_code == 0, result.output
    assert "skipped tom" in result.output and "questions 1, answerable 1" in result.output
    assert "right first and plainly 1.000" in result.output and "said plainly 1, of them right first 1.000" in \
        result.output


def test_eval_of_a_plain_list_skips_small_talk_as_the_page_does_and_keeps_it_in_the_report(built_index: Path,
                                                                                             tmp_path: Path) -> None:
    """A course leader's list with "hei" in it: the bot greets "hei", so a review neither searches it nor counts it
    "not covered"; the written report names it under Skipped, as the page's does."""
    from click.testing import CliRunner

    import bot.cli.evaluate  # noqa: F401  (registers the command)
    from bot.cli import cli

    questions = tmp_path / "q.txt"
    questions.write_text("Hva er rådmannens ansvar?\nhei\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(questions), "--out", str(tmp_path / "out")],
                                env={"KOMMUNEBOT_INDEX": str(built_index)})
    assert result.exit_code == 0, result.output
    assert "1 answer (1 answered, 0 uncertain, 0 not covered" in result.output and "skipped 'hei'" in result.output
    report = (tmp_path / "out" / "kommunebot-review.md").read_text(encoding="utf-8")
    assert "## Hoppet over" in report and "- hei: småprat, ikke et spørsmål" in report
