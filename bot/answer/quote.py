"""Choosing what of a chunk to quote (where the answer is), and which words in it to highlight."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.corpus.chunking import BULLET, SLIDE_WORD, list_lines, split_sentences, whole_sentences
from bot.corpus.lawtext import LONG_SECTION_CHARS, is_section

QUOTE_CHARS = 420   # about a phone screen with the citation
SLIDE_CHARS = 800   # a slide is short by nature (a chunk's cap): shown whole up to this
# A law's § (or run of ledd) is quoted whole up to the size the chunker keeps a § whole: a rule cut
# at 420 characters loses what follows it, often the exception or the answer ("På seminarer kan der
# ikke træffes beslutninger", the third stk. of a 469-character §). benchmarks/lawpack.py measures it.
SECTION_CHARS = LONG_SECTION_CHARS
MIN_STEM = 4        # a shorter term ("led", "råd") is a highlight only when the question word is that short
MAX_MARKS = 2       # each distinct word is highlighted at most this often in one quote
# The best sentence by meaning weighs as much as the best by words (1.0): it decides between sentences
# holding as many question words, and overrules a sentence that holds one word more only where the
# meaning is clearly elsewhere. 0.5 until 0.4.22; 1.5 and 2.0 cost more answers than they bring
# (benchmarks/README.md, "Quotes that keep the answer (0.4.22)").
SEMANTIC_WEIGHT = 1.0
# A paragraph's (or a law's ledd's) first sentence goes with a later sentence of it that is quoted, as a
# lead-in ending in ":" does, where it holds a question term that sentence lacks and both fit: the
# opener says what the paragraph is about, often the very answer ("En forutsetning for å være med er
# … god lokal forankring", before the sentence that names the kommune). Off only for ablation rows.
PARAGRAPH_OPENERS = True
# A law's ledd states its rule in its first sentence, so a later sentence of it that is quoted goes with that one
# wherever both fit, whether it holds a question term or not (`rule_first`): "Hvis antall varamedlemmer … blir for
# lavt, kan kommunestyret … velge ett eller flere … varamedlemmer" before the sentence naming the suppleringsvalg.
# Since 0.4.26; off only for ablation rows (benchmarks.answers --without "ledd openers").
LEDD_OPENERS = True
# Where no neighbour of the quote fits because it must take its ledd's first sentence along (LEDD_OPENERS), that first
# sentence is a neighbour of its own: "Hvis en folkevalgt ikke kan ivareta vervet … kan kommunestyret … etter søknad
# frita den folkevalgte" fits beside the ledd chosen after it, where it with its ledd's last sentence did not, and the
# quote of § 7-9's second part had shown the third ledd alone. Since 0.4.32; off only for ablation rows
# (benchmarks.answers --without "ledd rule beside").
LEDD_RULE_BESIDE = True
# A law's ledd is the block after a blank line, not its line: a ledd that goes on after its list ("Unntaka i §§ 14 og 15
# gjeld ikkje: - saksframlegg … \n§ 14 gjeld likevel …") had its continuation taken for a ledd of its own, and
# offentleglova § 16 was quoted by the exception after the list without the rule. Off only for ablation rows
# (benchmarks.answers --without "ledd blocks").
LEDD_BLOCKS = True
# A list's lead-in is never quoted without an item of its list: "Unntaka i §§ 14 og 15 gjeld ikkje: …" before the
# sentence after the list said the opposite of the law. Its best item goes with it, also beside the part of a sentence
# too long to quote whole; a law's item is read from its start, not by a later sentence on its line (forvaltningsloven
# § 6's "Dette gjelder likevel ikke …"). Off only for ablation rows (benchmarks.answers --without "lead's item").
LEAD_ITEM = True
# A law list's lead-in that is not its ledd's first sentence takes that first sentence, the rule, along as any later
# sentence of the ledd does (LEDD_OPENERS): kommunestyrelsesloven § 16's "Vederlaget omfatter medlemmernes … b) …" had
# been quoted without "Der ydes et fast vederlag til kommunalbestyrelsens medlemmer", the answer to "Får man løn for at
# sidde i kommunalbestyrelsen?". Off only for ablation rows (benchmarks.answers --without "lead's rule").
LEAD_RULE = True
# A list too long to show whole (more than SLIDE_CHARS) is quoted by its lead-in and the items that answer best, each
# an equal continuation of it, not the items next to the lead-in: the Danish forvaltningsloven § 3's "…er inhabil …,
# hvis" had been quoted with its first item alone, never the second's "ægtefælle, beslægtede eller besvogrede".
# Off only for ablation rows (benchmarks.answers --without "list items").
LIST_ITEMS = True
# A list's items are told apart by meaning: by their cosines scaled across the list itself (its alternatives; scaled
# across the whole chunk, the lead-in tops them and squeezes them together) plus the share of the question's terms each
# holds. The list's scores are handed out in that order, so the list competes with the rest of the chunk as before, and
# the item a lead-in is shown with is chosen with it, not replaced by another that holds a question word. The words'
# 1.0 for the best by words had let one word of a long question outweigh what the model reads: "Svogeren min har søkt
# på en stilling …" was quoted by forvaltningsloven § 6's "ledende stilling" item, not "i slekt eller svogerskap".
# Since 0.4.39; off only for ablation rows (benchmarks.answers --without "list items by meaning").
LIST_MEANING = True
# A question that asks for a figure (how many, how much, how long, by when: bot.analysis.amounts) is answered by a
# sentence that states one: such a sentence scores this much more. "Hvor mange gange skal budgettet behandles?" had
# been quoted by kommunestyrelsesloven § 38's "Ved 2. behandling …", not its "2 behandlinger … med mindst 3 ugers
# mellemrum". 0: off (benchmarks.answers --without "figure asked").
FIGURE_WEIGHT = 0.5
# A list is read whole: a quote that shows part of a list (its lead-in and items) shows all of it where the list fits
# in SLIDE_CHARS, the size a list is shown whole in (0.4.8); a longer list whose items' first sentences fit, by those,
# an item's later sentence marked "…". Where the best sentence is in the list the room grows to hold the list; a list
# another sentence brings in is completed past the room. A list cut between its items reads as if the items shown
# were all of it: kommuneloven § 23-1's who cannot be elected to the kontrollutvalg was quoted without "ansatte i den
# aktuelle kommunen" for a rektor, forvaltningsloven § 6 without two of its five grounds. Since 0.4.40; off only for
# ablation rows (benchmarks.answers --without "list whole").
LIST_WHOLE = True
# A sentence's cosine with the question written for its chunk nearest the asked one (cards.SENTENCES_ASKED) weighs half
# the asked question's own (scaled across the chunk to [0, WRITTEN_WEIGHT]): the share of a written question's lead
# the search gives (fusion.ASKED_GAIN). 0.25, 0.75 and 1.0 keep fewer gold strings in the quote
# (benchmarks/README.md, "A ledd's sentences read by its written questions").
WRITTEN_WEIGHT = 0.5
# A sentence is quoted whole where the index's sentence units cut it at a Danish reference ("den i stk." + "1 angivne
# måde.") or a ledd's number ("Stk." + "2." + "Ved …"): before 0.4.27 the quote could show "Stk. …" and "1 angivne
# måde." as sentences of their own. Off only for ablation rows (benchmarks.quote_cuts).
WHOLE_SENTENCES = True
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_CLAUSE = re.compile(r"[,;:–]\s+")
ELLIPSIS = "…"
SentenceScore = Callable[[list[str]], list[float]]


@dataclass(frozen=True)
class _Segment:
    text: str
    sep: str         # what joins it to the segment before: "\n" between lines, " " between sentences
    lead_in: bool    # ends in ":": a speaker or a list's intro, kept with what it introduces
    item: bool = False        # on a list's line ("- …", "• …", "2. …")
    opens_list: bool = False  # an unfinished sentence the next line's list goes on with (no ":")
    pieces: tuple[str, ...] = ()  # the index's sentence units it is made of (`whole_sentences`): its cosines
    block: bool = False       # begins a block after a blank line (a law's ledd): its first sentence


def _segments(text: str) -> list[_Segment]:
    out: list[_Segment] = []
    raw = [ln.strip() for ln in text.split("\n")]
    lines: list[str] = []
    blocks: set[int] = set()  # the lines after a blank one: a law's ledd, which may go on after its list
    for k, ln in enumerate(raw):
        if ln:
            if not lines or not raw[k - 1]:
                blocks.add(len(lines))
            lines.append(ln)
    for n, line in enumerate(lines):
        item = bool(BULLET.match(line))
        parts = whole_sentences(line) if WHOLE_SENTENCES else [(p, (p,)) for p in split_sentences(line)]
        for i, (sentence, pieces) in enumerate(parts):
            # a law's list often follows its lead-in with no colon ("er ugild … i en forvaltningssak\n- når
            # han selv er part i saken;"): the sentence is unfinished and each item completes it
            opens = (i == len(parts) - 1 and n + 1 < len(lines) and bool(BULLET.match(lines[n + 1]))
                     and not item and not sentence.rstrip().endswith((".", "!", "?", ":", ";")))
            out.append(_Segment(sentence, " " if i else "\n", sentence.endswith(":"), item, opens, pieces,
                                block=not i and n in blocks))
    return out


def is_slide(location: str) -> bool:
    """True for a slide's location ("lysbilde 25", "dias 3"): slides are quoted whole."""
    return location.split(" ", 1)[0] in SLIDE_WORD.values()


