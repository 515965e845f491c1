"""Reading one corpus file of any supported format into text sections or records."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bot.config import ReadLimits
from bot.corpus import markdown, office, opendoc, pdf, webpage
from bot.corpus.characters import plain
from bot.corpus.encoding import ENCODING_NAMES, SAVE_AS_UTF8, EncodingUnknown, decode_text, utf8_blocks
from bot.corpus.manifest import safe_url
from bot.corpus.section import FileMetadata, Section
from bot.corpus.sniff import misnamed
from bot.corpus.titleline import title_line
from bot.errors import CorpusError

__all__ = ["FileMetadata", "Record", "Section", "file_hash", "file_metadata", "read_records", "read_sections"]

MAX_TEXT_BYTES = 50 * 1024 * 1024  # a bigger .txt/.html/.pdf is almost surely a mistake
ARCHIVES = (".docx", ".pptx", ".odt", ".odp")  # zip packages: their members are unpacked in memory
GZ_RATIO = 20  # a .jsonl.gz may unpack to this many times its size (laws: 5) or the limit, whichever is more
BLOCK = 1 << 20
_NON_SPACE = re.compile(rb"\S")  # searched for in C: a million blank lines cost no Python loop


@dataclass(frozen=True)
class Record:
    """One pre-chunked passage of a .jsonl source; `cite_id` (the record's own id) is what is cited.

    A record longer than MAX_RECORD_CHARS comes as several parts: the first keeps the record's
    id, the others are "<id>~2", "<id>~3", …, all citing the record.
    """

    id: str
    title: str
    text: str
    lang: str = ""
    location: str = ""
    url: str | None = None
    cite_id: str = ""
    heading: str = ""  # what the passage is about, searched and embedded as its sentences' context, never shown


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode_file(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """A text file's text and the encoding it was read in: UTF-8, else the encoding the file declares (`declared`, a
    web page's <meta charset>; then "" is returned, nothing having been guessed), else one of the Western encodings a
    Windows, Mac or DOS program saves in, detected as the review upload and `eval` detect them
    (bot.corpus.encoding). CorpusError for an empty file, binary content, or bytes no such encoding reads."""
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CorpusError(f"{name}: binary content (NUL bytes), not text")
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-8")  # valid UTF-8 is UTF-8, whatever a page says of itself
        except UnicodeDecodeError:
            try:
                return data.decode(declared).replace("\x00", ""), ""
            except UnicodeDecodeError:
                pass  # the declaration is wrong: detected as an undeclared file's encoding is
    try:
        text, encoding = decode_text(data, name)
    except EncodingUnknown:
        raise CorpusError(f"{name}: not text: neither UTF-8 nor a Western encoding (Windows-1252, ISO-8859-15, "
                          f"Mac Roman, cp850) reads it; if it is text, {SAVE_AS_UTF8}") from None
    return text.replace("\x00", ""), encoding  # a NUL past the sniffed start: dropped


def _decode(data: bytes, name: str) -> str:
    return decode_file(data, name)[0]


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# what a browser reads a declared label as (the WHATWG Encoding Standard): Latin-1 and ASCII are Windows-1252
_AS_BROWSERS_READ = {"latin-1": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The encoding a web page declares in its first 2 KiB (`<meta charset=…>`, or http-equiv's `content="…;
    charset=…"`), as Python names it; None when it declares none Python knows. A page in ISO-8859-1 that said so had
    been read in the encoding a detector guessed, DOS cp850 for a short one ("Særutskrift" as "Sµrutskrift")."""
    found = _META_CHARSET.search(data[:2048])
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _AS_BROWSERS_READ.get(name, name)


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    return decode_file(data, name, declared_charset(data))


def guessed_encoding(encoding: str) -> str:
    """The encoding a file was read in as people name it, when it was detected rather than declared
    (UTF-8, or UTF-16 with its byte-order mark, is not a guess): "" for those."""
    if encoding.replace("_", "-").lower() in ("utf-8", "ascii", "utf-16-le", "utf-16-be"):
        return ""
    return ENCODING_NAMES.get(encoding, encoding)


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise CorpusError(f"{path.name}: {size // (1 << 20)} MiB is too large for a text document "
                          f"(limit {MAX_TEXT_BYTES >> 20} MiB); split it or convert it to .jsonl")
    return path.read_bytes()


def read_text(path: Path) -> list[Section]:
    """A .txt file: its whole text as one section."""
    return [Section(_decode(_read_bytes(path), path.name))]


def read_markdown(path: Path) -> list[Section]:
    """A .md file parsed as Markdown: one section a heading, located by it, without the markup."""
    sections = markdown.read_markdown(_decode(_read_bytes(path), path.name))
    if not sections:
        raise CorpusError(f"{path.name}: the Markdown has no text")
    return sections


def read_html(path: Path) -> list[Section]:
    """An .html file: its main text only (trafilatura drops menus, footers and ads)."""
    return webpage.read_html(_decode_html(_read_bytes(path), path.name)[0], path.name)


def read_pdf(path: Path) -> list[Section]:
    """A .pdf file: its text layer re-flowed, one section a page, located as "side N"."""
    return pdf.read_pdf(_read_bytes(path), path.name)


def check_unpacked(path: Path, limits: ReadLimits) -> None:
    """CorpusError when a zip package's members unpack to more than the limit (a zip bomb), or it is cut short.

    The reader libraries unpack whole members into memory; zipfile stops at a member's declared
    size (a larger one fails its CRC), so the declared sizes bound what reading may unpack.
    """
    try:
        with zipfile.ZipFile(path) as package:
            size = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        with path.open("rb") as handle:
            begun = handle.read(4) == b"PK\x03\x04"
        if begun:  # a package's start without its end (its directory): half a copy, a download stopped
            raise CorpusError(f"{path.name}: cut short or damaged: its zip package cannot be opened "
                              f"({exc.__class__.__name__}); copy it again, or save it again from the program that made "
                              "it") from None
        return  # not a zip package: the reader names the problem
    if size > limits.unpacked_mb << 20:
        raise CorpusError(f"{path.name}: unpacks to {size >> 20:,} MiB, more than the {limits.unpacked_mb} MiB "
                          "a document may unpack to (KOMMUNEBOT_READ_UNPACKED_MB)")


def _open_lines(path: Path, limits: ReadLimits) -> Iterator[tuple[int, bytes]]:
    """The file's non-blank lines with their numbers; CorpusError on an over-long line or a .gz bomb."""
    packed = path.name.lower().endswith(".gz")
    most = max(limits.unpacked_mb << 20, GZ_RATIO * path.stat().st_size) if packed else None
    max_line = limits.line_mb << 20
    opener = gzip.open if packed else open
    number, rest = 0, b""

    def read(read_block: Callable[[int], bytes]) -> Iterator[bytes]:
        unpacked = 0
        while block := read_block(BLOCK):
            unpacked += len(block)
            if most is not None and unpacked > most:
                raise CorpusError(f"{path.name}: unpacks to more than {most >> 20:,} MiB (KOMMUNEBOT_READ_UNPACKED_MB, "
                                  f"or {GZ_RATIO} times the packed size)")
            yield block

    with opener(path, "rb") as handle:
        # JSON Lines is UTF-8; one saved with a byte-order mark (Notepad's UTF-8 or "Unicode") is read as utf8_text
        # reads sources.toml and questions.tsv, the marked UTF-16 turned into UTF-8 a block at a time
        for block in utf8_blocks(read(handle.read)):
            text = rest + block
            end = text.rfind(b"\n") + 1 if block else len(text)
            at = 0  # `number` counts the newlines before `at`
            found = None if text[:end].isspace() else _NON_SPACE.search(text, 0, end)
            while found:
                start = text.rfind(b"\n", 0, found.start()) + 1
                stop = text.find(b"\n", found.start(), end)
                stop = end if stop < 0 else stop
                number += text.count(b"\n", at, start)
                at = start
                yield number + 1, text[start:stop]
                found = _NON_SPACE.search(text, stop, end)
            number += text.count(b"\n", at, end)
            rest = text[end:]
            if len(rest) > max_line:
                raise CorpusError(f"{path.name}: line {number + 1} is longer than {limits.line_mb} MiB "
                                  "(KOMMUNEBOT_READ_LINE_MB); split the record")


RECORD_TEXT_KEYS = ("title", "lang", "location", "heading")
MAX_RECORD_CHARS = 100_000  # a passage is quoted whole; a longer "record" (a law's table) is split into parts
# A heading says in a few words what a passage is about, and is embedded before each of its sentences: a longer one
# (the passage put in "heading" by mistake) would fill the model's window and leave the sentences out, never shown.
MAX_HEADING_CHARS = 500


def _clean_string(value: str, key: str) -> str:
    """`value` without NUL characters; an unpaired surrogate (not text in any encoding) is an error."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f'"{key}" holds an unpaired surrogate escape (\\ud800-\\udfff), not text') from None
    return plain(value)


def _record(obj: object) -> Record:
    """One parsed line checked against the record schema; ValueError names the bad key."""
    if not isinstance(obj, dict):
        raise ValueError("is not a JSON object")
    for key in ("id", "text"):
        if not isinstance(obj.get(key), str):
            raise ValueError(f'lacks a string "{key}"')
    for key in RECORD_TEXT_KEYS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise ValueError(f'"{key}" must be a string, not {type(obj[key]).__name__}')
    url = obj.get("url")
    if url is not None and url != "" and safe_url(url) is None:
        raise ValueError('"url" must be an http:// or https:// address (or null)')
    fields = {k: _clean_string(obj.get(k) or "", k) for k in ("id", "text", *RECORD_TEXT_KEYS)}
    if not fields["id"].strip():
        raise ValueError('"id" is empty')
    if len(fields["heading"]) > MAX_HEADING_CHARS:
        raise ValueError(f'"heading" is {len(fields["heading"]):,} characters, over {MAX_HEADING_CHARS}: a heading says '
                         'in a few words what the passage is about, the passage goes in "text"')
    return Record(fields["id"], fields["title"], fields["text"], fields["lang"], fields["location"], url or None,
                  fields["id"], fields["heading"])


def _parts(text: str, limit: int = MAX_RECORD_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the last white space before the limit."""
    parts = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        parts.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*parts, text] if text else parts


UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _not_json(raw: bytes) -> str:
    """Why a .jsonl line is no record: saved in another encoding than UTF-8, which JSON Lines is (Notepad's UTF-16,
    an older Windows one), said with the fix; "line 1 is not valid JSON" had named a sound line. Else not JSON."""
    if b"\x00" in raw or raw.startswith(UTF16_MARKS):
        return f"is UTF-16, not UTF-8: {SAVE_AS_UTF8}"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"is not UTF-8 (its æ, ø or å saved in an older encoding): {SAVE_AS_UTF8}"
    return "is not valid JSON"


def read_records(path: Path, limits: ReadLimits = ReadLimits()) -> Iterator[Record]:
    """A .jsonl(.gz) file: one passage a line, {"id","title","text","lang"[,"location","url","heading"]}."""
    seen: set[str] = set()
    count = 0
    try:
        for number, raw in _open_lines(path, limits):
            if b"\x00" in raw:  # UTF-16 with no mark to tell it by: json.loads would read its first line, not the rest
                raise CorpusError(f"{path.name}: line {number} {_not_json(raw)}")
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise CorpusError(f"{path.name}: line {number} {_not_json(raw)}") from None
            try:
                rec = _record(obj)
            except ValueError as exc:
                raise CorpusError(f"{path.name}: line {number} {exc}") from None
            if rec.id in seen:
                raise CorpusError(f"{path.name}: line {number} repeats the id {rec.id!r}")
            seen.add(rec.id)
            if not rec.text.strip():
                continue
            count += 1
            if len(rec.text) <= MAX_RECORD_CHARS:
                yield rec
                continue
            for n, part in enumerate(_parts(rec.text), 1):
                pid = rec.id if n == 1 else f"{rec.id}~{n}"
                if pid in seen and n > 1:
                    raise CorpusError(f"{path.name}: line {number}: the part id {pid!r} is also a record's id")
                seen.add(pid)
                yield Record(pid, rec.title, part, rec.lang, rec.location, rec.url, rec.id, rec.heading)
    except UnicodeDecodeError:  # marked UTF-16 that is not: half a character, a lone surrogate
        raise CorpusError(f"{path.name}: begins with a UTF-16 byte-order mark but is not UTF-16 text: "
                          f"{SAVE_AS_UTF8}") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise CorpusError(f"{path.name}: cannot be read ({exc.__class__.__name__}: {exc})") from None
    if count == 0:
        raise CorpusError(f"{path.name}: no passages in the file")


