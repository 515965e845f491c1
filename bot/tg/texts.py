"""The bot's fixed texts and command list in bokmål, nynorsk, Danish and English, as data (HTML)."""

from __future__ import annotations

# (command, description) as registered with set_my_commands, a list a language the fixed texts have (the menu follows
# the user's Telegram language, as /start and /hjelp do; "nb" is the default for any other); plain text. The names are
# those the language's help texts name: Norwegian, Danish for Danish ("hjælp" and "spørgsmål" written as Telegram
# allows a command's name, a-z, 0-9 and _), and English for English.
COMMANDS: dict[str, list[tuple[str, str]]] = {
    "nb": [("start", "Velkommen og eksempler"), ("hjelp", "Slik bruker du boten"),
           ("kilder", "Kildene svarene kommer fra"), ("om", "Versjon og indeks"),
           ("sporsmal", "Still et spørsmål (i grupper)")],
    "nn": [("start", "Velkomen og døme"), ("hjelp", "Slik brukar du boten"),
           ("kilder", "Kjeldene svara kjem frå"), ("om", "Versjon og indeks"),
           ("sporsmal", "Still eit spørsmål (i grupper)")],
    "da": [("start", "Velkommen og eksempler"), ("hjaelp", "Sådan bruger du botten"),
           ("kilder", "Kilderne, svarene kommer fra"), ("om", "Version og indeks"),
           ("spoergsmaal", "Stil et spørgsmål (i grupper)")],
    "en": [("start", "Welcome and examples"), ("help", "How to use the bot"),
           ("sources", "The sources the answers come from"), ("about", "Version and index"),
           ("ask", "Ask a question (in groups)")],
}
ADMIN_COMMANDS: dict[str, list[tuple[str, str]]] = {
    "nb": [("reindex", "Les inn kildene på nytt"), ("stats", "Bruk og tilbakemeldinger")],
    "nn": [("reindex", "Les inn kjeldene på nytt"), ("stats", "Bruk og tilbakemeldingar")],
    "da": [("reindex", "Læs kilderne ind igen"), ("stats", "Brug og tilbagemeldinger")],
    "en": [("reindex", "Read the sources again"), ("stats", "Use and feedback")],
}

# By the language the user's Telegram is set to: "nn", "da" and "en", else "nb". A new user's first try, each
# answered plainly by the passage that answers it on the index the product ships (a slow test holds them to it;
# "Kan formannskapet delegere myndighet?" got a narrow § plainly; "Hvornår er … møder offentlige?" got § 8, when
# meetings are held, once the §§' written questions rank too, 0.4.20; "Hvem vælger medlemmerne af økonomiudvalget?"
# got § 65 stk. 4, a magistrate kommune's economic committee, a hair behind § 18 before and ahead once a § is ranked
# as one, 0.4.24). The English ones carry the sources' own terms,
# as the English texts advise: plain English finds Norwegian and Danish sources far less often.
EXAMPLES: dict[str, list[str]] = {
    "nb": ["Hva er rådmannens ansvar?", "Hvem velger medlemmene til kontrollutvalget?",
           "Hvordan søker jeg fritak fra vervet i kommunestyret?"],
    "nn": ["Kva er ansvaret til rådmannen?", "Kven vel medlemmene til kontrollutvalet?",
           "Korleis søkjer eg fritak frå vervet i kommunestyret?"],
    "da": ["Hvad er kompetencerådet?", "Hvem er formand for økonomiudvalget?",
           "Er kommunalbestyrelsens møder offentlige?"],
    "en": ["What is rådmannens ansvar?", "What are kommunens oppgaver?", "Who elects the members of kontrollutvalget?"],
}

# Said only when at least one indexed source has a link: no answer has one otherwise.
LINKS = {"nb": " (med lenke når kilden har en)", "nn": " (med lenke når kjelda har ei)",
         "da": " (med link, når kilden har et)", "en": " (with a link when the source has one)"}

