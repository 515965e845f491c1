"""A broken pin: where its passage stood, and the passage of its source that the pinned text most likely became."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.pins import Pin, served
from bot.corpus.records import ChunkRecord
from bot.index.store import IndexStore

# The share of words a passage must have in common with the pinned text to be offered as what it became (weighted
# Jaccard of the two texts' words, each word as often as it occurs), where it does not stand in the pinned passage's
# place. benchmarks/pin_successor.py measures it on every passage of the shipped corpus, edited as a rebuild edits
# one and moved (a slide put in before it renumbers it): at 0.5, 1,034 of 1,050 passages with a word in ten changed,
# 932 of 1,050 with a sentence added, 698 of 899 with their last sentence taken away and 867 of 899 split in two are
# re-found; at 0.6, 568 of those split. A removed passage's nearest neighbour is offered for 91 of 1,050 at 0.5 (58 at
# 0.6), most of them a law's parallel provision. An offer is shown beside the pinned text and moves nothing until the
# course leader has read it and clicked, so the threshold favours re-finding.
OVERLAP = 0.5
# A passage in the pinned one's place (a law's same § and ledd, amended; a document's same slide or section, edited:
# its chunk id without the hash of its text) is what the text became unless it shares almost nothing with it: a law's
# parallel provisions share most words (§ 8-8 on sick pay and § 8-9 on injury benefits, 0.86), its own later wording
# is its own place.
PLACE_OVERLAP = 0.3
# A passage sharing this much of the pinned text's words is that text moved (a slide put in before it renumbers it, a
# file renamed): it comes before the pin's own place, which may now hold another text sharing some words with it (a
# re-tester's inserted slide "Kommunens oppgaver før 1990" on slide 15, the pinned slide 15 now 16 word for word). A
# law's parallel provisions share less (§ 18-3 and § 19-3's second ledd, 0.91).
NEAR_COPY = 0.95
# Passages as near as the best, to within this, are offered beside it: a paragraph split in two gives two halves
# sharing half its words each, and which of them holds what the pin answered is the course leader's to see.
TIE = 0.05
MAX_OFFERS = 3
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Successor:
    """The passage a broken pin's text most likely became, and the share of words the two have in common."""

    docno: int
    chunk: ChunkRecord
    overlap: float


@lru_cache(maxsize=4096)
def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def overlap(a: str, b: str) -> float:
    """Weighted Jaccard of the two texts' lower-cased words: 1 for the same words, 0 for none in common."""
    ca, cb = _words(a), _words(b)
    union = sum((ca | cb).values())
    return sum((ca & cb).values()) / union if union else 0.0


def pinned_sources(store: IndexStore, chunk_id: str, cite_id: str) -> set[str]:
    """The sources a pinned passage came from, as far as the index tells: those citing it as `cite_id` (a document, a
    law's §), and the source its chunk id begins with (a document's passage is "<source>:…", a law's "<law>/§…")."""
    found = {c.source_id for _, c in store.cited(cite_id)}
    found |= {s.id for s in store.sources() if chunk_id.startswith((s.id + ":", s.id + "/"))}
    return found


def place(chunk_id: str) -> str:
    """Where a passage stands in its source, whatever its text: a document's chunk id without the hash of its text
    ("<source>:lysbilde-41:<hash>" → "<source>:lysbilde-41"), a law's id itself ("<law>/§7-9/2")."""
    return chunk_id.rsplit(":", 1)[0] if ":" in chunk_id else chunk_id


_LAW_PLACE = re.compile(r"/§([^/]+)(?:/(\d+))?$")  # a law's passage id: "<law>/§7-9/2", "<law>/§43"


def pinned_place(store: IndexStore, pin: Pin) -> tuple[str, str]:
    """Where a pin's passage stood, as title and place: as stored when it was pinned; for a pin made before 0.4.42,
    which stored neither, as its chunk id still tells: the index's passage under that id (a law's § amended), else its
    source's title (its id when the source is gone) and the place its id names ("lysbilde-41" as "lysbilde 41", a law's
    "§7-9/2" as "§ 7-9, 2. ledd")."""
    if pin.title:
        return pin.title, pin.location
    found = store.chunk_by_id(pin.chunk_id)
    if found is not None:
        return found[1].title, found[1].location
    sources = {s.id: s for s in store.sources()}
    named = [pin.cite_id] if pin.cite_id in sources else \
        sorted((sid for sid in sources if pin.chunk_id.startswith((sid + ":", sid + "/"))), key=len, reverse=True)
    source_id = named[0] if named else re.split(r"[:/]", pin.chunk_id, maxsplit=1)[0]
    source = sources.get(source_id)
    title = source.title if source is not None else source_id
    law = _LAW_PLACE.search(pin.chunk_id)
    if law is not None:
        ledd = law.group(2) and (f"stk. {law.group(2)}" if source is not None and source.lang == "da"
                                 else f"{law.group(2)}. ledd")
        return title, ", ".join(x for x in (f"§ {law.group(1)}", ledd) if x)
    # a document's "<source>:<place>:<hash>" (bot.corpus.chunking.chunk_id): the place is the location, slugged
    slug = place(pin.chunk_id.removeprefix(source_id + ":")) if ":" in pin.chunk_id.removeprefix(source_id + ":") \
        else ""
    return title, slug.replace("-", " ")


