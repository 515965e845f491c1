"""Reading a reply to an earlier answer: as a follow-up of the question that answer answered, or alone."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.analysis.country import named_country
from bot.answer.compose import MAX_QUESTION_CHARS
from bot.answer.markup import without_markup
from bot.answer.smalltalk import small_talk, without_small_talk
from bot.search.citations import law_words

# A reply is read with the earlier question only when it is short and elliptical: at most FOLLOW_UP_WORDS words of
# its own (not the stop words of nb, nn, da or English), and it continues ("og i Danmark?", "what about the
# mayor?"), points back ("hvem avgjør det?"), has no word of its own ("hvorfor?"), or is a fragment, one word of its
# own in FRAGMENT_WORDS words at most ("hvor lenge?"). Any other reply is a question of its own ("Hva er habilitet?"
# replied to an answer on fritak asks about habilitet) and is read alone, as before. Measured on short replies to six
# answers, each meant as a follow-up or as a question of its own (docs/guide.md, "Follow-ups"; tests/test_followup.py):
# of 31 follow-ups 28 are read as follow-ups, of 26 questions 25 alone (of the 12 and 10 written after the rule was
# drawn, 10 and 9). Two words of its own alone would take 16 of the 26 questions as follow-ups; "finds nothing plainly
# on its own" would read 13 of the 31 follow-ups alone ("og i Danmark?" is answered plainly, by Danish law on
# something else).
FOLLOW_UP_WORDS = 2
FRAGMENT_WORDS = 2
# A reply that opens with a phrase that asks only as a follow-up ("hva med", "hvad med", "what about", "hva om") may say
# more of its own: "hvad med når det gælder min egen skole?" (three words of its own) replied to an answer on
# inhabilitet was read alone and refused. None of the questions of their own the rule was measured on opens so
# (tests/test_followup.py); a one-word opening ("og", "hvis") keeps FOLLOW_UP_WORDS, as "og hvem velger
# kontrollutvalget?" may ask anew.
PHRASE_FOLLOW_UP_WORDS = 4

# Source: written for kommunebot from how a councillor follows up an answer in chat, in bokmål, nynorsk, Danish and
# English. What a follow-up opens with: it goes on from what was asked.
OPENINGS: tuple[tuple[str, ...], ...] = tuple(tuple(o.split()) for o in (
    "og", "men", "eller", "enn", "end", "også", "òg", "hvis", "viss", "and", "but", "or", "also", "if",
    "hva med", "hva om", "hva hvis", "hva så med", "kva med", "kva om", "kva viss", "kva så med",
    "hvad med", "hvad om", "hvad hvis", "hvad så med", "hvad nu hvis", "what about", "how about", "what if"))
# Words that point back at what was said ("gjelder det også formannskapet?", "hvem ansetter ham?"). Left out: the
# articles "den", "de" and "the" ("Hvem er de folkevalgte?" is a question of its own), and "så", a filler word.
POINTERS = frozenset((
    "det", "dette", "denne", "disse", "da", "der", "dit", "han", "ham", "hun", "henne", "dem", "samme", "også",
    "slik", "sånn",  # bokmål
    "desse", "då", "honom", "ho", "dei", "deim", "same", "òg",  # nynorsk, beside the words it shares
    "hende", "sådan", "dér",  # Danish, beside the words it shares
    "it", "this", "that", "these", "those", "he", "him", "she", "her", "they", "them", "there", "then", "same",
    "too", "such"))  # English
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Where the middle of an earlier question too long to search with a follow-up was left out (`shortened`)
GAP = " … "
MIN_SIDE = 20  # of its start and of its end: less says too little of the earlier question to search it with

# Source: written for kommunebot from what a councillor types, instead of pressing "Flere treff", to see the next
# passages of the answer above: "mer", "flere treff", "vis flere", "more please", in bokmål, nynorsk, Danish and
# English. A message made only of these words, one of MORE among them, asks for more; typed, "mer" had been searched
# as a question and refused with the list of sources, and replied to an answer it had repeated the same first page.
# Left out: "flere"/"more" with a topic ("flere medlemmer", "more about delegation"), which is asked as a question.
# The words that go on from what was said ("og mer?", "and the next page?") belong with them: replied to an answer,
# "og mer?" had been read as a follow-up (it opens with "og") and searched as the earlier question with "og mer", which
# showed the same first page again.
MORE = frozenset(("mer", "meir", "mere", "flere", "fleire", "more", "neste", "næste", "next"))
MORE_WITH = frozenset((
    "treff", "resultater", "resultat", "results", "svar", "answers", "side", "page",  # what more of
    "vis", "vise", "syn", "show", "gi", "giv", "give", "se", "me", "meg", "mig", "kan", "du", "can", "you",
    "takk", "tak", "please", "gjerne", "ja", "yes",
    "og", "and", "også", "òg", "also", "så", "da", "then", "the"))  # going on
MAX_MORE_WORDS = 5


def asks_for_more(text: str) -> bool:
    """Whether `text` asks for the next passages of the answer before it ("mer", "Flere treff!", "show more please"),
    as the button under that answer does, rather than asking a question."""
    words = _words(without_markup(text))
    return (0 < len(words) <= MAX_MORE_WORDS and any(w in MORE for w in words)
            and all(w in MORE or w in MORE_WITH for w in words))


@dataclass(frozen=True)
class Reading:
    """What is searched for a message: `question`, and `earlier`, the question it was read as a follow-up of (None
    when it was read alone)."""

    question: str
    earlier: str | None = None
    # the earlier question's middle was left out (GAP), so the two fit the question's limit (MAX_QUESTION_CHARS)
    shortened: bool = False
    # the reply `question` ends with, read as a follow-up: the passages that answer its own words come first (`answer`'s
    # `focus`)
    focus: str | None = None


def _words(text: str) -> list[str]:
    """`text`'s words in lower case, each without what an apostrophe adds ("mayor's" is mayor)."""
    return [re.split(r"['’]", w)[0] for w in _WORD.findall(text.lower())]