def _block_numbers(segments: list[_Segment]) -> list[int]:
    """Each segment's blank-line block (0-based; a law's ledd)."""
    out, count = [], 0
    for segment in segments:
        count += segment.block
        out.append(max(count - 1, 0))
    return out


def quoted_blocks(text: str, quote: str) -> tuple[int, tuple[int, ...]]:
    """How many blank-line blocks (a law's ledd) `text` has, and which of them (0-based) `quote`, chosen from it by
    `select_quote`, shows a sentence of."""
    # a sentence too long for the room is shown by a window of it: a piece of the quote inside the sentence
    pieces = [p.strip() for p in re.split(f"{re.escape(ELLIPSIS)}|\n", quote) if len(p.strip()) >= 12]
    count, shown = 0, set()
    for segment in _segments(text.strip()):
        count += segment.block
        if segment.text in quote or any(p in segment.text for p in pieces):
            shown.add(count - 1)
    return count, tuple(sorted(shown))


def whole_chars(location: str, chunk_id: str, text: str = "") -> int:
    """Up to how many characters a chunk is shown whole: a slide's, a list's, a law § or ledd's; 0: by its
    sentences. A list (two items or more) is one answer to "which ...": cut at a sentence, it loses items."""
    if is_slide(location) or list_lines(text) >= 2:
        return SLIDE_CHARS
    return SECTION_CHARS if is_section(chunk_id) else 0


