"""Chunking keeps every paragraph a reader keeps: in some chunk's text or heading, headings with what they head.

A heading-like paragraph followed by another had been left out of the index (the bundled Lederne page's lead-in,
a PDF table's rows but the last, the heading above it); a heading at a PDF page's foot had ended its page's last
chunk (0.4.39).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.corpus.characters import plain
from bot.corpus.chunking import MAX_CHARS, chunk_document, split_sentences
from bot.corpus.cleaning import clean
from bot.corpus.manifest import load_manifest
from bot.corpus.readers import read_sections
from bot.corpus.sources import read_document
from tests.helpers.documents import make_pdf
from tests.helpers.paths import CORPUS

NOUNS = ["Kommunestyret", "Formannskapet", "Kontrollutvalget", "Ordføreren", "Rådmannen", "Budsjettet",
         "Planutvalget", "Eldrerådet", "Godtgjøring", "Delegering", "Innbyggerne", "Tjenestene"]
WORDS = ["vedtar", "behandler", "saker", "om", "kommunens", "økonomi", "og", "planer", "for", "neste", "år",
         "i", "møtet", "etter", "loven", "med", "hensyn", "til", "innbyggernes", "behov", "utvalget", "skal"]


def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=16))
    return f"{draw(st.sampled_from(NOUNS))} {' '.join(words)}."


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    """One paragraph of a kind a reader hands the chunker: headings, lead-ins, text, lists, a table's rows."""
    kind = draw(st.sampled_from(["heading", "heading", "heading", "question", "lead", "text", "long", "list",
                                 "row", "pipe", "lines"]))
    noun, more = draw(st.sampled_from(NOUNS)), draw(st.lists(st.sampled_from(WORDS), max_size=5))
    if kind == "heading":
        number = draw(st.sampled_from(["", "Kapittel 3 ", "2.1 ", "Del II "]))
        return f"{number}{noun} {' '.join(more)}".strip()
    if kind == "question":
        return f"Hva gjør {noun.lower()} {' '.join(more)}?".replace("  ", " ")
    if kind == "lead":
        return f"{noun} {' '.join(more)} skal særlig:".replace("  ", " ")
    if kind in ("text", "long"):
        n = draw(st.integers(1, 3) if kind == "text" else st.integers(12, 20))
        return " ".join(_sentence(draw) for _ in range(n))
    if kind == "list":
        return "\n".join(f"• {_sentence(draw)}" for _ in range(draw(st.integers(2, 5))))
    if kind == "row":
        return f"{noun} {draw(st.integers(1, 9))} {draw(st.integers(100, 999))} kr"
    if kind == "pipe":
        return f"{noun} | {draw(st.integers(1, 12))}"
    return f"{noun}\n{_sentence(draw)}\n{_sentence(draw)}"  # a heading line on top of text lines


def _norm(text: str) -> str:
    return " ".join(text.split())


def _missing(texts: list[str], chunks: list[tuple[str, str, str]]) -> list[str]:
    """The sentences (or lines) of `texts` in no chunk's text, heading or title; a sentence longer than a chunk
    (cut at a space to fit) by the words of it that none holds."""
    held = " ¶ ".join(_norm(part) for chunk in chunks for part in chunk)
    words = Counter(held.split())
    missing = []
    for piece in (piece for text in texts for line in text.split("\n") for piece in split_sentences(line)):
        if len(piece) <= MAX_CHARS and _norm(piece) not in held:
            missing.append(piece)
        elif len(piece) > MAX_CHARS and Counter(piece.split()) - words:
            missing.append(piece)
    return missing


def _chunked(text: str, **kwargs: str) -> list[tuple[str, str, str]]:
    return [(c.text, c.heading, "") for c in chunk_document(text, "d", "nb", "article", **kwargs)]


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.lists(paragraph(), min_size=1, max_size=25), st.booleans())
def test_every_paragraph_is_in_some_chunk(paragraphs: list[str], marked: bool) -> None:
    """Property: whatever the paragraphs (runs of headings, a heading over a table, a lead-in over a heading, a PDF's
    rows one a paragraph), each sentence is in a chunk's text or heading; no chunk is empty or far over a screen."""
    text = "\n\n".join(paragraphs)
    heading = paragraphs[0] if marked and "\n" not in paragraphs[0] else ""
    chunks = chunk_document(text, "d", "nb", "article", heading=heading)
    assert not _missing(paragraphs, [(c.text, c.heading, "") for c in chunks])
    assert all(c.text.strip() for c in chunks)
    # a few headings above what they head may pass the limit (each at most 80 characters); nothing else does
    assert all(len(c.text) <= MAX_CHARS + 3 * 81 for c in chunks)


