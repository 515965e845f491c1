"""The answer function: question in, quoted and cited passages (or a plain 'not covered') out."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.analysis import detect_language
from bot.analysis.amounts import amount_missing
from bot.analysis.language import other_script
from bot.answer.markup import without_markup
from bot.answer.model import Answer, Citation, Passage
from bot.answer.pins import PinMatcher
from bot.answer.quote import (
    QUOTE_CHARS,
    highlight_spans,
    quoted_blocks,
    select_quote,
    semantic_scorer,
    term_matcher,
    whole_chars,
)
from bot.answer.smalltalk import without_small_talk
from bot.corpus.lawtext import LEDD_JOIN, is_section, part_name, part_range, parts_name, without_link_spaces
from bot.corpus.records import SourceRecord
from bot.errors import QuestionError
from bot.search.citations import cited_ledd, cited_numbers, section_number, without_citation
from bot.search.confidence import contested
from bot.search.retriever import Hit, Searcher

MAX_QUESTION_CHARS = 2000
# A law's § split at its ledd could fill every card with one § ("Hva er formannskapet?" showed § 5-6
# three times, a ledd each, and the ledd that defines it last). The ledd of one § among the passages
# are one card, at its best ledd's place, each quoted as it would be alone, in the law's order; the
# places they free go to other passages.
LEDD_TOGETHER = True
MAX_LEDD = 3  # ledd in one card, so it stays a phone's screen or two
# A card's ledd with a gap between them ("stk. 1 og 3-6") take the ledd between too, where it ranks among the
# first HORIZON hits: a § is read in order, and the ledd left out was sometimes the one that answers.
# Off: benchmarks/answers.py --without "gaps closed".
GAPS_CLOSED = True
# ... only where those hits fill the gap whole: a gap closed in part left the card with a gap still, and only longer
# (kommuneloven § 7-1's card of "første til fjerde ledd og sjette til sjuende ledd", 2,000 characters, for "What happens
# if I stop showing up to kommunestyret meetings?"). Since 0.4.40; off: benchmarks.answers --without "whole gaps".
WHOLE_GAPS = True
# ... and a card of several ledd whose first is not its §'s takes the ledd before it, from the first, where they rank
# among those hits and fill that gap whole: a § states its rule in its first ledd, and kommuneloven § 11-13's card for
# "Kan jeg få innsyn i saksdokumenter …?" read from the second ledd, the right to see every document, ranked eighth,
# left out. Since 0.4.40; off: benchmarks.answers --without "ranked first ledd".
RANKED_FIRST = True
# A card never hides the ledd between two it shows when those ledd are short: at most half a quote together
# (LEDD_BETWEEN_CHARS, a few lines on a phone). Its part quoted by another sentence, kommunestyrelsesloven § 16 b's card
# showed "stk. 1-2 og 4-5" without stk. 3 (150 characters), the exception ("afgørende hensyn til arbejdets varetagelse")
# that "Can my employer refuse …?" asks for. A ledd no part of the card holds is read from the index. A longer gap is
# left to the citation, which names the ledd shown: at 300 characters a reply's p95 grew by 50 for no answer more.
# Since 0.4.40; off: benchmarks.answers --without "ledd between".
LEDD_BETWEEN = True
LEDD_BETWEEN_CHARS = QUOTE_CHARS // 2
# A § card of one later ledd takes its §'s first ledd, wherever it ranks: a § states its rule, or what it is about,
# in its first ledd, and a lone later ledd left out what three of the law's questions asked. Cards of several
# ledd stay as they are: given the first ledd too, a reply held 9 % more text, not 7 %, for one hedged answer more
# (benchmarks/README.md, "A § card read in order"). Off: benchmarks/answers.py --without "first ledd".
FIRST_LEDD = True
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
# A law card cites the ledd its quote shows: kommunestyrelsesloven § 16 b's card said "stk. 1-6" with stk. 3, the
# answer to "can my employer refuse", cut (0.4.35). Off: benchmarks/answers.py --without "ledd quoted".
LEDD_QUOTED = True
# Only a ledd among the first HORIZON hits joins its § card, so a card is the same whatever the number of
# passages asked (`top`, a page of "more"); a later ledd of a § already shown is left to the card's link.
# 20, not 10: the ledd that answers often ranks below ten other passages while its § is shown for another
# ("Må kommunen ha et partssammensatt utvalg …?" found § 5-11 by its second ledd, the rule in the first
# at 14th); the law's questions gain three answers shown first and plainly, none lost, 30 adds nothing, and a
# reply shows about 6 % more text (benchmarks/README.md, "A § card's ledd from the first 20 hits").
HORIZON = 20
# A card of several ledd longer than this quotes the ledd other than the one that ranked by their sentences, as prose
# is quoted (at most QUOTE_CHARS each, not whole up to SECTION_CHARS), that one as it would be alone:
# kommunestyrelsesloven § 16's card of four parts ran to 2,800 characters, four phone screens (0.4.34). Each quoted by
# its best sentence alone (240 characters), three law questions lost the answer a later ledd held. 0: off
# (benchmarks.answers --without "card budget").
CARD_CHARS = 1200
# A reply fits a phone: a card below the first still longer than CARD_CHARS leaves out the ledd after its best, the
# last first, while it is (never its best nor those before it, read in order from the §'s start). Telegram shows the
# first card open and the others collapsed below it: the first is the answer, read whole; the others say where else to
# look. Three cards of several ledd had run a reply past one Telegram message (4,096 characters). Dropped from the first
# card too, the ledd after the best held the answer of a law question (blind law 5's Q46, forvaltningsloven § 6's
# second ledd): not taken there. Since 0.4.40; off: benchmarks.answers --without "later card tail".
LATER_CARD_TAIL = True
# A § is quoted without the spaces Lovdata's data leaves where a link ended ("etter § 13 ."): since 0.4.27; off only
# for the measurement (benchmarks.quote_cuts).
LINK_SPACES_OUT = True
# A § the question cites by its number stands alone, from its first part, when what else the question asks would not
# be answered plainly on its own ("Hva sier kommuneloven § 7-9?" went on to § 24-7 and § 9-10, which share only its
# numbers' tone); off: benchmarks/answers.py --without "cited alone".
CITED_ALONE = True
# Such a § is quoted from its start: its first part by its first sentences, not by the sentence nearest in tone to a
# question that holds no word of it ("Hva sier arbeidsmiljøloven § 10-4?" began at "(2) For arbeid som …", its rule
# "(1) Den alminnelige arbeidstid …" left out though the citation said "første til fjerde ledd"; 18 of the pack's 50
# first parts too long to show whole had been quoted so), and the card holds that first part wherever it ranked.
# No dev or blind law set's score moves. Off: benchmarks/answers.py --without "cited from start".
CITED_FROM_START = True
# A ledd asked for by its number inside a part that holds a run of ledd ("koml 11-5 første ledd", whose part is
# "første til andre ledd") is quoted alone, as a ledd that is a part of its own is: a re-checker got both ledd,
# cited "første til andre ledd", for the first. Only where the part's paragraphs are its ledd one for one. Off:
# benchmarks/answers.py --without "cited ledd alone".
CITED_LEDD_ALONE = True


@dataclass(frozen=True)
class _Part:
    """One of a card's passages as quoted: the hit, its quote as shown, the location of what it shows, and the ledd
    (1-based) it shows a sentence of (none where they cannot be told)."""

    hit: Hit
    text: str
    at: str
    ledd: tuple[int, ...]


def citation_of(source: SourceRecord) -> Citation:
    """A whole source as a citation (the /kilder list)."""
    return Citation(source_id=source.id, title=source.title or source.id, publisher=source.publisher or "",
                    date=source.date or "", url=source.url)


def _citation(hit: Hit, sources: dict[str, SourceRecord]) -> Citation:
    source = sources.get(hit.source_id)
    title = hit.title or (source.title if source else "")
    return Citation(source_id=hit.cite_id, title=title,
                    location=_without_title(hit.location, title), publisher=(source.publisher if source else "") or "",
                    date=(source.date if source else "") or "",
                    url=hit.url or (source.url if source else None))


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
    """`question` with its white space tidied; QuestionError when it is empty or too long (nothing searched)."""
    question = " ".join(question.replace("\x00", " ").split())
    if not any(ch.isalnum() for ch in question):
        raise QuestionError("the question is empty", hint="ask e.g.: Hva er rådmannens ansvar?", key="empty")
    # The analyzer works on the NFKC form, which can be 18 times longer (U+FDFA): bound that.
    size = len(question) if len(question) > MAX_QUESTION_CHARS else len(unicodedata.normalize("NFKC", question))
    if size > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is too long ({size} characters; at most "
                            f"{MAX_QUESTION_CHARS})", hint="ask one short question at a time",
                            key="too_long", language=detect_language(without_markup(question[:MAX_QUESTION_CHARS])),
                            n=size, limit=MAX_QUESTION_CHARS)
    return question


def grouped(hits: Sequence[Hit]) -> list[tuple[Hit, ...]]:
    """The hits as cards, best first: the ledd of one law § (`Hit.section`) together at its best ledd's place,
    those among the first HORIZON hits and at most MAX_LEDD of them (the rest left out: the § once, however
    many of its ledd rank), and past MAX_LEDD a ledd that closes a gap between them (`_gaps_closed`); every
    other hit a card of its own."""
    cards: list[list[Hit]] = []
    place: dict[tuple[str, str], int] = {}
    left: dict[int, list[Hit]] = {}  # by card: its § ledd among the first HORIZON hits past MAX_LEDD
    for n, hit in enumerate(hits):
        key = hit.section if LEDD_TOGETHER else None
        if key is not None and key in place:
            if n < HORIZON and len(cards[place[key]]) < MAX_LEDD:
                cards[place[key]].append(hit)
            elif n < HORIZON:
                left.setdefault(place[key], []).append(hit)
            continue
        if key is not None:
            place[key] = len(cards)
        cards.append([hit])
    return [tuple(_gaps_closed(card, left.get(i, []))) for i, card in enumerate(cards)]


def _gaps_closed(card: list[Hit], rest: list[Hit]) -> list[Hit]:
    """`card` with those of `rest` that close a gap between two of its ledd, "stk. 1 og 3-6" read as the law is, "stk.
    1-6", and (`RANKED_FIRST`) those before its first from its §'s first ledd on; a gap is closed only where `rest`
    fills it whole (`WHOLE_GAPS`). A ledd past the card's last stays out."""
    if not GAPS_CLOSED or not rest or len(card) < 2:
        return card
    ranges = [part_range(hit.location) for hit in card]
    if any(r is None for r in ranges):
        return card
    spans = sorted(r for r in ranges if r)
    gaps = [(a[1] + 1, b[0] - 1) for a, b in zip(spans, spans[1:], strict=False) if b[0] > a[1] + 1]
    if RANKED_FIRST and spans[0][0] > 1:
        gaps.insert(0, (1, spans[0][0] - 1))
    out = list(card)
    for low, high in gaps:
        inside = [(hit, r) for hit in rest if (r := part_range(hit.location)) is not None and low <= r[0]
                  and r[1] <= high]
        filled = {n for _, r in inside for n in range(r[0], r[1] + 1)}
        if not WHOLE_GAPS or filled >= set(range(low, high + 1)):
            out += [hit for hit, _ in inside]
    return out


