"""The answer function: question in, quoted and cited passages (or a plain 'not covered') out."""

from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Callable, Sequence
from dataclasses import replace

import bot.answer.cards as cards
from bot.analysis import detect_language
from bot.analysis.amounts import amount_missing
from bot.analysis.language import language_family, language_told, other_script
from bot.answer.asks import parts_shown
from bot.answer.focus import focused
from bot.answer.links import read_links
from bot.answer.markup import without_markup, without_tags
from bot.answer.messages import REPHRASE_EXAMPLES, reply_language
from bot.answer.model import Answer, Citation, Passage
from bot.answer.pins import PinMatcher
from bot.answer.quote import highlight_spans, term_matcher
from bot.answer.smalltalk import without_small_talk
from bot.corpus.characters import plain
from bot.corpus.lawtext import is_section, parts_name
from bot.corpus.records import SourceRecord
from bot.errors import QuestionError
from bot.search.citations import cited_ledd, without_citation
from bot.search.confidence import contested, doubted
from bot.search.retriever import Hit, Searcher

MAX_QUESTION_CHARS = 2000
# The notice that the figure asked for is missing looks at what the first card shows, not only its best ledd: "What is
# the klagefrist …?" ranked forvaltningsloven § 29's third ledd first, and the reply said the sources do not give the
# time asked for above the card's first ledd, "Fristen for å klage er 3 uker" (0.4.35). Off: benchmarks/answers.py
# --without "figure shown".
FIGURE_SHOWN = True
# ... and the later cards: where one of them states a figure of the kind asked, the notice says so too. "Hvor mange
# dager har kommunen på å svare på et innsynskrav …?" said only "oppgir ikke tallet du spør etter" above offentleglova
# § 28, and its second card, § 32, says "innan fem arbeidsdagar"; the notice dropped there instead left "Hvor mange
# dager før møtet må sakspapirene sendes ut?" with the 14 days of the constituent meeting and no warning (0.4.36).
# Off: benchmarks/answers.py --without "figure in any card".
FIGURE_ANY_CARD = True
# A § the question cites by its number stands alone, from its first part, when what else the question asks would not
# be answered plainly on its own ("Hva sier kommuneloven § 7-9?" went on to § 24-7 and § 9-10, which share only its
# numbers' tone); off: benchmarks/answers.py --without "cited alone".
CITED_ALONE = True
# A follow-up none of whose passages covers the words its reply adds, with the earlier question, is hedged (`focus`);
# off: benchmarks.followups --without "follow-up hedged".
FOLLOW_UP_HEDGED = True


def citation_of(source: SourceRecord) -> Citation:
    """A whole source as a citation (the /kilder list)."""
    return Citation(source_id=source.id, title=source.title or source.id, publisher=source.publisher or "",
                    date=source.date or "", url=source.url)


def _citation(hit: Hit, sources: dict[str, SourceRecord]) -> Citation:
    source = sources.get(hit.source_id)
    title = hit.title or (source.title if source else "")
    url = hit.url or (source.url if source else None)
    return Citation(source_id=hit.cite_id, title=title,
                    location=_without_title(hit.location, title), publisher=(source.publisher if source else "") or "",
                    date=(source.date if source else "") or "", url=url,
                    whole_law=is_section(hit.chunk_id) and url is not None and source is not None and url == source.url)


def _without_title(location: str, title: str) -> str:
    """A passage's location without the document's title the citation already leads with: a section under the
    document's own heading is the document ("Reglement … i Testvik, Reglement … i Testvik"), and a PDF page's location
    names the page and its heading ("Etiske retningslinjer … i Testvik, side 1, Etiske retningslinjer … i Testvik")."""
    def same(a: str, b: str) -> bool:
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()

    if not title or not location:
        return location
    if same(location, title):
        return ""
    # read at the citation, not at chunking: the location is part of a chunk's id, which written questions name
    head, comma, rest = location.partition(", ")
    if comma and same(rest, title):
        return head
    if comma and same(head, title):
        return rest
    return location