def _lexical(segment: str, matches: Callable[[str], bool]) -> float:
    words = [w.lower() for w in _WORD.findall(segment) if matches(w)]
    # Distinct question words count most; repeats break ties.
    return len(set(words)) + 0.1 * len(words)


def _window(sentence: str, matches: Callable[[str], bool], limit: int) -> str:
    """The part of a too-long sentence that holds its matched words, cut only at word ends.

    Windows start at the sentence's start or at a clause (after , ; : –); the one holding the
    most distinct matched words wins, the latest such start on a tie (what answers a question
    tends to follow its words: "et eftersyn … for at sikre, at uddannelserne er praksisnære").
    A window that reaches the sentence's end is widened backwards while it fits.
    """
    room = limit - 2 * (len(ELLIPSIS) + 1)
    starts = [0] + [m.end() for m in _CLAUSE.finditer(sentence)]

    def forward(start: int) -> int:
        end = start + room
        if end >= len(sentence):
            return len(sentence)
        cut = sentence.rfind(" ", start, end + 1)
        return cut if cut > start else end

    # The matched words once, by position: a table-like "sentence" of 60,000 characters has
    # thousands of clause starts, and scanning each window again made it quadratic (100 ms).
    found = [(m.start(), m.group(0).lower()) for m in _WORD.finditer(sentence) if matches(m.group(0))]
    positions = [pos for pos, _ in found]
    best: tuple[float, int, int] | None = None
    for start in starts:
        end = forward(start)
        if end == len(sentence) or sentence[end] == " ":
            # start follows a space and end is one (or the end): the window's words are whole
            score = len({w for _, w in found[bisect_left(positions, start):bisect_left(positions, end)]})
        else:  # cut inside a word: its part is matched as the slice has it
            score = len({w.lower() for w in _WORD.findall(sentence[start:end]) if matches(w)})
        if best is None or score >= best[0]:
            best = (score, start, end)
    assert best is not None
    _, start, end = best
    if end == len(sentence):
        for earlier in reversed([s for s in starts if s < start]):
            if end - earlier > room:
                break
            start = earlier
        if end - start < room and start > 0:  # still room: whole words before the clause
            cut = sentence.find(" ", end - room)
            if 0 <= cut < start:
                start = cut + 1
    part = sentence[start:end].strip()
    return (ELLIPSIS + " " if start > 0 else "") + part + (" " + ELLIPSIS if end < len(sentence) else "")


