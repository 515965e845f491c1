"""The fixed sentences of a reply, in bokmål, Danish and English (nynorsk readers get bokmål)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "not_covered": {
        "nb": "Kildene dekker ikke dette spørsmålet, så jeg viser ingen utdrag.",
        "da": "Kilderne dækker ikke dette spørgsmål, så jeg viser ingen uddrag.",
        "en": "The sources do not cover this question, so no passage is shown.",
    },
    "topics": {
        "nb": "Kildene handler om:",
        "da": "Kilderne handler om:",
        "en": "The sources cover:",
    },
    "rephrase": {
        "nb": "Prøv å spørre med andre ord, for eksempel om rådmannens ansvar, kontrollutvalget eller delegering.",
        "da": "Prøv at spørge med andre ord, fx om kompetencerådet, ledelse eller sygefravær.",
        "en": "Try other words, for example about rådmannens ansvar (the chief executive), "
              "the control committee or delegation.",
    },
    "intro": {
        "nb": "Dette sier kildene:",
        "da": "Dette siger kilderne:",
        "en": "Here is what the sources say (quoted in their own language):",
    },
    "pinned": {"nb": "valgt av kursleder", "da": "valgt af kursusleder", "en": "chosen by the course leader"},
    "source": {"nb": "Kilde", "da": "Kilde", "en": "Source"},
    "more": {"nb": "Flere treff", "da": "Flere resultater", "en": "More results"},
    "no_more": {
        "nb": "Det er ingen flere treff.",
        "da": "Der er ikke flere resultater.",
        "en": "There are no more results.",
    },
    "empty": {
        "nb": "Skriv et spørsmål, for eksempel: Hva er rådmannens ansvar?",
        "da": "Skriv et spørgsmål, fx: Hvad er kompetencerådet?",
        "en": "Type a question, for example: what is rådmannens ansvar?",
    },
    "too_long": {
        "nb": "Spørsmålet er for langt ({n} tegn). Spør kort, med høyst {limit} tegn.",
        "da": "Spørgsmålet er for langt ({n} tegn). Spørg kort, med højst {limit} tegn.",
        "en": "The question is too long ({n} characters). Ask briefly, in at most {limit} characters.",
    },
}


def reply_language(language: str) -> str:
    """The language replies are written in: bokmål serves nynorsk too."""
    return {"nn": "nb"}.get(language, language if language in ("nb", "da", "en") else "nb")


def message(key: str, language: str, **values: object) -> str:
    """One fixed sentence in the reply language, with `values` filled in."""
    return MESSAGES[key][reply_language(language)].format(**values)
