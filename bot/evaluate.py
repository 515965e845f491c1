"""Measuring answers and abstention on a question file (gold strings or gold ids): as shown, or as ranked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.answer.model import Answer, Citation, Passage
from bot.errors import KommunebotError
from bot.search.confidence import Confidence
from bot.search.retriever import Hit, Searcher

_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def question_lines(text: str) -> list[str]:
    """The questions of a plain list: one a line, blank lines and `#` comment lines skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_questions(path: Path) -> list[dict]:
    """Questions from .jsonl (the eval format) or plain text, one question a line."""
    from bot.corpus.encoding import decode_text

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KommunebotError(f"cannot read {path}: {exc.strerror or exc}") from None
    lines = decode_text(data, str(path))[0].splitlines()  # Notepad's or Excel's Windows-1252 too
    out = _question_items(lines, path)
    if not out:  # an empty list is no review and no score: `eval --marks` with no marks once wrote such a file
        raise KommunebotError(f"no questions in {path}",
                              hint='write one question a line, or in a .jsonl file one {"question": "…"} a line')
    return out


def _question_items(lines: list[str], path: Path) -> list[dict]:
    """The questions of a file's lines: .jsonl items, or a plain list's lines."""
    if not str(path).endswith(".jsonl"):
        return [{"id": f"q{i}", "question": q} for i, q in enumerate(question_lines("\n".join(lines)), 1)]
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            raise KommunebotError(f"{path}: line {number} is not valid JSON") from None
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise KommunebotError(f'{path}: line {number} has no "question"')
        item.setdefault("id", f"q{number}")
        out.append(item)
    return out


def is_gold(item: dict, hit: Hit) -> bool:
    """Whether `hit` answers `item`: its cited or chunk id is a gold id, or its text holds a gold string."""
    if "gold_ids" in item:  # a facilitator's marks name chunks; hand-written files name sources
        return hit.cite_id in item["gold_ids"] or hit.chunk_id in item["gold_ids"]
    text = _fold(hit.text)
    return any(_fold(g) in text for g in item.get("gold", []))


def shows_gold(item: dict, passage: Passage, gold_map: Callable[[str], str] = lambda g: g) -> bool:
    """Whether `passage` answers `item` as the user sees it: its quote holds a gold string, or it cites a gold id.

    `gold_map` turns a gold id of the questions' corpus into one of the corpus asked (a benchmark
    asking Danish questions of the Norwegian passages).
    """
    if "gold_ids" in item:
        golds = {gold_map(g) for g in item["gold_ids"]}
        return passage.citation.source_id in golds or passage.chunk_id in golds
    quote = _fold(passage.quote)
    return any(_fold(g) in quote for g in item.get("gold", []))


@dataclass(frozen=True)
class Outcome:
    """One question's reply, scored: where its first answering passage is and how surely it was said."""

    item: dict
    rank: int | None   # of the first passage that answers (None: none of those shown)
    level: Confidence  # answered, uncertain (hedged), not_covered (refused)
    first: str = "(nothing)"  # the first passage on one line
    first_chars: int = 0      # the length of its text (0: nothing shown)
    shown: tuple[Citation, ...] = ()  # the first passages' citations (a benchmark's record)
    # whether the search's first hit answers it, before the reply is composed or refused (issue 20's R@1 of the
    # ranking); None: not measured
    ranking_first: bool | None = None

    @property
    def answerable(self) -> bool:
        """Whether the sources answer it (`expect` is not `abstain`)."""
        return self.item.get("expect", "answer") != "abstain"


@dataclass
class Miss:
    """An answerable question whose first passage was not gold."""

    id: str
    question: str
    gold_rank: int | None
    first: str
    abstained: bool


