"""A maintainer's changes to a corpus between builds: what an index already holds survives a mistake (0.4.43)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.helpers.documents import make_docx

PLAN = "Kommunestyret er kommunens øverste organ og treffer vedtak på vegne av kommunen.\n" * 3
OTHER = "Formannskapet forbereder saker om økonomiplan og budsjett for kommunestyret.\n" * 3


@pytest.fixture(autouse=True)
def _registered() -> None:
    from bot.cli import ask, index  # noqa: F401  (registers the commands)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "annet.txt").write_text(OTHER, encoding="utf-8")
    make_docx(corpus / "reglement.docx")
    return corpus


def _build(corpus: Path, index: Path) -> tuple[int, dict]:
    result = run("index", "build", "--corpus", str(corpus), "--index", str(index), "--json")
    return result.exit_code, json.loads(result.stdout)


def _chunks(index: Path) -> dict[str, int]:
    result = run("sources", "--index", str(index), "--json")
    assert result.exit_code == 0, result.output
    return {row["file"]: row["chunks"] for row in json.loads(result.stdout)}


def test_a_file_that_can_no_longer_be_read_keeps_the_passages_indexed_from_it(tmp_path: Path) -> None:
    """A Word file overwritten by half a copy, or an entry given a layout with a typo, had taken a document already
    indexed out of the index ("removed"): the bot lost its answers until the file was mended. Now the error says so and
    the passages the last build read from it stay; a file deleted is still removed."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    code, _ = _build(corpus, index)
    before = _chunks(index)
    assert code == 0 and before["reglement.docx"] > 0 and before["plan.txt"] > 0
    whole = (corpus / "reglement.docx").read_bytes()
    (corpus / "reglement.docx").write_bytes(whole[: len(whole) // 2])
    (corpus / "sources.toml").write_text('[[source]]\nfile = "plan.txt"\nlayout = "slide"\n', encoding="utf-8")
    code, data = _build(corpus, index)
    assert code == 1 and data["removed"] == [], data
    assert sorted(data["kept"]) == ["plan.txt", "reglement.docx"], data
    docx = next(e for e in data["errors"] if e.startswith("reglement.docx: "))
    assert docx.endswith(f"; the {before['reglement.docx']} passage(s) indexed from it before are kept"), docx
    layout = next(e for e in data["errors"] if "layout must be" in e)
    assert layout.endswith(f"plan.txt skipped; the {before['plan.txt']} passage(s) indexed from it before are kept")
    assert _chunks(index) == before
    asked = run("ask", "Hvem innstiller om økonomiplan og årsbudsjett?", "--index", str(index), "--corpus",
                str(corpus), "--json")
    assert any(p["source"]["id"] == "reglement" for p in json.loads(asked.stdout)["passages"]), asked.output
    text = run("index", "build", "--corpus", str(corpus), "--index", str(index))
    assert "2 file(s) could not be read or used and were skipped; the rest were indexed; the passages indexed " \
           "before from 2 of them are kept" in text.output, text.output
    stats = run("index", "stats", "--index", str(index))
    assert "passage(s) indexed from it before are kept" in stats.output, stats.output
    (corpus / "reglement.docx").unlink()
    (corpus / "sources.toml").unlink()
    code, data = _build(corpus, index)
    assert code == 0 and data["removed"] == ["reglement.docx"] and data["kept"] == [], data
    assert "reglement.docx" not in _chunks(index)


@pytest.mark.parametrize(("table", "shown"), [("[[sources]]", "[[sources]] (did you mean [[source]]?)"),
                                              ("[[Source]]", "[[Source]] (did you mean [[source]]?)"),
                                              ("[[kilde]]", "[[kilde]]")])
def test_a_misspelt_table_in_sources_toml_is_an_error_not_ignored(tmp_path: Path, table: str, shown: str) -> None:
    """`[[sources]]` for `[[source]]` was read as nothing: every title, id and url in it silently reached no document,
    exit 0 and `index check` OK. It is an error naming the table (exit 1), the files indexed as without it."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    (corpus / "sources.toml").write_text(f'{table}\nfile = "plan.txt"\ntitle = "Planstrategi"\n', encoding="utf-8")
    code, data = _build(corpus, index)
    assert code == 1, data
    assert data["errors"] == [f"sources.toml: {shown} is not read: kommunebot reads [[source]] entries and a "
                              "[cleaning] table; its 1 entry reached no file"], data
    checked = run("index", "check", "--corpus", str(corpus), "--index", str(index))
    assert checked.exit_code == 1 and table in checked.output, checked.output


def test_a_misspelt_key_of_an_entry_is_named_with_the_key_it_is_near(tmp_path: Path) -> None:
    """`titel` and `fil` were "unknown key(s) titel ignored (known: …)" and "file must be a file name in quotes, not
    None": Python's word for a key left out, and no hint that `fil` was meant as `file`."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    (corpus / "sources.toml").write_text('[[source]]\nfile = "plan.txt"\ntitel = "Planstrategi"\nmerknad = "x"\n\n'
                                         '[[source]]\nfil = "annet.txt"\ntitle = "Annet"\n', encoding="utf-8")
    code, data = _build(corpus, index)
    # both errors, as an entry whose file name matches no file is: each had been a warning and exit 0, plan.txt put
    # in service without its title and annet.txt without its title (and an id, layout or cleaning of its own)
    assert code == 1
    assert 'sources.toml [[source]] #1 (file = "plan.txt"): misspelt key(s) titel (did you mean title?) not read; ' \
           "plan.txt is indexed without title: mend the key" in data["errors"], data["errors"]
    # a key near none is a note (a maintainer's own remark), not a misspelling: a warning, as before
    (merknad,) = data["warnings"]
    assert merknad.startswith('sources.toml [[source]] #1 (file = "plan.txt"): unknown key(s) merknad ignored'), merknad
    assert 'sources.toml [[source]] #2: no file = "…" names the file it describes (fil: did you mean file?); the ' \
           "entry is ignored" in data["errors"], data["errors"]
    assert {"plan.txt", "annet.txt", "reglement.docx"} <= set(_chunks(index))  # nothing lost: every file indexed


@pytest.mark.parametrize("name", ["tom.pptx", "tom.docx", "tom.odt", "tom.odp", "tom.pdf", "tom.md", "tom.html"])
def test_an_empty_file_of_any_format_is_said_to_be_empty(tmp_path: Path, name: str) -> None:
    """An empty `tom.txt` was "the file is empty", an empty `tom.pptx` "not a readable PowerPoint (.pptx) file
    (BadZipFile)": a library's word for what a maintainer sees as 0 bytes."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    (corpus / name).write_bytes(b"")
    code, data = _build(corpus, index)
    assert code == 1 and data["errors"] == [f"{name}: the file is empty"], data


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_package_cut_short_is_said_to_be_cut_short(tmp_path: Path, cut: float) -> None:
    """Half a copied .docx was "not a readable Word (.docx) file (BadZipFile)"; it says what happened, and the fix."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    whole = (corpus / "reglement.docx").read_bytes()
    (corpus / "halv.docx").write_bytes(whole[: int(len(whole) * cut)])
    code, data = _build(corpus, index)
    assert code == 1 and data["errors"] == ["halv.docx: cut short or damaged: its zip package cannot be opened "
                                            "(BadZipFile); copy it again, or save it again from the program that "
                                            "made it"], data


def test_index_stats_says_why_semantic_search_is_off(tmp_path: Path) -> None:
    """One big file took an index past KOMMUNEBOT_SEMANTIC_MAX_CHUNKS and semantic search went off for every source;
    the build said why once, and `index stats` then said "Semantic  off" and "the index has no vectors", never why."""
    from bot.index.build import build_index
    from bot.semantic.fake import FakeEmbedder

    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    report = build_index(corpus, index, embedder=FakeEmbedder(), semantic_max_chunks=2)
    assert report.semantic == "off" and report.chunks > 2
    stats = run("index", "stats", "--index", str(index))
    why = f"{report.chunks:,} chunks is more than KOMMUNEBOT_SEMANTIC_MAX_CHUNKS=2"
    assert f"Semantic  off ({why}" in stats.output, stats.output
    assert why in json.loads(run("index", "stats", "--index", str(index), "--json").stdout)["semantic_why"]
    _build(corpus, index)  # the tests' settings: KOMMUNEBOT_SEMANTIC=off
    stats = run("index", "stats", "--index", str(index))
    assert "Semantic  off (built without the embedding model: KOMMUNEBOT_SEMANTIC=off)" in stats.output, stats.output


def test_index_stats_says_when_the_corpus_or_the_packs_changed_since_the_build(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A document added without a build, or the law pack left out (KOMMUNEBOT_LAW_PACK=off) over an index built with
    it: `ask` warned and `index check` failed, while `index stats` showed what the index holds as if it were all there
    was ("Packs     law"), with no word of either."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    _build(corpus, index)
    assert "changed since" not in run("index", "stats", "--index", str(index)).output
    (corpus / "ny.md").write_text("# Nytt\n\nKontrollutvalget har fått nye oppgaver.\n", encoding="utf-8")
    stats = run("index", "stats", "--index", str(index))
    assert f"Corpus    {corpus} (changed since the index was built: added: ny.md; run kommunebot index build " \
           f"--index {index})" in stats.output, stats.output
    data = json.loads(run("index", "stats", "--index", str(index), "--json").stdout)
    assert data["corpus_changes"] == "added: ny.md" and data["packs_differ"] == "", data
    monkeypatch.setenv("KOMMUNEBOT_LAW_PACK", "on")
    stats = run("index", "stats", "--index", str(index))
    assert "Packs     none (these settings name other packs: it was built without the law pack; run kommunebot " \
           f"index build --index {index})" in stats.output, stats.output


@pytest.mark.parametrize(("question", "plain", "example"), [
    ("Hvem vant fotball-VM i 2018?", "Prøv å spørre med andre ord.", "rådmannens ansvar"),
    ("Hvem vandt fodbold-VM i 2018?", "Prøv at spørge med andre ord.", "kompetencerådet")])
def test_a_refusal_suggests_only_topics_the_sources_hold(tmp_path: Path, question: str, plain: str,
                                                         example: str) -> None:
    """A refusal ended "Prøv å spørre med andre ord, for eksempel om rådmannens ansvar, …" (Danish: "… fx om
    kompetencerådet, ledelse eller sygefravær"), topics of the bundled documents: over a maintainer's own documents
    the suggested question was itself refused. The examples are given where the sources answer them."""

    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    _build(corpus, index)
    asked = run("ask", question, "--index", str(index), "--corpus", str(corpus))
    assert asked.exit_code == 0 and plain in asked.stdout and example not in asked.stdout, asked.output


def test_a_refusal_over_the_bundled_documents_keeps_its_examples(built_index: Path) -> None:
    asked = run("ask", "Hvem vant fotball-VM i 2018?", "--index", str(built_index))
    assert "for eksempel om rådmannens ansvar, kontrollutvalget eller delegering" in asked.stdout, asked.output
    asked = run("ask", "Hvem vandt fodbold-VM i 2018?", "--index", str(built_index))
    assert "fx om kompetencerådet, ledelse eller sygefravær" in asked.stdout, asked.output


@pytest.mark.parametrize(("language", "heading"), [("nb", "1 advarsel(er)."), ("en", "1 warning(s).")])
def test_reindex_names_the_builds_warnings_as_index_build_prints_them(tmp_path: Path, language: str,
                                                                      heading: str) -> None:
    """`index build` prints "Warning: sources.toml … unknown key(s) merknad ignored"; /reindex,
    the way an admin on Telegram builds, said "Ferdig: …" and nothing of it, so the entry's title never reached the
    document without a word to the one who wrote it. The reply counts the warnings as it counts the errors, in the
    admin's language, and says the log has what each is (the build's own words, in English)."""
    from bot.index.build import build_index
    from bot.tg import texts
    from bot.tg.admin import done_html

    corpus = _corpus(tmp_path)
    (corpus / "sources.toml").write_text('[[source]]\nfile = "plan.txt"\nmerknad = "Planstrategi"\n', encoding="utf-8")
    text = done_html(build_index(corpus, tmp_path / "k.db"), language)
    assert f"\n{heading}" in text and text.endswith(texts.REINDEX_REASONS[language]), text


@pytest.mark.parametrize("declared", ['<meta charset="iso-8859-1">', "<meta charset=windows-1252>",
                                      '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'])
def test_a_web_page_is_read_in_the_encoding_its_meta_declares(tmp_path: Path, declared: str) -> None:
    """A page saved in ISO-8859-1 that says so in its <meta> was read in the encoding a detector guessed: "Særutskrift
    ? økonomi" as DOS cp850's "Sµrutskrift ? °konomi", indexed so, with a warning to save it as UTF-8. The page's own
    declaration is read as a browser reads it (ISO-8859-1 as Windows-1252); a page that is valid UTF-8 is read as UTF-8
    whatever it declares."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    page = (f"<html><head>{declared}<title>Særutskrift – økonomi</title></head>"
            "<body><p>Særutskrift – økonomi</p></body></html>")
    (corpus / "saer.html").write_bytes(page.encode("latin-1", "replace"))  # the dash as "?", as an editor saves it
    (corpus / "utf.html").write_bytes(page.replace("Særutskrift – økonomi", "Rådhusets åpningstider").encode())
    code, data = _build(corpus, index)
    assert code == 0 and not [w for w in data["warnings"] if "not UTF-8" in w], data
    titles = {row["file"]: row["title"] for row in json.loads(run("sources", "--index", str(index), "--json").stdout)}
    assert titles["saer.html"] == "Særutskrift ? økonomi" and titles["utf.html"] == "Rådhusets åpningstider", titles


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_pdf_cut_short_is_said_to_be_cut_short_with_the_fix(tmp_path: Path, cut: float) -> None:
    """Half a copied PDF was "not a readable PDF (PdfStreamError)": the library's word, and no fix."""
    from tests.helpers.documents import make_pdf

    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    whole = make_pdf(tmp_path / "plan.pdf", [["Delegeringsreglement for Nordvik kommune",
                                              "Formannskapet kan treffe vedtak i hastesaker."]] * 3).read_bytes()
    (corpus / "halv.pdf").write_bytes(whole[: int(len(whole) * cut)])
    code, data = _build(corpus, index)
    assert code == 1 and data["errors"] == ["halv.pdf: cut short: the PDF stops before its end (no %%EOF; "
                                            "PdfStreamError); copy it again, or save it again from the program that "
                                            "made it"], data


def test_a_damaged_pdf_is_said_to_be_damaged_with_the_fix(tmp_path: Path) -> None:
    """A PDF whole to its end but broken inside names the fix too, not only the library's error."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    (corpus / "skadet.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\nstartxref\n7\n%%EOF\n")
    code, data = _build(corpus, index)
    assert code == 1 and len(data["errors"]) == 1, data
    assert data["errors"][0].startswith("skadet.pdf: not a readable PDF (") and \
        data["errors"][0].endswith("): it is damaged; save it again from the program that made it, or print it to a "
                                   "new PDF"), data