WELCOME = {"nb": """<b>Hei! Jeg er kommunebot.</b>
Jeg svarer nye folkevalgte med sitater fra et fast sett kilder om kommunestyret og lokalpolitikken, og sier hvilken kilde hvert sitat er fra{links}.

Prøv for eksempel:
{examples}

<b>Hva jeg er:</b> et søk i kildene som viser hva de sier, ordrett og med kilde.
<b>Hva jeg ikke er:</b> en jurist eller en kunstig intelligens som finner på svar. Finner jeg ikke noe i kildene, sier jeg det. Sjekk viktige saker med sekretariatet eller kommuneadvokaten.

<b>Personvern:</b> spørsmål og 👍/👎 lagres i {days} dager under en pseudonym nøkkel (ikke navn eller Telegram-id), slik at kursholderne kan se hva som mangler i kildene.

Skriv /hjelp for mer.""", "nn": """<b>Hei! Eg er kommunebot.</b>
Eg svarar nye folkevalde med sitat frå eit fast sett kjelder om kommunestyret og lokalpolitikken, og seier kva kjelde kvart sitat er frå{links}.

Prøv til dømes:
{examples}

<b>Kva eg er:</b> eit søk i kjeldene som viser kva dei seier, ordrett og med kjelde.
<b>Kva eg ikkje er:</b> ein jurist eller ein kunstig intelligens som finn på svar. Finn eg ikkje noko i kjeldene, seier eg det. Sjekk viktige saker med sekretariatet eller kommuneadvokaten.

<b>Personvern:</b> spørsmål og 👍/👎 blir lagra i {days} dagar under ein pseudonym nøkkel (ikkje namn eller Telegram-id), slik at kurshaldarane kan sjå kva som manglar i kjeldene.

Skriv /hjelp for meir.""", "da": """<b>Hej! Jeg er kommunebot.</b>
Jeg svarer nyvalgte politikere med citater fra et fast sæt kilder om kommunalbestyrelsen og lokalpolitik og siger, hvilken kilde hvert citat kommer fra{links}.

Prøv for eksempel:
{examples}

<b>Hvad jeg er:</b> en søgning i kilderne, der viser, hvad de siger, ordret og med kilde.
<b>Hvad jeg ikke er:</b> en jurist eller en kunstig intelligens, der finder på svar. Finder jeg ikke noget i kilderne, siger jeg det. Tjek vigtige sager med sekretariatet eller kommunens jurist.

<b>Privatliv:</b> spørgsmål og 👍/👎 gemmes i {days} dage under en pseudonym nøgle (ikke navn eller Telegram-id), så kursuslederne kan se, hvad kilderne mangler.

Skriv /hjaelp for mere.""", "en": """<b>Hi! I am kommunebot.</b>
I answer newly elected councillors with quotes from a fixed set of sources on the council and local politics, and say which source each quote is from{links}. The sources are in Norwegian and Danish: a question with their own terms (rådmann, kontrollutvalg, formannskap) finds them best.

Try for example:
{examples}

<b>What I am:</b> a search in the sources that shows what they say, word for word and with the source.
<b>What I am not:</b> a lawyer, or an artificial intelligence that makes up answers. If I find nothing in the sources, I say so. Check important matters with the secretariat or the municipality's lawyer.

<b>Privacy:</b> questions and 👍/👎 are kept for {days} days under a pseudonymous key (not your name or Telegram id), so that the course leaders can see what the sources lack.

Write /help for more."""}

HELP = {"nb": """<b>Slik bruker du kommunebot</b>
Skriv et spørsmål med vanlige ord, for eksempel <i>Hva er rådmannens ansvar?</i>
Du får sitater fra kildene, hvert med kilden sin{links}. «Flere treff» viser de neste, og 👍/👎 forteller oss om svaret hjalp.

/kilder – kildene svarene kommer fra
/om – versjon og når kildene sist ble lest inn
/sporsmal &lt;spørsmål&gt; – spør i en gruppe (eller nevn @{username}, eller svar på en melding fra meg)
/hjelp – denne hjelpen""", "nn": """<b>Slik brukar du kommunebot</b>
Skriv eit spørsmål med vanlege ord, til dømes <i>Kva er ansvaret til rådmannen?</i>
Du får sitat frå kjeldene, kvart med kjelda si{links}. «Fleire treff» viser dei neste, og 👍/👎 fortel oss om svaret hjelpte.

/kilder – kjeldene svara kjem frå
/om – versjon og når kjeldene sist vart lesne inn
/sporsmal &lt;spørsmål&gt; – spør i ei gruppe (eller nemn @{username}, eller svar på ei melding frå meg)
/hjelp – denne hjelpa""", "da": """<b>Sådan bruger du kommunebot</b>
Skriv et spørgsmål med almindelige ord, fx <i>Hvad er kompetencerådet?</i>
Du får citater fra kilderne, hvert med sin kilde{links}. »Flere resultater« viser de næste, og 👍/👎 fortæller os, om svaret hjalp.

/kilder – kilderne, svarene kommer fra
/om – version og hvornår kilderne sidst blev læst ind
/spoergsmaal &lt;spørgsmål&gt; – spørg i en gruppe (eller nævn @{username}, eller svar på en besked fra mig)
/hjaelp – denne hjælp""", "en": """<b>How to use kommunebot</b>
Write a question in your own words, for example <i>What is rådmannens ansvar?</i> The sources are in Norwegian and Danish, so their own terms help.
You get quotes from the sources, each with its source{links}. “More results” shows the next ones, and 👍/👎 tells us whether the answer helped.

/sources – the sources the answers come from
/about – version, and when the sources were last read
/ask &lt;question&gt; – ask in a group (or mention @{username}, or reply to a message from me)
/help – this help"""}