# How each document format is read; .jsonl(.gz) is read by read_records instead.
READERS: dict[str, Callable[[Path], list[Section]]] = {
    ".txt": read_text, ".md": read_markdown, ".html": read_html, ".htm": read_html, ".pdf": read_pdf,
    ".docx": lambda p: office.read_docx(_read_bytes(p), p.name),
    ".pptx": lambda p: office.read_pptx(_read_bytes(p), p.name),
    ".odt": lambda p: opendoc.read_odt(_read_bytes(p), p.name),
    ".odp": lambda p: opendoc.read_odp(_read_bytes(p), p.name),
}
# A format's reader version, bumped when what its reader makes of the same file changes: an incremental build reuses a
# source whose content and reading are unchanged, chunks and their titles as the old reader made them. 0.4.38: a
# Word or PowerPoint file without core properties is no longer titled "Word Document" (its chunks had kept that).
# 0.4.39: a web page's title without the site's name ("Slik fungerer kommunestyret – KS"). 0.4.39's headings above
# headings (Word, OpenDocument, Markdown, HTML) and a PDF heading after a sentence came with CHUNKER_VERSION 7, which has
# every source read again. 0.4.40: a web page's title without the publisher sources.toml gives it. 0.4.42: a Word file
# without a title property is titled by its Title or first Heading 1, not its file name. 0.4.43: a web page is read in
# the encoding its <meta> declares, where a detector's guess had read a short ISO-8859-1 page as DOS cp850. 0.4.45: a
# Word file's tracked insertions, content controls and fields are read (office.shown_text); they had been left out.
READER_VERSIONS: dict[str, str] = {".docx": "4", ".pptx": "2", ".html": "4", ".htm": "4"}
# What of a source's sources.toml entry its chunks' title is read with, by format, beside what every digest holds: a web
# page's title is cut by the publisher and url given it (webpage.html_metadata), so a change to them reads it again.
TITLE_FROM_MANIFEST: dict[str, tuple[str, ...]] = {".html": ("publisher", "url"), ".htm": ("publisher", "url")}
SLIDE_FORMATS = (".pptx", ".odp")  # one numbered paragraph a slide: chunked with the "slides" layout


