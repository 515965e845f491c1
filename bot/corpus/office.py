"""Reading Word (.docx) and PowerPoint (.pptx) files with python-docx and python-pptx."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.corpus.section import FileMetadata, Section
from bot.errors import CorpusError

# the relationship python-docx and python-pptx find a package's core properties part by
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
LIST_STYLES = ("list", "liste")  # "List Bullet", "List Number", a Norwegian template's "Punktliste"
# The moments python-pptx's and python-docx's own default templates carry as their creation and last save
# (pptx/templates/default.pptx, docx/templates/default.docx; a test checks them against the installed libraries). A
# file either library makes keeps them unless its maker sets others, as neither sets a date when it saves: they are
# when the libraries' author saved the templates in 2013, no date of the file's author.
TEMPLATE_MOMENTS = frozenset({
    dt.datetime(2013, 1, 27, 9, 14, 16, tzinfo=dt.UTC), dt.datetime(2013, 1, 27, 9, 15, 58, tzinfo=dt.UTC),  # pptx
    dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC),  # docx
})
# The people the same templates name, kept likewise unless a file's maker names others: python-docx's author
# "python-docx", python-pptx's last saver "Steve Canny", the libraries' author (python-pptx's author is empty). A
# document's author is cited as its publisher, so a maintainer's file made with python-docx was cited "· python-docx".
# Only the author is read; the last saver is listed too, so the set is all the templates carry, should it be read (as
# opendoc.py reads an OpenDocument's last saver where it names no creator). A test checks them against the installed
# libraries.
TEMPLATE_PEOPLE = frozenset({"python-docx", "Steve Canny"})


def _open(kind: Callable[[io.BytesIO], Any], data: bytes, name: str, what: str) -> Any:
    try:
        return kind(io.BytesIO(data))
    except KeyError as exc:  # the package lists a part it does not hold: say which, "(KeyError)" told a maintainer nothing
        missing = re.search(r"'([^']+)'", str(exc))
        part = f": it lists {missing.group(1)} but does not hold it" if missing else " (a part it lists is missing)"
        raise CorpusError(f"{name}: not a readable {what} file{part}") from None
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorpusError(f"{name}: not a readable {what} file ({exc.__class__.__name__})") from None
    except Exception as exc:  # noqa: BLE001 (the libraries raise their own types for a wrong package)
        raise CorpusError(f"{name}: not a readable {what} file ({exc.__class__.__name__})") from None


def table_rows(rows: list[list[str]]) -> str:
    """A table as one line a row, cells joined by " | ", empty rows left out."""
    lines = []
    for cells in rows:
        cells = [" ".join(c.split()) for c in cells]
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def sections_by_heading(blocks: Iterator[tuple[str, str]]) -> list[Section]:
    """Blocks (("heading"|"list"|"text", text)) grouped into one section a heading, located by it.

    List items stay one a line in one paragraph, so the chunker keeps a list together.
    """
    sections: list[Section] = []
    heading, paragraphs = "", list[str]()
    above: list[str] = []  # headings with nothing under them before the next ("Kapittel 2" above "2.1 Formål")

    def close() -> None:
        body = "\n\n".join(p for p in paragraphs if p.strip())
        if body:
            # the headings above this one head its text too: their own paragraphs before it, not lost
            head = "\n\n".join([*above, heading]) if heading else ""
            sections.append(Section(f"{head}\n\n{body}" if head else body, heading, heading))
            above.clear()
        elif heading:
            above.append(heading)

    previous = ""
    for kind, text in blocks:
        text = text.strip()
        if not text:
            continue
        if kind == "heading":
            close()
            heading, paragraphs = " ".join(text.split()), []
        elif kind == "list" and paragraphs and (previous == "list" or paragraphs[-1].endswith(":")):
            paragraphs[-1] += f"\n• {text}"  # a list stays with its items and with the line that leads in
        else:
            paragraphs.append(f"• {text}" if kind == "list" else text)
        previous = kind
    close()
    if above:  # headings at the end with nothing under them: the last paragraphs of the text
        last = sections.pop() if sections else Section("")
        sections.append(replace(last, text="\n\n".join(p for p in (last.text, *above) if p)))
    return sections


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What a Word paragraph shows, by element: its text, tabs and line breaks. python-docx's Paragraph.text reads only the
# runs directly in a paragraph or a link, so a tracked insertion not yet accepted (w:ins), a content control's text
# (w:sdt: a template's date or case number), a field's result (w:fldSimple) and a smart tag were left out of the text
# indexed and quoted, though Word shows them; deleted text is w:delText, never read.
_SHOWN: dict[str, str | None] = {f"{W}t": None, f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
# Not this paragraph's text: a text box's paragraphs inside it (a drawing's), and text moved away (w:moveFrom).
_NOT_SHOWN = {f"{W}txbxContent", f"{W}moveFrom", f"{W}del"}


def shown_text(element: Any) -> str:
    """The text a Word paragraph (w:p) shows, tracked insertions and content controls included."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _NOT_SHOWN:
                continue
            if tag in _SHOWN:
                shown = _SHOWN[tag]
                parts.append(shown if shown is not None else child.text or "")
            elif tag != f"{W}p":  # a paragraph nested in this one is its own
                walk(child)

    walk(element)
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    """A table cell's text as Word shows it: its paragraphs, a line each."""
    return "\n".join(shown_text(p) for p in cell._tc.iterchildren(f"{W}p"))


