"""What each analyzer stage adds: hit@1 / R@1 on the dev set, NorQuAD validation and XQuAD nb/da.

Usage: .venv/bin/python benchmarks/ablation.py [--sets dev,norquad,xquad-nb,xquad-da] [--grid] [--semantic]

Each row adds one stage to the row above it (the last row is kommunebot's analyzer); every
row builds its own index with the same BM25 parameters and runs `bot.evaluate.evaluate`.
With --grid it also tunes BM25 (variant, k1, b) for the full analyzer on the bench sets
(not the dev set). Needs ../shared, or KOMMUNEBOT_SHARED: a set whose files are absent is skipped, named
with the file looked for beneath the table (nothing left to measure: an error).

With --semantic every row is asked twice, BM25 alone and fused with e5 as the product does
(the Searcher with the embedder: bot.search.fusion.fuse, default method, weight and
candidates), on dev, dev2, NorQuAD train and val, XQuAD nb and da, and four leave-one-out
rows (the full analyzer without the glossary, the synonyms, typo correction, the stopword
lists) follow; then a question's other forms (benchmarks/data/variant_pairs.jsonl) per row.
The vectors come from benchmarks/semantic.py's cache (benchmarks/vectors.py): nothing
cached is embedded again.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.files import mirror  # noqa: E402
from benchmarks.shared import BENCH, EVAL, MissingData, absent  # noqa: E402
from benchmarks.vectors import CachedEmbedder  # noqa: E402
from bot.analysis import STOPWORD_FILES, Analyzer  # noqa: E402
from bot.analysis.cognates import Folder  # noqa: E402
from bot.analysis.compounds import Decompounder  # noqa: E402
from bot.analysis.lemma import Lemmatizer, Stemmer  # noqa: E402
from bot.analysis.resources import glossary, synonym_map, wordlist  # noqa: E402
from bot.bm25 import BM25Params  # noqa: E402
from bot.evaluate import evaluate, load_questions  # noqa: E402
from bot.index.build import DEFAULT_PARAMS, build_index  # noqa: E402
from bot.index.store import IndexStore  # noqa: E402
from bot.search import fusion  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402
from bot.semantic.embedder import E5Embedder, Embedder  # noqa: E402

BUNDLED = "dev (bundled corpus)"
CORPORA = {  # corpus name -> source; the names are benchmarks/semantic.py's, whose vector cache is reused
    BUNDLED: REPO / "corpus",
    "NorQuAD val": BENCH / "norquad" / "corpus.jsonl",
    "XQuAD nb": BENCH / "xquad" / "nb-corpus.jsonl",
    "XQuAD da": BENCH / "xquad" / "da-corpus.jsonl",
}
SETS = {  # set -> (corpus name, questions, name of its question vectors in the cache)
    "dev": ("dev (bundled corpus)", EVAL / "dev.jsonl", "dev"),
    "dev2": ("dev (bundled corpus)", EVAL / "dev2.jsonl", "dev2"),
    "norquad-train": ("NorQuAD val", BENCH / "norquad" / "train.jsonl", "NorQuAD train"),
    "norquad": ("NorQuAD val", BENCH / "norquad" / "val.jsonl", "NorQuAD val"),
    "xquad-nb": ("XQuAD nb", BENCH / "xquad" / "nb.jsonl", "XQuAD nb"),
    "xquad-da": ("XQuAD da", BENCH / "xquad" / "da.jsonl", "XQuAD da"),
}
# A question and the same question in another form the stages bridge (renamed title, nynorsk,
# Danish, English), asked of the bundled corpus: written for this table, never tuned on.
VARIANTS = REPO / "benchmarks" / "data" / "variant_pairs.jsonl"
LEXICAL_SETS = "dev,norquad,xquad-nb,xquad-da"
SEMANTIC_SETS = "dev,dev2,norquad-train,norquad,xquad-nb,xquad-da"


class NltkStemmer:
    """nltk's Snowball Norwegian stemmer, for the comparison row the issue asks for."""

    def __init__(self) -> None:
        from nltk.stem.snowball import SnowballStemmer

        self.stem = SnowballStemmer("norwegian").stem

    def __call__(self, word: str) -> str:
        return self.stem(word)