def asked_ledd(card: tuple[Hit, ...], asked: str, searcher: Searcher) -> tuple[Hit, ...] | None:
    """The card of the § the question cites as the ledd it cites alone ("§ 16 stk. 3" is stk. 3, not stk. 3-14, and
    not with stk. 1 put before it); None for any other card, or a ledd the § does not have."""
    ledd = cited_ledd(asked)
    if ledd is None or card[0].section is None:
        return None
    number = section_number(card[0].chunk_id)
    # a § of a law the index lacks ("plan- og bygningsloven § 12-1 andre ledd") is no card's of that number
    if number is None or not any(number in cited for cited in cited_numbers(searcher.searched(asked))):
        return None
    held = next((hit for hit in card if (span := part_range(hit.location)) and span[0] <= ledd <= span[1]), None)
    if held is not None:
        return (_ledd_alone(held, ledd),)
    found = searcher.part_with(card[0].docno, ledd)
    return None if found is None else (_ledd_alone(Hit(found[0], found[1], card[0].score), ledd),)


def _ledd_alone(hit: Hit, ledd: int) -> Hit:
    """`hit` narrowed to its `ledd` where it holds a run of ledd, one paragraph each (`CITED_LEDD_ALONE`); as it is
    otherwise. The chunk keeps its id: a mark or pin on the card is on the part it came from."""
    return (_one_ledd(hit, ledd) or hit) if CITED_LEDD_ALONE else hit


