"""What a corpus file's first bytes say it is, when that is not what its name says ("a PDF, named .docx")."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.formats import OLD_OFFICE
from bot.corpus.manifest import READABLE

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Office 97-2003 (.doc, .ppt, .xls)
HEAD_BYTES = 8 << 20  # read to find an old Office file's streams by name; its directory may lie anywhere
# a zip package's telling member, and what it makes the file (ECMA-376 part names; OpenDocument's `mimetype`)
OOXML = (("word/document.xml", "a Word file", ".docx"), ("ppt/presentation.xml", "a PowerPoint file", ".pptx"),
         ("xl/workbook.xml", "an Excel file", ".xlsx"))
ODF = {"application/vnd.oasis.opendocument.text": ("an OpenDocument text", ".odt"),
       "application/vnd.oasis.opendocument.presentation": ("an OpenDocument presentation", ".odp"),
       "application/vnd.oasis.opendocument.spreadsheet": ("an OpenDocument spreadsheet", ".ods")}
# an old Office file's main stream, named in UTF-16 in its directory
OLE2_STREAMS = (("WordDocument", "an old Word file", ".doc"), ("PowerPoint Document", "an old PowerPoint file", ".ppt"),
                ("Workbook", "an old Excel file", ".xls"))
IMAGES = ((b"\x89PNG\r\n\x1a\n", "a PNG image", ".png"), (b"\xff\xd8\xff", "a JPEG image", ".jpg"),
          (b"GIF8", "a GIF image", ".gif"))
TEXT_FORMATS = (".txt", ".md", ".html")  # each reads the others' text: only a binary format is told apart
SAME = {".htm": ".html", ".jpeg": ".jpg"}  # one format, two names
PACKAGES = (".docx", ".pptx", ".odt", ".odp")  # zip packages themselves


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: as people name it ("a PDF") and its usual extension ("" when several fit)."""

    what: str
    suffix: str


def sniff(path: Path) -> Sniffed | None:
    """What the file's bytes show it to be, by their signature; None when they show nothing known (plain text)."""
    with path.open("rb") as handle:
        head = handle.read(1024)
        if head.startswith(OLE2):
            head += handle.read(HEAD_BYTES)
    if b"%PDF-" in head:  # a reader finds it within the first 1024 bytes, after junk some writers leave
        return Sniffed("a PDF", ".pdf")
    if head.startswith(b"PK\x03\x04"):
        return _package(path)
    if head.startswith(OLE2):
        found = [(what, suffix) for stream, what, suffix in OLE2_STREAMS if stream.encode("utf-16-le") in head]
        return Sniffed(*found[0]) if found else Sniffed("an old Office file (.doc, .ppt or .xls)", "")
    if head.startswith(b"{\\rtf"):
        return Sniffed("an RTF document", ".rtf")
    for magic, what, suffix in IMAGES:
        if head.startswith(magic):
            return Sniffed(what, suffix)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return Sniffed("an HTML page", ".html")
    return Sniffed("plain text", ".txt") if _texty(head) else None


def _texty(head: bytes) -> bool:
    """Whether the bytes read as text: no NUL, and nearly every character printable or white space (a Western
    encoding's letters read as UTF-8 fail a few)."""
    if not head.strip() or b"\x00" in head:
        return False
    text = head.decode("utf-8", "replace")[:-1]  # the last character may be cut in two
    return sum(ch.isprintable() or ch in "\t\r\n" for ch in text) >= 0.95 * len(text)


def _package(path: Path) -> Sniffed | None:
    """A zip package as the Office or OpenDocument file its members make it, else a ZIP archive; None when it cannot
    be opened (a cut-off file: its reader says so)."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            mimetype = package.read("mimetype")[:100].decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError):
        return None
    for member, what, suffix in OOXML:
        if member in names:
            return Sniffed(what, suffix)
    if mimetype in ODF:
        return Sniffed(*ODF[mimetype])
    return Sniffed("a ZIP archive", ".zip")


def misnamed(path: Path) -> str:
    """Why `path` is not what its name says, with the fix ("looks like a PDF, named .docx; rename it … .pdf"); "" when
    its bytes agree with its name, or show nothing known."""
    named = SAME.get(path.suffix.lower(), path.suffix.lower())
    try:
        found = sniff(path)
    except OSError:
        return ""  # the reader names the problem
    if found is None or SAME.get(found.suffix, found.suffix) == named:
        return ""
    if named in TEXT_FORMATS and found.suffix in TEXT_FORMATS:
        return ""  # text, HTML in a .txt or text in an .html, is what those readers read
    if found.suffix == ".zip" and named in PACKAGES:
        return ""  # a package whose main part is named otherwise than usual: its reader tries it
    if found.suffix in READABLE:
        fix = f"rename it {path.stem}{found.suffix}"
    elif found.suffix in OLD_OFFICE or not found.suffix:
        fix = OLD_OFFICE.get(found.suffix, "; save it as .docx, .pptx or PDF").removeprefix("; ")
    else:
        fix = "kommunebot does not read it: remove it, or save its text as .docx, .txt or PDF"
    return f"looks like {found.what}, named {path.suffix}; {fix}"
