"""Telling the language of a question or a text (nb, nn, da, en): the reply's, and a source's undeclared one."""

from __future__ import annotations

import gzip
import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.analysis.frequencies import zipf_in
from bot.analysis.names import names
from bot.analysis.resources import DATA, wordlist

if TYPE_CHECKING:
    from bot.analysis.lemma import Lemmatizer

_WORD = re.compile(r"[^\W\d_]+")
_LINK = re.compile(r"\b(?:https?://|www\.)\S+")
# What a pasted fragment holds that is no language's words, once its entities are read as the characters they stand
# for ("&amp;" as "&", "&lt;" as "<": their names are markup): letters joined by "&" ("Q&A", "R&D": an abbreviation,
# its "a" no English article), a lone letter beside a comparison or a sum ("a < b", "x = 2": a variable), and an
# entity left over from escaping twice ("&amp;lt;"). "Hva er rådmannens ansvar? Q&A a < b" was read as English by its
# two "a", and answered in English.
_LONE = r"(?<![\w&])[^\W\d_](?![\w&])"
_NOT_WORDS = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,3}(?:&[^\W\d_]{1,3})+(?![^\W\d_])"
                        rf"|(?:{_LONE}\s*)?[<>=≤≥≠+×÷]+(?:\s*{_LONE})?"
                        r"|&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});")
# Nynorsk forms that bokmål does not use, and the bokmål forms nynorsk does not use: a Norwegian text is
# nynorsk when it holds more of the first than of the second. Counting both matters for text longer than a
# question, which may hold a dialect word ("Hva skal til for at dei ansatte blir hørt?") or a law's one
# "kor" among hundreds of "ikke": one marker alone made Forvaltningsloven nynorsk and a reply to "Hva er
# spørsmålet …?" nynorsk ("spørsmålet" is both, and is no marker now).
_NYNORSK = frozenset("kva kven kor korleis kvifor kvar ikkje eg ho dei ein eit frå berre mykje vere "
                     "korso nokon noko nokre sjølv heile kommunane".split())
_BOKMAL = frozenset("hva hvem hvor hvordan hvorfor hvilke hvilken hvilket ikke jeg hun fra bare mye være "
                    "noen noe selv hele kommunene".split())
# A Norwegian question with no function word of bokmål's or nynorsk's own ("teieplikt for folkevalde",
# "kontrollutvalet sine oppgåver") is nynorsk when a word of it is nynorsk's and not bokmål's (`_nynorsk_lemma`). Such
# a question had been read, and answered, as bokmål. Off: benchmarks.answers --without "nynorsk words".
NYNORSK_WORDS = True
# Danish forms Norwegian never uses that Snowball's Danish stopword list lacks (its interrogative
# "hvornår", when; "nogen", Norwegian "noen").
_DANISH = frozenset("hvornår nogen".split())
# A word of one Scandinavian stopword list this common in the other language's text (wordfreq's Zipf
# scale) is a function word of both: Snowball lists "kan", "kun", "så" and "før" as Norwegian only and
# "mine" as Danish only, and each of them pulled a question to the wrong side.
_SHARED_ZIPF = 5.5
# Where the words leave Danish and Norwegian tied ("Hvilke udvalgsformænd kan få vederlag?": "hvilke", "kan", "få"
# are both, "udvalgsformænd" in neither word list, "vederlag" as common in each), a tie is Norwegian unless the letters
# of the words one list lacks are Danish by more than LETTER_MARGIN (log odds: "udv", "ænd", "pligt" are Danish,
# "utv", "plikt" Norwegian). The margin is the smallest at which none of NorQuAD train's 3,638 bokmål questions is
# read as Danish (at 0: 26, at 4: 3); XQuAD's Danish questions taken for Norwegian 98 → 79, its bokmål ones and
# NorQuAD val's as before but one (benchmarks/language.py, benchmarks/README "The question's language, a tie told by
# its letters"). Off only for the measurement (benchmarks.answers --without "letters break a tie").
LETTER_TIES = True
# A question whose function words are as Danish as Norwegian ("er jeg inhabil når vi behandler skolebudgettet": "er",
# "jeg", "når", "vi" are both), asked by someone whose language is known to be Danish (`language_told`'s `asker`: the
# bot's user's Telegram, or the chat's earlier question), is Danish: its content words' frequencies lean Norwegian for a
# term Danish text seldom writes ("inhabil" 0 in wordfreq's Danish), and such a question from a Danish councillor had
# been read as bokmål and answered from Kommuneloven under a Norwegian lead. No asker known (the page, `ask`, the
# benchmarks): as before. Off: ASKER_TIES = False.
ASKER_TIES = True
# A function word of one language only that the other writes too counts by how much more common it is in its own:
# full weight (3) from this many Zipf points ahead, less below ("dit": Danish 5.83, bokmål 4.72).
GRADED_SPAN = 2.0
LETTER_MARGIN = 6.0
LETTERS_FILE = DATA / "letters_da_nb.tsv.gz"  # written by scripts/letter_trigrams.py from wordfreq's lists
UNSEEN = "=unseen"  # its line for a trigram neither language's list has


