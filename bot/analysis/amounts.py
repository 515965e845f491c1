"""Whether a question asks for an amount (how much, how many, how long) and whether a text states one."""

from __future__ import annotations

import re

# "How much / many / long / old" in bokmål, nynorsk, Danish and English: a question of this frame
# is answered by a number or a number word, never by a passage without one ("Hvor mye er
# møtegodtgjørelsen i Trondheim?" answered with a slide that only names the godtgjørelse). Left
# out on purpose, since their answers are words as often as numbers: how often ("sjelden"), how
# much *of* something ("store deler"), how big or high ("høy tillit"). A yes/no question holding
# the frame ("Do I have to tell anyone how much I get?") asks whether, not how much: the frame
# counts only where the question starts with it, after a preamble's full stop or dash, or after a
# comma or "og" / "and" joining two questions.
_FRAME = re.compile(
    r"(?:^|[.!?:;,–—]\s*|\s-\s*|\b(?:og|and)\s+)"
    r"(?:(?:hvor|kor|hvur)\s+(?:(?:mye|mykje|meget)(?!\s+(?:av|af)\b)|mange|lenge|lang|langt|gammel|gamal|gamle)"
    r"|how\s+(?:much(?!\s+of\b)|many|long|old))\b",
    re.IGNORECASE)
# A number: digits ("300 000", "§ 11-9", "2020"), or a cardinal, a fraction or a share written out,
# alone or leading a compound ("seksdobbelte", "treårig", "fireukers").
_NUMBER = re.compile(
    r"\d|\b(?:(?:to|tre|fire|fem|seks|sju|syv|åtte|otte|ni|ti|elleve|tolv|femten|tjue|tyve|tretti|tredive|førti"
    r"|fyrre|femti|halvtreds|hundre|hundrede|tusen|tusind|two|three|four|five|six|seven|eight|nine|ten|twelve"
    r"|twenty|hundred|thousand)(?:dobbel\w*|år\w*|dag\w*|ukers?|måneders?|timers?|sifret\w*|delt\w*|vis)?"
    r"|million(?:er)?|milliard(?:er)?|halvpart\w*|halvdel\w*|tredjedel\w*|fjerdedel\w*|dobbel\w*|prosent"
    r"|procent|half|percent)\b",
    re.IGNORECASE)


def asks_amount(question: str) -> bool:
    """Whether the question asks how much, how many, how long (a number is its answer)."""
    return _FRAME.search(question.strip()) is not None


def states_amount(text: str) -> bool:
    """Whether the text holds a number: digits, or a number word of nb, nn, da or en."""
    return _NUMBER.search(text) is not None
