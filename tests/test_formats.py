"""Documents as municipalities publish them: Word, PowerPoint, OpenDocument, PDF and HTML, with their own metadata."""

from __future__ import annotations

import json
import re
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
    counts = re.findall(r" · (\d+) (chunks?)\b", listed)
    assert ("1", "chunk") in counts and all((n == "1") == (word == "chunk") for n, word in counts)  # never "1 chunks"
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
        # a zip package's start without its end: said so since 0.4.43, where it had been "not a readable … (BadZipFile)"
        assert name in str(err.value) and "cut short or damaged" in str(err.value)


def test_markdown_is_parsed_as_markdown_headings_as_sections_without_their_hashes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "formannskap.md").write_text(
        "# Formannskapet\n\n## Sak 30/26 Kulturhus\n\nFormannskapet vedtok å **utrede** et nytt kulturhus "
        "i sentrum, med [bibliotek](https://eksempel.no) og kinosal.\n\n## Sak 31/26 Veivedlikehold\n\n"
        "- Brøyting av kommunale veier\n- Asfaltering av gang- og sykkelveier\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    rows = chunks(tmp_path / "k.db", "formannskap")
    assert {r["location"] for r in rows} == {"Sak 30/26 Kulturhus", "Sak 31/26 Veivedlikehold"}
    assert not any("#" in r["text"] or "**" in r["text"] or "](" in r["text"] for r in rows)
    kulturhus = next(r for r in rows if r["location"] == "Sak 30/26 Kulturhus")
    assert kulturhus["text"].startswith("Sak 30/26 Kulturhus\n") and "med bibliotek og kinosal" in kulturhus["text"]
    cited = run("ask", "Hva vedtok formannskapet om kulturhuset?", "--index", str(tmp_path / "k.db"),
                "--corpus", str(corpus)).output
    assert "Sak 30/26 Kulturhus" in cited and "##" not in cited


def test_a_docx_table_keeps_its_place_and_its_header_row(tmp_path: Path) -> None:
    from docx import Document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = Document()
    doc.add_heading("Kapittel 2 Møtegodtgjørelse", level=1)
    doc.add_paragraph("Folkevalgte får godtgjørelse for hvert møte de deltar i, i tillegg til den faste "
                      "godtgjørelsen, etter disse satsene:")
    table = doc.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Organ", "Sats per møte"), ("Formannskapet", "1 200 kroner"),
                                        ("Kontrollutvalget", "900 kroner")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.save(corpus / "godtgjorelse.docx")
    build_index(corpus, tmp_path / "k.db")
    [row] = chunks(tmp_path / "k.db", "godtgjorelse")
    assert row["location"] == "Kapittel 2 Møtegodtgjørelse"
    assert "etter disse satsene:\nOrgan | Sats per møte\nFormannskapet | 1 200 kroner" in row["text"]


def test_an_html_h2_starts_its_own_passage_cited_by_its_own_heading(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    filler = "Møtene er åpne for alle, blir strømmet på nett og kunngjøres i lokalavisen to uker før. "
    (corpus / "moter.html").write_text(
        "<html><head><title>Politiske møter</title></head><body><article><h1>Politiske møter i Eksempel kommune"
        f"</h1><p>Kommunestyret møtes seks ganger i året. {filler * 3}</p><h2>Kontrollutvalget</h2>"
        f"<p>Kontrollutvalget fører tilsyn med forvaltningen på vegne av kommunestyret. {filler * 3}</p>"
        "</article></body></html>", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    rows = chunks(tmp_path / "k.db", "moter")
    tilsyn = [r for r in rows if "fører tilsyn" in r["text"]]
    assert tilsyn and all(r["location"] == "Kontrollutvalget" for r in tilsyn)
    assert tilsyn[0]["text"].startswith("Kontrollutvalget\n")
    assert not any(r["text"].rstrip().endswith("Kontrollutvalget") for r in rows)  # not glued to the passage before


def test_index_check_names_the_files_that_changed_and_a_build_names_what_was_removed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (corpus / name).write_text(f"Kommunestyret vedtar budsjettet for {name} hvert år i desember.\n",
                                   encoding="utf-8")
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus), "--index", str(index)).exit_code == 0
    (corpus / "a.txt").write_text("Kommunestyret vedtar økonomiplanen hvert år, og budsjettet i desember.\n",
                                  encoding="utf-8")
    (corpus / "c.txt").unlink()
    (corpus / "d.txt").write_text("Formannskapet innstiller til budsjett.\n", encoding="utf-8")
    check = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert check.exit_code == 1
    assert "changed: a.txt" in check.output and "added: d.txt" in check.output and "removed: c.txt" in check.output
    build = run("index", "build", "--corpus", str(corpus), "--index", str(index))
    assert "1 removed: c.txt" in build.output and "1 unchanged, reused" in build.output


def test_two_files_with_one_stem_fail_with_the_fix_an_id_in_sources_toml(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "moter.txt").write_text("Kommunestyret møtes seks ganger i året.\n", encoding="utf-8")
    (corpus / "moter.md").write_text("# Møter\n\nFormannskapet møtes hver tredje uke.\n", encoding="utf-8")
    report = build_index(corpus, tmp_path / "k.db")
    [error] = report.errors
    assert "is also used by" in error and "sources.toml" in error and 'id = "moter-' in error
    fixed, new_id = error.split('file = "')[1].split('"')[0], error.split('id = "')[1].split('"')[0]
    (corpus / "sources.toml").write_text(f'[[source]]\nfile = "{fixed}"\nid = "{new_id}"\n', encoding="utf-8")
    assert not build_index(corpus, tmp_path / "k2.db").errors  # the fix the message names works


def test_a_deck_without_a_title_property_is_named_by_its_first_slide(tmp_path: Path) -> None:
    from pptx import Presentation

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    deck = Presentation()
    for title, body in (("Økonomistyring for folkevalgte", "Kurs for nye kommunestyrer"),
                        ("Budsjettet", "Kommunestyret vedtar budsjettet og økonomiplanen hvert år.")):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    deck.save(corpus / "kurs_2027_v3_final.pptx")
    build_index(corpus, tmp_path / "k.db")
    assert {r["title"] for r in chunks(tmp_path / "k.db", "kurs_2027_v3_final")} == {"Økonomistyring for folkevalgte"}


@pytest.mark.parametrize("meta", [True, False], ids=["meta.xml without a title", "no meta.xml"])
def test_an_odp_deck_without_a_title_is_named_by_its_first_slide(tmp_path: Path, meta: bool) -> None:
    import zipfile

    from tests.helpers.documents import make_odp

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    deck = make_odp(tmp_path / "deck.odp", [("Økonomistyring for folkevalgte", "Kurs for nye kommunestyrer", ""),
                                            ("Budsjettet", "Kommunestyret vedtar budsjettet hvert år.", "")])
    with zipfile.ZipFile(deck) as old, zipfile.ZipFile(corpus / "kurs_2027_v3_final.odp", "w") as new:
        for info in old.infolist():
            if meta or info.filename != "meta.xml":
                new.writestr(info, old.read(info.filename))
    build_index(corpus, tmp_path / "k.db")
    assert {r["title"] for r in chunks(tmp_path / "k.db", "kurs_2027_v3_final")} == {"Økonomistyring for folkevalgte"}


def test_an_office_file_without_core_properties_gets_no_invented_title_or_date(tmp_path: Path) -> None:
    """A .docx with no docProps/core.xml was cited as "Word Document" and dated the day of the build (a .pptx as
    "PowerPoint Presentation"): python-docx and python-pptx make up such properties for a missing part. Nothing
    declared, the Word file is titled by its first Heading 1 and the deck by its first slide, as without a title
    property, and neither is dated."""
    from tests.helpers.documents import without_core_properties

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    without_core_properties(make_docx(corpus / "delegering_2024.docx"))
    without_core_properties(make_pptx(corpus / "kurs.pptx"))
    build_index(corpus, tmp_path / "k.db")
    listed = {s["id"]: (s["title"], s["date"], s["origins"].get("title"), s["origins"].get("date")) for s in
              json.loads(run("sources", "--index", str(tmp_path / "k.db"), "--json").output)}
    assert listed == {"delegering_2024": ("Formannskapets myndighet", "", "file", None),
                      "kurs": ("Velkommen til folkevalgtopplæringen", "", "file", None)}
    answer = run("ask", "--index", str(tmp_path / "k.db"), "Hva skal formannskapet særlig gjøre?").output
    assert "Formannskapets myndighet" in answer and "Word Document" not in answer


def test_an_office_file_that_lists_a_part_it_lacks_is_named_with_the_part(tmp_path: Path) -> None:
    """A .docx whose core properties part is gone but still listed was skipped as "not a readable Word (.docx) file
    (KeyError)": the maintainer is told which part is missing."""
    import zipfile

    from bot.corpus.readers import read_sections
    from bot.errors import CorpusError

    made = make_docx(tmp_path / "made.docx")
    broken = tmp_path / "reglement.docx"
    with zipfile.ZipFile(made) as old, zipfile.ZipFile(broken, "w") as new:
        for info in old.infolist():
            if info.filename != "docProps/core.xml":  # its relationship and content type stay
                new.writestr(info, old.read(info.filename))
    with pytest.raises(CorpusError, match=r"reglement\.docx: .*lists docProps/core\.xml but does not hold it"):
        read_sections(broken)


def test_an_office_file_is_read_again_when_its_reader_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built before 0.4.38 holds a core-properties-less Word file's chunks titled "Word Document", and an
    incremental build reused them unread, the file being unchanged. A format's new reader version reads its files
    again, and leaves every other source reused."""
    import bot.corpus.sources as sources
    from tests.helpers.documents import without_core_properties

    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    without_core_properties(make_docx(corpus / "delegering_2024.docx"))
    (corpus / "notat.txt").write_text("Formannskapet behandler budsjettet.\n", encoding="utf-8")
    monkeypatch.setattr(sources, "READER_VERSIONS", {})  # the digest 0.4.37 wrote
    build_index(corpus, index)
    monkeypatch.undo()
    assert build_index(corpus, index).reused_sources == 1  # notat.txt alone: the Word file is read again
    assert build_index(corpus, index).reused_sources == 2  # and once read, reused
    assert {r["title"] for r in chunks(index, "delegering_2024")} == {"Formannskapets myndighet"}


def test_a_markdown_file_is_titled_by_its_first_h1_else_by_its_file_name(tmp_path: Path) -> None:
    """As a Word file is titled by its title property and a page by its <title>: "testvik-sykkel" had been the
    title of a file whose first line is "# Sykkelstrategi for Testvik"."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "testvik-sykkel.md").write_text("Innledning.\n\n# Sykkelstrategi for *Testvik*\n\nTestvik bygger 12 km "
                                              "sykkelvei.\n\n# Finansiering\n\nStatlige midler.\n", encoding="utf-8")
    (corpus / "notat-uten-h1.md").write_text("## Bare en underoverskrift\n\nKommunen vedtok planen.\n",
                                             encoding="utf-8")
    assert file_metadata(corpus / "testvik-sykkel.md").title == "Sykkelstrategi for Testvik"
    assert file_metadata(corpus / "notat-uten-h1.md").title == ""
    build_index(corpus, tmp_path / "k.db")
    listed = json.loads(run("sources", "--index", str(tmp_path / "k.db"), "--json").output)
    titles = {s["id"]: (s["title"], s["origins"].get("title")) for s in listed}
    assert titles["testvik-sykkel"] == ("Sykkelstrategi for Testvik", "file")
    assert titles["notat-uten-h1"][0] == "notat-uten-h1"


