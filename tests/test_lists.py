"""A "which N …" question: how many items it asks for, and the list of that many raised among the first."""

from __future__ import annotations

import pytest

from bot.analysis.counts import asked_count
from bot.search import lists
from bot.search.fusion import Fused
from bot.search.lists import list_sizes, lists_first


@pytest.mark.parametrize(("question", "count"), [
    ("Hvilke fire roller har en norsk kommune?", 4),
    ("Hva er de fem konkrete tiltakene i Ledernes politiske plattform?", 5),
    ("Kva er dei to viktigaste reiskapane politikarane har?", 2),
    ("Hvad er de tre principper for forholdet mellem stat og kommune?", 3),
    ("What are the four roles KS has?", 4),
    ("what are the 2 main challenges arbeidsgiverpolitikken has to solve", 2),
    ("What needs to be in place locally before we can join?", None),   # English "to" is no count
    ("Når bør de to første kursdagene holdes?", None),                  # a count, but no list asked for
    ("Jeg er væk i fire måneder. Hvem tager min plads?", None),
    ("Hvilke roller har KS?", None),
    ("KVA:²", None),  # a superscript two is a digit int() cannot read: the reply had failed (found by test_fuzz)
    ("Hvilke ٣ roller har KS?", 3),  # an Arabic-Indic three is read as the 3 it is
])
def test_a_question_asks_for_a_list_of_the_size_it_names_after_its_question_word(question: str,
                                                                                   count: int | None) -> None:
    assert asked_count(question) == count


def test_a_list_s_size_is_its_items_whether_numbered_bulleted_or_a_slide_s_short_lines() -> None:
    numbered = "Konkrete tiltak og prioriteringer:\n" + "\n".join(f"{i}. Tiltak nummer {i} for sektoren." for i in
                                                                   range(1, 6))
    assert 5 in list_sizes(numbered)
    assert 4 in list_sizes("Interessepolitisk aktør\nArbeidsgiverorganisasjon\nDaglig drift\nUtviklingspartner")
    # a slide's title leads its items: four roles under "Kommunens oppgaver"
    assert 4 in list_sizes("Kommunens oppgaver\nDemokratisk aktør\nTjenesteyter\nSamfunnsutvikler\nMyndighetsutøver\n"
                           "I tillegg er kommunene og fylkeskommunene store arbeidsgivere.")
    # a title, a paragraph, then three items: three, not four
    assert 4 not in list_sizes("KS folkevalgtopplæring\nAlle kommuner tilbys etter valget inntil fire dager med "
                               "gratis folkevalgtprogram.\nRammebetingelser\nOppgaver og roller\nSamhandling")
    assert list_sizes("Én setning om noe. Og en til om noe annet.") == frozenset()


def test_only_a_list_of_the_asked_size_among_the_first_is_raised() -> None:
    ranked = [Fused(d, 50.0 - 0.1 * d, None, 0.0, 0.0) for d in range(25)]
    texts = {d: "En vanlig setning om kommunen." for d in range(25)}
    texts[3] = "Roller\nEn\nTo\nTre\nFire"          # four items under a title
    texts[22] = "En\nTo\nTre\nFire"                 # four items, but past the first 20
    texts[5] = "En\nTo\nTre"                        # three items
    raised = lists_first(ranked, texts, 4)
    assert [f.docno for f in raised[:2]] == [3, 0] and raised[0].score == pytest.approx(49.7 + lists.LIST_BONUS)
    assert [f.docno for f in raised].index(22) == 22 and [f.docno for f in raised].index(5) == 5
    assert lists_first(ranked, texts, None) is ranked and lists_first(ranked, texts, 7) is ranked