def read_sections(path: Path, limits: ReadLimits = ReadLimits()) -> list[Section]:
    """Dispatch a document file to its reader by extension (an unknown one is read as text); one whose bytes are
    another format's (a PDF named .docx) is a CorpusError saying so, where its reader had named its own failure
    ("not a readable Word (.docx) file (BadZipFile)")."""
    if path.stat().st_size == 0:  # as a text file's reader says it: an empty .pptx had been "(BadZipFile)"
        raise CorpusError(f"{path.name}: the file is empty")
    if told := misnamed(path):
        raise CorpusError(f"{path.name}: {told}")
    if path.suffix.lower() in ARCHIVES:
        check_unpacked(path, limits)
    return READERS.get(path.suffix.lower(), read_text)(path)


def file_metadata(path: Path, publisher: str = "", url: str = "", declared: bool = False) -> FileMetadata:
    """What the file declares of itself: PDF info, Office/OpenDocument properties, the HTML head (its title without
    the site's name, which the `publisher` and `url` sources.toml gives name too), a .jsonl's records' shared title
    and language (not read when `declared`: sources.toml gives both)."""
    suffix = path.suffix.lower()
    try:
        if is_records(path):
            return FileMetadata() if declared else records_metadata(path)
        if suffix == ".pdf":
            return pdf.pdf_metadata(path)
        if suffix in (".docx", ".pptx"):
            return office.office_metadata(path)
        if suffix in (".odt", ".odp"):
            return opendoc.odf_metadata(path)
        if suffix in (".html", ".htm"):
            text, encoding = _decode_html(_read_bytes(path), path.name)
            return replace(webpage.html_metadata(text, publisher, url), encoding=guessed_encoding(encoding))
        # A Markdown file is titled by its first "# " heading, as a Word file by its title property; without one, and
        # a .txt file, by a first line that looks like a title. Read from the file each time, so a build that reuses
        # the source unread gives the same title.
        if suffix == ".md":
            text, encoding = decode_file(_read_bytes(path), path.name)
            title = markdown.markdown_title(text)
            return FileMetadata(title=title, first_line="" if title else title_line(markdown.first_paragraph(text)),
                                encoding=guessed_encoding(encoding))
        if suffix == ".txt":
            text, encoding = decode_file(_read_bytes(path), path.name)
            return FileMetadata(first_line=title_line(text), encoding=guessed_encoding(encoding))
    except (CorpusError, OSError):
        pass  # the text reader reports the file; metadata is only a bonus
    return FileMetadata()