def _one_ledd(hit: Hit, ledd: int) -> Hit | None:
    """`hit` narrowed to its `ledd` (itself where it is that ledd alone); None where it does not hold it as a paragraph
    of its own (a ledd of several paragraphs, or a part cut inside a ledd: which paragraph is which is unknown)."""
    span = part_range(hit.location)
    text = _ledd_texts(hit).get(ledd)
    if span is None or text is None:
        return None
    if span[0] == span[1]:
        return hit
    return replace(hit, chunk=replace(hit.chunk, text=text, location=part_name(hit.chunk.lang, ledd, ledd)))


def _ledd_texts(hit: Hit) -> dict[int, str]:
    """The text of each ledd a law's passage holds, by its number; none where its paragraphs are not its ledd one for
    one."""
    paragraphs = hit.chunk.text.split(LEDD_JOIN)
    first, last = part_range(hit.location) or ((1, len(paragraphs)) if not hit.location else (0, -1))
    return {first + k: text for k, text in enumerate(paragraphs)} if last - first + 1 == len(paragraphs) else {}


def from_the_start(card: tuple[Hit, ...], searcher: Searcher) -> tuple[Hit, ...]:
    """A § card of one ledd, not its §'s first, takes the first too, wherever that ranks: the card then reads from
    where the § begins. Any other card as it is (one of several ledd has their context already)."""
    if not FIRST_LEDD or card[0].section is None or len(card) > 1:
        return card
    span = part_range(card[0].location)
    if span is None or span[0] == 1:
        return card
    first = searcher.first_part(card[0].docno)
    if first is None:
        return card
    docno, chunk = first
    # the card's score and citation are its best ledd's; this one is only quoted, in the law's order
    return (*card, Hit(docno, chunk, card[0].score))


