"""A refusal marked on the facilitator's page: ✓ rightly refused, ✗ should have been answered; in the review, the
reports, the marks file and `eval --marks` (a refused row had no passage, so it could not be marked at all)."""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import bot.cli.evaluate  # noqa: F401 - registers `eval`
from bot.answer.marks import REFUSAL, Mark, export_marks
from bot.answer.model import Answer
from bot.answer.pins import PinStore
from bot.cli import cli
from bot.render.report import LABELS, report_csv, report_html, report_markdown
from bot.web.texts import TEXTS
from tests.test_web import QUESTION, SLIDE_41, chunk_with, make_client, page, post

OFF_TOPIC = "Hvordan baker jeg surdeigsbrød med rug?"


@pytest.fixture
def web(built_index: Path, tmp_path: Path):
    """A test client over the bundled corpus's index, and its pins store."""
    return make_client(built_index, tmp_path)


def _review(client) -> str:
    response = post(client, "/review", questions=f"{QUESTION}\n{OFF_TOPIC}\n")
    assert response.status_code == 302
    return response.headers["Location"]


def _refusal_form(shown: str) -> str:
    start = shown.index('class="refusalmark"')
    return shown[start:shown.index("</form>", start)]


def test_a_refused_row_is_marked_rightly_refused_and_shows_it_in_the_review_reports_and_marks_file(web) -> None:
    client, pins = web
    url = _review(client)
    shown = page(client.get(url))
    assert "ikke dekket" in shown and "riktig: kildene dekker det ikke" in _refusal_form(shown)
    response = post(client, "/mark", q=OFF_TOPIC, refusal="1", verdict="right", next=url, anchor="row-2")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#row-2")
    assert [(m.question, m.on_refusal, m.verdict) for m in pins.marks()] == [(OFF_TOPIC, True, 1)]
    form = _refusal_form(page(client.get(url)))
    assert 'class="right on"' in form and "merket riktig avvist" in form
    assert "[riktig avvist: kildene dekker det ikke]" in page(client.get(f"{url}/export.md"))
    assert "<strong>[riktig avvist: kildene dekker det ikke]</strong>" in page(client.get(f"{url}/export.html"))
    rows = list(csv.DictReader(io.StringIO(page(client.get(f"{url}/export.csv")))))
    assert [(r["question"], r["confidence"], r["mark"]) for r in rows if r["question"] == OFF_TOPIC] == \
        [(OFF_TOPIC, "not_covered", "1")]
    items = [json.loads(line) for line in page(client.get("/marks.jsonl")).splitlines()]
    assert items == [{"id": "mark1", "question": OFF_TOPIC, "expect": "abstain"}]


def test_a_refusal_marked_wrong_is_shown_as_should_have_been_answered_and_left_out_of_the_marks_file(web) -> None:
    client, pins = web
    url = _review(client)
    post(client, "/mark", q=OFF_TOPIC, refusal="1", verdict="right", next=url)
    post(client, "/mark", q=OFF_TOPIC, refusal="1", verdict="wrong", next=url)  # a second click replaces the first
    assert [m.verdict for m in pins.marks()] == [-1]
    form = _refusal_form(page(client.get(url)))
    assert 'class="wrong on"' in form and "merket: skulle vært besvart" in form
    assert "[feil: kildene dekker dette, det skulle vært besvart]" in page(client.get(f"{url}/export.md"))
    assert client.get("/marks.jsonl").status_code == 404  # nothing marked ✓: no empty file to download


def test_the_ask_page_marks_a_refusal_in_either_page_language(web) -> None:
    client, pins = web
    url = f"/?q={OFF_TOPIC}"
    shown = page(client.get("/", query_string={"q": OFF_TOPIC}))
    assert 'id="not-covered"' in shown and 'name="refusal" value="1"' in shown
    post(client, "/mark", q=OFF_TOPIC, refusal="1", verdict="wrong", next=url, anchor="refusal-1")
    assert "merket: skulle vært besvart" in page(client.get("/", query_string={"q": OFF_TOPIC}))
    client.set_cookie("lang", "en")
    english = page(client.get("/", query_string={"q": OFF_TOPIC}))
    assert "wrong: the sources do cover this" in english and "marked: should have been answered" in english
    # an answered question's page has its passages to mark, not the refusal
    assert 'name="refusal"' not in page(client.get("/", query_string={"q": QUESTION}))


def test_a_refusal_cannot_be_marked_on_a_question_the_bot_answers(web) -> None:
    """A rebuild or a pin since the page was shown: "rightly refused" would be said of a reply nobody gets."""
    client, pins = web
    response = post(client, "/mark", q=QUESTION, refusal="1", verdict="right")
    assert response.status_code == 409 and "får nå et svar" in html.unescape(page(response))
    assert pins.marks() == []