def test_a_passage_under_the_heading_that_titles_its_document_is_cited_once(tmp_path: Path) -> None:
    """Titled by its first H1, a Markdown file's first section was cited "Reglement for godtgjøring i Testvik,
    Reglement for godtgjøring i Testvik"; a later section keeps its heading."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "testvik.md").write_text("# Reglement for godtgjøring i Testvik\n\nMøtegodtgjøring for havnestyret er "
                                       "1 200 kroner per møte.\n\n## Tapt arbeidsinntekt\n\nTapt arbeidsinntekt "
                                       "dekkes med inntil 3 000 kroner per dag.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    first = json.loads(run("ask", "Hva er møtegodtgjøringen for havnestyret?", "--json", "--top", "1",
                           "--index", str(tmp_path / "k.db"), "--corpus", str(corpus)).output)["passages"][0]
    assert first["source"]["title"] == "Reglement for godtgjøring i Testvik" and first["source"]["location"] == ""
    later = json.loads(run("ask", "Hva dekkes av tapt arbeidsinntekt?", "--json", "--top", "1",
                           "--index", str(tmp_path / "k.db"), "--corpus", str(corpus)).output)["passages"][0]
    assert later["source"]["location"] == "Tapt arbeidsinntekt"


ETIKK = ("Etiske retningslinjer for folkevalgte i Ærøvik kommune\n\nFolkevalgte skal ikke ta imot gaver eller andre "
         "fordeler som kan påvirke deres avgjørelser. Gaver av mindre verdi, under 500 kroner, kan likevel tas imot.\n")


def test_a_text_file_is_titled_by_a_title_like_first_line_in_every_build(tmp_path: Path) -> None:
    """An added aerovik-etikk.txt (Windows-1252, no sources.toml entry) was titled "aerovik-etikk" though its first
    line is its title; the title stays when the next build reuses the source unread, and sources.toml still wins."""
    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    (corpus / "aerovik-etikk.txt").write_bytes(ETIKK.encode("cp1252"))
    (corpus / "notat.txt").write_text("Rådmannen har ansvaret for at saker som legges fram for\nfolkevalgte organer "
                                      "er forsvarlig utredet.\n", encoding="utf-8")  # a wrapped sentence: no title
    (corpus / "gaver.md").write_text("**Regler om gaver**\n\nGaver under 500 kroner kan tas imot.\n", encoding="utf-8")
    titles = []
    for _ in range(2):
        report = build_index(corpus, index)
        listed = {s["id"]: s for s in json.loads(run("sources", "--index", str(index), "--json").output)}
        titles.append({sid: (s["title"], s["origins"]["title"]) for sid, s in listed.items()})
        assert {r["title"] for r in chunks(index, "aerovik-etikk")} == {ETIKK.splitlines()[0]}
    assert report.reused_sources == 3  # the second build read none of them again
    assert titles[0] == titles[1] == {
        "aerovik-etikk": ("Etiske retningslinjer for folkevalgte i Ærøvik kommune", "first line"),
        "notat": ("notat", "file name"), "gaver": ("Regler om gaver", "first line")}
    shown = run("sources", "--index", str(index)).output
    assert "aerovik-etikk.txt: title from the text's first line" in shown
    answer = json.loads(run("ask", "Kan folkevalgte ta imot gaver?", "--json", "--top", "1", "--index", str(index),
                            "--corpus", str(corpus)).output)["passages"][0]
    assert answer["source"]["title"] in {"Etiske retningslinjer for folkevalgte i Ærøvik kommune", "Regler om gaver"}
    (corpus / "sources.toml").write_text('[[source]]\nfile = "aerovik-etikk.txt"\ntitle = "Etikk i Ærøvik"\n',
                                         encoding="utf-8")
    build_index(corpus, index)
    listed = {s["id"]: s for s in json.loads(run("sources", "--index", str(index), "--json").output)}
    assert (listed["aerovik-etikk"]["title"], listed["aerovik-etikk"]["origins"]["title"]) == ("Etikk i Ærøvik",
                                                                                              "sources.toml")


@pytest.mark.parametrize(("text", "title"), [
    ("Etiske retningslinjer for folkevalgte i Ærøvik kommune\n\nTekst.", "Etiske retningslinjer for folkevalgte i "
                                                                          "Ærøvik kommune"),
    ("\n  NOTAT OM HABILITET  \n\nTekst.", "NOTAT OM HABILITET"),
    ("Reglement for kommunestyret (vedtatt 2019)\n", "Reglement for kommunestyret (vedtatt 2019)"),
    ("Rådmannen har ansvaret for at saker som legges fram for\nfolkevalgte organer er utredet.", ""),  # wrapped
    ("Møtereglementet gjelder alle utvalg.\n\nTekst.", ""),  # a sentence
    ("Hva er en folkevalgt?\n\nTekst.", ""),
    ("Formannskapet skal:\n\n- innstille", ""),  # a lead-in
    ("- innstille til kommunestyret\n\nTekst.", ""),  # a list item
    ("1. Formål\n\nTekst.", ""),
    ("12.03.2024\n\nTekst.", ""),  # no letter
    ("https://www.example.no/reglement\n\nTekst.", ""),
    (" ".join(["ord"] * 16) + "\n\nTekst.", ""),  # too long for a title
    ("", ""),
])
def test_a_first_line_is_a_title_only_when_it_looks_like_one(text: str, title: str) -> None:
    from bot.corpus.titleline import title_line

    assert title_line(text) == title


def test_an_office_file_is_dated_by_its_last_save_unless_that_is_before_its_creation(tmp_path: Path) -> None:
    """`kommunebot sources` showed a Word file's creation date: a reglement copied from a 2019 file and saved in 2024
    was dated 2019. The last save wins where it is not before the creation; a `modified` left at python-docx's 2013
    template date (the maker set only `created`) does not; a file with only its template's dates is not dated (0.4.40:
    it had been dated 2013-12-23, python-docx's template's day)."""
    import datetime as dt

    from docx import Document
    from odf.dc import Date, Title
    from odf.meta import CreationDate
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    from pptx import Presentation

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Kommunestyret vedtar reglementet for delegering av myndighet til formannskapet og rådmannen."
    for name, created, modified in (("kopiert", dt.datetime(2019, 5, 2), dt.datetime(2024, 2, 14, 9, 30)),
                                    ("bare-opprettet", dt.datetime(2024, 3, 14), None), ("mal", None, None)):
        doc = Document()
        doc.add_paragraph(text)
        if created:
            doc.core_properties.created = created
        if modified:
            doc.core_properties.modified = modified
        doc.save(corpus / f"{name}.docx")
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Delegering"
    slide.placeholders[1].text = text
    deck.core_properties.created, deck.core_properties.modified = dt.datetime(2020, 1, 6), dt.datetime(2023, 9, 1)
    deck.save(corpus / "kurs.pptx")
    odt = OpenDocumentText()
    odt.meta.addElement(Title(text="Delegeringsreglement"))
    odt.meta.addElement(CreationDate(text="2018-11-20T10:00:00"))
    odt.meta.addElement(Date(text="2022-06-07T14:12:00"))
    odt.text.addElement(P(text=text))
    odt.save(str(corpus / "reglement.odt"))
    build_index(corpus, tmp_path / "k.db")
    listed = {s["id"]: (s["date"], s["origins"].get("date")) for s in
              json.loads(run("sources", "--index", str(tmp_path / "k.db"), "--json").output)}
    assert listed == {"kopiert": ("2024-02-14", "file"), "bare-opprettet": ("2024-03-14", "file"),
                      "mal": ("", None), "kurs": ("2023-09-01", "file"),
                      "reglement": ("2022-06-07", "file")}


def test_a_deck_python_pptx_made_without_dates_is_not_dated_by_its_template(tmp_path: Path) -> None:
    """A deck python-pptx made without dates was cited "· 27. januar 2013", the day of python-pptx's own template:
    now it is cited without a date, a date its maker set is its date, and sources.toml's comes first."""
    import datetime as dt

    from pptx import Presentation

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("budsjett", "lagret", "oppgitt"):
        deck = Presentation()
        deck.core_properties.title = f"Budsjettprosessen ({name})"
        if name == "lagret":
            deck.core_properties.modified = dt.datetime(2026, 9, 14, 8, 0)
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = "Vedtak"
        slide.placeholders[1].text = f"Kommunestyret vedtar budsjettet ({name}) innen 31. desember"
        deck.save(corpus / f"{name}.pptx")
    (corpus / "sources.toml").write_text('[[source]]\nfile = "oppgitt.pptx"\ndate = "2026-10-01"\n', encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    answer = run("ask", "Når vedtar kommunestyret budsjettet (budsjett)?", "--top", "1", "--index",
                 str(tmp_path / "k.db"), "--corpus", str(corpus)).output
    assert "— Budsjettprosessen (budsjett), lysbilde 1\n" in answer and "2013" not in answer
    listed = {s["id"]: (s["date"], s["origins"].get("date")) for s in
              json.loads(run("sources", "--index", str(tmp_path / "k.db"), "--json").output)}
    assert listed == {"budsjett": ("", None), "lagret": ("2026-09-14", "file"),
                      "oppgitt": ("2026-10-01", "sources.toml")}


def test_the_template_moments_left_undated_are_the_installed_libraries_own() -> None:
    """What python-pptx and python-docx write into a new file unless its maker sets dates."""
    import datetime as dt

    from docx import Document
    from pptx import Presentation

    from bot.corpus.office import TEMPLATE_MOMENTS

    made = [Presentation().core_properties, Document().core_properties]
    assert {(d if d.tzinfo else d.replace(tzinfo=dt.UTC)) for p in made for d in (p.created, p.modified)} == \
        TEMPLATE_MOMENTS


def test_a_file_python_docx_made_is_not_cited_by_the_library_s_name(tmp_path: Path) -> None:
    """A maintainer's Word file made with python-docx was cited "· python-docx", the author its template names, as its
    publisher: now it is cited without one, and an author its maker set, or sources.toml's publisher, is cited."""
    from docx import Document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, author in (("godtgjoring", None), ("navngitt", "Testvik kommune"), ("oppgitt", None)):
        doc = Document()
        if author:
            doc.core_properties.author = author
        doc.add_heading(f"Reglement for godtgjøring ({name})", 1)
        doc.add_paragraph(f"Kommunestyret vedtar reglementet for godtgjøring ({name}) til folkevalgte hvert fjerde år.")
        doc.save(corpus / f"{name}.docx")
    (corpus / "sources.toml").write_text('[[source]]\nfile = "oppgitt.docx"\npublisher = "Oppgitt kommune"\n',
                                         encoding="utf-8")
    index = tmp_path / "k.db"
    build_index(corpus, index)
    cited = run("ask", "Hvem vedtar reglementet for godtgjøring (godtgjoring)?", "--top", "1", "--index", str(index),
                "--corpus", str(corpus)).output
    # titled by its Heading 1 (0.4.42), which its passage's place then need not repeat
    assert "— Reglement for godtgjøring (godtgjoring)\n" in cited and "python" not in cited
    listed = {s["id"]: (s["publisher"], s["origins"].get("publisher")) for s in
              json.loads(run("sources", "--index", str(index), "--json").output)}
    assert listed == {"godtgjoring": ("", None), "navngitt": ("Testvik kommune", "file"),
                      "oppgitt": ("Oppgitt kommune", "sources.toml")}


def test_a_word_file_without_a_title_property_is_titled_by_its_title_or_first_heading_1(tmp_path: Path) -> None:
    """A Word file python-docx made sets no title property: it had been cited by its file name ("godtgjoring 2024 v2")
    though its first paragraph is a Heading 1. It is titled by its paragraph in the Title style, else its first
    Heading 1; a title property still wins, and a file with neither keeps its file name."""
    from docx import Document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    made = {"godtgjoring_2024_v2": [("heading", "Reglement for godtgjøring til folkevalgte"),
                                    ("text", "Kommunestyret vedtar reglementet for godtgjøring hvert fjerde år."),
                                    ("heading", "Møtegodtgjøring"),
                                    ("text", "Et medlem av formannskapet får 1500 kroner for hvert møte.")],
            "plan_v3": [("text", "Utkast til høring."), ("heading", "Innledning"),
                        ("title", "Plan for folkevalgtopplæring i Testvik"),
                        ("text", "Folkevalgtopplæringen holdes i januar etter valget.")],
            "notat_uten_overskrift": [("text", "Møtet i kontrollutvalget flyttes til tirsdag.")],
            "med_tittel": [("heading", "Innledning"), ("text", "Budsjettet vedtas i desember.")]}
    for name, blocks in made.items():
        doc = Document()
        if name == "med_tittel":
            doc.core_properties.title = "Budsjettreglement"
        for kind, text in blocks:
            if kind == "text":
                doc.add_paragraph(text)
            else:
                doc.add_heading(text, 0 if kind == "title" else 1)
        doc.save(corpus / f"{name}.docx")
    index = tmp_path / "k.db"
    build_index(corpus, index)
    listed = {s["id"]: (s["title"], s["origins"]["title"]) for s in
              json.loads(run("sources", "--index", str(index), "--json").output)}
    assert listed == {"godtgjoring_2024_v2": ("Reglement for godtgjøring til folkevalgte", "file"),
                      "plan_v3": ("Plan for folkevalgtopplæring i Testvik", "file"),
                      "notat_uten_overskrift": ("notat uten overskrift", "file name"),
                      "med_tittel": ("Budsjettreglement", "file")}
    cited = run("ask", "Hva får et medlem av formannskapet for hvert møte?", "--top", "1", "--index", str(index),
                "--corpus", str(corpus)).output
    assert "— Reglement for godtgjøring til folkevalgte, Møtegodtgjøring\n" in cited and "godtgjoring 2024" not in cited


def test_the_template_people_left_out_are_the_installed_libraries_own() -> None:
    """Who python-docx and python-pptx write into a new file as its author and last saver unless its maker sets them
    (found by making a file with each and reading it back)."""
    import io

    from docx import Document
    from pptx import Presentation

    from bot.corpus.office import TEMPLATE_PEOPLE

    docx_file, pptx_file = io.BytesIO(), io.BytesIO()
    Document().save(docx_file)
    Presentation().save(pptx_file)
    made = [Document(docx_file).core_properties, Presentation(pptx_file).core_properties]
    assert [(p.author, p.last_modified_by) for p in made] == [("python-docx", ""), ("", "Steve Canny")]
    assert {name for p in made for name in (p.author, p.last_modified_by) if name} == TEMPLATE_PEOPLE


def test_a_pdf_page_under_the_document_s_title_is_cited_without_the_title_twice(tmp_path: Path) -> None:
    """The test report of 0.4.35: "Etiske retningslinjer for folkevalgte i Testvik, side 1, Etiske retningslinjer for
    folkevalgte i Testvik", the page's heading being the title the citation leads with."""
    title = "Etiske retningslinjer for folkevalgte i Testvik"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "etikk.pdf", [[title, "Folkevalgte skal ikke ta imot gaver som kan påvirke deres handlinger "
                                            "i vervet.", "Gaver over 500 kroner skal alltid avvises."]],
             info={"Title": title})
    (corpus / "verv.html").write_text(
        f'<html lang="nb"><head><title>{title}</title></head><body><main><h1>{title}</h1><p>Folkevalgte skal '
        "melde fra om sine verv i et offentlig register, slik at innbyggerne kan se hvilke bindinger de har.</p>"
        "</main></body></html>", encoding="utf-8")
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus), "--index", str(index)).exit_code == 0
    for question, source, location in (("Kan folkevalgte ta imot gaver over 500 kroner?", "etikk", "side 1"),
                                       ("Skal folkevalgte melde fra om sine verv i et register?", "verv", "")):
        asked = ("ask", question, "--corpus", str(corpus), "--index", str(index))
        first = json.loads(run(*asked, "--json").output)["passages"][0]["source"]
        assert (first["id"], first["title"], first["location"]) == (source, title, location)
        cited = next(line for line in run(*asked).output.splitlines() if line.strip().startswith("—"))
        assert cited.count(title) == 1, cited
        assert cited.strip().startswith(f"— {title}, side 1" if location else f"— {title}"), cited