def _in_order(card: tuple[Hit, ...]) -> list[Hit]:
    """A card's ledd in the law's order (by the ledd their locations name); a lone hit as it is."""
    return sorted(card, key=lambda hit: part_range(hit.location) or (0, 0)) if len(card) > 1 else list(card)


def _card(rank: int, card: tuple[Hit, ...], asked: str, searcher: Searcher, matches: Callable[[str], bool],
          sources: dict[str, SourceRecord], pinned: bool, cited: bool = False,
          states: Callable[[str], bool] | None = None, from_start: bool = False, first_card: bool = True) -> Passage:
    """One card: its best hit's score, citation and id; the quote of each of its ledd in the law's order (`states`:
    whether a sentence states the figure the question asks for, None when it asks none; `from_start`: the card of a
    § asked for alone, its first part quoted from its first sentence; `first_card`: the reply's first, read whole)."""
    best = card[0]
    cosines = {hit.chunk_id: searcher.sentence_cosines(asked, hit) for hit in card}
    short: set[str] = set()  # the ledd quoted by their sentences, for the card's length (CARD_CHARS)

    def quoted(hit: Hit, blocks: frozenset[int] = frozenset()) -> _Part:
        """The hit's quote as shown, the location of what it shows, and the ledd it shows (`blocks`: those of its
        blank-line blocks shown whole beside what is chosen)."""
        first = from_start and (part_range(hit.location) or (0, 0))[0] == 1
        chosen = select_quote(hit.text, matches, limit=QUOTE_CHARS,
                              whole=0 if hit.chunk_id in short else whole_chars(hit.location, hit.chunk_id, hit.text),
                              sentence_score=semantic_scorer(cosines[hit.chunk_id] if hit.chunk_id in cosines
                                                             else searcher.sentence_cosines(asked, hit)),
                              rule_first=is_section(hit.chunk_id), states=states, from_start=first, blocks=blocks)
        return _Part(hit, _shown(hit, chosen), _ledd_shown(hit, chosen), _ledd_numbers(hit, chosen)[0])

    def length() -> int:
        return len(LEDD_JOIN.join(part.text for part in parts))

    parts = [quoted(hit) for hit in _in_order(card)]
    if CARD_CHARS and len(parts) > 1 and length() > CARD_CHARS:
        # a phone's screen or two: the ledd that ranked is quoted as it is, the others by their sentences
        short.update(hit.chunk_id for hit in card if hit is not best)
        parts = [part if part.hit is best else quoted(part.hit) for part in parts]
    if LATER_CARD_TAIL and not first_card and CARD_CHARS and length() > CARD_CHARS:
        parts = _without_tail(parts, best)
    if LEDD_BETWEEN:
        parts = _between_shown(parts, quoted, searcher)
    quote = "\n\n".join(part.text for part in parts)
    citation = _citation(best, sources)
    locations = [part.at for part in parts]
    if len(card) > 1 or locations != [best.location]:
        citation = replace(citation, location=parts_name(best.chunk.lang, locations))
    return Passage(rank, round(best.score, 4), quote, citation, best.chunk_id, highlight_spans(quote, matches),
                   pinned=pinned, cited=cited)


