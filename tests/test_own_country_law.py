"""A law binds in its own country: a question about Norway gets the Norwegian §, one about Denmark the Danish §."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.analysis.country import country_of
from bot.answer.compose import answer
from bot.answer.messages import message
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.fusion import Fused
from bot.search.retriever import OTHER_COUNTRY_LAW, Searcher, own_country_first
from bot.semantic.fake import FakeEmbedder

# Two laws saying the same in the same words, so BM25 scores them almost alike: only their
# language (the country whose law each is) tells them apart. Their other words differ enough
# that neither is dropped as a near-duplicate of the other.
LAWS = {
    "nolaw": ("nb", "Kommuneloven § 11-9",
              "Ved stemmelikhet er møtelederens stemme avgjørende. Dette gjelder kommunestyret, formannskapet og "
              "utvalgene."),
    "dklaw": ("da", "Lov om kommunernes styrelse § 12",
              "Ved stemmelikhet er møtelederens stemme avgjørende. Reglen gælder kommunalbestyrelsen, "
              "økonomiudvalget og de stående udvalg."),
}


# Only Norway's law has the rule asked for (fritak fra vervet); the Danish § is about another matter.
FRITAK_IN_NORWAY_ALONE = {
    "nolaw": ("nb", "Kommuneloven § 7-9", "Kommunestyret kan etter søknad frita et medlem for vervet når vervet ikke "
              "kan skjøttes uten vesentlig ulempe."),
    "dklaw": ("da", "Lov om kommunernes styrelse § 8", "Kommunalbestyrelsen fastsætter selv sin forretningsorden og "
              "offentliggør den.")}


def two_countries(root: Path, embedder: FakeEmbedder | None = None,
                  laws: dict[str, tuple[str, str, str]] = LAWS) -> Searcher:
    """The two laws beside a one-line note, indexed under `root` (with `embedder`'s vectors when given)."""
    pack, corpus = root / "pack", root / "corpus"
    pack.mkdir()
    corpus.mkdir()
    manifest = ""
    for sid, (lang, title, text) in laws.items():
        record = {"id": f"{sid}/§1", "title": title, "location": "", "text": text, "lang": lang, "url": None}
        (pack / f"{sid}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        manifest += f'[[source]]\nfile = "{sid}.jsonl"\nid = "{sid}"\ntitle = "{title}"\npublisher = "x"\n' \
                    f'lang = "{lang}"\n\n'
    (pack / "sources.toml").write_text(manifest, encoding="utf-8")
    (corpus / "notat.txt").write_text("Ved stemmelikhet i utvalget avgjør møtelederen.\n", encoding="utf-8")
    build_index(corpus, root / "kommunebot.db", embedder=embedder, packs=(pack,))
    return Searcher(IndexStore.open(root / "kommunebot.db"), embedder=embedder)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    return two_countries(tmp_path_factory.mktemp("two-countries"))


@pytest.fixture(scope="module")
def semantic(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    """The same with vectors and the sparse head (the confidence reads its 4-grams then)."""
    return two_countries(tmp_path_factory.mktemp("two-countries-semantic"), FakeEmbedder())


def first_ids(searcher: Searcher, question: str) -> list[str]:
    return [h.chunk_id for h in searcher.search(question).hits]


def test_a_danish_question_gets_the_danish_section_first_and_a_norwegian_one_the_norwegian(searcher) -> None:
    norwegian = first_ids(searcher, "Er møtelederens stemme avgjørende ved stemmelikhet?")
    danish = first_ids(searcher, "Hvornår er møtelederens stemme avgjørende ved stemmelikhet?")
    assert norwegian.index("nolaw/§1") < norwegian.index("dklaw/§1")
    assert danish.index("dklaw/§1") < danish.index("nolaw/§1")  # BM25 alone puts the Norwegian § first


def test_the_confidence_reads_a_passage_in_the_questions_own_language_as_such(semantic) -> None:
    # with the model's vectors the first § is whichever is closer; the confidence's "asked in another
    # language" input must say whether that passage's language is the question's
    for question, lang in (("Er møtelederens stemme avgjørende ved stemmelikhet?", "nb"),
                           ("Hvornår er møtelederens stemme avgjørende ved stemmelikhet?", "da")):
        result = semantic.search(question)
        assert result.semantic and result.evidence is not None
        assert result.evidence.other_language is (result.hits[0].chunk.lang != lang)


def test_the_other_countrys_section_is_still_shown_only_lower(searcher) -> None:
    hits = searcher.search("Hvornår er møtelederens stemme avgjørende ved stemmelikhet?").hits
    by_id = {h.chunk_id: h for h in hits}
    assert by_id["nolaw/§1"].score == pytest.approx(by_id["nolaw/§1"].bm25 - OTHER_COUNTRY_LAW)
    assert by_id["dklaw/§1"].score == pytest.approx(by_id["dklaw/§1"].bm25)


def test_an_english_question_naming_no_country_nor_borrowing_its_words_keeps_the_ranking(searcher) -> None:
    hits = searcher.search("When is the stemme of the chair decisive?").hits  # "stemme": both countries' word
    assert len(hits) >= 2
    assert [h.score for h in hits] == [h.bm25 for h in hits]


@pytest.mark.parametrize("country, first", [("no", "nolaw/§1"), ("da", "dklaw/§1")])
def test_an_english_question_naming_no_country_gets_the_bots_own_countrys_law_first(
        searcher: Searcher, country: str, first: str) -> None:
    # KOMMUNEBOT_COUNTRY: a Norwegian municipality's bot answers its English-speaking councillors with Norway's law
    own = Searcher(searcher.store, country=country)
    asked = first_ids(own, "When is the stemme of the chair decisive?")
    other = ({"nolaw/§1", "dklaw/§1"} - {first}).pop()
    assert asked.index(first) < asked.index(other)
    # a question in Norwegian or Danish, or naming a country, still has the country it says
    assert first_ids(own, "Er møtelederens stemme avgjørende ved stemmelikhet i Danmark?")[0] == "dklaw/§1"


def test_the_bots_country_comes_from_kommunebot_country_and_reaches_the_searcher(tmp_path: Path) -> None:
    from bot.answer.engine import open_engine
    from bot.config import Settings

    two_countries(tmp_path)
    env = {"KOMMUNEBOT_INDEX": str(tmp_path / "kommunebot.db"), "KOMMUNEBOT_SEMANTIC": "off"}
    assert open_engine(Settings.from_env({**env, "KOMMUNEBOT_COUNTRY": "DA"})).searcher().country == "da"
    assert open_engine(Settings.from_env(env)).searcher().country is None


def test_only_law_sections_of_the_other_country_are_lowered() -> None:
    ranked = [Fused(0, 10.0, 10.0, 0.5, 0.5), Fused(1, 9.0, 9.0, 0.5, 0.5), Fused(2, 8.0, 8.0, 0.5, 0.5)]
    chunks = {0: ("lta-2026-13/§12", "da"), 1: ("aftale:afsnitt-1:ab12", "da"), 2: ("lov-2018-06-22-83/§11-9", "nb")}
    assert [f.docno for f in own_country_first(ranked, chunks, "no")] == [1, 2, 0]  # a Danish document stays
    assert [f.docno for f in own_country_first(ranked, chunks, "da")] == [0, 1, 2]
    assert own_country_first(ranked, chunks, None) == ranked


@pytest.mark.parametrize("question, family, country", [
    ("Har ordføreren dobbeltstemme ved stemmelikhet?", "no", "no"),
    ("Kva skjer om eg flyttar ut av kommunen?", "no", "no"),
    ("Har jeg tavshedspligt om lukkede møder?", "da", "da"),
    ("Hvornår skal delegationsreglementet behandles efter valget i Norge?", "da", "no"),  # named: Norway's law
    ("Hva sier den danske kommunestyrelsesloven om borgmesteren?", "no", "da"),
    ("In Denmark, can the mayor decide alone?", "en", "da"),
    ("Can the mayor decide alone?", "en", None),
    ("Er reglene i Norge og Danmark like?", "no", None),  # both named: neither preferred
    ("Kva slags verktøy skal danskane lage?", "no", "da"),  # the people named, in any form
    ("Hvad mener nordmændene om det?", "da", "no"),
    ("What do Danes call the mayor?", "en", "da"),
])
def test_the_country_is_the_one_named_else_the_questions_languages(question: str, family: str,
                                                                  country: str | None) -> None:
    assert country_of(question, family) == country


@pytest.mark.parametrize("question, family, country", [
    ("Can the mayor decide alone?", "en", "da"),  # English, naming none: the bot's own country
    ("In Norway, can the mayor decide alone?", "en", "no"),  # named: that country
    ("Har ordføreren dobbeltstemme ved stemmelikhet?", "no", "no"),  # Norwegian: Norway's, whatever the bot's
    ("Er reglene i Norge og Danmark like?", "no", None),  # both named: neither
])
def test_the_bots_own_country_decides_only_for_an_english_question_naming_none(question: str, family: str,
                                                                               country: str | None) -> None:
    assert country_of(question, family, "da") == country


@pytest.mark.parametrize("question, default, country", [
    ("Who sets the agenda for the kommunestyre meeting?", None, "no"),      # Norwegian words only
    ("Can our utvalg meet on Teams instead of at the rådhus?", "da", "no"),  # "utvalg" is Norway's, the bot's aside
    ("Who leads the kommunalbestyrelse?", None, "da"),
    ("Who decides if I am inhabil in the kommunalbestyrelse?", None, None),  # "inhabil" is Norway's word
    ("How much vederlag does a byrådsmedlem get?", "no", "da"),
    ("Can the kommune pay me a vederlag?", None, None),     # words both write: neither, and the bot's own where set
    ("Can the kommune pay me a vederlag?", "da", "da"),
    ("Is a kommunestyre like a kommunalbestyrelse?", None, None),           # both countries' words: neither
    ("What is the deadline for the budget?", None, None),   # English and loanwords say nothing
])
def test_an_english_question_naming_no_country_is_about_the_country_whose_words_it_borrows(
        question: str, default: str | None, country: str | None) -> None:
    assert country_of(question, "en", default) == country


@pytest.mark.parametrize("question, country", [
    ("I'm on the byråd in Aarhus. Can a committee decide on its own?", "da"),  # "byråd" both write; Aarhus is Danish
    ("How do I resign from the council in Bergen?", "no"),
    ("Who is the boss here? I work in Odense.", "da"),           # a name after a sentence's first word
    ("Aarhus council: who decides?", None),                      # a sentence's first word may be any word capitalised
    ("Can we use Teams for the council meeting in London?", None),  # names both countries write alike
])
def test_an_english_question_naming_a_town_is_about_its_country(question: str, country: str | None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.analysis import country as countries

    assert country_of(question, "en") == country
    monkeypatch.setattr(countries, "NAMES_COUNTRY", False)  # a name common in English said nothing before 0.4.39
    assert country_of(question, "en") is None


def test_an_english_question_with_norwegian_words_gets_no_danish_section_first(
        law_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"the kommunestyre meeting": Norway's word, Norway's law; Danish §§ on the agenda ("dagsorden", as the dictionary
    reads "agenda") came first."""
    from bot.analysis import country

    searcher = Searcher(IndexStore.open(law_index))

    def titles() -> list[str]:
        return [hit.chunk.title for hit in searcher.search("Who sets the agenda for the kommunestyre meeting?", 3).hits]

    assert not any(title.startswith("Lov om kommunernes styrelse") for title in titles())
    monkeypatch.setattr(country, "WORDS_COUNTRY", False)
    assert titles()[1].startswith("Lov om kommunernes styrelse")


def test_a_question_asked_in_norwegian_about_denmark_gets_the_danish_section_first(searcher) -> None:
    asked = first_ids(searcher, "Er møtelederens stemme avgjørende ved stemmelikhet i Danmark?")
    assert asked.index("dklaw/§1") < asked.index("nolaw/§1")


def test_a_country_named_chooses_the_law_and_is_not_a_word_its_section_must_hold(searcher) -> None:
    """"… i Danmark?" is the country's law asked for: no law names its own country, and the name had halved the
    coverage the confidence reads of a § first (COUNTRY_NAME_UNSEARCHED). The ranking still reads it."""
    for plain, named, first in (("Hvornår er møtelederens stemme avgjørende ved stemmelikhet?",
                                 "Hvornår er møtelederens stemme avgjørende ved stemmelikhet i Danmark?", "dklaw/§1"),
                                ("Is the chair's vote decisive at stemmelikhet in the kommunestyret?",
                                 "In Norway, is the chair's vote decisive at stemmelikhet in the kommunestyret?",
                                 "nolaw/§1")):
        without, with_name = searcher.search(plain), searcher.search(named)
        assert with_name.hits[0].chunk_id == first and len(with_name.terms) > len(without.terms)
        assert with_name.evidence is not None and without.evidence is not None
        assert with_name.evidence.coverage == pytest.approx(without.evidence.coverage)


def test_a_question_about_one_country_answered_by_the_others_law_says_so(tmp_path: Path) -> None:
    """Only Norway's law has the rule asked for: asked about Denmark, its § is still shown as the closest, under a line
    saying Danish law in the sources lacks it, never said plainly (Evidence.other_country)."""
    searcher = two_countries(tmp_path, laws=FRITAK_IN_NORWAY_ALONE)
    norwegian = answer("Hvordan søker jeg fritak fra vervet som medlem?", searcher)
    assert norwegian.passages[0].chunk_id == "nolaw/§1" and norwegian.lead != "uncertain_country"
    # asked in Norwegian about Denmark, the search read Norwegian law's words: it says it met no Danish §, not that
    # Danish law lacks it
    for question, line in (("Hvordan søker jeg fritak fra vervet som medlem i Danmark?",
                            "Det første treffet er ikke dansk lov: ordene i spørsmålet er norsk lovs"),
                           ("Kan jeg blive fritaget for mit hverv som medlem?", "Kilderne har ikke dette i dansk lov."),
                           ("Can a member get fritak from the verv in Denmark?",
                            "The sources do not have this in Danish law.")):
        reply = answer(question, searcher)
        assert reply.passages and reply.passages[0].chunk_id == "nolaw/§1", question
        said = message(reply.lead, reply.language, **reply.lead_values)
        assert reply.confidence == "uncertain" and said.startswith(line), (question, said)
    # a question naming the law it asks about is about that law, whichever country it names
    assert answer("Hva sier kommuneloven om fritak fra vervet, sett fra Danmark?", searcher).lead != "uncertain_country"


def test_an_english_question_borrowing_one_countrys_words_answered_by_the_others_law_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"… of the kommunalbestyrelse …" is about Denmark by the words it borrows, and the ranking reads it so; the hedge
    read only a country named or the question's language, so Norway's § first was said plainly to an English asker
    about a Danish council (blind 13's W52 the other way round: Danish § 8 for "the kommunestyre meeting")."""
    from bot.search import retriever

    searcher = two_countries(tmp_path, laws=FRITAK_IN_NORWAY_ALONE)
    question = "Can a member of the kommunalbestyrelse be fritaget from the hverv?"
    reply = answer(question, searcher, top=1)  # the Danish § not shown, so nothing below to point to
    assert reply.passages and reply.passages[0].chunk_id == "nolaw/§1"
    said = message(reply.lead, reply.language, **reply.lead_values)
    assert reply.confidence == "uncertain" and said.startswith("The sources do not have this in Danish law."), said
    # a question borrowing neither country's words has no country of its own: English alone tells none
    plain = answer("Can a member of the council be excused from the office?", searcher, top=1)
    assert plain.lead != reply.lead
    monkeypatch.setattr(retriever, "SEARCHED_COUNTRY_HEDGED", False)
    assert answer(question, searcher, top=1).lead != reply.lead


def test_a_reply_whose_later_card_is_the_askers_countrys_section_points_to_it(tmp_path: Path) -> None:
    """The other country's § first, and one of the asker's own country's law shown below it: the lead had said the
    sources lack the asker's law ("og i Danmark?" after "hva er konstituerende møte" read "Kildene har ikke dette i
    dansk lov" above Kommuneloven § 7-1, with styrelsesloven § 6 the next card); it points to it instead."""
    laws = {"nolaw": ("nb", "Kommuneloven § 7-9", "Kommunestyret kan etter søknad frita et medlem for vervet når "
                      "vervet ikke kan skjøttes uten vesentlig ulempe."),
            "dklaw": ("da", "Lov om kommunernes styrelse § 8", "Kommunalbestyrelsen fastsætter selv sin "
                      "forretningsorden for medlemmer.")}
    searcher = two_countries(tmp_path, laws=laws)
    for question, line in (("Hvordan søker jeg fritak fra vervet som medlem i Danmark?",
                            "Det første treffet er ikke dansk lov. Sjekk dansk lov lenger ned:"),
                           ("Kan jeg blive fritaget for mit hverv som medlem?",
                            "Det første resultat er ikke dansk lov. Se dansk lov længere nede:")):
        reply = answer(question, searcher)
        assert [p.chunk_id for p in reply.passages] == ["nolaw/§1", "dklaw/§1"], question
        assert message(reply.lead, reply.language, **reply.lead_values) == line


def test_a_follow_up_naming_the_other_country_is_not_answered_by_the_earlier_questions_law(tmp_path: Path) -> None:
    """"og i Norge?" replied to "Hvad siger offentlighedsloven om aktindsigt?": searched with the Danish law's name, it
    was read as a question about that law (one naming a law is about that law, whichever country it names), and the
    Danish §§ were shown as the answer for Norway. The reply asks the earlier question of Norway's law: the Danish §
    first is said not to be Norwegian law, and, asked in Danish words, not said to be missing from Norwegian law."""
    from bot.answer.followup import read_reply

    laws = {"nolaw": ("nn", "Offentleglova § 3", "Saksdokument, journalar og liknande register for organet er opne "
                      "for innsyn dersom ikkje anna følgjer av lov."),
            "dklaw": ("da", "Lov om offentlighed i forvaltningen § 7", "Enhver kan forlange aktindsigt i dokumenter, "
                      "der er indgået til eller oprettet af en myndighed.")}
    searcher = two_countries(tmp_path, laws=laws)
    earlier = "Hvad siger offentlighedsloven om aktindsigt?"
    assert answer(earlier, searcher).passages[0].chunk_id == "dklaw/§1"
    reading = read_reply("og i Norge?", earlier, searcher.function_words())
    assert reading.earlier == earlier and "offentlighedsloven" not in reading.question
    reply = answer(reading.question, searcher)
    said = message(reply.lead, reply.language, **reply.lead_values)
    assert reply.confidence == "uncertain" and said.startswith("Det første resultat er ikke norsk lov:"), said



def _law_site(reply) -> str:
    """Where the reply's first passage links: retsinformation.dk for a Danish law's §, lovdata.no for a Norwegian's."""
    return reply.passages[0].citation.url.split("/")[2]


@pytest.mark.parametrize("question", ["§ 14", "paragraf 14", "§14?"])
def test_a_bare_section_from_a_danish_asker_is_the_danish_laws(law_index: Path, question: str) -> None:
    """"§ 14" tells no language: from a Danish user (Telegram set to Danish) it had been read as bokmål's and answered
    by Offentleglova § 14. It is now the asker's country's § (a Danish law's), a Norwegian asker's still Norwegian."""
    searcher = Searcher(IndexStore.open(law_index))
    danish, norwegian = answer(question, searcher, asker="da"), answer(question, searcher, asker="nb")
    assert danish.language == "da" and " § 14" in danish.passages[0].citation.title
    assert _law_site(danish) == "www.retsinformation.dk" and _law_site(norwegian) == "lovdata.no"


def test_a_question_that_tells_its_language_keeps_its_own_country_whatever_the_asker(law_index: Path) -> None:
    """The asker's country decides only where the question's words do not: a Norwegian question from a Danish user is
    about Norway's law, as on the page."""
    searcher = Searcher(IndexStore.open(law_index))
    assert _law_site(answer("Hva sier § 14?", searcher, asker="da")) == "lovdata.no"


@pytest.mark.parametrize("question", ["Og § 15?", "Hvem kan jeg spørge om habilitet?"])
def test_a_question_as_danish_as_norwegian_from_a_danish_asker_is_read_as_danish(law_index: Path,
                                                                                 question: str) -> None:
    """Every function word of these is Danish and Norwegian alike: from a Danish user they had been read as bokmål,
    answered under a Norwegian lead from a Norwegian law. A Danish asker's are Danish, in their lead and their law; with
    no asker known (the page, `ask`), they read as before."""
    searcher = Searcher(IndexStore.open(law_index))
    danish, unknown = answer(question, searcher, asker="da"), answer(question, searcher)
    assert danish.language == "da" and _law_site(danish) == "www.retsinformation.dk"
    assert unknown.language == "nb" and _law_site(unknown) == "lovdata.no"
