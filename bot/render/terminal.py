"""An answer as terminal text: colour on a terminal, plain when piped."""

from __future__ import annotations

import re

import click

from bot.answer.messages import message
from bot.answer.model import Answer, Citation
from bot.corpus.manifest import safe_url

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")  # terminal escapes from corpus text are not obeyed


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def citation_line(citation: Citation) -> str:
    """Title, location, publisher and date on one line."""
    parts = [", ".join(p for p in (citation.title, citation.location) if p)]
    parts += [p for p in (citation.publisher, citation.date) if p]
    return " · ".join(_clean(p) for p in parts if p)


def _highlight(quote: str, spans: tuple[tuple[int, int], ...], colour: bool) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(_clean(quote[last:start]))
        word = _clean(quote[start:end])
        out.append(click.style(word, bold=True, fg="yellow") if colour else word)
        last = end
    out.append(_clean(quote[last:]))
    return "".join(out)


def format_answer(answer: Answer, colour: bool = False) -> str:
    """The whole reply as text lines."""
    lang = answer.language
    lines: list[str] = []
    if not answer.answered:
        lines.append(message("not_covered", lang))
        if answer.topics:
            lines += ["", message("topics", lang)] + [f"  - {_clean(t)}" for t in answer.topics]
        lines += ["", message("rephrase", lang)]
        return "\n".join(lines)
    if not answer.passages:
        return message("no_more", lang)
    lines.append(click.style(message("intro", lang), bold=True) if colour else message("intro", lang))
    for p in answer.passages:
        lines += ["", f"{p.rank}. «{_highlight(p.quote, p.highlights, colour)}»"]
        cite = f"   — {citation_line(p.citation)}"
        lines.append(click.style(cite, dim=True) if colour else cite)
        if safe_url(p.citation.url):  # http(s) only, no spaces or control characters
            lines.append(f"     {p.citation.url}")
    return "\n".join(lines)
