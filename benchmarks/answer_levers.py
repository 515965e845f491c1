"""Ranking levers measured through answer() and not taken, switched on in-process by `benchmarks.answers --lever`.

Each patches the product's code for the one benchmark process, so the lever is measured by the
same harness, index and cached vectors as the shipped ranking (rows in benchmarks/README.md):

- question-as-passage=W: each question's vector mixed with its own "passage: "-prefixed vector,
  q + W × p normalised (e5's symmetric side, on the question only, so no index changes).
- coverage-length=B: the fusion's coverage divided by a pivoted length norm, 1 − B + B × words /
  mean words (a long chunk holds more of any question's words; the confidence's coverage is kept).
- sparse-sentences: the sparse head's cosine from a chunk's sentences only, not its whole text
  (a max-pooled vector of a long text has more latents on, so it meets more questions).
- section-votes=BETA: each ledd of a law's § raised by BETA × the number of other ledd of its § among
  the first 20 fused candidates (a § whose several ledd the question meets is more likely its answer
  than a passage naming the term once).
- asking-coverage=G: the fusion's coverage of a chunk times 1 − G × its share of sentences that are
  questions (a slide of discussion questions holds many of any question's words; the cosines are
  lowered for it already, retriever.ASKING).
- indexed-view=W: the question's vector mixed with the vector of the question as the index spells it
  (Analyzer.as_indexed: each word the index lacks as its bokmål, nynorsk or Danish counterpart the
  index holds), q + W × q', normalised, where that text differs (cross-language questions).
- section-opening=MODE: a law ledd that is not its §'s first also holds, for the fusion's coverage, the
  terms of its §'s first chunk (the opening that sets what the later ledd are about: "Retten til
  aktindsigt omfatter ikke sager om ansættelse" before "I sager som nævnt i stk. 2 … lønmæssige
  forhold"); MODE "all" for every later ledd, "refers" only for one whose text refers to another
  ("stk.", "ledd").
- asking-sparse=A: the sparse head's cosine lowered as the dense ones are (A for a sentence that is a
  question, A × the share of them for the whole text).
- late-interaction=W[:idf]: the first 20 fused candidates re-ranked by their score + W × the MaxSim of the
  bundled model's token states (each question token's best cosine with the chunk's tokens, averaged, as
  ColBERT scores): the one re-ranking stage the bundled model can give, since no cross-encoder ships
  its weights in a package (docs/retrieval.md, "Choosing the model"). With ":idf" the question's tokens
  are weighted by their idf over the index's chunks, so "hva", "jeg" and "kan" count for little.
- heading-coverage=W: the first 20 fused candidates raised by W × the share of the question's information
  in the chunk's own heading (a law §'s words after its number, "Kontrollutvalget"; a slide's title; a
  document section's heading), as a title field counts more in BM25F: the § named by what is asked
  among the many ledd that mention it.
- general-information=G: the coverage (fusion and confidence) counts each question term's information
  (from the index's own document frequencies: 78 chunks on the seed documents' index) times
  ((9 − Zipf) / 4) ** G of the question's word in the language at large (wordfreq's bokmål and Danish,
  as the decompounder reads it), so a common word ("kommune", "møte") counts for less than a rare one
  however few chunks of a small index hold it.
- source-mix=D: the first three passages show both kinds of source, a law's § and a document, when
  the best of the kind missing from them scores within D of the third (it takes the third place):
  result diversification, for an index where the law's many ledd crowd out the slide that answers.
- opening-ledd=B: a law's § whole, or the run of its ledd from the first, raised by B among the first 20
  (a § states its rule first; its later ledd are exceptions and details).
- compound-part=A[:fusion|:confidence]: a question term a chunk holds only as a part of its compounds counts
  A of its information in the coverage ("sjefen" met by "etatssjefer" and "kommunalsjefer" in a list of who
  may not be elected, not by a word "sjef"), in the fusion and the confidence (or in the one named).
  The analyzer indexes a compound as itself and its parts, so a part-only match counts as a whole word.
- english-lines=MODE: a question asked in English of a passage in another language is judged without the
  surface signals it cannot share with that passage (the sparse head's cosine, the 4-gram share): MODE
  "eight" by the eight-input line alone, "floor" by the better of that line's level and the shipped one.
- other-language=D: the confidence's evidence raised by D for a question asked in another language than its
  first passage's (the ten-input line's own weight for it is −0.594): refitted with plain-English questions
  in the calibration data that weight comes out positive (+0.892), and this moves it alone.
- english-offset=D: the evidence of a question asked in English of a passage in another language raised by D
  (other-language=D raises every question in another language than its passage's, Danish ones too).
- written-questions[=OFFSET]: questions written for each passage from its text alone (document expansion,
  doc2query; the questions.tsv of the pack and of corpus/) find and rank it as its own sentences do, by their
  cosine as questions (less OFFSET); the confidence and the quote still read the passage's own text.
  (Measured before 0.4.20, where the product embeds them itself; with it, set asked-gain instead.)
- asked-gain=G: the share of a written question's lead over its passage's own best sentence that ranks the
  passage (fusion.ASKED_GAIN, 0.5 since 0.4.20; 1 the max of the two cosines, 0 their words in BM25 alone).
- pool-share=S: the share of the way from a § part's own fused score to its §'s pooled one that the § is raised
  (bot.search.parts.POOL_SHARE, 0.25 since 0.4.24; measured at 0.1, 0.5, 0.75 and 1).
- asked-pool=K: a chunk's written-question cosine as the mean of its K best instead of its best (measured on
  0.4.20 at 2 and 3, not taken: lower on the blind sets and the law's).
- list-bonus=B: a chunk whose list has as many items as a "which N …" question asks for raised by B among the first
  20 (bot.search.lists; taken at 4 in 0.4.22, measured at 2, 3 and 6).
- as-asked: an English question's written-question cosines the better of the question as the model reads it and as
  asked (one more run of the model), to meet the questions written in English as written.
- compound-readings: a compound split at its longest known head by the reading of the rest with the fewest parts, then
  the most common ("kommune-styre", not "kommune-s-tyre"; "udvalg-s-medlemmer", not "udvalg-smed-lemmer").
- quote-meaning=W: the best sentence by meaning weighs W beside the best by words in choosing the quote
  (measured in 0.4.22 at 1.0, taken, and 1.5 and 2.0, not: each lifts the § answers of the law's sets
  and loses more of the English and blind seed sets' quotes).
- english-cognates: an English question's words the index does not know respelled the Norwegian way
  (-ical/-ic → -isk, -ity → -itet, -tion/-sion → -sjon, -y → -i, c → k or s, z → s, ph → f, th → t, qu → kv),
  each kept where the respelling is a term the index holds ("political" → politisk, "activity" →
  aktivitet, "strategy" → strategi), before the glossary's reading reaches BM25, the model and the 4-grams.
- bot-country=CC: every searcher set to the bot's own country (KOMMUNEBOT_COUNTRY, "no" or "da"), so an English
  question that names no country gets that country's law first (a setting since 0.4.14, off by default).
- english-dictionary=senses=N|known|norwegian|model=W: an English question's words read through the dictionary
  otherwise (bot/analysis/dictionary.py): the first N translations the index holds instead of one; a word the
  index holds read with its translation beside it; the English-Norwegian table alone, without Danish-English's;
  each table's senses ordered by the bundled model's cosine of word and translation, less W × its place.
- english-synonyms=N[:unknown]: an English word none of whose translations the index holds read through the
  synonyms of its first N WordNet senses (benchmarks/wordnet.py, Debian's wordnet-base); ":unknown" only for a
  word the dictionary lacks.
- compound-once=A[:fusion]: a question word's terms (a compound whole and its parts) counted once in the
  coverage, with the whole's information; a chunk holding only a part gets A × that part's.
- law-chapter: a Norwegian law's chapter beside its §'s title in what each sentence is embedded with (the
  index built anew in a folder of its own under benchmarks/out).
- chapter-unnamed=D: a Norwegian law's § whose chapter's name ("Kommunale og fylkeskommunale foretak") shares no
  term with the question's lowered by D in the fused score (after the other country's law), the chapter neither
  searched nor embedded: whose rule a § is, against a word the question shares with another body's §.
- associations=W:M:T and soft-coverage=A:M:T[:fusion|:confidence]: term associations learnt from the 350k
  passages of law (LSA), in BM25's query or in the coverage; thesaurus=A:M[:fusion|:confidence], a thesaurus's
  synonyms in the coverage (benchmarks/associations.py).
- asking-sentence=max|mean: a question of two sentences or more (a preamble, then the question) has its last
  sentence embedded too; each chunk's cosines are the better of the whole question's and that sentence's
  (max), or the question's vector is the mean of the two (mean). The law's scenario questions open so.
- law-answered=D: a reply whose first passage is a law's § is said plainly only from the answered threshold + D
  of the evidence line, else hedged: at the same evidence a § first is right less often than a document first.
- english-parts=first: an English question's word given the senses of the part of speech it plays first and the
  others after them (bot.analysis.dictionary.PART_ALONE off), where 0.4.41 gives it its part's senses alone; measured,
  not taken: one English reply up, not four.
- asked-coverage=W[:fusion]: a question of two sentences or more has the terms of its last (the asking sentence,
  after the situation) count W times their information in the coverage, the fusion's and the confidence's (":fusion"
  the fusion's alone): "Jeg er skolelærer … skolestruktur. Er jeg inhabil?" met the §§ holding its situation words
  before the § on inhabilitet. Measured in fix-lawrank at 2, not taken: blind law and blind law 2 lose places.
- english-bridged: an English question about Norway reads a word eng-nor lacks by its Danish senses in bokmål
  (bot.analysis.dictionary.BRIDGED on: english_nb_da.tsv.gz, scripts/english_dictionary.py); measured in fix-engdict,
  not taken: two English replies up and two down on the shipped index.
- model-own-words: the model reads an English question with the glossary's terms and its other words as asked, not
  the dictionary's translations (switches.DICTIONARY_FOR_MODEL off; BM25, the coverage and the grams read them as
  before); measured in fix-english-law, not taken: the blind sets' English law questions up on the shipped index, but
  dev3 English, dev3 English 2, blind seed and blind 14 lower on the seed documents' index.
- link-read: a compound's head's last letter read as its tail's first where that makes the commoner word
  ("kommunestyre" as kommune + styre, not kommune + tyre; bot.analysis.compounds.LINK_READ on); measured in 0.4.50,
  not taken: blind 6, blind law and blind 16 (shipped) and blind 13 one place lower, none higher.
- nynorsk-joins: a nynorsk question's word read by nynorsk's dictionary keeps its bokmål reading's terms beside the
  nynorsk reading's, where the index knows them ("vel" as velg and vel), instead of the nynorsk reading alone.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from benchmarks import associations, shared
from bot.analysis.language import detect_language, language_told
from bot.analysis.tokenize import normalise, tokens
from bot.bm25 import information
from bot.corpus.lawtext import is_section
from bot.corpus.questions import QUESTIONS_NAME, read_questions_file, with_questions
from bot.corpus.records import ChunkRecord
from bot.corpus.sources import searchable_text
from bot.paths import LAW_PACK
from bot.search import confidence, fusion, parts, retriever
from bot.search.fusion import Dense, Fused
from bot.search.records import Hit, SearchResult


def _question_as_passage(value: str) -> None:
    from benchmarks import vectors

    weight = float(value)
    asked = vectors.CachedEmbedder.embed_queries

    def mixed(self: vectors.CachedEmbedder, texts: list[str]) -> np.ndarray:
        m = asked(self, texts) + weight * self.embed_passages(texts)
        return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)

    vectors.CachedEmbedder.embed_queries = mixed  # type: ignore[method-assign]


def _coverage_length(value: str) -> None:
    b = float(value)
    covered = retriever.Searcher.coverages
    words: dict[int, np.ndarray] = {}  # by searcher

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        if id(self) not in words:
            rows = self.store.chunks(range(self.store.n_docs))
            words[id(self)] = np.array([len(re.findall(r"\w+", rows[i].text)) for i in range(self.store.n_docs)],
                                       dtype=np.float64)
        lengths = words[id(self)]
        return covered(self, terms, docnos) / (1 - b + b * lengths[np.asarray(docnos, dtype=np.int64)] / lengths.mean())

    retriever.Searcher.coverages = coverages  # type: ignore[method-assign]


def _sparse_sentences(value: str) -> None:
    cosines = retriever.Searcher.dense

    def dense(self: retriever.Searcher, question: str) -> Dense:
        d = cosines(self, question)
        v = self._vectors
        if d.sparse is None or v.units_sparse is None or not len(v.owners):
            return d
        latent = self._query_sparse(self.embedded(question)).query(0)
        sparse = np.array(d.sparse)  # a chunk without sentence units keeps its whole text's
        sparse[v.owners[self._unit_starts]] = np.maximum.reduceat(v.units_sparse.scores(latent), self._unit_starts)
        return Dense(d.sentence, d.whole, sparse)

    retriever.Searcher.dense = dense  # type: ignore[method-assign]


# What a re-ranking lever adds to each of the first 20 fused candidates: (searcher, question, its terms,
# the candidates, their chunks by docno) -> one amount a candidate.
Raise = Callable[[retriever.Searcher, str, list[str], list[Fused], dict[int, ChunkRecord]], list[float]]


def _raise_first(amounts: Raise) -> None:
    """The product's ranking with the first 20 fused candidates raised by `amounts`, best first again."""
    ranking = retriever.Searcher._ranking

    def raised(self: retriever.Searcher, question: str, terms: list[str], k: int) -> tuple:
        fused, bm25_first, dense_first = ranking(self, question, terms, k)
        top = fused[:20]
        if not top:
            return fused, bm25_first, dense_first
        extra = amounts(self, question, terms, top, self.store.chunks(f.docno for f in top))
        top = [replace(f, score=f.score + e) if e else f for f, e in zip(top, extra, strict=True)]
        return sorted(top, key=lambda f: -f.score) + fused[20:], bm25_first, dense_first

    retriever.Searcher._ranking = raised  # type: ignore[method-assign]


