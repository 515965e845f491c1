"""Characters that never belong in indexed text or in a printed name: NUL, direction overrides, terminal escapes."""

from __future__ import annotations

import re
import unicodedata

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what a reader sees:
# "Trojan Source" text reads one way and says another. Marks (U+200E/U+200F) only hint, and stay.
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROPPED = str.maketrans(dict.fromkeys("\x00" + DIRECTION_CONTROLS))
# C0 and C1 controls but tab and newline (ESC starts a terminal escape), DEL, direction controls.
_UNPRINTABLE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{DIRECTION_CONTROLS}]")


def plain(text: str) -> str:
    """`text` without NUL and direction controls (what a document or record may index)."""
    return text.translate(_DROPPED)


def printable(text: str) -> str:
    """`text` fit for a terminal or a log line: controls shown as escapes, undecodable bytes as U+FFFD."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def url_safe(text: str) -> bool:
    """Whether `text` has no control, format (U+202E, U+200B, …) or space character: fit for a link."""
    return not any(unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text)
