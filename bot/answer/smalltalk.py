"""Telling small talk ("hei", "takk!", an emoji) from a question, so it gets a friendly word, not a search."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
_PUNCT = re.compile(r"[\s.,!?:;…'\"«»()-]+")


@dataclass(frozen=True)
class SmallTalk:
    """What kind of small talk a message is ("greeting", "thanks" or "chat"), in which language."""

    kind: str
    language: str


def _only_symbols(text: str) -> bool:
    """Emoji, signs and punctuation only (":)", "👍🙏"): no letter or digit."""
    return bool(text.strip()) and not any(unicodedata.category(ch)[0] in "LN" for ch in text)


def small_talk(text: str) -> SmallTalk | None:
    """The small talk `text` is, or None when it may be a question."""
    if _only_symbols(text):
        return SmallTalk("chat", "nb")
    words = _PUNCT.sub(" ", text.lower()).strip()
    # "hei!" and "takk 🙂" are small talk; "hei, hva er rådmannens ansvar?" is a question
    words = "".join(ch for ch in words if unicodedata.category(ch)[0] in "LNZ").strip()
    words = " ".join(words.split())
    for table, kind in ((GREETINGS, "greeting"), (THANKS, "thanks"), (ACKNOWLEDGEMENTS, "chat")):
        if words in table:
            return SmallTalk(kind, table[words])
    return None if "?" in text else _thanks_for(words)


def _thanks_for(words: str) -> SmallTalk | None:
    """Thanks followed by what for ("takk for hjelpen"), or None."""
    for thanks, language in THANKS.items():
        head = f"{thanks} for "  # the same word in all four languages
        tail = words[len(head):].split() if words.startswith(head) else []
        if 0 < len(tail) <= MAX_THANKS_FOR_WORDS:
            return SmallTalk("thanks", language)
    return None
