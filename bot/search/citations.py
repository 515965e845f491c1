"""A § the question cites by number ("Hva sier offentleglova § 3?", "§ 16 c"), found among the index's laws.

The ranking reads "§ 16 c" as the words "16" and "c", which every § that mentions § 16 c holds too, and
"§ 3" as a "3" in a hundred passages: asked by its number, a § was often not the first passage. A
councillor who cites a § wants that §, so the search puts its chunks first (bot.search.retriever).

Which law, when several have a § of that number: the law the question names, else one of the question's
own country's. A law is named when a word of the question ending in "-loven", "-lova" or "-lov" (or the
law's whole name) shares most of its character 4-grams with the law's name as cited ("styrelsesloven"
and "Lov om kommunernes styrelse", "offentlighedsloven" and "Lov om offentlighed i forvaltningen"): the
names people use are compounds of the title's words, so no list of names is kept. An abbreviation by the §
("fvl. § 6", "offl § 24", "KSL § 16 e") names a law whose name begins with its first letter and holds its
other letters in order, the last "l" standing for "lov" (fvl: Forvaltningsloven; offl: Offentleglova and Lov
om offentlighed i forvaltningen, the question's country deciding): the abbreviations lawyers write are made
that way, so none is listed either.

On an index that has laws, a law the question names that none of them is ("Hva sier arbeidsmiljøloven §
14-9?", "pbl § 19-2") is missing (`Sections.missing`): the § of that number in another law is not put first,
and the reply says the sources do not have the law (bot.search.confidence.capped); the search does not read that §
(`Sections.held_sections`), whose number is another law's words.

A number N-N just after a law's name or abbreviation is its § without the sign ("kommuneloven 11-5", "koml 11-5":
`Sections.signed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from os.path import commonprefix  # of strings: the letters two words begin with

from bot.analysis.compounds import Decompounder
from bot.corpus.lawtext import reference_id

# "§ 7-9", "§7-9", "§ 16 c", "§ 16c", "paragraf 11-9", "section 8", "§ 2 A-1": the number, its chapter part (a lettered
# chapter's, as arbeidsmiljøloven's "§ 2 A-1", the letter with it), a letter
_CITED = re.compile(r"(?:§+|\b(?:paragraf|paragraph|section)\b)\s*(\d{1,3})(?:\s*(?:([a-z])\s*)?-\s*(\d{1,3}))?"
                    r"(?:\s?([a-zæøå])(?![\wæøå]))?", re.IGNORECASE)
LOV = r"(?:loven|lova|lovens|lovas|lov)"  # "law" as a name ends in it, in either standard or Danish
_LAW_WORD = re.compile(r"[a-zæøå]+" + LOV + r"\b")
_SECTION_ID = re.compile(r"^(?P<law>[^/]+)/§(?P<number>[^/]+)")
# "plan- og bygningsloven", "helse- og omsorgstjenesteloven": a law word with the words joined to it by "og"
_LAW_NAME = re.compile(r"(?<![a-zæøå])(?:[a-zæøå]+-\s+og\s+)?[a-zæøå]+" + LOV + r"\b")
# An abbreviation of two to six letters ending in "l" beside a cited § ("fvl. § 6", "§ 6 fvl", "§ 6 i fvl."):
# at most one vowel, as "koml", "offl" and "kstyrl" have, so a word ("regel § 3") is none.
_ABBREVIATION = r"([a-zæøå]{1,5}l)"
# A § sign and its number as `_CITED` reads them ("§ 7-9", "§16 c"), and the words that may join a law's name to it
_SECTION = r"§+\s*\d{1,3}(?:\s*(?:[a-z]\s*)?-\s*\d{1,3})?(?:\s?[a-zæøå](?![\wæøå]))?"
_JOINED = r"\s+(?:(?:i|in|of)\s+)?"
_BEFORE = re.compile(r"(?<![\wæøå§])" + _ABBREVIATION + r"\.?\s*§")
_AFTER = re.compile(_SECTION + _JOINED + _ABBREVIATION + r"(?![\wæøå])")
_VOWELS = frozenset("aeiouyæøå")
# A law word beside a cited § names the law the § is asked of ("forvaltningsloven § 7-9", "kommunelovens § 11-9",
# "§ 7-9 i kommuneloven"); one elsewhere in the question may be its context ("§ 11-10 om inhabilitet etter
# forvaltningsloven" asks Kommuneloven's § 11-10, which applies that law).
_LAW_BEFORE = re.compile(r"(" + _LAW_NAME.pattern + r")\s*§")
_LAW_AFTER = re.compile(_SECTION + r",?" + _JOINED + "(" + _LAW_NAME.pattern + ")")
# Abbreviations read as naming a law (`named`, `Sections.missing`); off, only law words and names do
# (benchmarks/answers.py --without "law abbreviations").
ABBREVIATIONS = True
# A law the question names that the index does not have ("Hva sier arbeidsmiljøloven § 14-9?", "pbl § 19-2",
# "Hva sier valgloven om …?"): its § is not another law's of that number, and the reply is not plain
# (bot.search.confidence.capped). Off: benchmarks/answers.py --without "law not held".
LAWS_NOT_HELD = True
# A § of a law the question names beside it and the index does not have ("plan- og bygningsloven § 12-1", "pbl §
# 19-2") is not searched for: its number is another law's words ("12-1" is Kommuneloven § 12-1's title), and the
# search showed Kommuneloven § 12-1 under "Kildene har ikke «plan- og bygningsloven»" (0.4.38). The question's other
# words, the law's name among them, are searched as before. Off: benchmarks/answers.py --without "missing law's §".
MISSING_LAW_SECTIONS = True
# A number of the form N-N just after a law's name or abbreviation, without the "§" ("kommuneloven 11-5", "koml
# 11-5"), is that law's §, as if "§" were written: searched as a word, "11-5" put § 11-7 first (0.4.38). Only N-N, the
# Norwegian chapter-section form: a year or a count is never written so, where a bare single number after a law's name
# often is one ("kommuneloven 1992", "offentleglova 2006", "forvaltningsloven 3 ganger"), and "5-10" with no law just
# before it stays a number. After any law word ("-loven", "-lova", "-lov": the pack's or not, "arbeidsmiljøloven
# 12-1" is then a § of a law not held, as with the sign); after an abbreviation only of at least three letters that
# abbreviates a law the index has ("kl. 10-12" is a time of day). Off: benchmarks/answers.py --without "§ without its
# sign".
UNSIGNED_SECTIONS = True
# A single number (a Danish §, "§ 16 c", or a Norwegian law's numbered alike, "fvl 6") is a § only where nothing but
# the question's end, a stop or a ledd follows it ("fvl 6", "ksl 16 c?", "offentleglova 3 andre ledd"): that is how
# a § is cited, where a count goes on ("forvaltningsloven 3 ganger") and a year has four digits (0.4.38, a
# re-checker's "fvl 6" was refused). Off with UNSIGNED_SINGLE.
UNSIGNED_SINGLE = True
_LEDD_WORD = r"(?:stk|ledd|første|andre|annet|tredje|fjerde|femte|sjette|fyrste|nr|litra|bokstav)\b"
_UNSIGNED = re.compile(r"(?<![\wæøå§-])(?P<law>" + _LAW_NAME.pattern + r"|" + _ABBREVIATION + r")(?P<space>\.?\s+)"
                       r"(?=\d{1,3}-\d{1,3}(?![\d-])"
                       r"|(?P<single>\d{1,3}(?:\s?[a-zæøå])?(?=\s*(?:$|[?.,!;:)]|" + _LEDD_WORD + r"))))",
                       re.IGNORECASE)
NAMED = 0.5  # how surely (`named`) a question must name a law for it to count as named
MIN_START = 5  # letters a law word must share with the start of the name's word to count
OWN_COUNTRY = 0.25  # how much more surely a law of the question's own country counts as named


def cited_numbers(question: str) -> list[tuple[str, str]]:
    """Each § the question cites, as (its number with the letter, without it): ("16c", "16"), ("7-9", "7-9").

    A letter after the number may be a word ("§ 9 i styrelsesloven"), so both forms are kept and the one
    the index holds is used."""
    out = []
    for m in _CITED.finditer(question):
        number = m.group(1) + (m.group(2) or "").lower() + (f"-{m.group(3)}" if m.group(3) else "")
        letter = (m.group(4) or "").lower()
        out.append((number + letter, number))
    return out


_TITLE_BEFORE = re.compile(r"\blov\s+(?:om|for)\s+[^§?!.]{1,80}?(?=\s*§)")


def without_citation(question: str) -> str:
    """The question without the §s it cites, the ledd it names and the laws it names ("Hva sier kommuneloven § 7-9
    andre ledd om fritak?" → "Hva sier om fritak?"): what else it asks."""
    text = _TITLE_BEFORE.sub(" ", question.lower())  # a law's title before its § ("lov om kommunernes styrelse § 16")
    text = _BEFORE.sub(" §", _LAW_BEFORE.sub(" §", text))  # the law before its §: the § sign stays
    text = _LEDD.sub(" ", _CITED.sub(" ", _LAW_AFTER.sub(" ", _AFTER.sub(" ", text))))  # and a ledd it names
    text = _LAW_NAME.sub(lambda m: " " if _law_name(m.group(0)) else m.group(0), text)
    return re.sub(r"\s+", " ", text).strip()


# A ledd (stk.) of the cited § as people write it: "andre ledd", "annet ledd", "2. ledd", "ledd 2", "(2)" after the
# number, Danish "stk. 3", "3. stk.", "stykke 3".
_ORDINALS = {"første": 1, "fyrste": 1, "andre": 2, "annet": 2, "anna": 2, "tredje": 3, "fjerde": 4, "femte": 5,
             "sjette": 6, "sjuende": 7, "syvende": 7, "sjuande": 7, "åttende": 8, "åttande": 8, "niende": 9,
             "niande": 9, "tiende": 10, "tiande": 10, "anden": 2, "andet": 2}
_LEDD = re.compile(r"\b(?:(" + "|".join(_ORDINALS) + r")\s+(?:ledd|stykke)|(\d{1,2})\.\s*(?:ledd|stk\b)"
                   r"|(?:ledd|stk\.?|stykke)\s*(\d{1,2})\b)|^\s*\((\d{1,2})\)", re.IGNORECASE)
# Where the ledd is read: just after the § ("§ 16, stk. 3", "§ 7-9 i kommuneloven andre ledd"), or just before
# it ("andre ledd i § 7-9"): elsewhere "de andre ledd" are a chain's other links.
_LEDD_AFTER, _LEDD_BEFORE = 32, 24
# A cited ledd makes the §'s card that ledd (bot.answer.cards); off: the § card as for the § alone
# (benchmarks/answers.py --without "cited ledd").
CITED_LEDD = True


def section_number(chunk_id: str) -> str | None:
    """The § number of a law's chunk id as `cited_numbers` gives it ("lta-2026-13/§16c/2" → 16c); None for another."""
    m = _SECTION_ID.match(chunk_id)
    return m.group("number").lower() if m else None


def cited_ledd(question: str) -> int | None:
    """The ledd (stk.) of a cited § the question asks for ("§ 16 stk. 3" → 3, "§ 7-9 andre ledd" → 2); None when
    it cites no § or no ledd."""
    if not CITED_LEDD:
        return None
    for cited in _CITED.finditer(question):
        after = _LEDD.search(question[cited.end():cited.end() + _LEDD_AFTER])
        before = question[max(0, cited.start() - _LEDD_BEFORE):cited.start()]
        found = after or next((m for m in _LEDD.finditer(before) if re.fullmatch(r"\s*(?:i|av|af)\s*",
                                                                                  before[m.end():])), None)
        if found is not None:
            word, dotted, number, bracketed = found.groups()
            return _ORDINALS[word.lower()] if word else int(dotted or number or bracketed)
    return None


def abbreviations(question: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """The abbreviations beside the question's cited §s ("fvl. § 6" → fvl), lower-cased, stop words left out."""
    if not ABBREVIATIONS:
        return []
    text = question.lower()
    found = [m.group(1) for m in _BEFORE.finditer(text)] + [m.group(1) for m in _AFTER.finditer(text)]
    return [a for a in dict.fromkeys(found) if _abbreviation(a, stopwords)]


def _abbreviation(word: str, stopwords: frozenset[str]) -> bool:
    """Whether a short word ending in "l" (lower-cased) may be a law's abbreviation: at most one vowel, no stop word."""
    return sum(c in _VOWELS for c in word) <= 1 and word not in stopwords


def abbreviates(abbreviation: str, name: str) -> bool:
    """Whether `abbreviation` ("fvl", "offl", "ksl") is one of the law called `name`: its first letter the name's,
    its other letters but the last "l" in the name in order (Forvaltningsloven: f…v…; Lov om kommunernes
    styrelse: k…s…)."""
    letters = "".join(name_words(name))
    if len(abbreviation) < 2 or not abbreviation.endswith("l") or not letters or abbreviation[0] != letters[0]:
        return False
    rest = iter(letters[1:])
    return all(c in rest for c in abbreviation[1:-1])  # `in` on an iterator consumes it: a subsequence


def unsigned(question: str) -> bool:
    """Whether `question` may cite a § without its sign: a number N-N just after a word that may be a law's name or
    abbreviation (`Sections.signed` tells which are)."""
    return UNSIGNED_SECTIONS and _UNSIGNED.search(question) is not None


def cited_laws(question: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """The laws named beside a cited § as the question writes them, lower-cased: law words and abbreviations."""
    text = question.lower()
    words = [m.group(1) for m in _LAW_BEFORE.finditer(text)] + [m.group(1) for m in _LAW_AFTER.finditer(text)]
    return list(dict.fromkeys(words + abbreviations(question, stopwords)))


# "What does <law> say (about …)": the law's own text is asked for, as by a cited §, so a passage that only refers to
# the law ("… etter plan- og bygningsloven § 11-1") does not make it held ("Hva sier plan- og bygningsloven om
# dispensasjon?" was answered plainly by kommuneloven § 14-4, 0.4.35). Off: benchmarks/answers.py --without
# "law's text asked".
_TEXT_ASKED = re.compile(
    r"\b(?:(?:hva|hvad|kva|what)\s+(?:sier|siger|seier|står\s+(?:det\s+|der\s+)?i|says?|does)"
    r"|ifølge|ifølgje|according\s+to)\b", re.IGNORECASE)
TEXT_ASKED = True


def asks_law_text(question: str) -> bool:
    """Whether the question asks what a law says ("Hva sier valgloven om …?", "What does the Working Environment Act
    say …", "ifølge arbeidsmiljøloven"), not whether a law applies."""
    return TEXT_ASKED and _TEXT_ASKED.search(question) is not None


# A question that is a law's name and nothing else ("arbeidsmiljøloven", "Hva er plan- og bygningsloven?", "what is
# the offentlighedsloven") asks for that law, as "Hva sier …?" does: a passage that only refers to it ("Permisjon kan
# bare gis i samsvar med arbeidsmiljøloven §§ 12-1 …") does not make it held, and "arbeidsmiljøloven" had been answered
# plainly by Kommuneloven § 8-10 (0.4.38). Off: benchmarks/answers.py --without "law alone".
LAW_ALONE = True
_WORD = re.compile(r"\w+")


def asks_law_alone(question: str, laws: Iterable[str], function_words: frozenset[str]) -> bool:
    """Whether `question` says nothing but the `laws` it names (as `law_words` and `abbreviations` write them) and
    function words (a question's frame: "hva er", "what is the")."""
    if not LAW_ALONE:
        return False
    text = question.lower()
    for law in sorted(laws, key=len, reverse=True):  # "plan- og bygningsloven" before a shorter name inside it
        text = re.sub(r"(?<!\w)" + re.escape(law) + r"(?!\w)", " ", text)
    return all(word in function_words for word in _WORD.findall(text))


def mentions(text: str, law: str) -> bool:
    """Whether `text` (lower-cased) mentions the law the question calls `law`: a word beginning with its name's last
    word up to its "lov" ("plan- og bygningsloven" → bygningslov…, "opplæringslova" → opplæringslov…), or the
    abbreviation as a word."""
    word = law.split()[-1]
    stem = re.sub(LOV + "$", "lov", word)
    return re.search(r"(?<!\w)" + re.escape(stem) + ("" if stem.endswith("lov") else r"(?!\w)"), text) is not None


def law_words(question: str) -> list[str]:
    """The law names the question writes out ("plan- og bygningsloven", "offentleglova"), lower-cased."""
    return list(dict.fromkeys(m.group(0) for m in _LAW_NAME.finditer(question.lower()) if _law_name(m.group(0))))


# A law's name is a compound whose last part is "lov": what goes before it names the law ("grunn", "forvaltnings",
# "offentleg"). A word that only ends in the letters is none: "orlov" (leave: "or" is no law's name) and a compound
# ending in it ("barselsorlov", "forældreorlov", whose last part the splitter finds is "orlov") had counted as a law
# the index lacks, a strike against the reply ("Kan et medlem af kommunalbestyrelsen tage orlov …?" was refused).
# Off: benchmarks.answers --without "law name parts".
LAW_NAME_PARTS = True
_HEAD = 3  # no law's name has a shorter word before its "lov" written in one ("EU-loven" is hyphened)
_SPLIT = Decompounder()


def _law_name(word: str) -> bool:
    """Whether `word`, which `_LAW_NAME` matched, names a law (LAW_NAME_PARTS)."""
    if not LAW_NAME_PARTS:
        return True
    last = word.split()[-1]
    parts = _SPLIT(last)
    if parts:
        return re.fullmatch(LOV, parts[-1]) is not None
    return len(re.sub(LOV + "$", "", last)) >= _HEAD


def _grams(text: str) -> set[str]:
    letters = re.sub(r"[^a-zæøå]", "", text.lower())
    return {letters[i:i + 4] for i in range(len(letters) - 3)}


def name_words(name: str) -> list[str]:
    """A law's name without its "lov" ("Lov om kommunernes styrelse" → kommunernes, styrelse;
    "Forvaltningsloven" → forvaltnings)."""
    return re.sub(LOV + r"\b|\bom\b", " ", name.lower()).split()


@dataclass(frozen=True)
class LawSection:
    """A § of a law in the index: the law's name as cited, its country, and its chunks in the law's order."""

    name: str
    country: str      # "no" or "da"
    docnos: tuple[int, ...]
    law: str = ""     # its source id, as Lovdata prints a law's reference ("lov-2006-05-19-16" for LOV-2006-05-19-16)


class Sections:
    """The index's laws by § number, read once from its chunks (id "<law>/§<number>[/<ledd>]", title "<name> § …")."""

    def __init__(self, chunks: Iterable[tuple[int, str, str, str]], stopwords: frozenset[str] = frozenset()) -> None:
        """:param chunks: (docno, chunk id, title, language) of every chunk, in docno order.
        :param stopwords: words that are never an abbreviation ("til § 3")."""
        self._stopwords = stopwords
        found: dict[tuple[str, str], list[int]] = {}
        names: dict[str, tuple[str, str]] = {}
        for docno, chunk_id, title, lang in chunks:
            m = _SECTION_ID.match(chunk_id)
            if m is None:
                continue
            law, number = m.group("law"), m.group("number").lower()
            found.setdefault((law, number), []).append(docno)
            names.setdefault(law, (title.split(" §")[0].strip(), "da" if lang == "da" else "no"))
        self._names = tuple(name for name, _ in names.values())  # the index's laws as cited
        self.countries = frozenset(country for _, country in names.values())  # whose laws the index holds
        self._by_number: dict[str, list[LawSection]] = {}
        for (law, number), docnos in found.items():
            name, country = names[law]
            self._by_number.setdefault(number, []).append(LawSection(name, country, tuple(docnos), law))

    def cited(self, question: str, country: str | None, ranked: dict[int, int]) -> LawSection | None:
        """The § the question cites: in the law it names, else its country's (`country`: "no", "da", None), else
        the one whose chunk the search ranks first (`ranked`: docno → place); None when it cites none the
        index holds, or several laws fit and the search ranks none of them."""
        abbreviated = abbreviations(question, self._stopwords)
        # a law named beside the §, whether the index has it or not: its § is not another law's of the same number
        elsewhere = LAWS_NOT_HELD and bool(cited_laws(question, self._stopwords))
        for with_letter, plain in cited_numbers(question):
            options = self._by_number.get(with_letter) or self._by_number.get(plain) or []
            chosen = _choose(options, question, country, ranked, abbreviated, elsewhere)
            if chosen is not None:
                return chosen
        return None

    def missing(self, question: str) -> tuple[str, ...]:
        """The laws the question names, as it writes them, that none of the index's laws is: a law word
        ("arbeidsmiljøloven", "plan- og bygningsloven") naming none surely (`named`), an abbreviation by a §
        ("pbl § 19-2") abbreviating none. None for an index that has no law at all: there a law's name is a word of
        the documents' subject ("Når ble Victorias grunnlov vedtatt?"), not a source asked for."""
        if not self._names:
            return ()
        words = [w for w in law_words(question) if all(named(n, w) < NAMED for n in self._names)]
        short = [a for a in abbreviations(question, self._stopwords)
                 if not any(abbreviates(a, n) for n in self._names)]
        return tuple(words + short) + self._sections_lacking(question)

    def holds(self, law: str) -> bool:
        """Whether `law`, as a question writes it beside a § ("kommunelova", "fvl"), is one of the index's laws."""
        return any(named(n, law) >= NAMED or abbreviates(law, n) for n in self._names)

    def signed(self, question: str) -> str:
        """`question` with "§" before a number N-N just after a law's name or abbreviation ("kommuneloven 11-5" →
        "kommuneloven § 11-5", `UNSIGNED_SECTIONS`); as it is on an index without laws."""
        if not UNSIGNED_SECTIONS or not self._names:
            return question

        def sign(m: re.Match[str]) -> str:
            law = m.group("law").lower()
            if not _LAW_NAME.fullmatch(law) and not (ABBREVIATIONS and len(law) >= 3 and
                                                     _abbreviation(law, self._stopwords) and self.holds(law)):
                return m.group(0)
            if m.group("single") is not None and not UNSIGNED_SINGLE:
                return m.group(0)
            return f"{m.group('law')}{m.group('space')}§ "

        return _UNSIGNED.sub(sign, question)

    def held_sections(self, question: str) -> str:
        """`question` without the §s it cites beside a law the index does not have ("plan- og bygningsloven § 12-1"
        → "plan- og bygningsloven", `MISSING_LAW_SECTIONS`): what the search reads. As it is on an index without
        laws, or where every § it cites is of a law the index has or of none named."""
        if not MISSING_LAW_SECTIONS or not LAWS_NOT_HELD or not self._names or not cited_numbers(question):
            return question
        text = question.lower()
        if len(text) != len(question):  # a letter whose lower case is longer: the lower-cased question is read
            question = text
        beside: dict[int, str] = {}  # where a cited § begins → the law written beside it
        for m in _LAW_BEFORE.finditer(text):
            beside[m.end() - 1] = m.group(1)
        for m in _LAW_AFTER.finditer(text):
            beside[m.start()] = m.group(1)
        shorts = set(abbreviations(question, self._stopwords))  # as `missing` reads them
        for m in _BEFORE.finditer(text):
            if m.group(1) in shorts:
                beside.setdefault(m.end() - 1, m.group(1))
        for m in _AFTER.finditer(text):
            if m.group(1) in shorts:
                beside.setdefault(m.start(), m.group(1))
        out, end = [], 0
        for m in _CITED.finditer(text):
            law = beside.get(m.start())
            if law is not None and not self.holds(law):
                out.append(question[end:m.start()] + " ")
                end = m.end()
        if not out:
            return question
        return re.sub(r"\s+", " ", "".join(out) + question[end:]).strip()

    def _sections_lacking(self, question: str) -> tuple[str, ...]:
        """A § the question cites in a law it names that the index has and that has no such § ("forvaltningsloven §
        7-9", "fvl. § 99"), as written: the law's own § is asked for, and it is not there."""
        cited = list(_CITED.finditer(question))
        if not cited:
            return ()
        held: dict[str, set[str]] = {}  # the law beside a § as the question writes it → the index's laws it names
        for law in cited_laws(question, self._stopwords):
            held[law] = {n for n in self._names if named(n, law) >= NAMED or abbreviates(law, n)}
        out = []
        for law, laws in held.items():
            if not laws:
                continue
            for m, (with_letter, plain) in zip(cited, cited_numbers(question), strict=True):
                options = self._by_number.get(with_letter) or self._by_number.get(plain) or []
                if not any(o.name in laws for o in options):
                    out.append(f"{law} {' '.join(m.group(0).split())}")
        return tuple(dict.fromkeys(out))


def _choose(options: list[LawSection], question: str, country: str | None, ranked: dict[int, int],
            abbreviated: list[str] | None = None, elsewhere: bool = False) -> LawSection | None:
    """Among the laws with the cited §: the one the question names, by a name or an abbreviation (its own
    country's counting a little more surely named: Norwegians call offentleglova "offentlighetsloven"); none
    when it names a law beside the § (`elsewhere`) and none of these ("styrelsesloven § 7-9" is not
    Kommuneloven's); else the only one, the question's country's only one, or the one the search ranks highest."""
    references = law_references(question)
    shares = [max(named(o.name, question), float(any(abbreviates(a, o.name) for a in abbreviated or ())),
                  float(o.law in references)) for o in options]
    if elsewhere and all(share < NAMED for share in shares):
        return None
    if len(options) <= 1:
        return options[0] if options else None
    scores = [s + (OWN_COUNTRY if o.country == country else 0.0) for s, o in zip(shares, options, strict=True)]
    best = max(range(len(options)), key=scores.__getitem__)
    if shares[best] >= NAMED and scores.count(scores[best]) == 1:
        return options[best]
    own = [o for o in options if o.country == country] or options
    if len(own) == 1:
        return own[0]
    places = [min((ranked[d] for d in o.docnos if d in ranked), default=None) for o in own]
    found = [(p, i) for i, p in enumerate(places) if p is not None]
    return own[min(found)[1]] if found else None


_REFERENCE = re.compile(r"\b(?:lov|for|forskrift)-\d{4}-\d{2}-\d{2}(?:-\d+)?\b", re.IGNORECASE)


def law_references(question: str) -> frozenset[str]:
    """The laws the question names by Lovdata's reference ("LOV-2006-05-19-16", "FOR-1997-04-22-375"), as the index's
    source ids write them ("lov-2006-05-19-16", "forskrift-1997-04-22-375"): the law named most surely of all."""
    return frozenset(reference_id(m.group(0)) for m in _REFERENCE.finditer(question))


def named(name: str, question: str) -> float:
    """How surely `question` names the law called `name`, 0-1: the name of several words written out in it (1),
    or a law word of it ("styrelsesloven") whose 4-grams the name holds, weighed by how much of the name they
    are ("kommuneloven" is all of Kommuneloven's name and a quarter of Lov om kommunernes styrelse's), or
    that begins as a word of the name does."""
    all_words = name_words(name)
    law = _grams(" ".join(all_words))
    if not law:
        return 0.0
    shares = [0.0]
    if len(all_words) > 1:  # a name of words, written out
        shares.append(1.0 if len(law & _grams(question)) >= 0.9 * len(law) else 0.0)
    words = [w for w in all_words if len(w) > 2]
    for word in _LAW_WORD.findall(question.lower()):
        stem = re.sub(LOV + "$", "", word)
        grams = _grams(stem)
        if grams:
            held = len(grams & law)
            shares.append(held / len(grams) * (1 + held / len(law)) / 2)
        # A law's name in the other standard or language shares its first letters more than its 4-grams
        # ("offentlighetsloven" for Offentleglova). Squared: the whole word counts more than most of it
        # ("offentlighed" is all of the Danish act's word and most of Offentleglova's); and a name of
        # several words is only partly named by one.
        for w in words:
            start = len(commonprefix([stem, w]))
            if start >= MIN_START:
                shares.append((start / len(w)) ** 2 * (1 + 1 / len(words)) / 2)
    return max(shares)

