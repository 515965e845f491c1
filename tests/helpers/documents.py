"""Small real documents made on the spot (docx, pptx, odt, odp, pdf, html), for the format tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def make_docx(path: Path, title: str = "Delegeringsreglement for Eksempel kommune") -> Path:
    """A .docx with a title property, two headings, a bulleted list and a table."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "Eksempel kommune"
    doc.core_properties.created = dt.datetime(2024, 3, 14)
    doc.core_properties.language = "nb-NO"
    doc.add_heading("Formannskapets myndighet", level=1)
    doc.add_paragraph("Formannskapet kan treffe vedtak i saker der kommunestyret ikke har forbeholdt seg "
                      "myndigheten selv, og i hastesaker etter kommuneloven § 11-8.")
    doc.add_paragraph("Formannskapet skal særlig:")
    for item in ("innstille til kommunestyret om økonomiplan og årsbudsjett",
                 "behandle saker om skatt og gebyrer", "følge opp vedtatte planer"):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("Møteplan", level=1)
    doc.add_paragraph("Utvalgene møtes etter denne planen, som kommunestyret vedtar hvert år.")
    table = doc.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Utvalg", "Møter i året"), ("Formannskapet", "12"),
                                        ("Kontrollutvalget", "6")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.save(path)
    return path


def without_core_properties(path: Path) -> Path:
    """The Office file at `path` rewritten without its core properties part (docProps/core.xml), as some tools save
    one; the part's relationship and content type go with it, so the package stays valid."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "docProps/core.xml":
                continue
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = re.sub(rb"<(Relationship|Override) [^>]*core-properties[^>]*/>", b"", data)
            new.writestr(info, data)
    return path


SLIDES = [
    ("Velkommen til folkevalgtopplæringen", "Program for dagen", "Ønsk deltakerne velkommen."),
    ("Rollen som folkevalgt", "Du representerer innbyggerne\nDu styrer kommunen gjennom vedtak",
     "Spør salen hva de forventer av rollen."),
    ("Kommunedirektørens ansvar", "Saksforberedelse\nIverksetting av vedtak",
     "Kommunedirektøren skal påse at saker er forsvarlig utredet."),
]


def make_pptx(path: Path, slides: list[tuple[str, str, str]] = SLIDES) -> Path:
    """A .pptx of title-and-content slides, each with speaker notes."""
    from pptx import Presentation

    deck = Presentation()
    deck.core_properties.title = "Folkevalgtopplæring 2027"
    deck.core_properties.author = "KS"
    deck.core_properties.created = dt.datetime(2027, 1, 10)
    for title, body, notes in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        slide.notes_slide.notes_text_frame.text = notes
    deck.save(path)
    return path


def make_odt(path: Path) -> Path:
    """An .odt with title metadata, a heading, a paragraph, a list and a table."""
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    doc = OpenDocumentText()
    doc.meta.addElement(Title(text="Reglement for kontrollutvalget"))
    doc.text.addElement(H(outlinelevel=1, text="Kontrollutvalgets oppgaver"))
    doc.text.addElement(P(text="Kontrollutvalget fører løpende kontroll med forvaltningen på vegne av "
                               "kommunestyret og rapporterer til kommunestyret."))
    items = List()
    for text in ("påse at regnskapene blir revidert", "gjennomføre forvaltningsrevisjon"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    doc.text.addElement(items)
    table = Table(name="Medlemmer")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for cells in (("Rolle", "Antall"), ("Medlemmer", "5")):
        row = TableRow()
        for text in cells:
            cell = TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    doc.text.addElement(table)
    doc.save(str(path))
    return path


def make_odp(path: Path, slides: list[tuple[str, str, str]] = SLIDES) -> Path:
    """An .odp with a title frame, a text frame and notes on each slide."""
    from odf.draw import Frame, Page, TextBox
    from odf.namespaces import PRESENTATIONNS
    from odf.opendocument import OpenDocumentPresentation
    from odf.presentation import Notes
    from odf.style import MasterPage, PageLayout
    from odf.text import P

    doc = OpenDocumentPresentation()
    layout = PageLayout(name="layout")
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="master", pagelayoutname=layout)
    doc.masterstyles.addElement(master)
    for title, body, notes in slides:
        page = Page(masterpagename=master)
        for cls, text in (("title", title), ("outline", body)):
            frame = Frame(width="20cm", height="3cm", x="1cm", y="1cm")
            frame.setAttrNS(PRESENTATIONNS, "class", cls)
            box = TextBox()
            for line in text.splitlines():
                box.addElement(P(text=line))
            frame.addElement(box)
            page.addElement(frame)
        note = Notes()
        frame = Frame(width="20cm", height="3cm", x="1cm", y="1cm")
        box = TextBox()
        box.addElement(P(text=notes))
        frame.addElement(box)
        note.addElement(frame)
        page.addElement(note)
        doc.presentation.addElement(page)
    doc.save(str(path))
    return path


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(path: Path, pages: list[list[str]], info: dict[str, str] | None = None) -> Path:
    """A valid PDF with the given lines on each page (Helvetica, WinAnsi) and an /Info dictionary."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    font_no = 3 + 2 * len(pages)
    kids = []
    for i, lines in enumerate(pages):
        page_no, content_no = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_no} 0 R")
        shown = " ".join(f"({_pdf_string(line)}) Tj 0 -16 Td" for line in lines)
        stream = f"BT /F1 11 Tf 72 760 Td {shown} ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_no} 0 R "
                       f"/Resources << /Font << /F1 {font_no} 0 R >> >> >>")
        objects.append(f"<< /Length {len(stream.encode('cp1252'))} >>\nstream\n{stream}\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    entries = " ".join(f"/{k} ({_pdf_string(v)})" for k, v in (info or {}).items())
    objects.append(f"<< {entries} >>")
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("cp1252")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(out)
    return path