def checked_question(question: str) -> str:
    """`question` with its white space tidied and the characters no one sees taken out (controls, direction overrides,
    zero-width spaces: `plain`, as a document's text is read); QuestionError when it is empty or too long (nothing
    searched). Every front end's question comes through here, so the terminal, the bot and the page read it alike."""
    question = " ".join(plain(question.replace("\x00", " ")).split())
    # markup alone ("<br>", "<b></b>", a script element) asks nothing either: it had been searched as a question and
    # refused, in bokmål whoever asked, with the list of sources and «<br>» echoed
    if not any(ch.isalnum() for ch in without_tags(question)):
        raise QuestionError("the question is empty", hint="ask e.g.: Hva er rådmannens ansvar?", key="empty")
    # The analyzer works on the NFKC form, which can be 18 times longer (U+FDFA): bound that.
    size = len(question) if len(question) > MAX_QUESTION_CHARS else len(unicodedata.normalize("NFKC", question))
    if size > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is too long ({size} characters; at most "
                            f"{MAX_QUESTION_CHARS})", hint="ask one short question at a time",
                            key="too_long", language=detect_language(without_markup(question[:MAX_QUESTION_CHARS])),
                            n=size, limit=MAX_QUESTION_CHARS)
    return question


def _card(rank: int, card: tuple[Hit, ...], asked: str, searcher: Searcher, matches: Callable[[str], bool],
          sources: dict[str, SourceRecord], pinned: bool, cited: bool = False,
          states: Callable[[str], bool] | None = None, from_start: bool = False, first_card: bool = True) -> Passage:
    """One card: its best hit's score, citation and id; its parts' quotes as `cards.quoted_parts` shows them, the
    citation naming what they show."""
    best = card[0]
    parts = cards.quoted_parts(card, asked, searcher, matches, states=states, from_start=from_start,
                               first_card=first_card)
    quote = "\n\n".join(part.text for part in parts)
    citation = _citation(best, sources)
    locations = [part.at for part in parts]
    if len(card) > 1 or locations != [best.location]:
        citation = replace(citation, location=parts_name(best.chunk.lang, locations))
    return Passage(rank, round(best.score, 4), quote, citation, best.chunk_id, highlight_spans(quote, matches),
                   pinned=pinned, cited=cited)


def _asks_nothing_else(question: str, searcher: Searcher) -> bool:
    """Whether a question that cites a § asks nothing the sources answer beside it: its words without the § and the
    law ("hva sier ?" of "Hva sier kommuneloven § 7-9?") would not be answered plainly on their own."""
    rest = without_citation(question)
    return not rest.strip(" ?!.") or searcher.search(rest, k=1).confidence != "answered"


TOPICS = 12  # sources named with a refusal: a phone screen's list; the rest are counted, and `sources` lists them


def _cited_language(cited: str, default: str) -> str:
    """The reply's language for a question no word of which tells one, citing a § in `cited`: a Danish §'s is Danish
    ("kommunestyrelsesloven § 8, stk. 2" had been answered "Dette sier kildene:" above the Danish law, "Flere treff"
    below), a Norwegian §'s the default (bokmål, whichever form the law is written in)."""
    return cited if cited and language_family(cited) != language_family(default) else default


def _own_country_below(passages: Sequence[Passage], hits: Sequence[Hit], country: str | None) -> bool:
    """Whether a card after the first is a § of `country`'s law (the asker's, the first card being the other's): the
    lead then points to it, where it had said the sources lack the asker's law ("og i Danmark?" after "hva er
    konstituerende møte" had "Kildene har ikke dette i dansk lov" above Kommuneloven § 7-1 and styrelsesloven § 6)."""
    if country is None:
        return False
    later = {p.chunk_id for p in passages[1:]}
    return any(h.chunk.id in later and is_section(h.chunk.id) and language_family(h.chunk.lang) == country
               for h in hits)


def _refusal(question: str, language: str, searcher: Searcher, unread_script: bool = False,
             absent: tuple[str, ...] = (), laws_missing: tuple[str, ...] = ()) -> Answer:
    """A reply that shows no passage, with what the sources cover: the first TOPICS sources' titles, and how many more
    there are (a maintainer's 13th document had been left out of the list without a word)."""
    sources = searcher.sources()
    searched_as = searcher.searched_as(question) if language == "en" and not unread_script else ()
    return Answer(question, language, False, topics=tuple(s.title for s in sources[:TOPICS]),
                  more_topics=max(0, len(sources) - TOPICS), other_script=unread_script, absent=absent,
                  laws_missing=laws_missing, examples_held=_examples_held(searcher, reply_language(language)),
                  searched_as=searched_as)