def test_a_password_protected_pdf_is_named_with_the_fix_and_one_locked_only_against_editing_is_read(
        tmp_path: Path) -> None:
    """A maintainer's password-protected PDF was "not a readable PDF (FileNotDecryptedError)": the library's error,
    not the fix. A PDF with an owner password alone opens in any viewer, and is read."""
    from pypdf import PdfReader, PdfWriter

    from bot.errors import CorpusError

    plain = make_pdf(tmp_path / "plain.pdf", [["Kommunestyret vedtar budsjettet for neste år."]])
    for name, user in (("passord.pdf", "hemmelig"), ("låst.pdf", "")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=user, owner_password="eier", algorithm="RC4-128")
        writer.write(tmp_path / name)
    with pytest.raises(CorpusError, match=r"passord\.pdf: the PDF is password-protected; save a copy without the "
                                          r"password and add that"):
        read_sections(tmp_path / "passord.pdf")
    assert "budsjettet" in read_sections(tmp_path / "låst.pdf")[0].text


def test_an_old_office_file_is_named_with_the_format_to_save_it_in(tmp_path: Path) -> None:
    from bot.corpus.formats import skipped_files

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("referat.doc", "kurs.ppt", "tall.xlsx"):
        (corpus / name).write_bytes(b"\xd0\xcf\x11\xe0 old office")
    assert skipped_files(corpus) == ["skipped: kurs.ppt: .ppt is not a supported format; save it as .pptx or PDF",
                                     "skipped: referat.doc: .doc is not a supported format; save it as .docx or PDF",
                                     "skipped: tall.xlsx: .xlsx is not a supported format"]


