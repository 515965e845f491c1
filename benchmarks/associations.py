"""Term associations learnt from the 350k passages of law (LSA), or a thesaurus's, as levers measured and not taken.

A word the question uses and the passage does not ("stemmelikhet" where § 11-9 says "møtelederens
stemme avgjørende") is often a word that occurs in the same passages as the passage's own: in the
350,000 sections of Norwegian and Danish law in ../shared/bench/laws, "stemmelik" sits nearest
møteleder, dobbeltstemm and vedtaksfør. Latent semantic analysis (a truncated SVD of the
passages' tf-idf matrix over the analyzer's own terms) gives each term a vector, and a term's
nearest terms are its associations. Two ways to use them, switched on by `benchmarks.answers --lever`:

- associations=W:M:T: BM25's query gets each term's M nearest associations that the index holds, of
  cosine at least T, weighted W × cosine (BM25's score chooses half the fusion's candidates);
- soft-coverage=A:M:T[:fusion|:confidence]: a chunk that lacks a question term but holds one of its
  M nearest associations (cosine ≥ T) holds A × cosine of it, in the coverage of the fusion and the
  confidence (or the one named): a translation model of the coverage.

- thesaurus=A:M[:fusion|:confidence]: the same coverage with a term's first M synonyms the index holds in
  LibreOffice's Norwegian and Danish thesauri (Debian's mythes-no and mythes-da, one-word synonyms),
  each A of the term: "sjef" is held by a passage saying arbeidsgiver, direktør or leder.

The vectors are made once into KOMMUNEBOT_BENCH_CACHE (about six minutes on 2 cores):

    python -m benchmarks.associations [--dimensions 256]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np

from benchmarks.shared import SHARED, need
from benchmarks.vectors import cache_dir
from bot.analysis import default_analyzer
from bot.bm25 import information
from bot.search import retriever

LAWS = SHARED / "bench" / "laws"
FILES = ("no-laws.jsonl.gz", "da-laws.jsonl.gz")


def _cache(dimensions: int) -> Path:
    return cache_dir() / f"law-lsa-{dimensions}-{default_analyzer().version}"


def build(dimensions: int = 256) -> Path:
    """The terms' LSA vectors (unit length) and their words, written next to each other; the path's stem."""
    from scipy import sparse
    from scipy.sparse.linalg import svds

    files = need([LAWS / name for name in FILES], "nothing made")  # absent: named, before minutes of reading
    analyzer = default_analyzer()
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    n = 0
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                counts = Counter(analyzer.terms(json.loads(line)["text"]))
                if sum(counts.values()) < 5:
                    continue  # a heading or a repealed section: no context to learn from
                for term, count in counts.items():
                    rows.append(n)
                    cols.append(vocab.setdefault(term, len(vocab)))
                    vals.append(1 + np.log(count))
                n += 1
    matrix = sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(n, len(vocab)))
    df = np.bincount(cols, minlength=len(vocab))
    keep = np.flatnonzero((df >= 5) & (df <= 0.1 * n))  # rare terms are noise, common ones say nothing
    matrix = matrix[:, keep].multiply(np.log(n / df[keep]).astype(np.float32)).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()) + 1e-9
    matrix = sparse.diags(1 / norms) @ matrix  # a long section counts as much as a short one
    _, values, vt = svds(matrix.astype(np.float64), k=dimensions)
    vectors = (vt.T * values).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    words = {j: w for w, j in vocab.items()}
    out = _cache(dimensions)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out.with_suffix(".npy"), vectors)
    out.with_suffix(".txt").write_text("\n".join(words[j] for j in keep), encoding="utf-8")
    return out


class Associations:
    """Each term's nearest terms that one index holds, cosine at least `floor`, at most `most` of them."""

    def __init__(self, most: int, floor: float, dimensions: int = 256) -> None:
        stem = _cache(dimensions)
        if not stem.with_suffix(".npy").exists():
            raise SystemExit(f"no LSA vectors at {stem}.npy: run python -m benchmarks.associations first")
        self.vectors = np.load(stem.with_suffix(".npy"))
        self.words = stem.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
        self.index = {w: i for i, w in enumerate(self.words)}
        self.most, self.floor = most, floor
        self._held: dict[int, np.ndarray] = {}
        self._found: dict[tuple[int, str], list[tuple[str, float]]] = {}

    def of(self, searcher: retriever.Searcher, term: str) -> list[tuple[str, float]]:
        key = id(searcher.store)
        if key not in self._held:
            self._held[key] = np.array([w in searcher.vocabulary for w in self.words])
        found = self._found.get((key, term))
        if found is None:
            found = []
            i = self.index.get(term)
            if i is not None:
                cosines = self.vectors @ self.vectors[i]
                cosines[~self._held[key]] = -1
                cosines[i] = -1
                found = [(self.words[j], float(cosines[j])) for j in np.argsort(-cosines)[:self.most]
                         if cosines[j] >= self.floor]
            self._found[(key, term)] = found
        return found


