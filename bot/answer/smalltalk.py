"""Telling small talk ("hei", "takk!", "ikke nyttig", an emoji) from a question: a friendly word, not a search."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.analysis.language import detect_language

# Source: written for kommunebot from what new users type to a bot before or after a question
# (greetings, thanks, acknowledgements) in bokmål, nynorsk, Danish and English. Left out on
# purpose: words that can start a real question ("hva", "kan", "hvordan") and one-word topics
# ("budsjett", "ordfører"): those are searched.
GREETINGS: dict[str, str] = {
    "hei": "nb", "hallo": "nb", "heisann": "nb", "hei hei": "nb", "god morgen": "nb", "god dag": "nb",
    "god kveld": "nb", "morn": "nb", "hej": "da", "hejsa": "da", "goddag": "da", "godmorgen": "da",
    "hi": "en", "hello": "en", "hey": "en", "good morning": "en",
}
THANKS: dict[str, str] = {
    "takk": "nb", "tusen takk": "nb", "takk skal du ha": "nb", "mange takk": "nb", "takker": "nb",
    "tak": "da", "mange tak": "da", "tusind tak": "da", "thanks": "en", "thank you": "en", "thx": "en",
}
ACKNOWLEDGEMENTS: dict[str, str] = {
    "ok": "nb", "okei": "nb", "greit": "nb", "supert": "nb", "flott": "nb", "fint": "nb", "ha det": "nb",
    "fedt": "da", "farvel": "da", "great": "en", "bye": "en",
}
# "takk for hjelpen", "tusen takk for svaret", "thanks for the help": thanks, then what for.
MAX_THANKS_FOR_WORDS = 4  # "takk for et godt og raskt svar" is thanks; a longer tail may hold a question

# A message made only of the words below is small talk however they are put together ("supert, takk",
# "takk, nyttig!", "Tusen hjertelig takk for svaret", "Hei, hvem er du?"): the tables above held whole
# messages, and every other wording was searched and logged as a question the sources could not answer.
# None of them is a topic a question could be about alone; a message with any other word is searched.
_CORE: dict[str, dict[str, tuple[str, ...]]] = {  # kind -> language -> its words
    "thanks": {"nb": ("takk", "takker", "tusen", "mange", "hjertelig"),
               "nn": ("takk", "takkar", "tusen", "mange", "hjarteleg"),
               "da": ("tak", "takker", "tusind", "mange", "hjertelig", "hjerteligt"),
               "en": ("thanks", "thank", "thx", "cheers")},
    "greeting": {"nb": ("hei", "hallo", "heisann", "heia", "morn", "god", "morgen", "kveld"),
                 "nn": ("hei", "hallo", "heisann", "morn", "god", "morgon", "kveld"),
                 "da": ("hej", "hejsa", "hallo", "goddag", "godmorgen", "god", "morgen", "aften", "dav"),
                 "en": ("hi", "hello", "hey", "good", "morning", "evening", "afternoon")},
    "praise": {"nb": ("nyttig", "nyttige", "supert", "super", "flott", "fint", "bra", "topp", "kjempebra",
                      "kjempefint", "perfekt", "glimrende", "strålende", "fantastisk", "utmerket", "ok", "okei",
                      "greit", "interessant", "skjønner", "forstår", "oppfattet", "hyggelig"),
               "nn": ("nyttig", "nyttige", "supert", "super", "flott", "fint", "bra", "topp", "kjekt", "perfekt",
                      "glimrande", "strålande", "fantastisk", "ok", "okei", "greitt", "interessant", "skjønar",
                      "forstår", "hyggeleg"),
               "da": ("nyttigt", "brugbart", "super", "fedt", "fint", "flot", "dejligt", "skønt", "perfekt",
                      "fantastisk", "udmærket", "ok", "okay", "godt", "interessant", "forstået", "forstår"),
               "en": ("great", "nice", "awesome", "perfect", "useful", "helpful", "excellent", "cool", "ok", "okay",
                      "brilliant", "lovely", "interesting", "understood")},
    # Feedback that an answer did not help ("takk, men det var ikke nyttig", "Dette var ikke til hjelp", "feil svar"):
    # a word that finds fault, or a negation turning praise or help around. Searched, it was refused with the
    # topics and logged as a question the sources could not answer.
    "fault": {"nb": ("unyttig", "unyttige", "ubrukelig", "ubrukelige", "dårlig", "dårlige", "elendig", "feil", "galt",
                     "irrelevant", "irrelevante", "misvisende"),
              "nn": ("unyttig", "unyttige", "ubrukeleg", "ubrukelege", "dårleg", "dårlege", "elendig", "feil", "gale",
                     "galt", "irrelevant", "misvisande"),
              "da": ("unyttigt", "unyttig", "ubrugeligt", "ubrugelig", "dårligt", "dårlig", "elendigt", "forkert",
                     "forkerte", "irrelevant", "skidt", "misvisende"),
              "en": ("useless", "unhelpful", "wrong", "bad", "poor", "incorrect", "irrelevant", "terrible",
                     "misleading")},
    "negation": {"nb": ("ikke",), "nn": ("ikkje",), "da": ("ikke",),
                 "en": ("not", "didn", "doesn", "wasn", "isn", "don")},
}
# Words that only go with those: "takk skal du ha", "takk for svaret", "veldig nyttig", "thank you so much"
_WITH = frozenset(("for", "skal", "du", "deg", "dig", "ha", "det", "så", "veldig", "og", "igjen", "svaret", "svar",
                   "svara", "hjelpen", "hjelpa", "hjælpen", "mye", "meget", "rigtig", "dette", "var", "er", "da",
                   "nå", "ja", "jo", "oi", "wow", "dere", "dykk", "jer", "alle", "you", "so", "very", "much", "and",
                   "the", "again", "answer", "help", "a", "lot", "that", "was", "all", "yes", "there", "der", "really",
                   "truly", "it", "is",
                   # what feedback says besides its fault: "… ikke til noe hjelp", "det hjalp dessverre ikke", "that
                   # didn't help", "men det var …"; a message of these alone is no feedback and is searched as before
                   "men", "but", "til", "noe", "noko", "noget", "hjelp", "hjelpa", "hjælp", "help", "hjalp", "hjelpte",
                   "hjælper", "helped", "helps", "dessverre", "desværre", "unfortunately", "særlig", "særleg",
                   "spesielt", "helt", "heilt", "t", "this", "sorry", "beklager",
                   # and what it says was missed: "Dette svarte ikke på spørsmålet mitt", "Nei, det hjelper ikke",
                   # "Det var ikke det jeg spurte om", "That's not what I asked"
                   "nei", "nej", "no", "hjelper", "hjelpe", "hjælpe", "hjelpt", "hjulpet", "hjulpe", "hjalp",
                   "svarte", "svarer", "svarede", "svart", "svaret", "answered", "answers", "på", "om", "spørsmålet",
                   "spørgsmålet", "spørsmål", "spørgsmål", "question", "mitt", "mit", "min", "my",
                   "jeg", "eg", "i", "spurte", "spurde", "spurgte", "asked", "what", "s", "about", "got"))


def _word_table() -> dict[str, tuple[str, str]]:
    """Each word's kind and language; the language "" when more than one writes it so ("takk", "fint")."""
    table: dict[str, tuple[str, str]] = {w: ("with", "") for w in _WITH}
    for kind, by_language in _CORE.items():
        for language, words in by_language.items():
            for word in words:
                _, seen = table.get(word, (kind, language))
                table[word] = (kind, language if seen == language else "")
    return table