def _section_votes(value: str) -> None:
    from benchmarks.lawpack import section_of

    beta = float(value)

    def votes(self: retriever.Searcher, question: str, terms: list[str], top: list[Fused],
              rows: dict[int, ChunkRecord]) -> list[float]:
        sections = [section_of(rows[f.docno].id) for f in top]
        return [beta * (sections.count(sec) - 1) if is_section(sec) else 0.0 for sec in sections]

    _raise_first(votes)


_TOKENS: dict[tuple[bool, str], np.ndarray] = {}


def _token_states(model, text: str, is_query: bool) -> np.ndarray:  # noqa: ANN001 - an OnnxE5
    """The model's last-layer states of `text`'s own tokens (prefix and specials left out), each of length 1."""
    key = (is_query, text)
    if key not in _TOKENS:
        ids = model._ids(text, is_query)
        hidden = model._session.run(["hidden"], model.inputs([ids]))[0][0]
        own = hidden[1 + len(model._content("query:" if is_query else "passage:")):len(ids) - 1]
        _TOKENS[key] = (own / np.linalg.norm(own, axis=1, keepdims=True)).astype(np.float16)
    return _TOKENS[key]


def _late_interaction(value: str) -> None:
    from collections import Counter

    from bot.semantic.onnx_e5 import OnnxE5

    number, _, mode = value.partition(":")
    weight = float(number)
    model = OnnxE5(sparse=False)
    dfs: dict[int, tuple[int, Counter[int]]] = {}  # by searcher: its chunks, and how many hold each token id

    def token_weights(searcher: retriever.Searcher, question: str) -> np.ndarray:
        if id(searcher) not in dfs:
            rows = searcher.store.chunks(range(searcher.store.n_docs))
            dfs[id(searcher)] = len(rows), Counter(t for row in rows.values() for t in set(model._content(row.text)))
        n, df = dfs[id(searcher)]
        own = model._ids(question, True)[1 + len(model._content("query:")):-1]
        w = np.log((n + 1) / (np.array([df[t] for t in own], dtype=np.float64) + 1))
        return w / max(w.sum(), 1e-9)

    def maxsim(self: retriever.Searcher, question: str, terms: list[str], top: list[Fused],
               rows: dict[int, ChunkRecord]) -> list[float]:
        if not self.semantic:
            return [0.0] * len(top)
        asked = _token_states(model, self.embedded(question), True).astype(np.float32)
        weights = token_weights(self, self.embedded(question)) if mode == "idf" else \
            np.full(len(asked), 1 / max(len(asked), 1))
        return [weight * float((asked @ _token_states(model, rows[f.docno].text, False).astype(np.float32).T)
                               .max(axis=1) @ weights) for f in top]

    _raise_first(maxsim)


