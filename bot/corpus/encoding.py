"""Text a person saved (Notepad, Excel, an old Mac): UTF-8 read as it is, another encoding detected, or refused."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from bot.errors import KommunebotError

# Source: the encodings Norwegian, Danish and English text is saved in by the programs people use
# (Windows "ANSI" = cp1252, ISO-8859-15, classic Mac OS, the DOS console's cp850). Left out: the
# Central European and Cyrillic code pages, which charset-normalizer prefers for short Norwegian
# text ("rådmann" as "rĺdmann" in cp1250) though no one here writes in them.
WESTERN = ["cp1252", "iso8859_15", "mac_roman", "cp850"]
# How people name them (a build says which one a file was read in).
ENCODING_NAMES = {"cp1252": "Windows-1252", "iso8859_15": "ISO-8859-15", "mac_roman": "Mac Roman", "cp850": "DOS cp850"}
SAVE_AS_UTF8 = "save the file as UTF-8 (Notepad: File > Save as > Encoding: UTF-8; Excel: CSV UTF-8)"


class EncodingUnknown(KommunebotError):
    """A text file that is not UTF-8 and not in an encoding that could be told."""


# The byte-order marks a file may begin with, and what each says it is in.
MARKS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def utf8_text(data: bytes) -> str:
    """The text of a file that must be UTF-8 (sources.toml, questions.tsv), read through a byte-order mark, which
    Notepad writes before UTF-8 and Excel's and Notepad's "Unicode" before UTF-16: such a manifest had been "not valid
    TOML: Invalid statement (at line 1, column 1)", and a questions file's first line was left out, of a character no
    editor shows. UnicodeDecodeError when it is neither."""
    for bom, encoding in MARKS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding)
    return data.decode("utf-8")


def utf8_blocks(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """`blocks` of a file that must be UTF-8 (a .jsonl), as UTF-8, read through a byte-order mark as `utf8_text` reads
    a whole file: after a UTF-8 one as they are, after a UTF-16 one decoded a block at a time (Notepad's "Unicode"
    .jsonl had been refused, where its sources.toml beside it was read). The last block is b"" (the end).
    UnicodeDecodeError where UTF-16 marked so is not."""
    first = next(blocks, b"")
    decoder = None
    for bom, encoding in MARKS:
        if first.startswith(bom):
            first = first[len(bom):]
            decoder = None if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)()
            break
    block = first
    while block:
        text = decoder.decode(block).encode("utf-8") if decoder else block
        if text:  # a block of one byte of UTF-16 decodes to nothing yet: b"" is the end alone
            yield text
        block = next(blocks, b"")
    if decoder:
        rest = decoder.decode(b"", final=True).encode("utf-8")
        if rest:
            yield rest
    yield b""


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of `data` and the encoding it was read in; a byte-order mark is not part of the text.

    Raises EncodingUnknown (naming `name` and the fix) when the bytes are not text in one of the
    encodings above.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=WESTERN).best() if b"\x00" not in data else None
    if best is None:
        raise EncodingUnknown(f"{name} is not UTF-8 text, and its encoding could not be told", hint=SAVE_AS_UTF8)
    return str(best), best.encoding
