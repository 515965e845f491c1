"""Characters that never belong in indexed text or in a printed name: NUL, direction overrides, terminal escapes."""

from __future__ import annotations

import re
import unicodedata

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what a reader sees:
# "Trojan Source" text reads one way and says another. Marks (U+200E/U+200F) only hint, and stay.
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 controls but tab and newline (ESC starts a terminal escape), DEL, direction controls.
_UNPRINTABLE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{DIRECTION_CONTROLS}]")
# Unicode's format characters (category Cf, as of Unicode 14; a test holds the ranges to the running Python's
# unicodedata): invisible, yet they split or change a word for the analyzer and the model. "ha\u200bbilitet" read as
# "ha" and "bilitet", and "Hva er\x01 habilitet\u202e?" was hedged with another § first where "Hva er habilitet?" was
# answered (0.4.42). Among them the soft hyphen, the zero-width space, joiner and non-joiner, the marks and overrides
# of direction, the word joiner and the byte-order mark.
FORMAT_CHARACTERS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                     "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_FORMAT = re.compile(f"[{FORMAT_CHARACTERS}]")
_CONTROL = re.compile("[\x01-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 but NUL, tab, newline, return
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85"  # a vertical tab, form feed or separator ends a line (str.splitlines)
ZWJ, BLACK_FLAG, TAGS = "\u200d", "\U0001f3f4", ("\U000e0020", "\U000e007f")


def _emoji(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk") or ch == "\ufe0f"  # a symbol, a skin tone, emoji presentation


def _format(match: re.Match[str]) -> str:
    """A format character dropped, but a joiner inside an emoji sequence (👨‍👩‍👧) and a subdivision flag's tags (🏴 and
    its tag letters), which only draw one picture of several."""
    ch, text, at = match.group(), match.string, match.start()
    if ch == ZWJ and 0 < at < len(text) - 1 and _emoji(text[at - 1]) and _emoji(text[at + 1]):
        return ch
    if TAGS[0] <= ch <= TAGS[1] and at and (text[at - 1] == BLACK_FLAG or TAGS[0] <= text[at - 1] <= TAGS[1]):
        return ch
    return ""


def plain(text: str) -> str:
    """`text` as a reader sees it, what a document, a record or a question is read as: without NUL and format
    characters (direction overrides, zero-width spaces, soft hyphens; `_format`), other controls a space (a form
    feed a line break)."""
    text = text.replace("\x00", "")
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: "\n" if m.group() in _BREAKS else " ", text)
    return _FORMAT.sub(_format, text) if _FORMAT.search(text) else text


def printable(text: str) -> str:
    """`text` fit for a terminal or a log line: controls shown as escapes, undecodable bytes as U+FFFD."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def url_safe(text: str) -> bool:
    """Whether `text` has no control, format (U+202E, U+200B, …) or space character: fit for a link."""
    return not any(unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text)