class Plain(Analyzer):
    """rank-bm25's usual baseline: lower-cased \\w+ tokens, nothing else."""

    def terms(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def query_terms(self, text: str, vocabulary=None, language=None, country=None) -> list[str]:
        return self.terms(text)


def _full(stop: frozenset[str], english: frozenset[str], ambiguous: frozenset[str]) -> dict:
    """The keyword arguments of every stage: kommunebot's analyzer."""
    return dict(stopwords=stop, lemmatizer=Lemmatizer(), synonyms=synonym_map(), stemmer=Stemmer(),
                decompounder=Decompounder(), glossary_pairs=glossary(), english=english,
                english_ambiguous=ambiguous, folder=Folder(Stemmer()), typos=True)


def stages() -> list[tuple[str, Analyzer]]:
    """Cumulative analyzers, one stage more each."""
    stop = wordlist(*STOPWORD_FILES)
    english = wordlist("english_function_words.txt")
    ambiguous = wordlist("english_ambiguous.txt")
    full = _full(stop, english, ambiguous)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("normalise + tokenizer", dict(typos=False)),
        ("+ stopwords (nb, nn, da; English in questions)",
         dict(stopwords=stop, english=english, english_ambiguous=ambiguous, typos=False)),
        ("+ lemmas (simplemma nb → nn → da)", dict(stopwords=stop, english=english, english_ambiguous=ambiguous,
                                                   lemmatizer=Lemmatizer(), typos=False)),
        ("+ Snowball stem", dict(stopwords=stop, english=english, english_ambiguous=ambiguous,
                                 lemmatizer=Lemmatizer(), stemmer=Stemmer(), typos=False)),
        ("+ compounds (whole word and parts)", dict(stopwords=stop, english=english, english_ambiguous=ambiguous,
                                                    lemmatizer=Lemmatizer(), stemmer=Stemmer(),
                                                    decompounder=Decompounder(), typos=False)),
        ("+ synonyms and English glossary", dict(full, folder=None, typos=False)),
        ("+ typo correction", dict(full, folder=None)),
        ("+ Danish-only spellings in Norwegian spelling (= kommunebot)", full),
    ]
    out: list[tuple[str, Analyzer]] = [("plain lower-case \\w+ (rank-bm25 baseline)", Plain(name="plain")),
                                       ("nltk Snowball alone (stopwords, no lemmas)",
                                        Analyzer(name="snowball-alone", stopwords=stop, english=english,
                                                 english_ambiguous=ambiguous, stemmer=NltkStemmer(), typos=False))]
    out += [(label, Analyzer(name=f"ablation{i}", **kwargs)) for i, (label, kwargs) in enumerate(steps)]
    return out


FULL_NAME = "ablation7"  # the name stages() gives the full analyzer (its last row)


def leave_one_out() -> list[tuple[str, Analyzer]]:
    """The full analyzer without one piece of hand-written data: the glossary, the synonyms, typo
    correction, the stopword lists, the spelling fold.

    The glossary and typo correction act on questions only, so those rows share the full
    analyzer's name (and so its index: the chunks' terms are the same); synonyms and stopwords
    act on chunks too and get an index of their own.
    """
    full = _full(wordlist(*STOPWORD_FILES), wordlist("english_function_words.txt"), wordlist("english_ambiguous.txt"))
    return [("full − English glossary", Analyzer(name=FULL_NAME, **dict(full, glossary_pairs=None))),
            ("full − synonyms", Analyzer(name="loo-synonyms", **dict(full, synonyms=None))),
            ("full − typo correction", Analyzer(name=FULL_NAME, **dict(full, typos=False))),
            ("full − stopwords (nb, nn, da)", Analyzer(name="loo-stopwords", **dict(full, stopwords=None))),
            ("full − Danish-only spellings folded", Analyzer(name="loo-fold", **dict(full, folder=None)))]


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())  # as benchmarks/semantic.py names its cache


def corpus_dir(corpus: str, tmp: Path) -> Path:
    source = CORPORA[corpus]
    if source.is_dir():
        return source
    folder = tmp / _slug(corpus)
    mirror([source], folder)
    return folder


def _index(corpus: str, analyzer: Analyzer, params: BM25Params, tmp: Path) -> Path:
    return tmp / f"{_slug(corpus)}-{analyzer.version}-{params.variant}-{params.k1}-{params.b}.db"


def score(name: str, analyzer: Analyzer, params: BM25Params, tmp: Path) -> float:
    corpus, questions, _ = SETS[name]
    index = _index(corpus, analyzer, params, tmp)
    build_index(corpus_dir(corpus, tmp), index, analyzer=analyzer, params=params)
    searcher = Searcher(IndexStore.open(index, analyzer_version=analyzer.version), analyzer)
    return evaluate(load_questions(questions), searcher).hit1


def score_semantic(name: str, analyzer: Analyzer, tmp: Path, embedder: Embedder) -> tuple[float, float]:
    """hit@1 of one set under one analyzer: BM25 alone, and fused with e5 by the product's Searcher."""
    corpus, questions, _ = SETS[name]
    index = _index(corpus, analyzer, DEFAULT_PARAMS, tmp)
    # no size limit: every chunk gets its vector, as in an index under KOMMUNEBOT_SEMANTIC_MAX_CHUNKS
    build_index(corpus_dir(corpus, tmp), index, analyzer=analyzer, embedder=embedder, semantic_max_chunks=10**9)
    store = IndexStore.open(index, analyzer_version=analyzer.version)
    items = load_questions(questions)
    lexical = evaluate(items, Searcher(store, analyzer)).hit1
    fused = Searcher(store, analyzer, embedder=embedder)
    assert fused.semantic, f"{index} has no vectors"
    out = lexical, evaluate(items, fused).hit1
    store.close()
    return out


