"""An answer as terminal text: colour on a terminal, plain when piped."""

from __future__ import annotations

import re
import textwrap

import click

from bot.answer.messages import counted, message, norwegian_date
from bot.answer.model import Answer, Citation
from bot.answer.quote import quote_marks
from bot.corpus.records import SourceRecord
from bot.render.titles import unbreakable_sections, whole_law_link

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")  # terminal escapes from corpus text are not obeyed
# Stands for a space inside a law's § while a citation is wrapped, so "§ 16 c" stays on one line ("Lov om kommunernes
# styrelse §" had ended a line); _clean takes it out of every text first, so it cannot be the text's own.
_GLUE = "\x1f"


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def citation_line(citation: Citation, language: str = "nb") -> str:
    """Title, location, publisher and date on one line."""
    parts = [", ".join(p for p in (citation.title, citation.location) if p)]
    parts += [p for p in (citation.publisher, norwegian_date(citation.date, language)) if p]
    return " · ".join(_clean(p) for p in parts if p)


def wants_colour(is_terminal: bool, no_color: bool) -> bool:
    """Colour on a terminal unless NO_COLOR is set to anything (no-color.org; Settings.no_color)."""
    return is_terminal and not no_color


def _styled(token: str, offset: int, spans: tuple[tuple[int, int], ...], colour: bool) -> str:
    """One whitespace-free token of the quote at `offset`, its highlighted words styled."""
    if not colour:
        return token
    out, last = [], 0
    for start, end in spans:
        s, e = max(start - offset, 0), min(end - offset, len(token))
        if s >= e or s < last:
            continue
        out.append(token[last:s])
        out.append(click.style(token[s:e], bold=True, fg="yellow"))
        last = e
    out.append(token[last:])
    return "".join(out)


def wrap_quote(quote: str, spans: tuple[tuple[int, int], ...], colour: bool, width: int | None,
               first: str, indent: str) -> list[str]:
    """The quote's lines, each wrapped to `width` (None: not wrapped) after `first` / `indent`."""
    quote = _clean(quote)
    lines: list[str] = []
    offset = 0
    for n, line in enumerate(quote.split("\n")):
        prefix = first if n == 0 else indent
        words: list[str] = []
        used = len(prefix)
        for m in re.finditer(r"\S+", line):
            token = m.group(0)
            if width is not None and words and used + 1 + len(token) > width:
                lines.append(prefix + " ".join(words))
                prefix, words, used = indent, [], len(indent)
            used += (1 if words else 0) + len(token)
            words.append(_styled(token, offset + m.start(), spans, colour))
        lines.append(prefix + " ".join(words))
        offset += len(line) + 1
    return lines


def bullet(text: str, width: int | None, indent: str = "  ") -> list[str]:
    """One "- " list item wrapped at word ends to `width` (None: one line), its next lines under its text."""
    first = f"{indent}- "
    if not width:
        return [first + text]
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=" " * len(first),
                         break_long_words=False, break_on_hyphens=False) or [first]


def format_sources(sources: list[SourceRecord], width: int | None = None) -> str:
    """The indexed sources, one list item each: title (publisher, chunks), wrapped at word ends."""
    lines: list[str] = []
    for source in sources:
        chunks = counted("{n} {n:chunk|chunks}", n=source.chunks)
        lines += bullet(_clean(f"{source.title} ({source.publisher or '-'}, {chunks})"), width, "")
    return "\n".join(lines)


def format_answer(answer: Answer, colour: bool = False, width: int | None = None) -> str:
    """The whole reply as text lines, wrapped to `width` columns when given."""
    lang = answer.language
    lines: list[str] = []

    def para(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) if width else [indent + text]

    if not answer.answered:
        lines += para(message(answer.lead, lang, **answer.lead_values))
        if answer.topics:
            lines += ["", message("topics", lang)]
            for topic in answer.topics:
                lines += bullet(_clean(topic), width)
            if answer.more_topics:
                lines += para(message("more_topics", lang, n=answer.more_topics), "  ")
        if answer.searched_as:
            lines += [""] + para(message("searched_as", lang, **answer.searched_as_values))
        lines += [""] + para(message(answer.rephrase, lang))
        return "\n".join(lines)
    if not answer.passages:
        return message("no_more", lang)
    intro = message(answer.lead, lang, **answer.lead_values)
    lines += [click.style(line, bold=True) if colour else line for line in para(intro)]
    for p in answer.passages:
        opening, closing = quote_marks(p.quote, lang)
        quoted = f"{opening}{p.quote}{closing}"
        spans = tuple((s + len(opening), e + len(opening)) for s, e in p.highlights)
        lines += [""] + wrap_quote(quoted, spans, colour, width, f"{p.rank}. ", "   ")
        pin = f"  [{message('pinned', lang)}]" if p.pinned else ""
        for cite in para(unbreakable_sections(f"— {citation_line(p.citation, lang)}{pin}", _GLUE), "   "):
            cite = cite.replace(_GLUE, " ")
            lines.append(click.style(cite, dim=True) if colour else cite)
        if p.citation.url:
            whole = whole_law_link(p.citation, lang)  # the act's address, not the §'s: which § to find there
            lines.append(f"     {p.citation.url}" + (f" ({whole})" if whole else ""))
    return "\n".join(lines)
