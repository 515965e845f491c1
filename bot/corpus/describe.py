"""A source's metadata: what sources.toml says, else what the file declares, else what the text shows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.corpus.characters import plain
from bot.corpus.langtag import language_code
from bot.corpus.manifest import SourceInfo, safe_url, stem_of
from bot.corpus.readers import SLIDE_FORMATS, file_metadata
from bot.corpus.section import Section

FIELDS = ("title", "publisher", "date", "lang", "url")
MANIFEST, FILE, FIRST_LINE, NAME, DETECTED = "sources.toml", "file", "first line", "file name", "detected"
SAMPLE_CHARS = 20_000  # enough text to tell the language; the rest would only cost time


@dataclass(frozen=True)
class Described:
    """A source's settled metadata, and for each field where it came from (MANIFEST, FILE, FIRST_LINE, NAME,
    DETECTED)."""

    info: SourceInfo
    origins: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # why the file's own metadata could not be read: said as a warning
    notes: tuple[str, ...] = ()  # what a build should say of how the file was read (an encoding it guessed)


def text_sample(sections: list[Section]) -> str:
    """The first SAMPLE_CHARS of a document's text."""
    out, size = [], 0
    for section in sections:
        out.append(section.text[:SAMPLE_CHARS - size])
        size += len(out[-1])
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(out)


def describe(info: SourceInfo, path: Path, text: str = "", known_lang: str = "") -> Described:
    """`info` with what the manifest left empty filled in from the file, then from the text.

    :param text: the document's text (a sample), to detect the language when nothing declares it.
    :param known_lang: the language detected in an earlier build, for a source reused unread.
    """
    manifest = {"title": plain(info.title) if info.title != stem_of(info.file).replace("_", " ") else "",
                "publisher": plain(info.publisher), "date": info.date, "lang": info.lang, "url": info.url or ""}
    found = file_metadata(path, plain(info.publisher), info.url or "", declared=bool(manifest["title"] and info.lang))
    from_file = {"title": plain(found.title), "publisher": plain(found.author), "date": found.date,
                 "lang": language_code(found.lang) if found.lang else "", "url": safe_url(found.url) or ""}
    values, origins = {}, {}
    for name in FIELDS:
        if manifest[name]:
            values[name], origins[name] = manifest[name], MANIFEST
        elif from_file[name]:
            values[name], origins[name] = from_file[name], FILE
    if "title" not in values and plain(found.first_line).strip():  # a .txt or .md file's title-like first line
        values["title"], origins["title"] = plain(found.first_line).strip(), FIRST_LINE
    if "title" not in values:
        values["title"], origins["title"] = plain(info.title), NAME
    if "lang" not in values and (text.strip() or known_lang):
        from bot.analysis import detect_language

        values["lang"], origins["lang"] = (detect_language(text) if text.strip() else known_lang), DETECTED
    layout = "slides" if path.suffix.lower() in SLIDE_FORMATS else info.layout
    settled = replace(info, title=values["title"], publisher=values.get("publisher", ""), date=values.get("date", ""),
                      lang=values.get("lang", ""), url=values.get("url") or None, layout=layout)
    notes = (f"not UTF-8: read as {found.encoding}, as detected; if its æ, ø and å look wrong in an answer, "
             "save it as UTF-8",) if found.encoding else ()
    return Described(settled, origins, found.problem, notes)