def test_an_id_given_twice_is_fixed_by_the_id_the_file_s_own_name_gives(tmp_path: Path) -> None:
    """parkering.txt given moteplan's id by mistake was told to take "moteplan-txt", made from the other's id."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "moteplan.txt").write_text("Kommunestyret møtes seks ganger i året.\n", encoding="utf-8")
    (corpus / "parkering.txt").write_text("Parkering ved rådhuset er gratis for folkevalgte.\n", encoding="utf-8")
    (corpus / "sources.toml").write_text('[[source]]\nfile = "parkering.txt"\nid = "moteplan"\n', encoding="utf-8")
    [error] = build_index(corpus, tmp_path / "k.db").errors
    assert error == ("parkering.txt: the source id 'moteplan' is also used by moteplan.txt; give it its own id in "
                     'sources.toml: a [[source]] with file = "parkering.txt" and id = "parkering"'), error


# a table longer than one chunk
MEETINGS = [("Utvalg", "Møter i året")] + [(f"Utvalg nummer {n} for tjenester og næring", f"{n} møter, kl. 18")
                                           for n in range(1, 25)]
# a row of 791 characters: a chunk alone (800), not with a heading above it
LONG_ROW = [("Formannskapet", ("møtes hver tirsdag i oddetallsuker og behandler budsjett og økonomiplan " * 11)[:775])]


@pytest.mark.parametrize(("heading", "rows"), [
    ("Hvor ofte møtes utvalgene?", MEETINGS),        # a question: no heading by its look, read as a paragraph
    ("Møteplan for utvalgene", LONG_ROW),            # a first row that does not fit beside the heading
    ("Møteplan for utvalgene", [("Kommunestyret",), ("Formannskapet",), ("Kontrollutvalget",)]),  # one column
], ids=["question heading, long table", "long first row", "one-column table"])
def test_a_word_heading_over_a_table_goes_with_the_table_never_alone(tmp_path: Path, heading: str,
                                                                     rows: list[tuple[str, ...]]) -> None:
    """A Word heading right above a table had been a passage of its own, cited with nothing in it (or pushed out by the
    table's first row): it is the heading of every passage of the table, and no passage is the heading alone."""
    from docx import Document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = Document()
    doc.core_properties.title = "Møteplan 2027"  # else the heading is the file's title, and no passage's heading
    doc.add_heading(heading, level=1)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.add_heading("Neste kapittel", level=1)
    doc.add_paragraph("Kommunestyret kan endre møteplanen når det er behov for flere møter i løpet av året.")
    doc.save(corpus / "moteplan.docx")
    build_index(corpus, tmp_path / "k.db")
    rows_indexed = [r for r in chunks(tmp_path / "k.db", "moteplan") if r["location"] == heading]
    assert rows_indexed and all(r["text"].strip() != heading for r in rows_indexed), rows_indexed
    assert all(r["heading"] == heading for r in rows_indexed), [r["heading"] for r in rows_indexed]
    assert rows_indexed[0]["text"].startswith(rows[0][0]) or rows_indexed[0]["text"].startswith(f"{heading}\n")
    indexed = "\n".join(r["text"] for r in rows_indexed)
    assert rows[-1][0] in indexed and rows[0][0] in indexed  # the whole table, from its first row


@pytest.mark.parametrize("rows", [MEETINGS, LONG_ROW], ids=["long table", "long first row"])
def test_a_slide_of_a_title_and_a_table_is_headed_by_its_title_never_the_title_alone(
        tmp_path: Path, rows: list[tuple[str, ...]]) -> None:
    """A slide's title had been guessed from the slide's words run together ("Godtgjøring Utvalg |"), and a title
    that did not fit beside a long first row was a passage of its own."""
    from pptx import Presentation
    from pptx.util import Inches

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[0]).shapes.title.text = "Folkevalgtopplæring 2027"
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # a title only, and the table
    slide.shapes.title.text = "Godtgjøring"
    table = slide.shapes.add_table(len(rows), 2, Inches(1), Inches(1.5), Inches(8), Inches(5)).table
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    deck.save(corpus / "kurs.pptx")
    build_index(corpus, tmp_path / "k.db")
    slide_rows = [r for r in chunks(tmp_path / "k.db", "kurs") if r["location"] == "lysbilde 2"]
    assert slide_rows and all(r["text"].strip() != "Godtgjøring" for r in slide_rows), slide_rows
    assert {r["heading"] for r in slide_rows} == {"Godtgjøring"}