ADMIN_HELP = {"nb": "\n\n<b>For administratorer:</b>\n/reindex – les inn kildene på nytt\n/stats – bruk og tilbakemeldinger",
              "nn": "\n\n<b>For administratorar:</b>\n/reindex – les inn kjeldene på nytt\n/stats – bruk og tilbakemeldingar",
              "da": "\n\n<b>For administratorer:</b>\n/reindex – læs kilderne ind igen\n/stats – brug og tilbagemeldinger",
              "en": "\n\n<b>For administrators:</b>\n/reindex – read the sources again\n/stats – use and feedback"}

# /om and the rate limit, in the user's Telegram language as /start and /hjelp are (/kilder's heading: messages.py)
ABOUT = {"nb": """<b>kommunebot</b> {version}
Indeksen ble bygget {built_at} og har {sources} kilder ({chunks} tekstbiter).
{search}""", "nn": """<b>kommunebot</b> {version}
Indeksen vart bygd {built_at} og har {sources} kjelder ({chunks} tekstbitar).
{search}""", "da": """<b>kommunebot</b> {version}
Indekset blev bygget {built_at} og har {sources} kilder ({chunks} tekststykker).
{search}""", "en": """<b>kommunebot</b> {version}
The index was built {built_at} and holds {sources} sources ({chunks} passages).
{search}"""}
SEARCH_SEMANTIC = {"nb": "Søket bruker ordene og meningen i spørsmålet (BM25 og en språkmodell).",
                   "nn": "Søket brukar orda og meininga i spørsmålet (BM25 og ein språkmodell).",
                   "da": "Søgningen bruger ordene og meningen i spørgsmålet (BM25 og en sprogmodel).",
                   "en": "The search uses the question's words and meaning (BM25 and a language model)."}
SEARCH_LEXICAL = {"nb": "Søket bruker ordene i spørsmålet (BM25); språkmodellen er ikke i bruk.",
                  "nn": "Søket brukar orda i spørsmålet (BM25); språkmodellen er ikkje i bruk.",
                  "da": "Søgningen bruger ordene i spørgsmålet (BM25); sprogmodellen er ikke i brug.",
                  "en": "The search uses the question's words (BM25); the language model is not in use."}
RATE_LIMITED = {"nb": "Du spør raskere enn jeg rekker å svare. Vent litt (høyst et minutt) og prøv igjen.",
                "nn": "Du spør raskare enn eg rekk å svare. Vent litt (høgst eitt minutt) og prøv igjen.",
                "da": "Du spørger hurtigere, end jeg kan nå at svare. Vent lidt (højst et minut), og prøv igen.",
                "en": "You are asking faster than I can answer. Wait a little (a minute at most) and try again."}
UNKNOWN_COMMAND = {"nb": "Den kommandoen kjenner jeg ikke. Se /hjelp.", "nn": "Den kommandoen kjenner eg ikkje. Sjå /hjelp.",
                   "da": "Den kommando kender jeg ikke. Se /hjaelp.", "en": "I do not know that command. See /help."}