# What wraps a run of paragraphs and tables in a Word body without being one: a content control (a template's section
# "Saksopplysninger"), a tracked insertion of whole paragraphs, custom XML. python-docx's iter_inner_content yields only
# the body's own paragraphs and tables, so the text inside these had been left out.
_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}customXml", f"{W}smartTag"}


def _body_blocks(parent: Any, document: Any) -> Iterator[Any]:
    """The Paragraphs and Tables of a Word body in document order, those inside wrappers (`_WRAPPERS`) included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if child.tag == f"{W}p":
            yield Paragraph(child, document._body)
        elif child.tag == f"{W}tbl":
            yield Table(child, document._body)
        elif child.tag in _WRAPPERS:
            yield from _body_blocks(child, document)


def _docx_blocks(document: Any) -> Iterator[tuple[str, str]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in _body_blocks(document.element.body, document):
        if isinstance(block, Table):
            yield "text", table_rows([[_cell_text(cell) for cell in row.cells] for row in block.rows])
        elif isinstance(block, Paragraph):
            style = (block.style.name if block.style is not None else "").lower()
            numbered = block._p.pPr is not None and block._p.pPr.numPr is not None
            text = shown_text(block._p)
            if style.startswith(("heading", "overskrift")) or style == "title":
                yield "heading", text
            elif numbered or style.startswith(LIST_STYLES) or "punktliste" in style:
                yield "list", text
            else:
                yield "text", text


def read_docx(data: bytes, name: str) -> list[Section]:
    """A .docx: one section a heading (located by it), lists one item a line, tables one row a line."""
    from docx import Document

    document = _open(Document, data, name, "Word (.docx)")
    sections = sections_by_heading(_docx_blocks(document))
    if not sections:
        raise CorpusError(f"{name}: the document has no text")
    return sections


def _shape_text(shape: Any) -> list[str]:
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return [p.strip() for p in shape.text_frame.text.splitlines() if p.strip()]
    if getattr(shape, "has_table", False) and shape.has_table:
        return table_rows([[cell.text for cell in row.cells] for row in shape.table.rows]).splitlines()
    if hasattr(shape, "shapes"):  # a group
        return [line for inner in shape.shapes for line in _shape_text(inner)]
    return []


def slides_text(slides: list[tuple[str, list[str], str]]) -> Section:
    """Slides (title, body lines, notes) as one numbered transcript: "N title\\nbody\\nnotes" a slide.

    The chunker's "slides" layout makes each numbered paragraph one chunk located "lysbilde N";
    a slide without text keeps its number so the numbering stays in step.
    """
    paragraphs = []
    for n, (title, body, notes) in enumerate(slides, 1):
        lines = [line for line in [title, *body, *notes.splitlines()] if line.strip()]
        paragraphs.append(" ".join(f"{n} {lines[0]}".split()) + "".join(f"\n{' '.join(x.split())}" for x in lines[1:])
                          if lines else str(n))
    return Section("\n\n".join(paragraphs))


def read_pptx(data: bytes, name: str) -> list[Section]:
    """A .pptx: one numbered paragraph a slide with its title, text, tables and speaker notes."""
    from pptx import Presentation

    deck = _open(Presentation, data, name, "PowerPoint (.pptx)")
    slides = []
    for slide in deck.slides:
        title_shape = slide.shapes.title
        title = title_shape.text_frame.text.strip() if title_shape is not None and title_shape.has_text_frame else ""
        title_id = title_shape.shape_id if title_shape is not None else None
        body = [line for shape in slide.shapes if shape.shape_id != title_id for line in _shape_text(shape)]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide and \
            slide.notes_slide.notes_text_frame is not None else ""
        slides.append((" ".join(title.split()), body, notes))
    if not any(t or b or n.strip() for t, b, n in slides):
        raise CorpusError(f"{name}: the presentation has no text")
    return [slides_text(slides)]


def _first_slide_title(deck: Any) -> str:
    """The title on a deck's first slide ("" when it has none)."""
    if not len(deck.slides):
        return ""
    shape = deck.slides[0].shapes.title
    return " ".join(shape.text_frame.text.split()) if shape is not None and shape.has_text_frame else ""


