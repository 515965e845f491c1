"""The records a format reader returns: text sections, and the metadata a file declares."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A stretch of a document's text; `location` is set where the format has one (PDF page, a Word heading)."""

    text: str
    location: str = ""
    # the heading the format marks the text under (a Word or Markdown heading, an HTML <h2>), its first paragraph:
    # the chunker takes it as the heading whatever it looks like ("Hva får jeg betalt?" is no heading by its look)
    heading: str = ""
    page: bool = False  # a PDF page: its text goes on on the next page, so a heading at its foot heads the next's


@dataclass(frozen=True)
class FileMetadata:
    """What a file says of itself (PDF info, Office core properties, HTML head); "" when it says nothing."""

    title: str = ""
    author: str = ""
    date: str = ""
    lang: str = ""
    url: str = ""
    problem: str = ""  # why the file's metadata could not be read (a warning: the text may still be)
    encoding: str = ""  # the encoding a text file was read in when it was detected, not UTF-8 ("Windows-1252")
    first_line: str = ""  # a plain-text or Markdown file's first line where it looks like a title (titleline.py)
