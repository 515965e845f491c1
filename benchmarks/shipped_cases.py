"""The seed questions the law pack changes, listed and judged: where the shipped index ranks them otherwise.

Usage: python -m benchmarks.shipped_cases [--run DIR] [--readme] [--strict]

Issue 21 measures the seed sets (dev, dev2, dev3) on the seed documents' index and on the shipped one
(the seed documents and the law pack), where a § that answers a seed question counts as a miss (the gold
is a seed document's wording), and asks for those cases listed and judged. From one `benchmarks.answers`
run holding both (its DIR/answers.json, e.g. `--sets "dev,dev2,dev3,dev (shipped),dev2 (shipped),dev3
(shipped)"`), this lists each seed-set question whose hit@1 or hit@3 differs between the two indexes, with
the passages the shipped index shows first, and joins the judgements of
benchmarks/data/shipped_judged.jsonl: a line a law § judged for a question, {"id", "passage" (its citation
as shown: title, and the ledd quoted after a comma), "verdict", "why"}, the verdict "answers", "partly" or
"no". A card quoting other ledd of the § is another passage, judged anew. Beside the list, hit@1 and hit@3
as scored and as judged (a passage judged to answer counts as the gold would). A case with a law § among
its first three that no line judges is listed as not judged (--strict: exit 1), so a new ranking cannot
leave the list stale unnoticed. --readme writes both tables into benchmarks/README.md between the
`shipped cases` markers. (`benchmarks.lawpack` lists every seed question whose first three passages
change, by the search alone and unjudged; this lists those whose hit@1 or hit@3 changes as answer()
shows them, judged.)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SETS, questions  # noqa: E402
from benchmarks.report import README, replace_between_markers  # noqa: E402
from benchmarks.semantic import OUT  # noqa: E402
from benchmarks.shared import at_hand  # noqa: E402
from bot.corpus.lawtext import is_section  # noqa: E402

JUDGED = REPO / "benchmarks" / "data" / "shipped_judged.jsonl"
SEED_SETS = ("dev", "dev2", "dev3")
VERDICTS = ("answers", "partly", "no")


@dataclass(frozen=True)
class Judgement:
    """One passage judged for one question: does it answer it as the seed document's passage would?"""

    verdict: str  # answers, partly, no
    why: str


@dataclass(frozen=True)
class Case:
    """One seed question ranked otherwise on the shipped index: both ranks and what the shipped index shows."""

    set_name: str
    qid: str
    question: str
    seed_rank: int | None
    shipped_rank: int | None
    shown: tuple[dict, ...]  # the shipped index's first three passages: {"id", "title", "location"}


def read_judged(path: Path = JUDGED) -> dict[tuple[str, str], Judgement]:
    """The judgements by (question id, passage as cited); a line with an unknown verdict is an error, not a guess."""
    judged: dict[tuple[str, str], Judgement] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["verdict"] not in VERDICTS:
            raise SystemExit(f"{path}:{n}: verdict {row['verdict']!r} is not one of {', '.join(VERDICTS)}")
        judged[(row["id"], row["passage"])] = Judgement(row["verdict"], row["why"])
    return judged


def cited(passage: dict) -> str:
    """A shown passage as the judgements name it: its title, and its location after a comma."""
    return f"{passage['title']}, {passage['location']}" if passage.get("location") else passage["title"]


