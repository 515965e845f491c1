"""Corpus: cleaning rules, chunk boundaries, file formats and broken files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.corpus.chunking import MAX_CHARS, chunk_document, split_sentences, whole_sentences
from bot.corpus.cleaning import clean
from bot.corpus.manifest import load_manifest
from bot.corpus.readers import read_records, read_sections, records_metadata
from bot.errors import CorpusError
from tests.helpers.paths import CORPUS

SLIDES = "002_7e50c18fa33f4fe2.txt"


def cleaned(name: str) -> str:
    info = load_manifest(CORPUS)[name]
    return clean(read_sections(CORPUS / name)[0].text, info.rules)


def chunks_of(name: str):
    info = load_manifest(CORPUS)[name]
    return chunk_document(cleaned(name).text, info.id, info.lang, info.layout, title=info.title)


@pytest.mark.parametrize("name, furniture", [
    ("000_6400848063e5c39a.txt", "Hjem Om Lederne Organisering"),
    ("001_980b15fdcc940376.txt", "Gå til indhold"),
    ("002_7e50c18fa33f4fe2.txt", "Størrelse: px"),
    ("002_7e50c18fa33f4fe2.txt", "Begynne med side"),
    ("002_7e50c18fa33f4fe2.txt", "Transkript"),
    ("003_af7229ad7375a502.txt", "Logg inn til Tillitsvalgtportalen"),
    ("003_af7229ad7375a502.txt", "Tips en venn"),
    ("003_af7229ad7375a502.txt", "Send til flere mottakere"),
    ("003_af7229ad7375a502.txt", "Til toppen"),
    ("003_af7229ad7375a502.txt", "Foto: Per Flakstad"),
    ("003_af7229ad7375a502.txt", "Nøkkelord"),
])
def test_cleaning_removes_site_furniture(name: str, furniture: str) -> None:
    assert furniture in (CORPUS / name).read_text(encoding="utf-8")
    assert furniture not in cleaned(name).text


def test_cleaning_keeps_the_content_and_leaves_the_file_alone() -> None:
    before = (CORPUS / "003_af7229ad7375a502.txt").read_bytes()
    text = cleaned("003_af7229ad7375a502.txt").text
    assert "Hver kommune får et økonomisk tilskudd på kroner 300 000." in text
    assert "Signaring av avtale" in text  # the caption stays; only the credit goes
    assert (CORPUS / "003_af7229ad7375a502.txt").read_bytes() == before


def test_related_document_teasers_are_left_out_of_the_deck() -> None:
    result = cleaned(SLIDES)
    assert result.secondary.count("Detaljer") >= 90
    assert "Detaljer" not in result.text
    assert "Ottar Vist" not in result.text
    assert result.text.rstrip().endswith("utviklingssamtalen med rådmannen gjennomføres?")


def test_a_maintainer_adds_a_cleaning_rule_in_the_manifest(corpus_copy: Path) -> None:
    manifest = corpus_copy / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'title = "Sammen om en bedre kommune"',
        'title = "Sammen om en bedre kommune"\ndrop_lines = [\'Oppstartskonferanse\']'), encoding="utf-8")
    info = load_manifest(corpus_copy)["003_af7229ad7375a502.txt"]
    text = clean(read_sections(corpus_copy / info.file)[0].text, info.rules).text
    assert "\nOppstartskonferanse\n" not in f"\n{text}\n"
    assert "skissert en oppstartskonferanse" in text


def test_slide_41_is_one_chunk_with_all_four_duties() -> None:
    slide = [c for c in chunks_of(SLIDES) if c.location == "lysbilde 41"]
    assert len(slide) == 1
    for duty in ("Øverste leder for den kommunale", "Plikter å sørge for at sakene er forsvarlig utredet",
                 "Har møte- og talerett", "Har ansvaret for at vedtak i folkevalgte organer blir fulgt opp"):
        assert duty in slide[0].text
    assert not slide[0].text.startswith("41")


def test_slides_are_numbered_in_order_and_bounded() -> None:
    chunks = chunks_of(SLIDES)
    numbers = [int(c.location.split()[-1]) for c in chunks if c.location.startswith("lysbilde")]
    assert numbers == sorted(numbers) and numbers[-1] == 52
    assert "lysbilde 3" not in {c.location for c in chunks}  # a picture-only slide has no text
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    long_slide = [c for c in chunks if c.location == "lysbilde 52"]
    assert len(long_slide) == 2 and all(c.text[-1] in ".?!" for c in long_slide)


def test_an_article_splits_by_paragraph_under_its_heading() -> None:
    chunks = chunks_of("003_af7229ad7375a502.txt")
    by_heading = {c.heading for c in chunks}
    assert {"Utviklingsprosess", "Oppstartskonferanse"} <= by_heading
    facts = [c for c in chunks if "• 21. september 2011" in c.text]
    assert len(facts) == 1 and facts[0].text.count("•") == 7  # the bullet list stays together
    assert all(len(c.text) <= MAX_CHARS and len(c.text) >= 60 for c in chunks)


def test_a_paragraph_announcing_a_list_stays_with_it_when_both_fit_one_chunk() -> None:
    intro = ("Hver høst sendes debattheftet ut til alle kommuner som grunnlag for diskusjoner før konferansen. "
             "I heftet for 2020 ønsker KS tilbakemelding på disse spørsmålene:")
    items = "• Hvordan sikrer vi gode tjenester?\n• Hvordan blir vi attraktive arbeidsgivere?"
    assert len(intro) > 120  # longer than a one-line lead-in
    other = "Et nytt avsnitt om noe helt annet, langt nok til å stå alene som et eget avsnitt i teksten her."
    chunks = chunk_document(f"{intro}\n\n{items}\n\n{other}", "d", "nb", "article")
    assert chunks[0].text == f"{intro}\n{items}" and len(chunks) == 2
    long_list = "\n".join(f"• Punkt {i} med nok ord til å fylle en linje i lista." for i in range(16))
    apart = chunk_document(f"{intro}\n\n{long_list}", "d", "nb", "article")
    assert apart[0].text == intro  # together they would not fit a chunk: the list is not cut to make room
    # what follows is a new section, not what it announced: the paragraph is indexed on its own, not lost
    headed = chunk_document(f"{intro}\n\nNeste tema\n\n{other}", "d", "nb", "article")
    assert [c.text for c in headed] == [intro, f"Neste tema\n{other}"]


def test_a_quote_stays_with_who_said_it() -> None:
    chunks = chunks_of("001_980b15fdcc940376.txt")
    quote = next(c for c in chunks if "Offentlige ledere og medarbejdere gør hver dag" in c.text)
    assert quote.text.startswith("Innovationsminister Sophie Løhde:")


def test_chunk_offsets_point_into_the_cleaned_text() -> None:
    text = cleaned(SLIDES).text
    for chunk in chunks_of(SLIDES):
        # a restored bullet break is a space in the cleaned text: same length, same words
        assert text[chunk.start:chunk.end].startswith(chunk.text[:30].replace("\n", " "))


@pytest.mark.parametrize("text, pieces", [
    ("Første setning. Andre setning! Tredje?", 3),
    ("Aftalen tager bl.a. afsæt i anbefalingerne. Ny sætning.", 2),
    ("Han bor i Oslo og har ingen punktum", 1),
    ("Se kap. 4 og pkt. B. Ekskl. moms. Deretter O. Hansen.", 2),
    ("Avgiften er ca. 5 kr. Neste sak.", 2),
])
def test_sentence_splitting(text: str, pieces: int) -> None:
    assert len(split_sentences(text)) == pieces


def test_a_long_text_full_of_abbreviations_splits_only_at_sentence_ends() -> None:
    """Abbreviations are looked for at a sentence's end only, however long the text before it."""
    sentence = "Tilskuddet gis bl.a. til tiltak jf. kap. 3 og pkt. 4, f.eks. kurs. "
    pieces = split_sentences("Innledning uten punktum " * 500 + ". " + sentence * 300)
    assert len(pieces) == 301 and all(p.endswith("kurs.") for p in pieces[1:])


