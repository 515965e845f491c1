"""A web address of a source the index holds, pasted into a question, read as the source it names: the bot's own
citation link "https://lovdata.no/lov/2018-06-22-83/§7-9" as "Kommuneloven (LOV-2018-06-22-83) § 7-9"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from bot.answer.markup import URL

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?|^www\.")
# what may follow a law's address to name one of its §: "/§7-9", "#§11c" (Lovdata's links to a §)
_SECTION = re.compile(r"[/#]§\s*([0-9]+(?:-[0-9]+)?\s*[a-z]?)")


def _bare(url: str) -> str:
    """A web address as two links to one page compare: decoded ("%C2%A7" is "§"), lower-cased, without its scheme,
    "www." and a closing "/"."""
    return _SCHEME.sub("", unquote(url).strip().lower()).rstrip("/")


def read_links(question: str, sources: Iterable[tuple[str | None, str]]) -> str:
    """`question` with each web address of a source (`sources`: its url and title) written as the source's title, and
    the § the address names after it; any other address as it is (`markup.without_markup` leaves it out). A pasted
    citation link had been left out too, and "Hva sier denne? https://lovdata.no/lov/2018-06-22-83/§7-9" was answered
    by a slide that shares "Hva … denne"."""
    known = sorted(((_bare(url), title) for url, title in sources if url), key=lambda pair: -len(pair[0]))

    def named(match: re.Match[str]) -> str:
        link = _bare(match.group())
        for base, title in known:
            if link == base:
                return f" {title} "
            section = _SECTION.fullmatch(link[len(base):]) if link.startswith(base) else None
            if section is not None:
                return f" {title} § {section.group(1)} "
        return match.group()

    return URL.sub(named, question) if known else question