def _written_table() -> dict[str, frozenset[str]]:
    """Each small-talk word's languages: "hei" and "takk" are bokmål's and nynorsk's alike, "ok" every language's."""
    table: dict[str, frozenset[str]] = {}
    for by_language in _CORE.values():
        for language, words in by_language.items():
            for word in words:
                table[word] = table.get(word, frozenset()) | {language}
    return table


_WORDS = _word_table()
_WRITTEN = _written_table()
# "Hvem er du?", "Kva er dette?", "Who are you?": about the bot itself, answered with its greeting
_ABOUT_BOT = re.compile(r"\b(hvem|hva|kven|kva|hvad|who|what) (er|e|is|are) (du|dere|dykk|dig|you|dette|this|boten|"
                        r"botten|kommunebot)\b")
_ABOUT_BOT_LANGUAGE = {"hva": "nb", "kven": "nn", "kva": "nn", "hvad": "da", "dig": "da", "botten": "da",
                       "who": "en", "what": "en", "you": "en", "this": "en"}
MAX_SMALL_TALK_WORDS = 8  # "tusen hjertelig takk, det var veldig nyttig": a longer message is read as a question
_PUNCT = re.compile(r"[\s.,!?:;…'\"«»()-]+")


@dataclass(frozen=True)
class SmallTalk:
    """What kind of small talk a message is ("greeting", "thanks", "feedback" that an answer did not help, or "chat"),
    in which language."""

    kind: str
    language: str