@pytest.mark.parametrize(("head", "title"), [
    ('<title>Slik fungerer kommunestyret – KS</title><meta property="og:site_name" content="KS">',
     "Slik fungerer kommunestyret"),
    ('<title>Kommunestyret | Regjeringen.no</title>'
     '<link rel="canonical" href="https://www.regjeringen.no/no/tema/kommuner-og-regioner/id1/">', "Kommunestyret"),
    ('<title>Folkevalgtes rettigheter - Kommunenes Sentralforbund</title>'
     '<meta name="application-name" content="Kommunenes Sentralforbund">', "Folkevalgtes rettigheter"),
    ('<title>Plan- og bygningsloven – en innføring</title><meta property="og:site_name" content="KS">',
     "Plan- og bygningsloven – en innføring"),  # a dash in the title, the site's name not after it
    ("<title>Kontrollutvalget - Eksempel kommune</title>", "Kontrollutvalget - Eksempel kommune"),  # no site named
    # the site named only as the page's author, the publisher it is cited with (it had kept "– Testvik kommune")
    ('<title>Taushetsplikt for folkevalgte – Testvik kommune</title><meta name="author" content="Testvik kommune">',
     "Taushetsplikt for folkevalgte"),
    ('<title>Møteplan 2025 | Testvik kommune</title><meta name="DC.creator" content="Testvik  kommune">',
     "Møteplan 2025"),
    ('<title>Plan- og bygningsloven – en innføring</title><meta name="author" content="Testvik kommune">',
     "Plan- og bygningsloven – en innføring"),  # a dash in the title, the author not after it
], ids=["og:site_name", "the address's host", "application-name", "a dash of its own", "no site named", "author",
        "DC.creator", "a dash of its own, an author"])
