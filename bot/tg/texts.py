"""The bot's fixed Norwegian texts and command list, kept as data (HTML, already escaped)."""

from __future__ import annotations

# (command, description) as registered with set_my_commands; descriptions are plain text.
COMMANDS: list[tuple[str, str]] = [
    ("start", "Velkommen og eksempler"),
    ("hjelp", "Slik bruker du boten"),
    ("kilder", "Kildene svarene kommer fra"),
    ("om", "Versjon og indeks"),
    ("sporsmal", "Still et spørsmål (i grupper)"),
]

EXAMPLES = [
    "Hva er rådmannens ansvar?",
    "Hva gjør kontrollutvalget?",
    "Kan formannskapet delegere myndighet?",
]

WELCOME = """<b>Hei! Jeg er kommunebot.</b>
Jeg svarer nye folkevalgte med sitater fra et fast sett kilder om kommunestyret og lokalpolitikken, med lenke til kilden.

Prøv for eksempel:
{examples}

<b>Hva jeg er:</b> et søk i kildene som viser hva de sier, ordrett og med kilde.
<b>Hva jeg ikke er:</b> en jurist eller en kunstig intelligens som finner på svar. Finner jeg ikke noe i kildene, sier jeg det. Sjekk viktige saker med sekretariatet eller kommuneadvokaten.

<b>Personvern:</b> spørsmål og 👍/👎 lagres i {days} dager under en pseudonym nøkkel (ikke navn eller Telegram-id), slik at kursholderne kan se hva som mangler i kildene.

Skriv /hjelp for mer."""

HELP = """<b>Slik bruker du kommunebot</b>
Skriv et spørsmål med vanlige ord, for eksempel <i>Hva er rådmannens ansvar?</i>
Du får sitater fra kildene med lenke. «Flere treff» viser de neste, og 👍/👎 forteller oss om svaret hjalp.

/kilder – kildene svarene kommer fra
/om – versjon og når kildene sist ble lest inn
/sporsmal &lt;spørsmål&gt; – spør i en gruppe (eller nevn @{username}, eller svar på en melding fra meg)
/hjelp – denne hjelpen"""

ADMIN_HELP = "\n\n<b>For administratorer:</b>\n/reindex – les inn kildene på nytt\n/stats – bruk og tilbakemeldinger"

ABOUT = """<b>kommunebot</b> {version}
Indeksen ble bygget {built_at} og har {sources} kilder ({chunks} tekstbiter).
{search}"""
SEARCH_SEMANTIC = "Søket bruker ordene og meningen i spørsmålet (BM25 og en språkmodell)."
SEARCH_LEXICAL = "Søket bruker ordene i spørsmålet (BM25); språkmodellen er ikke i bruk."

STATS = """<b>Statistikk</b> (siste {days} dager)
Spørsmål: {questions} (besvart {answered}, ikke dekket {abstained})
«Flere treff»: {more_pages}
Stemmer: 👍 {votes_up} · 👎 {votes_down}
Indeksen: {chunks} tekstbiter fra {sources} kilder, bygget {built_at}"""

APOLOGY = "Beklager, noe gikk galt hos meg. Prøv igjen om litt."
UNAVAILABLE = "Beklager, søket er ikke tilgjengelig akkurat nå. Prøv igjen om litt."
RATE_LIMITED = "Du spør raskere enn jeg rekker å svare. Vent litt (høyst et minutt) og prøv igjen."
NOT_ADMIN = "Beklager, denne kommandoen er bare for administratorer av boten."
SPORSMAL_USAGE = "Skriv spørsmålet etter kommandoen, for eksempel: /sporsmal Hva er rådmannens ansvar?"
REINDEX_STARTED = "Leser inn kildene på nytt … Spørsmål besvares som før imens."
REINDEX_BUSY = "En innlesing pågår allerede."
REINDEX_DONE = "Ferdig: {sources} kilder, {chunks} tekstbiter ({reused} uendret), på {seconds:.1f} s. Den nye indeksen er i bruk."
REINDEX_ERRORS = "\n{n} fil(er) kunne ikke leses; resten er lest inn. Se loggen."
REINDEX_FAILED = "Innlesingen feilet; den gamle indeksen er fortsatt i bruk. Se loggen."
REINDEX_WHY = "\nÅrsak: <i>{why}</i>"
THANKS_UP = "Takk! 👍"
THANKS_DOWN = "Takk, vi ser på det. 👎"
GONE = "Dette svaret er for gammelt; still spørsmålet på nytt."
ALREADY_SHOWN = "De neste treffene står allerede ovenfor."
VOTE_UP = "👍"
VOTE_DOWN = "👎"
VOTED = "{} ✓"  # the button the user chose; pressing it again takes the vote back
VOTE_REMOVED = "Stemmen er fjernet."