def test_eval_marks_scores_a_rightly_refused_question_and_catches_it_answered(web, built_index: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = web
    post(client, "/mark", q=OFF_TOPIC, refusal="1", verdict="right")
    post(client, "/mark", q=QUESTION, chunk_id=chunk_with(client, QUESTION, SLIDE_41), verdict="right")
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    monkeypatch.setenv("KOMMUNEBOT_PINS_DB", str(tmp_path / "pins.db"))
    out = tmp_path / "marks.jsonl"
    runner = CliRunner()
    written = runner.invoke(cli, ["eval", "--marks", str(out)])
    assert written.exit_code == 0, written.output
    assert "2 marked questions (1 with a passage marked ✓ right, 1 rightly refused)" in written.output
    assert [json.loads(line).get("expect") for line in out.read_text(encoding="utf-8").splitlines()] == \
        [None, "abstain"]  # by question: "Hva…" before "Hvordan…"
    scored = runner.invoke(cli, ["eval", str(out), "--min-hit1", "1.0"])
    assert scored.exit_code == 0, scored.output
    assert "answerable 1, abstain 1" in scored.output and "hit@1 1.000" in scored.output
    assert "not covered, hedged or refused 1 of 1 (abstain accuracy 1.000; refused 1)" in scored.output
    # a pin for the off-topic question makes the bot answer it: the marks file now counts that as a miss
    pinned = post(client, "/pin", q=OFF_TOPIC, chunk_id=chunk_with(client, QUESTION, SLIDE_41), name="Kari")
    assert pinned.status_code == 302
    again = runner.invoke(cli, ["eval", str(out)])
    assert "not covered, hedged or refused 0 of 1 (abstain accuracy 0.000; refused 0)" in again.output


def test_eval_marks_of_refusals_alone_measures_no_hit_rate_and_names_a_refusal_marked_wrong(
        web, built_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = web
    other = "Hva er oppskriften på fiskesuppe?"
    assert 'id="not-covered"' in page(client.get("/", query_string={"q": other}))
    post(client, "/mark", q=OFF_TOPIC, refusal="1", verdict="right")
    post(client, "/mark", q=other, refusal="1", verdict="wrong")
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    monkeypatch.setenv("KOMMUNEBOT_PINS_DB", str(tmp_path / "pins.db"))
    out = tmp_path / "marks.jsonl"
    runner = CliRunner()
    written = runner.invoke(cli, ["eval", "--marks", str(out)])
    assert "Left out: 1 refusal marked ✗ (should have been answered)" in written.output
    assert f"  {other}" in written.output and "marked only ✗ wrong" not in written.output
    scored = runner.invoke(cli, ["eval", str(out), "--min-hit1", "0.8"])
    # not "hit@1 0.000" and a failed guard: there is no answerable question to measure
    assert scored.exit_code == 0, scored.output
    assert "hit@1 0.000" not in scored.output and "not measured (no answerable question)" in scored.output
    assert "abstain accuracy 1.000" in scored.output


def test_marks_made_before_refusals_could_be_marked_are_kept_beside_a_refusal_mark(tmp_path: Path) -> None:
    """The pins file keeps its schema: a file written by 0.4.36 (user_version 1) opens with its marks as they were."""
    path = tmp_path / "pins.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE pins (id INTEGER PRIMARY KEY, question TEXT NOT NULL, chunk_id TEXT NOT NULL, "
                 "cite_id TEXT, quote TEXT, pinned_by TEXT NOT NULL, pinned_at TEXT NOT NULL)")
    conn.execute("CREATE TABLE marks (question TEXT, chunk_id TEXT, cite_id TEXT, verdict INTEGER, marked_by TEXT, "
                 "marked_at TEXT, PRIMARY KEY (question, chunk_id))")
    conn.execute("INSERT INTO marks VALUES (?, 'ks:lysbilde-41:abc', 'ks', 1, 'Kari', '2026-01-01T10:00:00+00:00')",
                 [QUESTION])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = PinStore(path)
    store.mark_refusal(OFF_TOPIC, 1, "Ola")
    store.mark_refusal(QUESTION, 1, "Ola")  # marked before a pin or a rebuild came to answer it
    store.close()
    store = PinStore(path)
    assert [(m.question, m.chunk_id, m.verdict, m.marked_by) for m in store.marks()] == [
        (QUESTION, "ks:lysbilde-41:abc", 1, "Kari"), (QUESTION, REFUSAL, 1, "Ola"), (OFF_TOPIC, REFUSAL, 1, "Ola")]
    # the passage known to answer outranks "rightly refused": the sources cover the question
    assert store.marks_as_questions() == [
        {"id": "mark1", "question": QUESTION, "gold_ids": ["ks:lysbilde-41:abc"]},
        {"id": "mark2", "question": OFF_TOPIC, "expect": "abstain"}]
    store.close()


def test_export_marks_says_why_each_question_it_leaves_out_is_left_out() -> None:
    def mark(question: str, chunk_id: str, verdict: int) -> Mark:
        return Mark(question, chunk_id, "", verdict, "", "")

    exported = export_marks([mark("a", "c1", -1), mark("b", REFUSAL, -1), mark("c", "c2", -1), mark("c", REFUSAL, 1),
                             mark("d", "c3", -1), mark("d", REFUSAL, -1)])
    assert exported.items == [{"id": "mark1", "question": "c", "expect": "abstain"}]
    assert exported.wrong_only == ["a"] and exported.refusal_wrong == ["b", "d"]


@pytest.mark.parametrize("language, right, wrong", [
    ("nb", "riktig avvist", "feil: kildene dekker dette"), ("nn", "rett avvist", "feil: kjeldene dekkjer dette"),
    ("da", "rigtigt afvist", "forkert: kilderne dækker dette"),
    ("en", "rightly refused", "wrong: the sources do cover"),
])
def test_every_report_language_shows_a_refusal_mark(language: str, right: str, wrong: str) -> None:
    answers = [Answer("q1", language, False), Answer("q2", language, False), Answer("q3", language, False)]
    marks = {("q1", REFUSAL): 1, ("q2", REFUSAL): -1, ("q3", "some:chunk"): 1}  # q3's mark is on no refusal
    for report in (report_markdown(answers, marks=marks), report_html(answers, marks=marks)):
        assert report.count(right) == 1 and report.count(wrong) == 1
    assert [r["mark"] for r in csv.DictReader(io.StringIO(report_csv(answers, marks)))] == ["1", "-1", ""]


def test_every_language_of_the_page_and_the_reports_has_every_text() -> None:
    assert all(set(table) == set(TEXTS["nb"]) for table in TEXTS.values())
    assert all(set(words) == set(LABELS["nb"]) for words in LABELS.values())