# /stats, /reindex and the admin-only refusal, in the user's Telegram language as /om is
STATS = {"nb": """<b>Statistikk</b> (siste {days} dager)
Spørsmål: {questions} (besvart {answered}, ikke dekket {abstained})
«Flere treff»: {more_pages}
Stemmer: 👍 {votes_up} · 👎 {votes_down}
Indeksen: {chunks} tekstbiter fra {sources} kilder, bygget {built_at}""", "nn": """<b>Statistikk</b> (siste {days} dagar)
Spørsmål: {questions} (svart på {answered}, ikkje dekt {abstained})
«Fleire treff»: {more_pages}
Røyster: 👍 {votes_up} · 👎 {votes_down}
Indeksen: {chunks} tekstbitar frå {sources} kjelder, bygd {built_at}""", "da": """<b>Statistik</b> (seneste {days} dage)
Spørgsmål: {questions} (besvaret {answered}, ikke dækket {abstained})
»Flere resultater«: {more_pages}
Stemmer: 👍 {votes_up} · 👎 {votes_down}
Indekset: {chunks} tekststykker fra {sources} kilder, bygget {built_at}""", "en": """<b>Statistics</b> (last {days} days)
Questions: {questions} (answered {answered}, not covered {abstained})
“More results”: {more_pages}
Votes: 👍 {votes_up} · 👎 {votes_down}
The index: {chunks} passages from {sources} sources, built {built_at}"""}
NOT_ADMIN = {"nb": "Beklager, denne kommandoen er bare for administratorer av boten.",
             "nn": "Orsak, denne kommandoen er berre for administratorar av boten.",
             "da": "Beklager, denne kommando er kun for bottens administratorer.",
             "en": "Sorry, this command is for the bot's administrators only."}
REINDEX_STARTED = {"nb": "Leser inn kildene på nytt … Spørsmål besvares som før imens.",
                   "nn": "Les inn kjeldene på nytt … Spørsmål blir svara på som før i mellomtida.",
                   "da": "Læser kilderne ind igen … Spørgsmål besvares som før imens.",
                   "en": "Reading the sources again … Questions are answered as before meanwhile."}
REINDEX_BUSY = {"nb": "En innlesing pågår allerede.", "nn": "Ei innlesing er alt i gang.",
                "da": "En indlæsning er allerede i gang.", "en": "The sources are already being read again."}
REINDEX_DONE = {
    "nb": "Ferdig: {sources} kilder, {chunks} tekstbiter ({reused} uendret), på {seconds:.1f} s. Den nye indeksen er i bruk.",
    "nn": "Ferdig: {sources} kjelder, {chunks} tekstbitar ({reused} uendra), på {seconds:.1f} s. Den nye indeksen er i bruk.",
    "da": "Færdig: {sources} kilder, {chunks} tekststykker ({reused} uændret), på {seconds:.1f} s. Det nye indeks er i brug.",
    "en": "Done: {sources} sources, {chunks} passages ({reused} unchanged), in {seconds:.1f} s. The new index is in use."}
# pins the new index no longer serves: their passage changed or left (the page offers what it became)
REINDEX_PINS = {"nb": "\n{n} festet(e) svar brukes ikke lenger: passasjen er endret. Se Festede svar på siden.",
                "nn": "\n{n} festa svar vert ikkje brukte lenger: passasjen er endra. Sjå Festede svar på sida.",
                "da": "\n{n} fastgjort(e) svar bruges ikke længere: passagen er ændret. Se Festede svar på siden.",
                "en": "\n{n} pinned answer(s) no longer served: the passage changed. See Pinned answers on the page."}
# what the build could not use, counted in the admin's language; the files it left out are listed by name, and the
# reasons, as the build words them (English: its messages name files, keys and numbers in too many ways to translate),
# are in the log (REINDEX_REASONS)
REINDEX_ERRORS = {"nb": "\n{n} fil(er) kunne ikke leses; resten er lest inn.",
                  "nn": "\n{n} fil(er) kunne ikkje lesast; resten er lesen inn.",
                  "da": "\n{n} fil(er) kunne ikke læses; resten er læst ind.",
                  "en": "\n{n} file(s) could not be read; the rest was read."}
# errors in sources.toml that skipped no file: the file was indexed without the bad key or entry
REINDEX_MANIFEST_ERRORS = {"nb": "\n{n} feil i sources.toml; ingen fil ble hoppet over for dem.",
                           "nn": "\n{n} feil i sources.toml; ingen fil vart hoppa over for dei.",
                           "da": "\n{n} fejl i sources.toml; ingen fil blev sprunget over for dem.",
                           "en": "\n{n} error(s) in sources.toml; no file was skipped for them."}