def test_a_web_page_is_titled_without_the_site_s_name(tmp_path: Path, head: str, title: str) -> None:
    """A saved page was cited "Slik fungerer kommunestyret – KS" and "Kommunestyret | Regjeringen.no": the site's
    name, where the page names its site, is no part of its title; a title that merely holds a dash is kept."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "side.html").write_text(
        f"<html><head>{head}</head><body><article><p>Kommunestyret er kommunens øverste organ og treffer vedtak på "
        "vegne av kommunen, etter kommuneloven.</p></article></body></html>", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    assert {r["title"] for r in chunks(tmp_path / "k.db", "side")} == {title}


TAUSHET = ("<html><head><title>Taushetsplikt for folkevalgte – Testvik kommune</title></head><body><article><p>"
           "Folkevalgte har taushetsplikt om opplysninger de får om noens personlige forhold i arbeidet sitt i "
           "kommunen.</p></article></body></html>")


def test_a_web_page_is_titled_without_the_publisher_sources_toml_gives_it(tmp_path: Path) -> None:
    """A page that names its site nowhere in itself, given its publisher in sources.toml, was cited "Taushetsplikt for
    folkevalgte – Testvik kommune, avsnitt 1 · Testvik kommune": the publisher (and the url) sources.toml gives name
    the site as the page's own names do. Given after the page was indexed, the next build reads the page again."""
    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    (corpus / "taushet.html").write_text(TAUSHET, encoding="utf-8")
    (corpus / "kommunestyret.html").write_text(
        "<html><head><title>Kommunestyret | Regjeringen.no</title></head><body><article><p>Kommunestyret er "
        "kommunens øverste organ og treffer vedtak på vegne av kommunen.</p></article></body></html>",
        encoding="utf-8")
    build_index(corpus, index)
    assert {r["title"] for r in chunks(index, "taushet")} == {"Taushetsplikt for folkevalgte – Testvik kommune"}
    (corpus / "sources.toml").write_text(
        '[[source]]\nfile = "taushet.html"\npublisher = "Testvik kommune"\n\n'
        '[[source]]\nfile = "kommunestyret.html"\nurl = "https://www.regjeringen.no/no/tema/kommunestyret/id1/"\n',
        encoding="utf-8")
    assert build_index(corpus, index).reused_sources == 0
    answer = run("ask", "Har folkevalgte taushetsplikt?", "--top", "1", "--index", str(index),
                 "--corpus", str(corpus)).output
    assert "— Taushetsplikt for folkevalgte, avsnitt 1 · Testvik kommune\n" in answer
    assert {r["title"] for r in chunks(index, "kommunestyret")} == {"Kommunestyret"}
    # a dash of the title's own is kept, whatever the publisher
    (corpus / "taushet.html").write_text(TAUSHET.replace("– Testvik kommune", "– en innføring"), encoding="utf-8")
    build_index(corpus, index)
    assert {r["title"] for r in chunks(index, "taushet")} == {"Taushetsplikt for folkevalgte – en innføring"}


