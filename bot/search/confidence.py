"""How sure the sources answer a question: answered, uncertain (the closest passages) or not covered.

The signals exist at query time (Evidence): the lexical coverage of the best chunk
(bot.search.lexical), the question's cosines with that chunk's best sentence and whole text,
its lead over the next passage (another part of its own § is no rival), whether BM25 alone
and the cosine alone rank it first too, the question's length and whether it is asked in
another language than the passage's. They are combined into one evidence score and cut by
two thresholds, calibrated by `benchmarks/calibrate.py` on questions asked in people's own
words against far and near-domain off-topic ones (benchmarks/data).
Without a cosine (the model could not load, or the chunk has no vector) the decision is the
lexical one it always was: answered at MIN_COVERAGE, else not covered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

# answered: the passages answer it; uncertain: the closest passages, said to maybe not answer it
# directly; not_covered: the sources do not cover it (no passages).
Confidence = Literal["answered", "uncertain", "not_covered"]

# The share of the question's information (idf-weighted terms, Lexical.coverage) that the best
# chunk must contain on a lexical index (`decide` uses it without a cosine). Calibrated by
# `benchmarks/quality.py --calibrate` (README, "Abstention"): the lowest balanced error between
# 2,868 answerable questions and 2,854 off-topic ones.
MIN_COVERAGE = 0.35

# evidence = BIAS + WEIGHTS · inputs(e): a logistic regression's log-odds of "answerable", fitted
# by benchmarks/calibrate.py on how people ask: the dev sets' questions (dev3's own words,
# paraphrases, typos, English and cross-language ones) against the far, near-domain and the dev
# sets' own off-topic questions (the near-domain ones in two files: the law pack answers those of
# near_domain_law.jsonl, the seed documents' index does not), both classes weighted equally. Its
# dev3 figures cross-validated over five folds are in benchmarks/README.md beside the in-sample ones.
BIAS = -26.310
WEIGHTS = (
    5.134,   # coverage
    11.205,  # best sentence's cosine
    11.611,  # whole text's cosine
    0.440,   # lead over the second passage (fused score)
    -0.920,  # BM25 alone ranks it first too (most of that is in coverage already)
    0.548,   # the highest sentence cosine of all chunks
    2.404,   # log(1 + distinct question terms): a question that says more is more often asked of the sources
    -0.365,  # asked in another language than the passage's
)
# From here the passages answer it: where 85 % of the near-domain off-topic file is hedged or refused.
ANSWERED_MIN = 0.256
# From here the closest passages are shown, hedged: just above every far off-topic question, lowered
# until at most 2 % of each set's answerable questions are refused (refuse only what is clearly
# elsewhere; pooled, the sets whose questions share their passages' words hid dev3's refusals).
UNCERTAIN_MIN = -1.723

# The line with the sparse head (an index that stores its vectors): the same fit with the first
# passage's sparse cosine as a ninth input, on the ranking BLEND_SPARSE gives (benchmarks/calibrate.py
# --sparse, the index's own head read in the dense pass). It takes nearly all of the two dense cosines'
# weight: the head tells a passage on the question's matter from one in its tone better than they do.
SPARSE_BIAS = -12.379
SPARSE_WEIGHTS = (5.956, -0.119, 0.447, 0.547, -1.448, 0.204, 1.725, -0.932, 23.474)
# Where 90 % of the near-domain off-topic files is hedged or refused: at 85 % (the eight-input line's
# share) this line handled 12 of dev3's 15 off-topic questions (calibrate.py --near-handled).
SPARSE_ANSWERED_MIN = -0.048
SPARSE_UNCERTAIN_MIN = -2.447

# The line with the head and the chunks' character 4-grams (an index built by 0.4.0 or later): the same
# fit with a tenth input, the share of the question's 4-gram information held by the first passage's best
# sentence (benchmarks/calibrate.py --sparse, column 13). It counts the question's words in whatever
# spelling (an inflection, a compound's part, nynorsk, Danish) as the word coverage cannot, and in one
# sentence, as an answer holds them; held out, across languages, a third fewer covered questions are
# refused and a tenth more are answered plainly. The answered threshold is where 90 % of the near-domain
# off-topic files is handled, as for the nine-input line.
GRAMS_BIAS = -9.318
GRAMS_WEIGHTS = (3.725, -1.265, -3.044, 0.420, -1.337, 0.261, 2.188, -0.594, 22.447, 5.093)
GRAMS_ANSWERED_MIN = -0.182
# Set again by its rule on the shipped adapter's cosines (0.4.21, `benchmarks/calibrate.py --keep-line`): just above
# the highest far off-topic question, "Når går neste tog fra Oslo S til Trondheim?" (−2.008 with the adapter; it
# was −2.491 before). The answered threshold is kept: set by its rule (where 90 % of the near-domain files is
# handled) it would be 1.354 and hedge 16 % of dev3's answerable questions.
GRAMS_UNCERTAIN_MIN = -2.007

# A question the line would refuse is shown hedged instead where a question written for its first passage
# (bot.corpus.questions) is at least this close to it: the written questions say, in askers' words, what the
# passage answers, and a covered question refused is the worst miss. Set by a rule, as the thresholds are: just
# above the closest such question of any off-topic question the line refuses in the off-topic files (far and
# near-domain, in Norwegian, Danish and English, on the seed documents' index and the shipped one: 0.877), so no
# question of those files changes level and every far one stays refused (the closest 0.818).
# `python -m benchmarks.written_floor` measures it; 0 switches it off.
WRITTEN_FLOOR = 0.88
# Nor is a question refused whose first passage holds this share of its information (the coverage, idf-weighted
# terms): the sources then hold what it asks in words, and "Kildene dekker ikke dette" above "Er jeg inhabil hvis saken
# gjelder svogern min?" (coverage 0.88, forvaltningsloven § 8 first) says the law is silent where it is not. The line
# weighs the coverage against the sparse head and the 4-grams, which a colloquial word or a paraphrase of the best
# sentence pulls down. Set by WRITTEN_FLOOR's rule: just above the highest coverage of any question the line refuses
# in the off-topic files, far and near-domain, in Norwegian, Danish and English, on both indexes ("Hvor mye kan
# kommunen ta opp i lån?", 0.779 on the seed documents' index), so none of them changes level (0.4.36; 0 switches it
# off: benchmarks.answers --without "covered floor").
COVERED_FLOOR = 0.78

# A law's § first is contested, and said as a hedge, not plainly, where its lead over the next passage of another §
# (`Evidence.margin`, the fused score's) is under CONTESTED_LEAD and one of the next four passages of another § has a
# question written for it nearer the question than the first's own by more than CONTESTED_WRITTEN
# (`Evidence.written_lead`). A law says much in the same words from § to §, and the evidence line tells answerable
# questions from off-topic ones, not the right § from its neighbour: on the shipped index a quarter to a half of the
# law's plain answers had the wrong § first, and a close race that the askers' words (the written questions) call for
# another § is where they fall. Set by a rule (`python -m benchmarks.contested`): on the shipped index's sets but the
# blind ones written after it was looked at, the pair hedging the most wrong first passages where they are at least
# three for each right one (20 right, 62 wrong or off-topic); held out, blind law 4 and 5, 1 right and 27 wrong.
# 0 switches it off (benchmarks.answers --without "contested §").
CONTESTED_LEAD = 2.5
CONTESTED_WRITTEN = 0.01

# A law's § first not contested is still said as a hedge where a line of its own finds it likelier wrong than right:
# P(right) = logistic(SECTION_BIAS + SECTION_WEIGHTS · section_inputs) under SECTION_RIGHT_MIN. The evidence line
# above tells answerable questions from off-topic ones, not the right § from its neighbour; the race between §§ does
# (its lead over the next §, capped at SECTION_MARGIN_CAP as a clear lead; how much nearer a rival's written question
# is; how near its own is). Fitted by `python -m benchmarks.section_line` on the plain § replies of the shipped index's
# sets the contested rule reads, checked on those written after (its CHECK): AUC 0.75 cross-validated and 0.77 held
# out, where the evidence line's score gives 0.60. The cut is not tuned: a reply likelier wrong than right is not said
# plainly. 0 switches it off (benchmarks.answers --without "doubted §").
SECTION_BIAS = -8.093
SECTION_WEIGHTS = (0.347, -9.933, 9.094)
SECTION_MARGIN_CAP = 5.0
SECTION_RIGHT_MIN = 0.5
# A plain reply is said as a hedge where the question is far from every question written for its first passage
# (`Evidence.written`) unless the evidence line is sure: the written questions say, in askers' words, what a passage
# answers, and a question near the domain that the sources do not answer ("Hvor henter man stemmesedler på valgdagen?"
# beside styrelsesloven § 9 b) shares the passage's words and cosines but asks what none of them asks. The bar falls as
# the line's score rises: written < UNASKED_WRITTEN - UNASKED_SLOPE × max(score, 0). The slope is a logistic line's
# (benchmarks/unasked_line.py: the line's score and the written cosine, answerable against off-topic, classes
# weighted alike) fitted on the plain replies of the sets the evidence line is fitted on (dev, dev2, dev3, their
# English forms, the off-topic files, near-domain law and dev-law, both indexes); the bar is set by a rule, as the
# floors are: the highest that hedges at most 1 % of those sets' right plain replies on each index. Never for a
# question asked in another language than the passage's (cross-language cosines run lower: dev3 in English would lose
# its plain answers), never a refusal. 0 switches it off (benchmarks.answers --without "unasked").
UNASKED_WRITTEN = 0.845
UNASKED_SLOPE = 0.0077

# "Flere treff" (a passage past the first reply's) shows a passage while the rule would show it were it the best, and
# while its evidence, judged alone, is within this much of the first passage's, judged alone alike (log-odds: its odds
# of answering at least e^-FURTHER_GAP of the first's). The rule alone let it run on into what only shares a word with
# the question on the shipped index, whose §§ say much in the same words: 30 passages after the first three a reply on
# blind 9, 33 on dev-law. Set by a rule, as the floors are (`python -m benchmarks.answers` measures it): the smallest
# gap that keeps every answering passage "Flere treff" showed first on the sets but blind 10, written after (the widest
# 5.49, blind law 5's Q40); 0 switches it off (benchmarks.answers --without "further gap").
FURTHER_GAP = 5.5


@dataclass(frozen=True)
class Evidence:
    """What the search knows of its best passage."""

    coverage: float            # share of the question's information in the best chunk (lexical)
    cosine: float | None       # the question's cosine with the best chunk's best sentence; None when lexical
    hits: int                  # how many passages were found at all
    whole: float | None = None  # ... with its whole text (None: taken to be `cosine`)
    margin: float = 0.0         # its fused score's lead over the next passage's that is not part of its §
    bm25_first: bool = False    # BM25 alone ranks it first too
    dense_first: bool = False   # it has the highest sentence cosine of all chunks
    terms: int = 0              # distinct index terms of the question
    other_language: bool = False  # the question's language is not the passage's (nb and nn count as one)
    sparse: float | None = None   # the best chunk's sparse-head cosine; None without the head
    grams: float | None = None    # share of the question's 4-gram information in its best sentence; None without
    amount_missing: bool = False  # the question asks for a figure (amount, span, sum, date) the best chunk lacks
    written: float | None = None  # its closest written question's cosine with the question; None without any
    absent: tuple[str, ...] = ()  # names the question asks about that the index never mentions
    title_alone: bool = False  # the best chunk is a title alone (a section's divider slide): it says nothing
    # laws the question names that the index does not have (bot.search.citations.Sections.missing) and, unless it
    # cites a § of one, the best chunk does not mention either
    laws_missing: tuple[str, ...] = ()
    # for a law's § first: how far the nearest written question of the next four passages of other §s is above its
    # own closest (positive: a rival's is nearer); None for any other first passage or without written questions
    written_lead: float | None = None
    # the question's country ("no", "da": the one it names, else its language's) when the best chunk is a § of the
    # other country's law: what that law says is not what the asker's says (a hedge; `capped`)
    other_country: str | None = None


def inputs(e: Evidence) -> tuple[float, ...]:
    """The evidence line's inputs, in WEIGHTS' order (a missing whole-text cosine is the sentence's)."""
    cos = e.cosine if e.cosine is not None and not math.isnan(e.cosine) else 0.0
    whole = cos if e.whole is None or math.isnan(e.whole) else e.whole
    return (e.coverage, cos, whole, e.margin, float(e.bm25_first), float(e.dense_first), math.log1p(e.terms),
            float(e.other_language))


def _with_sparse(e: Evidence) -> bool:
    """Whether the evidence has the sparse head's cosine (then the nine-input line judges it)."""
    return e.sparse is not None and not math.isnan(e.sparse)


def _with_grams(e: Evidence) -> bool:
    """Whether the ten-input line judges it: the sparse cosine and the 4-gram coverage are both there."""
    return _with_sparse(e) and e.grams is not None and not math.isnan(e.grams)


def _line(e: Evidence) -> tuple[float, tuple[float, ...], float, float]:
    """(bias, weights, answered from, uncertain from) of the line that judges `e`."""
    if _with_grams(e):
        return GRAMS_BIAS, GRAMS_WEIGHTS, GRAMS_ANSWERED_MIN, GRAMS_UNCERTAIN_MIN
    if _with_sparse(e):
        return SPARSE_BIAS, SPARSE_WEIGHTS, SPARSE_ANSWERED_MIN, SPARSE_UNCERTAIN_MIN
    return BIAS, WEIGHTS, ANSWERED_MIN, UNCERTAIN_MIN


def evidence_score(e: Evidence, bias: float | None = None, weights: tuple[float, ...] | None = None) -> float:
    """The log-odds that the best chunk answers the question (the line of the inputs `e` has, unless given)."""
    values = inputs(e)
    if bias is None or weights is None:
        bias, weights = _line(e)[:2]
    if len(weights) > len(values):
        values = (*values, e.sparse if e.sparse is not None and _with_sparse(e) else 0.0)
    if len(weights) > len(values):
        values = (*values, e.grams if e.grams is not None and _with_grams(e) else 0.0)
    return bias + sum(w * x for w, x in zip(weights, values, strict=True))


def decide(e: Evidence, answered_min: float | None = None, uncertain_min: float | None = None) -> Confidence:
    """The confidence level for the evidence (lexical: the calibrated coverage threshold alone)."""
    if not e.hits:
        return "not_covered"
    if e.cosine is None or math.isnan(e.cosine):
        return capped("answered" if e.coverage >= MIN_COVERAGE else "not_covered", e)
    _, _, answered, uncertain = _line(e)
    answered_min = answered if answered_min is None else answered_min
    uncertain_min = uncertain if uncertain_min is None else uncertain_min
    score = evidence_score(e)
    if score >= answered_min:
        return capped("answered", e)
    written = WRITTEN_FLOOR and e.written is not None and e.written >= WRITTEN_FLOOR
    covered = COVERED_FLOOR and e.coverage >= COVERED_FLOOR
    return capped("uncertain" if score >= uncertain_min or written or covered else "not_covered", e)


def further(e: Evidence, first: Evidence | None = None) -> bool:
    """Whether a passage past the first reply's is shown ("Flere treff"): the rule would show it were it the best, and
    its evidence is within FURTHER_GAP of the `first` passage's, both judged alone by the same line (a lexical index, or
    a first passage without a cosine, a pin's: the rule alone)."""
    if decide(e) == "not_covered":
        return False
    if first is None or not FURTHER_GAP or not _judged_by_line(e) or not _judged_by_line(first) or \
            _line(e) != _line(first):
        return True
    return evidence_score(e) >= evidence_score(first) - FURTHER_GAP


def _judged_by_line(e: Evidence) -> bool:
    """Whether `decide` judges `e` by an evidence line (it has a cosine), not by the lexical coverage alone."""
    return e.cosine is not None and not math.isnan(e.cosine)


def contested(e: Evidence) -> bool:
    """Whether a law's § first wins a close race that the written questions call for another § (CONTESTED_LEAD)."""
    return bool(CONTESTED_LEAD) and e.written_lead is not None and e.written_lead > CONTESTED_WRITTEN and \
        e.margin < CONTESTED_LEAD


def section_inputs(e: Evidence) -> tuple[float, float, float]:
    """The § line's inputs: the lead over the next § (capped), how much nearer a rival's written question is, its own's
    cosine."""
    return (min(e.margin, SECTION_MARGIN_CAP), e.written_lead or 0.0, e.written or 0.0)


def section_probability(e: Evidence) -> float:
    """The § line's chance that a law's § first is the right §."""
    z = SECTION_BIAS + sum(w * x for w, x in zip(SECTION_WEIGHTS, section_inputs(e), strict=True))
    return 1 / (1 + math.exp(-z))


def doubted(e: Evidence) -> bool:
    """Whether a law's § first (one with written questions, `written_lead` set) is likelier wrong than right by the §
    line (SECTION_RIGHT_MIN); never where the model gave no cosine."""
    return bool(SECTION_RIGHT_MIN) and e.written_lead is not None and e.written is not None and \
        _judged_by_line(e) and section_probability(e) < SECTION_RIGHT_MIN


def unasked(e: Evidence) -> bool:
    """Whether the question, asked in its first passage's language, is further from every question written for that
    passage than the evidence line's score allows (UNASKED_WRITTEN): the sources may not answer what it asks."""
    if not UNASKED_WRITTEN or e.written is None or math.isnan(e.written) or e.other_language or not _judged_by_line(e):
        return False
    return e.written < UNASKED_WRITTEN - UNASKED_SLOPE * max(evidence_score(e), 0.0)


def capped(level: Confidence, e: Evidence) -> Confidence:
    """`level` with what the first passage lacks counted against a plain answer: a figure asked for and
    not stated (`amount_missing`), a name asked about and never mentioned (`absent`), anything said at all
    (`title_alone`: "KS organisasjonen" on its slide answers no "Hva er KS?"), the law asked about
    (`laws_missing`: Kommuneloven § 14-9 answers no "Hva sier arbeidsmiljøloven § 14-9?"), the asker's country's
    law (`other_country`: Kommuneloven § 7-9 answers no "Hvordan søger jeg fritagelse i Danmark?"). One makes it a
    hedge, two a refusal.

    Caps, not weights: the passage may still be the closest there is (a hedge shows it), but a slide
    naming the møtegodtgjørelse without a figure does not answer "how much", nor another municipality's
    rates "… i Bergen kommune?". Both lacking ("Kor mange innbyggjarar har Kina?" beside a slide on
    Norway's) it answers nothing asked, however close. One alone never makes a hedge a refusal: a name is sometimes
    incidental ("the meetings on Teams"), and a passage the line found close is still worth showing.
    """
    strikes = int(e.amount_missing) + int(bool(e.absent)) + int(e.title_alone) + int(bool(e.laws_missing)) + \
        int(e.other_country is not None)
    if strikes >= 2:
        return "not_covered"
    # a contested or doubted § is the closest passage still, never refused for it: it only hedges; so is a passage
    # whose written questions none come near the question
    return "uncertain" if level == "answered" and (strikes or contested(e) or doubted(e) or unasked(e)) else level
