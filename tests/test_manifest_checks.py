"""sources.toml's entries as a maintainer meets them through `index build`, `index check` and `sources`: a bad date
and an entry whose file name matches no file are errors naming the entry, the rest is indexed (0.4.37)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli

GOOD = "Kommunestyret er kommunens øverste organ og treffer vedtak på vegne av kommunen.\n" * 3
OTHER = "Formannskapet forbereder saker om økonomiplan og budsjett for kommunestyret.\n" * 3


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.index  # noqa: F401  (registers the commands)


def _corpus(tmp_path: Path, manifest: str) -> Path:
    """A corpus of two documents, plan.txt described by `manifest`."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "annet.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "sources.toml").write_text(manifest, encoding="utf-8")
    return corpus


def _build(corpus: Path, index: Path, *more: str):
    return CliRunner().invoke(cli, ["index", "build", "--corpus", str(corpus), "--index", str(index), *more])


def _sources(index: Path) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["sources", "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    return {row["file"]: row for row in json.loads(result.output)}


def _entry(date: str) -> str:
    return f'[[source]]\nfile = "plan.txt"\nid = "plan"\ntitle = "Planstrategi"\ndate = {date}\n'


@pytest.mark.parametrize("date", ['"2024-13-45"', '"2024-02-30"', '"2024-13"', '"31.05.2024"', '"2024-5-1"',
                                  '"20240531"', '"2024-W22-5"', '"i fjor"', "2024-05-31T10:00:00"])
def test_an_invalid_date_is_an_error_naming_the_entry_and_the_source_is_indexed_without_it(tmp_path: Path,
                                                                                           date: str) -> None:
    """`date = "2024-13-45"` was accepted and cited "· 2024-13-45"; then it skipped the whole source (the KS slides'
    1050 chunks became 999, their written questions lost). A date is metadata: an error, the source indexed without."""
    corpus, index = _corpus(tmp_path, _entry(date)), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert 'Error: sources.toml [[source]] #1 (file = "plan.txt"): date must be an ISO date like 2024-05-31, ' \
           "2024-05 or 2024, not " in result.output, result.output
    assert "plan.txt was indexed without this date" in result.output and "plan.txt skipped" not in result.output
    assert "1 error(s) in sources.toml; no file was skipped for them. Fix them and build again." in result.output
    plan = _sources(index)["plan.txt"]
    assert (plan["id"], plan["title"], plan["date"]) == ("plan", "Planstrategi", "")  # the rest of the entry used
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "date must be an ISO date" in checked.output, checked.output


def test_a_bad_date_of_a_file_the_build_cannot_read_says_the_file_was_not_indexed(tmp_path: Path) -> None:
    """A bad date beside a file that is empty had said the file "was indexed without this date", of a file not indexed
    at all; the build, `index check` and its --json say it was not, and the date's problem."""
    corpus, index = _corpus(tmp_path, _entry('"31.05.2024"') + '[[source]]\nfile = "tom.txt"\ndate = "2024-02-30"\n'), \
        tmp_path / "k.db"
    (corpus / "tom.txt").write_text(" \n", encoding="utf-8")  # no text: the build skips it
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert 'Error: sources.toml [[source]] #2 (file = "tom.txt"): date must be an ISO date like 2024-05-31, 2024-05 ' \
           "or 2024, not '2024-02-30'; tom.txt was not indexed (see its own error)" in said, said
    assert "tom.txt was indexed without" not in said and "plan.txt was indexed without this date" in said
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}
    for args in ([], ["--json"]):
        checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index), *args])
        assert checked.exit_code == 1 and "tom.txt was not indexed (see its own error)" in checked.output
        assert "tom.txt was indexed without" not in checked.output, checked.output


@pytest.mark.parametrize("date", ["20240531", "15", "2024.5", "true"])
def test_an_unquoted_number_that_is_no_year_says_to_quote_the_date(tmp_path: Path, date: str) -> None:
    """`date = 2015` is a year (accepted); a number that is none is told how a date is written."""
    corpus, index = _corpus(tmp_path, _entry(date)), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    if date == "true":
        assert "not True;" in said, said
    else:
        assert f'not the number {date} (a date is written in quotes, "2024-05-31", or a year alone, 2024)' in said


@pytest.mark.parametrize("date, shown", [('"2024-05-31"', "2024-05-31"), ("2024-05-31", "2024-05-31"),
                                         ('"2024-05"', "2024-05"), ('"2024"', "2024"), ('""', ""),
                                         ("2015", "2015")])