def elliptical(text: str, function_words: frozenset[str]) -> bool:
    """Whether `text` reads as a follow-up rather than a question of its own (FOLLOW_UP_WORDS); `function_words`:
    the words that frame a question, not what it asks about (`Searcher.function_words`)."""
    words = _words(text)
    if not words:  # a bare mention or an emoji: nothing that could follow up
        return False
    own = [w for w in words if w not in function_words]
    opening = next((o for o in OPENINGS if tuple(words[:len(o)]) == o), None)
    if len(own) > (PHRASE_FOLLOW_UP_WORDS if opening is not None and len(opening) > 1 else FOLLOW_UP_WORDS):
        return False
    return (not own or (len(words) <= FRAGMENT_WORDS and len(own) == 1) or opening is not None
            or any(w in POINTERS for w in words))


def read_reply(text: str, earlier: str | None, function_words: frozenset[str]) -> Reading:
    """`text` as it is searched: with `earlier` (the question the answer replied to answered) when it is a follow-up
    (`elliptical`), alone otherwise, and alone where there is no earlier question or `text` is small talk ("takk!",
    which the front ends answer before). Where the two would be too long to search, the earlier question's middle is
    left out (`shortened`)."""
    # "Takk! Og i Danmark?" is judged and searched by its question, as `answer` searches a question alone without it;
    # and judged without markup, as `answer` reads a question: "<b>og</b> i Danmark?" had been judged by its tags' "b"
    # (three words of its own, no opening "og") and read alone. It is searched as written, the tags as text, as
    # `answer` echoes a question
    asked = without_small_talk(text)
    if not earlier or small_talk(text) is not None or not elliptical(without_small_talk(without_markup(text)),
                                                                     function_words):
        return Reading(text)
    reply = " ".join(asked.split())
    searched = other_country(earlier, reply)
    together = f"{' '.join(searched.split())} {reply}"
    if _size(together) <= MAX_QUESTION_CHARS:
        return Reading(together, earlier, focus=reply)
    # Past the limit (a long chain of follow-ups, or a long first question) the earlier question loses its middle,
    # never the reply: its start holds what the chain is about, its end the latest follow-ups the reply goes on from.
    # The reply had been asked alone, silently, its few words answered with whatever shared them.
    kept = shortened(" ".join(searched.split()), MAX_QUESTION_CHARS - _size(reply) - 1)
    if kept is None:  # a reply of almost 2,000 characters of frame words: no room left for the earlier question
        return Reading(text)
    return Reading(f"{kept} {reply}", earlier, shortened=True, focus=reply)


def other_country(earlier: str, reply: str) -> str:
    """`earlier` as a follow-up `reply` that names a country asks it: without the laws it names, unless the reply names
    one too. "og i Norge?" replied to "Hvad siger offentlighedsloven om aktindsigt?" asks what Norway's law says; with
    the Danish law's name in it, the search read the question as one about that law (a question naming a law is about
    that law, whichever country it names) and showed the Danish law's §§ as if they answered for Norway."""
    names = law_words(earlier) if named_country(reply) is not None and not law_words(reply) else []
    for name in names:
        earlier = re.sub(rf"(?<![\wæøå-]){re.escape(name)}(?![\wæøå])", " ", earlier, flags=re.IGNORECASE)
    return " ".join(earlier.split()) if names else earlier


def _size(text: str) -> int:
    """`text`'s length as `checked_question` may measure it: as typed, or its NFKC form (which the analyzer reads)."""
    return max(len(text), len(unicodedata.normalize("NFKC", text)))


def shortened(text: str, room: int) -> str | None:
    """`text` within `room` characters (as `_size` measures), its start and its end kept and its middle left out at
    words' edges, GAP between them; None when the room holds less than MIN_SIDE characters a side."""
    if _size(text) <= room:
        return text
    budget = room  # the characters the two sides may take, less where NFKC widens one ("ﬃ", "㎞", the GAP's "…")
    while budget >= 2 * MIN_SIDE + _size(GAP):
        half = (budget - _size(GAP)) // 2
        head = text[:half + 1]
        # at a word's edge where the side has one in its second half, else inside the word (a long web address)
        space = head.rfind(" ", half // 2)
        head = (head[:space] if space > 0 else head[:half]).rstrip(" ,;:")
        tail = text[len(text) - half - 1:]
        space = tail.find(" ", 0, len(tail) - half // 2)
        tail = (tail[space + 1:] if space >= 0 else tail[1:]).lstrip()
        kept = f"{head}{GAP}{tail}"
        if _size(kept) <= room:
            return kept
        budget = min(budget - 1, budget * room // _size(kept))  # in proportion: "ﬃ" is three characters in NFKC
    return None