PAGE_LINE = st.sampled_from([
    "Kommunestyret vedtar budsjettet og økonomiplanen for de neste fire årene i sitt møte i desember,",
    "og formannskapet innstiller til kommunestyret etter at rådmannen har lagt fram sitt forslag til det.",
    "Kontrollutvalget fører løpende kontroll med forvaltningen på vegne av kommunestyret hvert eneste år.",
    "Kapittel 2 Tapt arbeidsinntekt", "Satser per møte", "Organ Sats", "Kommunestyret 1 200 kr",
    "Formannskapet 1 500 kr", "Relevante saker bransjen vil fremme:", "• Brøyting av kommunale veier",
    "Godtgjøringen utbetales hver måned.",
])


OPENINGS = ["Eldrerådet gir råd om saker som gjelder eldre.", "Ungdomsrådet møtes fire ganger i året.",
            "Valgstyret forbereder og gjennomfører valget.", "Klagenemnda behandler klager på enkeltvedtak."]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(PAGE_LINE, min_size=1, max_size=12), min_size=1, max_size=4))
def test_every_line_of_a_pdf_is_in_some_chunk(tmp_path_factory: pytest.TempPathFactory, pages: list[list[str]]) -> None:
    """Property: every line of every page as the PDF reader keeps it (headings at a page's foot, rows of a table one
    a line, lead-ins) is in a chunk of the PDF, as the build reads it."""
    corpus = tmp_path_factory.mktemp("corpus")
    # each page opens with a line of its own: a line on most pages is a running header, which the reader drops
    make_pdf(corpus / "sak.pdf", [[OPENINGS[n], *lines] for n, lines in enumerate(pages)])
    info = load_manifest(corpus)["sak.pdf"]
    texts = [clean(plain(s.text), info.rules).text for s in read_sections(corpus / "sak.pdf")]
    chunks = [(c.text, c.heading, c.title) for c in read_document(corpus / "sak.pdf", info).chunks]
    assert not _missing(texts, chunks)


def test_the_bundled_lead_in_above_a_heading_heads_what_follows_it() -> None:
    """The maintainer-tester's find: line 11 of the Lederne page was in no chunk."""
    info = load_manifest(CORPUS)["000_6400848063e5c39a.txt"]
    chunks = read_document(CORPUS / info.file, info).chunks
    lead = "Relevante politiske saker og forslag som bransjen ønsker å fremme:"
    held = [c for c in chunks if lead in c.text]
    assert len(held) == 1
    assert held[0].text.startswith(f"{lead}\nBransjens visjon og mål for utvikling:\nVår visjon er")
    assert held[0].heading == held[0].location == "Bransjens visjon og mål for utvikling:"


def test_a_run_of_headings_heads_the_text_under_the_last() -> None:
    text = ("Del II Organer\n\nKapittel 3 Formannskapet\n\n3.1 Myndighet\n\nFormannskapet kan treffe vedtak i saker "
            "der kommunestyret ikke har forbeholdt seg myndigheten selv.\n\nFormannskapet er også valgstyre.")
    chunks = chunk_document(text, "d", "nb", "article")
    assert [(c.heading, c.text) for c in chunks] == [
        ("3.1 Myndighet", "Del II Organer\nKapittel 3 Formannskapet\n3.1 Myndighet\nFormannskapet kan treffe vedtak i "
                          "saker der kommunestyret ikke har forbeholdt seg myndigheten selv.\nFormannskapet er også "
                          "valgstyre.")]
    assert chunks[0].start == 0


def test_a_heading_above_a_heading_with_text_lines_is_kept() -> None:
    """A heading, then a paragraph whose first line is a heading (a .txt of single line breaks)."""
    chunks = chunk_document("Reglement\n\nKapittel 1\nDette reglementet gjelder for alle folkevalgte organer i "
                            "kommunen.\nDet er vedtatt av kommunestyret.", "d", "nb", "article")
    assert [c.text.split("\n")[:3] for c in chunks] == [
        ["Reglement", "Kapittel 1", "Dette reglementet gjelder for alle folkevalgte organer i kommunen."]]


ROWS = ["Organ Sats", "Kommunestyret 1 200 kr", "Formannskapet 1 500 kr", "Kontrollutvalget 900 kr"]


