"""Bad input: any Unicode, empty and 100,000-character text through the analyzer, search, answer and both formatters.

Properties: nothing raises except QuestionError (the clear 'empty' / 'too long' reply); the
Telegram output is valid Telegram HTML (as the fake Bot API parses it) within 4,096 characters;
the terminal output carries no control characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers.fakebotapi import parse_telegram_html

SPECIAL = [
    "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069",  # bidi overrides and isolates
    "שלום", "مرحبا", "\u0301", "\u0308", "\u20dd", "e\u0301\u0302\u0303",  # right-to-left, combining marks
    "👍", "👍🏽", "👨\u200d👩\u200d👧", "🇳🇴", "\ufe0f", "\u200d",  # emoji, modifiers, ZWJ, flags
    "\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x9b", "\r", "\n", "\t", "\u2028", "\u2029", "\ufeff",
    "<", ">", "&", '"', "'", "&amp;", "<b>", "</b>", "<a href='javascript:x'>", "]]>", "%s", "{}", "\\",
    "æøå", "ÆØÅ", "ß", "İ", "ﬁ", "Ⅻ", "𝔘𝔫𝔦", "\U0010ffff", "\ue000",
    "rådmannens ansvar", "kontrollutvalget", "kommunestyret", "delegering",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.lists(
    st.sampled_from(SPECIAL) | st.text(max_size=8), max_size=40).map("".join)
HUGE = {
    "rtl": ("שלום עולם \u202e مرحبا " * 7000)[:100_000],
    "emoji": ("👨\u200d👩\u200d👧 🇳🇴 👍🏽 " * 10_000)[:100_000],
    "combining": ("e\u0301\u0302\u0303\u0304" * 20_000)[:100_000],
    "control": ("\x00\x01\x1b[31m\x7f\x9b\r\n\t" * 10_000)[:100_000],
    "nul": "\x00" * 100_000,
    "words": ("rådmannens ansvar kontrollutvalget " * 3000)[:100_000],
    "one_word": "a" * 100_000,
    "markup": ("<b>&amp;</b><a href=\"x\">&</a>" * 4000)[:100_000],
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def _valid_telegram(parts: list[str]) -> None:
    assert parts and all(isinstance(p, str) for p in parts)
    for part in parts:
        assert len(part) <= 4096
        plain = parse_telegram_html(part)  # raises ValueError on what Telegram would reject
        assert plain.strip() and "\x00" not in part


# ----------------------------------------------------------------------------- analyzer


@FUZZ
@given(TEXT)
@example("")
def test_fuzz_analyzer_terms_and_language(text: str) -> None:
    from bot.analysis import default_analyzer, detect_language

    analyzer = default_analyzer()
    terms = analyzer.terms(text)
    assert all(isinstance(t, str) and t for t in terms)
    assert all(isinstance(t, str) for t in analyzer.query_terms(text))
    assert isinstance(detect_language(text), str)


@pytest.mark.parametrize("name", sorted(HUGE))
def test_fuzz_analyzer_huge_input(name: str) -> None:
    from bot.analysis import default_analyzer, detect_language

    analyzer = default_analyzer()
    assert isinstance(analyzer.terms(HUGE[name]), list)
    assert isinstance(analyzer.query_terms(HUGE[name]), list)
    assert isinstance(detect_language(HUGE[name]), str)


ENGLISH = st.lists(st.sampled_from(["what", "is", "the", "council", "councils", "comittee", "goverment", "deficit",
                                     "boss", "staff", "who", "resign", "wages", "s", "'s", "x" * 41, "Ærø", "-"])
                   | st.sampled_from(SPECIAL), min_size=3, max_size=30).map(" ".join)


@FUZZ
@given(ENGLISH)
def test_fuzz_an_english_questions_readings_with_the_index_words(text: str) -> None:
    # the spelling, glossary-stem and dictionary stages run only for English and with the index's words
    from bot.analysis import default_analyzer
    from bot.analysis.typos import TermVocabulary

    analyzer = default_analyzer()
    vocab = TermVocabulary({analyzer.terms(w)[0]: 2 for w in ("underskudd", "lønn", "kommunestyre", "chef")})
    assert all(isinstance(t, str) and t for t in analyzer.query_terms(text, vocab))
    assert isinstance(analyzer.for_model(text, vocab), str)
    assert isinstance(analyzer.as_indexed(text, vocab), str)


# ----------------------------------------------------------------------------- search and answer


@FUZZ
@given(TEXT)
@example("")
@example("'; DROP TABLE terms; --")
def test_fuzz_search_and_answer_raise_only_question_error(searcher, text: str) -> None:
    from bot.answer import answer
    from bot.errors import QuestionError
    from bot.render.telegram_html import format_answer as telegram
    from bot.render.terminal import format_answer as terminal

    result = searcher.search(text, k=5)
    assert len(result.hits) <= 5
    try:
        reply = answer(text, searcher)
    except QuestionError as exc:
        assert exc.key in ("empty", "too_long")
        return
    _valid_telegram(telegram(reply))
    assert not TERMINAL_CONTROL.search(terminal(reply).replace("\n", ""))


@pytest.mark.parametrize("name", sorted(HUGE))
def test_fuzz_search_and_answer_huge_input(searcher, name: str) -> None:
    from bot.answer import answer
    from bot.errors import QuestionError

    searcher.search(HUGE[name], k=5)
    with pytest.raises(QuestionError):  # too long (or, all NUL, empty): the clear reply
        answer(HUGE[name], searcher)


# ----------------------------------------------------------------------------- formatters


def _spans(draw, quote: str) -> tuple[tuple[int, int], ...]:
    cuts = sorted(draw(st.lists(st.integers(0, len(quote)), max_size=6, unique=True)))
    return tuple((a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b)


@st.composite
def answers(draw, huge: bool = False):
    """Any Answer the formatters may get: hostile quotes, titles, URLs, locations, topics."""
    from bot.answer.model import Answer, Citation, Passage

    text = st.sampled_from(list(HUGE.values())) if huge else TEXT
    passages = []
    for rank in range(1, draw(st.integers(0, 4)) + 1):
        quote = draw(text)
        url = draw(st.none() | st.sampled_from(["https://ex.no/a?b=1&c=\"2\"", "javascript:alert(1)",
                                                  "http://x/<b>", "ftp://x", "https://"]) | TEXT)
        citation = Citation(source_id=draw(TEXT), title=draw(text), location=draw(TEXT), publisher=draw(TEXT),
                            date=draw(TEXT), url=url)
        passages.append(Passage(rank, 1.0, quote, citation, f"c{rank}", _spans(draw, quote)))
    answered = draw(st.booleans())
    return Answer(draw(text), draw(st.sampled_from(["nb", "nn", "da", "en"])), answered, tuple(passages),
                  offset=draw(st.integers(0, 3)), more=draw(st.booleans()),
                  topics=tuple(draw(st.lists(text, max_size=12))))


@FUZZ
@given(answers())
def test_fuzz_telegram_and_terminal_formatters(reply) -> None:
    from bot.render.telegram_html import format_answer as telegram
    from bot.render.telegram_html import to_plain
    from bot.render.terminal import format_answer as terminal

    for echo in (False, True):  # the bot's reply echoes a refusal's question (bot/tg/replies.py)
        parts = telegram(reply, echo=echo)
        _valid_telegram(parts)
        for part in parts:
            assert isinstance(to_plain(part), str)
    for colour in (False, True):
        out = terminal(reply, colour=colour)
        assert not TERMINAL_CONTROL.search(re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\n", "")) if colour \
            else not TERMINAL_CONTROL.search(out.replace("\n", ""))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(answers(huge=True))
def test_fuzz_formatters_huge_fields(reply) -> None:
    from bot.render.telegram_html import format_answer as telegram
    from bot.render.terminal import format_answer as terminal

    _valid_telegram(telegram(reply))
    _valid_telegram(telegram(reply, echo=True))
    assert isinstance(terminal(reply), str)


@FUZZ
@given(st.lists(st.fixed_dictionaries({"id": TEXT, "title": TEXT, "publisher": TEXT, "date": TEXT,
                                       "url": st.none() | TEXT}), min_size=0, max_size=30))
def test_fuzz_sources_list_is_valid_telegram_html(sources: list[dict]) -> None:
    from bot.answer.model import Citation
    from bot.render.telegram_html import format_sources

    _valid_telegram(format_sources([Citation(s["id"], s["title"], publisher=s["publisher"], date=s["date"],
                                             url=s["url"]) for s in sources]))


# ----------------------------------------------------------------------------- the whole reply


@pytest.fixture(scope="module")
def replier(built_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """compose_reply with a real index and a feedback store: what the bot sends for a question."""
    from bot.answer.engine import Engine
    from bot.config import Settings
    from bot.feedback import FeedbackStore
    from bot.search.holder import SearcherHolder
    from bot.tg.ratelimit import UserRateLimiter
    from bot.tg.replies import compose_reply
    from bot.tg.resources import Resources

    store = FeedbackStore.open(tmp_path_factory.mktemp("fb") / "fb.db", "secret", 180)
    res = Resources(Settings(top=3), Engine(SearcherHolder(built_index)), store, UserRateLimiter(0))
    yield lambda q: compose_reply(q, res, "key", "private")
    store.close()


@FUZZ
@given(TEXT)
@example("")
@example('"' * 2000)  # escaping multiplies the echoed question six times
def test_fuzz_bot_reply_is_valid_telegram_html(replier, text: str) -> None:
    _valid_telegram(replier(text).parts)


@pytest.mark.parametrize("name", sorted(HUGE))
def test_fuzz_bot_reply_to_huge_input(replier, name: str) -> None:
    _valid_telegram(replier(HUGE[name]).parts)