def test_an_iso_date_whole_or_cut_short_is_cited_as_written(tmp_path: Path, date: str, shown: str) -> None:
    """The docs say date (ISO): a calendar date, or its year-month or year (the law pack's Danish acts give a year);
    TOML's unquoted date and year too (`date = 2015` had been refused "… or 2024), not 2015"); an empty one is as if
    left out."""
    corpus, index = _corpus(tmp_path, _entry(date)), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 0, result.output
    plan = _sources(index)["plan.txt"]
    assert plan["id"] == "plan" and plan["date"] == shown


def test_an_entry_naming_no_file_fails_the_build_and_the_file_is_still_indexed(tmp_path: Path) -> None:
    """`file = "Plan.txt"` for plan.txt had been a warning, exit 0, and plan.txt indexed without the entry's id, title
    and date; now the build exits 1 with the near name, as for a bad key, and indexes everything it can."""
    manifest = '[[source]]\nfile = "Plan.txt"\nid = "plan"\ntitle = "Planstrategi"\ndate = "2024-05-31"\n'
    corpus, index = _corpus(tmp_path, manifest), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert 'Error: sources.toml [[source]] #1 (file = "Plan.txt"): matches no file in the corpus folder; did you ' \
           "mean plan.txt (file names are case-sensitive)? plan.txt was indexed without this entry's id, title and " \
           "date" in result.output, result.output
    assert "1 error(s) in sources.toml; no file was skipped for them" in result.output
    assert "could not be read" not in result.output
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}  # nothing lost
    as_json = _build(corpus, index, "--json")
    errors = json.loads(as_json.stdout)["errors"]
    assert as_json.exit_code == 1 and any("plan.txt (file names are case-sensitive)?" in e for e in errors), errors
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "did you mean plan.txt (" in checked.output, checked.output
    assert checked.output.count("did you mean plan.txt (") == 1, checked.output  # in the FAIL line, not a warning too
    # mended: the entry reaches the file, the build and the check pass
    (corpus / "sources.toml").write_text(manifest.replace("Plan.txt", "plan.txt"), encoding="utf-8")
    assert _build(corpus, index).exit_code == 0
    assert _sources(index)["plan.txt"]["title"] == "Planstrategi"
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 0, checked.output


def test_a_misspelt_key_fails_the_build_and_the_check_until_it_is_mended(tmp_path: Path) -> None:
    """`titel = "Planstrategi"` had been a warning and exit 0 (as `layuot = "slides"`: a deck read as prose, its
    pins orphaned): the index went into service without the key and `index check` passed. Now an error, exit 1,
    every file indexed, and the check fails until the key is mended."""
    manifest = '[[source]]\nfile = "plan.txt"\ntitel = "Planstrategi"\n'
    corpus, index = _corpus(tmp_path, manifest), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert "misspelt key(s) titel (did you mean title?) not read; plan.txt is indexed without title" in result.output
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}  # nothing lost
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "did you mean title?" in checked.output, checked.output
    (corpus / "sources.toml").write_text(manifest.replace("titel", "title"), encoding="utf-8")
    assert _build(corpus, index).exit_code == 0
    assert _sources(index)["plan.txt"]["title"] == "Planstrategi"


def test_an_entry_naming_no_file_without_a_near_one_says_to_correct_or_remove_it(tmp_path: Path) -> None:
    """A removed document's entry left behind: named, with the fix."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "gammel.pdf"\ntitle = "Gammel"\n'), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1
    assert 'file = "gammel.pdf"): matches no file in the corpus folder; correct the name or remove the entry' \
           in result.output and "case-sensitive" not in result.output, result.output
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}


def test_an_entry_for_a_file_of_no_supported_format_stays_a_warning(tmp_path: Path) -> None:
    """budsjett.xlsx is there, named as skipped: its entry matches a file, so it is not told it matches none."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "budsjett.xlsx"\ntitle = "Budsjett"\n'), tmp_path / "k.db"
    (corpus / "budsjett.xlsx").write_bytes(b"PK\x03\x04")
    result = _build(corpus, index)
    assert result.exit_code == 0, result.output
    assert 'Warning: sources.toml [[source]] #1 (file = "budsjett.xlsx"): names a file that is not indexed' \
           in result.output and "matches no file" not in result.output, result.output


REAL = "003_af7229ad7375a502.txt"


