"""A plain-text or Markdown file's title taken from its first line, when that line looks like a title."""

from __future__ import annotations

import re

# A title is short and a paragraph of its own: "Etiske retningslinjer for folkevalgte i Ærøvik kommune" above a blank
# line. Not one: a sentence (it ends in . ! ? …), a lead-in (: ; ,), a list item or quote, a table row, a web
# address, a line with no letter (a date, "---"), or a line the next one continues (a hard-wrapped paragraph).
MAX_WORDS = 15
MAX_CHARS = 120
_SENTENCE_END = (".", "!", "?", "…", ":", ";", ",")
_CLOSERS = "»\"')]”’"
_LIST_ITEM = re.compile(r"^(?:[-*+•–—>|#]|\d+[.)]|[a-zA-Z][.)]\s|\(\w{1,3}\))")


def title_line(text: str) -> str:
    """The first non-empty line of `text` when it looks like a title (see above), else ""."""
    lines = text.lstrip("\ufeff").splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or (first + 1 < len(lines) and lines[first + 1].strip()):
        return ""
    line = " ".join(lines[first].split())
    if (_LIST_ITEM.match(line) or len(line) > MAX_CHARS or len(line.split()) > MAX_WORDS or "://" in line
            or not any(c.isalpha() for c in line) or line.rstrip(_CLOSERS).endswith(_SENTENCE_END)):
        return ""
    return line
