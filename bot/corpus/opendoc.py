"""Reading OpenDocument text (.odt) and presentations (.odp) with odfpy."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.corpus.office import sections_by_heading, slides_text, table_rows
from bot.corpus.section import FileMetadata, Section
from bot.errors import CorpusError

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
PRESENTATION_NS = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
META_NS = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC_NS = "http://purl.org/dc/elements/1.1/"
MAX_META_BYTES = 1 << 20  # meta.xml holds a title, an author and dates: a bigger one is not read
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a meta.xml date's day ("2024-03-01T10:00:00"), the only part shown


def _load(data: bytes, name: str) -> Any:
    from odf.opendocument import load

    printed = io.StringIO()
    try:
        # odfpy prints a part it cannot parse to stdout and goes on with what it parsed: never into our
        # output, and a broken content.xml (part of the text silently missing) is the file's error
        with contextlib.redirect_stdout(printed):
            doc = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorpusError(f"{name}: not a readable OpenDocument file ({exc.__class__.__name__})") from None
    except Exception as exc:  # noqa: BLE001 (odfpy raises XML parser errors of its own)
        raise CorpusError(f"{name}: not a readable OpenDocument file ({exc.__class__.__name__})") from None
    failed = printed.getvalue().split(SAX_FAILED)[1:]
    if any("document-content" in part[:2000] for part in failed):
        raise CorpusError(f"{name}: its content.xml is not valid XML")
    return doc  # a broken meta.xml is the metadata reader's warning; styles and settings are not read


SAX_FAILED = "SAX FAILED TO PARSE"  # what odfpy prints before an XML part it could not parse


def _text(element: Any) -> str:
    from odf import teletype

    return teletype.extractText(element)


def _children(element: Any) -> list[Any]:
    return [c for c in element.childNodes if c.nodeType == c.ELEMENT_NODE]


def _blocks(element: Any) -> Iterator[tuple[str, str]]:
    """Headings, paragraphs, list items and tables in document order."""
    for child in _children(element):
        ns, tag = child.qname
        if ns == TEXT_NS and tag == "h":
            yield "heading", _text(child)
        elif ns == TEXT_NS and tag == "p":
            yield "text", _text(child)
        elif ns == TEXT_NS and tag == "list":
            for item in _children(child):
                for kind, text in _blocks(item):
                    yield ("list" if kind == "text" else kind), text
        elif ns == TABLE_NS and tag == "table":
            rows = [[_text(cell) for cell in _children(row) if cell.qname[1] == "table-cell"]
                    for row in child.getElementsByType(_table_row())]
            yield "text", table_rows(rows)
        elif ns == TEXT_NS and tag == "section":
            yield from _blocks(child)


def _table_row() -> type:
    from odf.table import TableRow

    return TableRow


def read_odt(data: bytes, name: str) -> list[Section]:
    """An .odt: one section a heading (located by it), lists one item a line, tables one row a line."""
    doc = _load(data, name)
    if doc.text is None:  # odfpy leaves it unset when content.xml is missing or not XML
        raise CorpusError(f"{name}: its content.xml is missing or not valid XML")
    sections = sections_by_heading(_blocks(doc.text))
    if not sections:
        raise CorpusError(f"{name}: the document has no text")
    return sections


def read_odp(data: bytes, name: str) -> list[Section]:
    """An .odp: one numbered paragraph a slide with its title, text and speaker notes."""
    from odf.draw import Frame, Page

    doc = _load(data, name)
    if doc.presentation is None:  # odfpy leaves it unset when content.xml is missing or not XML
        raise CorpusError(f"{name}: its content.xml is missing or not valid XML, or it is not a presentation")
    slides = []
    for page in doc.presentation.getElementsByType(Page):
        title, body, notes = "", [], ""
        for child in _children(page):
            if child.qname == (PRESENTATION_NS, "notes"):
                notes = "\n".join(_text(p) for p in child.getElementsByType(_paragraph()))
                continue
            frames = [child] if child.qname == (DRAW_NS, "frame") else child.getElementsByType(Frame)
            for frame in frames:
                lines = [_text(p) for p in frame.getElementsByType(_paragraph())]
                lines = [" ".join(line.split()) for line in lines if line.strip()]
                if frame.getAttrNS(PRESENTATION_NS, "class") == "title" and not title and lines:
                    title, lines = " ".join(lines), []
                body += lines
        slides.append((title, body, notes))
    if not any(t or b or n.strip() for t, b, n in slides):
        raise CorpusError(f"{name}: the presentation has no text")
    return [slides_text(slides)]


def _paragraph() -> type:
    from odf.text import P

    return P


def odf_metadata(path: Path) -> FileMetadata:
    """Title, author (initial creator), date (the last save, else the creation) and language from an OpenDocument's
    meta.xml."""
    try:
        with zipfile.ZipFile(path) as package:
            found = _declared(package)
            if isinstance(found, str):
                return FileMetadata(problem=found)
            title = found.get("title", "")
            if not title and path.name.lower().endswith(".odp"):
                # A deck saved without a title is named by its first slide, as its audience saw it (as .pptx).
                title = _first_slide_title(package)
    except (zipfile.BadZipFile, OSError, EOFError):
        return FileMetadata()  # the text reader reports an unreadable file
    # the last save (dc:date) where it is not before the creation, as a Word file's (office.document_date)
    dates = [d[:10] for d in (found.get("creation-date", ""), found.get("date", "")) if _DAY.match(d)]
    return FileMetadata(title=title, author=found.get("initial-creator") or found.get("creator", ""),
                        date=max(dates, default=found.get("creation-date", "")[:10]), lang=found.get("language", ""))


def _declared(package: zipfile.ZipFile) -> dict[str, str] | str:
    """meta.xml's title, creators, creation and last-saved dates and language ({} without one), or what is wrong with
    it."""
    from defusedxml.ElementTree import fromstring

    try:
        member = package.getinfo("meta.xml")
    except KeyError:
        return {}  # no meta.xml: nothing declared
    if member.file_size > MAX_META_BYTES:
        return f"its meta.xml is larger than {MAX_META_BYTES >> 20} MiB"
    data = package.read(member)  # an unreadable member is the caller's: the text reader reports it
    try:
        root = fromstring(data)
    except Exception as exc:  # noqa: BLE001 (XML parse errors of several kinds, defusedxml's refusals)
        return f"its meta.xml is not valid XML ({exc.__class__.__name__})"
    found: dict[str, str] = {}
    for ns, key in ((DC_NS, "title"), (META_NS, "initial-creator"), (DC_NS, "creator"),
                    (META_NS, "creation-date"), (DC_NS, "date"), (DC_NS, "language")):
        element = root.find(f".//{{{ns}}}{key}")
        if element is not None:
            found[key] = "".join(element.itertext()).strip()
    return found


def _first_slide_title(package: zipfile.ZipFile) -> str:
    """The title frame's text on an .odp's first slide ("" when it has none or cannot be read)."""
    from defusedxml.ElementTree import iterparse

    page, frame, para = f"{{{DRAW_NS}}}page", f"{{{DRAW_NS}}}frame", f"{{{TEXT_NS}}}p"
    lines: list[str] = []
    try:
        with package.open("content.xml") as content:
            # streamed, and left at the first slide's end: content.xml can be large
            for _event, element in iterparse(content, events=("end",)):
                if element.tag == frame and element.get(f"{{{PRESENTATION_NS}}}class") == "title":
                    lines = [" ".join("".join(p.itertext()).split()) for p in element.iter(para)]
                    if any(lines):
                        break
                elif element.tag == page:
                    break
    except Exception:  # noqa: BLE001 (the text reader reports an unreadable file; the title is a bonus)
        return ""
    return " ".join(line for line in lines if line)
