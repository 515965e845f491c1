"""An answer as Telegram HTML messages: everything escaped, each within 4,096 characters."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from bot.answer.messages import message, norwegian_date
from bot.answer.model import Answer, Citation
from bot.answer.quote import quote_marks
from bot.render.titles import cut_at, short_title, unbreakable_sections, whole_law_link

LIMIT = 4096
ECHO_CHARS = 200  # of the question, echoed above a 'not covered' reply


def esc(text: str) -> str:
    """Escape corpus or user text for Telegram HTML (and drop NUL, which Telegram rejects)."""
    return html.escape(text.replace("\x00", ""), quote=True)


def citation_html(citation: Citation) -> str:
    """Title (linked where the URL is http/https), location, publisher, date: the full source line."""
    title = esc(citation.title)
    if citation.url:
        title = f'<a href="{esc(citation.url)}">{title}</a>'
    tail = [esc(p) for p in (citation.location, citation.publisher, citation.date) if p]
    return "📄 " + ", ".join([title] + tail[:1]) + "".join(f" · {p}" for p in tail[1:])


def compact_citation_html(citation: Citation, language: str = "nb") -> str:
    """One short line under a passage: its title (`short_title`: cut at a word end when long, linked), location; the
    rest is in /kilder. A Danish act's § (whose link opens the whole act) is linked after its place by a word that
    says so and names the § to find ("hele loven, find § 32"): its title linked, the act's top had looked like the §."""
    title = esc(unbreakable_sections(short_title(citation.title)))
    whole = whole_law_link(citation, language)
    if citation.url and whole is None:
        title = f'<a href="{esc(citation.url)}">{title}</a>'
    line = "📄 " + title + (f" · {esc(citation.location)}" if citation.location else "")
    return line + (f' · <a href="{esc(citation.url)}">{esc(unbreakable_sections(whole))}</a>'
                   if whole is not None and citation.url else "")


def _quote_html(quote: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(esc(quote[last:start]))
        out.append(f"<b>{esc(quote[start:end])}</b>")
        last = end
    out.append(esc(quote[last:]))
    return "".join(out)


def _esc_within(text: str, limit: int) -> str:
    """`text` escaped and cut to at most `limit` characters, never inside an entity (an escape can be 6 long)."""
    out, used = [], 0
    for ch in text:
        piece = esc(ch)
        if used + len(piece) > limit:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out)


def _fit(block: str, plain: str) -> str:
    """A block too long for one message (only from a pathological source) falls back to plain text."""
    if len(block) <= LIMIT:
        return block
    return _esc_within(plain, LIMIT // 2 - 1) + "…"


def format_answer(answer: Answer, echo: bool = False) -> list[str]:
    """The reply as one or more HTML messages, split only between passages.

    :param echo: a refusal starts with the question (its first ECHO_CHARS characters), so a typo is easy
        to spot (the bot's reply); it is added here, before the size check, so the message still fits.
    """
    lang = answer.language
    if not answer.answered:
        refusal = message(answer.lead, lang, **answer.lead_values)
        asked, said = "", ""
        if echo:
            short = _short(answer.question)
            opening, closing = quote_marks(short, lang)
            said = f"{opening}{short}{closing}\n"
            asked = f"<i>{esc(said[:-1])}</i>\n"
        text = f"{asked}<b>{esc(refusal)}</b>"
        if answer.topics:
            text += "\n\n" + esc(message("topics", lang)) + "\n" + "\n".join(f"• {esc(t)}" for t in answer.topics)
            if answer.more_topics:
                text += "\n" + esc(message("more_topics", lang, n=answer.more_topics))
        if answer.searched_as:
            text += "\n\n" + esc(message("searched_as", lang, **answer.searched_as_values))
        text += "\n\n" + esc(message(answer.rephrase, lang))
        return [_fit(text, said + refusal)]
    if not answer.passages:
        return [esc(message("no_more", lang))]
    intro = answer.lead
    lead = f"<b>{esc(message(intro, lang, **answer.lead_values))}</b>"
    blocks = [lead] if answer.offset == 0 or intro != "intro" else []
    for i, p in enumerate(answer.passages):
        # The first passage is read in full; the others start collapsed, so the first screen
        # holds the answer and its source.
        tag = "blockquote" if i == 0 else "blockquote expandable"
        block = f"<{tag}>{_quote_html(p.quote, p.highlights)}</blockquote>\n{compact_citation_html(p.citation, lang)}"
        if p.pinned:
            block = f"📌 <i>{esc(message('pinned', lang))}</i>\n{block}"
        blocks.append(_fit(block, f"{p.quote}\n{short_title(p.citation.title)} · {p.citation.location}"))
    return pack(blocks)


def read_as_html(question: str, language: str, shortened: bool = False) -> str:
    """The line above a reply read as a follow-up: the question searched, cut in its middle (ECHO_CHARS), in italics;
    `shortened`: the earlier question's middle was left out of the search (`Reading.shortened`): the line says so."""
    short = _middle_cut(question)
    opening, closing = quote_marks(short, language)
    key = "read_as_shortened" if shortened else "read_as"
    return f"<i>{esc(message(key, language, question=f'{opening}{short}{closing}'))}</i>"


def _short(question: str, limit: int = ECHO_CHARS) -> str:
    return question if len(question) <= limit else question[:limit - 1] + "…"


def _middle_cut(question: str, limit: int = ECHO_CHARS) -> str:
    """`question` cut in its middle to `limit` characters: a follow-up's own words are at its end ("… og i Danmark?"),
    and a line cut at the end showed every reply of a long question's chain alike."""
    if len(question) <= limit:
        return question
    half = (limit - 1) // 2
    # each side at a word's edge, as a title is cut (titles.cut_at keeps a hyphen a cut word ends in)
    head = question.rfind(" ", half // 2, half + 1)
    tail = question.find(" ", len(question) - half - 1, len(question) - half // 2)
    start = cut_at(question, head if head > 0 else half)
    return f"{start} … {question[tail + 1 if tail >= 0 else len(question) - half:].lstrip()}"


def pack(blocks: list[str], sep: str = "\n\n") -> list[str]:
    """Join blocks into as few messages as fit in 4,096 characters, splitting only between blocks."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{sep}{block}" if current else block
        if len(candidate) > LIMIT and current:
            messages.append(current)
            current = block
        else:
            current = candidate
    return messages + [current] if current else messages


def format_sources(sources: list[Citation], language: str = "nb") -> list[str]:
    """The indexed sources (as citations of whole sources) as HTML messages in `language`: title linked, publisher,
    date."""
    blocks = [f"<b>{esc(message('sources_heading', language, n=len(sources)))}</b>"]
    for citation in sources:
        citation = replace(citation, date=norwegian_date(citation.date, language))
        blocks.append(_fit(citation_html(citation), citation.title))
    return pack(blocks, sep="\n")


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_HREF = re.compile(r'href="([^"]*)"')


def to_plain(text: str) -> str:
    """Telegram HTML as plain text (the fallback when Telegram rejects the markup); links kept as URLs."""
    out, last, href = [], 0, ""
    for m in _TAG.finditer(text):
        out.append(text[last:m.start()])
        last = m.end()
        if m.group(2) == "a" and not m.group(1):
            found = _HREF.search(m.group(3))
            href = html.unescape(found.group(1)) if found else ""
        elif m.group(2) == "a" and href:
            out.append(f" ({html.escape(href)})")
            href = ""
    out.append(text[last:])
    return html.unescape("".join(out))