def test_html_keeps_the_main_text_only(tmp_path: Path) -> None:
    page = tmp_path / "side.html"
    page.write_text(
        "<html><head><title>T</title><script>var x=1;</script></head><body>"
        "<nav><a href='/'>Hjem</a> <a href='/om'>Om oss</a></nav>"
        "<article><h1>Kontrollutvalget</h1><p>Kontrollutvalget fører løpende kontroll med forvaltningen "
        "på vegne av kommunestyret. Utvalget skal se til at kommunen har en forsvarlig revisjon.</p>"
        "<p>Medlemmene velges av kommunestyret selv, og minst ett medlem skal være medlem av kommunestyret.</p>"
        "</article><footer>© Kommunen 2024 · Personvern</footer></body></html>", encoding="utf-8")
    text = "\n".join(s.text for s in read_sections(page))
    assert "løpende kontroll med forvaltningen" in text
    assert "var x=1" not in text and "Personvern" not in text


def minimal_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one line of text a page (no PDF writer is needed for tests)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for i, line in enumerate(pages):
        page_no, content_no = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_no} 0 R")
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_no} 0 R "
                       f"/Resources << /Font << /F1 {3 + 2 * len(pages)} 0 R >> >> >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_pages_become_locations(tmp_path: Path) -> None:
    pdf = tmp_path / "reglement.pdf"
    pdf.write_bytes(minimal_pdf(["Delegeringsreglementet gjelder for alle utvalg.", "Side to om kontroll."]))
    sections = read_sections(pdf)
    assert [s.location for s in sections] == ["side 1", "side 2"]
    assert "Delegeringsreglementet" in sections[0].text