@pytest.mark.parametrize("typed", ["003-af7229ad7375a502.txt", "003_af7229ad7375a502.tx", "03_af7229ad7375a502.txt",
                                   "003-AF7229AD7375A502.txt"])
def test_an_entry_naming_a_near_file_is_told_the_file_by_similarity(tmp_path: Path, typed: str) -> None:
    """Only a wrong case was suggested: `003-af….txt` for `003_af….txt` got "correct the name", and was still told
    file names are case-sensitive. The closest file no entry describes is named; case only when it is case alone."""
    manifest = f'[[source]]\nfile = "{typed}"\ntitle = "Sammen"\ndate = "2011"\n' \
               '[[source]]\nfile = "plan.txt"\ntitle = "Planstrategi"\n'
    corpus, index = _corpus(tmp_path, manifest), tmp_path / "k.db"
    (corpus / REAL).write_text(OTHER.replace("Formannskapet", "Fagforbundet"), encoding="utf-8")
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert f'(file = "{typed}"): matches no file in the corpus folder; did you mean {REAL}? {REAL} was indexed ' \
           "without this entry's title and date" in result.output, result.output
    assert "case-sensitive" not in result.output and "plan.txt?" not in result.output  # plan.txt has its own entry
    assert set(_sources(index)) == {"annet.txt", "plan.txt", REAL}


def test_an_entry_near_two_files_names_both(tmp_path: Path) -> None:
    """plan-2023.txt for plan-2024.txt and plan-2025.txt: both near, neither described; the best first."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "plan-2023.txt"\n'), tmp_path / "k.db"
    for year in ("2024", "2025"):
        (corpus / f"plan-{year}.txt").write_text(GOOD.replace("øverste", f"øverste ({year})"), encoding="utf-8")
    result = _build(corpus, index)
    assert "did you mean plan-2024.txt or plan-2025.txt? each was indexed without this entry" in result.output, \
        result.output


def test_an_entry_near_a_file_the_build_skipped_says_it_was_skipped_not_indexed_without_the_entry(
        tmp_path: Path) -> None:
    """`file = "Rapport.pdf"` for a rapport.pdf that cannot be read: the hint had said rapport.pdf "was indexed without
    this entry's title", of a file that was not indexed at all; `index check` had said it too."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "Rapport.pdf"\ntitle = "Rapport"\n'), tmp_path / "k.db"
    (corpus / "rapport.pdf").write_bytes(b"%PDF-1.4\nnot a PDF after all\n")
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert 'Error: sources.toml [[source]] #1 (file = "Rapport.pdf"): matches no file in the corpus folder; did you ' \
           "mean rapport.pdf (file names are case-sensitive)? rapport.pdf was skipped (see its own error)" \
           in result.output, result.output
    assert "Error: rapport.pdf: " in result.output and "indexed without" not in result.output
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "rapport.pdf was skipped (see its own error)" in checked.output, checked.output
    assert "indexed without" not in checked.output


def test_an_entry_near_two_files_one_skipped_says_which_was_indexed(tmp_path: Path) -> None:
    """plan-2023.txt for plan-2024.txt (read) and an empty plan-2025.txt (skipped): each told as it is."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "plan-2023.txt"\ndate = "2023"\n'), tmp_path / "k.db"
    (corpus / "plan-2024.txt").write_text(GOOD.replace("øverste", "øverste (2024)"), encoding="utf-8")
    (corpus / "plan-2025.txt").write_text("", encoding="utf-8")
    result = _build(corpus, index)
    assert "did you mean plan-2024.txt or plan-2025.txt? plan-2024.txt was indexed without this entry's date; " \
           "plan-2025.txt was skipped (see its own error)" in result.output, result.output
    assert "plan-2025.txt" not in _sources(index) and "plan-2024.txt" in _sources(index)


def test_a_bad_url_or_publisher_is_left_out_and_the_source_indexed(tmp_path: Path) -> None:
    """url and publisher are metadata as date is: shown with a citation, never read to index; a bad id, lang or
    layout still skips the file (they decide how it is named and read)."""
    manifest = '[[source]]\nfile = "plan.txt"\nid = "plan"\npublisher = ["KS"]\nurl = "javascript:alert(1)"\n'
    corpus, index = _corpus(tmp_path, manifest), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert "publisher must be text in quotes, not ['KS']; plan.txt was indexed without this publisher" in result.output
    assert "plan.txt was indexed without this url" in result.output
    assert "2 error(s) in sources.toml; no file was skipped for them" in result.output
    plan = _sources(index)["plan.txt"]
    assert plan["id"] == "plan" and not plan.get("url") and not plan.get("publisher")


def test_the_closing_line_counts_the_files_skipped_apart_from_the_manifest_errors(tmp_path: Path) -> None:
    """A bad layout skips its file; a bad date skips none: the closing line had said every error "could not be read
    and were skipped"."""
    manifest = '[[source]]\nfile = "plan.txt"\nlayout = "lysbilder"\n' \
        '[[source]]\nfile = "annet.txt"\ndate = "2024-02-30"\n'
    corpus, index = _corpus(tmp_path, manifest), tmp_path / "k.db"
    (corpus / "tredje.txt").write_text(GOOD.replace("øverste", "høyeste"), encoding="utf-8")
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert "2 errors: 1 file(s) could not be read or used and were skipped; the rest were indexed; the other 1, in " \
           "sources.toml, skipped no file. Fix them and build again." in result.output, result.output
    assert set(_sources(index)) == {"annet.txt", "tredje.txt"}
    (corpus / "sources.toml").write_text('[[source]]\nfile = "plan.txt"\nlayout = "lysbilder"\n', encoding="utf-8")
    only_skipped = _build(corpus, index)
    assert "1 file(s) could not be read or used and were skipped; the rest were indexed. Fix or remove them and " \
           "build again." in only_skipped.output, only_skipped.output


