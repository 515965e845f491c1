"""Whether the passage holding the written question nearest the asked one should be raised more than it is: where it
is not first, how often it answers against how often the first does, by how near it is and by its lead.

Usage: python -m benchmarks.nearest_written

An FAQ search ranks by question-to-question similarity alone; the product raises the chunk whose written question is
nearest by `retriever.ASKED_FIRST` among the first `ASKED_AMONG` and no more. If, where that chunk is not first, it
answered more often than the first passage (at a high cosine, or a clear lead over the next §'s written question), a
larger raise there would be the lever. Every answerable question of the shipped index's sets is searched as the
product searches; the sets the contested rule reads and the ones written after it (contested.CHECK) are counted apart.
Right: the passage holds the gold, as R@1 counts it.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.answers import SHIPPED_SETS, embedder, need_sets, questions  # noqa: E402
from benchmarks.contested import CHECK  # noqa: E402
from benchmarks.semantic import load_corpus  # noqa: E402
from bot.evaluate import is_gold  # noqa: E402
from bot.search.retriever import ASKED_AMONG  # noqa: E402

COSINES = ((0.0, 0.86), (0.86, 0.88), (0.88, 0.90), (0.90, 0.92), (0.92, 1.01))
LEADS = (0.0, 0.01, 0.02, 0.03)


def collect() -> list[dict]:
    """For each answerable question: the nearest written question's cosine, its lead over the nearest of another
    §'s (or passage's), its rank, and whether it and the first passage hold the gold."""
    sets = need_sets(SHIPPED_SETS)  # before the index is built
    corpus = load_corpus(sets[0].corpus, embedder())
    searcher = corpus.searcher
    rows = []
    for qs in sets:
        items = [it for it in questions(qs) if it.get("expect", "answer") != "abstain"]
        corpus.embedder.embed_queries([searcher.embedded(it["question"]) for it in items])
        corpus.embedder.flush()
        for it in items:
            hits = searcher.search(it["question"], k=ASKED_AMONG).hits[:ASKED_AMONG]
            near = [searcher.written_cosine(it["question"], h.docno) for h in hits]
            if not hits or all(c is None for c in near):
                continue
            cosines = [-1.0 if c is None else c for c in near]
            best = max(range(len(hits)), key=cosines.__getitem__)
            owner = hits[best].chunk_id.split("/")[:2]
            others = [c for h, c in zip(hits, cosines, strict=True) if h.chunk_id.split("/")[:2] != owner]
            rows.append({"held": qs.name in CHECK, "cosine": cosines[best],
                         "lead": cosines[best] - max(others, default=-1.0), "rank": best + 1,
                         "nearest": bool(is_gold(it, hits[best])), "first": bool(is_gold(it, hits[0]))})
    return rows


def table(rows: list[dict]) -> str:
    """Markdown: where the nearest is not first, how often it answers and how often the first does."""
    lines = ["| where the nearest written question's passage is not first | sets fitted on: n / it answers / the first "
             "answers | held out: n / it answers / the first answers |", "|---|---|---|"]

    def cell(chosen: list[dict]) -> str:
        return f"{len(chosen)} / {sum(r['nearest'] for r in chosen)} / {sum(r['first'] for r in chosen)}"

    later = [r for r in rows if r["rank"] > 1]
    for low, high in COSINES:
        part = [r for r in later if low <= r["cosine"] < high]
        lines.append(f"| its cosine {low:.2f}-{min(high, 1.0):.2f} | {cell([r for r in part if not r['held']])} | "
                     f"{cell([r for r in part if r['held']])} |")
    for lead in LEADS:
        part = [r for r in later if r["lead"] >= lead]
        lines.append(f"| its lead over another §'s ≥ {lead:.2f} | {cell([r for r in part if not r['held']])} | "
                     f"{cell([r for r in part if r['held']])} |")
    return "\n".join(lines)


def main() -> None:
    rows = collect()
    print(f"{len(rows)} answerable questions with written questions among the first {ASKED_AMONG}; the nearest is "
          f"first for {sum(r['rank'] == 1 for r in rows)}.\n")
    print(table(rows))


if __name__ == "__main__":
    main()
