"""The feedback store: pseudonymous keys, votes, retention, the facilitators' report and its command."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.answer.model import Answer, Citation, Passage
from bot.feedback import SECRET_FILE, FeedbackStats, FeedbackStore

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _answer(question: str, answered: bool = True, offset: int = 0) -> Answer:
    passages = (Passage(offset + 1, 1.0, "quote", Citation("s", "Title"), f"s#{offset + 1}"),) if answered else ()
    return Answer(question, "nb", answered, passages, offset, more=answered)


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    """An empty store without a configured secret."""
    return FeedbackStore.open(tmp_path / "fb" / "feedback.db", days=30)


def test_user_key_is_a_keyed_hash_stable_across_restarts(tmp_path: Path, store: FeedbackStore) -> None:
    key = store.user_key(123456789)
    assert "123456789" not in key and len(key) == 32
    secret = store.path.parent / SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    store.close()
    assert FeedbackStore.open(store.path).user_key(123456789) == key
    assert FeedbackStore.open(tmp_path / "other.db", "configured").user_key(123456789) != key


def test_votes_are_stored_with_what_was_shown(store: FeedbackStore) -> None:
    shown = store.record(_answer("Hva er rådmannens ansvar?"), "k1", "private", "2026-01-01T00:00:00+00:00")
    assert store.vote(shown, "k1", 1) and store.vote(shown, "k1", -1)  # a second vote replaces the first
    assert store.vote(shown, "k2", -1)
    assert not store.vote(shown + 100, "k1", 1)
    assert store.stats() == FeedbackStats(questions=1, answered=1, abstained=0, more_pages=0, votes_up=0,
                                          votes_down=2)
    [row] = store.report().downvoted
    assert row.chunk_ids == ["s#1"] and row.down == 2 and row.index_version.startswith("2026")


def test_pages_link_to_their_parent(store: FeedbackStore) -> None:
    first = store.record(_answer("q"), "k", "private", "v")
    assert store.next_page(first) is None
    second = store.record(_answer("q", offset=3), "k", "private", "v", parent_id=first)
    assert store.next_page(first) == second
    page = store.shown(second)
    assert page is not None and page.first_rank == 4 and page.count == 1


def test_old_records_are_deleted(store: FeedbackStore) -> None:
    old = store.record(_answer("old"), "k", "private", "v", when=NOW - timedelta(days=31))
    store.vote(old, "k", 1, when=NOW - timedelta(days=31))
    store.record(_answer("new"), "k", "private", "v", when=NOW)
    assert store.prune(NOW) == 0  # the write above already pruned
    assert store.shown(old) is None and store.stats().votes_up == 0
    assert [r.question for r in store.report().most_asked] == ["new"]


def test_report_lists_abstentions_and_most_asked(store: FeedbackStore) -> None:
    for question, answered in [("Hva er X?", False), ("hva er x?", False), ("Hva er Y?", True)]:
        store.record(_answer(question, answered), "k", "private", "v")
    report = store.report()
    assert report.questions == 3
    assert (report.abstained[0].question, report.abstained[0].times) == ("hva er x?", 2)
    assert report.most_asked[0].question == "hva er x?" and report.most_asked[0].abstained == 2


def test_hostile_text_is_stored_verbatim(store: FeedbackStore) -> None:
    question = "x'); DROP TABLE shown; --"
    store.record(_answer(question), "k", "private", "v")
    assert store.report().most_asked[0].question == question.lower()


def test_feedback_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import (
        cli,
        feedback,  # noqa: F401
    )

    path = tmp_path / "feedback.db"
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(path))
    result = CliRunner().invoke(cli, ["feedback"])
    assert result.exit_code == 1 and "no feedback database" in result.output
    store = FeedbackStore.open(path)
    shown = store.record(_answer("Hva er rådmannens ansvar?"), "k", "private", "v")
    store.vote(shown, "k", -1)
    store.record(_answer("Hva er en blekksprut?", answered=False), "k", "private", "v")
    store.close()
    result = CliRunner().invoke(cli, ["feedback"])
    assert result.exit_code == 0, result.output
    assert "hva er en blekksprut?" in result.output and "👎 1" in result.output
    data = json.loads(CliRunner().invoke(cli, ["feedback", "--json"]).output)
    assert data["questions"] == 2 and data["downvoted"][0]["question"] == "Hva er rådmannens ansvar?"


def test_a_vote_pressed_twice_is_taken_back_and_the_other_replaces_it(tmp_path) -> None:
    from bot.answer.model import Answer, Citation, Passage
    from bot.feedback import FeedbackStore

    store = FeedbackStore.open(tmp_path / "fb.db", "secret")
    answer = Answer("Hva er rådmannens ansvar?", "nb", True, (Passage(1, 1.0, "q", Citation("s", "T"), "s#1"),))
    shown = store.record(answer, "k1", "private", "v1")
    assert store.press_vote(shown, "k1", 1) == 1 and store.vote_counts(shown) == (1, 0)
    assert store.press_vote(shown, "k1", -1) == -1 and store.vote_counts(shown) == (0, 1)
    assert store.press_vote(shown, "k1", -1) == 0 and store.vote_counts(shown) == (0, 0)
    assert store.press_vote(shown + 1, "k1", 1) is None
    store.close()


def test_report_groups_questions_by_any_alphabets_case_and_without_punctuation(store: FeedbackStore) -> None:
    for question in ("Hva GJØR kontrollutvalget?", "hva gjør kontrollutvalget", "Hva gjør kontrollutvalget ?!",
                     "hva er delegering", "hva er delegering?"):
        store.record(_answer(question, False), "k", "private", "v")
    report = store.report()
    assert [r.times for r in report.most_asked] == [3, 2] and [r.times for r in report.abstained] == [3, 2]
    assert report.most_asked[0].question.rstrip(" ?!") == "hva gjør kontrollutvalget"  # not "hva gjØr"
    assert report.most_asked[1].question.rstrip("?") == "hva er delegering"


def test_feedback_command_names_down_voted_passages_by_title_and_slide(tmp_path: Path, built_index: Path,
                                                                       searcher, monkeypatch) -> None:
    from bot.answer import answer
    from bot.cli import cli, telegram  # noqa: F401

    path = tmp_path / "feedback.db"
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(path))
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    shown_answer = answer("Hva er rådmannens ansvar?", searcher, top=1)
    store = FeedbackStore.open(path)
    store.vote(store.record(shown_answer, "k", "private", "v"), "k", -1)
    store.close()
    out = CliRunner().invoke(cli, ["feedback"]).output
    assert "KS Folkevalgtprogram – Kommunen i systemet, lysbilde 41" in out
    assert shown_answer.passages[0].chunk_id not in out
    data = json.loads(CliRunner().invoke(cli, ["feedback", "--json"]).output)
    assert data["downvoted"][0]["passages"][0]["location"] == "lysbilde 41"


def _downvoted(path: Path, shown_answer: Answer) -> None:
    store = FeedbackStore.open(path)
    store.vote(store.record(shown_answer, "k", "private", "v"), "k", -1)
    store.close()


def test_the_report_cites_the_ledd_the_reply_showed_not_its_chunk_s(tmp_path: Path, law_index: Path,
                                                                     monkeypatch) -> None:
    """Telegram showed "§ 7-9 · første til andre ledd" (the card: the § from its first ledd), the report said "andre
    til tredje ledd" (the chunk the card was made from). The record keeps each passage's citation as shown, and the
    report, in text and JSON, cites that (0.4.42)."""
    from bot.answer import answer
    from bot.cli import cli, feedback  # noqa: F401  (registers `feedback`)
    from bot.index.store import IndexStore
    from bot.render.telegram_html import format_answer
    from bot.search.retriever import Searcher

    path = tmp_path / "feedback.db"
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(path))
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(law_index))
    store = IndexStore.open(law_index)
    shown_answer = answer("Hvem kan fritas fra vervet?", Searcher(store))
    chunk_places = [store.chunk_by_id(p.chunk_id)[1].location for p in shown_answer.passages]
    cards = [p.citation.location for p in shown_answer.passages]
    assert chunk_places != cards  # the case: a card cited otherwise than the chunk it was made from
    telegram = "".join(format_answer(shown_answer))
    assert all(f" · {location}" in telegram for location in cards if location)
    _downvoted(path, shown_answer)
    out = CliRunner().invoke(cli, ["feedback"]).output
    said = out.split("from passage 1: ")[1].splitlines()[0]
    assert said == "; ".join(", ".join(x for x in (p.citation.title, p.citation.location) if x)
                             for p in shown_answer.passages), said
    data = json.loads(CliRunner().invoke(cli, ["feedback", "--json"]).output)
    assert [(x["title"], x["location"]) for x in data["downvoted"][0]["passages"]] == \
        [(p.citation.title, p.citation.location) for p in shown_answer.passages]
    assert "cited" not in data["downvoted"][0]


def test_a_reply_recorded_before_citations_were_kept_is_named_by_its_chunks(tmp_path: Path, built_index: Path,
                                                                            searcher, monkeypatch) -> None:
    """A feedback file of an earlier bot (schema 1, no citations kept) is migrated, and its replies are named by their
    chunks' places in the index as before; the page reads it unmigrated."""
    import sqlite3

    import sqlite_utils

    from bot.answer import answer
    from bot.cli import cli, feedback  # noqa: F401  (registers `feedback`)
    from bot.feedback import MIGRATIONS, _m001_initial, read_report

    path = tmp_path / "feedback.db"
    monkeypatch.setenv("KOMMUNEBOT_FEEDBACK_DB", str(path))
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    db = sqlite_utils.Database(sqlite3.connect(path))
    _m001_initial(db)
    db.execute("PRAGMA user_version = 1")
    shown_answer = answer("Hva er rådmannens ansvar?", searcher, top=1)
    db.table("shown").insert({"id": 7, "asked_at": datetime.now(UTC).isoformat(timespec="seconds"), "user_key": "k",
                              "chat_type": "private", "question": shown_answer.question, "language": "nb",
                              "answered": 1, "first_rank": 1, "more": 0, "index_version": "v",
                              "chunk_ids": json.dumps([shown_answer.passages[0].chunk_id])})
    db.table("votes").insert({"shown_id": 7, "user_key": "k", "vote": -1,
                              "voted_at": datetime.now(UTC).isoformat(timespec="seconds")})
    db.conn.commit()
    db.conn.close()
    report = read_report(path, 180)  # the page: read only, never migrated
    assert report is not None and report.downvoted[0].cited == []
    out = CliRunner().invoke(cli, ["feedback"]).output
    assert "from passage 1: KS Folkevalgtprogram – Kommunen i systemet, lysbilde 41" in out, out
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)  # the bot's own command migrated it
