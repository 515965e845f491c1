"""What each analyzer stage adds: hit@1 / R@1 on the dev set, NorQuAD validation and XQuAD nb/da.

Usage: .venv/bin/python benchmarks/ablation.py [--sets dev,norquad,xquad-nb,xquad-da] [--grid]

Each row adds one stage to the row above it (the last row is kommunebot's analyzer); every
row builds its own index with the same BM25 parameters and runs `bot.evaluate.evaluate`.
With --grid it also tunes BM25 (variant, k1, b) for the full analyzer on the bench sets
(not the dev set). Needs ../shared (skips sets that are absent).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.files import place  # noqa: E402
from bot.analysis import STOPWORD_FILES, Analyzer  # noqa: E402
from bot.analysis.compounds import Decompounder  # noqa: E402
from bot.analysis.lemma import Lemmatizer, Stemmer  # noqa: E402
from bot.analysis.resources import glossary, synonym_map, wordlist  # noqa: E402
from bot.bm25 import BM25Params  # noqa: E402
from bot.evaluate import evaluate, load_questions  # noqa: E402
from bot.index.build import DEFAULT_PARAMS, build_index  # noqa: E402
from bot.index.store import IndexStore  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402

SHARED = REPO.parent / "shared"
SETS = {
    "dev": (REPO / "corpus", SHARED / "eval" / "dev.jsonl"),
    "norquad": (SHARED / "bench" / "norquad" / "corpus.jsonl", SHARED / "bench" / "norquad" / "val.jsonl"),
    "xquad-nb": (SHARED / "bench" / "xquad" / "nb-corpus.jsonl", SHARED / "bench" / "xquad" / "nb.jsonl"),
    "xquad-da": (SHARED / "bench" / "xquad" / "da-corpus.jsonl", SHARED / "bench" / "xquad" / "da.jsonl"),
}


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

    def query_terms(self, text: str, vocabulary=None) -> list[str]:
        return self.terms(text)


def stages() -> list[tuple[str, Analyzer]]:
    """Cumulative analyzers, one stage more each."""
    stop = wordlist(*STOPWORD_FILES)
    english = wordlist("english_function_words.txt")
    ambiguous = wordlist("english_ambiguous.txt")
    full = dict(stopwords=stop, lemmatizer=Lemmatizer(), synonyms=synonym_map(), stemmer=Stemmer(),
                decompounder=Decompounder(), glossary_pairs=glossary(), english=english,
                english_ambiguous=ambiguous, typos=True)
    steps = [
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
        ("+ synonyms and English glossary", dict(full, typos=False)),
        ("+ typo correction (= kommunebot)", full),
    ]
    out: list[tuple[str, Analyzer]] = [("plain lower-case \\w+ (rank-bm25 baseline)", Plain(name="plain")),
                                       ("nltk Snowball alone (stopwords, no lemmas)",
                                        Analyzer(name="snowball-alone", stopwords=stop, english=english,
                                                 english_ambiguous=ambiguous, stemmer=NltkStemmer(), typos=False))]
    out += [(label, Analyzer(name=f"ablation{i}", **kwargs)) for i, (label, kwargs) in enumerate(steps)]
    return out


def corpus_dir(name: str, tmp: Path) -> Path:
    source, _ = SETS[name]
    if source.is_dir():
        return source
    folder = tmp / name
    folder.mkdir(exist_ok=True)
    place(source, folder / source.name)
    return folder


def score(name: str, analyzer: Analyzer, params: BM25Params, tmp: Path) -> float:
    index = tmp / f"{name}-{analyzer.version}-{params.variant}-{params.k1}-{params.b}.db"
    build_index(corpus_dir(name, tmp), index, analyzer=analyzer, params=params)
    searcher = Searcher(IndexStore.open(index, analyzer_version=analyzer.version), analyzer)
    return evaluate(load_questions(SETS[name][1]), searcher).hit1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="dev,norquad,xquad-nb,xquad-da")
    parser.add_argument("--grid", action="store_true")
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if SETS[n][1].exists()]
    tmp = Path(tempfile.mkdtemp(prefix="kb-ablation-"))
    started = time.perf_counter()
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
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
