"""Small talk is told from questions: a greeting, thanks or an emoji is not searched."""

from __future__ import annotations

import pytest

from bot.answer.smalltalk import small_talk, without_small_talk


@pytest.mark.parametrize("text, kind, language", [
    ("hei", "greeting", "nb"), ("Hei!", "greeting", "nb"), ("God morgen :)", "greeting", "nb"),
    ("hej", "greeting", "da"), ("Hello", "greeting", "en"),
    ("takk!", "thanks", "nb"), ("Tusen takk 🙏", "thanks", "nb"), ("mange tak", "thanks", "da"),
    ("Thank you!", "thanks", "en"), ("takk for hjelpen", "thanks", "nb"), ("Tusen takk for svaret!", "thanks", "nb"),
    ("tak for hjælpen", "thanks", "da"), ("thanks for the help", "thanks", "en"),
    ("ok", "chat", "nb"), ("👍", "chat", "nb"), (":-)", "chat", "nb"),
])
def test_small_talk_is_recognised(text: str, kind: str, language: str) -> None:
    talk = small_talk(text)
    assert talk is not None and (talk.kind, talk.language) == (kind, language)


@pytest.mark.parametrize("text, asker, language", [
    ("hei", "nn", "nn"), ("Takk for hjelpa!", "nn", "nn"), ("tusen takk", "nn", "nn"), ("ok", "en", "en"),
    ("hallo", "da", "da"), ("hei", None, "nb"),
    # a word the asker's language does not write keeps the language that writes it
    ("hej", "nb", "da"), ("takk", "en", "nb"), ("Takk, det var kjekt!", "nb", "nn"),
])
def test_small_talk_in_words_the_askers_language_writes_too_is_in_the_askers_language(
        text: str, asker: str | None, language: str) -> None:
    talk = small_talk(text, asker)
    assert talk is not None and talk.language == language


@pytest.mark.parametrize("text", [
    "Hei, hva er rådmannens ansvar?", "takk for svaret, men hva gjør kontrollutvalget?", "budsjett",
    "Hva?", "hva er KS", "2019", "", "takk for at du svarte, hva er delegering?",
    "takk for hjelpen med budsjettet og økonomiplanen i kommunen vår",
])
def test_a_question_is_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


@pytest.mark.parametrize("text, kind, language", [
    # the report's: searched, refused with the source list, and logged as unanswered
    ("takk, nyttig!", "thanks", "nb"), ("supert, takk", "thanks", "nb"), ("Hei, hvem er du?", "greeting", "nb"),
    ("Tusen hjertelig takk for svaret", "thanks", "nb"),
    # the same kinds of words, put together otherwise, in each language
    ("Takk, det var kjekt!", "thanks", "nn"), ("Kven er du?", "greeting", "nn"),
    ("Flott, takk skal du ha", "thanks", "nb"), ("Veldig nyttig, tusen takk!", "thanks", "nb"),
    ("ok, supert", "chat", "nb"), ("God morgen, hvem er du?", "greeting", "nb"),
    ("Hej, hvem er du?", "greeting", "da"), ("Tusind tak, meget brugbart", "thanks", "da"),
    ("Fedt, tak!", "thanks", "da"),
    ("Hi, who are you?", "greeting", "en"), ("Thanks, very helpful!", "thanks", "en"),
    ("great, thank you so much", "thanks", "en"),
    ("thank you so much, that was really useful", "thanks", "en"),
])
def test_thanks_greetings_and_praise_are_small_talk_however_they_are_put_together(text: str, kind: str,
                                                                                 language: str) -> None:
    talk = small_talk(text)
    assert talk is not None and (talk.kind, talk.language) == (kind, language)