@lru_cache(maxsize=1)
def _function_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(English, Norwegian only, Danish only, Norwegian and Danish) function words."""
    english = wordlist("english_function_words.txt", "english_ambiguous.txt")
    nb_stop = wordlist("stopwords_nb.txt")
    da_stop = wordlist("stopwords_da.txt")
    nb_only = frozenset(w for w in nb_stop - da_stop if zipf_in(w, "da") < _SHARED_ZIPF)
    da_only = frozenset(w for w in da_stop - nb_stop if zipf_in(w, "nb") < _SHARED_ZIPF)
    both = frozenset((nb_stop | da_stop) - nb_only - da_only - english)
    return frozenset(english - nb_stop - da_stop), nb_only, da_only, both


# A question whose letters are mostly of another script than the Latin (Cyrillic, Chinese, Arabic, …) is in none of
# the four languages kommunebot reads: it is told so, in English, instead of searched (0.4.32; such a question was
# read as bokmål and refused with "Kildene dekker ikke dette spørsmålet").
OTHER_SCRIPT_SHARE = 0.5


def other_script(text: str) -> bool:
    """Whether more than OTHER_SCRIPT_SHARE of `text`'s letters are not Latin ones (a name or term in Latin letters
    amid Cyrillic or Chinese still leaves it another script's)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    return 1 - latin / len(letters) > OTHER_SCRIPT_SHARE


def language_family(lang: str) -> str:
    """Bokmål and nynorsk are one family, "no" (as a country's law is Norway's in either); other codes are their own."""
    return "no" if lang in ("nb", "nn", "no") else lang


def detect_language(text: str) -> str:
    """"nb", "nn", "da" or "en"; function words decide, content words break ties, then their letters; else "nb".

    English questions often carry Norwegian terms ("what is rådmannens ansvar?"), so the
    grammar words weigh three times as much as the content words.
    """
    return language_told(text)[0]


def language_told(text: str, asker: str | None = None) -> tuple[str, bool]:
    """`detect_language`'s language, and whether a word told it: its "nb" for "kommunestyrelsesloven § 8, stk. 2" (a
    law's name, numbers) is only the default for want of any. `asker`: the language the asker writes, where known,
    which a text as Danish as Norwegian is read in when it is Danish (ASKER_TIES)."""
    # a link's words are no language's ("https", "no" of lovdata.no read as English made a pasted link English), nor
    # an entity's, an abbreviation's or a formula's (_NOT_WORDS)
    words = _WORD.findall(_NOT_WORDS.sub(" ", html.unescape(_LINK.sub(" ", text)).lower()))
    if not words:
        return "nb", False
    english, nb_only, da_only, both = _function_words()
    score = {"no": 0.0, "da": 0.0, "en": 0.0}
    nynorsk = bokmal = 0
    content: list[str] = []
    for word in words:
        bokmal += word in _BOKMAL
        if word in _NYNORSK:
            nynorsk += 1
            score["no"] += 3
        elif word in _DANISH:
            score["da"] += 3
        elif word in da_only:
            score["da"] += _weight(word, "da", "nb")
        elif word in english:
            score["en"] += 3
        elif word in nb_only:
            score["no"] += _weight(word, "nb", "da")
        elif word in both:  # Scandinavian, so not English, whatever English names the question holds
            score["no"] += 3
            score["da"] += 3
        else:
            content.append(word)
    if ASKER_TIES and asker == "da" and score["no"] == score["da"] > score["en"] and nynorsk == 0:
        return "da", True  # function words as Norwegian as Danish, from a Danish asker (a term's frequency says little)
    ranked = sorted(score.values(), reverse=True)
    if ranked[0] - ranked[1] < 3:
        # Grammar words did not settle it: let content words vote by frequency.
        for word in content + [w for w in words if w in english]:
            freq = {"no": zipf_in(word, "nb"), "da": zipf_in(word, "da"), "en": zipf_in(word, "en")}
            best = max(freq, key=freq.__getitem__)
            if freq[best] - sorted(freq.values())[-2] >= 0.5:
                score[best] += 1
    # letters choose between the two languages for a text in one of them: one with no word of either ("xxxx…", a
    # key mash) is no language's, and keeps the default
    if LETTER_TIES and score["no"] == score["da"] >= score["en"] and any(
            max(zipf_in(w, "nb"), zipf_in(w, "da")) > 0 for w in words):
        # only a word one of the two lists lacks (a compound, a misspelling, a spelling of one language): a word both
        # have is both languages' ("leder", "scoret"), and an English name's letters say nothing ("Social Democrats")
        own = [w for w in content if min(zipf_in(w, "nb"), zipf_in(w, "da")) == 0
               and zipf_in(w, "en") <= max(zipf_in(w, "nb"), zipf_in(w, "da"))]
        if own and danish_letters(own) > LETTER_MARGIN:
            score["da"] += 0.5
    best = max(score, key=lambda lang: (score[lang], lang == "no"))
    told = score[best] > 0 or nynorsk + bokmal > 0
    if score[best] == 0 or best == "no":
        if nynorsk == bokmal == 0 and NYNORSK_WORDS and _nynorsk_words(content, text):
            return "nn", True
        return ("nn" if nynorsk > bokmal else "nb"), told
    return best, told