def test_jsonl_records_keep_their_ids(tmp_path: Path) -> None:
    path = tmp_path / "lover.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(3):
            handle.write(json.dumps({"id": f"lov#{i}", "title": "Kommuneloven", "text": f"Paragraf {i}",
                                     "lang": "nb", "location": f"§ {i}"}) + "\n")
    records = list(read_records(path))
    assert [r.id for r in records] == ["lov#0", "lov#1", "lov#2"]
    assert records[1].location == "§ 1"


@pytest.mark.parametrize("name, content, reason", [
    ("tom.txt", b"", "empty"),
    ("blanks.md", b"  \n\n ", "empty"),
    ("junk.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a PNG image, named .txt"),
    ("junk2.txt", b"\x01\x02\x00\x00\x07binary", "binary"),
    ("noise.txt", bytes(range(128, 256)) * 8, "not text: neither UTF-8 nor a Western encoding"),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
    ("dupes.jsonl", b'{"id":"a","text":"x"}\n{"id":"a","text":"y"}\n', "repeats the id"),
    ("bad.jsonl", b'{"id":"a","text":"x"}\nnot json\n', "line 2 is not valid JSON"),
    ("noid.jsonl", b'{"text":"x"}\n', "lacks a string"),
])
def test_broken_files_are_reported_by_name_with_the_reason(tmp_path: Path, name: str, content: bytes,
                                                           reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorpusError) as err:
        if name.endswith(".jsonl"):
            list(read_records(path))
        else:
            read_sections(path)
    assert name in str(err.value) and reason in str(err.value)


