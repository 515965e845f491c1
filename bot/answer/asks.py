"""The questions one message asks ("Kan jeg få orlov, og hvem trer inn? Og får jeg vederlag?": three), a card each."""

from __future__ import annotations

import re

from bot.answer.cards import HORIZON, grouped
from bot.search.retriever import Hit, Searcher

# Words that open a question in bokmål, nynorsk, Danish and English: the question words, and the verbs a yes/no
# question opens with (the verb before its subject: "må jeg", "kan eg", "får man", "do I"). A message's own sentence
# is a question where it ends in "?" (or, the message's last, opens so with no stop after it); within a sentence, a
# second question starts where "og"/"and" is followed by one of these. "eller"/"or" is left out on purpose: "Må jeg gå
# av nå, eller kan jeg sitte ut perioden?" asks one thing two ways, and the two halves find the same §.
# Source: written down for this module from the four languages' closed classes (their question words, modal and
# auxiliary verbs), not copied from a list; open-class verbs are left out but for a few that councillors' questions
# open with (får, mister, gjelder, trenger): a verb list cannot be complete, and a missed split only keeps the reply
# as it was.
QUESTION_WORDS = frozenset({
    "hva", "hvem", "hvor", "hvordan", "hvorfor", "hvilken", "hvilket", "hvilke", "når",  # bokmål
    "kva", "kven", "kor", "korleis", "kvifor", "kvar",  # nynorsk
    "hvad", "hvornår",  # Danish (the rest as bokmål)
    "what", "who", "whom", "where", "how", "why", "when", "which",
})
QUESTION_VERBS = frozenset({
    "kan", "må", "får", "skal", "bør", "er", "har", "blir", "vil", "kunne", "skulle", "ville", "mister", "gjelder",
    "trenger", "finnes", "fins",  # bokmål
    "vert", "treng", "gjeld",  # nynorsk
    "bliver", "gælder", "behøver", "findes",  # Danish (mister as bokmål)
    "can", "could", "do", "does", "did", "is", "are", "am", "was", "were", "must", "may", "might", "should", "shall",
    "will", "would", "have", "has",
})
# After a comma alone only a question word that cannot also open a clause of time or place starts a question: "Kan
# jeg være med, når jeg også sitter i formannskapet?" is one question.
COMMA_WORDS = QUESTION_WORDS - {"når", "hvornår", "when", "where", "hvor", "kor", "kvar"}
_AND = re.compile(r"(?:,\s*|\s+)(?:og|and|samt)\s+(?=(\w+))", re.IGNORECASE)
_COMMA = re.compile(r",\s+(?=(\w+))")
_SENTENCE = re.compile(r"(?<=[.?!])\s+")
# The subjects a yes/no question's verb is followed by: a message's last sentence with no stop after it is a question
# where it opens so ("må jeg ha med meg flere"), not where a subject is dropped ("har fått nok etter 1 år").
SUBJECTS = frozenset({
    "jeg", "eg", "vi", "me", "du", "de", "dei", "dere", "man", "ein", "en", "han", "hun", "ho", "det", "den", "dem",
    "mig", "dig", "i", "you", "we", "they", "it", "he", "she", "one", "there", "der",
})


def _opens_question(word: str) -> bool:
    return word.casefold() in QUESTION_WORDS or word.casefold() in QUESTION_VERBS


def _split_sentence(sentence: str) -> list[str]:
    """A question sentence at each "og"/"and" before a question's first word, and each comma before a question word."""
    cuts = [m.start() for m in _AND.finditer(sentence) if _opens_question(m.group(1))]
    cuts += [m.start() for m in _COMMA.finditer(sentence) if m.group(1).casefold() in COMMA_WORDS]
    commas = {m.start() for m in _COMMA.finditer(sentence)}
    pieces, start = [], 0
    for cut in sorted(set(cuts)):
        piece = sentence[start:cut].strip(" ,")
        # what a comma cuts off before a question is its context unless it asks too: "In Norway, how long …" and "jeg
        # er valgt inn i kontrollutvalget, hva er jobben der?" stay one
        if cut in commas and not _opens_question(_first_word(piece)):
            continue
        pieces.append(piece)
        start = cut
    pieces.append(sentence[start:].strip(" ,"))
    return [p for p in pieces if p]


def _first_word(text: str) -> str:
    """The first word, past a leading "og"/"and"."""
    words = re.findall(r"\w+", text)
    if len(words) > 1 and words[0].casefold() in ("og", "and", "or", "eller"):
        return words[1]
    return words[0] if words else ""


def _asks_unmarked(sentence: str, first: str) -> bool:
    """Whether a sentence without "?" opens as a question: a question word, or a verb then its subject."""
    if first.casefold() in QUESTION_WORDS:
        return True
    words = [w.casefold() for w in re.findall(r"\w+", sentence)]
    after = words[words.index(first.casefold()) + 1:words.index(first.casefold()) + 3]
    return first.casefold() in QUESTION_VERBS and any(w in SUBJECTS for w in after)