def _join(segments: list[_Segment], chosen: list[int]) -> str:
    out = ""
    for k, i in enumerate(chosen):
        if k and i != chosen[k - 1] + 1:
            out += " " + ELLIPSIS + "\n"
        elif k:  # a ledd (a block after a blank line) keeps its blank line: two ledd shown as one paragraph misread
            out += "\n\n" if segments[i].block else segments[i].sep
        out += segments[i].text
    return out


def _covered(segment: str, matches: Callable[[str], bool]) -> frozenset[str]:
    """The question terms a segment holds (its matched words, where the matcher cannot say)."""
    terms_of = getattr(matches, "terms_of", None)
    found: set[str] = set()
    for word in _WORD.findall(segment):
        if matches(word):
            found |= terms_of(word) if terms_of else {word.lower()}
    return frozenset(found)


def select_quote(text: str, matches: Callable[[str], bool], limit: int = QUOTE_CHARS,
                 sentence_score: SentenceScore | None = None, whole: int = 0, rule_first: bool = False,
                 states: Callable[[str], bool] | None = None, from_start: bool = False,
                 blocks: frozenset[int] = frozenset()) -> str:
    """What to show of a chunk: the sentence that best answers, whole, then what fits of the rest.

    After the best sentence come, while they fit, the sentences that hold question terms the
    quote lacks so far (the nearest first), then the neighbours of what is chosen; a cut is "…".

    :param matches: whether a word carries a question term
    :param sentence_score: the semantic similarity of each sentence to the question (0..1),
        added to the share of the question's words the sentence holds; None for words only
    :param whole: a chunk of at most this many characters is shown whole (a slide, a §: `whole_chars`)
    :param rule_first: a law's ledd: a paragraph's first sentence goes with a later one quoted (LEDD_OPENERS)
    :param states: whether a sentence states the figure the question asks for (FIGURE_WEIGHT); None: it asks none
    :param from_start: quote from the chunk's first sentence on, as many as fit (a § asked for by its number, whose
        question has no words to choose a sentence by)
    :param blocks: blank-line blocks (0-based: a law's ledd) shown whole beside what is chosen, the room grown by
        their length (a short ledd between two a card shows: cards.LEDD_BETWEEN)
    """
    text = text.strip()
    if len(text) <= max(limit, whole):
        return text
    segments = _segments(text)
    kept = {i for i, b in enumerate(_block_numbers(segments)) if b in blocks} if not from_start else set()
    if kept:
        limit += len(_join(segments, sorted(kept))) + len(ELLIPSIS) + 3
    lexical = [_lexical(s.text, matches) for s in segments]
    top = max(lexical) or 1.0
    scores = [x / top for x in lexical]
    if sentence_score is not None:
        # a sentence scores as its best piece: the index embedded the pieces a reference cut it into
        pieces = [p for s in segments for p in s.pieces]
        by_piece = dict(zip(pieces, sentence_score(pieces), strict=True))
        semantic = [max(by_piece[p] for p in s.pieces) for s in segments]
        scores = [a + b for a, b in zip(scores, semantic, strict=True)]
    terms = [_covered(s.text, matches) for s in segments]
    by_meaning = LIST_MEANING and sentence_score is not None
    if by_meaning:
        asked = len(getattr(matches, "wanted", ())) or len(set().union(*terms)) or 1
        scores = _items_by_meaning(segments, scores, semantic, [len(t) / asked for t in terms])
    if states is not None and FIGURE_WEIGHT:
        scores = [x + FIGURE_WEIGHT * states(s.text) for x, s in zip(scores, segments, strict=True)]
    best = 0 if from_start else max(range(len(segments)), key=lambda i: (scores[i], -i))

    def lead_of(i: int) -> int | None:
        """The lead-in (a speaker, a list's intro) that introduces segment i, if any."""
        if segments[i].item:  # an item: the sentence its list goes on with, if the list has one
            j = i - 1
            while j >= 0 and segments[j].item:
                j -= 1
            if j >= 0 and segments[j].opens_list:
                return j
        colon = next((j for j in range(i - 1, -1, -1) if segments[j].lead_in), None)
        if colon is not None and segments[colon + 1].item and \
                not all(segment.item for segment in segments[colon + 1:i + 1]):
            colon = None  # a list's intro introduces its items, not a sentence after the list ("gjeld ikkje: …")
        opener = opener_of(i)
        return opener if opener is not None and (colon is None or colon < opener) else colon

    def opener_of(i: int) -> int | None:
        """The first sentence of segment i's line, where it holds a question term i lacks and fits beside it."""
        if not PARAGRAPH_OPENERS or segments[i].item:
            return None
        # a law's ledd begins after a blank line and may go on after its list; another text's paragraph is its line
        ledd = rule_first and LEDD_OPENERS and LEDD_BLOCKS
        start = next((j for j in range(i, -1, -1) if (segments[j].block if ledd else segments[j].sep == "\n")), 0)
        if start == i:
            return None
        if len(segments[start].text) + len(segments[i].text) + 2 * (len(ELLIPSIS) + 3) > limit:
            return None
        return start if terms[start] - terms[i] or (rule_first and LEDD_OPENERS) else None

    def items_after(j: int) -> list[int]:
        """The items of the list segment j leads in (a colon's or an unfinished sentence's), none for another."""
        if j + 1 >= len(segments) or not (segments[j].lead_in or segments[j].opens_list) or not segments[j + 1].item:
            return []
        end = next((i for i in range(j + 1, len(segments)) if not segments[i].item), len(segments))
        return list(range(j + 1, end))

    def with_leads(indexes: set[int]) -> list[int]:
        leads = {j for i in indexes if (j := lead_of(i)) is not None}
        while LEAD_RULE and rule_first:  # a law list's lead-in takes its ledd's rule along, as any later sentence does
            more = {j for i in leads if (j := lead_of(i)) is not None} - leads - indexes
            if not more:
                break
            leads |= more
        out = indexes | leads
        if LEAD_ITEM and rule_first:  # a law's item is read from its start: a later sentence on its line takes it
            out |= {next(j for j in range(i, -1, -1) if segments[j].sep == "\n") for i in out if segments[i].item}
        for j in sorted(out) if LEAD_ITEM else ():  # a list's lead-in never alone: with its best item
            items = lead_items(j)
            if items and not out.intersection(items):
                out.add(best_item(items))
        return sorted(out)

    def listed(j: int) -> list[int]:
        """The list segment j leads in as it is shown whole (LIST_WHOLE), none where it does not fit."""
        items = items_after(j)
        if sum(segments[i].sep == "\n" for i in items) < 2:
            return []  # one item is no list to read whole: a speaker's line ("Ordføreren sa: - …")
        out = [j, *items]
        if len(_join(segments, out)) > SLIDE_CHARS:  # by its items' first sentences, where they fit
            out = [j, *(i for i in items if segments[i].sep == "\n")]
        return out if len(_join(segments, out)) <= SLIDE_CHARS else []

    def lead_items(j: int) -> list[int]:
        """The items of the list segment j leads in that can go with it (a law's read from their start)."""
        return [i for i in items_after(j) if segments[i].sep == "\n" or not rule_first]

    def best_item(items: list[int]) -> int:
        """As the terms' loop would pick; in the list's own order where its items are told apart by meaning."""
        return max(items, key=lambda i: (0 if by_meaning else len(terms[i]), scores[i], -i))

    def size(indexes: set[int]) -> int:
        return len(_join(segments, with_leads(indexes))) + 4

    # the best in a list that is shown whole: the room is made for the list
    whole_list = {i for j in with_leads({best}) for i in listed(j)} if LIST_WHOLE else set()
    if whole_list:
        limit = max(limit, size(whole_list | {best}))
    if from_start and size({0}) > limit:  # a first sentence longer than the room: its first words
        cut = segments[0].text.rfind(" ", 0, limit - len(ELLIPSIS) - 1)
        return segments[0].text[:cut if cut > 0 else limit - len(ELLIPSIS) - 1].rstrip() + " " + ELLIPSIS
    if size({best}) > limit:  # one sentence longer than the room: the part around its matches
        before = [i for i in with_leads({best}) if i != best]  # its lead-in, and a list's with its best item
        lead_text = _join(segments, before) if before else ""
        shown = _window(segments[best].text, matches, limit - len(lead_text) - 3)
        if before:
            shown = lead_text + (segments[best].sep if before[-1] == best - 1 else " " + ELLIPSIS + "\n") + shown
        elif best > 0 and not shown.startswith(ELLIPSIS):
            shown = ELLIPSIS + " " + shown
        if best < len(segments) - 1 and not shown.endswith(ELLIPSIS):
            shown += " " + ELLIPSIS
        return shown
    chosen = {best} | kept | whole_list
    if by_meaning and LEAD_ITEM and not from_start and (items := lead_items(best)):
        # the best is a list's lead-in: the item it is shown with is chosen, so a later word of the question in
        # another item ("stilling" in "ledende stilling") does not take its place
        chosen.add(best_item(items))
    covered = set().union(*(terms[i] for i in with_leads(chosen)))
    while from_start and len(chosen) < len(segments) and size(chosen | {len(chosen)}) <= limit:  # the next, in order
        chosen.add(len(chosen))
    while not from_start:  # sentences that add question terms, the nearest first
        gains = [(len(terms[i] - covered), -abs(i - best), i) for i in range(len(segments))
                 if i not in chosen and terms[i] - covered and size(chosen | {i}) <= limit]
        if not gains:
            break
        _, _, pick = max(gains)
        chosen.add(pick)
        covered |= terms[pick]
    while not from_start:  # then neighbours, the better first; on a tie the next one: answers follow questions
        near = [i for c in sorted(chosen) for i in (c + 1, c - 1) if 0 <= i < len(segments) and i not in chosen]
        if LIST_ITEMS:  # a list's items all go on from its lead-in: the one that answers, not the one next to it
            near += [i for c in with_leads(chosen) for i in items_after(c) if i not in chosen and i not in near]
        options = [i for i in near if size(chosen | {i}) <= limit]
        if not options and rule_first and LEDD_RULE_BESIDE:  # a neighbour's ledd opener alone
            options = [j for i in near if (j := lead_of(i)) is not None and j not in chosen
                       and size(chosen | {j}) <= limit]
        if not options:
            break
        chosen.add(max(options, key=lambda i: (scores[i], i > best, -abs(i - best))))
    order = with_leads(chosen)
    if LIST_WHOLE:  # a list shown in part is shown whole where it fits the size a list is shown whole in
        order = sorted(set(order).union(*(listed(j) for j in order)))
    quote = _join(segments, order)
    if order[0] > 0:
        quote = ELLIPSIS + " " + quote
    if order[-1] < len(segments) - 1:
        quote += " " + ELLIPSIS
    return quote


