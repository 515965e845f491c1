"""Documents as municipalities publish them: Word, PowerPoint, OpenDocument, PDF and HTML, with their own metadata."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.corpus.readers import file_metadata, read_sections
from bot.index.build import build_index
from tests.helpers.documents import SLIDES, make_docx, make_odp, make_odt, make_pdf, make_pptx


@pytest.fixture(autouse=True)
def _registered() -> None:
    from bot.cli import ask, evaluate, index  # noqa: F401  (registers the commands)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def chunks(index: Path, source_id: str) -> list[dict]:
    conn = sqlite3.connect(index)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM chunks WHERE source_id = ? ORDER BY docno", (source_id,))]
    finally:
        conn.close()


def test_a_docx_becomes_sections_by_heading_with_its_list_and_table(tmp_path: Path) -> None:
    sections = read_sections(make_docx(tmp_path / "reglement.docx"))
    assert [s.location for s in sections] == ["Formannskapets myndighet", "Møteplan"]
    first, second = sections
    # the list stays a list, one item a line, with the sentence that leads into it
    assert ("Formannskapet skal særlig:\n• innstille til kommunestyret om økonomiplan og årsbudsjett\n"
            "• behandle saker om skatt og gebyrer\n• følge opp vedtatte planer") in first.text
    # the table is kept row by row
    assert "Utvalg | Møter i året\nFormannskapet | 12\nKontrollutvalget | 6" in second.text


def test_a_docx_is_indexed_and_cited_with_its_own_title_and_heading(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_docx(corpus / "reglement.docx")
    report = build_index(corpus, tmp_path / "k.db")
    assert report.sources == 1 and not report.errors
    rows = chunks(tmp_path / "k.db", "reglement")
    assert {r["title"] for r in rows} == {"Delegeringsreglement for Eksempel kommune"}
    assert rows[0]["location"] == "Formannskapets myndighet"  # not repeated as "X, X"
    assert any("økonomiplan og årsbudsjett" in r["text"] and "• behandle saker" in r["text"] for r in rows)


def test_a_pptx_is_one_chunk_per_slide_with_title_and_notes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pptx(corpus / "opplaering.pptx")
    build_index(corpus, tmp_path / "k.db")
    rows = chunks(tmp_path / "k.db", "opplaering")
    assert [r["location"] for r in rows] == ["lysbilde 1", "lysbilde 2", "lysbilde 3"]
    for row, (title, body, notes) in zip(rows, SLIDES, strict=True):
        assert row["text"].startswith(title)
        assert body.splitlines()[0] in row["text"] and notes in row["text"]
    assert {r["title"] for r in rows} == {"Folkevalgtopplæring 2027"}


def test_an_odt_keeps_headings_lists_and_tables(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "reglement.odt")
    sections = read_sections(path)
    assert sections[0].location == "Kontrollutvalgets oppgaver"
    text = sections[0].text
    assert "• påse at regnskapene blir revidert\n• gjennomføre forvaltningsrevisjon" in text
    assert "Rolle | Antall\nMedlemmer | 5" in text
    assert file_metadata(path).title == "Reglement for kontrollutvalget"


def test_an_odp_is_one_numbered_slide_each_with_notes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_odp(corpus / "opplaering.odp")
    build_index(corpus, tmp_path / "k.db")
    rows = chunks(tmp_path / "k.db", "opplaering")
    assert [r["location"] for r in rows] == ["lysbilde 1", "lysbilde 2", "lysbilde 3"]
    assert SLIDES[2][2] in rows[2]["text"]


RUNNING = "Eksempel kommune – Delegeringsreglement 2024"


def reglement_pdf(path: Path) -> Path:
    return make_pdf(path, [
        [RUNNING, "Kapittel 1 Innledning",
         "Dette reglementet gjelder for alle folkevalgte organer i kommunen og for kommune-",
         "direktøren, og det gjelder fra den dagen kommunestyret har vedtatt det i sitt møte.",
         "Det er vedtatt av kommunestyret.", "Side 1 av 3"],
        [RUNNING, "Kapittel 2 Formannskapet",
         "Formannskapet har myndighet til å treffe vedtak i alle saker av prinsipiell betyd-",
         "ning som kommunestyret ikke har forbeholdt seg selv, og i hastesaker.", "Side 2 av 3"],
        [RUNNING, "Kapittel 3 Kontrollutvalget",
         "Kontrollutvalget fører løpende kontroll med forvaltningen på vegne av kommunestyret.",
         "Side 3 av 3"],
    ], info={"Title": "Delegeringsreglement for Eksempel kommune", "Author": "Eksempel kommune",
             "CreationDate": "D:20240214120000+01'00'"})


def test_a_pdf_is_reflowed_without_running_headers_footers_or_hyphens(tmp_path: Path) -> None:
    sections = read_sections(reglement_pdf(tmp_path / "reglement.pdf"))
    assert [s.location for s in sections] == ["side 1", "side 2", "side 3"]
    text = "\n".join(s.text for s in sections)
    assert RUNNING not in text and "Side 1 av 3" not in text and "av 3" not in text
    assert "for kommunedirektøren, og det gjelder" in text  # one paragraph, the hyphen at the line end gone
    assert "prinsipiell betydning som" in text


def test_a_pdf_and_an_html_page_without_a_manifest_entry_are_cited_with_their_own_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    reglement_pdf(corpus / "delegeringsreglement-2024.pdf")
    (corpus / "kontrollutvalget.html").write_text(
        '<html lang="nn-NO"><head><title>Kontrollutvalet i Eksempel kommune</title>'
        '<meta name="author" content="Eksempel kommune"><link rel="canonical" '
        'href="https://eksempel.kommune.no/kontrollutvalet"></head><body><article><h1>Kontrollutvalet</h1>'
        "<p>Kontrollutvalet fører løpande kontroll med forvaltninga på vegner av kommunestyret, og skal sjå "
        "til at kommunen har ei forsvarleg revisjonsordning.</p></article></body></html>", encoding="utf-8")
    index = tmp_path / "k.db"
    build_index(corpus, index)
    pdf_rows = chunks(index, "delegeringsreglement-2024")
    assert {r["title"] for r in pdf_rows} == {"Delegeringsreglement for Eksempel kommune"}
    assert pdf_rows[0]["location"].startswith("side 1") and RUNNING not in pdf_rows[0]["location"]
    html_rows = chunks(index, "kontrollutvalget")
    assert html_rows[0]["title"] == "Kontrollutvalet i Eksempel kommune"
    assert html_rows[0]["url"] == "https://eksempel.kommune.no/kontrollutvalet" and html_rows[0]["lang"] == "nn"

    asked = run("ask", "Hvem fører kontroll med forvaltningen?", "--json", "--index", str(index),
                "--corpus", str(corpus))
    cited = {p["source"]["title"] for p in json.loads(asked.stdout)["passages"]}
    assert {"Delegeringsreglement for Eksempel kommune", "Kontrollutvalet i Eksempel kommune"} & cited

    listed = run("sources", "--index", str(index)).output
    assert "Delegeringsreglement for Eksempel kommune\n    Eksempel kommune · 2024-02-14 · nb" in listed
    assert "title, publisher, date from the file itself; lang from the text (detected)" in listed
    rows = {r["id"]: r for r in json.loads(run("sources", "--index", str(index), "--json").output)}
    assert rows["kontrollutvalget"]["origins"] == {"title": "file", "publisher": "file", "lang": "file", "url": "file"}


def test_the_manifest_still_wins_over_the_files_own_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    reglement_pdf(corpus / "reglement.pdf")
    (corpus / "sources.toml").write_text('[[source]]\nfile = "reglement.pdf"\ntitle = "Reglementet"\n'
                                         'lang = "nb"\n', encoding="utf-8")
    index = tmp_path / "k.db"
    build_index(corpus, index)
    assert {r["title"] for r in chunks(index, "reglement")} == {"Reglementet"}
    (row,) = json.loads(run("sources", "--index", str(index), "--json").output)
    assert row["origins"] == {"title": "sources.toml", "lang": "sources.toml", "publisher": "file", "date": "file"}
    assert row["publisher"] == "Eksempel kommune"


def test_an_unsupported_file_is_reported_by_name_by_build_and_check(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.md").write_text("# Notat\n\nKontrollutvalget møtes fire ganger i året.\n", encoding="utf-8")
    (corpus / "budsjett.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    index = tmp_path / "k.db"
    build = run("index", "build", "--corpus", str(corpus), "--index", str(index))
    assert build.exit_code == 0
    assert "skipped: budsjett.xlsx: .xlsx is not a supported format" in build.output
    check = run("index", "check", "--corpus", str(corpus), "--index", str(index))
    assert check.exit_code == 0 and "skipped: budsjett.xlsx" in check.output
    checked = json.loads(run("index", "check", "--corpus", str(corpus), "--index", str(index), "--json").output)
    assert checked["ok"] and checked["skipped"] == ["skipped: budsjett.xlsx: .xlsx is not a supported format"]
    assert {c["check"] for c in checked["checks"]} >= {"opens", "undamaged", "corpus"}
    assert all(c["ok"] for c in checked["checks"])


def test_a_broken_office_file_is_an_error_naming_it(tmp_path: Path) -> None:
    from bot.errors import CorpusError

    for name in ("tom.docx", "tom.pptx", "tom.odt", "tom.odp"):
        (tmp_path / name).write_bytes(b"PK\x03\x04 this is not a zip archive")
        with pytest.raises(CorpusError) as err:
            read_sections(tmp_path / name)
        assert name in str(err.value) and "not a readable" in str(err.value)
