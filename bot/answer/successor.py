"""A broken pin's passage re-found: the passage of the same source that the pinned text most likely became."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.corpus.records import ChunkRecord
from bot.index.store import IndexStore

# The share of words a passage must have in common with the pinned text to be offered as what it became (weighted
# Jaccard of the two texts' words, each word as often as it occurs), where it does not stand in the pinned passage's
# place. benchmarks/pin_successor.py measures it on every passage of the shipped corpus, edited as a rebuild edits
# one and moved (a slide put in before it renumbers it): at 0.5, 1,032 of 1,050 passages with a word in ten changed,
# 932 of 1,050 with a sentence added, 698 of 899 with their last sentence taken away and 866 of 899 split in two are
# re-found; at 0.6, 567 of those split. A removed passage's nearest neighbour is offered for 91 of 1,050 at 0.5 (58 at
# 0.6), most of them a law's parallel provision. An offer is shown beside the pinned text and moves nothing until the
# course leader has read it and clicked, so the threshold favours re-finding.
OVERLAP = 0.5
# A passage in the pinned one's place (a law's same § and ledd, amended; a document's same slide or section, edited:
# its chunk id without the hash of its text) is what the text became unless it shares almost nothing with it: a law's
# parallel provisions share most words (§ 8-8 on sick pay and § 8-9 on injury benefits, 0.86), its own later wording
# is its own place.
PLACE_OVERLAP = 0.3
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


def nearest(text: str, chunks: Iterable[tuple[int, ChunkRecord]], threshold: float = OVERLAP,
            where: str | None = None) -> Successor | None:
    """Of `chunks`, the one whose words are nearest `text`, when it shares at least `threshold` of them, or
    PLACE_OVERLAP when it stands in the place `where` (`place` of the pinned chunk id), which then comes first."""
    best: Successor | None = None
    best_key = (False, 0.0)
    for docno, chunk in chunks:
        share = overlap(text, chunk.text)
        here = where is not None and place(chunk.id) == where
        if share >= (min(threshold, PLACE_OVERLAP) if here else threshold) and (here, share) > best_key:
            best, best_key = Successor(docno, chunk, share), (here, share)
    return best


def successor(store: IndexStore, chunk_id: str, cite_id: str, text: str,
              threshold: float = OVERLAP) -> Successor | None:
    """The passage of the pinned passage's source that the `text` pinned most likely became (`nearest`, its place
    first); None when the source is gone or nothing of it is near enough (the passage was removed)."""
    sources = sorted(pinned_sources(store, chunk_id, cite_id))
    return nearest(text, (c for source in sources for c in store.source_chunks(source)), threshold, place(chunk_id))