def test_a_web_page_is_read_again_when_its_reader_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built before 0.4.39 holds a page's chunks titled with its site's name ("… – KS"), which an incremental
    build reused unread; the web page reader's new version reads such files again."""
    import bot.corpus.sources as sources

    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    (corpus / "kommunestyret.html").write_text(
        '<html><head><title>Slik fungerer kommunestyret – KS</title><meta property="og:site_name" content="KS">'
        "</head><body><article><p>Kommunestyret er kommunens øverste organ.</p></article></body></html>",
        encoding="utf-8")
    (corpus / "notat.txt").write_text("Formannskapet behandler budsjettet.\n", encoding="utf-8")
    monkeypatch.setattr(sources, "READER_VERSIONS", {".docx": "2", ".pptx": "2"})  # the digest 0.4.38 wrote
    build_index(corpus, index)
    monkeypatch.undo()
    assert build_index(corpus, index).reused_sources == 1  # notat.txt alone: the page is read again
    assert build_index(corpus, index).reused_sources == 2


def _misnamed(path: Path, kind: str) -> None:
    """`path` holding a file of `kind`, whatever its name says."""
    if kind == "pdf":
        make_pdf(path, [["Kommunestyret er kommunens øverste organ."]])
    elif kind == "docx":
        make_docx(path)
    elif kind == "pptx":
        make_pptx(path)
    elif kind == "odt":
        make_odt(path)
    elif kind == "html":
        path.write_text("<!DOCTYPE html>\n<html><body><p>Kommunestyret er kommunens øverste organ.</p></body></html>",
                        encoding="utf-8")
    elif kind == "text":
        path.write_text("Dette er ren tekst om kommunestyret, lagret med feil endelse.\n", encoding="utf-8")
    else:  # an Office 97-2003 Word file: the compound file's signature and its main stream's name, in UTF-16
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "WordDocument".encode("utf-16-le"))