def _asking_share(searcher: retriever.Searcher) -> np.ndarray:
    """Each docno's share of sentences that are questions (0 where it has no vectors)."""
    share = np.zeros(searcher.store.n_docs, dtype=np.float64)
    if retriever.ASKING:
        share[searcher._vectors.docnos] = searcher._asking_whole / retriever.ASKING
    return share


def _asking_coverage(value: str) -> None:
    g = float(value)
    covered = retriever.Searcher.coverages

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        share = _asking_share(self)[np.asarray(docnos, dtype=np.int64)]
        return covered(self, terms, docnos) * (1 - g * share)

    retriever.Searcher.coverages = coverages  # type: ignore[method-assign]


def _asking_sparse(value: str) -> None:
    a = float(value)
    cosines = retriever.Searcher.dense

    def dense(self: retriever.Searcher, question: str) -> Dense:
        d = cosines(self, question)
        v = self._vectors
        if d.sparse is None or v.units_sparse is None or v.whole_sparse is None or not retriever.ASKING:
            return d
        latent = self._query_sparse(self.embedded(question)).query(0)
        flags = self._asking_units / retriever.ASKING
        sparse = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        sparse[v.docnos] = v.whole_sparse.scores(latent) - a * self._asking_whole / retriever.ASKING
        if len(v.owners):
            best = np.maximum.reduceat(v.units_sparse.scores(latent) - a * flags, self._unit_starts)
            sparse[v.owners[self._unit_starts]] = np.fmax(sparse[v.owners[self._unit_starts]], best)
        return Dense(d.sentence, d.whole, sparse)

    retriever.Searcher.dense = dense  # type: ignore[method-assign]


def _indexed_view(value: str) -> None:
    weight = float(value)
    vector = retriever.Searcher.query_vector

    def mixed(self: retriever.Searcher, question: str) -> np.ndarray:
        q = vector(self, question)
        indexed = self.analyzer.as_indexed(question, self.vocabulary)
        if indexed == question:
            return q
        m = q + weight * self._query_vectors(self.embedded(indexed))
        return (m / np.linalg.norm(m)).astype(np.float32)

    retriever.Searcher.query_vector = mixed  # type: ignore[method-assign]