def _hit(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def cases(run: dict, asked: dict[str, dict[str, dict]]) -> list[Case]:
    """Every seed-set question whose hit@1 or hit@3 differs between the seed and the shipped index.

    :param asked: each seed set's questions by id (`seed_questions`).
    """
    out = []
    for name in SEED_SETS:
        seed, shipped = run.get(name), run.get(f"{name} (shipped)")
        if seed is None or shipped is None:
            continue
        by_id = {q["id"]: q for q in shipped}
        for q in seed:
            other = by_id.get(q["id"])
            if other is None or q["rank"] is None and other["rank"] is None:
                continue
            if any(_hit(q["rank"], k) != _hit(other["rank"], k) for k in (1, 3)):
                text = asked.get(name, {}).get(q["id"], {}).get("question", "")
                out.append(Case(name, q["id"], text, q["rank"], other["rank"],
                                tuple(other.get("shown", ()))))
    return out


def judged_hit(rank: int | None, shown: tuple[dict, ...], qid: str, k: int,
               judged: dict[tuple[str, str], Judgement]) -> bool:
    """Hit at `k` as judged: the gold within `k`, or a passage among the first `k` judged to answer."""
    return _hit(rank, k) or any((j := judged.get((qid, cited(p)))) is not None and j.verdict == "answers"
                                for p in shown[:k])


def seed_questions() -> dict[str, dict[str, dict]]:
    """Each seed set's questions by id (their text and `expect`); a set whose file is absent, none."""
    seed = [qs for qs in SETS if qs.name in SEED_SETS]
    present = at_hand([qs.path for qs in seed])
    return {qs.name: {q["id"]: q for q in questions(qs)} for qs in seed if qs.path in present}


def counts(run: dict, judged: dict[tuple[str, str], Judgement], asked: dict[str, dict[str, dict]]) -> str:
    """Each seed set's hit@1 and hit@3 on both indexes, as scored and as judged (markdown)."""
    lines = ["| set | seed index hit@1 / hit@3 | shipped, as scored | shipped, judged | hit@3 gap, scored / judged |",
             "|---|---|---|---|---|"]
    for name in SEED_SETS:
        if name not in run or f"{name} (shipped)" not in run or name not in asked:
            continue
        answerable = {i for i, q in asked.get(name, {}).items() if q.get("expect", "answer") != "abstain"}
        seed = [q for q in run[name] if q["id"] in answerable]
        shipped = [q for q in run[f"{name} (shipped)"] if q["id"] in answerable]
        def rate(rows: list[dict], k: int, judge: bool = False) -> float:
            return sum(judged_hit(q["rank"], tuple(q.get("shown", ())), q["id"], k, judged) if judge
                       else _hit(q["rank"], k) for q in rows) / max(len(rows), 1)
        gap, judged_gap = rate(seed, 3) - rate(shipped, 3), rate(seed, 3) - rate(shipped, 3, True)
        lines.append(f"| {name} | {rate(seed, 1):.3f} / {rate(seed, 3):.3f} | {rate(shipped, 1):.3f} / "
                     f"{rate(shipped, 3):.3f} | {rate(shipped, 1, True):.3f} / {rate(shipped, 3, True):.3f} | "
                     f"{-gap + 0.0:+.3f} / {-judged_gap + 0.0:+.3f} |")
    return "\n".join(lines) + "\n"


def _rank(rank: int | None) -> str:
    return "–" if rank is None else str(rank)


def _short(passage: dict, where: bool = False) -> str:
    """A passage's citation, short: a law's § by its law and number ("Kommuneloven § 13-1"), else the title."""
    title = passage["title"]
    if is_section(passage["id"]):
        words = title.split(" § ", 1)
        title = f"{words[0]} § {words[1].split()[0]}" if len(words) == 2 else title
    elif len(title) > 40:
        title = title[:39].rstrip() + " …"
    return f"{title}, {passage['location']}" if where and passage.get("location") else title


def listing(found: list[Case], judged: dict[tuple[str, str], Judgement]) -> tuple[str, int]:
    """The cases as a markdown table, and how many have a law § in their first three that no line judges."""
    lines = ["| set | question | rank, seed → shipped | the shipped index's first three | judged |",
             "|---|---|---|---|---|"]
    unjudged = 0
    for case in found:
        verdicts = []
        for passage in case.shown:
            j = judged.get((case.qid, cited(passage)))
            if j is not None:
                verdicts.append(f"{_short(passage)}: {j.verdict} ({j.why})")
            elif is_section(passage["id"]):
                verdicts.append(f"{_short(passage)}: not judged")
                unjudged += 1
        question = case.question if len(case.question) <= 90 else case.question[:89].rstrip() + " …"
        lines.append(f"| {case.set_name} | {case.qid} {question} | {_rank(case.seed_rank)} → "
                     f"{_rank(case.shipped_rank)} | {'; '.join(_short(p, True) for p in case.shown) or '(none)'} | "
                     f"{'; '.join(verdicts) or 'no law § shown: another passage rose'} |")
    return "\n".join(lines) + "\n", unjudged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, default=OUT, help="a benchmarks.answers run's directory (answers.json)")
    parser.add_argument("--readme", action="store_true", help="write the tables into benchmarks/README.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a shown law § is not judged")
    args = parser.parse_args()
    path = args.run / "answers.json"
    if not path.exists():
        raise SystemExit(f"{path} is absent: run benchmarks.answers with the seed sets on both indexes first")
    run = json.loads(path.read_text(encoding="utf-8"))["questions"]
    judged, asked = read_judged(), seed_questions()
    found = cases(run, asked)
    table, unjudged = listing(found, judged)
    text = counts(run, judged, asked) + "\n" + table
    if args.readme:
        replace_between_markers(README, "shipped cases", text)
    print(text)
    if unjudged:
        print(f"{unjudged} shown law passage(s) not judged: add lines to {JUDGED}", file=sys.stderr)
        if args.strict:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