# what `index build` prints as "Warning:" (an ignored sources.toml key or entry, an encoding assumed)
REINDEX_WARNINGS = {"nb": "\n{n} advarsel(er).", "nn": "\n{n} åtvaring(ar).", "da": "\n{n} advarsel(er).",
                    "en": "\n{n} warning(s)."}
REINDEX_MORE = {"nb": "\n• … og {n} til", "nn": "\n• … og {n} til", "da": "\n• … og {n} mere", "en": "\n• … and {n} more"}
REINDEX_REASONS = {"nb": "\nHva som er galt med hver, står i loggen (som `kommunebot index build` skriver det).",
                   "nn": "\nKva som er gale med kvar, står i loggen (som `kommunebot index build` skriv det).",
                   "da": "\nHvad der er galt med hver, står i loggen (som `kommunebot index build` skriver det).",
                   "en": "\nWhat is wrong with each is in the log (as `kommunebot index build` words it)."}
REINDEX_FAILED = {"nb": "Innlesingen feilet; den gamle indeksen er fortsatt i bruk. Se loggen.",
                  "nn": "Innlesinga feila; den gamle indeksen er framleis i bruk. Sjå loggen.",
                  "da": "Indlæsningen mislykkedes; det gamle indeks er stadig i brug. Se loggen.",
                  "en": "Reading the sources failed; the old index is still in use. See the log."}
REINDEX_WHY = {"nb": "\nÅrsak: <i>{why}</i>", "nn": "\nÅrsak: <i>{why}</i>", "da": "\nÅrsag: <i>{why}</i>",
               "en": "\nReason: <i>{why}</i>"}
# What stopped a build (bot.errors.BuildError's key), `{path}` the file or folder concerned
REINDEX_STOPPED = {
    "nb": {"no_corpus": "fant ingen kildemappe i {path}", "no_chunks": "ingen tekst å lese inn i {path}",
           "manifest": "{path} kan ikke leses; ingenting ble bygget",
           "busy": "en annen innlesing av indeksen pågår", "unwritable": "indeksen kan ikke skrives i {path}",
           "foreign": "{path} er ikke en indeks fra kommunebot, og erstattes ikke",
           "model": "språkmodellen kan ikke lastes, og indeksen har vektorer fra den", "disk_full": "disken er full"},
    "nn": {"no_corpus": "fann inga kjeldemappe i {path}", "no_chunks": "ingen tekst å lese inn i {path}",
           "manifest": "{path} kan ikkje lesast; ingenting vart bygd",
           "busy": "ei anna innlesing av indeksen er i gang", "unwritable": "indeksen kan ikkje skrivast i {path}",
           "foreign": "{path} er ikkje ein indeks frå kommunebot, og vert ikkje bytt ut",
           "model": "språkmodellen kan ikkje lastast, og indeksen har vektorar frå han", "disk_full": "disken er full"},
    "da": {"no_corpus": "fandt ingen kildemappe i {path}", "no_chunks": "ingen tekst at læse ind i {path}",
           "manifest": "{path} kan ikke læses; intet blev bygget",
           "busy": "en anden indlæsning af indekset er i gang", "unwritable": "indekset kan ikke skrives i {path}",
           "foreign": "{path} er ikke et indeks fra kommunebot og erstattes ikke",
           "model": "sprogmodellen kan ikke indlæses, og indekset har vektorer fra den", "disk_full": "disken er fuld"},
    "en": {"no_corpus": "no corpus folder at {path}", "no_chunks": "no text to index in {path}",
           "manifest": "{path} cannot be read; nothing was built",
           "busy": "another build of this index is running", "unwritable": "the index cannot be written at {path}",
           "foreign": "{path} is not a kommunebot index, and is not replaced",
           "model": "the embedding model cannot be loaded, and the index has vectors from it",
           "disk_full": "the disk is full"},
}
# An OSError by its errno (`errno.errorcode`'s name: EACCES, EPERM, ENOENT, ENOSPC), `{path}` its file; "other" else
REINDEX_OS = {
    "nb": {"EACCES": "ingen tilgang til {path}", "ENOENT": "{path} finnes ikke",
           "other": "en fil eller mappe kunne ikke leses eller skrives: {path}"},
    "nn": {"EACCES": "inga tilgang til {path}", "ENOENT": "{path} finst ikkje",
           "other": "ei fil eller mappe kunne ikkje lesast eller skrivast: {path}"},
    "da": {"EACCES": "ingen adgang til {path}", "ENOENT": "{path} findes ikke",
           "other": "en fil eller mappe kunne ikke læses eller skrives: {path}"},
    "en": {"EACCES": "permission denied: {path}", "ENOENT": "{path} does not exist",
           "other": "a file or folder could not be read or written: {path}"},
}
for _code, _said in REINDEX_OS.items():
    _said["EPERM"] = _said["EACCES"]
    _said["ENOSPC"] = REINDEX_STOPPED[_code]["disk_full"]