MYTHES = Path("/usr/share/mythes")
THESAURI = ("th_nb_NO_v2.dat", "th_da_DK.dat")


def _thesaurus_entries(path: Path) -> dict[str, list[str]]:
    """A MyThes file's headwords and their synonyms (its first line names the encoding; a headword's line
    "word|N" is followed by N lines of meanings, "(pos)|synonym|synonym…")."""
    lines = path.read_bytes().split(b"\n")
    encoding = lines[0].decode("ascii").strip() or "utf-8"
    text = [line.decode(encoding) for line in lines[1:]]
    out: dict[str, list[str]] = {}
    i = 0
    while i < len(text):
        word, bar, count = text[i].rpartition("|")
        if not bar or not count.isdigit():
            i += 1
            continue
        found = out.setdefault(word.lower(), [])
        for meaning in text[i + 1:i + 1 + int(count)]:
            found.extend(meaning.split("|")[1:])
        i += 1 + int(count)
    return out


class Thesaurus:
    """A question term's one-word synonyms that one index holds, as terms, the first `most` of them."""

    def __init__(self, most: int) -> None:
        missing = [name for name in THESAURI if not (MYTHES / name).exists()]
        if missing:
            raise SystemExit(f"{', '.join(missing)} not in {MYTHES}: apt-get install mythes-no mythes-da")
        analyzer = default_analyzer()
        self.synonyms: dict[str, list[str]] = {}
        for name in THESAURI:
            for word, synonyms in _thesaurus_entries(MYTHES / name).items():
                own = analyzer.word_terms(word) if word.isalpha() else ()
                if not own:
                    continue
                found = self.synonyms.setdefault(own[0], [])
                for synonym in synonyms:
                    synonym = synonym.strip().lower()
                    terms = analyzer.word_terms(synonym) if synonym.isalpha() else ()
                    if terms and terms[0] != own[0] and terms[0] not in found:
                        found.append(terms[0])
        self.most = most

    def of(self, searcher: retriever.Searcher, term: str) -> list[tuple[str, float]]:
        return [(other, 1.0) for other in self.synonyms.get(term, []) if other in searcher.vocabulary][:self.most]


def _parameters(value: str) -> tuple[float, Associations, list[str]]:
    parts = value.split(":")
    return float(parts[0]), Associations(int(parts[1]), float(parts[2])), parts[3:]


def expanded_bm25(value: str) -> None:
    weight, associations, _ = _parameters(value)

    def rank(self: retriever.Searcher, terms: list[str], k: int) -> list[tuple[int, float]]:
        counts: Counter[str] = Counter(terms)
        extra: dict[str, float] = {}
        for term in set(terms):
            for other, cosine in associations.of(self, term):
                if other not in counts:
                    extra[other] = max(extra.get(other, 0.0), weight * cosine)
        counts.update(extra)  # Lexical.rank weighs a term by its count: a fraction weighs it less
        return self.lexical.rank(counts, k)  # type: ignore[arg-type]

    retriever.Searcher.rank = rank  # type: ignore[method-assign]


def thesaurus(value: str) -> None:
    parts = value.split(":")
    _counted(float(parts[0]), Thesaurus(int(parts[1])), parts[2:])


def soft_coverage(value: str) -> None:
    _counted(*_parameters(value))


def _counted(share: float, associations: Associations | Thesaurus, where: list[str]) -> None:
    """The coverage (Searcher.coverages, .coverage) with a term held as `share` × cosine by its associations."""

    def coverages(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        docnos = np.asarray(docnos, dtype=np.int64)
        total, found = 0.0, np.zeros(len(docnos))
        asked = set(terms)
        for term in asked:
            docs = self.postings(term)
            info = information(len(docs) if docs is not None else 0, self.store.n_docs)
            total += info
            held = np.isin(docnos, docs).astype(float) if docs is not None else np.zeros(len(docnos))
            for other, cosine in associations.of(self, term):
                other_docs = self.postings(other) if other not in asked else None
                if other_docs is not None:
                    held = np.maximum(held, share * cosine * np.isin(docnos, other_docs))
            found += info * held
        return found / total if total else found

    def coverage(self: retriever.Searcher, terms: list[str] | tuple[str, ...], docno: int) -> float:
        return float(coverages(self, terms, np.array([docno]))[0])

    if not where or where[0] == "fusion":
        retriever.Searcher.coverages = coverages  # type: ignore[method-assign]
    if not where or where[0] == "confidence":
        retriever.Searcher.coverage = coverage  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dimensions", type=int, default=256)
    args = parser.parse_args()
    print(build(args.dimensions))


if __name__ == "__main__":
    main()