def records_metadata(path: Path) -> FileMetadata:
    """A .jsonl's title and language where all its records share one: the document they were cut from, as its
    passages are cited. Records of several titles (an FAQ's questions) give none, and the file is named by its name.

    Read a line at a time, and of each record only what says whether it is read and what it is titled: its text is
    never cleaned nor checked as `read_records` does (a build reads every undeclared file so, an unchanged one too,
    and 100 MB had taken 4.6 s). A file whose records the reader refuses gives nothing, as before: the build refuses
    the file, naming the line."""
    titles: set[str] = set()
    langs: set[str] = set()
    try:
        for _number, raw in _open_lines(path, ReadLimits()):
            obj = json.loads(raw) if b"\x00" not in raw else None
            if not isinstance(obj, dict) or not all(isinstance(obj.get(key), str) for key in ("id", "text")) or any(
                    obj.get(key) is not None and not isinstance(obj[key], str) for key in RECORD_TEXT_KEYS):
                return FileMetadata()
            if _blank(obj["text"]):  # a record with no text is not read, so it names nothing
                continue
            titles.add(plain(obj.get("title") or "").strip())
            langs.add(plain(obj.get("lang") or "").strip())
            if len(titles) > 1 and len(langs) > 1:
                break
    except (ValueError, CorpusError, OSError, EOFError, zlib.error):  # JSON's errors and UTF-8's are ValueErrors
        return FileMetadata()
    return FileMetadata(title=titles.pop() if len(titles) == 1 else "", lang=langs.pop() if len(langs) == 1 else "")


def _blank(text: str) -> bool:
    """Whether a record's text is blank as `read_records` reads it (`plain`), cleaning it only where it begins with
    something `plain` may take away (a text beginning with a letter or digit never is)."""
    stripped = text.strip()
    return not stripped or (not stripped[0].isalnum() and not plain(stripped).strip())


def is_records(path: Path) -> bool:
    """Whether a file holds pre-chunked passages rather than a document."""
    return path.name.lower().endswith((".jsonl", ".jsonl.gz"))