def _items_by_meaning(segments: list[_Segment], scores: list[float], semantic: list[float],
                      shares: list[float]) -> list[float]:
    """`scores` with each list's items (the first sentences of a run of list lines) in the order of their meaning
    scaled across the list plus `shares` (of the question's terms each holds); the list's scores are handed out in
    that order, the best to the first, so the list as a whole scores as it did (LIST_MEANING)."""
    out = list(scores)
    start = 0
    while start < len(segments):
        end = next((i for i in range(start, len(segments)) if not segments[i].item), len(segments))
        members = [i for i in range(start, end) if segments[i].sep == "\n"]
        start = end + 1
        if len(members) < 2:
            continue
        lo, hi = min(semantic[i] for i in members), max(semantic[i] for i in members)
        span = hi - lo if hi - lo > 1e-9 else 1.0
        ranked = sorted(members, key=lambda i: (-((semantic[i] - lo) / span + shares[i]), i))
        for i, value in zip(ranked, sorted((scores[i] for i in members), reverse=True), strict=True):
            out[i] = value
    return out


def semantic_scorer(cosines: dict[str, float], weight: float = SEMANTIC_WEIGHT,
                    written: dict[str, float] | None = None) -> SentenceScore | None:
    """A `sentence_score` from the question's cosine with each sentence (Searcher.sentence_cosines).

    Scaled across the chunk's sentences to [0, weight] (e5's cosines crowd in 0.8-0.9, so only
    their order within the chunk says anything); a sentence without a vector (too short) counts
    as the lowest. None without cosines: the quote is chosen by the question's words alone.

    :param written: each sentence's cosine with the question written for the chunk nearest the asked one
        (Searcher.written_sentence_cosines), scaled likewise to [0, WRITTEN_WEIGHT] and added
    """
    if not cosines:
        return None
    lo, hi = min(cosines.values()), max(cosines.values())
    wlo, whi = (min(written.values()), max(written.values())) if written else (0.0, 0.0)

    def scaled(value: float, low: float, high: float, share: float) -> float:
        return share * (value - low) / (high - low) if high - low > 1e-9 else 0.0

    def score(texts: list[str]) -> list[float]:
        return [scaled(cosines.get(t, lo), lo, hi, weight)
                + (scaled(written.get(t, wlo), wlo, whi, WRITTEN_WEIGHT) if written else 0.0) for t in texts]
    return score


