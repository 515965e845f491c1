"""The workbench page's fixed texts, in bokmål (the default), Danish and English."""

from __future__ import annotations

from bot.answer.messages import counted

LANGUAGES = ("nb", "da", "en")
# the switch names each language in itself, so a reader finds their own whatever the page is in now
LANGUAGE_NAMES = {"nb": "Norsk", "da": "Dansk", "en": "English"}

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "kommunebot – kursleders arbeidsbenk",
        "ask": "Spør", "review": "Gjennomgang", "feedback": "Tilbakemeldinger", "pins": "Festede svar",
        "sources": "Kilder",
        "sources_hint": "Boten siterer bare fra {n} {n:kilde|kilder}: de samme som /kilder i Telegram og kommunebot "
            "sources viser. Hver med utgiver og lisens, og tekstens dato.",
        "passages": "{n} {n:passasje|passasjer}",
        "question": "Spørsmål", "ask_button": "Spør",
        "skip": "Hopp til innholdet", "nav": "Hovedmeny", "languages": "Språk",
        "ask_hint": "Svaret vises nøyaktig slik boten gir det, med sitater og kilder.",
        # not "Sikkerhet", which reads as security; the line the bot leads its reply with stands under it
        "confidence": "Svartype", "answered": "besvart", "uncertain": "usikkert", "not_covered": "ikke dekket",
        "more": "Flere treff", "right": "riktig", "wrong": "feil", "marked_right": "merket riktig",
        "marked_wrong": "merket feil", "pin": "fest som svar", "your_name": "Ditt navn",
        "pinned_ok": "Festet. Samme spørsmål, eller nesten samme, får nå denne passasjen først.",
        # what the pin does to its own question, said as the bot will serve it (it had always said pinned_ok)
        "pinned_replaces": "Festet. Spørsmålet får nå denne passasjen først, ikke lenger den {name} festet {when} "
            "({where}); det festet står under Festede svar.",
        "pinned_country": "Lagret, men spørsmålet får ikke denne passasjen først: spørsmålet spør om {country}, og "
            "passasjen er fra et annet lands lov. Boten svarer som før. Slett festet under Festede svar, eller fest "
            "en passasje fra {country_law}.",
        "pinned_shadowed": "Lagret, men spørsmålet får fortsatt svaret {name} festet {when} først ({where}). Se "
            "Festede svar.",
        "pinned_unserved": "Lagret, men spørsmålet får ikke denne passasjen først: det har for få ord å kjenne det "
            "igjen på. Boten svarer som før. Skriv spørsmålet fullere og fest igjen.",
        "country_no": "Norge", "country_da": "Danmark", "country_law_no": "norsk lov", "country_law_da": "dansk lov",
        "unmarked_ok": "Merket er tatt bort.", "unmark_hint": "Trykk igjen for å ta bort merket",
        "marked_ok": "Merket.", "no_more": "Det er ingen flere treff.",
        "first_results": "Tilbake til de første treffene",
        # a follow-up asked again from the feedback page: its reply's own passages first, as the bot showed them
        "follow_up_focus": "Svaret på en oppfølging, som boten viste det: passasjene om det «{reply}» spør om, først.",
        # a pin whose passage a rebuild changed is never served: without this the answer was the search's, unexplained
        "pin_broken_here": "Svaret {name} festet {when} for «{question}» gis ikke lenger: passasjen er endret eller "
            "fjernet i kilden siden. Svaret under er søkets.",
        "see_broken_pin": "Se festet, og passasjen som tilbys i stedet, under Festede svar",
        # a refusal has no passage to mark: the mark says whether the sources cover the question
        "refusal_right": "riktig: kildene dekker det ikke", "refusal_wrong": "feil: kildene dekker dette",
        "marked_refusal_right": "merket riktig avvist", "marked_refusal_wrong": "merket: skulle vært besvart",
        "refusal_gone": "Spørsmålet får nå et svar (indeksen eller et feste er endret siden siden ble vist). Åpne "
            "det på nytt og merk passasjene.",
        "marks_export_hint": "Spørsmålsfilen tar med hvert spørsmål med en passasje merket ✓, og hvert avslag "
            "merket ✓ (som «skal avvises»). Et spørsmål med bare ✗ er ikke med: filen navngir passasjene som svarer, "
            "og et ✗ navngir ingen.",
        "review_hint": "Lim inn spørsmål, ett per linje (linjer som begynner med # hoppes over), eller last opp en "
            "tekstfil.",
        "questions": "Spørsmål", "upload": "Eller last opp en fil (.txt)", "run_review": "Kjør gjennomgang",
        "summary": "{n} spørsmål: {answered} besvart, {uncertain} {uncertain:usikkert|usikre}, {not_covered} ikke "
            "dekket, {weak} {weak:svakt svar|svake svar}.",
        "first_passage": "Første passasje", "citation": "Kilde", "mark": "Kursleders merke", "weak": "svakt svar",
        "export": "Last ned", "marks_export": "Merkene som spørsmålsfil (.jsonl, til kommunebot eval)",
        "no_marks_yet": "Merkene som spørsmålsfil: ingen ennå (merk en passasje eller et avslag ✓ riktig nedenfor)",
        "no_marks": "Ingen merker å laste ned ennå: ingen passasje eller avslag er merket ✓ riktig. Merk svarene i "
            "en gjennomgang eller på Spør, og last ned igjen.",
        "skipped": "Hoppet over", "too_many": "Listen har {n} spørsmål; høyst {limit} om gangen. Del den opp.",
        "no_questions": "Fant ingen spørsmål i listen.",
        "review_gone": "Denne gjennomgangen finnes ikke lenger (siden ble startet på nytt). Kjør den igjen.",
        "days": "Siste {days} dager: {n} spørsmål.", "unanswered": "Ikke besvart", "downvoted": "Stemt ned",
        "most_asked": "Mest spurt",
        "times": "{n} {n:gang|ganger}",
        "ask_it": "spør",
        "no_feedback": "Ingen tilbakemeldinger ennå (boten har ikke fått spørsmål på Telegram).",
        "pins_hint": "En festet passasje vises først, merket «valgt av kursleder», når noen spør det samme eller "
            "nesten det samme. Den følger passasjen så lenge teksten i kilden er uendret.",
        "no_pins": "Ingen festede svar ennå. Fest et svar fra siden Spør.",
        "pinned_by_at": "Festet av {name} {when}",
        "repinned_at": "flyttet til denne passasjen {when}",
        "repinned_by_at": "flyttet til denne passasjen av {name} {when}",
        "edited_by_at": "spørsmålet endret av {name} {when}",
        "shadowed": "brukes ikke: et nyere feste for samme spørsmål går foran",
        "shadowed_by": "festet av {name}",
        "unserved": "brukes ikke: spørsmålet får ikke denne passasjen først.",
        "unserved_country": "brukes ikke: spørsmålet spør om {country}, og passasjen er fra et annet lands lov, så "
            "det får den aldri først. Slett festet, eller fest en passasje fra {country_law}.",
        "broken": "brutt: passasjen finnes ikke lenger i indeksen (kilden er endret eller fjernet). Den vises aldri; "
            "fest en ny.",
        "successor": "Passasjen ble trolig til denne ({share} % av ordene er de samme). Les den før du fester den:",
        "repin": "Fest denne i stedet", "repinned": "Flyttet til den nye passasjen.",
        "repin_gone": "Passasjen er endret siden siden ble vist, og ingenting er flyttet. Se hva som tilbys nå.",
        "repin_no_pin": "Det festede svaret finnes ikke lenger (slettet i en annen fane?). Ingenting er endret.",
        "save": "Lagre", "delete": "Slett", "deleted": "Slettet.", "saved": "Lagret.",
        "delete_confirm": "Slette det festede svaret på «{question}»?",
        # what the question gets first once the pin is gone: another pin for it is named (0.4.42)
        "delete_then_search": "Spørsmålet får da søkets svar igjen.",
        "delete_no_change": "Svaret endres ikke: spørsmålet får søkets svar, som nå.",
        "delete_then_pin": "Spørsmålet får da i stedet svaret {name} festet {when} først: {where}.",
        "delete_keeps_pin": "Svaret endres ikke: spørsmålet får fortsatt svaret {name} festet {when} først: {where}.",
        "delete_yes": "Ja, slett", "cancel": "Avbryt",
        "encoding_unknown": "Filen er ikke UTF-8, og tegnsettet kunne ikke avgjøres. Lagre den som UTF-8 "
            "(Notisblokk: Lagre som → Koding: UTF-8; Excel: CSV UTF-8) og last den opp igjen.",
        "csrf": "Skjemaet var utløpt eller kom fra en annen side. Last siden på nytt og prøv igjen.",
        "too_large": "Filen er for stor (høyst {limit}). Del listen opp.",
        "not_found": "Fant ikke siden.", "bad_request": "Forespørselen kunne ikke brukes: et skjema manglet et felt, "
        "eller siden ble åpnet under et annet navn enn denne maskinens. Gå tilbake og prøv igjen.",
        "login": "Logg inn", "token": "Tilgangsnøkkel",
        "login_hint": "Denne siden er åpen på nettverket; skriv tilgangsnøkkelen (KOMMUNEBOT_WEB_TOKEN).",
        "bad_token": "Feil tilgangsnøkkel.", "error": "Feil", "back": "Tilbake",
        "gone_chunk": "Indeksen er bygget på nytt siden siden ble åpnet, og passasjen finnes ikke lenger i den. "
            "Ingenting er lagret. Still spørsmålet igjen og merk eller fest svaret slik det er nå.",
        "ask_again": "Still spørsmålet igjen",
        "name_needed": "Skriv navnet ditt for å feste et svar.",
        "question_needed": "Skriv spørsmålet passasjen svarer på (en hilsen som «hei» søkes aldri, så den kan ikke "
        "festes).",
        "too_many_logins": "For mange feil tilgangsnøkler fra denne adressen. Vent noen minutter og prøv igjen.",
        "index_unavailable": "Søket er ikke tilgjengelig akkurat nå: indeksen kan ikke leses ({why}). "
            "Bygg den på nytt ({build}) og last siden igjen.",
        "disk_full": "Ikke lagret: disken er full. Frigjør plass og prøv igjen.",
        "pins_unavailable": "Festede svar og merker kan ikke leses eller lagres nå ({why}).",
        "feedback_unreadable": "Tilbakemeldingene kan ikke leses: {why}",
        "server_error": "Noe gikk galt på serveren; ingenting ble lagret. Prøv igjen, eller se loggen.",
        "http_error": "Forespørselen kunne ikke brukes ({code}). Gå tilbake og prøv igjen.",
    },
    "da": {
        "title": "kommunebot – kursuslederens arbejdsbænk",
        "ask": "Spørg", "review": "Gennemgang", "feedback": "Tilbagemeldinger", "pins": "Fastgjorte svar",
        "sources": "Kilder",
        "sources_hint": "Botten citerer kun fra {n} {n:kilde|kilder}: de samme som /kilder i Telegram og kommunebot "
            "sources viser. Hver med udgiver og licens, og tekstens dato.",
        "passages": "{n} {n:passage|passager}",
        "question": "Spørgsmål", "ask_button": "Spørg",
        "skip": "Spring til indholdet", "nav": "Hovedmenu", "languages": "Sprog",
        "ask_hint": "Svaret vises præcis, som botten giver det, med citater og kilder.",
        "confidence": "Svartype", "answered": "besvaret", "uncertain": "usikkert", "not_covered": "ikke dækket",
        "more": "Flere resultater", "right": "rigtigt", "wrong": "forkert", "marked_right": "markeret rigtigt",
        "marked_wrong": "markeret forkert", "pin": "fastgør som svar", "your_name": "Dit navn",
        "pinned_ok": "Fastgjort. Samme spørgsmål, eller næsten samme, får nu denne passage først.",
        "pinned_replaces": "Fastgjort. Spørgsmålet får nu denne passage først, ikke længere den, {name} fastgjorde "
            "{when} ({where}); den fastgørelse står under Fastgjorte svar.",
        "pinned_country": "Gemt, men spørgsmålet får ikke denne passage først: spørgsmålet spørger om {country}, og "
            "passagen er fra et andet lands lov. Botten svarer som før. Slet fastgørelsen under Fastgjorte svar, "
            "eller fastgør en passage fra {country_law}.",
        "pinned_shadowed": "Gemt, men spørgsmålet får stadig det svar, {name} fastgjorde {when}, først ({where}). Se "
            "Fastgjorte svar.",
        "pinned_unserved": "Gemt, men spørgsmålet får ikke denne passage først: det har for få ord at genkende det "
            "på. Botten svarer som før. Skriv spørgsmålet mere udførligt, og fastgør igen.",
        "country_no": "Norge", "country_da": "Danmark", "country_law_no": "norsk lov", "country_law_da": "dansk lov",
        "unmarked_ok": "Markeringen er fjernet.", "unmark_hint": "Tryk igen for at fjerne markeringen",
        "marked_ok": "Markeret.", "no_more": "Der er ikke flere resultater.",
        "first_results": "Tilbage til de første resultater",
        "follow_up_focus": "Svaret på en opfølgning, som botten viste det: passagerne om det, »{reply}« spørger om, "
            "først.",
        "pin_broken_here": "Det svar, {name} fastgjorde {when} til »{question}«, gives ikke længere: passagen er "
            "ændret eller fjernet i kilden siden. Svaret nedenfor er søgningens.",
        "see_broken_pin": "Se fastgørelsen, og den passage der tilbydes i stedet, under Fastgjorte svar",
        "refusal_right": "rigtigt: kilderne dækker det ikke", "refusal_wrong": "forkert: kilderne dækker dette",
        "marked_refusal_right": "markeret som rigtigt afvist", "marked_refusal_wrong": "markeret: burde være besvaret",
        "refusal_gone": "Spørgsmålet får nu et svar (indekset eller en fastgørelse er ændret, siden siden blev vist). "
            "Åbn det igen, og markér passagerne.",
        "marks_export_hint": "Spørgsmålsfilen indeholder hvert spørgsmål med en passage markeret ✓, og hvert afslag "
            "markeret ✓ (som »skal afvises«). Et spørgsmål med kun ✗ er ikke med: filen nævner de passager, der "
            "svarer, og et ✗ nævner ingen.",
        "review_hint": "Indsæt spørgsmål, ét pr. linje (linjer, der begynder med #, springes over), eller upload en "
            "tekstfil.",
        "questions": "Spørgsmål", "upload": "Eller upload en fil (.txt)", "run_review": "Kør gennemgang",
        "summary": "{n} spørgsmål: {answered} besvaret, {uncertain} {uncertain:usikkert|usikre}, {not_covered} ikke "
            "dækket, {weak} {weak:svagt svar|svage svar}.",
        "first_passage": "Første passage", "citation": "Kilde", "mark": "Kursuslederens markering",
        "weak": "svagt svar",
        "export": "Hent", "marks_export": "Markeringerne som spørgsmålsfil (.jsonl, til kommunebot eval)",
        "no_marks_yet": "Markeringerne som spørgsmålsfil: ingen endnu (markér en passage eller et afslag ✓ rigtigt "
            "nedenfor)",
        "no_marks": "Ingen markeringer at hente endnu: ingen passage eller intet afslag er markeret ✓ rigtigt. Markér "
            "svarene i en gennemgang eller under Spørg, og hent igen.",
        "skipped": "Sprunget over", "too_many": "Listen har {n} spørgsmål; højst {limit} ad gangen. Del den op.",
        "no_questions": "Fandt ingen spørgsmål i listen.",
        "review_gone": "Denne gennemgang findes ikke længere (siden blev startet igen). Kør den igen.",
        "days": "Seneste {days} dage: {n} spørgsmål.", "unanswered": "Ikke besvaret", "downvoted": "Stemt ned",
        "most_asked": "Mest spurgt",
        "times": "{n} {n:gang|gange}",
        "ask_it": "spørg",
        "no_feedback": "Ingen tilbagemeldinger endnu (botten har ikke fået spørgsmål på Telegram).",
        "pins_hint": "En fastgjort passage vises først, markeret »valgt af kursusleder«, når nogen spørger om det "
            "samme eller næsten det samme. Den følger passagen, så længe teksten i kilden er uændret.",
        "no_pins": "Ingen fastgjorte svar endnu. Fastgør et svar fra siden Spørg.",
        "pinned_by_at": "Fastgjort af {name} {when}",
        "repinned_at": "flyttet til denne passage {when}",
        "repinned_by_at": "flyttet til denne passage af {name} {when}",
        "edited_by_at": "spørgsmålet ændret af {name} {when}",
        "shadowed": "bruges ikke: en nyere fastgørelse til samme spørgsmål går forud",
        "shadowed_by": "fastgjort af {name}",
        "unserved": "bruges ikke: spørgsmålet får ikke denne passage først.",
        "unserved_country": "bruges ikke: spørgsmålet spørger om {country}, og passagen er fra et andet lands lov, så "
            "det får den aldrig først. Slet fastgørelsen, eller fastgør en passage fra {country_law}.",
        "broken": "brudt: passagen findes ikke længere i indekset (kilden er ændret eller fjernet). Den vises aldrig; "
            "fastgør en ny.",
        "successor": "Passagen blev sandsynligvis til denne ({share} % af ordene er de samme). Læs den, før du "
            "fastgør den:",
        "repin": "Fastgør denne i stedet", "repinned": "Flyttet til den nye passage.",
        "repin_gone": "Passagen er ændret, siden siden blev vist, og intet er flyttet. Se, hvad der tilbydes nu.",
        "repin_no_pin": "Det fastgjorte svar findes ikke længere (slettet i en anden fane?). Intet er ændret.",
        "save": "Gem", "delete": "Slet", "deleted": "Slettet.", "saved": "Gemt.",
        "delete_confirm": "Slette det fastgjorte svar på »{question}«?",
        "delete_then_search": "Spørgsmålet får så søgningens svar igen.",
        "delete_no_change": "Svaret ændres ikke: spørgsmålet får søgningens svar, som nu.",
        "delete_then_pin": "Spørgsmålet får så i stedet det svar, {name} fastgjorde {when}, først: {where}.",
        "delete_keeps_pin": "Svaret ændres ikke: spørgsmålet får stadig det svar, {name} fastgjorde {when}, først: "
            "{where}.",
        "delete_yes": "Ja, slet", "cancel": "Annullér",
        "encoding_unknown": "Filen er ikke UTF-8, og tegnsættet kunne ikke afgøres. Gem den som UTF-8 "
            "(Notesblok: Gem som → Kodning: UTF-8; Excel: CSV UTF-8), og upload den igen.",
        "csrf": "Formularen var udløbet eller kom fra en anden side. Genindlæs siden, og prøv igen.",
        "too_large": "Filen er for stor (højst {limit}). Del listen op.",
        "not_found": "Siden blev ikke fundet.", "bad_request": "Forespørgslen kunne ikke bruges: en formular manglede "
        "et felt, eller siden blev åbnet under et andet navn end denne maskines. Gå tilbage, og prøv igen.",
        "login": "Log ind", "token": "Adgangsnøgle",
        "login_hint": "Denne side er åben på netværket; skriv adgangsnøglen (KOMMUNEBOT_WEB_TOKEN).",
        "bad_token": "Forkert adgangsnøgle.", "error": "Fejl", "back": "Tilbage",
        "gone_chunk": "Indekset er bygget igen, siden siden blev åbnet, og passagen findes ikke længere i det. "
            "Intet er gemt. Stil spørgsmålet igen, og markér eller fastgør svaret, som det er nu.",
        "ask_again": "Stil spørgsmålet igen",
        "name_needed": "Skriv dit navn for at fastgøre et svar.",
        "question_needed": "Skriv det spørgsmål, passagen svarer på (en hilsen som »hej« søges aldrig, så den kan "
        "ikke fastgøres).",
        "too_many_logins": "For mange forkerte adgangsnøgler fra denne adresse. Vent nogle minutter, og prøv igen.",
        "index_unavailable": "Søgningen er ikke tilgængelig lige nu: indekset kan ikke læses ({why}). "
            "Byg det igen ({build}), og genindlæs siden.",
        "disk_full": "Ikke gemt: disken er fuld. Frigør plads, og prøv igen.",
        "pins_unavailable": "Fastgjorte svar og markeringer kan ikke læses eller gemmes nu ({why}).",
        "feedback_unreadable": "Tilbagemeldingerne kan ikke læses: {why}",
        "server_error": "Noget gik galt på serveren; intet blev gemt. Prøv igen, eller se loggen.",
        "http_error": "Forespørgslen kunne ikke bruges ({code}). Gå tilbage, og prøv igen.",
    },
    "en": {
        "title": "kommunebot – the facilitator's workbench",
        "ask": "Ask", "review": "Review", "feedback": "Feedback", "pins": "Pinned answers",
        "sources": "Sources",
        "sources_hint": "The bot quotes only from {n} {n:source|sources}: the same as /sources in Telegram and "
            "kommunebot sources show. Each with its publisher and licence, and the text's date.",
        "passages": "{n} {n:passage|passages}",
        "question": "Question", "ask_button": "Ask",
        "skip": "Skip to content", "nav": "Main menu", "languages": "Language",
        "ask_hint": "The answer is shown exactly as the bot gives it, with quotes and sources.",
        "confidence": "Confidence", "answered": "answered", "uncertain": "uncertain", "not_covered": "not covered",
        "more": "More results", "right": "right", "wrong": "wrong", "marked_right": "marked right",
        "marked_wrong": "marked wrong", "pin": "pin as the answer", "your_name": "Your name",
        "pinned_ok": "Pinned. The same question, or a close paraphrase, now gets this passage first.",
        "pinned_replaces": "Pinned. The question now gets this passage first, no longer the one {name} pinned on "
            "{when} ({where}); that pin stays under Pinned answers.",
        "pinned_country": "Saved, but the question does not get this passage first: the question asks about "
            "{country}, and the passage is another country's law. The bot answers as before. Delete the pin under "
            "Pinned answers, or pin a passage of {country_law}.",
        "pinned_shadowed": "Saved, but the question still gets the answer {name} pinned on {when} first ({where}). "
            "See Pinned answers.",
        "pinned_unserved": "Saved, but the question does not get this passage first: it has too few words to "
            "recognise it by. The bot answers as before. Write the question out more fully and pin again.",
        "country_no": "Norway", "country_da": "Denmark", "country_law_no": "Norwegian law",
        "country_law_da": "Danish law",
        "unmarked_ok": "The mark is taken back.", "unmark_hint": "Press again to take the mark back",
        "marked_ok": "Marked.", "no_more": "There are no more results.",
        "first_results": "Back to the first results",
        "follow_up_focus": "The answer to a follow-up, as the bot showed it: the passages on what “{reply}” asks "
            "first.",
        "pin_broken_here": "The answer {name} pinned on {when} for “{question}” is no longer given: its passage has "
            "changed in the source or been removed since. The answer below is the search's.",
        "see_broken_pin": "See the pin, and the passage offered in its place, under Pinned answers",
        "refusal_right": "right: the sources do not cover it", "refusal_wrong": "wrong: the sources do cover this",
        "marked_refusal_right": "marked rightly refused", "marked_refusal_wrong": "marked: should have been answered",
        "refusal_gone": "The question is answered now (the index or a pin changed since the page was shown). Open it "
            "again and mark its passages.",
        "marks_export_hint": "The question file holds every question with a passage marked ✓, and every refusal "
            "marked ✓ (as “to be refused”). A question marked only ✗ is left out: the file names the passages that "
            "answer, and a ✗ names none.",
        "review_hint": "Paste questions, one a line (lines starting with # are skipped), or upload a text file.",
        "questions": "Questions", "upload": "Or upload a file (.txt)", "run_review": "Run the review",
        "summary": "{n} {n:question|questions}: {answered} answered, {uncertain} uncertain, {not_covered} not "
            "covered, {weak} {weak:weak answer|weak answers}.",
        "first_passage": "First passage", "citation": "Source", "mark": "Facilitator's mark", "weak": "weak answer",
        "export": "Download", "marks_export": "The marks as a question file (.jsonl, for kommunebot eval)",
        "no_marks_yet": "The marks as a question file: none yet (mark a passage or a refusal ✓ right below)",
        "no_marks": "No marks to download yet: no passage or refusal is marked ✓ right. Mark the answers in a review "
            "or on Ask, then download again.",
        "skipped": "Skipped", "too_many": "The list has {n} questions; at most {limit} at a time. Split it.",
        "no_questions": "No questions found in the list.",
        "review_gone": "This review is gone (the page was restarted). Run it again.",
        "days": "Last {days} days: {n} questions.", "unanswered": "Not answered", "downvoted": "Voted down",
        "most_asked": "Most asked",
        "times": "{n} {n:time|times}",
        "ask_it": "ask",
        "no_feedback": "No feedback yet (the bot has had no questions on Telegram).",
        "pins_hint": "A pinned passage comes first, labelled “chosen by the course leader”, when someone asks the "
            "same or nearly the same question. It follows the passage as long as its text in the source is unchanged.",
        "no_pins": "No pinned answers yet. Pin one from the Ask page.",
        "pinned_by_at": "Pinned by {name} on {when}",
        "repinned_at": "moved to this passage on {when}",
        "repinned_by_at": "moved to this passage by {name} on {when}",
        "edited_by_at": "question changed by {name} on {when}",
        "shadowed": "not served: a newer pin for the same question comes first",
        "shadowed_by": "pinned by {name}",
        "unserved": "not served: the question does not get this passage first.",
        "unserved_country": "not served: the question asks about {country}, and the passage is another country's "
            "law, so it never gets it first. Delete the pin, or pin a passage of {country_law}.",
        "broken": "broken: the passage is no longer in the index (its source changed or was removed). It is never "
            "shown; pin a new one.",
        "successor": "The passage most likely became this one ({share} % of the words are the same). Read it before "
            "you pin it:",
        "repin": "Pin this instead", "repinned": "Moved to the new passage.",
        "repin_gone": "The passage has changed since the page was shown, and nothing was moved. See what is offered "
            "now.",
        "repin_no_pin": "The pinned answer no longer exists (deleted in another tab?). Nothing was changed.",
        "save": "Save", "delete": "Delete", "deleted": "Deleted.", "saved": "Saved.",
        "delete_confirm": "Delete the pinned answer to “{question}”?",
        "delete_then_search": "The question then gets the search's answer again.",
        "delete_no_change": "The answer does not change: the question gets the search's answer, as now.",
        "delete_then_pin": "The question then gets the answer {name} pinned on {when} first instead: {where}.",
        "delete_keeps_pin": "The answer does not change: the question still gets the answer {name} pinned on {when} "
            "first: {where}.",
        "delete_yes": "Yes, delete", "cancel": "Cancel",
        "encoding_unknown": "The file is not UTF-8, and its encoding could not be told. Save it as UTF-8 "
            "(Notepad: Save as → Encoding: UTF-8; Excel: CSV UTF-8) and upload it again.",
        "csrf": "The form had expired or came from another site. Reload the page and try again.",
        "too_large": "The file is too large (at most {limit}). Split the list.",
        "not_found": "Page not found.", "bad_request": "The request could not be used: a form lacked a field, or the "
        "page was opened under another name than this machine's. Go back and try again.",
        "login": "Log in", "token": "Access token",
        "login_hint": "This page is open on the network; type the access token (KOMMUNEBOT_WEB_TOKEN).",
        "bad_token": "Wrong access token.", "error": "Error", "back": "Back",
        "gone_chunk": "The index was rebuilt since the page was opened, and the passage is no longer in it. Nothing "
            "was saved. Ask the question again and mark or pin the answer as it is now.",
        "ask_again": "Ask the question again",
        "name_needed": "Type your name to pin an answer.",
        "question_needed": "Type the question the passage answers (a greeting such as \u201chei\u201d is never "
        "searched, so it cannot be pinned).",
        "too_many_logins": "Too many wrong access tokens from this address. Wait a few minutes and try again.",
        "index_unavailable": "Search is not available right now: the index cannot be read ({why}). "
            "Rebuild it ({build}) and reload the page.",
        "disk_full": "Not saved: the disk is full. Free some space and try again.",
        "pins_unavailable": "Pinned answers and marks cannot be read or saved now ({why}).",
        "feedback_unreadable": "The feedback cannot be read: {why}",
        "server_error": "Something went wrong on the server; nothing was saved. Try again, or see the log.",
        "http_error": "The request could not be used ({code}). Go back and try again.",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """One fixed text in `language` (bokmål when unknown), with `values` filled in."""
    table = TEXTS.get(language, TEXTS["nb"])
    return counted(table[key], **values) if values else table[key]
