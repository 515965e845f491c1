"""Searching an index: analyse the question, rank (BM25 fused with the cosines), collapse duplicates, judge."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

import numpy as np

import bot.search.index_country as index_words
from bot.analysis import Analyzer, default_analyzer
from bot.analysis.amounts import amount_missing
from bot.analysis.country import NAME_WORDS, country_of, named_country
from bot.analysis.counts import asked_count
from bot.analysis.language import language_family, language_told
from bot.analysis.names import mentioned, names, places
from bot.corpus.lawtext import is_section, part_range
from bot.corpus.records import ChunkRecord, SourceRecord
from bot.index.grams import GramIdf
from bot.index.store import IndexStore, Vectors
from bot.index.units import sentences
from bot.search import citations, parts
from bot.search.citations import (
    Sections,
    abbreviations,
    asks_law_alone,
    asks_law_text,
    cited_laws,
    cited_numbers,
    law_words,
    mentions,
)
from bot.search.confidence import Evidence, decide, further
from bot.search.fusion import CANDIDATES, Dense, Fused, candidates, fuse, ranked, scores, signals
from bot.search.index_country import index_country
from bot.search.lexical import Lexical
from bot.search.lists import lists_first
from bot.search.parts import best_parts, part_groups, pooled_aligned, pooled_dense, siblings
from bot.search.records import Hit, SearchResult
from bot.semantic.embedder import Embedder
from bot.semantic.sparse import SparseVectors

__all__ = ["Hit", "SearchResult", "Searcher"]  # the records are re-exported: callers import them from here
log = logging.getLogger(__name__)
_WORDS = re.compile(r"\w+")
# The model embeds a question's last this many words: its cost grows with the tokens, and a pasted
# message of 2,000 characters took a second. No question of any set has more (dev3's longest has 39);
# a cut at 24 whole-sentence words refused a covered question, its context sentence dropped
# (dev-law DL19; benchmarks/README.md, "Latency levers").
QUESTION_WORDS = 48
# A sentence that is itself a question ("?") asks, it does not answer: its cosine is lowered by this much,
# and a chunk's whole-text cosine by this much times its share of such sentences. A slide of discussion
# questions is close to every question in the model's space (benchmarks/README.md, "A passage that asks").
ASKING = 0.02
# A law binds in its own country: a § of the other country (a Danish § for a question about Norway,
# a Norwegian one for a question about Denmark: the country it names, else its language's; an English
# question naming neither has none) is lowered by this much in the fused score, so the asker's own
# law comes first unless the other is far closer.
# About a tenth of the cosine's weight: on the shipped index 3 and a full demotion rank every set
# the same (benchmarks/README.md, "The asker's own country's law first").
OTHER_COUNTRY_LAW = 3.0
# ... and the country's name is that choice, not a word a law's § holds: a law never names its own country, so "In
# Denmark, what does the borgmester do?" had its coverage of § 31 halved by "danmark" and was refused where "What does
# the borgmester do?" was hedged. A § first is judged by the question's other terms (`_evidence`). The ranking still
# reads the name: a slide or a press release may be about the country ("velfærden i Danmark"), and searched without it
# dev3 lost a first place to a refusal (0.4.42's round). Off: benchmarks.answers --without "country's name unsearched".
COUNTRY_NAME_UNSEARCHED = True
# A question about one country (the one it names, else its language's) whose best passage is a § of the other
# country's law is hedged, the lead saying the asker's law lacks it (Evidence.other_country, confidence.capped):
# "Hvordan søker jeg fritak fra vervet i Danmark?" had been answered plainly with Kommuneloven § 7-9. Not for a question
# naming a law (it may name the other country's; a follow-up naming a country is searched without the earlier
# question's laws, bot/answer/followup.py) or asked in English with no country of its own. Asked in the other country's
# language, the line says the search met none of the asked country's §§, not that its law lacks it (Answer.lead). Off:
# benchmarks.answers --without "other country's law hedged".
OTHER_COUNTRY_HEDGED = True
# The country the hedge reads is the one the ranking reads (`country_of`): since 0.4.45 also an English question's
# by the words it borrows ("… before the kommunestyre meeting …") or the bot's KOMMUNEBOT_COUNTRY. Before, the ranking
# lowered the Danish §§ for such a question and the hedge did not know it was Norway's, so a Danish § that stayed first
# was said plainly. Off: benchmarks.answers --without "borrowed words' country hedged" (the question's name or
# language alone, as before).
SEARCHED_COUNTRY_HEDGED = True
# A question about a name the index never mentions in any form (a town, a person, an event: "… i Bergen
# kommune?"), met by a passage that names something else, is not answered plainly (confidence.capped):
# the closest passage is about another place or thing than the one asked about.
# Off: benchmarks/answers.py --without "absent name".
ABSENT_NAMES = True
# ... and a place the first passage's document title names counts as named by the passage (`places`): a deck "… i
# Testvik" answers no "… i Bergen?" though its slide never names Testvik. Off: --without "title's place".
PLACE_TITLES = True
# A § the question cites by number ("Hva sier offentleglova § 3?", "§ 16 c") comes first, and the reply is
# answered (bot.search.citations). Off: benchmarks/answers.py --without "cited section".
CITED_SECTIONS = True
# The questions written for a passage (bot.corpus.questions) find it by their cosines too (Dense.asked), as
# by their words in BM25's text; off for an ablation (benchmarks.answers --without "written-question cosines").
ASKED_COSINES = True
# An FAQ search's question-to-question match: among the first ASKED_AMONG, the chunk holding the written question
# nearest the asked one is raised by this much in the fused score where it is not first already, and the confidence
# reads the lead of the ranking without the raise (0.4.24's form widened the first passage's lead, which the
# confidence read as evidence: benchmarks/README.md, "The nearest written question raised"). At 0.5 (0.4.35) the
# sets' first places rise 1,065 → 1,079 of 1,336 (nine of them the blind sets), none refused more; at 1 the dev
# sets lose six.
# Off: benchmarks/answers.py --without "nearest written question".
ASKED_FIRST = 0.5
# A law's § first whose lead is small and whose rivals' written questions are nearer the question is hedged
# (confidence.contested, Evidence.written_lead). Off: benchmarks.answers --without "contested §".
CONTESTED_SECTIONS = True
CONTESTED_RIVALS = 4  # the passages after the first whose written questions may contest it: the reply's next few
ASKED_AMONG = 20
# A record of its own (a law's § or one of its ledd: a .jsonl record cited by its own id) is never a near-duplicate
# of another passage, nor another of it: a law repeats its wording for each body and payment it governs, and its
# short § is then 80 % of a longer one's words (Kommuneloven § 8-4 within § 8-3's first ledd), yet answers
# another question. The test is for the same slide or paragraph twice. Off: benchmarks.answers --without
# "records distinct".
RECORDS_DISTINCT = True
# The amount a question asks for is read in its first passage's title and heading too, as the reply shows them
# above the quote: offentleglova § 8 is "Hovudregel om gratis innsyn", and "Hvor mye må jeg betale for å få innsyn?"
# was hedged for a sum its ledd do not state (0.4.30). Off: benchmarks.answers --without "heading's amount".
HEADING_AMOUNTS = True
# A first passage that is a title alone (a section's divider slide, "Forholdet politikk administrasjon": one short
# line, no sentence, question or quotation) says nothing, however well its words and written questions meet the
# question: the reply is a hedge, never a plain answer (confidence.capped; 0.4.30). The ranking is as before (ranked
# after the other slides, the dividers cost dev and dev3 first places). Off: benchmarks.answers --without "title
# alone".
TITLE_ALONE_HEDGED = True
TITLE_WORDS = 8
_SENTENCE_MARK = re.compile(r"[.?!:;«»\"“”]")
# A question no word of which tells its language ("§ 14", "paragraf 16 e") is of the asker's country where the front
# end knows it (Searcher.search's `asker`: the Telegram user's language), so its bare § is that country's law's.
# Off: no country but the bot's own (KOMMUNEBOT_COUNTRY) for it, as before.
ASKER_COUNTRY = True
# An English question's words the index lacks are translated in the language of the country the search reads it as
# about (`reading_country`: the one it names, borrows words of, the index's §s tell, else the bot's own), not only the
# one its own words tell the analyzer: "Can the administration refuse to give me documents, kommunedirektør says no?"
# is Norway's by the index's §s alone, and its "refuse" had been read as the Danish nægte (eng-nor lacks it) and
# searched in Denmark's law. Off: benchmarks.answers --without "dictionary by the searched country".
SEARCHED_COUNTRY_READS = True
WORD_SETS = 20_000  # chunks' word sets a searcher keeps (the bundled corpus has about 1,000 chunks)


class Searcher:
    """Questions over one open index: BM25 (bot.search.lexical) fused with the semantic stage; thread-safe."""

    def __init__(self, store: IndexStore, analyzer: Analyzer | None = None, embedder: Embedder | None = None,
                 question_words: int = QUESTION_WORDS, country: str | None = None) -> None:
        """:param question_words: embed at most the question's last this many words (0: all; see `embedded`).
        :param country: the bot's own country ("no", "da"): whose law first for an English question naming none."""
        self.store = store
        self.question_words = question_words
        self.country = country
        self._sources: tuple[SourceRecord, ...] | None = None
        self._sections: Sections | None = None  # the index's laws by § number, read at the first § cited
        self._country_terms: frozenset[str] | None = None  # the countries' names as terms (`_terms`)
        self._groups: np.ndarray | None = None  # each docno's record split into parts, read at the first question
        # each chunk's set of words for the near-duplicate test, by its text (a text never changes under a store)
        self._word_sets: dict[str, frozenset[str]] = {}
        self.analyzer = analyzer or default_analyzer()
        self.lexical = Lexical(store)
        self.vocabulary = self.lexical.vocabulary
        self.embedder: Embedder | None = None
        self._vectors = Vectors(np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32),
                                np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32))
        self._unit_starts = np.zeros(0, dtype=np.int64)  # where each chunk's sentence units begin
        self._asked_starts = np.zeros(0, dtype=np.int64)  # likewise its written questions
        self._grams: GramIdf | None = None
        self._embedded = lru_cache(maxsize=1024)(self._embedded_text)
        self._reading_countries = lru_cache(maxsize=1024)(self._reading_country)
        # the country an English question's borrowed words tell by the index's own §s: asked for its reading and again
        # for its ranking, read once (keyed by the lever too, so a benchmark that switches it is not served stale)
        self._index_countries = lru_cache(maxsize=1024)(
            lambda question, _on: index_country(question, self.analyzer, self.lexical.postings, self.store.chunks))
        self._stopwords: frozenset[str] = getattr(self.analyzer, "stopwords", frozenset())  # the build's, for grams
        if embedder is not None and store.embedding_model:
            if store.embedding_model == embedder.name:
                self._vectors = store.vectors()
                for rows in (self._vectors.units_sparse, self._vectors.whole_sparse):
                    if rows is not None:
                        rows.prepare()  # the sparse head's postings, before the first question
                self._unit_starts = self._vectors.unit_starts()
                self._asked_starts = self._vectors.asked_starts()
                self._asking_units, self._asking_whole = _asking(store, self._vectors, self._unit_starts)
                self.embedder = embedder
                self._query_vectors = lru_cache(maxsize=1024)(embedder.embed_query)
                self._query_sparse = lru_cache(maxsize=1024)(self._sparse_query)
                # read once (1 MB for the bundled corpus): the confidence's gram input, beside the head's only
                self._grams = store.grams() if self.sparse else None
            else:
                log.warning("semantic search off for %s: it was embedded with %s, the model here is %s "
                            "(run: kommunebot index build)", store.path, store.embedding_model, embedder.name)

    def _words(self, text: str) -> frozenset[str]:
        """The set of a chunk text's words (the near-duplicate test's), kept once made."""
        words = self._word_sets.get(text)
        if words is None:
            if len(self._word_sets) >= WORD_SETS:
                self._word_sets.clear()  # a bound for very large indexes
            words = self._word_sets[text] = frozenset(_WORDS.findall(text.lower()))
        return words

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """BM25's top `k` (docno, score) for analysed `terms`, exactly as rank-bm25 scores them."""
        return self.lexical.rank(terms, k)

    def postings(self, term: str) -> np.ndarray | None:
        """The ascending docnos of the chunks holding `term`; None when the index lacks it."""
        return self.lexical.postings(term)

    def coverage(self, terms: list[str] | tuple[str, ...], docno: int) -> float:
        """Share of the question's information found in chunk `docno` (see Lexical.coverages)."""
        return self.lexical.coverage(terms, docno)

    def coverages(self, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        """`coverage` of each chunk in `docnos` at once."""
        return self.lexical.coverages(terms, docnos)

    def on_topic(self, language: str, terms: list[str] | tuple[str, ...], hits: Iterable[Hit],
                 first: Hit | None = None) -> list[bool]:
        """For each hit, whether it would be shown were it the best: the confidence rule applied to it alone, and, given
        the reply's `first` passage, whether its evidence is near enough the first's, judged alone too
        (`confidence.further`).

        Past the first passage the ranking runs on into chunks that only share a word or a tone
        with the question (a presenter's bio); those would be refused on their own. A hit judged
        alone has no lead over a second passage and is not taken to be either stage's first.
        """
        hits = list(hits)
        if not hits:
            return []
        judged = [*hits, first] if first is not None else hits
        covered = self.coverages(terms, np.array([h.docno for h in judged], dtype=np.int64))
        asked = language_family(language)  # the question's language, as its caller already detected it
        evidence = [Evidence(float(c), h.similarity, 1, h.whole_similarity, terms=len(set(terms)),
                             other_language=asked != language_family(h.chunk.lang), sparse=h.sparse_similarity)
                    for c, h in zip(covered, judged, strict=True)]
        reference = evidence.pop() if first is not None else None
        return [further(e, reference) for e in evidence]

    def sources(self) -> list[SourceRecord]:
        """The index's sources, by title (read once: a rebuilt index is a new file, opened by a new Searcher)."""
        if self._sources is None:
            self._sources = tuple(self.store.sources())
        return list(self._sources)

    def word_terms(self, text: str) -> list[str]:
        """A text's index terms, as the analyzer gives them for documents (to match words in a quote)."""
        return self.analyzer.terms(text)

    def sentence_cosines(self, question: str, hit: Hit) -> dict[str, float]:
        """The question's cosine with each sentence of a hit's chunk (its units' vectors); {} when lexical.

        The quote picks by them where the question's words do not tell its sentences apart.
        """
        v = self._vectors
        if not self.semantic or not len(v.owners):
            return {}
        lo, hi = np.searchsorted(v.owners, hit.docno, "left"), np.searchsorted(v.owners, hit.docno, "right")
        parts = sentences(hit.text)
        if hi - lo != len(parts):  # a chunk with no sentence long enough has one unit: itself with its title
            return {}
        return dict(zip(parts, (float(c) for c in v.units[lo:hi] @ self.query_vector(question)), strict=True))

    def written_sentence_cosines(self, question: str, hit: Hit) -> dict[str, float]:
        """Each sentence of a hit's chunk's cosine with the question written for the chunk nearest `question` (its
        units' vectors against that question's): which of its sentences answer what the asker most nearly asked, as
        the question's writer read the passage. {} when lexical, or the chunk has no written question.

        The quote reads them beside `sentence_cosines` (quote.semantic_scorer's `written`).
        """
        v = self._vectors
        if not self.semantic or not len(v.owners) or not len(v.asked_owners) or not ASKED_COSINES:
            return {}
        lo, hi = np.searchsorted(v.asked_owners, hit.docno, "left"), np.searchsorted(v.asked_owners, hit.docno, "right")
        if hi == lo:
            return {}
        written = v.asked[lo:hi]
        nearest = written[int(np.argmax(written @ self.query_vector(question)))]
        lo, hi = np.searchsorted(v.owners, hit.docno, "left"), np.searchsorted(v.owners, hit.docno, "right")
        parts = sentences(hit.text)
        if hi - lo != len(parts):  # a chunk with no sentence long enough has one unit (sentence_cosines)
            return {}
        return dict(zip(parts, (float(c) for c in v.units[lo:hi] @ nearest), strict=True))

    def written_cosine(self, question: str, docno: int) -> float | None:
        """The question's cosine with the closest question written for a chunk; None without any (or lexical)."""
        v = self._vectors
        if not self.semantic or not len(v.asked_owners) or not ASKED_COSINES:
            return None
        lo, hi = np.searchsorted(v.asked_owners, docno, "left"), np.searchsorted(v.asked_owners, docno, "right")
        return float(np.max(v.asked[lo:hi] @ self.query_vector(question))) if hi > lo else None

    @property
    def semantic(self) -> bool:
        """Whether questions are ranked by BM25 fused with the embedding model (else BM25 alone)."""
        return self.embedder is not None and len(self._vectors.docnos) > 0

    def embedded(self, question: str) -> str:
        """The text of `question` the model embeds: as the analyzer gives it to the model (an English question with
        the glossary's Norwegian terms), its last `question_words` words (BM25 reads it all).

        Remembered: an answer asks for it once a card's sentences (the quote picks by their cosines), and reading
        the glossary, the spelling and the dictionary again each time was a fifth of an answer's time."""
        return self._embedded(question)

    def _embedded_text(self, question: str) -> str:
        text = self.analyzer.for_model(question, self.vocabulary, self.reading_country(question))
        return question_tail(text, self.question_words) if self.question_words else text

    def searched_as(self, question: str) -> tuple[tuple[str, str], ...]:
        """An English `question`'s words and the index's terms the search read them as (`Analyzer.searched_as`), in the
        country's language it reads the question in."""
        return self.analyzer.searched_as(question, self.vocabulary, self.reading_country(question))

    def reading_country(self, question: str) -> str | None:
        """"no" or "da": the country whose language an English `question`'s words are translated in, the one the search
        reads it as about (SEARCHED_COUNTRY_READS): the one it names, else whose words it borrows (`country_of`), else
        whose law §s alone hold its borrowed words (`index_country`), else the bot's own; None for a question in
        another language, or about neither. It depends on the question alone, so every reading of it (the terms, the
        model's text, the confidence's grams) is of one country."""
        return self._reading_countries(question, SEARCHED_COUNTRY_READS, index_words.INDEX_WORDS_COUNTRY)

    def _reading_country(self, question: str, on: bool, _index_words: bool) -> str | None:
        if not on or language_told(question)[0] != "en":
            return None
        return country_of(question, "en", self.country) or self._index_country(question)

    def _index_country(self, question: str) -> str | None:
        """`index_country` of `question`, cached."""
        return self._index_countries(question, index_words.INDEX_WORDS_COUNTRY)

    def query_vector(self, question: str) -> np.ndarray:
        """The question's embedding, cached: pin matching asks for the same question's vector again."""
        assert self.embedder is not None
        return self._query_vectors(self.embedded(question))

    @property
    def sparse(self) -> bool:
        """Whether the index holds the model's sparse vectors (the question's come from the same run of
        the model as its dense one)."""
        return self.semantic and self._vectors.units_sparse is not None and self._vectors.whole_sparse is not None

    def _sparse_query(self, text: str) -> SparseVectors:
        # cached as its SPARSE_K latents (1 KB), spread over all 16,384 only while it is scored (64 KB)
        assert self.embedder is not None
        return self.embedder.embed_sparse([text], is_query=True)

    def dense(self, question: str) -> Dense:
        """The question's cosines with every chunk (by docno): its best sentence's, its whole text's, and with the
        sparse head the best of the sparse vectors' (whole text and sentences)."""
        query = self.query_vector(question)
        v = self._vectors
        whole = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        whole[v.docnos] = v.whole @ query - self._asking_whole
        sentence = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        if len(v.owners):
            sentence[v.owners[self._unit_starts]] = np.maximum.reduceat(v.units @ query - self._asking_units,
                                                                         self._unit_starts)
        asked = None
        if len(v.asked_owners) and ASKED_COSINES:
            asked = np.full(self.store.n_docs, np.nan, dtype=np.float32)
            asked[v.asked_owners[self._asked_starts]] = np.maximum.reduceat(v.asked @ query, self._asked_starts)
        if v.whole_sparse is None or v.units_sparse is None:  # an index without the head
            return Dense(sentence, whole, asked=asked)
        latent = self._query_sparse(self.embedded(question)).query(0)
        sparse = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        sparse[v.docnos] = v.whole_sparse.scores(latent)
        if len(v.owners):
            best = np.maximum.reduceat(v.units_sparse.scores(latent), self._unit_starts)
            sparse[v.owners[self._unit_starts]] = np.fmax(sparse[v.owners[self._unit_starts]], best)
        return Dense(sentence, whole, sparse, asked)

    def _ranking(self, question: str, terms: list[str], k: int) -> tuple[list[Fused], int | None, int | None]:
        """BM25's top list, fused with the cosines when semantic, best first; BM25's first and the cosine's."""
        if not self.semantic:
            lexical = self.rank(terms, 2 * k + 8)
            return [Fused(d, s, s, math.nan, math.nan) for d, s in lexical], (lexical[0][0] if lexical else None), None
        lexical = self.rank(terms, max(CANDIDATES, 2 * k + 8))
        dense = self.dense(question)
        docnos = candidates(lexical, dense)
        # candidates() lists BM25's order, then the best by sentence cosine: its first dense one is the best
        closest = int(docnos[np.nanargmax(dense.sentence[docnos])]) if len(docnos) and \
            not np.isnan(dense.sentence[docnos]).all() else None
        first = (lexical[0][0] if lexical else None), closest
        group = self._part_groups()
        if group is None:
            return fuse(lexical, dense, docnos, self.coverages(terms, docnos), limit=2 * k + 8), *first
        # a § split at its ledd ranked as one (bot.search.parts): every part of a candidate § is a candidate, the
        # §'s best part raised towards the best of all its parts' signals, the others ranked by their own
        docnos = siblings(docnos, group)
        coverage = self.coverages(terms, docnos)
        alone = signals(lexical, dense, docnos, coverage)
        own = scores(alone)
        pooled = scores(signals(lexical, pooled_dense(dense, group), docnos, pooled_aligned(coverage, docnos, group)))
        fused = np.where(best_parts(own, docnos, group), own + parts.POOL_SHARE * (pooled - own), own)
        # each hit carries its §'s best cosines: the confidence judges the § its card shows, not one ledd
        return ranked(alone, fused, lexical, pooled_dense(dense, group, asked=False), limit=2 * k + 8), *first

    def _record_of(self, docno: int) -> list[int]:
        """The docnos of the record `docno` is a part of (its § split at its ledd), or [docno] alone."""
        group = self._part_groups()
        if group is None or group[docno] < 0:
            return [docno]
        return [int(d) for d in np.flatnonzero(group == group[docno])]

    def _part_groups(self) -> np.ndarray | None:
        """Each docno's record when the index holds records split into parts (bot.search.parts), else None; None for
        a lexical search too, which ranks and judges each part by BM25 and its own coverage as before."""
        if not parts.POOLED_PARTS or not self.semantic:
            return None
        return self._records()

    def _records(self) -> np.ndarray | None:
        """Each docno's record split into parts (its group number, -1 for a chunk that is no part), read once; None
        when the index holds no such record."""
        if self._groups is None:
            group = part_groups(self.store.citations(), self.store.n_docs)
            self._groups = group if (group >= 0).any() else np.zeros(0, dtype=np.int64)
        return self._groups if len(self._groups) else None

    def first_part(self, docno: int) -> tuple[int, ChunkRecord] | None:
        """The first part of the record chunk `docno` is a part of (a § split at its ledd: the part that begins
        with its first ledd), with its docno; None for a chunk that is no part, or a record whose first part is
        not in the index. A lexical search reads it too: what a reply's card holds does not depend on the model."""
        return self.part_with(docno, 1, first=True)

    def part_with(self, docno: int, ledd: int, first: bool = False) -> tuple[int, ChunkRecord] | None:
        """The part of the record chunk `docno` is a part of that holds its `ledd` (1-based; with `first`, that
        begins with it), with its docno; None for a chunk that is no part, or no such part in the index."""
        group = self._records()
        if group is None or docno >= len(group) or group[docno] < 0:
            return None
        siblings = [int(d) for d in np.flatnonzero(group == group[docno])]
        for d, chunk in self.store.chunks(siblings).items():
            span = part_range(chunk.location)
            if span is not None and (span[0] == ledd if first else span[0] <= ledd <= span[1]):
                return d, chunk
        return None

    def _cited(self, question: str, terms: list[str], country: str | None, ranked: list[Fused]) -> list[Fused]:
        """The chunks of the § the question cites by number (bot.search.citations), each with its fused record,
        best first; none when it cites none the index holds."""
        if not CITED_SECTIONS or not cited_numbers(question):
            return []
        section = self._law_sections().cited(question, country, {f.docno: i for i, f in enumerate(ranked)})
        if section is None:
            return []
        known = {f.docno: f for f in ranked}
        missing = np.asarray([d for d in section.docnos if d not in known], dtype=np.int64)
        if len(missing):
            if self.semantic:
                found = fuse([], self.dense(question), missing, self.coverages(terms, missing))
            else:
                found = [Fused(int(d), 0.0, None, math.nan, math.nan) for d in missing]
            known.update((f.docno, f) for f in found)
        # its ledd as the search ranks them (the one that answers first), those it did not rank after them
        return sorted((known[d] for d in section.docnos), key=lambda f: -f.score)

    def _law_sections(self) -> Sections:
        """The index's laws by § number, read at the first question that cites a § or names a law."""
        if self._sections is None:
            self._sections = Sections(((d, c.id, c.title, c.lang) for d, c in self.store.chunk_rows()),
                                      self._stopwords)
        return self._sections

    def signed(self, question: str) -> str:
        """`question` with "§" before a number N-N just after a law's name or abbreviation ("kommuneloven 11-5" →
        "kommuneloven § 11-5", `Sections.signed`); as it is where it has none, the index's laws not read for it."""
        return self._law_sections().signed(question) if citations.unsigned(question) else question

    def searched(self, question: str) -> str:
        """What the search reads of `question`: without a § it cites beside a law the index does not have
        (`Sections.held_sections`: "plan- og bygningsloven § 12-1" is not Kommuneloven § 12-1's words); as it is
        where it cites none, the index's laws not read for it."""
        if not cited_numbers(question) or not cited_laws(question, self._stopwords):
            return question
        return self._law_sections().held_sections(question) or question

    def missing_laws(self, question: str, passage: str | None = None) -> tuple[str, ...]:
        """The laws `question` names that the index does not have (`Sections.missing`), as it writes them.

        Given the first `passage`, a law it mentions ("databeskyttelsesloven finder ikke anvendelse") is not
        missing, unless the question cites a § or asks what the law says (it asks for that law's text, which the
        passage only refers to: `asks_law_text`), or says nothing but the law's name (`asks_law_alone`).
        """
        if not citations.LAWS_NOT_HELD or not (law_words(question) or abbreviations(question, self._stopwords)):
            return ()
        missing = self._law_sections().missing(question)
        if missing and passage is not None and not cited_numbers(question) and not asks_law_text(question) and \
                not asks_law_alone(question, missing, self.function_words()):
            text = passage.lower()
            missing = tuple(law for law in missing if not mentions(text, law))
        return missing

    def function_words(self) -> frozenset[str]:
        """The words that frame a question in any of its languages: the stop words and English's, "is" and "by"
        among them (`Analyzer.english_ambiguous`, kept from a Norwegian question's terms, are frame words here)."""
        return self._stopwords | self.analyzer.english | self.analyzer.english_ambiguous

    def absent_names(self, question: str, passage: str | None = None, title: str = "") -> tuple[str, ...]:
        """The names `question` asks about (`names`) that the index holds in no form (`Analyzer.knows`).

        Given the first `passage`, only when it names something the question does not, or its document's `title`
        names a place (`places`): a rule that names no place ("Ved stemmelikhet … er møtelederens stemme
        avgjørende") answers "… i Bodø?" as it answers everywhere, where Trondheim's regulation, a slide on Norway's
        population or a slide of a deck "… i Testvik" (its rates for the havnestyre) is about another place than
        the one asked about.
        """
        if not ABSENT_NAMES:
            return ()
        asked = names(question)
        absent = tuple(n for n in asked if not mentioned(n, lambda w: self.analyzer.knows(w, self.vocabulary)))
        if absent and passage is not None:
            lowered = {n.lower() for n in asked}
            if all(n.lower() in lowered for n in names(passage) + (places(title) if PLACE_TITLES else ())):
                return ()
        return absent

    def _judged_terms(self, question: str, terms: list[str], chunk: ChunkRecord | None) -> list[str]:
        """The question's terms a best `chunk` is judged by: a law § first, without the name of the one country the
        question names (COUNTRY_NAME_UNSEARCHED) unless nothing else is asked."""
        if not COUNTRY_NAME_UNSEARCHED or chunk is None or not is_section(chunk.id) or named_country(question) is None:
            return terms
        if self._country_terms is None:  # each name's own term as indexed, not a compound's parts ("nord", "mann")
            self._country_terms = frozenset(own[0] for word in sorted(NAME_WORDS) if (own := self.analyzer.terms(word)))
        return [t for t in terms if t not in self._country_terms] or terms

    def search(self, question: str, k: int = 10, asker: str | None = None) -> SearchResult:
        """Rank chunks for `question` (BM25, fused with the semantic stage when on); judge the confidence.

        :param asker: the asker's language ("nb", "nn", "da", "en"), where the front end knows it (the user's Telegram,
            the chat's earlier question): its country's law first for a question no word of which tells its language
            ("§ 14"), before the bot's own; and Danish a question whose function words are as Danish as Norwegian
            (`language_told`)."""
        # the language first: a nynorsk question's words are read by nynorsk's dictionary too (Analyzer.query_terms)
        language, told = language_told(question, asker)
        # "kommuneloven 11-5" as "kommuneloven § 11-5"; the laws a question names are read in it as asked (`named`)
        named = self.signed(question)
        # and "plan- og bygningsloven § 12-1" searched as "plan- og bygningsloven": the § is not the index's
        asked = self.searched(named)
        terms = self.analyzer.query_terms(asked, self.vocabulary, language, self.reading_country(question))
        family = language_family(language)  # "no" for bokmål and nynorsk
        ranked, bm25_first, dense_first = self._ranking(asked, terms, k)
        # a question no word of which tells its language ("offentlighedsloven § 7": a law's name and numbers) is no
        # country's by the default language alone, so the law it names decides, not bokmål's country; failing that, the
        # asker's: a Danish user's "§ 14" had been read as bokmål's and answered by Offentleglova § 14. A question that
        # tells its language keeps the bot's own country as its default, as on the page (docs/retrieval.md, "A
        # country for each asker")
        own = language_family(asker) if asker is not None and ASKER_COUNTRY else None
        country = country_of(question, family, self.country) if told else \
            country_of(question, "", (own if own in ("no", "da") else None) or self.country)
        if country is None and language == "en":  # its borrowed words no word list knows, by the index's own §s
            country = self._index_country(question)
        cited = self._cited(asked, terms, country, ranked)
        ranked = cited_first(ranked, cited)[:2 * k + 8]
        rows = self.store.chunks(f.docno for f in ranked)
        ranked = own_country_first(ranked, {d: (r.id, r.lang) for d, r in rows.items()}, country)
        asked_raise = self._nearest_asked_first(asked, ranked)
        ranked, not_raised = asked_raise, (ranked if asked_raise is not ranked else None)
        count, texts = asked_count(question, language), {d: r.text for d, r in rows.items()}
        listed = lists_first(ranked, texts, count)
        ranked, listed = cited_first(ranked, cited), cited_first(listed, cited)  # a cited § stays first
        hits, ordered = self._hits(listed, rows, k)
        evidence = self._evidence(asked, terms, language, hits, ordered, bm25_first, dense_first, named, country)
        # the ranking before any raise (a written question's nearness, a list's size), a cited § first
        plain_ranking = cited_first(not_raised, cited) if not_raised is not None else ranked
        if not_raised is not None and hits:
            # the lead the confidence reads is the ranking's without the written question's raise, never widened by it
            before, _ = self._hits(cited_first(lists_first(not_raised, texts, count), cited), rows, k)
            evidence = replace(evidence, margin=_lead(before) if len(before) > 1 else 0.0)
        # a § asked for by its number is the answer, however few other words the question has
        cited_first_hit = bool(cited and hits and hits[0].docno == cited[0].docno)
        confidence = "answered" if cited_first_hit else decide(evidence)
        if confidence == "not_covered" and not cited_first_hit and \
                [f.docno for f in listed] != [f.docno for f in plain_ranking]:
            # a list of the asked size, or a written question near the asked one, is no evidence against the sources
            # covering the question: a reply the raise would refuse keeps the level of the ranking without it
            plain, plain_ordered = self._hits(plain_ranking, rows, k)
            unraised = self._evidence(asked, terms, language, plain, plain_ordered, bm25_first, dense_first, named,
                                      country)
            # the line's evidence is the ranking's; what the first passage lacks (the caps) is the one shown's
            confidence = decide(replace(unraised, amount_missing=evidence.amount_missing, absent=evidence.absent,
                                        title_alone=evidence.title_alone, laws_missing=evidence.laws_missing,
                                        written_lead=evidence.written_lead))
        return SearchResult(question, tuple(terms), tuple(hits), evidence.coverage, confidence == "not_covered",
                            confidence, self.semantic, evidence, cited=cited_first_hit)

    def _nearest_asked_first(self, question: str, ranked: list[Fused]) -> list[Fused]:
        """`ranked` with the chunk whose written question is nearest `question` among the first ASKED_AMONG raised
        by ASKED_FIRST, best first again; `ranked` itself where it is first already (or none has one)."""
        if not ASKED_FIRST or not ranked:
            return ranked
        top = ranked[:ASKED_AMONG]
        cosines = [self.written_cosine(question, f.docno) for f in top]
        known = [(c, i) for i, c in enumerate(cosines) if c is not None]
        if not known:
            return ranked
        _, best = max(known)
        if best == 0:
            return ranked
        raised = top[:best] + [replace(top[best], score=top[best].score + ASKED_FIRST)] + top[best + 1:]
        return sorted(raised, key=lambda f: -f.score) + ranked[ASKED_AMONG:]

    def _hits(self, ranked: list[Fused], rows: dict[int, ChunkRecord], k: int) -> tuple[list[Hit], list[Hit]]:
        """The first `k` hits of `ranked`, near-duplicates dropped and agenda slides after the slides they announce;
        and the `k + 4` they were taken from (the first's rival may be past k)."""
        hits: list[Hit] = []
        shingles: list[frozenset[str]] = []
        texts: set[str] = set()  # texts already judged: the same text again is decided without word sets
        for fused in ranked:
            chunk = rows[fused.docno]
            if chunk.text in texts:
                continue  # the very text of a better hit, or of one dropped as a near-duplicate of it
            texts.add(chunk.text)
            if not (RECORDS_DISTINCT and chunk.cite_id != chunk.source_id):
                words = self._words(chunk.text)
                if any(len(words & seen) >= 0.8 * max(1, min(len(words), len(seen))) for seen in shingles):
                    continue  # a near-duplicate of a better hit (same slide twice, a reposted paragraph)
                shingles.append(words)
            hits.append(Hit(fused.docno, chunk, fused.score, fused.bm25, _number(fused.cosine), _number(fused.whole),
                            _number(fused.sparse)))
            if len(hits) == k + 4:
                break
        # Agenda slides never outrank the slides they announce (sorted is stable: BM25 order within).
        ordered = sorted(hits, key=lambda h: bool(h.chunk.secondary))
        return ordered[:k], ordered

    def _evidence(self, question: str, terms: list[str], language: str, hits: list[Hit], ordered: list[Hit],
                  bm25_first: int | None, dense_first: int | None, named: str | None = None,
                  country: str | None = None) -> Evidence:
        """What the confidence is judged from: the first hit's coverage, cosines, margin, grams and the checks (the laws
        missing read in `named`, the question with the §s the search leaves out: a § of a law asked for is its text;
        `country`, the one the ranking read, `country_of`)."""
        family = language_family(language)
        top = hits[0] if hits else None
        terms = self._judged_terms(question, terms, top.chunk if top is not None else None)
        cov = max((self.coverage(terms, d) for d in self._record_of(hits[0].docno)), default=0.0) if hits else 0.0
        grams = None
        if top is not None and self._grams is not None:
            # read with its words in the index's and the passage's languages (Analyzer.as_indexed)
            asked = self.analyzer.as_indexed(question, self.vocabulary, top.chunk.text, language,
                                             self.reading_country(question))
            grams = self._grams.best_sentence(asked, sentences(top.chunk.text) or [top.chunk.text], self._stopwords)
        return Evidence(cov, top.similarity if top else None, len(hits), top.whole_similarity if top else None,
                        margin=_lead(ordered) if len(hits) > 1 else 0.0,  # its rival may be past k
                        bm25_first=top is not None and top.docno == bm25_first,
                        dense_first=top is not None and top.docno == dense_first,
                        terms=len(set(terms)),
                        other_language=top is not None and family != language_family(top.chunk.lang),
                        sparse=top.sparse_similarity if top else None,
                        grams=grams,
                        amount_missing=top is not None and amount_missing(question, _shown_text(top.chunk)),
                        written=self.written_cosine(question, top.docno) if top is not None else None,
                        absent=self.absent_names(question, top.chunk.text, top.chunk.title) if top is not None else (),
                        title_alone=top is not None and TITLE_ALONE_HEDGED and title_alone(top.chunk.text),
                        # where nothing is found too (a search without the § of the law it lacks may find nothing):
                        # the refusal says which law the sources lack
                        laws_missing=self.missing_laws(named or question, _shown_text(top.chunk))
                        if top is not None else self.missing_laws(named or question)
                        if citations.MISSING_LAW_SECTIONS else (),
                        written_lead=self._written_lead(question, ordered),
                        other_country=self._other_country(question, family, top.chunk, country)
                        if top is not None else None)

    def _other_country(self, question: str, family: str, chunk: ChunkRecord, searched: str | None) -> str | None:
        """The question's country (`searched`, the ranking's) when `chunk` is a § of the other country's law
        (OTHER_COUNTRY_HEDGED), else None."""
        if not OTHER_COUNTRY_HEDGED or not is_section(chunk.id):
            return None
        country = searched if SEARCHED_COUNTRY_HEDGED else \
            named_country(question) or (family if family in ("no", "da") else None)
        if country is None or country == language_family(chunk.lang) or citations.law_words(question):
            return None
        return country

    def _written_lead(self, question: str, ordered: list[Hit]) -> float | None:
        """For a law's § first (a record of its own): how far the nearest written question of the next four passages
        of other §s is above the first's own (confidence.contested); None for another first passage, or where the
        first or every rival has no written question."""
        if not ordered or not CONTESTED_SECTIONS or ordered[0].chunk.cite_id == ordered[0].chunk.source_id:
            return None
        own = self.written_cosine(question, ordered[0].docno)
        section = _section_key(ordered[0].chunk)
        rivals = [c for c in (self.written_cosine(question, h.docno) for h in ordered[1:1 + CONTESTED_RIVALS]
                              if _section_key(h.chunk) != section) if c is not None]
        return max(rivals) - own if own is not None and rivals else None


def _section_key(chunk: ChunkRecord) -> tuple[str, str]:
    """What makes two chunks one passage for a rival: a record's parts share their source and title (a § split at its
    ledd), any other chunk is its own."""
    return (chunk.source_id, chunk.title) if chunk.cite_id != chunk.source_id else (chunk.id, "")


def title_alone(text: str) -> bool:
    """Whether a chunk's text is a title alone: one line of at most TITLE_WORDS words, no sentence mark."""
    text = text.strip()
    return bool(text) and "\n" not in text and len(text.split()) <= TITLE_WORDS and not _SENTENCE_MARK.search(text)


def _shown_text(chunk: ChunkRecord) -> str:
    """A chunk's text with its title and heading above it where HEADING_AMOUNTS, as a reply shows it."""
    return f"{chunk.title}\n{chunk.heading}\n{chunk.text}" if HEADING_AMOUNTS else chunk.text


def cited_first(ranked: list[Fused], cited: list[Fused]) -> list[Fused]:
    """`ranked` with the cited §'s chunks first, the rest as they were."""
    if not cited:
        return ranked
    first = {f.docno for f in cited}
    return cited + [f for f in ranked if f.docno not in first]


def own_country_first(ranked: list[Fused], chunks: dict[int, tuple[str, str]], country: str | None) -> list[Fused]:
    """`ranked` with each law § of the other country lowered by OTHER_COUNTRY_LAW, best first again.

    :param chunks: each docno's chunk id and language (a § has "/§" in its id; its language says its country)
    :param country: the question's ("no", "da": `country_of`); None lowers nothing
    """
    if country not in ("no", "da"):
        return ranked
    other = {"no": "da", "da": "no"}[country]
    lowered = [replace(f, score=f.score - OTHER_COUNTRY_LAW)
               if is_section(chunks[f.docno][0]) and language_family(chunks[f.docno][1]) == other else f
               for f in ranked]
    return sorted(lowered, key=lambda f: -f.score)  # stable: ties keep their order


def _asking(store: IndexStore, vectors: Vectors, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ASKING for each sentence unit that is a question, 0 for the others; each chunk's whole-text share of it."""
    units = np.zeros(len(vectors.owners), dtype=np.float32)
    whole = np.zeros(len(vectors.docnos), dtype=np.float32)
    if not ASKING or not len(vectors.owners):
        return units, whole
    owners = [int(d) for d in np.unique(vectors.owners)]
    rows = {}
    for i in range(0, len(owners), 900):  # SQLite's bound on a statement's variables (999 in older builds)
        rows.update(store.chunks(owners[i:i + 900]))
    row_of = {int(d): i for i, d in enumerate(vectors.docnos)}
    ends = [*starts[1:].tolist(), len(vectors.owners)]
    for lo, hi in zip(starts.tolist(), ends, strict=True):
        docno = int(vectors.owners[lo])
        parts = sentences(rows[docno].text)
        if len(parts) != hi - lo:  # a chunk with no sentence long enough: one unit, itself with its title
            continue
        flags = np.array([p.rstrip().endswith("?") for p in parts], dtype=np.float32)
        units[lo:hi] = ASKING * flags
        if docno in row_of:
            whole[row_of[docno]] = ASKING * float(flags.mean())
    return units, whole


def _lead(hits: list[Hit]) -> float:
    """The first hit's score over the next hit's that is not another part of its § (the confidence's margin).

    A § split at its ledd often fills the first places with its own parts, close in score: they
    are one answer, not rival ones. Measured against them, a § that stands clear of every other
    passage looked like a close call (benchmarks/README.md, "Levers measured through answer() on 0.4.2":
    dev-law hedged 25 -> 20 %, nothing else changed on any set).
    """
    if len(hits) < 2:
        return 0.0
    first = hits[0].section
    rival = next((h for h in hits[1:] if first is None or h.section != first), hits[1])  # none found: as before
    return hits[0].score - rival.score


def question_tail(question: str, words: int) -> str:
    """The question's last `words` words (the whole of a shorter one).

    In a long message the question is usually at its end, after the preamble; the words just
    before it are kept too (a sentence of context makes a short question asked after it mean
    something), which a cut at whole sentences lost.
    """
    parts = question.split()
    return question if len(parts) <= words else " ".join(parts[-words:])


def _number(value: float) -> float | None:
    """None for NaN: a chunk without vectors has no cosine."""
    return None if math.isnan(value) else value