def asked_questions(message: str) -> tuple[str, ...]:
    """The questions `message` asks, in order, each as written (its leading "og"/"and" kept); the statements around
    them left out ("Jeg er lærer her. Kan jeg sitte i kommunestyret?" asks one). A message with no question in it is
    one, as a whole."""
    sentences = [s for s in _SENTENCE.split(message.strip()) if s]
    asked: list[str] = []
    for n, sentence in enumerate(sentences):
        first = _first_word(sentence)
        if not first:
            continue
        last_open = n == len(sentences) - 1 and sentence[-1] not in ".!"
        if sentence.rstrip().endswith("?") or (last_open and _asks_unmarked(sentence, first)):
            asked.extend(_split_sentence(sentence))
    return tuple(asked) or (message,)


# A message that asks two things shows a passage for each: the whole message's ranking is read by its strongest
# half, so "Kan jeg få orlov, og hvem træder ind? Og får jeg vederlag?" had three cards on orlov and none on the
# vederlag. Off: benchmarks.answers --without "each part shown".
EACH_PART_SHOWN = True
# A part is searched on its own only with this many words that are not function words: "Er det skattepligtigt?" after
# a question on the vederlag says what it asks only with the question before it, and alone it finds anything taxed.
PART_WORDS = 2

Card = tuple[Hit, ...]


def _key(hit: Hit) -> tuple[str, str]:
    """What a card shows: its law § (the ledd of one § are one card), else its chunk."""
    return hit.section or ("", hit.chunk_id)


def _holds(card: Card, key: tuple[str, str]) -> bool:
    return any(_key(h) == key for h in card)


def _place(cards: list[Card], card: Card) -> int:
    """Where `card` is among `cards` (a part's own), past all of them where it is not."""
    return next((n for n, c in enumerate(cards) if _holds(c, _key(card[0]))), HORIZON + len(cards))


def parts_shown(all_cards: list[Card], message: str, searcher: Searcher, top: int) -> tuple[list[Card], dict[str, str]]:
    """`all_cards` (the whole message's, best first) with the best card of each question `message` asks among the
    first `top` where it is not shown already; and the part each moved card answers (by its first hit's chunk id: its
    quote is picked by that part's words).

    The first card stays the whole message's. The part it answers is the one that ranks it highest on its own; each
    other part's best card is shown where the sources answer that part plainly on its own, its best among the whole
    message's candidates."""
    frame = searcher.function_words()
    parts = [p for p in asked_questions(message)
             if sum(w.casefold() not in frame for w in re.findall(r"\w+", p)) >= PART_WORDS]
    if not EACH_PART_SHOWN or len(parts) < 2 or not all_cards or top < 2:
        return all_cards, {}
    # a part the sources answer plainly on its own: one they only hedge on found a card no better than the whole
    # message's third (blind 10-19's two-part questions: three of them lost a gold passage from the first three)
    results = [searcher.search(p, k=HORIZON) for p in parts]
    own = [grouped(r.hits) if r.confidence == "answered" else [] for r in results]
    first = _key(all_cards[0][0])
    answered = min(range(len(parts)), key=lambda i: _place(own[i], all_cards[0]))
    # every part's own best card keeps its place among the shown: one part's card never pushes out another's
    kept = {first} | {_key(c[0]) for cards in own for c in cards[:1]}
    out: list[Card] = list(all_cards)
    part_of: dict[str, str] = {}
    for i, cards in enumerate(own):
        # the part's best among the whole message's own candidates: a part read alone loses what the rest of the
        # message says ("and does the council have to adopt it every year?": it, the økonomiplan; the country)
        candidates = [c for c in cards if any(_holds(w, _key(c[0])) for w in all_cards)]
        if i == answered or not candidates:
            continue
        best = candidates[0]
        key = _key(best[0])
        at = next((n for n, c in enumerate(out) if _holds(c, key)), None)
        if at is not None and at < top:
            continue  # shown already
        # its place: that of the shown card no part ranks as high on its own (no part's best), which goes to the
        # first place past the shown; the others stay where the whole message's ranking put them
        free = [n for n in range(1, min(top, len(out))) if not any(_holds(out[n], k) for k in kept)]
        if not free and len(out) >= top:
            continue
        card = out.pop(at) if at is not None else best
        if free:
            n = max(reversed(free), key=lambda n: min(_place(own_cards, out[n]) for own_cards in own))
            out.insert(top, out[n])
            out[n] = card
        else:
            out.append(card)
        part_of[card[0].chunk_id] = parts[i]
    return out, part_of
