"""The written-question floor under a refusal (`confidence.WRITTEN_FLOOR`): its rule's input and what each floor does.

Usage: python -m benchmarks.written_floor [--readme]

Every question of the sets with written questions (the seed documents' index and the shipped one; XQuAD and
NorQuAD have none, so no floor moves them) is searched once with the floor off. Its first passage's closest
written question's cosine (`Evidence.written`) and the line's level are kept, and each floor of the grid decides
again from the same evidence (`confidence.decide`). Printed: the rule's input (the closest written question of
any off-topic question the line refuses in the off-topic files, and of any far off-topic question at all), and
per floor the covered questions refused, those shown hedged instead (their first passage right or wrong), and
the off-topic questions hedged instead of refused (still handled) with the far file's refused count.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SETS, SHIPPED_SETS, QuestionSet, embedder, need_sets, questions, ranked_gold  # noqa: E402
from benchmarks.report import table_run  # noqa: E402
from benchmarks.semantic import Corpus, load_corpus  # noqa: E402
from benchmarks.shared import SHARED  # noqa: E402
from bot.search import confidence  # noqa: E402

MARKER = "written floor"
PRODUCT = confidence.WRITTEN_FLOOR
FLOORS = (0.0, 0.85, 0.86, 0.87, 0.88, 0.89, 0.90, 0.92)
WITHOUT = ("XQuAD", "NorQuAD")  # corpora with no written questions


def collect() -> list[dict[str, Any]]:
    """Each question's set, whether it is answerable or in an off-topic file (a far one), its evidence and level, and
    whether its first passage answers it, the floor off."""
    e5 = embedder()
    corpora: dict[str, Corpus] = {}
    rows: list[dict[str, Any]] = []
    confidence.WRITTEN_FLOOR = 0.0
    sets: list[QuestionSet] = need_sets(qs for qs in [*SETS, *SHIPPED_SETS] if not qs.name.startswith(WITHOUT))
    for qs in sets:
        corpus = corpora.get(qs.corpus) or corpora.setdefault(qs.corpus, load_corpus(qs.corpus, e5))
        for item in questions(qs):
            result = corpus.searcher.search(item["question"], 10)
            answerable = item.get("expect", "answer") != "abstain"
            rows.append({"set": qs.name, "answerable": answerable,
                         "far": qs.name.startswith("far off-topic"), "file": "off-topic" in qs.name,
                         "level": result.confidence, "evidence": result.evidence,
                         "right": answerable and bool(result.hits) and ranked_gold(item, result.hits[0], qs.gold_map)})
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rule's input and each floor's effect, as markdown."""
    def written(row: dict[str, Any]) -> float:
        e = row["evidence"]
        return e.written if e is not None and e.written is not None else math.nan

    def decided(floor: float) -> list[str]:
        confidence.WRITTEN_FLOOR = floor
        return [confidence.decide(r["evidence"]) if r["evidence"] is not None else r["level"] for r in rows]

    for r, lv in zip(rows, decided(0.0), strict=True):
        r["level"] = lv  # the first passage's evidence decided again (a list of the asked size's second look aside)
    far = [written(r) for r in rows if r["far"]]
    refused_files = [written(r) for r in rows if r["file"] and r["level"] == "not_covered"]
    lines = [f"{len(rows)} questions of {len({r['set'] for r in rows})} sets. The closest written question of an "
             f"off-topic question the line refuses in the off-topic files: {max(refused_files):.3f}; of any far "
             f"off-topic question: {max(far):.3f}.", "",
             "| floor | covered refused | shown hedged instead: first right / wrong "
             "| off-topic hedged instead of refused "
             "| far off-topic refused |", "|---|---|---|---|---|"]
    for floor in FLOORS:
        level = decided(floor)
        refused = sum(r["answerable"] and lv == "not_covered" for r, lv in zip(rows, level, strict=True))
        saved = [r for r, lv in zip(rows, level, strict=True)
                 if r["answerable"] and r["level"] == "not_covered" and lv != "not_covered"]
        hedged = sum(not r["answerable"] and r["level"] == "not_covered" and lv != "not_covered"
                     for r, lv in zip(rows, level, strict=True))
        far_refused = sum(r["far"] and lv == "not_covered" for r, lv in zip(rows, level, strict=True))
        right = sum(r["right"] for r in saved)
        name = f"{floor} (the product)" if floor == PRODUCT else f"{floor or 'off'}"
        lines.append(f"| {name} | {refused} | {right} / {len(saved) - right} | {hedged} | "
                     f"{far_refused} of {sum(r['far'] for r in rows)} |")
    confidence.WRITTEN_FLOOR = PRODUCT
    return "\n".join(lines)


def main() -> None:
    table_run(__doc__ or "", MARKER, SHARED, lambda: table(collect()))


if __name__ == "__main__":
    main()