def _nynorsk_words(content: list[str], text: str) -> bool:
    """Whether a word of `content` (the words of `text` no function-word list has) is nynorsk's, a name apart; each
    word asked once, so a pasted page costs a lookup a distinct word."""
    named = {name.lower() for name in names(text)}  # as the confidence reads a question's names
    return any(_nynorsk_lemma(w) for w in dict.fromkeys(content) if w not in named)


def _nynorsk_lemma(word: str) -> bool:
    """Whether `word` is nynorsk's and not bokmål's: a form nynorsk's dictionary holds and bokmål's lacks ("oppgåver",
    "ålmenta"), or a nynorsk lemma bokmål and Danish lack (the nynorsk-bokmål table's: "stengjast" as stengje); and no
    common English word ("song" in "Eurovision Song Contest")."""
    if len(word) <= 3 or zipf_in(word, "en") >= 3.0:
        return False
    lemmatizer, bokmal = _nynorsk_tables()
    return lemmatizer.first_language(word) == "nn" or bokmal(word) is not None


@lru_cache(maxsize=1)
def _nynorsk_tables() -> tuple[Lemmatizer, Callable[[str], str | None]]:
    """The lemmatiser and the nynorsk-bokmål table, made on first use (the tables are read then)."""
    from bot.analysis.counterparts import Bokmal
    from bot.analysis.lemma import default_lemmatizer

    lemmatizer = default_lemmatizer()
    return lemmatizer, Bokmal(lemmatizer)


def _weight(word: str, own: str, other: str) -> float:
    """A one-language function word's vote: 3, less where the other language writes it often too."""
    if not GRADED_SPAN:
        return 3.0
    return 3.0 * min(1.0, max(0.0, zipf_in(word, own) - zipf_in(word, other)) / GRADED_SPAN)  # never a vote against


@lru_cache(maxsize=1)
def _letter_odds() -> tuple[dict[str, float], float]:
    """Each letter trigram's log odds of Danish over bokmål, and the odds of one neither list has ({} without the
    file: then no tie is broken by letters)."""
    odds: dict[str, float] = {}
    try:
        with gzip.open(LETTERS_FILE, "rt", encoding="utf-8") as handle:
            for line in handle:
                gram, sep, value = line.rstrip("\n").partition("\t")
                if sep and not line.startswith("#"):
                    odds[gram] = float(value)
    except (OSError, ValueError, EOFError):
        return {}, 0.0
    return odds, odds.pop(UNSEEN, 0.0)


def letter_trigrams(word: str) -> list[str]:
    """A word's letter trigrams, its ends marked ("^" and "$"): the table's keys (scripts/letter_trigrams.py)."""
    padded = f"^{word}$"
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


def danish_letters(words: list[str]) -> float:
    """How much more Danish than bokmål the words' letters are (log odds summed; > 0: Danish)."""
    odds, unseen = _letter_odds()
    if not odds:
        return 0.0
    return sum(odds.get(gram, unseen) for word in words for gram in letter_trigrams(word))