def _coverages(searcher: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray,
               weight: Callable[[str], float] = lambda term: 1.0,
               holds: Callable[[str, np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """Lexical.coverages with each term's information times `weight(term)`, and each chunk holding a term as much
    as `holds(the term, its docnos)` says (1 or 0, or a share; default: 1 where the chunk is among them)."""
    n = searcher.store.n_docs
    total, found = 0.0, np.zeros(len(docnos))
    for term in set(terms):
        docs = searcher.postings(term)
        info = information(len(docs) if docs is not None else 0, n) * weight(term)
        total += info
        if docs is not None and len(docs):
            found += info * (holds(term, docs) if holds is not None else np.isin(docnos, docs))
    return found / total if total else found


Coverages = Callable[[retriever.Searcher, list[str] | tuple[str, ...], np.ndarray], np.ndarray]


def _recount(coverages: Coverages, asked: Callable[[retriever.Searcher, str], None],
             fusion: bool = True, confidence: bool = True) -> None:
    """The coverage recounted by `coverages` in the fusion (Searcher.coverages) and the confidence
    (Searcher.coverage), `asked(searcher, question)` told each question before it is searched (the
    benchmark asks one at a time)."""
    search = retriever.Searcher.search

    def searched(self: retriever.Searcher, question: str, k: int = 10, asker: str | None = None
                 ) -> retriever.SearchResult:
        asked(self, question)
        return search(self, question, k, asker)

    def coverage(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docno: int) -> float:
        return float(coverages(self, terms, np.array([docno]))[0])

    retriever.Searcher.search = searched  # type: ignore[method-assign]
    if fusion:
        retriever.Searcher.coverages = coverages  # type: ignore[method-assign]
    if confidence:
        retriever.Searcher.coverage = coverage  # type: ignore[method-assign]


def _section_opening(value: str) -> None:
    from benchmarks.lawpack import section_of

    refers_only = value == "refers"
    covered = retriever.Searcher.coverages
    openings: dict[int, np.ndarray] = {}  # by searcher: each docno's §'s first chunk (-1: none)

    def opening(self: retriever.Searcher) -> np.ndarray:
        if id(self) not in openings:
            rows = self.store.chunks(range(self.store.n_docs))
            first: dict[str, int] = {}
            for d in range(self.store.n_docs):
                if is_section(rows[d].id):
                    first.setdefault(section_of(rows[d].id), d)
            out = np.full(self.store.n_docs, -1, dtype=np.int64)
            for d in range(self.store.n_docs):
                cid, text = rows[d].id, rows[d].text
                if not is_section(cid) or first[section_of(cid)] == d:
                    continue
                if refers_only and not re.search(r"\bstk\.|\bledd\b", text):
                    continue
                out[d] = first[section_of(cid)]
            openings[id(self)] = out
        return openings[id(self)]

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        docnos = np.asarray(docnos, dtype=np.int64)
        own = covered(self, terms, docnos)
        first = opening(self)[docnos]
        if not (first >= 0).any():
            return own
        # the union of the chunk's terms and its opening's
        found = _coverages(self, terms, docnos,
                           holds=lambda _, docs: np.isin(docnos, docs) | ((first >= 0) & np.isin(first, docs)))
        return found if len(set(terms)) else own

    retriever.Searcher.coverages = coverages  # type: ignore[method-assign]


def _heading(chunk_title: str, heading: str, cite_id: str, source_id: str) -> str:
    """A chunk's own heading: a law §'s words after its number, a document chunk's section or slide title."""
    if cite_id != source_id:  # a .jsonl record: its title is its own ("Kommuneloven § 23-1 Kontrollutvalget")
        return re.sub(r"^.*?§\s*[\d\s-]+[a-z]?\b\s*", "", chunk_title, count=1)
    return heading


def _heading_coverage(value: str) -> None:
    weight = float(value)
    headings: dict[int, list[frozenset[str]]] = {}  # by searcher: each docno's heading terms

    def heading_terms(self: retriever.Searcher) -> list[frozenset[str]]:
        if id(self) not in headings:
            rows = self.store.chunks(range(self.store.n_docs))
            headings[id(self)] = [frozenset(self.analyzer.terms(_heading(r.title, r.heading, r.cite_id, r.source_id)))
                                  for r in (rows[d] for d in range(self.store.n_docs))]
        return headings[id(self)]

    def held(self: retriever.Searcher, question: str, terms: list[str], top: list[Fused],
             rows: dict[int, ChunkRecord]) -> list[float]:
        table, n = heading_terms(self), self.store.n_docs
        infos = {t: information(len(d) if (d := self.postings(t)) is not None else 0, n) for t in set(terms)}
        total = sum(infos.values())
        return [weight * sum(i for t, i in infos.items() if t in table[f.docno]) / total if total else 0.0
                for f in top]

    _raise_first(held)


def _general_information(value: str) -> None:
    from bot.analysis.compounds import zipf

    gamma = float(value)
    weights: dict[str, float] = {}  # the question being searched: its terms' weights

    def asked(self: retriever.Searcher, question: str) -> None:
        # each question term weighted by how rare the question's word is in the language at large
        # (wordfreq's bokmål and Danish Zipf, 0-8): ((9 - zipf) / 4) ** gamma, 1 for a Zipf-5 word
        weights.clear()
        for word in tokens(normalise(question)):
            for term in self.analyzer.word_terms(word):
                weights[term] = max(weights.get(term, 0.0), ((9 - zipf(word)) / 4) ** gamma)

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        # a term from a counterpart or a typo's correction: a Zipf-5 word's weight
        return _coverages(self, terms, np.asarray(docnos, dtype=np.int64), weight=lambda term: weights.get(term, 1.0))

    _recount(coverages, asked)


def _source_mix(value: str) -> None:
    delta = float(value)
    search = retriever.Searcher.search

    def mixed(self: retriever.Searcher, question: str, k: int = 10) -> retriever.SearchResult:
        result = search(self, question, k)
        hits = list(result.hits)
        if len(hits) <= 3:
            return result
        kinds = [is_section(h.chunk_id) for h in hits]
        if len(set(kinds[:3])) > 1:
            return result
        other = next((i for i in range(3, len(hits)) if kinds[i] != kinds[0]), None)
        if other is None or hits[other].score < hits[2].score - delta:
            return result
        hits.insert(2, hits.pop(other))
        return replace(result, hits=tuple(hits))

    retriever.Searcher.search = mixed  # type: ignore[method-assign]


def _opening_ledd(value: str) -> None:
    bonus = float(value)

    def opening(self: retriever.Searcher, question: str, terms: list[str], top: list[Fused],
                rows: dict[int, ChunkRecord]) -> list[float]:
        # a § whole ("lov/§8-2") or its run of ledd from the first ("lov/§7-9/1"): where the § states its rule
        ids = [rows[f.docno].id for f in top]
        return [bonus if is_section(i) and (i.endswith("/1") or not re.search(r"/\d+$", i.split("§", 1)[1])) else 0.0
                for i in ids]

    _raise_first(opening)


def _compound_part(value: str) -> None:
    amount_text, _, where = value.partition(":")
    amount = float(amount_text)
    whole_terms: dict[int, list[frozenset[str]]] = {}  # by searcher: each chunk's words' own terms, not their parts

    def wholes(self: retriever.Searcher) -> list[frozenset[str]]:
        if id(self) not in whole_terms:
            rows = self.store.chunks(range(self.store.n_docs))
            words = (tokens(normalise(searchable_text(rows[d]))) for d in range(self.store.n_docs))
            whole_terms[id(self)] = [frozenset(t[0] for t in map(self.analyzer.word_terms, w) if t) for w in words]
        return whole_terms[id(self)]

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        docnos = np.asarray(docnos, dtype=np.int64)
        own = wholes(self)
        parts = asked_parts[0]  # the question's own compound parts ("kontroll" of "kontrollutvalget") count fully

        def held(term: str, docs: np.ndarray) -> np.ndarray:
            whole = np.array([term in parts or term in own[int(d)] for d in docnos], dtype=bool)
            return np.where(np.isin(docnos, docs), np.where(whole, 1.0, amount), 0.0)
        return _coverages(self, terms, docnos, holds=held)

    def asked(self: retriever.Searcher, question: str) -> None:
        asked_parts[0] = frozenset(p for w in tokens(normalise(question)) for p in self.analyzer.word_terms(w)[1:])

    asked_parts: list[frozenset[str]] = [frozenset()]
    _recount(coverages, asked, fusion=where != "confidence", confidence=where != "fusion")


def _judge_english(judge: Callable[[confidence.Evidence, confidence.Confidence], confidence.Confidence]) -> None:
    """The product's search with the confidence of a question asked in English of a passage in another language
    judged again by `judge(evidence, the product's level)`."""
    shipped = retriever.Searcher.search

    def search(self: retriever.Searcher, question: str, k: int = 10) -> SearchResult:
        result = shipped(self, question, k)
        e = result.evidence
        if e is None or e.cosine is None or not e.other_language or detect_language(question) != "en":
            return result
        level = confidence.capped(judge(e, result.confidence), e)
        return replace(result, confidence=level, abstained=level == "not_covered")

    retriever.Searcher.search = search  # type: ignore[method-assign]


def _level(score: float, answered: float, uncertain: float) -> confidence.Confidence:
    return "answered" if score >= answered else "uncertain" if score >= uncertain else "not_covered"


def _english_lines(value: str) -> None:
    if value not in ("eight", "floor"):
        raise SystemExit("english-lines takes eight or floor")
    order = {"not_covered": 0, "uncertain": 1, "answered": 2}

    def judge(e: confidence.Evidence, shipped: confidence.Confidence) -> confidence.Confidence:
        eight = _level(confidence.evidence_score(e, confidence.BIAS, confidence.WEIGHTS),
                       confidence.ANSWERED_MIN, confidence.UNCERTAIN_MIN)
        return shipped if value == "floor" and order[shipped] > order[eight] else eight

    _judge_english(judge)


def _english_offset(value: str) -> None:
    shift = float(value)

    def judge(e: confidence.Evidence, shipped: confidence.Confidence) -> confidence.Confidence:
        _, _, answered, uncertain = confidence._line(e)
        return _level(confidence.evidence_score(e) + shift, answered, uncertain)

    _judge_english(judge)


_COGNATE_ENDINGS = (("ical", "isk"), ("ic", "isk"), ("ity", "itet"), ("tion", "sjon"), ("sion", "sjon"),
                    ("ism", "isme"), ("y", "i"))


def _respelled(word: str) -> str:
    """`word` spelled as Norwegian spells the English words it shares ("political" → "politisk")."""
    for english, norwegian in _COGNATE_ENDINGS:
        if word.endswith(english) and len(word) > len(english) + 2:
            word = word[: -len(english)] + norwegian
            break
    word = word.replace("ph", "f").replace("th", "t").replace("qu", "kv").replace("z", "s")
    return re.sub(r"c(?=[eiy])", "s", word).replace("c", "k")


def _english_cognates(value: str) -> None:
    from bot.analysis import Analyzer

    glossed = Analyzer._glossed

    def respelled(self: Analyzer, text: str, vocabulary, country=None) -> tuple[str, bool]:  # noqa: ANN001
        read, english = glossed(self, text, vocabulary, country)
        if not english or vocabulary is None:
            return read, english
        words = []
        for word in tokens(read):
            terms = self.word_terms(word)
            if terms and terms[0] not in vocabulary and word.isascii() and word.isalpha() and len(word) > 4:
                other = _respelled(word)
                found = self.word_terms(other)
                word = other if other != word and found and found[0] in vocabulary else word
            words.append(word)
        return " ".join(words), english

    Analyzer._glossed = respelled  # type: ignore[method-assign]


def _bot_country(value: str) -> None:
    shipped = retriever.Searcher.__init__

    def init(self: retriever.Searcher, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - the Searcher's own
        shipped(self, *args, **{**kwargs, "country": value})

    retriever.Searcher.__init__ = init  # type: ignore[method-assign]


def _other_language(value: str) -> None:
    shift = float(value)
    scored = confidence.evidence_score

    def evidence_score(e: confidence.Evidence, bias: float | None = None,
                       weights: tuple[float, ...] | None = None) -> float:
        raised = e.other_language and bias is None and weights is None
        return scored(e, bias, weights) + (shift if raised else 0.0)

    confidence.evidence_score = evidence_score  # type: ignore[assignment]


def _model_senses(weight: float) -> Callable[[str, str | None, str | None], tuple[str, ...]]:
    """The shipped dictionary with each table's translations ordered by the bundled model: the cosine of
    the English word's lemma and the translation, less `weight` × the translation's place in the table
    (0 orders by the model alone; a larger weight keeps more of the dictionary's own order)."""
    from bot.analysis.counterparts import Counterparts
    from bot.analysis.dictionary import DANISH_FILE, NORWEGIAN_FILE, EnglishDictionary
    from bot.analysis.resources import wordlist
    from bot.semantic.embedder import E5Embedder

    shipped = EnglishDictionary(function_words=wordlist("english_function_words.txt", "english_ambiguous.txt"))
    tables = [EnglishDictionary((Counterparts(path),)) for path in (NORWEGIAN_FILE, DANISH_FILE)]
    model = E5Embedder()
    vectors: dict[str, np.ndarray] = {}

    def vector(text: str) -> np.ndarray:
        if text not in vectors:
            vectors[text] = model.embed_query(text)
        return vectors[text]

    def ordered(word: str, country: str | None = None, part: str | None = None) -> tuple[str, ...]:
        # called as the Analyzer calls its dictionary; the model's order is over both tables, whatever is asked
        if not shipped(word):  # not a word, or a function word's form
            return ()
        lemma = shipped.lemma(word.lower())
        out: list[str] = []
        for table in tables:
            found = table(word)
            scores = [float(vector(lemma) @ vector(t)) - weight * i for i, t in enumerate(found)]
            out.extend(t for _, t in sorted(zip(scores, found, strict=True), key=lambda pair: -pair[0]))
        return tuple(dict.fromkeys(out))

    return ordered


def _english_dictionary(value: str) -> None:
    """The dictionary's reading varied: "senses=N" (the first N translations the index holds, not one),
    "known" (a word the index holds gets its translation beside it), "norwegian" (eng-nor's table alone),
    "model=W" (each table's senses ordered by the bundled model, `_model_senses`)."""
    from bot.analysis import Analyzer
    from bot.analysis.counterparts import Counterparts
    from bot.analysis.dictionary import NORWEGIAN_FILE, EnglishDictionary

    option, _, amount = value.partition("=")
    if option in ("model", "norwegian"):
        senses = _model_senses(float(amount or 0)) if option == "model" else None
        shipped_init = Analyzer.__init__

        def init(self: Analyzer, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - the Analyzer's own
            shipped_init(self, *args, **kwargs)
            if isinstance(self.dictionary, EnglishDictionary):
                self.dictionary = senses or EnglishDictionary((Counterparts(NORWEGIAN_FILE),),
                                                              self.dictionary.function_words)

        Analyzer.__init__ = init  # type: ignore[method-assign]
        return
    if option not in ("senses", "known"):
        raise SystemExit(f"english-dictionary: senses=N, known, norwegian or model=W, not {value!r}")
    most = int(amount or 1)

    def translated(self: Analyzer, word: str, drop: frozenset[str], vocabulary,  # noqa: ANN001
                   country: str | None = None, part: Callable[[], str | None] | None = None) -> str:
        terms = self.word_terms(word)
        known = bool(terms) and terms[0] in vocabulary
        if word in drop or self.dictionary is None or (known and option != "known"):
            return word
        found = []
        for translation in self.dictionary(word, country, None):
            held = [t for t in (self.word_terms(w) for w in translation.split()) if t]
            if held and all(t[0] in vocabulary for t in held) and translation not in found:
                found.append(translation)
        found = found[:most]
        return " ".join([word, *found] if known else found) if found else word

    Analyzer._translated = translated  # type: ignore[method-assign]


def _english_synonyms(value: str) -> None:
    """An English word none of whose dictionary translations the index holds read through its WordNet synonyms
    (benchmarks/wordnet.py): the first translation the index holds of the synonyms of its first N senses
    ("excused" → exempt → frita). "N:unknown": only a word the dictionary has no entry for."""
    from benchmarks.wordnet import synonyms
    from bot.analysis import Analyzer

    senses, _, only = value.partition(":")
    shipped = Analyzer._translated

    def translated(self: Analyzer, word: str, drop: frozenset[str], vocabulary,  # noqa: ANN001
                   country: str | None = None, part: Callable[[], str | None] | None = None) -> str:
        found = shipped(self, word, drop, vocabulary, country, part)
        if found != word or self.dictionary is None or word in drop or (only and self.dictionary(word, country, None)):
            return found
        terms = self.word_terms(word)
        if terms and terms[0] in vocabulary:
            return word
        for synonym in synonyms(word, int(senses or 2)):
            if "_" in synonym or synonym in drop:
                continue
            for translation in self.dictionary(synonym, country, None):
                if all((t := self.word_terms(w)) and t[0] in vocabulary for w in translation.split()):
                    return translation
        return word

    Analyzer._translated = translated  # type: ignore[method-assign]


def _compound_once(value: str) -> None:
    """A question word's terms (a compound whole and its parts) counted as one word in the coverage:
    "fusion" in the fusion's coverage only, else in the confidence's too; "A" (default 0.5) the share of
    the whole's information a chunk holding only a part gets, times the part's information over the whole's.
    Today each of "kommunestyret"'s terms (kommunestyr, kommun, styr) counts its own information, so a
    chunk holding "styret" (a company's board) holds a share of a question about the council."""
    from bot.analysis import Analyzer
    from bot.search.lexical import Lexical

    parts = value.split(":")
    share = float(parts[0]) if parts and parts[0] else 0.5
    fusion_only = "fusion" in parts
    groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    shipped_coverages = Lexical.coverages

    def query_terms(self: Analyzer, text: str, vocabulary=None, language=None, country=None) -> list[str]:  # noqa: ANN001
        found = self.query_word_terms(text, vocabulary, language, country)
        out = [term for terms in found for term in terms]
        groups[tuple(out)] = found
        return out

    def coverages(self: Lexical, terms, docnos) -> np.ndarray:  # noqa: ANN001
        grouped = groups.get(tuple(terms))
        if grouped is None or (fusion_only and len(docnos) == 1):
            return shipped_coverages(self, terms, docnos)
        docnos = np.asarray(docnos, dtype=np.int64)
        n = self.store.n_docs
        total, found = 0.0, np.zeros(len(docnos))
        for group in dict.fromkeys(grouped):
            infos, held = [], []
            for term in group:
                docs = self.postings(term)
                infos.append(information(len(docs) if docs is not None else 0, n))
                if docs is not None and len(docs):
                    i = np.minimum(np.searchsorted(docs, docnos), len(docs) - 1)
                    held.append(docs[i] == docnos)
                else:
                    held.append(np.zeros(len(docnos), dtype=bool))
            whole = infos[0]
            total += whole
            got = np.where(held[0], whole, 0.0)
            for info, has in zip(infos[1:], held[1:], strict=True):
                got = np.maximum(got, np.where(has, share * min(info, whole), 0.0))
            found += got
        return found / total if total else found

    Analyzer.query_terms = query_terms  # type: ignore[method-assign]
    Lexical.coverages = coverages  # type: ignore[method-assign]


def _law_chapter(value: str) -> None:
    """A Norwegian law's chapter ("Kapittel 8. Rettigheter og plikter for folkevalgte") in the title its §'s
    sentences are embedded with: "Kommuneloven § 8-6 Ettergodtgjøring" alone says little of the chapter's
    matter. The index is built anew in a folder of its own under benchmarks/out, its changed sentence units
    embedded anew. The chapters come from ../shared/bench/laws."""
    import gzip
    import json
    import tempfile
    from pathlib import Path

    from benchmarks import semantic
    from bot.corpus.lawtext import norwegian_law
    from bot.index import units

    laws = {"lov-2018-06-22-83", "lov-1967-02-10", "lov-2006-05-19-16"}
    rows: dict[str, list[dict]] = {}
    # absent, the lever stops here with the file and where it was looked for, before any index is built
    (chapters_file,) = shared.need([shared.BENCH / "laws" / "no-laws.jsonl.gz"])
    with gzip.open(chapters_file, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            law_id = row["id"].split("#")[0]
            if law_id in laws:
                rows.setdefault(law_id, []).append(row)
    chapters: dict[str, str] = {}  # "Kommuneloven § 8-6 Ettergodtgjøring" -> "Rettigheter og plikter for folkevalgte"
    for law_id, found in rows.items():
        law = norwegian_law(law_id, found)
        by_number: dict[str, str] = {}
        for row in found:
            where = (row.get("location") or "").split(" / ")
            chapter = next((p for p in reversed(where[:-1]) if p.lower().startswith("kapittel")), "")
            match = re.search(r"§\s*(\d+(?:-\d+)?(?:\s?[a-z])?)", where[-1])
            if match and chapter:
                by_number.setdefault(match.group(1), re.sub(r"^kapittel\s+\S+\s*", "", chapter, flags=re.I))
        for section in law.sections:
            title = " ".join(p for p in (law.name, f"§ {section.number}", section.heading) if p)
            if section.number in by_number:
                chapters[title] = by_number[section.number]
    shipped_units = units.embedding_units

    def embedding_units(title: str, heading: str, text: str) -> list[str]:
        chapter = chapters.get(title)
        return shipped_units(f"{title} ({chapter})" if chapter else title, heading, text)

    units.embedding_units = embedding_units  # type: ignore[assignment]  # what units.chunk_units calls
    semantic.OUT.mkdir(parents=True, exist_ok=True)
    semantic.OUT = Path(tempfile.mkdtemp(prefix="law-chapter-", dir=semantic.OUT))
    print(f"law-chapter: {len(chapters)} §§ with their chapter", file=sys.stderr)


def _chapter_unnamed(value: str) -> None:
    """A Norwegian law's § whose chapter's name shares no term with the question lowered by D (default 2) in the fused
    score: "hvor lenge varer valgperioden?" had § 9-7, a kommunalt foretak's board's term, first. The chapters come
    from ../shared/bench/laws, by the § id the pack's chunk ids begin with."""
    import gzip
    import json


    lowered_by = float(value or 2.0)
    laws = {"lov-2018-06-22-83", "lov-1967-02-10", "lov-2006-05-19-16"}
    chapters: dict[str, str] = {}  # "lov-2018-06-22-83/§9-7" -> "Kommunale og fylkeskommunale foretak"
    # absent, the lever stops here with the file and where it was looked for, before any index is built
    (chapters_file,) = shared.need([shared.BENCH / "laws" / "no-laws.jsonl.gz"])
    with gzip.open(chapters_file, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            law_id = row["id"].split("#")[0]
            if law_id not in laws:
                continue
            where = (row.get("location") or "").split(" / ")
            chapter = next((p for p in reversed(where[:-1]) if p.lower().startswith("kapittel")), "")
            match = re.search(r"§\s*(\d+(?:-\d+)?(?:\s?[a-z])?)\.", where[-1])
            if match and chapter:
                chapters.setdefault(f"{law_id}/§{match.group(1).replace(' ', '')}",
                                    re.sub(r"^kapittel\s+\S+\s*", "", chapter, flags=re.I))
    asking: list[tuple[retriever.Searcher, str]] = []
    search, own_country_first = retriever.Searcher.search, retriever.own_country_first
    named: dict[str, frozenset[str]] = {}

    def searched(self: retriever.Searcher, question: str, k: int = 10, asker: str | None = None
                 ) -> SearchResult:
        asking[:] = [(self, question)]
        return search(self, question, k, asker)

    def own_first(ranked: list[Fused], chunks: dict[int, tuple[str, str]], country: str | None) -> list[Fused]:
        ranked = own_country_first(ranked, chunks, country)
        searcher, question = asking[0]
        terms = set(searcher.analyzer.query_terms(question, searcher.vocabulary))
        out = []
        for f in ranked:
            chunk_id = chunks[f.docno][0]
            chapter = chapters.get("/".join(chunk_id.split("/")[:2])) if is_section(chunk_id) else None
            if chapter is not None:
                if chapter not in named:
                    named[chapter] = frozenset(searcher.analyzer.terms(chapter))
                if not named[chapter] & terms:
                    f = replace(f, score=f.score - lowered_by)
            out.append(f)
        return sorted(out, key=lambda f: -f.score)

    retriever.Searcher.search = searched  # type: ignore[method-assign]
    retriever.own_country_first = own_first
    print(f"chapter-unnamed: {len(chapters)} §§ with their chapter, lowered by {lowered_by}", file=sys.stderr)


def _asking_sentence(value: str) -> None:
    """A question of two sentences or more: its last sentence (the one that asks, after the preamble) embedded
    too, each chunk's cosines the best of the whole question's and the last sentence's (`max`), or the two
    question vectors' mean (`mean`)."""
    cosines = retriever.Searcher.dense
    vector = retriever.Searcher.query_vector

    def last(question: str) -> str | None:
        parts = [p for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p]
        return parts[-1] if len(parts) > 1 and len(parts[-1].split()) >= 3 else None

    if value == "mean":
        def mean(self: retriever.Searcher, question: str) -> np.ndarray:
            q = vector(self, question)
            tail = last(question)
            if tail is None:
                return q
            m = q + vector(self, tail)
            return (m / np.linalg.norm(m)).astype(np.float32)

        retriever.Searcher.query_vector = mean  # type: ignore[method-assign]
        return

    def dense(self: retriever.Searcher, question: str) -> Dense:
        d = cosines(self, question)
        tail = last(question)
        if tail is None:
            return d
        t = cosines(self, tail)
        sparse = None if d.sparse is None or t.sparse is None else np.fmax(d.sparse, t.sparse)
        return Dense(np.fmax(d.sentence, t.sentence), np.fmax(d.whole, t.whole), sparse)

    retriever.Searcher.dense = dense  # type: ignore[method-assign]


def _law_answered(value: str) -> None:
    """A reply whose first passage is a law's § said plainly only from the answered threshold + D, else hedged
    (never refused for it): the line was fitted on answerable against off-topic questions, and at the same
    evidence a § first is right less often than a document first."""
    offset = float(value)
    searched = retriever.Searcher.search

    def search(self: retriever.Searcher, question: str, k: int = 10) -> SearchResult:
        result = searched(self, question, k)
        e = result.evidence
        if result.confidence != "answered" or e is None or not result.hits or not is_section(result.hits[0].chunk_id):
            return result
        if e.cosine is None or math.isnan(e.cosine):
            return result
        answered = confidence._line(e)[2]
        return result if confidence.evidence_score(e) >= answered + offset else replace(result, confidence="uncertain")

    retriever.Searcher.search = search  # type: ignore[method-assign]


# the law pack's questions and the seed documents' (both shipped and read both ways by the product since 0.4.20)
WRITTEN = (LAW_PACK / QUESTIONS_NAME, Path(__file__).resolve().parent.parent / "corpus" / QUESTIONS_NAME)


def _written(paths: tuple[Path, ...] = WRITTEN) -> dict[str, tuple[str, ...]]:
    """The written questions of `paths` by chunk id (read as the build reads a questions.tsv)."""
    return {chunk: qs for path in paths for chunk, qs in read_questions_file(path).items()}


def _written_questions(value: str) -> None:
    """Questions written for each passage from its text alone (document expansion, doc2query: the questions.tsv
    of the pack and of corpus/) embedded as questions are ("query: "); a chunk is found and ranked by the better
    of its best sentence's cosine and its best written question's less OFFSET (default 0), while the confidence
    and the quote read its own text's cosines. Measured before 0.4.20, whose product embeds them itself (then
    set asked-gain instead); this patches the Searcher to the same ranking with the benchmark's cached vectors."""
    # VALUE: OFFSET, and/or "seed" (the seed documents' questions alone) and "align" (each question's cosines with
    # the written questions moved onto the scale of its cosines with the chunks' best sentences: the same mean
    # and spread, since a question is closer to every question than to any passage)
    # and/or "gGAIN": a chunk's cosine raised by GAIN × how far its best written question's exceeds it (1: the max)
    words = [w for w in value.split(":") if w]
    gain = float(next((w[1:] for w in words if w.startswith("g")), 1))
    offset = float(next((w for w in words if w not in ("seed", "align") and not w.startswith("g")), 0))
    written = _written(WRITTEN[1:] if "seed" in words else WRITTEN)
    align = "align" in words
    cosines = retriever.Searcher.dense
    tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def table(self: retriever.Searcher) -> tuple[np.ndarray, np.ndarray]:
        if id(self) not in tables:
            pairs = [(docno, q) for docno, c in self.store.chunk_rows() for q in written.get(c.id, ())]
            owners, texts = [d for d, _ in pairs], [q for _, q in pairs]
            assert self.embedder is not None
            vectors = np.stack([self.embedder.embed_query(t) for t in texts]) if texts else np.zeros((0, 1))
            tables[id(self)] = (np.asarray(owners, dtype=np.int64), np.asarray(vectors, dtype=np.float32))
        return tables[id(self)]

    def dense(self: retriever.Searcher, question: str) -> Dense:
        d = cosines(self, question)
        owners, vectors = table(self)
        if not len(owners):
            return d
        best = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        asked = vectors @ self.query_vector(question) - offset
        if align:
            sentences = d.sentence[~np.isnan(d.sentence)]
            asked = (asked - asked.mean()) / max(float(asked.std()), 1e-6) * float(sentences.std()) + \
                float(sentences.mean())
        np.fmax.at(best, owners, asked.astype(np.float32))
        own = Dense(d.sentence, d.whole, d.sparse)  # the passage's own text: the evidence, the cosine's first
        raised = d.sentence + gain * np.nan_to_num(np.fmax(best - d.sentence, 0))
        object.__setattr__(own, "found", Dense(raised.astype(np.float32), d.whole, d.sparse))
        return own

    def fuse(bm25: list[tuple[int, float]], d: Dense, docnos: np.ndarray | None = None,
             coverage: np.ndarray | None = None, n: int = fusion.CANDIDATES, blend: fusion.Blend | None = None,
             limit: int | None = None) -> list[Fused]:
        s = fusion.signals(bm25, getattr(d, "found", d), docnos, coverage, n)
        return fusion.ranked(s, fusion.scores(s, blend), bm25, d, n, limit)

    def pool(bm25: list[tuple[int, float]], d: Dense, n: int = fusion.CANDIDATES) -> np.ndarray:
        return fusion.candidates(bm25, getattr(d, "found", d), n)

    retriever.Searcher.dense = dense  # type: ignore[method-assign]
    retriever.fuse = fuse  # type: ignore[assignment]
    retriever.candidates = pool  # type: ignore[assignment]


def _written_bm25(value: str) -> None:
    """MODE "seed": the seed documents' written questions indexed with their passages too, as the law pack's are
    (needs indexes built afresh: a benchmarks/out of its own, since a reused source keeps its terms); MODE "own":
    the confidence's coverage (of the first passage, and of each later one judged alone) read from the chunk's own
    text, the written questions' words left out, the fusion's coverage keeping them. Measured on 0.4.19; since
    0.4.20 the product indexes corpus/questions.tsv itself, so "seed" would add them a second time."""
    from bot.index import writer

    indexed = writer.searchable_text
    if value == "seed":
        assert not (WRITTEN[1]).is_file(), "written-bm25=seed: corpus/questions.tsv is indexed by the product already"
        seed = _written(WRITTEN[1:])
        writer.searchable_text = lambda chunk: with_questions(indexed(chunk), seed.get(chunk.id, ()))  # type: ignore[assignment]
        return
    assert value == "own", f"written-bm25={value}: seed or own"

    def own(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        rows = self.store.chunks([int(d) for d in docnos])
        n, out = self.store.n_docs, np.zeros(len(docnos))
        total = 0.0
        held = [set(self.word_terms(indexed(rows[int(d)]))) for d in docnos]  # without the writer's questions
        for term in set(terms):
            docs = self.lexical.postings(term)
            info = information(len(docs) if docs is not None else 0, n)
            total += info
            out += info * np.array([term in h for h in held], dtype=np.float64)
        return out / total if total else out

    def coverage(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docno: int) -> float:
        return float(own(self, terms, np.array([docno], dtype=np.int64))[0])

    on_topic = retriever.Searcher.on_topic

    def judged(self: retriever.Searcher, language: str, terms: list[str] | tuple[str, ...],
               hits: Iterable[Hit], first: Hit | None = None) -> list[bool]:
        self.coverages = lambda t, d: own(self, t, d)  # type: ignore[method-assign]
        try:
            return on_topic(self, language, terms, hits, first)
        finally:
            del self.coverages  # the class's again

    retriever.Searcher.coverage = coverage  # type: ignore[method-assign]
    retriever.Searcher.on_topic = judged  # type: ignore[method-assign]


def _hub_penalty(searcher: retriever.Searcher, k: int) -> np.ndarray:
    """Each docno's hubness (CSLS, Conneau et al. 2018): the mean of its whole text's K highest cosines with the
    questions written for other passages, less that mean over the index's chunks; 0 for a chunk without vectors."""
    cached = getattr(searcher, "_hub_penalty", None)
    if cached is not None and cached[0] == k:
        return cached[1]
    v = searcher._vectors
    penalty = np.zeros(searcher.store.n_docs, dtype=np.float32)
    if len(v.docnos) and len(v.asked_owners):
        cosines = v.whole @ v.asked.T
        cosines[v.docnos[:, None] == v.asked_owners[None, :]] = -1.0  # its own questions are near by design
        top = -np.sort(-cosines, axis=1)[:, :k].mean(axis=1)
        penalty[v.docnos] = top - top.mean()
    searcher._hub_penalty = (k, penalty)  # type: ignore[attr-defined]
    return penalty


def _hubness(value: str) -> None:
    """BETA[:K]: each chunk's cosines (best sentence's and whole text's) lowered by BETA × its hubness
    (`_hub_penalty`, K = 10): a passage near the questions of many other passages (Kommuneloven § 7-1, the
    constituent meeting, which names the council, the mayor, the members and the meeting) meets every question a
    little, and in a cross-language question a little is enough to lead. The written question's raise is kept."""
    beta, _, k = value.partition(":")
    amount, count = float(beta), int(k or 10)
    shipped = retriever.Searcher.dense

    def dense(self: retriever.Searcher, question: str) -> Dense:
        d = shipped(self, question)
        penalty = amount * _hub_penalty(self, count)
        return replace(d, sentence=d.sentence - penalty, whole=d.whole - penalty,
                       asked=None if d.asked is None else d.asked - penalty)

    retriever.Searcher.dense = dense  # type: ignore[method-assign]


def _asked_lead(value: str) -> None:
    """LEAD: the nearest written question's passage raised (retriever.ASKED_FIRST) only where its written question is
    nearer the asked one than the first passage's own by at least LEAD: a lead within the model's noise may say no
    passage answers more than the first does."""
    lead = float(value)
    shipped = retriever.Searcher._nearest_asked_first

    def nearest(self: retriever.Searcher, question: str, ranked: list) -> list:  # type: ignore[type-arg]
        raised = shipped(self, question, ranked)
        if raised is ranked:
            return ranked
        first = self.written_cosine(question, ranked[0].docno)
        best = max(c for c in (self.written_cosine(question, f.docno) for f in ranked[:retriever.ASKED_AMONG])
                   if c is not None)
        return ranked if first is not None and best - first < lead else raised

    retriever.Searcher._nearest_asked_first = nearest  # type: ignore[method-assign]


def _asked_gain(value: str) -> None:
    """The share of a written question's lead over its passage's own best sentence that counts (fusion.ASKED_GAIN,
    0.5 in the product; 1 the plain max of the two, 0 the written questions in BM25's text alone)."""
    fusion.ASKED_GAIN = float(value)


def _pool_share(value: str) -> None:
    """The share of a § part's pooled lead that counts (bot.search.parts.POOL_SHARE)."""
    parts.POOL_SHARE = float(value)


def _asked_pool(value: str) -> None:
    """A chunk's written-question cosine as the mean of its K best (K = value) instead of its best alone: a passage
    several of whose questions come close is asked about, one whose single question shares a word may not be."""
    k = int(value)
    dense = retriever.Searcher.dense

    def pooled(self: retriever.Searcher, question: str) -> Dense:
        out = dense(self, question)
        v = self._vectors
        if out.asked is None:
            return out
        cos = v.asked @ self.query_vector(question)
        starts = self._asked_starts
        ends = np.append(starts[1:], len(cos))
        asked = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        for s, e in zip(starts, ends, strict=True):
            asked[v.asked_owners[s]] = np.sort(cos[s:e])[::-1][:k].mean()
        return replace(out, asked=asked)
    retriever.Searcher.dense = pooled  # type: ignore[method-assign]


def _list_bonus(value: str) -> None:
    """B: a list of the asked size raised by B among the first 20 (bot.search.lists.LIST_BONUS, 4.0 since 0.4.22)."""
    from bot.search import lists  # noqa: PLC0415

    lists.LIST_BONUS = float(value)


def _quote_meaning(value: str) -> None:
    """The best sentence by meaning weighs W beside the best by words (1.0) in choosing what of a chunk to quote
    (quote.SEMANTIC_WEIGHT, 1.0 since 0.4.22)."""
    from bot.answer import cards, quote  # noqa: PLC0415

    weight = float(value)
    cards.semantic_scorer = lambda cosines, written=None: quote.semantic_scorer(  # type: ignore[assignment]
        cosines, weight, written)


def _compound_readings(value: str) -> None:
    """At the longest known head of a compound, every reading of the rest competes, the fewest parts and then the
    highest mean Zipf winning: the head's last s or e as a link or as the tail's first letter ("kommune-styre", not
    "kommune-s-tyre", whose "tyre" is read as "tyri"), a known tail before one split further ("udvalg-s-medlemmer",
    not "udvalg-smed-lemmer"), no second link after the head's own. Every index is built anew (the analyzer's
    version carries the lever). Measured on 0.4.25, not taken (benchmarks/README.md)."""
    from bot.analysis import compounds, default_analyzer  # noqa: PLC0415

    def split(word: str, min_length: int, also_known: Callable[[str], bool] | None = None) -> tuple[str, ...]:
        if not min_length <= len(word) <= compounds.MAX_LENGTH or not word.isalpha():
            return ()
        for cut in range(len(word) - compounds.MIN_TAIL, compounds.MIN_HEAD - 1, -1):
            head = word[:cut]
            if not (compounds._known(head) or (also_known is not None and also_known(head))):
                continue
            if head[-1] in "se" and len(head) > compounds.MIN_HEAD and compounds._known(head[:-1]):
                readings = [(head[:-1], word[cut:]), (head[:-1], head[-1] + word[cut:])]
            else:
                readings = [(head, word[cut + len(link):]) for link in compounds.LINKS
                            if not link or word.startswith(link, cut)]
            options = []
            for first, tail in readings:
                if len(tail) < compounds.MIN_TAIL or tail in compounds.SUFFIXES:
                    continue
                rest = (tail,) if compounds._known(tail) else cached(tail, min_length, also_known)
                if rest:
                    options.append((first, *rest))
            if options:
                return max(options, key=lambda p: (-len(p), sum(compounds.zipf(x) for x in p) / len(p)))
        return ()

    cached = lru_cache(maxsize=500_000)(split)
    compounds._split = cached  # type: ignore[assignment]
    analyzer = default_analyzer()
    analyzer.version += "-compound-readings"
    analyzer._memo.clear()


def _as_asked(value: str) -> None:
    """An English question's written-question cosines the better of the question as the model reads it (with the
    glossary's Norwegian terms put in) and as asked, so that it meets the questions written in English
    (questions-english.tsv) as they were written; one more run of the model for an English question. Measured on
    0.4.26, not taken (benchmarks/README.md, "Questions written in English")."""
    shipped = retriever.Searcher.dense

    def dense(self: retriever.Searcher, question: str) -> Dense:
        d = shipped(self, question)
        v = self._vectors
        if d.asked is None or detect_language(question) != "en":
            return d
        text = retriever.question_tail(question, self.question_words) if self.question_words else question
        if text == self.embedded(question):
            return d
        cosines = v.asked @ self._query_vectors(text)
        asked = np.full(self.store.n_docs, np.nan, dtype=np.float32)
        asked[v.asked_owners[self._asked_starts]] = np.maximum.reduceat(cosines, self._asked_starts)
        return Dense(d.sentence, d.whole, d.sparse, np.fmax(d.asked, asked))

    retriever.Searcher.dense = dense  # type: ignore[method-assign]


def _english_parts(value: str) -> None:
    """An English question's word given its part's senses first and the others after them, not its part's alone
    (bot.analysis.dictionary.PART_ALONE off): "first", the reading measured first in 0.4.41."""
    import bot.analysis.dictionary

    if value != "first":
        raise SystemExit(f"english-parts: first, not {value!r}")
    bot.analysis.dictionary.PART_ALONE = False


def _link_read(value: str) -> None:
    """A compound's head's last letter read as its tail's first where that makes the commoner word (LINK_READ on)."""
    from bot.analysis import compounds

    if value:
        raise SystemExit(f"link-read takes no value, not {value!r}")
    compounds.LINK_READ = True
    compounds._split.cache_clear()


def _model_own_words(value: str) -> None:
    """The model reads an English question's own words beside the glossary's terms (DICTIONARY_FOR_MODEL off)."""
    from bot.analysis import switches

    if value:
        raise SystemExit(f"model-own-words takes no value, not {value!r}")
    switches.DICTIONARY_FOR_MODEL = False


def _english_bridged(value: str) -> None:
    """An English question about Norway reads a word eng-nor lacks through the bridged table (dictionary.BRIDGED)."""
    import bot.analysis.dictionary

    if value:
        raise SystemExit(f"english-bridged takes no value, not {value!r}")
    bot.analysis.dictionary.BRIDGED = True


def _nynorsk_joins(value: str) -> None:
    """A nynorsk question's word read both ways: its nynorsk reading's terms, then its bokmål reading's where the index
    knows that too; the grams read the question as asked (the nynorsk reading's words not put in)."""
    import bot.analysis.switches
    from bot.analysis import Analyzer

    shipped_terms, shipped_indexed = Analyzer.query_word_terms, Analyzer.as_indexed

    def read(self: Analyzer, text: str, vocabulary=None, language=None, nynorsk: bool = True,  # noqa: ANN001, ANN202
             country=None):  # noqa: ANN001
        before, bot.analysis.switches.NYNORSK_READING = bot.analysis.switches.NYNORSK_READING, nynorsk
        try:
            return shipped_terms(self, text, vocabulary, language, country)
        finally:
            bot.analysis.switches.NYNORSK_READING = before

    def query_word_terms(self: Analyzer, text: str, vocabulary=None, language=None,  # noqa: ANN001
                         country=None) -> list[tuple[str, ...]]:  # noqa: ANN001
        joined = read(self, text, vocabulary, language, country=country)
        if vocabulary is None or not self._reads_nynorsk(text, language):
            return joined
        bokmal = read(self, text, vocabulary, language, nynorsk=False, country=country)  # a reading skips stop words
        return [tuple(dict.fromkeys((*own, *other))) if own != other and other and other[0] in vocabulary else own
                for own, other in zip(joined, bokmal, strict=True)]

    def as_indexed(self: Analyzer, text: str, vocabulary, passage: str = "", language=None,  # noqa: ANN001
                   country=None) -> str:  # noqa: ANN001
        before, bot.analysis.switches.NYNORSK_READING = bot.analysis.switches.NYNORSK_READING, False
        try:
            return shipped_indexed(self, text, vocabulary, passage, language, country)
        finally:
            bot.analysis.switches.NYNORSK_READING = before

    Analyzer.query_word_terms = query_word_terms  # type: ignore[method-assign]
    Analyzer.as_indexed = as_indexed  # type: ignore[method-assign]


def _query_terms_once(value: str) -> None:
    """BM25's first stage counting each term the question repeats once (rank-bm25 adds it each time, as Okapi with no
    k3 does): a preamble's repeated word ("skoler", "skoleudvalget", "skolens") outweighs the one word that asks
    ("inhabil"). The coverage and the confidence are unchanged."""
    from bot.search.retriever import Searcher

    shipped = Searcher.rank

    def rank(self: Searcher, terms: list[str], k: int) -> list[tuple[int, float]]:
        return shipped(self, list(dict.fromkeys(terms)), k)

    Searcher.rank = rank  # type: ignore[method-assign]


def _asked_sentence(question: str) -> str | None:
    """A question's asking sentence: its last, where it has a preamble before it (two sentences or more)."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p]
    return parts[-1] if len(parts) > 1 and len(parts[-1].split()) >= 2 else None


def _asked_coverage(value: str) -> None:
    """The coverage (fusion and confidence; ":fusion" the fusion's alone) counts the terms of a question's asking
    sentence (its last, after a preamble) W times their information: a scenario's situation words ("skolelærer",
    "skolestruktur") outweighed the one word that asks ("inhabil")."""
    spec = value.split(":")
    weight = float(spec[0]) if spec[0] else 2.0
    asked: dict[str, frozenset[str]] = {"terms": frozenset()}

    def told(searcher: retriever.Searcher, question: str) -> None:
        tail = _asked_sentence(question)
        language = language_told(question, None)[0]
        asked["terms"] = frozenset(searcher.analyzer.query_terms(tail, searcher.vocabulary, language,
                                                                 searcher.reading_country(question))) \
            if tail else frozenset()

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        held = asked["terms"]
        return _coverages(self, terms, np.asarray(docnos, dtype=np.int64),
                          lambda term: weight if term in held else 1.0)

    _recount(coverages, told, confidence="fusion" not in spec)


LEVERS: dict[str, Callable[[str], None]] = {
    "asked-lead": _asked_lead,
    "section-votes": _section_votes, "question-as-passage": _question_as_passage, "coverage-length": _coverage_length,
    "sparse-sentences": _sparse_sentences, "asking-coverage": _asking_coverage, "asking-sparse": _asking_sparse,
    "indexed-view": _indexed_view, "section-opening": _section_opening, "late-interaction": _late_interaction,
    "heading-coverage": _heading_coverage, "general-information": _general_information,
    "source-mix": _source_mix, "opening-ledd": _opening_ledd, "compound-part": _compound_part,
    "english-lines": _english_lines,
    "other-language": _other_language, "english-offset": _english_offset,
    "english-cognates": _english_cognates, "bot-country": _bot_country,
    "english-dictionary": _english_dictionary, "english-synonyms": _english_synonyms,
    "associations": associations.expanded_bm25,
    "compound-once": _compound_once, "asking-sentence": _asking_sentence,
    "law-answered": _law_answered, "law-chapter": _law_chapter, "chapter-unnamed": _chapter_unnamed,
    "soft-coverage": associations.soft_coverage, "thesaurus": associations.thesaurus,
    "written-questions": _written_questions, "written-bm25": _written_bm25, "asked-gain": _asked_gain,
    "asked-pool": _asked_pool, "pool-share": _pool_share, "quote-meaning": _quote_meaning,
    "list-bonus": _list_bonus, "compound-readings": _compound_readings,
    "as-asked": _as_asked, "nynorsk-joins": _nynorsk_joins, "hubness": _hubness, "english-parts": _english_parts,
    "english-bridged": _english_bridged, "model-own-words": _model_own_words, "link-read": _link_read,
    "query-terms-once": _query_terms_once,
    "asked-coverage": _asked_coverage,
}


def switch_on(spec: str) -> None:
    """Switch on the lever `NAME[=VALUE]` in this process."""
    name, _, value = spec.partition("=")
    if name not in LEVERS:
        raise SystemExit(f"unknown lever {name!r}; known: {', '.join(LEVERS)}")
    LEVERS[name](value)

