"""A chunk whose list has as many items as the question asks for ("Hvilke fire roller …") raised among the first."""

from __future__ import annotations

from dataclasses import replace

from bot.corpus.chunking import list_lines
from bot.search.fusion import Fused

# What a list of the asked size adds to a fused score among the first LIST_AMONG. The fused scores of the first
# ten lie within 1-3 of each other on the seed index: at 2 one list of dev3's three came first, at 3 two, at 4 all
# three, and 6 moved nothing more (benchmarks/README.md, "A list of the asked size (0.4.22)"). 0: off
# (benchmarks.answers --without "list size").
LIST_BONUS = 4.0
LIST_AMONG = 20
SHORT_LINE = 60  # a line at most this long, without an end mark, is a slide's item ("Demokratisk aktør")


def list_sizes(text: str) -> frozenset[int]:
    """How many items a chunk's list may be read as having: its list lines ("1. …", "• …"), and its longest run of
    short lines without an end mark (a slide's items), that run less one where it starts at the first line (a
    slide's title leads it: "Kommunens oppgaver", then four roles)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    best, start, run = 0, 0, 0
    for k, line in enumerate(lines):
        run = run + 1 if len(line) <= SHORT_LINE and not line.endswith((".", "!", "?", ":", ";")) else 0
        if run > best:
            best, start = run, k - run + 1
    sizes = {list_lines(text), best} | ({best - 1} if start == 0 and best > 1 else set())
    return frozenset(n for n in sizes if n >= 2)


def lists_first(ranked: list[Fused], texts: dict[int, str], count: int | None) -> list[Fused]:
    """`ranked` with each of its first LIST_AMONG whose list has `count` items raised by LIST_BONUS, best first
    again; `ranked` itself where none is (or no count was asked)."""
    if count is None or not LIST_BONUS:
        return ranked
    top = ranked[:LIST_AMONG]
    raised = [replace(f, score=f.score + LIST_BONUS) if count in list_sizes(texts[f.docno]) else f for f in top]
    if all(a is b for a, b in zip(raised, top, strict=True)):
        return ranked
    return sorted(raised, key=lambda f: -f.score) + ranked[LIST_AMONG:]