_EXAMPLES_HELD: weakref.WeakKeyDictionary[Searcher, dict[str, bool]] = weakref.WeakKeyDictionary()


def _examples_held(searcher: Searcher, language: str) -> bool:
    """Whether the sources answer each topic the refusal suggests in `language` (asked on its own, not refused): a
    maintainer's own documents need not hold the bundled ones'. Asked once for an index (a searcher) and language."""
    held = _EXAMPLES_HELD.setdefault(searcher, {})
    if language not in held:
        held[language] = all(searcher.search(topic, k=1).confidence != "not_covered"
                             for topic in REPHRASE_EXAMPLES[language])
    return held[language]


def _figure_shown(asked: str, passages: Sequence[Passage]) -> bool:
    """Whether a card among `passages` states a figure of the kind `asked` asks for (a time, a sum, a number), in its
    title or its quote as shown: the reply must then not say the sources do not give it."""
    return any(not amount_missing(asked, f"{p.citation.title}\n{p.quote}") for p in passages)


def answer(question: str, searcher: Searcher, top: int = 3, offset: int = 0,
           pins: PinMatcher | None = None, asker: str | None = None, focus: str | None = None) -> Answer:
    """Answer `question` from the index: the best `top` cards after `offset` (a passage each, a law §'s ledd
    one card: `cards.grouped`), or abstain.

    With `pins`, a passage a course leader pinned for this question (or a close paraphrase)
    comes first, marked `pinned`, even where the search alone would abstain.
    `asker`: the language the asker reads, where the front end knows it (the user's Telegram): the reply's own
    sentences are in it when no word of the question tells its language ("§ 14", a key mash).
    `focus`: the reply a follow-up `question` ends with (`Reading.focus`): the passages that cover its own words come
    first (`focus.focused`).
    """
    question = checked_question(question)
    if other_script(question):  # Russian, Chinese, …: told in English which languages are read, nothing searched
        return _refusal(question, "en", searcher, unread_script=True)
    # what is analysed: the question without markup, script and style bodies and web addresses (markup.py), its
    # language too; the question itself is echoed as written
    # and without a leading "Takk for svaret." or "Hei,": the thanks' words counted against every passage (smalltalk)
    # a link to a source the index holds reads as that source and its § (links.py): the bot's own citation links pasted
    typed = without_small_talk(without_markup(read_links(question, ((s.url, s.title) for s in searcher.sources()))))
    # and with "§" where a law's N-N lacks it ("kommuneloven 11-5": citations.UNSIGNED_SECTIONS), the § and its ledd
    # read as for "kommuneloven § 11-5"; a pin is matched to the question as typed, as it was pinned
    asked = searcher.signed(typed)
    language, told = language_told(asked[:MAX_QUESTION_CHARS], asker)
    # more hits than cards asked for: the ledd of one § take one card between them
    # a question that does not tell its language is of the asker's country ("§ 14" from a Danish user: its § Danish)
    result = searcher.search(asked, k=max(2 * (offset + top), cards.HORIZON) + 1, asker=asker)
    if result.cited and not told:
        language = _cited_language(result.hits[0].chunk.lang, language)
    # what the reply says in its own words: for a question in no language, the asker's, where known (an English or
    # Danish user's "§ 14" or key mash had been answered "Dette sier kildene:" or refused in bokmål, the default);
    # what is searched, and which passages are shown, do not change
    said_in = asker if asker is not None and not told else language
    pinned = pins.match(typed, searcher) if pins is not None else None
    hits, covered = result.hits, True
    if focus and not result.cited:  # a § cited by its number stays the answer
        hits, covered = focused(hits, asked, without_markup(focus), searcher, language)
    if pinned is not None:
        pin_hit = pinned[1]
        found = {h.chunk_id: h for h in hits}
        rest = () if result.abstained else tuple(h for h in hits if h.chunk_id != pin_hit.chunk_id)
        hits = (found.get(pin_hit.chunk_id, pin_hit),) + rest
    # The first reply shows its `top` passages as ranked (a right passage at rank 2 or 3 is worth
    # showing: dev3 hit@3 falls 0.824 -> 0.788 when they are cut too). Past them, "Flere treff"
    # shows a passage only while each would be shown on its own, and is judged near enough the first
    # (confidence.FURTHER_GAP), instead of running on into what only shares a word (a presenter's bio).
    all_cards = cards.grouped(hits)
    part_of: dict[str, str] = {}  # a card moved up for a part of the message: that part, by its first hit's chunk
    alone = CITED_ALONE and result.cited and pinned is None and _asks_nothing_else(asked, searcher)
    from_start = alone and cards.CITED_FROM_START and cited_ledd(asked) is None  # "§ 10-4 andre ledd" is that ledd's
    if alone:
        all_cards = [cards.section_from_start(hits, searcher)]
    else:
        # a message that asks two things: a card for each (the first stays the whole message's); a follow-up's are
        # those of the question it follows, so a reply none of whose passages covers its own words shows that
        # question's cards as they were shown
        said = (focus or "").strip()
        earlier = asked if not said else asked[:-len(said)].rstrip() if asked.endswith(said) else None
        if pinned is None and earlier and not result.cited and not result.abstained:
            all_cards, part_of = parts_shown(all_cards, earlier, searcher, top)
        relevant = searcher.on_topic(language, result.terms, [card[0] for card in all_cards[top:]],
                                     first=all_cards[0][0] if all_cards else None)
        all_cards = all_cards[:top + (relevant.index(False) if False in relevant else len(relevant))]
    if result.abstained and pinned is None:
        return _refusal(question, said_in, searcher,
                        absent=result.evidence.absent if result.evidence is not None else (),
                        laws_missing=result.evidence.laws_missing if result.evidence is not None else ())
    sources = {s.id: s for s in searcher.sources()}
    matches = term_matcher(searcher.word_terms, result.terms, asked)
    # a question that asks for a figure is quoted by a sentence that states one (quote.FIGURE_WEIGHT)
    states = (lambda sentence: not amount_missing(asked, sentence)) if amount_missing(asked, "") else None
    # a lone later ledd takes its §'s first only in the cards shown: the lookup is not made for those cut or paged past
    # a course leader's pin is shown as pinned, never swapped for the ledd the question cites
    passages = [_card(rank, (None if rank == 1 and pinned is not None else
                             cards.asked_ledd(card, part_of.get(card[0].chunk_id, asked), searcher))
                      or cards.from_the_start(card, searcher), part_of.get(card[0].chunk_id, asked), searcher,
                      matches, sources,
                      pinned=rank == 1 and pinned is not None, cited=rank == 1 and result.cited and pinned is None,
                      states=states, from_start=rank == 1 and from_start, first_card=rank == offset + 1)
                for rank, card in enumerate(all_cards[offset:offset + top], start=offset + 1)]
    missing = pinned is None and result.evidence is not None and result.evidence.amount_missing
    later = False
    if missing and FIGURE_SHOWN and passages and offset == 0 and _figure_shown(asked, passages[:1]):
        # the notice is not said over a first card that states a figure; the hedge stays: the best ledd lacking it,
        # taken back as a strike, answered "What's the deadline for submitting an interpellation?" plainly by § 7-1's
        # time for the constituent meeting
        missing = False
    elif missing and FIGURE_ANY_CARD and _figure_shown(asked, passages[1:] if offset == 0 else passages):
        later = True  # said, and that a card below gives a figure of the kind: whether it is the one asked, the reader
    return Answer(question, said_in, True, tuple(passages), offset,
                  more=len(all_cards) > offset + top,
                  # a course leader vouches; a follow-up whose own words no passage covers together with the earlier
                  # question is not answered plainly: "og hvis ordføreren er syk?" after an answer on the formannskap
                  # had "Dette sier kildene:" above §§ that say nothing of illness (FOLLOW_UP_HEDGED)
                  confidence="answered" if pinned is not None else
                  "uncertain" if FOLLOW_UP_HEDGED and not covered and result.confidence == "answered" else
                  result.confidence,
                  amount_missing=missing, figure_later=later,
                  absent=result.evidence.absent if pinned is None and result.evidence is not None else (),
                  laws_missing=result.evidence.laws_missing if pinned is None and result.evidence is not None else (),
                  other_country=result.evidence.other_country if pinned is None and result.evidence is not None
                  else None,
                  own_country_below=pinned is None and result.evidence is not None and
                  _own_country_below(passages, hits, result.evidence.other_country),
                  # a § first in a close race, or one the § line doubts: which § answers is for the reader to check
                  contested=pinned is None and result.evidence is not None and
                  (contested(result.evidence) or doubted(result.evidence)), focus=focus)