@pytest.mark.parametrize(("name", "kind", "said"), [
    ("feil-endelse.docx", "pdf", "looks like a PDF, named .docx; rename it feil-endelse.pdf"),
    ("lysbilder.docx", "pptx", "looks like a PowerPoint file, named .docx; rename it lysbilder.pptx"),
    ("notat.pdf", "docx", "looks like a Word file, named .pdf; rename it notat.docx"),
    ("notat.pptx", "odt", "looks like an OpenDocument text, named .pptx; rename it notat.odt"),
    ("lagret-side.pdf", "html", "looks like an HTML page, named .pdf; rename it lagret-side.html"),
    ("rentekst.pdf", "text", "looks like plain text, named .pdf; rename it rentekst.txt"),
    ("gammel.docx", "doc", "looks like an old Word file, named .docx; save it as .docx or PDF"),
    ("skannet.txt", "pdf", "looks like a PDF, named .txt; rename it skannet.pdf"),
])
def test_a_file_whose_bytes_are_another_format_is_named_as_what_it_looks_like(tmp_path: Path, name: str, kind: str,
                                                                              said: str) -> None:
    """A PDF named .docx was skipped as "not a readable Word (.docx) file (BadZipFile)", which told a maintainer
    nothing of the fix. Its first bytes are read: PDF, a zip-based Office or OpenDocument file, an old Office file, an
    HTML page or plain text, and the error says what it looks like and the fix; the rest is indexed (0.4.42)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "god.txt").write_text("Formannskapet forbereder saker om økonomiplan og budsjett.\n", encoding="utf-8")
    _misnamed(corpus / name, kind)
    result = run("index", "build", "--corpus", str(corpus), "--index", str(tmp_path / "k.db"))
    assert result.exit_code == 1
    assert f"Error: {name}: {said}" in result.output, result.output
    assert "BadZipFile" not in result.output and "not a readable" not in result.output


@pytest.mark.parametrize(("name", "kind"), [("a.pdf", "pdf"), ("a.docx", "docx"), ("a.pptx", "pptx"),
                                            ("a.odt", "odt"), ("a.html", "html"), ("a.txt", "text"),
                                            ("a.md", "text"), ("a.txt", "html"), ("a.html", "text")])
def test_a_file_whose_bytes_agree_with_its_name_is_not_called_misnamed(tmp_path: Path, name: str, kind: str) -> None:
    from bot.corpus.sniff import misnamed

    _misnamed(tmp_path / name, kind)
    assert misnamed(tmp_path / name) == ""



def _docx_with_changes(path: Path) -> Path:
    """A Word file as a maintainer gets one back from review: a tracked deletion and insertion not yet accepted, and a
    template's content control (w:sdt) holding the meeting day."""
    import zipfile

    from docx import Document

    doc = Document()
    doc.add_heading("Reglement for kontrollutvalget i Testvik kommune", 0)
    doc.add_paragraph("Kontrollutvalget har fem medlemmer. CHANGES")
    doc.add_paragraph("Utvalget møtes på CONTROL i rådhuset.")
    staged = path.with_suffix(".tmp")
    doc.save(staged)
    changes = ('</w:t></w:r><w:del w:id="1" w:author="Kari" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>Utvalget '
               'møtes hver uke.</w:delText></w:r></w:del><w:ins w:id="2" w:author="Kari" '
               'w:date="2024-01-01T00:00:00Z"><w:r><w:t>Utvalget møtes seks ganger i året.</w:t></w:r></w:ins>'
               '<w:r><w:t>')
    control = ('</w:t></w:r><w:sdt><w:sdtPr><w:id w:val="7"/></w:sdtPr><w:sdtContent><w:r><w:t>tirsdager</w:t></w:r>'
               '</w:sdtContent></w:sdt><w:r><w:t xml:space="preserve">')
    with zipfile.ZipFile(staged) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.decode().replace(" CHANGES", " " + changes).replace("CONTROL", control).encode()
            out.writestr(item, data)
    staged.unlink()
    return path


def test_a_word_file_s_tracked_insertions_and_content_controls_are_read_and_its_deletions_not(tmp_path: Path) -> None:
    """Word shows a tracked insertion not yet accepted, and a content control's text, as the document's; python-docx's
    Paragraph.text reads neither, so "Utvalget møtes seks ganger i året" was not indexed, and a question about it
    was answered without it (or refused)."""
    from bot.answer import answer
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "\n".join(s.text for s in read_sections(_docx_with_changes(corpus / "kontrollutvalg.docx")))
    assert "Kontrollutvalget har fem medlemmer. Utvalget møtes seks ganger i året." in text
    assert "Utvalget møtes på tirsdager i rådhuset." in text
    assert "hver uke" not in text  # deleted: Word no longer shows it
    build_index(corpus, tmp_path / "k.db")
    reply = answer("Hvor ofte møtes kontrollutvalget?", Searcher(IndexStore.open(tmp_path / "k.db")))
    assert reply.passages and "seks ganger i året" in reply.passages[0].quote


def test_a_word_file_s_paragraphs_inside_a_content_control_are_read(tmp_path: Path) -> None:
    """A case template wraps whole sections in content controls (w:sdt in the body): python-docx's body content skips
    them, so a Saksframlegg's "Saksopplysninger" had been left out of the index, and its title too where it was one."""
    import zipfile

    from docx import Document

    doc = Document()
    doc.add_heading("TITLE", 0)
    doc.add_paragraph("Innledning til saken.")
    doc.add_paragraph("SECTION")
    doc.save(tmp_path / "plain.docx")
    with zipfile.ZipFile(tmp_path / "plain.docx") as src:
        xml = src.read("word/document.xml").decode()
        for marker, text in (("TITLE", "Saksframlegg om revisjonsplan i Testvik"),
                             ("SECTION", "Saksopplysninger: kontrollutvalget ber om ny revisjonsplan.")):
            start = xml.rfind("<w:p>", 0, xml.index(marker))
            start = start if start >= 0 else xml.rfind("<w:p ", 0, xml.index(marker))
            end = xml.index("</w:p>", xml.index(marker)) + len("</w:p>")
            xml = (xml[:start] + '<w:sdt><w:sdtPr><w:id w:val="9"/></w:sdtPr><w:sdtContent>'
                   + xml[start:end].replace(marker, text) + "</w:sdtContent></w:sdt>" + xml[end:])
        with zipfile.ZipFile(tmp_path / "saksframlegg.docx", "w") as out:
            for item in src.infolist():
                out.writestr(item, xml.encode() if item.filename == "word/document.xml" else src.read(item.filename))
    text = "\n".join(s.text for s in read_sections(tmp_path / "saksframlegg.docx"))
    assert "Saksopplysninger: kontrollutvalget ber om ny revisjonsplan." in text, text
    assert file_metadata(tmp_path / "saksframlegg.docx").title == "Saksframlegg om revisjonsplan i Testvik"