# any other failure: an error in the program, named by its type only (its text may hold secrets)
REINDEX_UNEXPECTED = {"nb": "en uventet feil ({name})", "nn": "ein uventa feil ({name})", "da": "en uventet fejl ({name})",
                      "en": "an unexpected error ({name})"}

# The error replies, the /sporsmal usage line and the button notes, in the user's Telegram language as /om is
APOLOGY = {"nb": "Beklager, noe gikk galt hos meg. Prøv igjen om litt.",
           "nn": "Orsak, noko gjekk gale hos meg. Prøv igjen om litt.",
           "da": "Beklager, noget gik galt hos mig. Prøv igen om lidt.",
           "en": "Sorry, something went wrong on my side. Please try again in a little while."}
UNAVAILABLE = {"nb": "Beklager, søket er ikke tilgjengelig akkurat nå. Prøv igjen om litt.",
               "nn": "Orsak, søket er ikkje tilgjengeleg akkurat no. Prøv igjen om litt.",
               "da": "Beklager, søgningen er ikke tilgængelig lige nu. Prøv igen om lidt.",
               "en": "Sorry, the search is not available right now. Please try again in a little while."}
SPORSMAL_USAGE = {"nb": "Skriv spørsmålet etter kommandoen, for eksempel: /sporsmal Hva er rådmannens ansvar?",
                  "nn": "Skriv spørsmålet etter kommandoen, til dømes: /sporsmal Kva er ansvaret til rådmannen?",
                  "da": "Skriv spørgsmålet efter kommandoen, fx: /spoergsmaal Hvad er kompetencerådet?",
                  "en": "Write the question after the command, for example: /ask What is rådmannens ansvar?"}
THANKS_UP = {"nb": "Takk! 👍", "nn": "Takk! 👍", "da": "Tak! 👍", "en": "Thank you! 👍"}
THANKS_DOWN = {"nb": "Takk, vi ser på det. 👎", "nn": "Takk, vi ser på det. 👎", "da": "Tak, vi ser på det. 👎",
               "en": "Thank you, we will look into it. 👎"}
VOTE_REMOVED = {"nb": "Stemmen er fjernet.", "nn": "Røysta er fjerna.", "da": "Stemmen er fjernet.",
                "en": "Your vote is removed."}
GONE = {"nb": "Dette svaret er for gammelt; still spørsmålet på nytt.",
        "nn": "Dette svaret er for gammalt; still spørsmålet på nytt.",
        "da": "Dette svar er for gammelt; stil spørgsmålet igen.",
        "en": "This answer is too old; please ask the question again."}
ALREADY_SHOWN = {"nb": "De neste treffene står allerede ovenfor.", "nn": "Dei neste treffa står alt ovanfor.",
                 "da": "De næste resultater står allerede ovenfor.", "en": "The next results are already shown above."}
# "mer" typed where the bot remembers no answer in the chat to page on from (nothing asked yet, or since a restart)
NOTHING_TO_CONTINUE = {"nb": "Still et spørsmål først; «mer» viser så flere treff på svaret.",
                       "nn": "Still eit spørsmål først; «meir» viser så fleire treff på svaret.",
                       "da": "Stil et spørgsmål først; »mere« viser så flere resultater på svaret.",
                       "en": "Ask a question first; “more” then shows more results for its answer."}
# The vote buttons carry no words, so they are the same in every language.
VOTE_UP = "👍"
VOTE_DOWN = "👎"
VOTED = "{} ✓"  # the button the user chose; pressing it again takes the vote back
