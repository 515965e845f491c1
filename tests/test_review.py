"""The review report a facilitator reads, and the pin matcher's decisions, without the web page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.answer.model import Answer, Citation, Passage
from bot.answer.pins import PinStore, hit_for, question_kind, term_similarity
from bot.render.report import is_weak, report_csv, report_html, report_markdown, summary

CITE = Citation("ks", "KS Folkevalgtprogram", "lysbilde 41", "KS", "2015-11-27", "https://www.ks.no/")


def _answer(question: str, language: str = "nb", confidence: str = "answered", spans=((7, 17),),
            pinned: bool = False) -> Answer:
    passage = Passage(1, 5.0, "Hva er rådmannens ansvar?", CITE, "ks:lysbilde-41:abc", tuple(spans), pinned)
    if confidence == "not_covered":
        return Answer(question, language, False)
    return Answer(question, language, True, (passage,), confidence=confidence)  # type: ignore[arg-type]


def test_summary_counts_each_confidence_and_the_weak() -> None:
    answers = [_answer("a"), _answer("b", confidence="uncertain"), _answer("c", confidence="not_covered"),
               _answer("d", spans=())]
    assert summary(answers) == {"questions": 4, "answered": 2, "uncertain": 1, "not_covered": 1, "weak": 2}
    assert [is_weak(a) for a in answers] == [False, True, False, True]
    assert not is_weak(_answer("e", spans=(), pinned=True))  # a course leader chose it


def test_report_opens_with_the_summary_in_the_language_of_most_questions() -> None:
    norwegian = [_answer("Hva er rådmannens ansvar?"), _answer("Hva gjør kontrollutvalget?"),
                 _answer("What is delegation?", "en")]
    md = report_markdown(norwegian)
    assert md.startswith("# kommunebot – gjennomgang\n\n3 spørsmål")
    assert "3 besvart" in md
    assert '<html lang=nb>' in report_html(norwegian) and "3 spørsmål" in report_html(norwegian)
    danish = [_answer("Hvad er kompetencerådet?", "da"), _answer("Hvad siger aftalen?", "da")]
    assert report_markdown(danish).startswith("# kommunebot – gennemgang")
    english = [_answer("What is delegation?", "en")]
    assert "1 question," in report_markdown(english).splitlines()[2]


def test_report_flags_weak_answers_and_shows_marks_and_pins() -> None:
    answers = [_answer("Hva er rådmannens ansvar?"), _answer("Hvem er ordfører?", spans=())]
    marks = {("Hva er rådmannens ansvar?", "ks:lysbilde-41:abc"): 1}
    md = report_markdown(answers, marks=marks)
    assert "## 2. Hvem er ordfører? — **SVAKT SVAR**" in md and "## 1. Hva er rådmannens ansvar?\n" in md
    assert "[riktig]" in md
    html = report_html(answers, marks=marks)
    assert html.count("class=weak>") == 1 and "[riktig]" in html
    assert "valgt av kursleder" in report_markdown([_answer("x", pinned=True)])


def test_report_csv_has_a_row_a_passage() -> None:
    rows = list(csv.DictReader(io.StringIO(report_csv([_answer("a"), _answer("b", confidence="not_covered")],
                                                      {("a", "ks:lysbilde-41:abc"): -1}))))
    assert [(r["question"], r["confidence"], r["mark"], r["chunk_id"]) for r in rows] == [
        ("a", "answered", "-1", "ks:lysbilde-41:abc"), ("b", "not_covered", "", "")]


def _eval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: Path, questions: str) -> Result:
    """`kommunebot eval` of `questions` (a file's text) on `index`, written to tmp_path/out; it must exit 0."""
    import bot.cli.evaluate  # noqa: F401
    from bot.cli import cli

    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(index))
    path = tmp_path / "questions.txt"
    path.write_text(questions, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    return result


def test_eval_of_a_question_list_skips_comments_and_writes_three_files(tmp_path: Path, built_index: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = _eval(tmp_path, monkeypatch, built_index,
                   "# kommentar: ikke et spørsmål\nHva er rådmannens ansvar?\n\n  # innrykket kommentar\n"
                   "Hvordan baker jeg surdeigsbrød med rug?\n")
    assert "2 answers (1 answered, 0 uncertain, 1 not covered" in result.output
    md = (tmp_path / "out" / "kommunebot-review.md").read_text(encoding="utf-8")
    assert "kommentar" not in md and md.startswith("# kommunebot – gjennomgang")
    assert (tmp_path / "out" / "kommunebot-review.csv").read_text(encoding="utf-8").startswith("number,")


def _eval_here(folder: Path, monkeypatch: pytest.MonkeyPatch, index: Path, *args: str) -> Result:
    """`kommunebot eval questions.txt ARGS` run in `folder` (a review written without --out lands there)."""
    import bot.cli.evaluate  # noqa: F401
    from bot.cli import cli

    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(index))
    monkeypatch.chdir(folder)
    (folder / "questions.txt").write_text("Hva er rådmannens ansvar?\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["eval", "questions.txt", *args])


def test_eval_says_which_review_files_it_wrote_and_that_it_replaced_an_earlier_review(
        tmp_path: Path, built_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review went silently into the current folder, and a second run silently overwrote the first."""
    first = _eval_here(tmp_path, monkeypatch, built_index)
    assert first.exit_code == 0, first.output
    for name in ("kommunebot-review.md", "kommunebot-review.html", "kommunebot-review.csv"):
        assert f"wrote {name}\n" in first.output and (tmp_path / name).is_file()
    again = _eval_here(tmp_path, monkeypatch, built_index)
    assert again.exit_code == 0, again.output
    for name in ("kommunebot-review.md", "kommunebot-review.html", "kommunebot-review.csv"):
        assert f"replaced {name} (an earlier review)" in again.output


@pytest.mark.parametrize("name", ["kommunebot-review.md", "kommunebot-review.html", "kommunebot-review.csv"])
def test_eval_never_overwrites_a_file_it_did_not_write(tmp_path: Path, built_index: Path,
                                                       monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A file of a review's name that is not a review (the course leader's own notes) was overwritten."""
    (tmp_path / name).write_text("Mine notater fra kurset\n", encoding="utf-8")
    result = _eval_here(tmp_path, monkeypatch, built_index)
    assert result.exit_code == 1
    assert f"Error: {name} exists and is not a review kommunebot wrote; it is not overwritten" in result.output
    assert "--out DIR" in result.output
    assert (tmp_path / name).read_text(encoding="utf-8") == "Mine notater fra kurset\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "questions.txt"])  # nothing else written


def test_eval_says_which_folder_it_created_for_out(tmp_path: Path, built_index: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """--out silently created its missing folder."""
    result = _eval_here(tmp_path, monkeypatch, built_index, "--out", "kurs")
    assert result.exit_code == 0, result.output
    created = [line for line in result.output.splitlines() if line.startswith("created folder")]
    assert created == [f"created folder {Path('kurs')}"]
    assert f"wrote {Path('kurs', 'kommunebot-review.md')}" in result.output


@pytest.mark.parametrize("out, said", [
    ("some/new/dir", f"Error: --out names {Path('some/new/dir')}, whose folder {Path('some/new')} does not exist"),
    ("some/new/dir/file.json", f"Error: --out names {Path('some/new/dir/file.json')}, a file name: --out is the"),
    ("review.json", f"Error: --out names {Path('review.json')}, a file name: --out is the folder")])
def test_eval_out_in_a_missing_folder_or_named_as_a_file_is_an_error_and_makes_nothing(
        tmp_path: Path, built_index: Path, monkeypatch: pytest.MonkeyPatch, out: str, said: str) -> None:
    """`eval q.txt --out some/new/dir/file.json` had made four folders, the last named file.json, and written the review
    into it, where --index, --marks and KOMMUNEBOT_PINS_DB in a folder that does not exist are an error: --out makes
    at most its own folder, in one that exists, and a name that reads as a file is said to be one."""
    result = _eval_here(tmp_path, monkeypatch, built_index, "--out", out)
    assert result.exit_code == 1 and said in result.output, result.output
    assert "\nFix: " in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["questions.txt"]  # no folder, no file


def test_eval_out_where_nothing_would_be_written_there_is_an_error(tmp_path: Path, built_index: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """--out was ignored without a word for a scored file and with --json: the user looked for a file never written."""
    (tmp_path / "scored.jsonl").write_text('{"id": "a", "question": "Hva er rådmannens ansvar?", '
                                           '"gold": ["forsvarlig utredet"]}\n', encoding="utf-8")
    for args in (["--json", "--out", "r"], ["--out", "r", "--json"]):
        result = _eval_here(tmp_path, monkeypatch, built_index, *args)
        assert result.exit_code == 2 and "review is written to; questions.txt is printed as JSON" in result.output
    import bot.cli.evaluate  # noqa: F401
    from bot.cli import cli

    result = CliRunner().invoke(cli, ["eval", "scored.jsonl", "--out", "r"])
    assert result.exit_code == 2 and "scored.jsonl has gold answers and is scored here" in result.output
    assert not (tmp_path / "r").exists()


def test_eval_marks_in_a_missing_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    import bot.cli.evaluate  # noqa: F401
    from bot.cli import cli

    out = tmp_path / "typo" / "marks.jsonl"
    result = CliRunner().invoke(cli, ["eval", "--marks", str(out)])
    assert result.exit_code == 1
    assert f"Error: --marks names {out}, whose folder {out.parent} does not exist" in result.output
    assert not out.parent.exists()


def test_eval_does_not_flag_a_section_asked_for_by_number_and_answered_by_it(tmp_path: Path, law_index: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """"Hva sier offentleglova § 3?" answered by offentleglova § 3 was flagged SVAKT SVAR: the § says no
    "offentleglova", so its quote held none of the question's words."""
    monkeypatch.setenv("KOMMUNEBOT_LAW_PACK", "on")
    result = _eval(tmp_path, monkeypatch, law_index, "Hva sier offentleglova § 3?\nHvad siger styrelsesloven § 16?\n"
                   "Hva sier kommuneloven § 7-9?\nHva sier fvl. § 6?\n")
    assert "4 answers (4 answered, 0 uncertain, 0 not covered, 0 weak)" in result.output
    md = (tmp_path / "out" / "kommunebot-review.md").read_text(encoding="utf-8")
    assert "SVAKT SVAR" not in md and "Offentleglova § 3" in md and "Forvaltningsloven § 6" in md
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "kommunebot-review.csv").read_text(encoding="utf-8"))))
    assert rows and {r["weak"] for r in rows} == {""}  # "yes" marks a weak one


def test_the_weak_rule_spares_the_cited_section_whatever_the_question() -> None:
    """The rule is the cited § (`Passage.cited`), not the two questions: a § found by its number that holds
    none of the question's words is not weak; another passage holding none still is."""
    cited = Passage(1, 5.0, "Forvaltningsdokument er offentlege.", CITE, "lov/§3", (), cited=True)
    plain = Passage(1, 5.0, "Forvaltningsdokument er offentlege.", CITE, "lov/§3", ())
    assert not is_weak(Answer("Hva sier offentleglova § 3?", "nb", True, (cited,)))
    assert is_weak(Answer("Hva sier offentleglova § 3?", "nb", True, (plain,)))


# pin matching


@pytest.mark.parametrize(("question", "kind"), [
    ("Hva er rådmannens ansvar?", "what"), ("Hvilke organer er obligatoriske?", "what"),
    ("Hvem ansetter rådmannen?", "who"), ("Hvor mange dager tilbyr KS?", "how much"),
    ("Hvornår udløber aftalen?", "when"), ("how does delegation work?", "how"),
    ("Rådmannens ansvar", None),
])
def test_question_kind(question: str, kind: str | None) -> None:
    assert question_kind(question) == kind


def test_term_similarity_weighs_rare_terms() -> None:
    idf = {"rådmann": 3.0, "ansvar": 1.0, "ordfører": 3.0}.__getitem__
    assert term_similarity(["rådmann", "ansvar"], ["ansvar", "rådmann"], idf) == 1.0
    assert term_similarity(["rådmann", "ansvar"], ["ordfører", "ansvar"], idf) == pytest.approx(1 / 7)
    assert term_similarity([], [], idf) == 0.0


def test_pin_matching_paraphrase_yes_neighbour_no(searcher, tmp_path: Path) -> None:
    from bot.answer import answer

    pins = PinStore(tmp_path / "pins.db")
    chunk = answer("Hva er rådmannens ansvar?", searcher).passages[0].chunk_id
    pins.add("Hva er rådmannens ansvar?", hit_for(searcher, chunk), "Kari")
    assert pins.match("hva er rådmanens ansvar", searcher) is not None  # a typo is the same question
    assert pins.match("Hvem ansetter rådmannen?", searcher) is None
    assert pins.match("Hva er kontrollutvalget?", searcher) is None


def test_a_semantic_similarity_replaces_the_terms(searcher, tmp_path: Path) -> None:
    import numpy as np

    from bot.answer.pins import semantic_similarity

    class Embedder:  # the interface of bot.semantic's Embedder: a normalised vector per question
        def embed_query(self, text: str) -> np.ndarray:
            vector = np.array([1.0, 1.0 if "ansvar" in text else 0.0])
            return vector / np.linalg.norm(vector)

    pins = PinStore(tmp_path / "pins.db", similarity=semantic_similarity(Embedder()), threshold=0.99)
    pins.add("Hva er rådmannens ansvar?", hit_for(searcher, searcher.search("rådmannens ansvar").hits[0].chunk_id),
             "Kari")
    assert pins.match("Hva med ansvar?", searcher) is not None
    assert pins.match("Hvem har ansvar?", searcher) is None  # another kind of question, whatever the model says
    assert pins.match("Hva er rådmannens rolle?", searcher) is None


def test_pins_path_is_validated(tmp_path: Path) -> None:
    from bot.config import Settings
    from bot.errors import KommunebotError

    s = Settings.from_env({"KOMMUNEBOT_INDEX": str(tmp_path / "k.db")})
    assert s.pins_path == tmp_path / "pins.db"
    feedback = str(tmp_path / "f.db")
    with pytest.raises(KommunebotError, match="KOMMUNEBOT_PINS_DB"):
        Settings.from_env({"KOMMUNEBOT_FEEDBACK_DB": feedback, "KOMMUNEBOT_PINS_DB": feedback})
    with pytest.raises(KommunebotError, match="KOMMUNEBOT_PINS_DB"):
        Settings.from_env({"KOMMUNEBOT_PINS_DB": str(tmp_path)})


def test_telegram_reply_serves_the_pin(searcher, tmp_path: Path, built_index: Path) -> None:
    from bot.answer import answer
    from bot.answer.engine import Engine
    from bot.config import Settings
    from bot.feedback import FeedbackStore
    from bot.search.holder import SearcherHolder
    from bot.tg.ratelimit import UserRateLimiter
    from bot.tg.replies import compose_reply
    from bot.tg.resources import Resources

    pins = PinStore(tmp_path / "pins.db")
    third = answer("Hva er rådmannens ansvar?", searcher).passages[2]
    pins.add("Hva er rådmannens ansvar?", hit_for(searcher, third.chunk_id), "Kari")
    store = FeedbackStore.open(tmp_path / "feedback.db", "s")
    res = Resources(Settings(top=3), Engine(SearcherHolder(built_index), pins), store, UserRateLimiter(0))
    reply = compose_reply("Hvilket ansvar har rådmannen?", res, "k", "private")
    text = "".join(reply.parts)
    assert "valgt av kursleder" in text and text.index("valgt av kursleder") < text.index("<blockquote>")
    store.close()