@pytest.mark.parametrize("text, language", [
    ("takk, men det var ikke nyttig", "nb"), ("Dette var ikke til hjelp", "nb"), ("Det hjalp dessverre ikke", "nb"),
    ("Feil svar.", "nb"), ("Ikke nyttig", "nb"),
    ("Dette var ikkje til hjelp", "nn"), ("Svaret var dårleg", "nn"),
    ("Det var ikke til noget hjælp", "da"), ("Svaret er forkert", "da"), ("Tak, men det var ikke brugbart", "da"),
    ("That didn't help", "en"), ("not helpful, sorry", "en"), ("Thanks, but that was wrong", "en"),
    # what it says was missed (a re-checker's wordings, 0.4.35): searched, the first was answered plainly
    ("Dette svarte ikke på spørsmålet mitt", "nb"), ("Nei, det hjelper ikke", "nb"),
    ("Det var ikke det jeg spurte om", "nb"), ("Det var ikkje det eg spurde om", "nn"),
    ("Nej, det var ikke det jeg spurgte om", "da"), ("That's not what I asked", "en"),
])
def test_feedback_that_an_answer_did_not_help_is_small_talk(text: str, language: str) -> None:
    """"takk, men det var ikke nyttig" was searched, refused with the topics and logged as an unanswered question."""
    from bot.answer.messages import message

    talk = small_talk(text)
    assert talk is not None and (talk.kind, talk.language) == ("feedback", language)
    assert message("feedback", language) != message("not_covered", language)


@pytest.mark.parametrize("text", [
    "Hva skjer hvis vedtaket er feil?", "Er det ikke feil?", "Hvem er ikke valgbar?", "Hvorfor er ikke møtet åpent?",
    "Hva gjør jeg når et vedtak er feil", "feil i saksbehandlingen", "Hvad sker der, hvis afgørelsen er forkert?",
    "What if the decision is wrong?", "ikke valgbar", "hjelp", "Dette var til hjelp",
    "Jeg spurte om habilitet", "Nei", "What is not covered", "Svarer kommunen ikke på spørsmålet mitt",
])
def test_a_question_with_words_of_feedback_is_still_a_question(text: str) -> None:
    assert small_talk(text) is None


@pytest.mark.parametrize("text", [
    "Hei, hvordan søker jeg fritak fra vervet?", "Takk! Hvem er ordføreren?", "Hvem er du, og hva er habilitet?",
    "takk, men hva er delegering?", "Hej, hvem er borgmester?", "Hi, who are the council members?", "nyttig budsjett",
    "Hvem er rådmannen?", "Takk for svaret. Hva gjør kontrollutvalget?",
])
def test_a_question_beside_thanks_or_a_greeting_is_still_a_question(text: str) -> None:
    assert small_talk(text) is None


@pytest.mark.parametrize("text", ["Takk for svaret. Hva er rådmannens ansvar?",
                                  "Takk, men det var ikke nyttig. Hva er rådmannens ansvar?",
                                  "Takk for hjelpen, men hva er rådmannens ansvar?",
                                  "Hei! Tusen takk. Hva er rådmannens ansvar?"])
def test_a_question_after_thanks_is_answered_as_the_question_alone(text: str, searcher) -> None:  # noqa: ANN001
    """"Takk for svaret. Hva er delegering?" was refused where "Hva er delegering?" is answered: the thanks' words
    counted against every passage. The leading small talk is not searched; the question is echoed as written."""
    from bot.answer import answer

    assert without_small_talk(text).lower() == "hva er rådmannens ansvar?"
    alone, asked = answer("Hva er rådmannens ansvar?", searcher), answer(text, searcher)
    assert asked.question == text and asked.confidence == alone.confidence
    assert [p.chunk_id for p in asked.passages] == [p.chunk_id for p in alone.passages]


@pytest.mark.parametrize("text", ["takk, nyttig!", "Hei, hvem er du?", "Jeg takker for svaret og lurer på hva KS er?",
                                  "Takk for svaret"])
def test_small_talk_alone_or_a_question_that_thanks_in_its_own_words_is_left_as_it_is(text: str) -> None:
    """Only a leading clause that is small talk on its own goes: a message that is all small talk stays whole (the
    front ends answer it as small talk), and so does a sentence that thanks and asks at once."""
    assert without_small_talk(text) == text