def semantic_table(names: list[str], tmp: Path) -> None:
    """The ablation with the semantic stage on: BM25 alone and fused, side by side per set."""
    e5 = E5Embedder()
    embedders = {corpus: CachedEmbedder(e5, _slug(corpus)) for corpus in dict.fromkeys(SETS[n][0] for n in names)}
    embedders.setdefault(BUNDLED, CachedEmbedder(e5, _slug(BUNDLED)))
    for n in names:
        embedders[SETS[n][0]].embed_queries([q["question"] for q in load_questions(SETS[n][1])])
    print(f"BM25: {DEFAULT_PARAMS}; fusion: the product's (bot.search.fusion, "
          f"blend {fusion.BLEND}) over BM25's and e5's top {fusion.CANDIDATES}\n")
    print("| analyzer | " + " | ".join(f"{n} BM25 | {n} fused" for n in names) + " |")
    print("|---|" + "---|---|" * len(names))
    for label, analyzer in stages() + leave_one_out():
        cells = [score_semantic(n, analyzer, tmp, embedders[SETS[n][0]]) for n in names]
        print(f"| {label} | " + " | ".join(f"{a:.3f} | {b:.3f}" for a, b in cells) + " |", flush=True)
    variant_table(tmp, embedders[BUNDLED])
    for embedder in embedders.values():
        embedder.flush()


def variant_table(tmp: Path, embedder: CachedEmbedder) -> None:
    """How often a question in another form gets the first passage of its plain form, per leave-one-out row."""
    pairs = [json.loads(line) for line in VARIANTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = list(dict.fromkeys(p["kind"] for p in pairs))
    corpus = BUNDLED
    print("\n| analyzer | " + " | ".join(f"{k} BM25 | {k} fused" for k in kinds) + " |")
    print("|---|" + "---|---|" * len(kinds))
    for label, analyzer in [stages()[-1], *leave_one_out()]:
        index = _index(corpus, analyzer, DEFAULT_PARAMS, tmp)
        build_index(corpus_dir(corpus, tmp), index, analyzer=analyzer, embedder=embedder, semantic_max_chunks=10**9)
        store = IndexStore.open(index, analyzer_version=analyzer.version)
        searchers = [Searcher(store, analyzer), Searcher(store, analyzer, embedder=embedder)]
        cells = []
        for kind in kinds:
            for searcher in searchers:
                same = 0
                for p in (p for p in pairs if p["kind"] == kind):
                    plain, other = searcher.search(p["question"], k=1).hits, searcher.search(p["variant"], k=1).hits
                    same += bool(plain and other and plain[0].chunk_id == other[0].chunk_id)
                cells.append(f"{same}/{sum(p['kind'] == kind for p in pairs)}")
        store.close()
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", help=f"default {LEXICAL_SETS}; with --semantic {SEMANTIC_SETS}")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--semantic", action="store_true", help="every row BM25 alone and fused with e5")
    args = parser.parse_args()
    wanted = (args.sets or (SEMANTIC_SETS if args.semantic else LEXICAL_SETS)).split(",")
    unknown = [n for n in wanted if n not in SETS]
    if unknown:
        parser.error(f"unknown set {', '.join(unknown)}; choose from {', '.join(SETS)}")
    skipped = {n: f"{n}: skipped, {why}" for n in wanted if (why := absent(SETS[n][1], CORPORA[SETS[n][0]]))}
    for note in skipped.values():
        print(note, file=sys.stderr)
    names = [n for n in wanted if n not in skipped]
    if not names:
        raise MissingData(list(skipped.values()))
    tmp = Path(tempfile.mkdtemp(prefix="kb-ablation-"))
    started = time.perf_counter()
    if args.semantic:
        semantic_table(names, tmp)
        if skipped:
            print("".join(f"\n{note}" for note in skipped.values()))
        print(f"\n{time.perf_counter() - started:.0f} s")
        return
    print(f"BM25: {DEFAULT_PARAMS}\n")
    print("| analyzer | " + " | ".join(f"{n} hit@1" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for label, analyzer in stages():
        print(f"| {label} | " + " | ".join(f"{score(n, analyzer, DEFAULT_PARAMS, tmp):.3f}" for n in names) + " |",
              flush=True)
    if args.grid:
        full = stages()[-1][1]
        bench = [n for n in names if n != "dev"]
        print("\n| variant | k1 | b | " + " | ".join(bench) + " | mean |")
        print("|---|---|---|" + "---|" * (len(bench) + 1))
        for variant in ("okapi", "plus"):
            for k1 in (0.6, 0.9, 1.2, 1.5):
                for b in (0.3, 0.4, 0.5, 0.75):
                    params = BM25Params(variant=variant, k1=k1, b=b)
                    values = [score(n, full, params, tmp) for n in bench]
                    print(f"| {variant} | {k1} | {b} | " + " | ".join(f"{v:.3f}" for v in values) +
                          f" | {sum(values) / len(values):.3f} |", flush=True)
    if skipped:  # beneath the table: a column missing, and why
        print("".join(f"\n{note}" for note in skipped.values()))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
