"""A source's title as a medium shows it: cut for a phone line at a word end, its law's § never split."""

from __future__ import annotations

import html
import re
from functools import cache

from bot.analysis.resources import wordlist
from bot.answer.messages import message
from bot.answer.model import Citation

# A law's § as its citations write it: "§ 7-9", "§ 16 c", "§§ 11-1", "§ 27 b". It is read with the law's name
# before it ("Kommuneloven § 7-9"), so a cut never falls inside that, and a line break never falls inside the §.
SECTION = re.compile(r"§§?\s*\d+(?:\s?[-–]\s?\d+)*(?:\s[a-zæøå](?![\w-]))?")
# A title up to WHOLE_TITLE characters is shown whole (a phone's line and a half: cutting it would save a word or
# two); a longer one is cut to at most SHORT_TITLE at a word end. Before 0.4.39 every title over 48 characters was cut
# there, one character over cost a word ("Kommuneloven § 11-12 Reglement for …"), a long law name lost its § and a
# title with no space to cut at was cut inside a word.
SHORT_TITLE = 56
WHOLE_TITLE = 64
ELLIPSIS = " …"
# Where a title with no space near the cut (a file name taken for a title) may still be cut between words.
_JOINS = "-_/–."
_TRAILING = " ,;:–-.(/_"


@cache
def _little_words() -> frozenset[str]:
    """The function words of the four languages: a cut title does not end on one ("Reglement for …")."""
    return wordlist("stopwords_nb.txt", "stopwords_nn.txt", "stopwords_da.txt", "english_function_words.txt")


def short_title(title: str, limit: int = SHORT_TITLE, whole: int = WHOLE_TITLE) -> str:
    """`title` whole up to `whole` characters, else cut after its last whole word within `limit` (with " …"), never
    before the end of its law's § ("Lov om offentlighed i forvaltningen § 10 …"); a title with no word end to cut at
    is shown whole."""
    if len(title) <= whole:
        return title
    section = SECTION.search(title)
    keep = section.end() if section else 0  # the law's name and its §: the cut is after them, however long they are
    room = max(limit - len(ELLIPSIS), keep)
    cut = _word_end(title, keep, room, " ") or _word_end(title, keep, room, _JOINS)
    if cut is None:
        return title
    words = cut_at(title, cut).split(" ")
    while len(words) > 1 and words[-1].lower() in _little_words() and len(" ".join(words[:-1])) > max(keep, room // 2):
        words.pop()  # "… Reglement for" reads as if the title had lost its word, not been cut
    return cut_at(title, len(" ".join(words))) + ELLIPSIS


def cut_at(text: str, end: int, marks: str = _TRAILING) -> str:
    """`text` up to `end` without the spaces and `marks` a cut leaves behind, but a hyphen a word ends in before a space
    or line break ("taushets- og opplysningsplikt") is kept: without it the word's first part reads as a whole word
    ("taushets"). A title cut for a phone, and a text cut for the page (bot/web/pages.py `at_word_end`), alike."""
    head = text[:end].rstrip(marks)
    return head + "-" if head[-1:].isalpha() and text[len(head):len(head) + 2] in ("- ", "-\n") else head


def _word_end(title: str, keep: int, room: int, marks: str) -> int | None:
    """The last place within `room` characters, not before `keep` nor at under half of `room`, where a word ends
    before one of `marks` (a space; else a hyphen, underscore, slash or dot); None when there is none."""
    floor = max(keep, room // 2)
    for at in range(min(room, len(title) - 1), floor - 1, -1):
        if title[at] in marks:
            return at + (0 if title[at] == " " else 1)
    return None


def unbreakable_sections(text: str, glue: str = "\u00a0") -> str:
    """`text` with the spaces inside each law § ("§ 16 c") made `glue`, so no line breaks inside one."""
    return SECTION.sub(lambda m: m.group(0).replace(" ", glue), text)


def sections_html(text: str) -> str:
    """`text` escaped for HTML, each law § in a `<span class="nobreak">` (white-space: nowrap) so no line breaks
    inside it; its text is the same."""
    out, last = [], 0
    for m in SECTION.finditer(text):
        out += [html.escape(text[last:m.start()]), f'<span class="nobreak">{html.escape(m.group(0))}</span>']
        last = m.end()
    return "".join(out) + html.escape(text[last:])


def whole_law_link(citation: Citation, language: str) -> str | None:
    """What the link of a law's § that opens the whole law says, in `language` ("hele loven, find § 32"): the § to look
    for on the page it opens (`Citation.whole_law`); None for a citation whose link opens at its place, or has none."""
    section = SECTION.search(citation.title) if citation.whole_law and citation.url else None
    return message("whole_law", language, section=section.group(0)) if section else None
