"""Small talk is told from questions: a greeting, thanks or an emoji is not searched."""

from __future__ import annotations

import pytest

from bot.answer.smalltalk import small_talk


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


@pytest.mark.parametrize("text", [
    "Hei, hva er rådmannens ansvar?", "takk for svaret, men hva gjør kontrollutvalget?", "budsjett",
    "Hva?", "hva er KS", "2019", "", "takk for at du svarte, hva er delegering?",
    "takk for hjelpen med budsjettet og økonomiplanen i kommunen vår",
])
def test_a_question_is_not_small_talk(text: str) -> None:
    assert small_talk(text) is None