@dataclass
class Scores:
    """The measures of one run."""

    questions: int = 0
    answerable: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    mrr5: float = 0.0
    r10: float = 0.0
    right_plainly: float = 0.0  # answerable questions whose first passage answers, said without a hedge
    hedged: float = 0.0         # answerable questions answered "the sources may not answer this directly"
    plain: int = 0              # replies said plainly, off-topic questions' too
    plain_right: float | None = None  # of those, the share whose first passage answers: how far to trust one
    abstain_questions: int = 0
    abstain_accuracy: float | None = None  # of those, refused or hedged (the eval README's rule)
    abstain_refused: int = 0
    false_abstentions: int = 0  # answerable questions refused
    first_passage_median_chars: float = 0.0
    misses: list[Miss] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain values for JSON; what is measured over answerable questions is null when there is none."""
        out = asdict(self)
        if not self.answerable:  # 0.0 would read as every answer missed, where the text output says "not measured"
            out.update(dict.fromkeys(RANK_MEASURES, None))
        return out


# the measures over the answerable questions alone
RANK_MEASURES = ("hit1", "hit3", "mrr5", "r10", "right_plainly", "hedged", "first_passage_median_chars")


def score(outcomes: list[Outcome]) -> Scores:
    """The measures over scored replies: rank metrics over the answerable ones, abstention apart."""
    s = Scores(questions=len(outcomes))
    answerable = [o for o in outcomes if o.answerable]
    off = [o for o in outcomes if not o.answerable]
    for o in answerable:
        s.hit1 += o.rank == 1
        s.hit3 += o.rank is not None and o.rank <= 3
        s.mrr5 += 1 / o.rank if o.rank and o.rank <= 5 else 0
        s.r10 += o.rank is not None and o.rank <= 10
        s.right_plainly += o.rank == 1 and o.level == "answered"
        s.hedged += o.level == "uncertain"
        s.false_abstentions += o.level == "not_covered"
        if o.rank != 1:
            s.misses.append(Miss(str(o.item.get("id", "")), o.item["question"], o.rank, o.first,
                                 o.level == "not_covered"))
    s.answerable = len(answerable)
    if answerable:
        for name in RANK_MEASURES[:-1]:  # shares; the median is counted below
            setattr(s, name, round(getattr(s, name) / len(answerable), 4))
    s.plain = sum(o.level == "answered" for o in outcomes)
    if s.plain:
        s.plain_right = round(sum(o.rank == 1 and o.level == "answered" for o in answerable) / s.plain, 4)
    s.abstain_questions = len(off)
    if off:
        s.abstain_accuracy = round(sum(o.level != "answered" for o in off) / len(off), 4)
        s.abstain_refused = sum(o.level == "not_covered" for o in off)
    lengths = sorted(o.first_chars for o in answerable if o.first_chars)
    if lengths:
        mid = len(lengths) // 2
        s.first_passage_median_chars = float(lengths[mid] if len(lengths) % 2
                                             else (lengths[mid - 1] + lengths[mid]) / 2)
    return s


def evaluate(items: list[dict], searcher: Searcher, k: int = 10) -> Scores:
    """The ranking's measures: every question searched, a hit answering when its chunk holds the gold."""
    outcomes = []
    for item in items:
        result = searcher.search(item["question"], k=k)
        hits = result.hits
        rank = next((i for i, h in enumerate(hits, 1) if is_gold(item, h)), None)
        outcomes.append(Outcome(item, rank, result.confidence,
                                _first_line(hits[0].title, hits[0].location, hits[0].text) if hits else "(nothing)",
                                len(hits[0].text) if hits else 0))
    return score(outcomes)


def evaluate_replies(items: list[dict], ask: Callable[[str], Answer]) -> Scores:
    """What users get: every question through `ask` (the one answer function), its *shown* quotes scored.

    A right chunk whose quote leaves the answer out is a miss, as it is for the reader.
    """
    outcomes = []
    for item in items:
        reply = ask(item["question"])
        shown = reply.passages
        rank = next((p.rank for p in shown if shows_gold(item, p)), None)
        if shown:
            top = shown[0]
            first, chars = _first_line(top.citation.title, top.citation.location, top.quote), len(top.quote)
        else:
            first, chars = "(nothing)", 0
        outcomes.append(Outcome(item, rank, reply.confidence, first, chars))
    return score(outcomes)


def _first_line(title: str, location: str, text: str) -> str:
    """The first passage of a miss on one line: title, location (a § kept whole has none) and its opening."""
    where = f"{title}, {location}" if location else title
    return f"{where}: {' '.join(text[:120].split())}"