def test_a_pdf_table_keeps_its_rows_as_rows_with_the_heading_above_it(tmp_path: Path) -> None:
    """A PDF table's short rows looked like headings: all but the last were lost, and the heading above them."""
    make_pdf(tmp_path / "satser.pdf", [[
        "Kapittel 1 Godtgjøring",
        "Folkevalgte får godtgjøring for møter i kommunestyret og i utvalgene etter satsene i tabellen under, som",
        "kommunestyret fastsetter for hele valgperioden i sitt første møte etter valget.",
        "Satser per møte", *ROWS,
        "Satsene gjelder fra 1. januar 2024 og justeres hvert år etter lønnsveksten i kommunesektoren for året."]])
    info = load_manifest(tmp_path)["satser.pdf"]
    chunks = read_document(tmp_path / "satser.pdf", info).chunks
    table = [c for c in chunks if "Kommunestyret 1 200 kr" in c.text]
    assert len(table) == 1 and "\n".join(["Satser per møte", *ROWS]) in table[0].text
    assert table[0].location == "side 1, Kapittel 1 Godtgjøring"


def test_a_heading_at_a_pdf_page_s_foot_heads_the_next_page_s_text(tmp_path: Path) -> None:
    """It had ended the page's last chunk ("… for året. Kapittel 2 Tapt arbeidsinntekt")."""
    make_pdf(tmp_path / "reglement.pdf", [
        ["Kapittel 1 Godtgjøring",
         "Folkevalgte får godtgjøring for møter i kommunestyret og i utvalgene etter satsene som kommunestyret",
         "fastsetter for hele valgperioden i sitt første møte etter valget, og justerer hvert år etter lønnsveksten.",
         "Kapittel 2 Tapt arbeidsinntekt"],
        ["Folkevalgte som taper inntekt på grunn av vervet, får tapet dekket etter dokumentasjon fra arbeidsgiveren,",
         "inntil et tak som kommunestyret fastsetter."]])
    info = load_manifest(tmp_path)["reglement.pdf"]
    chunks = read_document(tmp_path / "reglement.pdf", info).chunks
    assert [c.location for c in chunks] == ["side 1, Kapittel 1 Godtgjøring", "side 2, Kapittel 2 Tapt arbeidsinntekt"]
    assert "Tapt arbeidsinntekt" not in chunks[0].text
    assert chunks[1].text.startswith("Kapittel 2 Tapt arbeidsinntekt\nFolkevalgte som taper inntekt")


def test_a_markdown_heading_right_above_another_heads_its_text_too() -> None:
    """A Word, OpenDocument, Markdown or HTML heading with nothing under it before the next had been left out."""
    from bot.corpus.markdown import read_markdown

    sections = read_markdown("# Planen\n\n## Del 1 Mål\n\n### 1.1 Formål\n\nPlanen skal sikre god styring av "
                             "kommunen i hele perioden.\n\n## Vedlegg\n")
    chunks = [c for s in sections for c in chunk_document(s.text, "d", "nb", "article", location=s.location,
                                                          heading=s.heading, title="Planen")]
    assert [(c.location, c.text) for c in chunks] == [
        ("1.1 Formål", "Del 1 Mål\n1.1 Formål\nPlanen skal sikre god styring av kommunen i hele perioden.\nVedlegg")]
    assert not re.search(r"^Planen\n", chunks[0].text)  # the title above it is the chunk's title


def test_a_long_marked_heading_does_not_take_what_it_heads_past_the_limit() -> None:
    """Hypothesis's find (0.4.43): a heading the format marks that is a paragraph of many short sentences (772
    characters), two headings under it and a list had made one chunk of 1,046 characters. The headings are quoted
    with the start of what they head only as far as a run of short headings may pass the limit; the long paragraph
    above them is a passage of its own."""
    said = ["Kommunestyret vedtar vedtar vedtar vedtar."] * 4 + ["Kommunestyret vedtar vedtar vedtar om."] * 2 + [
        "Formannskapet vedtar vedtar om år.", "Kommunestyret behandler vedtar vedtar vedtar innbyggernes.",
        "Kommunestyret" + " vedtar" * 9 + ".", "Kommunestyret" + " vedtar" * 16 + ".",
        "Ordføreren" + " vedtar" * 15 + " om.", "Ordføreren" + " vedtar" * 11 + " om om om om om."]
    marked = " ".join(said)
    listed = "\n".join(["• Kommunestyret vedtar vedtar vedtar vedtar."] * 4 + ["• Kommunestyret" + " vedtar" * 7 + "."])
    paragraphs = [marked, "Kommunestyret", "Formannskapet", listed]
    chunks = chunk_document("\n\n".join(paragraphs), "d", "nb", "article", heading=marked)
    assert [len(c.text) for c in chunks] == [772, 273]
    assert chunks[1].text.startswith("Kommunestyret\nFormannskapet\n• Kommunestyret vedtar")
    assert not _missing(paragraphs, [(c.text, c.heading, "") for c in chunks])