def test_reindex_on_telegram_says_a_manifest_error_skipped_no_file(tmp_path: Path) -> None:
    """/reindex said "1 fil(er) kunne ikke leses" of a bad date whose file was indexed."""
    from bot.index.build import build_index
    from bot.tg.admin import done_html

    corpus = _corpus(tmp_path, _entry('"2024-02-30"'))
    (corpus / "tom.txt").write_text(" \n", encoding="utf-8")  # no text: a file that is skipped
    report = build_index(corpus, tmp_path / "k.db")
    text = done_html(report, "nb")
    assert "1 fil(er) kunne ikke leses" in text and "1 feil i sources.toml; ingen fil ble hoppet over" in text, text
    assert "\n• tom.txt" in text


@pytest.mark.parametrize("language", ["nb", "nn", "da", "en"])
def test_every_line_of_the_reindex_reply_is_in_the_admins_language(tmp_path: Path, language: str) -> None:
    """A Norwegian or Danish admin's /reindex reply listed the reasons as the build words them, in English ("plan.txt
    was indexed without this date", "unknown key(s) merknad ignored", "no text"): each line is now
    a sentence of the admin's language or a file's name, and the reasons are in the log."""
    from bot.index.build import build_index
    from bot.tg import texts
    from bot.tg.admin import done_html

    corpus = _corpus(tmp_path, _entry('"2024-02-30"') + 'merknad = "Planstrategi"\n')
    (corpus / "tom.txt").write_text(" \n", encoding="utf-8")
    report = build_index(corpus, tmp_path / "k.db")
    assert report.left_out and report.manifest_errors and report.warnings  # one of each kind to say
    text = done_html(report, language)
    said = [texts.REINDEX_DONE[language].format(sources=report.sources, chunks=report.chunks,
                                                reused=report.reused_sources, seconds=report.seconds),
            texts.REINDEX_ERRORS[language].format(n=1).strip("\n"), "• tom.txt",
            *(line.strip("\n") for line in (texts.REINDEX_MANIFEST_ERRORS[language].format(n=1),
                                              texts.REINDEX_WARNINGS[language].format(n=len(report.warnings)),
                                              texts.REINDEX_REASONS[language]))]
    assert text.split("\n") == said, text


@pytest.mark.parametrize("language", ["nb", "nn", "da", "en"])
def test_reindex_names_at_most_five_files_and_how_many_more(tmp_path: Path, language: str) -> None:
    from bot.index.build import build_index
    from bot.tg import texts
    from bot.tg.admin import SHOWN_ERRORS, done_html

    corpus = _corpus(tmp_path, "")
    for n in range(SHOWN_ERRORS + 2):
        (corpus / f"tom{n}.txt").write_text(" \n", encoding="utf-8")
    many = done_html(build_index(corpus, tmp_path / "k.db"), language)
    assert many.count("\n• tom") == SHOWN_ERRORS and texts.REINDEX_MORE[language].format(n=2) in many, many
    assert many.endswith(texts.REINDEX_REASONS[language])