def _ledd_numbers(hit: Hit, quote: str) -> tuple[tuple[int, ...], int]:
    """The ledd (1-based) of a law's passage that `quote` shows a sentence of, and how many ledd it has; no ledd where
    they cannot be told from its text (or it is no law's)."""
    if not is_section(hit.chunk_id):
        return (), 0
    count, shown = quoted_blocks(hit.text, quote)
    first, last = part_range(hit.location) or ((1, count) if not hit.location else (0, -1))
    if not shown or last - first + 1 != count:
        return (), count
    return tuple(first + b for b in shown), count


def _ledd_shown(hit: Hit, quote: str) -> str:
    """The location of the ledd of a law's passage that `quote` shows a sentence of: its own where it shows them all
    (or is no law's, or its ledd cannot be told from its text)."""
    numbers, count = _ledd_numbers(hit, quote)
    if not LEDD_QUOTED or not numbers or len(numbers) == count:
        return hit.location
    return parts_name(hit.chunk.lang, [part_name(hit.chunk.lang, n, n) for n in numbers])


def _without_tail(parts: list[_Part], best: Hit) -> list[_Part]:
    """A card's parts without those after its best ledd, the last first, while it runs past CARD_CHARS
    (LATER_CARD_TAIL)."""
    top = max(next((part.ledd for part in parts if part.hit is best), ()) or (0,))
    out = list(parts)
    for part in reversed(parts):
        if len(LEDD_JOIN.join(p.text for p in out)) <= CARD_CHARS or not part.ledd or min(part.ledd) <= top:
            break
        out.remove(part)
    return out