# The paragraph styles a Word document's own title stands in, by the names python-docx reads (a built-in style's
# English name), and in Norwegian as `_docx_blocks` takes "overskrift" for a heading.
TITLE_STYLES = ("title", "tittel")
HEADING_1_STYLES = ("heading 1", "overskrift 1")


def _docx_heading_title(document: Any) -> str:
    """The title a Word document shows on its first page: its paragraph in the Title style, else its first Heading 1
    ("" when it has neither)."""
    from docx.text.paragraph import Paragraph

    first_heading = ""
    for paragraph in _body_blocks(document.element.body, document):  # a template's title is often a content control
        if not isinstance(paragraph, Paragraph):
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        text = " ".join(shown_text(paragraph._p).split())
        if not text:
            continue
        if style in TITLE_STYLES:
            return text
        if style in HEADING_1_STYLES and not first_heading:
            first_heading = text
    return first_heading


def office_metadata(path: Path) -> FileMetadata:
    """Title, author, date (the last save, `document_date`) and language from a .docx/.pptx's core properties; without
    a title property, a deck's first slide's title or a Word document's Title or first Heading 1."""
    shown = ""  # the title the file shows its reader, for one whose properties name none
    try:
        if path.name.lower().endswith(".pptx"):
            from pptx import Presentation

            deck = Presentation(str(path))
            props = _core_part(deck.part.package)  # python-pptx's part is its properties
            shown = _first_slide_title(deck)
        else:
            from docx import Document

            document = Document(str(path))
            part = _core_part(document.part.package)
            props = part.core_properties if part is not None else None
            shown = _docx_heading_title(document)
    except Exception:  # noqa: BLE001 (the text reader reports an unreadable file; metadata is a bonus)
        return FileMetadata()
    if props is None:
        return FileMetadata(title=shown)
    # A deck saved without a title property is named by its first slide, as its audience saw it; a Word file by the
    # heading on its first page (python-docx sets no title: such a file had been cited by its file name).
    author = (props.author or "").strip()
    return FileMetadata(title=(props.title or "").strip() or shown,
                        author="" if author in TEMPLATE_PEOPLE else author,
                        date=document_date(props.created, props.modified), lang=(props.language or "").strip())


def _core_part(package: Any) -> Any:
    """A package's core properties part, or None without one.

    Asked for a part that is missing, python-docx and python-pptx make one up (title "Word Document" or "PowerPoint
    Presentation", last saved now): a file that declares nothing would be cited by that title and dated the day of the
    build.
    """
    try:
        return package.part_related_by(CORE_PROPERTIES)
    except KeyError:
        return None


def document_date(created: dt.datetime | None, modified: dt.datetime | None) -> str:
    """A document's date from its properties: the last save (modified) where it is not before the creation, else the
    creation ("" without either, and for a date of python-pptx's or python-docx's own template).

    The last save is the date people cite: a reglement copied from last year's file and edited was created then. A
    modified date before the creation is not a save of this document but one its maker left unset: the creation is
    then the better date. A date of the libraries' templates (TEMPLATE_MOMENTS) is none of the file's: a deck
    python-pptx made without dates had been cited as of 27 January 2013. Without another, the file is not dated, and a
    `date` in sources.toml is the one it is cited with.
    """
    dates = [_comparable(d) for d in (created, modified) if d is not None]
    dates = [d for d in dates if d not in TEMPLATE_MOMENTS]
    return max(dates).date().isoformat() if dates else ""


def _comparable(moment: dt.datetime) -> dt.datetime:
    """`moment` as UTC, a naive one read as UTC (core properties are written in UTC)."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
