"""Text a person saved (Notepad, Excel, an old Mac): UTF-8 read as it is, another encoding detected, or refused."""

from __future__ import annotations

import codecs

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


def utf8_text(data: bytes) -> str:
    """The text of a file that must be UTF-8 (sources.toml, questions.tsv), read through a byte-order mark, which
    Notepad writes before UTF-8 and Excel's and Notepad's "Unicode" before UTF-16: such a manifest had been "not valid
    TOML: Invalid statement (at line 1, column 1)", and a questions file's first line was left out, of a character no
    editor shows. UnicodeDecodeError when it is neither."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding)
    return data.decode("utf-8")


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
