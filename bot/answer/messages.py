"""The fixed sentences of a reply, in bokmål, nynorsk, Danish and English."""

from __future__ import annotations

import string
from datetime import date, datetime

MESSAGES: dict[str, dict[str, str]] = {
    "not_covered": {
        "nb": "Kildene dekker ikke dette spørsmålet, så jeg viser ingen utdrag.",
        "nn": "Kjeldene dekkjer ikkje dette spørsmålet, så eg viser ingen utdrag.",
        "da": "Kilderne dækker ikke dette spørgsmål, så jeg viser ingen uddrag.",
        "en": "The sources do not cover this question, so no passage is shown.",
    },
    "not_covered_script": {
        "nb": "Jeg leser spørsmål på bokmål, nynorsk, dansk og engelsk. Spør gjerne på et av dem.",
        "nn": "Eg les spørsmål på bokmål, nynorsk, dansk og engelsk. Spør gjerne på eitt av dei.",
        "da": "Jeg læser spørgsmål på norsk, dansk og engelsk. Spørg gerne på et af dem.",
        "en": "I read questions in Norwegian (bokmål or nynorsk), Danish and English. Please ask in one of them.",
    },
    "not_covered_name": {
        "nb": "Kildene dekker ikke dette spørsmålet, så jeg viser ingen utdrag. De nevner ikke {names}.",
        "nn": "Kjeldene dekkjer ikkje dette spørsmålet, så eg viser ingen utdrag. Dei nemner ikkje {names}.",
        "da": "Kilderne dækker ikke dette spørgsmål, så jeg viser ingen uddrag. De nævner ikke {names}.",
        "en": "The sources do not cover this question, so no passage is shown. They do not mention {names}.",
    },
    "not_covered_law": {
        "nb": "Kildene dekker ikke dette spørsmålet, så jeg viser ingen utdrag. De har ikke {laws}.",
        "nn": "Kjeldene dekkjer ikkje dette spørsmålet, så eg viser ingen utdrag. Dei har ikkje {laws}.",
        "da": "Kilderne dækker ikke dette spørgsmål, så jeg viser ingen uddrag. De har ikke {laws}.",
        "en": "The sources do not cover this question, so no passage is shown. They do not include {laws}.",
    },
    "sources_heading": {  # Telegram's /kilder
        "nb": "Kildene ({n})",
        "nn": "Kjeldene ({n})",
        "da": "Kilderne ({n})",
        "en": "The sources ({n})",
    },
    "topics": {
        "nb": "Kildene handler om:",
        "nn": "Kjeldene handlar om:",
        "da": "Kilderne handler om:",
        "en": "The sources cover:",
    },
    "more_topics": {
        "nb": "… og {n} til.",
        "nn": "… og {n} til.",
        "da": "… og {n} til.",
        "en": "… and {n} more.",
    },
    "rephrase": {
        "nb": "Prøv å spørre med andre ord, for eksempel om rådmannens ansvar, kontrollutvalget eller delegering.",
        "nn": "Prøv å spørje med andre ord, til dømes om ansvaret til rådmannen, kontrollutvalet eller delegering.",
        "da": "Prøv at spørge med andre ord, fx om kompetencerådet, ledelse eller sygefravær.",
        # Plain English finds the Norwegian and Danish sources poorly, with their terms well (benchmarks/README,
        # "Asked in plain English"), so the hint gives the terms with their meanings.
        "en": "The sources are in Norwegian and Danish, and their own terms find them best: try, for example, "
              "rådmannens ansvar (the chief executive's duties), kontrollutvalget (the control committee) "
              "or delegering (delegation).",
    },
    # a refused English question's words as searched (Answer.searched_as): English replies alone have it, but every
    # language is given, as every key is
    "searched_as": {
        "nb": "Ordene dine ble søkt som kildenes: {words}.",
        "nn": "Orda dine vart søkte som kjeldene sine: {words}.",
        "da": "Dine ord blev søgt som kildernes: {words}.",
        "en": "Your words were searched as the sources' own: {words}.",
    },
    "rephrase_plain": {  # where the sources do not answer the examples above (Answer.examples_held)
        "nb": "Prøv å spørre med andre ord.",
        "nn": "Prøv å spørje med andre ord.",
        "da": "Prøv at spørge med andre ord.",
        "en": "The sources are in Norwegian and Danish, and their own terms find them best: try asking in those words.",
    },
    "intro": {
        "nb": "Dette sier kildene:",
        "nn": "Dette seier kjeldene:",
        "da": "Dette siger kilderne:",
        "en": "Here is what the sources say (quoted in their own language):",
    },
    "uncertain": {
        "nb": "Kildene svarer kanskje ikke direkte på dette. Dette er det nærmeste:",
        "nn": "Kjeldene svarer kanskje ikkje direkte på dette. Dette er det nærmaste:",
        "da": "Kilderne svarer måske ikke direkte på dette. Dette er det nærmeste:",
        "en": "The sources may not answer this directly. This is the closest they come:",
    },
    # a law's § first in a close race with another § (confidence.contested): the sources may well answer, which § does
    # is for the reader to check
    "uncertain_contested": {
        "nb": "Flere paragrafer ligger nær spørsmålet. Sjekk at den første svarer; en av de neste kan passe bedre:",
        "nn": "Fleire paragrafar ligg nær spørsmålet. Sjekk at den første svarar; ein av dei neste kan passe betre:",
        "da": "Flere paragraffer ligger tæt på spørgsmålet. Tjek, at den første svarer; en af de næste kan passe "
              "bedre:",
        "en": "Several sections come close to your question. Check that the first answers it; one of the next may fit "
              "better:",
    },
    # ... on a later page of that reply: the first § is not on it, these are the next
    "uncertain_contested_next": {
        "nb": "Flere paragrafer ligger nær spørsmålet. Her er de neste; sjekk hvilken som svarer:",
        "nn": "Fleire paragrafar ligg nær spørsmålet. Her er dei neste; sjekk kva for ein som svarar:",
        "da": "Flere paragraffer ligger tæt på spørgsmålet. Her er de næste; tjek, hvilken der svarer:",
        "en": "Several sections come close to your question. Here are the next ones; check which one answers it:",
    },
    "uncertain_amount": {
        "nb": "Det nærmeste kildene har, oppgir ikke tallet du spør etter:",
        "nn": "Det nærmaste kjeldene har, oppgir ikkje talet du spør etter:",
        "da": "Det nærmeste, kilderne har, angiver ikke det tal, du spørger om:",
        "en": "The closest the sources come does not give the figure you ask for:",
    },
    "uncertain_time": {
        "nb": "Det nærmeste kildene har, oppgir ikke datoen eller tiden du spør etter:",
        "nn": "Det nærmaste kjeldene har, oppgir ikkje datoen eller tida du spør etter:",
        "da": "Det nærmeste, kilderne har, angiver ikke den dato eller tid, du spørger om:",
        "en": "The closest the sources come does not give the date or time you ask for:",
    },
    "uncertain_amount_later": {
        "nb": "Det nærmeste kildene har, oppgir ikke tallet du spør etter. Et utdrag lenger ned oppgir et tall; "
              "se om det gjelder det du spør om:",
        "nn": "Det nærmaste kjeldene har, oppgir ikkje talet du spør etter. Eit utdrag lenger ned oppgir eit tal; "
              "sjå om det gjeld det du spør om:",
        "da": "Det nærmeste, kilderne har, angiver ikke det tal, du spørger om. Et uddrag længere nede angiver et tal; "
              "se, om det gælder det, du spørger om:",
        "en": "The closest the sources come does not give the figure you ask for. A passage further down gives one; "
              "check that it is about what you ask:",
    },
    "uncertain_time_later": {
        "nb": "Det nærmeste kildene har, oppgir ikke datoen eller tiden du spør etter. Et utdrag lenger ned oppgir en "
              "dato eller tid; se om den gjelder det du spør om:",
        "nn": "Det nærmaste kjeldene har, oppgir ikkje datoen eller tida du spør etter. Eit utdrag lenger ned oppgir "
              "ein dato eller ei tid; sjå om ho gjeld det du spør om:",
        "da": "Det nærmeste, kilderne har, angiver ikke den dato eller tid, du spørger om. Et uddrag længere nede "
              "angiver en dato eller tid; se, om den gælder det, du spørger om:",
        "en": "The closest the sources come does not give the date or time you ask for. A passage further down gives "
              "one; check that it is about what you ask:",
    },
    "uncertain_name": {
        "nb": "Kildene nevner ikke {names}. Dette er det nærmeste de har:",
        "nn": "Kjeldene nemner ikkje {names}. Dette er det nærmaste dei har:",
        "da": "Kilderne nævner ikke {names}. Dette er det nærmeste, de har:",
        "en": "The sources do not mention {names}. This is the closest they come:",
    },
    "uncertain_law": {
        "nb": "Kildene har ikke {laws}. Dette er det nærmeste de har:",
        "nn": "Kjeldene har ikkje {laws}. Dette er det nærmaste dei har:",
        "da": "Kilderne har ikke {laws}. Dette er det nærmeste, de har:",
        "en": "The sources do not include {laws}. This is the closest they come:",
    },
    "uncertain_country": {
        "nb": "Kildene har ikke dette i {country} lov. Dette er det nærmeste de har:",
        "nn": "Kjeldene har ikkje dette i {country} lov. Dette er det nærmaste dei har:",
        "da": "Kilderne har ikke dette i {country} lov. Dette er det nærmeste, de har:",
        "en": "The sources do not have this in {country} law. This is the closest they come:",
    },
    # ... asked in the other country's language (a Danish question about Norway): the search read its words, which are
    # its own country's law's, so it cannot say the asked country's law lacks it, only that it did not meet it
    "uncertain_country_words": {
        "nb": "Det første treffet er ikke {country} lov: ordene i spørsmålet er norsk lovs, og {country} lov sier det "
              "ofte med andre ord. Spør gjerne på {country}. Dette er det nærmeste kildene har:",
        "nn": "Det første treffet er ikkje {country} lov: orda i spørsmålet er norsk lov sine, og {country} lov seier "
              "det ofte med andre ord. Spør gjerne på {country}. Dette er det nærmaste kjeldene har:",
        "da": "Det første resultat er ikke {country} lov: spørgsmålets ord er dansk lovs, og {country} lov siger det "
              "ofte med andre ord. Spørg gerne på {country}. Dette er det nærmeste, kilderne har:",
        "en": "The first result is not {country} law: the question's words are the other country's law's, and "
              "{country} law often says it in other words. This is the closest the sources come:",
    },
    # the first card is the other country's § and one below is the asker's own country's (compose: own_country_below)
    "uncertain_country_below": {
        "nb": "Det første treffet er ikke {country} lov. Sjekk {country} lov lenger ned:",
        "nn": "Det første treffet er ikkje {country} lov. Sjekk {country} lov lenger ned:",
        "da": "Det første resultat er ikke {country} lov. Se {country} lov længere nede:",
        "en": "The first result is not {country} law. See the {country} law further down:",
    },
    "pinned": {"nb": "valgt av kursleder", "nn": "valt av kursleiar", "da": "valgt af kursusleder",
               "en": "chosen by the course leader"},
    # the link of a law's § that opens the whole law (Citation.whole_law): which § to find there
    "whole_law": {"nb": "hele loven, finn {section}", "nn": "heile lova, finn {section}",
                  "da": "hele loven, find {section}", "en": "the whole act, find {section}"},
    "source": {"nb": "Kilde", "nn": "Kjelde", "da": "Kilde", "en": "Source"},
    "greeting": {
        "nb": "Hei! Spør meg om kommunestyret og lokalpolitikken, for eksempel: Hva er rådmannens ansvar?",
        "nn": "Hei! Spør meg om kommunestyret og lokalpolitikken, til dømes: Kva er ansvaret til rådmannen?",
        "da": "Hej! Spørg mig om kommunalbestyrelsen og lokalpolitik, fx: Hvad er kompetencerådet?",
        "en": "Hello! Ask me about the council and local politics, for example: what is rådmannens ansvar?",
    },
    "thanks": {
        "nb": "Bare hyggelig! Spør gjerne igjen.",
        "nn": "Berre hyggeleg! Spør gjerne igjen.",
        "da": "Selv tak! Spørg endelig igen.",
        "en": "You are welcome! Ask again any time.",
    },
    "feedback": {  # an answer did not help ("Dette var ikke til hjelp"): thanks for saying so, and what to try
        "nb": "Takk for at du sier fra! Prøv gjerne å stille spørsmålet med andre ord, så finner jeg kanskje mer.",
        "nn": "Takk for at du seier frå! Prøv gjerne å stille spørsmålet med andre ord, så finn eg kanskje meir.",
        "da": "Tak, fordi du siger til! Prøv gerne at stille spørgsmålet med andre ord, så finder jeg måske mere.",
        "en": "Thanks for telling me! Try asking the question in other words, and I may find more.",
    },
    "chat": {
        "nb": "😊 Still meg gjerne et spørsmål om kommunestyret eller lokalpolitikken.",
        "nn": "😊 Still meg gjerne eit spørsmål om kommunestyret eller lokalpolitikken.",
        "da": "😊 Stil mig gerne et spørgsmål om kommunalbestyrelsen eller lokalpolitik.",
        "en": "😊 Ask me a question about the council or local politics.",
    },
    "not_a_question": {
        "nb": "småprat, ikke et spørsmål: boten svarer vennlig og søker ikke",
        "nn": "småprat, ikkje eit spørsmål: boten svarar venleg og søkjer ikkje",
        "da": "en hilsen eller et tak, ikke et spørgsmål: botten svarer venligt og søger ikke",
        "en": "small talk, not a question: the bot answers it kindly and searches nothing",
    },
    "text_only": {
        "nb": "Jeg kan bare lese spørsmål skrevet som tekst.",
        "nn": "Eg kan berre lese spørsmål skrivne som tekst.",
        "da": "Jeg kan kun læse spørgsmål skrevet som tekst.",
        "en": "I can only read questions written as text.",
    },
    # above the answer to a photo's, voice message's or file's caption: the caption is asked, the attachment not read
    "attachment_unread": {
        "nb": "Jeg leser bare teksten du skrev, ikke vedlegget.",
        "nn": "Eg les berre teksten du skreiv, ikkje vedlegget.",
        "da": "Jeg læser kun teksten, du skrev, ikke det vedhæftede.",
        "en": "I read only the text you wrote, not the attachment.",
    },
    # above the answer to a reply read as a follow-up of the question the replied answer answered (bot/answer/followup):
    # the question searched, so the reader sees it was read with the earlier one
    "read_as": {
        "nb": "Lest som oppfølging: {question}",
        "nn": "Tolka som oppfølging: {question}",
        "da": "Læst som opfølgning: {question}",
        "en": "Read as a follow-up: {question}",
    },
    # the same, when the earlier question was too long to search whole with the reply: its middle was left out
    "read_as_shortened": {
        "nb": "Lest som oppfølging, med midten av det tidligere spørsmålet utelatt: {question}",
        "nn": "Tolka som oppfølging, med midten av det tidlegare spørsmålet utelaten: {question}",
        "da": "Læst som opfølgning, med midten af det tidligere spørgsmål udeladt: {question}",
        "en": "Read as a follow-up, the middle of the earlier question left out: {question}",
    },
    "more": {"nb": "Flere treff", "nn": "Fleire treff", "da": "Flere resultater", "en": "More results"},
    "no_more": {
        "nb": "Det er ingen flere treff.",
        "nn": "Det er ingen fleire treff.",
        "da": "Der er ikke flere resultater.",
        "en": "There are no more results.",
    },
    "empty": {
        "nb": "Skriv et spørsmål, for eksempel: Hva er rådmannens ansvar?",
        "nn": "Skriv eit spørsmål, til dømes: Kva er ansvaret til rådmannen?",
        "da": "Skriv et spørgsmål, fx: Hvad er kompetencerådet?",
        "en": "Type a question, for example: what is rådmannens ansvar?",
    },
    "too_long": {
        "nb": "Spørsmålet er for langt ({n} tegn). Spør kort, med høyst {limit} tegn.",
        "nn": "Spørsmålet er for langt ({n} teikn). Spør kort, med høgst {limit} teikn.",
        "da": "Spørgsmålet er for langt ({n} tegn). Spørg kort, med højst {limit} tegn.",
        "en": "The question is too long ({n} characters). Ask briefly, in at most {limit} characters.",
    },
}


