"""The records a search returns: ranked hits and the result with its confidence."""

from __future__ import annotations

from dataclasses import dataclass

from bot.corpus.records import ChunkRecord
from bot.search.confidence import Confidence, Evidence


@dataclass(frozen=True)
class Hit:
    """One ranked chunk: the chunk as indexed, its position in the index and its score."""

    docno: int
    chunk: ChunkRecord
    score: float                      # what the hits are ordered by: fused, or BM25 when lexical
    bm25: float | None = None         # rank-bm25's score; None when only the semantic stage found it
    similarity: float | None = None   # cosine of its best sentence with the question; None without vectors
    whole_similarity: float | None = None  # cosine of its whole text with the question
    sparse_similarity: float | None = None  # the sparse head's cosine; None without it

    @property
    def chunk_id(self) -> str:
        """The stable id of the chunk (what feedback and pins keep)."""
        return self.chunk.id

    @property
    def cite_id(self) -> str:
        """The id cited: the source's, or a .jsonl record's own."""
        return self.chunk.cite_id

    @property
    def source_id(self) -> str:
        """The manifest source the chunk came from."""
        return self.chunk.source_id

    @property
    def title(self) -> str:
        """The chunk's title (its document's, or a record's own)."""
        return self.chunk.title

    @property
    def location(self) -> str:
        """Where in its source the chunk is."""
        return self.chunk.location

    @property
    def url(self) -> str | None:
        """The chunk's link, if its source has one."""
        return self.chunk.url

    @property
    def text(self) -> str:
        """The chunk's text."""
        return self.chunk.text

    @property
    def section(self) -> tuple[str, str] | None:
        """The titled record this chunk is one part of (a law's § split at its ledd), None for any other chunk.

        The parts of a .jsonl record share its source and title and say where in it they are
        (`location`, "andre ledd"); a document's chunks cite the document, and a whole § has no location.
        """
        c = self.chunk
        return part_of(c.source_id, c.cite_id, c.title, c.location)


def part_of(source_id: str, cite_id: str, title: str, location: str) -> tuple[str, str] | None:
    """The titled record a chunk is one part of ((source id, title)), from its citation fields; None for any other."""
    return (source_id, title) if cite_id != source_id and location else None


@dataclass(frozen=True)
class SearchResult:
    """The ranked hits for a question, and whether the sources cover it at all."""

    question: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    coverage: float
    abstained: bool
    confidence: Confidence = "answered"
    semantic: bool = False   # whether the semantic stage ranked these hits
    evidence: Evidence | None = None  # what the confidence was judged from
    cited: bool = False  # the first hit is the § the question cites by its number ("Hva sier kommuneloven § 7-9?")