def _between_shown(parts: list[_Part], quoted: Callable[[Hit, frozenset[int]], _Part],
                   searcher: Searcher) -> list[_Part]:
    """A card's parts with the ledd between two it shows, where together they are short (LEDD_BETWEEN_CHARS): a part's
    ledd its quote left out quoted beside what it shows, a ledd no part of the card holds read from the index."""
    shown = {n for part in parts for n in part.ledd}
    if len(shown) < 2 or any(not part.ledd for part in parts):
        return parts
    held = {n: (k, text) for k, part in enumerate(parts) for n, text in _ledd_texts(part.hit).items()}
    hidden = sorted(set(range(min(shown), max(shown) + 1)) - shown)
    gaps: list[list[int]] = []
    for n in hidden:  # runs of hidden ledd: each shown whole or not at all
        if gaps and gaps[-1][-1] == n - 1:
            gaps[-1].append(n)
        else:
            gaps.append([n])
    blocks: dict[int, set[int]] = {}  # by part's place: its blocks to show beside its quote
    added: list[_Part] = []
    for gap in gaps:
        texts, fetched = [], []
        for n in gap:
            if n in held:
                texts.append(held[n][1])
                continue
            found = searcher.part_with(parts[0].hit.docno, n)
            one = _one_ledd(Hit(found[0], found[1], parts[0].hit.score), n) if found is not None else None
            if one is None:
                break
            texts.append(one.text)
            fetched.append(one)
        else:
            if sum(len(text) for text in texts) <= LEDD_BETWEEN_CHARS:
                for n in gap:
                    if n in held:
                        k = held[n][0]
                        blocks.setdefault(k, set()).add(n - min(_ledd_texts(parts[k].hit)))
                added += [quoted(hit, frozenset()) for hit in fetched]
    out = [quoted(part.hit, frozenset(blocks[k])) if k in blocks else part for k, part in enumerate(parts)]
    return sorted(out + added, key=lambda part: min(part.ledd) if part.ledd else 0)


def _section_from_start(hits: Sequence[Hit], searcher: Searcher) -> tuple[Hit, ...]:
    """The card of a § asked for alone: its parts from its first (read from the index where the search did not rank
    it), in the law's order, at most MAX_LEDD (the search ranks them by the question's numbers and tone, and "Hva sier
    styrelsesloven § 16?" was shown from stk. 3)."""
    key = hits[0].section
    if key is None:
        return (hits[0],)
    parts = sorted((hit for hit in hits if hit.section == key), key=lambda hit: part_range(hit.location) or (0, 0))
    if CITED_FROM_START and (part_range(parts[0].location) or (1, 1))[0] != 1:
        first = searcher.first_part(parts[0].docno)
        if first is not None:  # its score is the card's best ledd's; it is only quoted, first
            parts.insert(0, Hit(first[0], first[1], hits[0].score))
    return tuple(parts[:MAX_LEDD])


def _asks_nothing_else(question: str, searcher: Searcher) -> bool:
    """Whether a question that cites a § asks nothing the sources answer beside it: its words without the § and the
    law ("hva sier ?" of "Hva sier kommuneloven § 7-9?") would not be answered plainly on their own."""
    rest = without_citation(question)
    return not rest.strip(" ?!.") or searcher.search(rest, k=1).confidence != "answered"


TOPICS = 12  # sources named with a refusal: a phone screen's list; the rest are counted, and `sources` lists them


def _refusal(question: str, language: str, searcher: Searcher, unread_script: bool = False,
             absent: tuple[str, ...] = (), laws_missing: tuple[str, ...] = ()) -> Answer:
    """A reply that shows no passage, with what the sources cover: the first TOPICS sources' titles, and how many more
    there are (a maintainer's 13th document had been left out of the list without a word)."""
    sources = searcher.sources()
    return Answer(question, language, False, topics=tuple(s.title for s in sources[:TOPICS]),
                  more_topics=max(0, len(sources) - TOPICS), other_script=unread_script, absent=absent,
                  laws_missing=laws_missing)


def _figure_shown(asked: str, passages: Sequence[Passage]) -> bool:
    """Whether a card among `passages` states a figure of the kind `asked` asks for (a time, a sum, a number), in its
    title or its quote as shown: the reply must then not say the sources do not give it."""
    return any(not amount_missing(asked, f"{p.citation.title}\n{p.quote}") for p in passages)


def _shown(hit: Hit, quote: str) -> str:
    """A quote as the reader sees it: a law § without the spaces Lovdata's data leaves where a link ended."""
    return without_link_spaces(quote) if LINK_SPACES_OUT and is_section(hit.chunk_id) else quote


