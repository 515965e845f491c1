"""An English question's contractions are spelt out before it is read, so none becomes a term no index holds."""

from __future__ import annotations

import copy

from bot.analysis import default_analyzer, uncontracted

JUNK = {"cant", "dont", "don", "doesnt", "doesn", "isnt", "isn", "im", "wont", "won", "theyv", "ve", "re", "id"}


def test_contractions_are_spelt_out() -> None:
    assert uncontracted("i can't come, i'm new and it doesn't work") == "i can not come, i am new and it does not work"
    assert uncontracted("we won't, they've, you'd, she'll, we're") == \
        "we will not, they have, you would, she will, we are"
    assert uncontracted("the kommune's budget, it's late") == "the kommune budget, it late"  # a possessive or "is"
    assert uncontracted("what’s the rådmann’s job?") == "what the rådmann job?"  # the typographic apostrophe too


def test_an_english_questions_contractions_leave_no_junk_terms() -> None:
    analyzer = default_analyzer()
    question = "I'm new and can't attend the kommunestyre meeting. Doesn't the ordfører's office have to tell me?"
    terms = set(analyzer.query_terms(question))
    assert not terms & JUNK, terms & JUNK
    assert analyzer.word_terms("ordfører")[0] in terms and analyzer.word_terms("kommunestyre")[0] in terms
    before = copy.copy(analyzer)
    before.english_contractions = False
    assert set(before.query_terms(question)) & JUNK  # as it was: cant, im, doesnt … searched for


def test_a_norwegian_questions_apostrophe_is_read_as_before() -> None:
    analyzer = default_analyzer()
    question = "Hva sa KS'en om OL's budsjett?"
    before = copy.copy(analyzer)
    before.english_contractions = False
    assert analyzer.query_terms(question) == before.query_terms(question)