def reply_language(language: str) -> str:
    """The language replies are written in: the question's own (nb, nn, da, en), else bokmål."""
    return language if language in ("nb", "nn", "da", "en") else "nb"


# the topics "rephrase" suggests in each reply language, as it names them: asked as questions of their own, each must
# be answered for the suggestion to be made (bot.answer.compose)
REPHRASE_EXAMPLES = {"nb": ("rådmannens ansvar", "kontrollutvalget", "delegering"),
                     "nn": ("ansvaret til rådmannen", "kontrollutvalet", "delegering"),
                     "da": ("kompetencerådet", "ledelse", "sygefravær"),
                     "en": ("rådmannens ansvar", "kontrollutvalget", "delegering")}


def message(key: str, language: str, **values: object) -> str:
    """One fixed sentence in the reply language, with `values` filled in."""
    return MESSAGES[key][reply_language(language)].format(**values)


MONTHS: dict[str, tuple[str, ...]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"),
    "nn": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def norwegian_date(value: str, language: str = "nb") -> str:
    """An ISO date or timestamp as readers write it: "1. desember 2026", "1. desember 2026 kl. 08.33".

    A year alone ("2011") or anything that is not ISO is returned as it is.
    """
    lang = reply_language(language)
    try:
        when = datetime.fromisoformat(value) if "T" in value else None
        day = when.date() if when else date.fromisoformat(value)
    except ValueError:
        return value
    month = MONTHS[lang][day.month - 1]
    text = f"{day.day} {month} {day.year}" if lang == "en" else f"{day.day}. {month} {day.year}"
    if when is not None:
        text += f" {when:%H:%M}" if lang == "en" else f" kl. {when:%H.%M}"
    return text


class _Plural(string.Formatter):
    """str.format where "{n:gang|ganger}" is the word for the count n: singular for 1, plural otherwise."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int):
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)


def counted(template: str, **values: object) -> str:
    """`template` filled in, each "{x:one|many}" as the word for the count x ("1 svakt svar", "2 svake svar")."""
    return _Plural().format(template, **values)