@pytest.mark.parametrize("broken", ['[[source]]\nfile = "plan.txt"\ntitle = "Planstrategi\n',  # a quote left open
                                    b'[[source]]\nfile = "plan.txt"\ntitle = "Planstrategi \xe6"\n'])  # not UTF-8
def test_a_manifest_that_cannot_be_read_stops_the_build_and_keeps_the_index_in_service(tmp_path: Path,
                                                                                      broken: str | bytes) -> None:
    """A quote left open had the build read every file without the manifest and put that index in service: each
    source lost its id, title and cleaning (a deck its slides, a pin its passage). The build stops and says so."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "plan.txt"\nid = "plan"\ntitle = "Planstrategi"\n'), \
        tmp_path / "k.db"
    assert _build(corpus, index).exit_code == 0
    before = index.read_bytes()
    manifest = corpus / "sources.toml"
    manifest.write_bytes(broken if isinstance(broken, bytes) else broken.encode("utf-8"))
    result = _build(corpus, index)
    said = "sources.toml: not UTF-8" if isinstance(broken, bytes) else "sources.toml: not valid TOML"
    assert result.exit_code == 1 and said in result.output, result.output
    assert "the index in service is kept" in result.output
    assert index.read_bytes() == before and _sources(index)["plan.txt"]["title"] == "Planstrategi"


def test_documents_in_a_subfolder_are_named_with_the_fix_not_skipped_in_silence(tmp_path: Path) -> None:
    """A maintainer filing documents by year ("2025/plan.txt") lost them without a word, and an entry naming one
    was said to point "outside the corpus folder"."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "2025/møteplan.txt"\ntitle = "Møteplan"\n'), \
        tmp_path / "k.db"
    (corpus / "2025").mkdir()
    (corpus / "2025" / "møteplan.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "arkiv").mkdir()  # a folder without documents says nothing
    result = _build(corpus, index)
    assert "skipped: 2025/: a subfolder holding 1 document(s) (møteplan.txt); only files directly in the corpus " \
           "folder are read: move them there" in result.output, result.output
    assert "arkiv" not in result.output
    assert '(file = "2025/møteplan.txt"): names a file in a subfolder; only files directly in the corpus folder ' \
           "are read, so the entry is ignored: move the file there and name it alone" in result.output
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert "skipped: 2025/: a subfolder holding 1 document(s)" in checked.output, checked.output


def test_an_entry_matches_a_file_whose_name_a_mac_stored_decomposed(tmp_path: Path) -> None:
    """"Høringssvar fra eldrerådet.txt" saved by a Mac or unpacked from a zip has its "å" as "a" and a ring: the entry
    written with "å" matched no file, and the hint suggested a name that looked the same."""
    import unicodedata

    name = "Høringssvar fra eldrerådet.txt"
    corpus, index = _corpus(tmp_path, f'[[source]]\nfile = "{name}"\nid = "horing"\ntitle = "Høringssvar"\n'), \
        tmp_path / "k.db"
    (corpus / unicodedata.normalize("NFD", name)).write_text(GOOD, encoding="utf-8")
    result = _build(corpus, index)
    assert result.exit_code == 0 and "matches no file" not in result.output, result.output
    assert {row["title"] for row in _sources(index).values()} >= {"Høringssvar"}


@pytest.mark.parametrize(("written", "read"), [("no", "nb"), ("nob", "nb"), ("NB-no", "nb"), ("no-NYN", "nn"),
                                               ("nno", "nn"), ("nn_NO", "nn"), ("dan", "da"), ("da-DK", "da"),
                                               ("en-GB", "en"), ("Nynorsk", "nn")])
def test_a_language_tag_for_a_known_language_is_read_as_it(tmp_path: Path, written: str, read: str) -> None:
    """`lang = "no"`, the natural way to write Norwegian, was refused and the whole file skipped (0.4.42)."""
    corpus, index = _corpus(tmp_path, f'[[source]]\nfile = "plan.txt"\nid = "plan"\nlang = "{written}"\n'), \
        tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 0, result.output
    plan = _sources(index)["plan.txt"]
    assert (plan["lang"], plan["origins"]["lang"]) == (read, "sources.toml"), plan


@pytest.mark.parametrize("lang", ['"sv"', '"norks"', "5"])
def test_an_unknown_lang_leaves_an_indexed_document_in_the_index_with_its_language_detected(tmp_path: Path,
                                                                                            lang: str) -> None:
    """A `lang` the bot does not know, on an entry of a document already indexed, had skipped the file and removed it
    from the index ("removed" in --json), so the bot lost its answers. Like a bad date, it is an error naming the
    entry, and the document stays, its language detected as if no lang were given (0.4.42)."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "plan.txt"\nid = "plan"\n'), tmp_path / "k.db"
    assert _build(corpus, index).exit_code == 0
    (corpus / "sources.toml").write_text(f'[[source]]\nfile = "plan.txt"\nid = "plan"\nlang = {lang}\n'
                                         'date = "2024-13-01"\n', encoding="utf-8")
    result = _build(corpus, index, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["removed"] == [] and data["sources"] >= 2, data
    [date, bad] = data["errors"]
    assert bad.startswith('sources.toml [[source]] #1 (file = "plan.txt"): lang must be ') and \
        bad.endswith("plan.txt was indexed without this lang, its language detected"), bad
    assert "plan.txt was indexed without this date" in date
    plan = _sources(index)["plan.txt"]
    assert (plan["id"], plan["lang"], plan["origins"]["lang"]) == ("plan", "nb", "detected"), plan
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "lang must be one of nb, nn, da, en" in checked.output, checked.output


def test_a_saved_web_page_s_folder_of_resources_is_not_taken_for_documents_to_move(tmp_path: Path) -> None:
    """A page saved whole by a browser ("Kommunestyret – Fjordvik kommune.html" and its "…_files/" of pictures,
    scripts and a frame "saved_resource.html") had the build and `index check` tell the maintainer to move the frame
    into the corpus folder, as if documents had been filed in a subfolder. A folder of documents beside it still is."""
    corpus, index = _corpus(tmp_path, ""), tmp_path / "k.db"
    (corpus / "Kommunestyret – Fjordvik kommune.html").write_text(
        "<html><head><title>Kommunestyret</title></head><body><p>Kommunestyret i Fjordvik har 27 medlemmer og møtes "
        "ti ganger i året.</p></body></html>", encoding="utf-8")
    resources = corpus / "Kommunestyret – Fjordvik kommune_files"
    resources.mkdir()
    (resources / "saved_resource.html").write_text("<html><body>annonse</body></html>", encoding="utf-8")
    (resources / "app.js").write_text("var a = 1;", encoding="utf-8")
    (corpus / "Kommunestyret – Fjordvik kommune-2024").mkdir()  # no browser names it so: documents filed by year
    (corpus / "Kommunestyret – Fjordvik kommune-2024" / "møteplan.txt").write_text(GOOD, encoding="utf-8")
    result = _build(corpus, index)
    assert "_files" not in result.output and "saved_resource" not in result.output, result.output
    assert "skipped: Kommunestyret – Fjordvik kommune-2024/: a subfolder holding 1 document(s)" in result.output
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert "_files" not in checked.output, checked.output


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_manifest_notepad_saved_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    """Notepad puts a byte-order mark before UTF-8 (and writes UTF-16, its "Unicode", with one): a sound manifest had
    stopped the build with "not valid TOML: Invalid statement (at line 1, column 1)", a character no editor shows."""
    corpus, index = _corpus(tmp_path, ""), tmp_path / "k.db"
    (corpus / "sources.toml").write_bytes('[[source]]\nfile = "plan.txt"\ntitle = "Planstrategi for Ærøvik"\n'
                                          .encode(encoding))
    result = _build(corpus, index)
    assert result.exit_code == 0, result.output
    assert _sources(index)["plan.txt"]["title"] == "Planstrategi for Ærøvik"


def test_a_manifest_in_an_older_encoding_is_told_so_with_the_fix(tmp_path: Path) -> None:
    """A manifest saved in Windows-1252 was "not valid TOML: 'utf-8' codec can't decode byte 0xc6 in position 44"."""
    corpus, index = _corpus(tmp_path, ""), tmp_path / "k.db"
    (corpus / "sources.toml").write_bytes('[[source]]\nfile = "plan.txt"\ntitle = "Planstrategi for Ærøvik"\n'
                                          .encode("cp1252"))
    result = _build(corpus, index)
    assert result.exit_code == 1
    assert f"Error: {corpus / 'sources.toml'}: not UTF-8 (its æ, ø or å saved in an older encoding): save the file " \
           "as UTF-8 (Notepad: File > Save as > Encoding: UTF-8; Excel: CSV UTF-8)\n" in result.output, result.output
