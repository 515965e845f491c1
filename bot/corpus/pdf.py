"""Reading a PDF: its text layer re-flowed into paragraphs, running headers and footers dropped."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from bot.corpus.section import FileMetadata, Section
from bot.errors import CorpusError

EDGE_LINES = 3          # how many lines at the top and bottom of a page may be running furniture
RUNNING_SHARE = 0.6     # a line on at least this share of the pages (and on 2 or more) is running furniture
EOF_MARKER = b"%%EOF"  # what a whole PDF ends with (in its last KiB); a copy cut short lacks it
# "Side 3 av 3", "Page 3 of 10", "s. 3", "- 3 -", "3 / 10", "3": a page number alone on its line.
_PAGE_NUMBER = re.compile(r"(?i)[-–(\s]*(?:(?:side|sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|af|of|/)\s*\d{1,4})?[-–)\s]*")
_BULLET = re.compile(r"\s*(?:[•\-–*▪●◦]|\d{1,2}[.)])\s+")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


def _shape(line: str) -> str:
    """A line with its numbers blanked: "Side 3 av 9" and "Side 4 av 9" have one shape."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def running_lines(pages: list[list[str]]) -> set[str]:
    """The shapes of lines that repeat at the top or bottom of most pages (headers, footers)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        seen.update({_shape(line) for line in edges if line.strip()})
    least = max(2, RUNNING_SHARE * len(pages))
    return {shape for shape, n in seen.items() if n >= least}


def _furniture(lines: list[str], running: set[str]) -> list[str]:
    """The page's lines without running headers/footers and bare page numbers at its edges."""
    keep = [line for line in lines if line.strip()]
    for edge in (0, -1):
        for _ in range(EDGE_LINES):
            if not keep:
                break
            line = keep[edge]
            if _shape(line) in running or _PAGE_NUMBER.fullmatch(line):
                keep.pop(edge)
            else:
                break
    # a running line may also sit deeper than the edge (a header of two lines): drop it anywhere
    return [line for line in keep if _shape(line) not in running]


def reflow(lines: list[str]) -> str:
    """Lines of a PDF page joined into paragraphs: hyphens at line ends removed, list items
    and headings kept on their own lines, a short line ending a sentence closing its paragraph."""
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    width = sorted(len(line) for line in lines)[len(lines) * 3 // 4]  # a full line's length
    paragraphs: list[str] = []
    current = ""

    def heading_like(n: int) -> bool:  # a short line that does not end a sentence, before a capital or the page's end
        line, after = lines[n], lines[n + 1] if n + 1 < len(lines) else ""
        return (len(line) < 0.8 * width and not line.endswith((".", "!", "?", ":", "»", '"', ","))
                and not _BULLET.match(line) and (not after or after[:1].isupper()) and len(line.split()) <= 12)

    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not current:
            current = line
        elif _BULLET.match(line):
            current += "\n" + line
        elif _HYPHENATED.search(current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current += " " + line
        short = len(line) < 0.8 * width
        ends = line.endswith((".", "!", "?", ":", "»", '"'))
        heading = short and not ends and not _BULLET.match(line) and nxt[:1].isupper() and len(line.split()) <= 12
        # a full line ending a sentence before a heading ("Kapittel 2" after a paragraph's last full line) ends its
        # paragraph: the heading had run on at the end of the paragraph above it
        after_end = line.endswith((".", "!", "?")) and bool(nxt) and heading_like(i + 1)
        if not nxt or (short and ends) or heading or after_end or \
                (_BULLET.match(nxt) and not _BULLET.match(line) and ends):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def read_pdf(data: bytes, name: str) -> list[Section]:
    """A PDF's pages as sections located "side N", re-flowed, without running headers and footers."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # a PDF locked against editing alone opens without a password, as in any viewer
            reader.decrypt("")
        pages = [(page.extract_text() or "").splitlines() for page in reader.pages]
    except FileNotDecryptedError:  # "(FileNotDecryptedError)" had named the library's error, not the fix
        raise CorpusError(f"{name}: the PDF is password-protected; save a copy without the password and add that") \
            from None
    except DependencyError:  # AES, which pypdf opens only with a cryptography package the product does not ship
        raise CorpusError(f"{name}: the PDF is encrypted (AES), which kommunebot cannot open; save a copy without "
                          "protection and add that") from None
    except (PdfReadError, ValueError, KeyError, OSError, TypeError) as exc:
        # A PDF ends in %%EOF within its last KiB (readers look there): without it the copy or download stopped
        # short, as half a .docx does, and the fix is the same; either way the maintainer is told what to do, where
        # "not a readable PDF (PdfStreamError)" had named only the library's error.
        if EOF_MARKER not in data[-1024:]:
            raise CorpusError(f"{name}: cut short: the PDF stops before its end (no %%EOF; "
                              f"{exc.__class__.__name__}); copy it again, or save it again from the program that "
                              "made it") from None
        raise CorpusError(f"{name}: not a readable PDF ({exc.__class__.__name__}): it is damaged; save it again "
                          "from the program that made it, or print it to a new PDF") from None
    running = running_lines(pages)
    sections = [Section(reflow(_furniture(lines, running)), f"side {n}", page=True)
                for n, lines in enumerate(pages, 1)]
    sections = [s for s in sections if s.text.strip()]
    if not sections:
        raise CorpusError(f"{name}: the PDF has no text layer (scanned images need OCR first)")
    return sections


def pdf_metadata(path: Path) -> FileMetadata:
    """The title, author and creation date a PDF declares in its document information."""
    from pypdf import PdfReader

    try:
        info: dict = dict(PdfReader(path).metadata or {})
        title, author, created = (str(info.get(k) or "").strip() for k in ("/Title", "/Author", "/CreationDate"))
    except Exception:  # noqa: BLE001 (metadata is a bonus: a PDF that reads but has odd info keeps its text)
        return FileMetadata()
    m = _DATE.match(created)
    date = "-".join(part for part in (m.groups() if m else ()) if part)
    return FileMetadata(title=title, author=author, date=date)
