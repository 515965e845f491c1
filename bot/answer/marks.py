"""Facilitators' marks as eval items: a passage marked right is gold, a refusal marked right is an abstain item."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The chunk id a mark on a refusal is stored under, beside the passages' marks in the same (question, chunk id) key.
# No chunk has an empty id (a record's "id" and a manifest's id must be non-empty), so it names no passage; the
# table keeps its shape and every mark made before refusals could be marked is read as it was.
REFUSAL = ""


@dataclass(frozen=True)
class Mark:
    """A facilitator's verdict on one passage for one question (+1 right, -1 wrong); on the refusal when
    `chunk_id` is REFUSAL (+1 rightly refused, -1 should have been answered)."""

    question: str
    chunk_id: str
    cite_id: str
    verdict: int
    marked_by: str
    marked_at: str

    @property
    def on_refusal(self) -> bool:
        """Whether the mark is on the bot's refusal, not on a passage."""
        return self.chunk_id == REFUSAL


@dataclass(frozen=True)
class Exported:
    """The eval items the marks make, and the questions marked that none of them holds, by why."""

    items: list[dict]
    wrong_only: list[str]       # passages marked ✗ and none ✓: no passage named that answers
    refusal_wrong: list[str]    # the refusal marked ✗ (should have been answered): it shows no passage to name


def export_marks(marks: Iterable[Mark]) -> Exported:
    """The marks as eval items, in the order given: a question with a passage marked right as `gold_ids`; one whose
    refusal was marked right, and no passage right, as `"expect": "abstain"`.

    A passage marked right outranks a refusal marked right (marked before the sources or a pin came to cover it):
    a passage known to answer says the sources cover the question.
    """
    right: dict[str, list[str]] = {}
    refused: dict[str, int] = {}
    for m in marks:
        right.setdefault(m.question, [])
        if m.on_refusal:
            refused[m.question] = m.verdict
        elif m.verdict == 1:
            right[m.question].append(m.chunk_id)
    items: list[dict] = []
    wrong_only: list[str] = []
    refusal_wrong: list[str] = []
    for question, ids in right.items():
        if ids:
            items.append({"id": f"mark{len(items) + 1}", "question": question, "gold_ids": ids})
        elif refused.get(question) == 1:
            items.append({"id": f"mark{len(items) + 1}", "question": question, "expect": "abstain"})
        elif refused.get(question) == -1:
            refusal_wrong.append(question)
        else:
            wrong_only.append(question)
    return Exported(items, wrong_only, refusal_wrong)
