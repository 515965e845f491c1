"""Measuring retrieval and abstention on a question file (gold strings or gold ids)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.errors import KommunebotError
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
    abstain_questions: int = 0
    abstain_accuracy: float | None = None
    false_abstentions: int = 0
    first_passage_median_chars: float = 0.0
    misses: list[Miss] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain values for JSON."""
        return asdict(self)


def evaluate(items: list[dict], searcher: Searcher, k: int = 10) -> Scores:
    """Run every question; rank metrics count the ranking, abstention is scored apart."""
    s = Scores(questions=len(items))
    lengths: list[int] = []
    abstained_right = 0
    for item in items:
        result = searcher.search(item["question"], k=k)
        if item.get("expect") == "abstain":
            s.abstain_questions += 1
            abstained_right += result.abstained
            continue
        s.answerable += 1
        s.false_abstentions += result.abstained
        if result.hits:
            lengths.append(len(result.hits[0].text))
        rank = next((i for i, h in enumerate(result.hits, 1) if is_gold(item, h)), None)
        s.hit1 += rank == 1
        s.hit3 += rank is not None and rank <= 3
        s.mrr5 += 1 / rank if rank and rank <= 5 else 0
        s.r10 += rank is not None and rank <= 10
        if rank != 1:
            s.misses.append(Miss(item["id"], item["question"], rank,
                                 _first_line(result.hits[0]) if result.hits else "(nothing)", result.abstained))
    if s.answerable:
        for name in ("hit1", "hit3", "mrr5", "r10"):
            setattr(s, name, round(getattr(s, name) / s.answerable, 4))
    if s.abstain_questions:
        s.abstain_accuracy = round(abstained_right / s.abstain_questions, 4)
    if lengths:
        lengths.sort()
        mid = len(lengths) // 2
        s.first_passage_median_chars = float(lengths[mid] if len(lengths) % 2
                                             else (lengths[mid - 1] + lengths[mid]) / 2)
    return s


def _first_line(hit: Hit) -> str:
    """The first passage of a miss on one line: title, location (a § kept whole has none) and its opening."""
    where = f"{hit.title}, {hit.location}" if hit.location else hit.title
    return f"{where}: {' '.join(hit.text[:120].split())}"
