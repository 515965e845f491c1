"""Choosing what of a chunk to quote, and which words in it to highlight."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from bot.corpus.chunking import split_sentences

QUOTE_CHARS = 420  # about a phone screen with the citation
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
ELLIPSIS = "…"


def _segments(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out: list[str] = []
    for line in lines:
        out.extend(split_sentences(line) if len(line) > QUOTE_CHARS // 2 else [line])
    return out


def _shorten(segment: str, limit: int) -> str:
    """Cut a segment at a word boundary, never mid-word."""
    if len(segment) <= limit:
        return segment
    cut = segment.rfind(" ", 0, limit - 1)
    return segment[: cut if cut > 0 else limit - 1].rstrip(" ,;:") + " " + ELLIPSIS


def select_quote(text: str, matches: Callable[[str], bool], limit: int = QUOTE_CHARS) -> str:
    """The chunk itself when short; else the segments richest in question words, "…" at cuts."""
    text = text.strip()
    if len(text) <= limit:
        return text
    segments = _segments(text)
    scored = [(sum(1 for w in _WORD.findall(s) if matches(w)), i) for i, s in enumerate(segments)]
    chosen: set[int] = set()
    used = 0
    for score, i in sorted(scored, key=lambda t: (-t[0], t[1])):
        if score == 0 and chosen:
            break
        if used + len(segments[i]) + 2 > limit:
            if not chosen:
                chosen.add(i)
                used = limit
            continue
        chosen.add(i)
        used += len(segments[i]) + 2
    parts: list[str] = []
    last = -1
    for i in sorted(chosen):
        if i != last + 1:
            parts.append(ELLIPSIS)
        parts.append(_shorten(segments[i], limit))
        last = i
    if last != len(segments) - 1:
        parts.append(ELLIPSIS)
    return " ".join(parts)


def highlight_spans(quote: str, matches: Callable[[str], bool]) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word in `quote` that matches a question term."""
    return tuple((m.start(), m.end()) for m in _WORD.finditer(quote) if matches(m.group(0)))


def term_matcher(analyze: Callable[[str], list[str]], terms: Iterable[str]) -> Callable[[str], bool]:
    """A word matches when its analysed terms share one with the question's."""
    wanted = frozenset(terms)

    @lru_cache(maxsize=4096)
    def matches(word: str) -> bool:
        return bool(wanted.intersection(analyze(word)))

    return matches