def highlight_spans(quote: str, matches: Callable[[str], bool],
                    most: int = MAX_MARKS) -> tuple[tuple[int, int], ...]:
    """(start, end) of the words in `quote` that carry a question term, each word at most `most` times."""
    seen: dict[str, int] = {}
    spans = []
    for m in _WORD.finditer(quote):
        word = m.group(0)
        if not matches(word):
            continue
        key = word.lower()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= most:
            spans.append((m.start(), m.end()))
    return tuple(spans)


class TermMatcher:
    """Whether a word carries one of the question's terms, and which ones."""

    def __init__(self, analyze: Callable[[str], list[str]], wanted: frozenset[str]) -> None:
        self._analyze = analyze
        self.wanted = wanted
        self.terms_of = lru_cache(maxsize=4096)(self._terms_of)

    def _terms_of(self, word: str) -> frozenset[str]:
        return self.wanted.intersection(self._analyze(word))

    def __call__(self, word: str) -> bool:
        return bool(self.terms_of(word))


def term_matcher(analyze: Callable[[str], list[str]], terms: Iterable[str],
                 question: str | None = None) -> TermMatcher:
    """A word matches when its analysed terms share one with the question's.

    Given the `question`, a term shorter than MIN_STEM letters counts only when a word of the
    question is that short too: the stem "led" of "lederne" must not mark "som led i".
    """
    wanted = frozenset(terms)
    if question is not None:
        short_words = {t for w in _WORD.findall(question) if len(w) < MIN_STEM for t in analyze(w)}
        wanted = frozenset(t for t in wanted if len(t) >= MIN_STEM or t in short_words)
    return TermMatcher(analyze, wanted)


# The marks each reply language quotes with: Norwegian «…», Danish »…« (Retskrivningsordbogen's first choice),
# English “…”. They belong to the reply around the quote, so a Danish reply quoting a Norwegian § still uses »…«.
QUOTE_MARKS = {"nb": ("«", "»"), "nn": ("«", "»"), "da": ("»", "«"), "en": ("“", "”")}


def quote_marks(text: str, language: str) -> tuple[str, str]:
    """The marks to put around a quote in a reply in `language`: none when the text already is one whole quotation."""
    for opening, closing in set(QUOTE_MARKS.values()):
        if text.startswith(opening) and text.endswith(closing) and len(text) > 1 \
                and text.count(opening) == text.count(closing):
            return "", ""
    return QUOTE_MARKS.get(language, QUOTE_MARKS["nb"])
