"""The answer function: question in, quoted and cited passages (or a plain 'not covered') out."""

from __future__ import annotations

import re
import unicodedata

from bot.analysis import detect_language
from bot.answer.model import Answer, Citation, Passage
from bot.answer.pins import PinStore
from bot.answer.quote import highlight_spans, select_quote, semantic_scorer, term_matcher, whole_chars
from bot.corpus.records import SourceRecord
from bot.errors import QuestionError
from bot.search.retriever import Hit, Searcher

MAX_QUESTION_CHARS = 2000
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # markup pasted into a question is not what was asked


def citation_of(source: SourceRecord) -> Citation:
    """A whole source as a citation (the /kilder list)."""
    return Citation(source_id=source.id, title=source.title or source.id, publisher=source.publisher or "",
                    date=source.date or "", url=source.url)


def _citation(hit: Hit, sources: dict[str, SourceRecord]) -> Citation:
    source = sources.get(hit.source_id)
    return Citation(source_id=hit.cite_id, title=hit.title or (source.title if source else ""),
                    location=hit.location, publisher=(source.publisher if source else "") or "",
                    date=(source.date if source else "") or "",
                    url=hit.url or (source.url if source else None))


def checked_question(question: str) -> str:
    """`question` with its white space tidied; QuestionError when it is empty or too long (nothing searched)."""
    question = " ".join(question.replace("\x00", " ").split())
    if not any(ch.isalnum() for ch in question):
        raise QuestionError("the question is empty", hint="ask e.g.: Hva er rådmannens ansvar?", key="empty")
    # The analyzer works on the NFKC form, which can be 18 times longer (U+FDFA): bound that.
    size = len(question) if len(question) > MAX_QUESTION_CHARS else len(unicodedata.normalize("NFKC", question))
    if size > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is too long ({size} characters; at most "
                            f"{MAX_QUESTION_CHARS})", hint="ask one short question at a time",
                            key="too_long", language=detect_language(question[:MAX_QUESTION_CHARS]),
                            n=size, limit=MAX_QUESTION_CHARS)
    return question


def answer(question: str, searcher: Searcher, top: int = 3, offset: int = 0, pins: PinStore | None = None) -> Answer:
    """Answer `question` from the index: the best `top` passages after `offset`, or abstain.

    With `pins`, a passage a course leader pinned for this question (or a close paraphrase)
    comes first, marked `pinned`, even where the search alone would abstain.
    """
    question = checked_question(question)
    language = detect_language(question[:MAX_QUESTION_CHARS])
    asked = _TAG.sub(" ", question)
    result = searcher.search(asked, k=offset + top + 1)
    pinned = pins.match(asked, searcher) if pins is not None else None
    hits = result.hits
    if pinned is not None:
        pin_hit = pinned[1]
        found = {h.chunk_id: h for h in hits}
        rest = () if result.abstained else tuple(h for h in hits if h.chunk_id != pin_hit.chunk_id)
        hits = (found.get(pin_hit.chunk_id, pin_hit),) + rest
    # The first reply shows its `top` passages as ranked (a right passage at rank 2 or 3 is worth
    # showing: dev3 hit@3 falls 0.824 -> 0.788 when they are cut too). Past them, "Flere treff"
    # shows a passage only while each would be shown on its own, instead of running on into what
    # only shares a word (a presenter's bio).
    relevant = searcher.on_topic(language, result.terms, hits[top:])
    hits = hits[:top + (relevant.index(False) if False in relevant else len(relevant))]
    if result.abstained and pinned is None:
        topics = tuple(s.title for s in searcher.sources()[:12])
        return Answer(question, language, False, topics=topics,
                      absent=result.evidence.absent if result.evidence is not None else ())
    sources = {s.id: s for s in searcher.sources()}
    matches = term_matcher(searcher.word_terms, result.terms, question)
    passages = []
    for rank, hit in enumerate(hits[offset:offset + top], start=offset + 1):
        quote = select_quote(hit.text, matches, whole=whole_chars(hit.location, hit.chunk_id, hit.text),
                             sentence_score=semantic_scorer(searcher.sentence_cosines(asked, hit)))
        passages.append(Passage(rank, round(hit.score, 4), quote, _citation(hit, sources), hit.chunk_id,
                                highlight_spans(quote, matches), pinned=rank == 1 and pinned is not None))
    return Answer(question, language, True, tuple(passages), offset,
                  more=len(hits) > offset + top,
                  confidence="answered" if pinned is not None else result.confidence,  # a course leader vouches
                  amount_missing=pinned is None and result.evidence is not None and result.evidence.amount_missing,
                  absent=result.evidence.absent if pinned is None and result.evidence is not None else ())