def test_a_record_longer_than_the_cap_is_split_into_parts_citing_the_record(tmp_path: Path) -> None:
    from bot.corpus.readers import MAX_RECORD_CHARS
    from bot.index.build import build_index
    from bot.index.store import IndexStore

    corpus = tmp_path / "laws"
    corpus.mkdir()
    table = " ".join(f"rad {i} kroner {i * 7}" for i in range(30_000))  # a law's table: one huge "passage"
    assert len(table) > 2 * MAX_RECORD_CHARS
    lines = [{"id": "lov-1", "title": "Lov om satser", "text": table, "lang": "nb"},
             {"id": "lov-2", "title": "Kommuneloven", "text": "Kommunestyret er kommunens øverste organ.",
              "lang": "nb"}]
    (corpus / "lover.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report = build_index(corpus, tmp_path / "k.db")
    assert report.errors == []
    chunks = [c for _, c in IndexStore.open(tmp_path / "k.db").chunk_rows()]
    parts = [c for c in chunks if c.cite_id == "lov-1"]
    assert len(parts) >= 3 and [p.id for p in parts] == ["lov-1"] + [f"lov-1~{n}" for n in range(2, len(parts) + 1)]
    assert all(len(p.text) <= MAX_RECORD_CHARS for p in parts)
    assert " ".join(p.text for p in parts).split() == table.split()  # nothing lost at the cuts
    assert any(c.id == "lov-2" for c in chunks)


def test_whole_sentences_join_the_pieces_a_danish_reference_cut() -> None:
    text = ("Stk. 2. Ved ansættelse foretages valget på den i stk. 1 angivne måde. Det gælder jf. dog stk. 3. "
            "Næste sætning.")
    assert [s for s, _ in whole_sentences(text)] == [
        "Stk. 2. Ved ansættelse foretages valget på den i stk. 1 angivne måde.",
        "Det gælder jf. dog stk. 3.", "Næste sætning."]
    # the index's units stay the pieces its vectors were made of
    assert [p for _, pieces in whole_sentences(text) for p in pieces] == split_sentences(text)
    assert whole_sentences("Første setning. Andre setning!") == [("Første setning.", ("Første setning.",)),
                                                                   ("Andre setning!", ("Andre setning!",))]


def test_a_windows_1252_text_or_markdown_file_is_read_and_the_build_says_which_encoding_it_assumed(
        tmp_path: Path) -> None:
    """Old municipal Notepad files are Windows-1252: read as the review upload and `eval` read them (they had been
    refused as "not UTF-8"), the build naming the encoding it assumed; UTF-16 with its byte-order mark is read too."""
    from bot.index.build import build_index
    from bot.index.store import IndexStore

    corpus = tmp_path / "c"
    corpus.mkdir()
    text = "Æresborgere i Testvik\n\nÆresborgeren får en gave på 5 000 kroner og tittelen «Testviks æresborger» – i år."
    (corpus / "notisblokk.txt").write_bytes(text.encode("cp1252"))
    (corpus / "notat.md").write_bytes(("# Møteplan\n\n" + text).encode("cp1252"))
    (corpus / "unicode.txt").write_bytes("Rådmannen skriver i UTF-16 med merke.".encode("utf-16"))
    report = build_index(corpus, tmp_path / "k.db")
    assert report.errors == [] and report.sources == 3
    warned = [w for w in report.warnings if "read as Windows-1252" in w]
    assert sorted(w.split(":")[0] for w in warned) == ["notat.md", "notisblokk.txt"], report.warnings
    store = IndexStore.open(tmp_path / "k.db")
    texts = " ".join(row[0] for row in store.conn.execute("SELECT text FROM chunks"))
    assert "Æresborgeren får en gave på 5 000 kroner og tittelen «Testviks æresborger» – i år." in texts
    assert "Rådmannen skriver i UTF-16" in texts


def test_a_document_s_invisible_characters_are_not_indexed_and_its_words_are_found(tmp_path: Path) -> None:
    """A zero-width space, a soft hyphen or a direction override inside a word had been indexed as it stood (only NUL
    and the overrides were dropped), splitting "habilitet" for search; a form feed stood in a quote. They are taken
    out of every text read, as from a question (0.4.42)."""
    import unicodedata

    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "habilitet.txt").write_text(
        "Regler om ha\u200bbili\u00adtet\n\nEn folkevalgt er inhabil når hun selv er part i saken.\x0c"
        "Ha\u200bbilitet\u202e vurderes for\x01 hver sak.\n", encoding="utf-8")
    (corpus / "annet.txt").write_text("Formannskapet forbereder saker om økonomiplan og budsjett.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db")
    searcher = Searcher(IndexStore.open(tmp_path / "k.db"))
    texts = [chunk.text + chunk.title + chunk.heading for _, chunk in searcher.store.chunk_rows()]
    assert not [ch for text in texts for ch in text if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t"]
    hits = searcher.search("habilitet", k=1).hits
    assert hits and "Habilitet vurderes for hver sak" in " ".join(hits[0].text.split())


def test_the_format_characters_taken_out_are_unicode_s_every_one_and_emoji_keep_their_joiners() -> None:
    """FORMAT_CHARACTERS is written out (finding them at start cost 0.4 s): it holds every Cf character Python knows."""
    import re
    import sys
    import unicodedata

    from bot.corpus.characters import FORMAT_CHARACTERS, plain

    held = re.compile(f"[{FORMAT_CHARACTERS}]")
    missing = [hex(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
               and not held.fullmatch(chr(c))]
    assert missing == [], missing
    family, scotland = "👨\u200d👩\u200d👧", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert plain(f"{family} og {scotland}") == f"{family} og {scotland}"  # one picture each, harmless to read
    assert plain("ha\u200dbilitet\u200c, \ufeffja\x0bnei\x00") == "habilitet, ja\nnei"


@pytest.mark.parametrize("encoding, said", [
    ("utf-16-le", "line 1 is UTF-16, not UTF-8: save the file as UTF-8"),  # no byte-order mark to read it by
    ("cp1252", "line 1 is not UTF-8 (its æ, ø or å saved in an older encoding): save the file as UTF-8"),
])
def test_a_jsonl_file_not_in_utf8_is_told_so_with_the_fix(tmp_path: Path, encoding: str, said: str) -> None:
    """Records saved by Notepad in UTF-16 or an older Windows encoding were "line 1 is not valid JSON" (or "line 2",
    the first line read in UTF-16), of lines that are JSON: the encoding is what to mend."""
    path = tmp_path / "partistøtte.jsonl"
    lines = [{"id": f"p{n}", "title": "Partistøtte", "text": f"Partistøtten blir utbetalt i februar, del {n}.",
              "lang": "nb"} for n in range(2)]
    path.write_bytes("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode(encoding))
    with pytest.raises(CorpusError) as err:
        list(read_records(path))
    assert str(err.value).startswith(f"partistøtte.jsonl: {said}"), err.value


@pytest.mark.parametrize("name", ["partistøtte.jsonl", "partistøtte.jsonl.gz"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-marked", "utf-8-sig"])
def test_a_jsonl_file_with_a_byte_order_mark_is_read_as_sources_toml_is(tmp_path: Path, encoding: str,
                                                                        name: str) -> None:
    """Records Notepad saved as "Unicode" (UTF-16 with its mark) or as UTF-8 with a mark were refused ("line 1 is
    UTF-16, not UTF-8"), where a .txt and sources.toml beside them were read (encoding.utf8_text): the same records,
    title and language are read as from the file in UTF-8, a .jsonl.gz's too."""
    import gzip

    lines = [{"id": f"p{n}", "title": "Partistøtte", "text": f"Partistøtten blir utbetalt i februar, del {n}. Æ ø å.",
              "lang": "nb"} for n in range(12000)]  # over a read block (1 MiB): a character is cut between two
    body = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    data = b"\xfe\xff" + body.encode("utf-16-be") if encoding == "utf-16-be-marked" else body.encode(encoding)
    path, plain_path = tmp_path / name, tmp_path / f"utf8-{name}"
    opener = gzip.open if name.endswith(".gz") else open
    for target, content in ((path, data), (plain_path, body.encode("utf-8"))):
        with opener(target, "wb") as f:
            f.write(content)
    read = list(read_records(path))
    assert len(read) == 12000 and read == list(read_records(plain_path))
    assert records_metadata(path) == records_metadata(plain_path) and records_metadata(path).title == "Partistøtte"


def test_a_jsonl_file_marked_utf16_that_is_not_is_told_so(tmp_path: Path) -> None:
    path = tmp_path / "halv.jsonl"
    path.write_bytes(b"\xff\xfe" + '{"id": "a", "text": "Halv"}\n'.encode("utf-16-le") + b"\x00\xd8")  # a lone half
    with pytest.raises(CorpusError, match="halv.jsonl: begins with a UTF-16 byte-order mark but is not UTF-16 text"):
        list(read_records(path))


def _listed_by_reading(path: Path) -> tuple[str, str]:
    """What the records' title and language are when every record is read as the build reads it."""
    try:
        records = list(read_records(path))
    except CorpusError:
        return "", ""
    titles, langs = {r.title.strip() for r in records}, {r.lang.strip() for r in records}
    return (titles.pop() if len(titles) == 1 else ""), (langs.pop() if len(langs) == 1 else "")


RECORDS_LISTED = {
    "one document": [{"id": "a", "title": "Veileder", "text": "Rådmannen.", "lang": "nb"},
                     {"id": "b", "title": "Veileder ", "text": "Kontrollutvalget.", "lang": "nb"}],
    "an FAQ": [{"id": "a", "title": "Hva er KS?", "text": "KS er ...", "lang": "nb"},
               {"id": "b", "title": "Hva er delegering?", "text": "Delegering er ...", "lang": "nb"}],
    "two languages": [{"id": "a", "title": "T", "text": "Rådmannen.", "lang": "nb"},
                      {"id": "b", "title": "T", "text": "Borgmesteren.", "lang": "da"}],
    "a record of no text": [{"id": "a", "title": "T", "text": "Rådmannen.", "lang": "nb"},
                            {"id": "b", "title": "Annen", "text": " \u200b\u00ad\x00 ", "lang": "da"}],
    "text after a zero-width space": [{"id": "a", "title": "T", "text": "Rådmannen.", "lang": "nb"},
                                      {"id": "b", "title": "Annen", "text": "\u200bOrdføreren.", "lang": "nb"}],
    "a title of format characters": [{"id": "a", "title": "Vei\u00adleder", "text": "Rådmannen.", "lang": "nb"},
                                     {"id": "b", "title": "Veileder", "text": "Ordføreren.", "lang": None}],
    "a record the reader refuses": [{"id": "a", "title": "T", "text": "Rådmannen.", "lang": "nb"},
                                    {"id": "b", "title": 5, "text": "Ordføreren.", "lang": "nb"}],
    "no JSON object": [{"id": "a", "title": "T", "text": "Rådmannen.", "lang": "nb"}, ["not", "a", "record"]],
}


@pytest.mark.parametrize("case", RECORDS_LISTED)
def test_a_jsonl_files_title_and_language_are_listed_as_reading_every_record_lists_them(tmp_path: Path,
                                                                                        case: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in RECORDS_LISTED[case]), encoding="utf-8")
    found = records_metadata(path)
    assert (found.title, found.lang) == _listed_by_reading(path)


def test_listing_a_big_jsonl_reads_its_records_titles_not_their_text(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build lists an undeclared .jsonl's title and language, an unchanged one's too, and had read every record
    as the build reads it, its text cleaned character by character (100 MB: 4.6 s a build; now 1.2 s): the text of
    a record is never cleaned to list it, only its title and language."""
    import bot.corpus.readers as readers

    cleaned: list[int] = []
    real = readers.plain
    monkeypatch.setattr(readers, "plain", lambda text: cleaned.append(len(text)) or real(text))
    path = tmp_path / "stor.jsonl"
    text = "Kommunestyret er kommunens øverste organ og treffer vedtak på vegne av kommunen. " * 20
    path.write_text("".join(json.dumps({"id": f"r{n}", "title": "Stor veileder", "text": text, "lang": "nb"},
                                       ensure_ascii=False) + "\n" for n in range(500)), encoding="utf-8")
    assert records_metadata(path).title == "Stor veileder"
    assert sum(cleaned) < 500 * 20, f"{sum(cleaned):,} characters cleaned of {path.stat().st_size:,}"