def _only_symbols(text: str) -> bool:
    """Emoji, signs and punctuation only (":)", "👍🙏"): no letter or digit."""
    return bool(text.strip()) and not any(unicodedata.category(ch)[0] in "LN" for ch in text)


def small_talk(text: str, asker: str | None = None) -> SmallTalk | None:
    """The small talk `text` is, or None when it may be a question. `asker`: the asker's language, where the front end
    knows it (Telegram's, the page's): emoji and signs alone ("👍", "?!"), which are in no language, are answered in
    it (bokmål when unknown), and so are words it writes as well as another ("hei" and "takk" from a nynorsk user had
    been answered in bokmål)."""
    if _only_symbols(text):
        return SmallTalk("chat", asker or "nb")
    words = _PUNCT.sub(" ", text.lower()).strip()
    # "hei!" and "takk 🙂" are small talk; "hei, hva er rådmannens ansvar?" is a question
    words = "".join(ch for ch in words if unicodedata.category(ch)[0] in "LNZ").strip()
    words = " ".join(words.split())
    talk = None
    for table, kind in ((GREETINGS, "greeting"), (THANKS, "thanks"), (ACKNOWLEDGEMENTS, "chat")):
        if words in table:
            talk = SmallTalk(kind, table[words])
            break
    talk = talk or _made_of_small_talk(words, text) or (None if "?" in text else _thanks_for(words))
    if talk is not None and asker and talk.language != asker and _writes(asker, words):
        return SmallTalk(talk.kind, asker)
    return talk


def _writes(language: str, words: str) -> bool:
    """Whether `language` writes every small-talk word of `words` (the words that only go with them aside)."""
    said = [w for w in words.split() if w not in _WITH]
    return bool(said) and all(language in _WRITTEN.get(w, ()) for w in said)


def _made_of_small_talk(words: str, text: str) -> SmallTalk | None:
    """Thanks, greetings, praise, feedback that an answer did not help and "who are you" in any order and mix, or None
    when a word of it is none of those (a question's topic, a question word not about the bot)."""
    about = _ABOUT_BOT.search(words)
    said = (words[:about.start()] + " " + words[about.end():] if about else words).split()
    if len(said) + (3 if about else 0) > MAX_SMALL_TALK_WORDS or any(w not in _WORDS for w in said):
        return None
    kinds = {_WORDS[w][0] for w in said}
    if not (kinds - {"with"} or about):
        return None  # "du", "for det": nothing said but filling
    languages = [_WORDS[w][1] for w in said if _WORDS[w][0] != "with"]
    if about:
        languages += [_ABOUT_BOT_LANGUAGE.get(w, "") for w in about.group().split()]
    # a word only one language writes decides ("kjekt", "tusind"); else the words around them ("is it ok?")
    language = next((lang for lang in languages if lang), "") or detect_language(text)
    if kinds & {"fault", "negation"}:  # feedback is said, not asked: "Er det ikke feil?" is searched
        return None if "?" in text else SmallTalk("feedback", language)
    kind = "thanks" if "thanks" in kinds else "greeting" if about or "greeting" in kinds else "chat"
    return SmallTalk(kind, language)


def _thanks_for(words: str) -> SmallTalk | None:
    """Thanks followed by what for ("takk for hjelpen"), or None."""
    for thanks, language in THANKS.items():
        head = f"{thanks} for "  # the same word in all four languages
        tail = words[len(head):].split() if words.startswith(head) else []
        if 0 < len(tail) <= MAX_THANKS_FOR_WORDS:
            return SmallTalk("thanks", language)
    return None


# A message's leading clause or sentence of thanks or greeting before its question ("Takk for svaret. Hva er
# delegering?", "Takk for hjelpen, men hva er delegering?"): the question is what is searched, the thanks' words had
# counted against every passage's coverage and the question was refused.
_LEADING = re.compile(r"\s*([^.!?,;:]+?)\s*(?:[.!?;:]+|,\s*(?:men|mens|but)?)\s+(?=\S)")


def without_small_talk(text: str) -> str:
    """`text` without its leading clauses or sentences of small talk; as it is when that is all it holds."""
    if small_talk(text) is not None:
        return text
    rest = text
    while (lead := _LEADING.match(rest)) is not None and small_talk(lead.group(1)) is not None:
        rest = rest[lead.end():]
    return rest if rest.strip() else text