def answer(question: str, searcher: Searcher, top: int = 3, offset: int = 0,
           pins: PinMatcher | None = None) -> Answer:
    """Answer `question` from the index: the best `top` cards after `offset` (a passage each, a law §'s ledd
    one card: `grouped`), or abstain.

    With `pins`, a passage a course leader pinned for this question (or a close paraphrase)
    comes first, marked `pinned`, even where the search alone would abstain.
    """
    question = checked_question(question)
    if other_script(question):  # Russian, Chinese, …: told in English which languages are read, nothing searched
        return _refusal(question, "en", searcher, unread_script=True)
    # what is analysed: the question without markup, script and style bodies and web addresses (markup.py), its
    # language too; the question itself is echoed as written
    # and without a leading "Takk for svaret." or "Hei,": the thanks' words counted against every passage (smalltalk)
    typed = without_small_talk(without_markup(question))
    # and with "§" where a law's N-N lacks it ("kommuneloven 11-5": citations.UNSIGNED_SECTIONS), the § and its ledd
    # read as for "kommuneloven § 11-5"; a pin is matched to the question as typed, as it was pinned
    asked = searcher.signed(typed)
    language = detect_language(asked[:MAX_QUESTION_CHARS])
    # more hits than cards asked for: the ledd of one § take one card between them
    result = searcher.search(asked, k=max(2 * (offset + top), HORIZON) + 1)
    pinned = pins.match(typed, searcher) if pins is not None else None
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
    cards = grouped(hits)
    alone = CITED_ALONE and result.cited and pinned is None and _asks_nothing_else(asked, searcher)
    from_start = alone and CITED_FROM_START and cited_ledd(asked) is None  # "§ 10-4 andre ledd" is that ledd's
    if alone:
        cards = [_section_from_start(hits, searcher)]
    else:
        relevant = searcher.on_topic(language, result.terms, [card[0] for card in cards[top:]])
        cards = cards[:top + (relevant.index(False) if False in relevant else len(relevant))]
    if result.abstained and pinned is None:
        return _refusal(question, language, searcher,
                        absent=result.evidence.absent if result.evidence is not None else (),
                        laws_missing=result.evidence.laws_missing if result.evidence is not None else ())
    sources = {s.id: s for s in searcher.sources()}
    matches = term_matcher(searcher.word_terms, result.terms, asked)
    # a question that asks for a figure is quoted by a sentence that states one (quote.FIGURE_WEIGHT)
    states = (lambda sentence: not amount_missing(asked, sentence)) if amount_missing(asked, "") else None
    # a lone later ledd takes its §'s first only in the cards shown: the lookup is not made for those cut or paged past
    # a course leader's pin is shown as pinned, never swapped for the ledd the question cites
    passages = [_card(rank, (None if rank == 1 and pinned is not None else asked_ledd(card, asked, searcher))
                      or from_the_start(card, searcher), asked, searcher, matches, sources,
                      pinned=rank == 1 and pinned is not None, cited=rank == 1 and result.cited and pinned is None,
                      states=states, from_start=rank == 1 and from_start, first_card=rank == offset + 1)
                for rank, card in enumerate(cards[offset:offset + top], start=offset + 1)]
    missing = pinned is None and result.evidence is not None and result.evidence.amount_missing
    later = False
    if missing and FIGURE_SHOWN and passages and offset == 0 and _figure_shown(asked, passages[:1]):
        # the notice is not said over a first card that states a figure; the hedge stays: the best ledd lacking it,
        # taken back as a strike, answered "What's the deadline for submitting an interpellation?" plainly by § 7-1's
        # time for the constituent meeting
        missing = False
    elif missing and FIGURE_ANY_CARD and _figure_shown(asked, passages[1:] if offset == 0 else passages):
        later = True  # said, and that a card below gives a figure of the kind: whether it is the one asked, the reader
    return Answer(question, language, True, tuple(passages), offset,
                  more=len(cards) > offset + top,
                  confidence="answered" if pinned is not None else result.confidence,  # a course leader vouches
                  amount_missing=missing, figure_later=later,
                  absent=result.evidence.absent if pinned is None and result.evidence is not None else (),
                  laws_missing=result.evidence.laws_missing if pinned is None and result.evidence is not None else (),
                  contested=pinned is None and result.evidence is not None and contested(result.evidence))
