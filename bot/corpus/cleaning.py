"""Removing site furniture from a document by the manifest's rules, never editing the file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.corpus.manifest import Rules

_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text, and what was left out of it as secondary (sharing-site teasers)."""

    text: str
    secondary: str = ""


def _drop_between(lines: list[str], rules: Rules) -> list[str]:
    out: list[str] = []
    closing = None
    for line in lines:
        if closing is not None:
            if closing.fullmatch(line.strip()):
                closing = None
            continue
        for start, end in rules.drop_between:
            if start.fullmatch(line.strip()):
                closing = end
                break
        else:
            out.append(line)
    # An opening never closed means the rule did not fit this text: keep it all.
    return lines if closing is not None else out


def _cut_teasers(paragraphs: list[str], rules: Rules) -> tuple[list[str], list[str]]:
    if not rules.teaser_marker:
        return paragraphs, []
    for i, para in enumerate(paragraphs):
        if para.strip() == rules.teaser_marker:
            start = max(0, i - rules.teaser_lines + 1)
            return paragraphs[:start], paragraphs[start:]
    return paragraphs, []


def clean(text: str, rules: Rules) -> Cleaned:
    """Apply `rules` to `text`: drop furniture lines and blocks, strip credits, cut teasers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _drop_between(text.split("\n"), rules)
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped and any(p.fullmatch(stripped) for p in rules.drop_lines):
            continue
        for pattern in rules.strip:
            line = pattern.sub("", line)
        kept.append(_SPACES.sub(" ", line).strip())
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(kept)) if p.strip()]
    body, teasers = _cut_teasers(paragraphs, rules)
    return Cleaned("\n\n".join(body), "\n\n".join(teasers))
