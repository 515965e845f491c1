"""Whether a question asks for an amount (how much, how many, how long) and whether a text states one."""

from __future__ import annotations

import re

# "How much / many / long / old" in bokmål, nynorsk, Danish and English: a question of this frame
# is answered by a number or a number word, never by a passage without one ("Hvor mye er
# møtegodtgjørelsen i Trondheim?" answered with a slide that only names the godtgjørelse). Left
# out on purpose, since their answers are words as often as numbers: how often ("sjelden"), how
# much *of* something ("store deler"), how big or high ("høy tillit"), how far ("til Nubia"). A
# yes/no question holding the frame ("Do I have to tell anyone how much I get?") asks whether,
# not how much: the frame counts only where the question starts with it, after a preamble's full
# stop or dash, or after a comma or "og" / "and" joining two questions.
_FRAME = re.compile(
    r"(?:^|[.!?:;,–—]\s*|\s-\s*|\b(?:og|and)\s+)"
    r"(?:(?:hvor|kor|hvur)\s+(?:(?:mye|mykje|meget)(?!\s+(?:av|af)\b)|mange|lenge|lang|gammel|gamal|gamle)"
    r"|how\s+(?:much(?!\s+of\b)|many|long|old))\b",
    re.IGNORECASE)
# A number: digits ("300 000", "§ 11-9", "2020"), or a cardinal, a fraction or a share written out,
# alone or leading a compound ("seksdobbelte", "treårig", "hundretusenvis", "et halvt år"), or a
# month. Not the quantifiers (mange, få, ingen, samtlige): news text answers "how many" with them
# (NorQuAD), but a slide asking "Legger administrasjonen for mange føringer?" would then state an
# amount and answer "Hvor mye er møtegodtgjørelsen?".
_NUMBER = re.compile(
    r"\d|\b(?:(?:to|tre|fire|fem|seks|sju|syv|åtte|otte|ni|ti|elleve|tolv|femten|tjue|tyve|tretti|tredive|førti"
    r"|fyrre|femti|halvtreds|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)"
    r"(?:dobbel\w*|år\w*|dag\w*|ukers?|måneders?|timers?|sifret\w*|delt\w*)?"
    r"|hundre\w*|tusen\w*|tusind\w*|hundred\w*|thousand\w*|million\w*|milliard\w*|halv\w*|tredjedel\w*"
    r"|fjerdedel\w*|dobbel\w*|prosent"
    r"|procent|half|percent"
    # a month: "siden juni" answers how long as a figure does
    r"|januar|january|februar|february|mars|marts|march|april|mai|maj|juni|june|juli|july|august|september"
    r"|oktober|october|november|desember|december)\b",
    re.IGNORECASE)


def asks_amount(question: str) -> bool:
    """Whether the question asks how much, how many, how long (a number is its answer)."""
    return _FRAME.search(question.strip()) is not None


def states_amount(text: str) -> bool:
    """Whether the text holds a number: digits, a number word or a month's name of nb, nn, da or en."""
    return _NUMBER.search(text) is not None
