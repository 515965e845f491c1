"""A reply's cards: which hits make each (a law §'s ledd together, in the law's order) and what of each it shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.answer.quote import QUOTE_CHARS, SentenceScore, quoted_blocks, select_quote, semantic_scorer, whole_chars
from bot.corpus.lawtext import LEDD_JOIN, is_section, part_name, part_range, parts_name, without_link_spaces
from bot.search.citations import cited_ledd, cited_numbers, section_number
from bot.search.retriever import Hit, Searcher

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
# A ledd's sentences are scored by the question written for that ledd nearest the asked one too, beside the asked
# question's own cosines (quote.semantic_scorer's `written`, at quote.WRITTEN_WEIGHT): the written questions say in an
# asker's words what a passage answers, and the one nearest the asked question tells which of its sentences answer
# where the asked question's cosines with them nearly tie (a ledd's sentences share its words and subject). Off:
# benchmarks.answers --without "sentences by written questions".
SENTENCES_ASKED = True
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
# A § the question cites by its number and shows alone (compose.CITED_ALONE) is quoted from its start: its first part
# by its first sentences, not by the sentence nearest in tone to a question that holds no word of it ("Hva sier
# arbeidsmiljøloven § 10-4?" began at "(2) For arbeid som …", its rule "(1) Den alminnelige arbeidstid …" left out
# though the citation said "første til fjerde ledd"; 18 of the pack's 50 first parts too long to show whole had been
# quoted so), and the card holds that first part wherever it ranked.
# No dev or blind law set's score moves. Off: benchmarks/answers.py --without "cited from start".
CITED_FROM_START = True
# A ledd asked for by its number inside a part that holds a run of ledd ("koml 11-5 første ledd", whose part is
# "første til andre ledd") is quoted alone, as a ledd that is a part of its own is: a re-checker got both ledd,
# cited "første til andre ledd", for the first. Only where the part's paragraphs are its ledd one for one. Off:
# benchmarks/answers.py --without "cited ledd alone".
CITED_LEDD_ALONE = True


@dataclass(frozen=True)
class Part:
    """One of a card's passages as quoted: the hit, its quote as shown, the location of what it shows, and the ledd
    (1-based) it shows a sentence of (none where they cannot be told)."""

    hit: Hit
    text: str
    at: str
    ledd: tuple[int, ...]


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


def quoted_parts(card: tuple[Hit, ...], asked: str, searcher: Searcher, matches: Callable[[str], bool],
                 states: Callable[[str], bool] | None = None, from_start: bool = False,
                 first_card: bool = True) -> list[Part]:
    """A card's parts as shown: the quote of each of its ledd in the law's order, within the card's length (CARD_CHARS)
    (`states`: whether a sentence states the figure the question asks for, None when it asks none; `from_start`: the
    card of a § asked for alone, its first part quoted from its first sentence; `first_card`: the reply's first, read
    whole)."""
    best = card[0]
    cosines = {hit.chunk_id: searcher.sentence_cosines(asked, hit) for hit in card}
    written: dict[str, dict[str, float]] = {}  # each ledd's sentences' cosines with its nearest written question
    short: set[str] = set()  # the ledd quoted by their sentences, for the card's length (CARD_CHARS)

    def scorer(hit: Hit) -> SentenceScore | None:
        """The hit's sentences scored by their meaning: the question's cosines with them, and (SENTENCES_ASKED) those
        of the question written for the hit nearest the asked one."""
        if hit.chunk_id not in cosines:  # a ledd read from the index for a gap (LEDD_BETWEEN)
            cosines[hit.chunk_id] = searcher.sentence_cosines(asked, hit)
        if SENTENCES_ASKED and hit.chunk_id not in written:
            written[hit.chunk_id] = searcher.written_sentence_cosines(asked, hit)
        return semantic_scorer(cosines[hit.chunk_id], written=written.get(hit.chunk_id))

    def quoted(hit: Hit, blocks: frozenset[int] = frozenset()) -> Part:
        """The hit's quote as shown, the location of what it shows, and the ledd it shows (`blocks`: those of its
        blank-line blocks shown whole beside what is chosen)."""
        first = from_start and (part_range(hit.location) or (0, 0))[0] == 1
        chosen = select_quote(hit.text, matches, limit=QUOTE_CHARS,
                              whole=0 if hit.chunk_id in short else whole_chars(hit.location, hit.chunk_id, hit.text),
                              sentence_score=scorer(hit),
                              rule_first=is_section(hit.chunk_id), states=states, from_start=first, blocks=blocks)
        return Part(hit, _shown(hit, chosen), _ledd_shown(hit, chosen), _ledd_numbers(hit, chosen)[0])

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
    return parts


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


def _without_tail(parts: list[Part], best: Hit) -> list[Part]:
    """A card's parts without those after its best ledd, the last first, while it runs past CARD_CHARS
    (LATER_CARD_TAIL)."""
    top = max(next((part.ledd for part in parts if part.hit is best), ()) or (0,))
    out = list(parts)
    for part in reversed(parts):
        if len(LEDD_JOIN.join(p.text for p in out)) <= CARD_CHARS or not part.ledd or min(part.ledd) <= top:
            break
        out.remove(part)
    return out


def _between_shown(parts: list[Part], quoted: Callable[[Hit, frozenset[int]], Part],
                   searcher: Searcher) -> list[Part]:
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
    added: list[Part] = []
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


def section_from_start(hits: Sequence[Hit], searcher: Searcher) -> tuple[Hit, ...]:
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


def _shown(hit: Hit, quote: str) -> str:
    """A quote as the reader sees it: a law § without the spaces Lovdata's data leaves where a link ended."""
    return without_link_spaces(quote) if LINK_SPACES_OUT and is_section(hit.chunk_id) else quote