def _asked_words(question: str) -> list[str]:
    return [w for w in _WORD.findall(question.lower()) if len(w) >= 4]


def offers(text: str, chunks: Iterable[tuple[int, ChunkRecord]], threshold: float = OVERLAP,
           where: str | None = None, question: str = "") -> list[Successor]:
    """Of `chunks`, those the pinned `text` most likely became, best first: a near copy of it (NEAR_COPY) anywhere,
    else the passage in its place `where` (`place` of the pinned chunk id) sharing at least PLACE_OVERLAP of its
    words, else the nearest sharing at least `threshold`; beside the best, those of its kind within TIE of it (at most
    MAX_OFFERS in all), a tie ordered by how many of the pin's `question` words each holds."""
    asked = _asked_words(question)
    scored = []
    for docno, chunk in chunks:
        share = overlap(text, chunk.text)
        here = where is not None and place(chunk.id) == where
        if share >= (min(threshold, PLACE_OVERLAP) if here else threshold):
            lower = chunk.text.lower()
            kind = (share >= NEAR_COPY, here)
            scored.append((kind, share, sum(w in lower for w in asked), -docno, Successor(docno, chunk, share)))
    if not scored:
        return []
    scored.sort(key=lambda row: row[:4], reverse=True)
    best_kind, best_share = scored[0][0], scored[0][1]
    near = [row for row in scored if row[0] == best_kind and row[1] >= best_share - TIE]
    near.sort(key=lambda row: (row[2], row[1], row[3]), reverse=True)  # within the tie: the question's words first
    return [row[4] for row in near[:MAX_OFFERS]]


def nearest(text: str, chunks: Iterable[tuple[int, ChunkRecord]], threshold: float = OVERLAP,
            where: str | None = None, question: str = "") -> Successor | None:
    """The first of `offers`, or None."""
    found = offers(text, chunks, threshold, where, question)
    return found[0] if found else None


def successors(store: IndexStore, chunk_id: str, cite_id: str, text: str, question: str = "",
               threshold: float = OVERLAP) -> list[Successor]:
    """The passages the pinned `text` most likely became (`offers`): of the pinned passage's source, or a near copy
    of it in any source (the file renamed); none when nothing is near enough (the passage was removed)."""
    sources = sorted(pinned_sources(store, chunk_id, cite_id))
    found = offers(text, (c for source in sources for c in store.source_chunks(source)), threshold, place(chunk_id),
                   question)
    if found and found[0].overlap >= NEAR_COPY:
        return found
    moved = [s for s in offers(text, store.chunk_rows(), NEAR_COPY) if s.chunk.source_id not in sources]
    return moved[:1] or found


def successor(store: IndexStore, chunk_id: str, cite_id: str, text: str, question: str = "",
              threshold: float = OVERLAP) -> Successor | None:
    """The first of `successors`, or None."""
    found = successors(store, chunk_id, cite_id, text, question, threshold)
    return found[0] if found else None


@dataclass(frozen=True)
class Offered:
    """What a broken pin is offered (`successor`) as the build reports it: the passage, where it is, its first words,
    and the share of words it has in common with the pinned text."""

    chunk_id: str
    overlap: float
    title: str
    location: str
    opening: str


@dataclass(frozen=True)
class BrokenPin:
    """A pin the index no longer serves (its passage gone or changed), and what it is offered, or None."""

    pin_id: int
    question: str
    chunk_id: str
    successor: Offered | None


OPENING_WORDS = 8  # a section may hold several passages: the offer's first words say which one


def broken_pin(store: IndexStore, pin: Pin) -> BrokenPin | None:
    """The pin as broken, with what its passage most likely became; None when `store` serves it as pinned."""
    if served(store, pin):
        return None
    found = successor(store, pin.chunk_id, pin.cite_id, pin.quote, pin.question)
    offered = None if found is None else Offered(
        found.chunk.id, found.overlap, found.chunk.title, found.chunk.location,
        " ".join(found.chunk.text.split()[:OPENING_WORDS]))
    return BrokenPin(pin.id, pin.question, pin.chunk_id, offered)
