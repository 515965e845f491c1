"""Answer quality of the product on the dev set and the bench sets, and abstention calibration.

Usage: .venv/bin/python benchmarks/quality.py [--calibrate] [--quotes [--without LEVER,...]]

Builds an index per set under benchmarks/out/ (the bench corpora hard-linked or copied, so the
question files beside them are not indexed), runs `bot.evaluate.evaluate` on each and prints
one table. With --calibrate it also asks every bench question (NorQuAD, XQuAD nb and da:
none of them is about local government) against the bundled corpus, where the right reply is
"not covered", and prints how the best chunk's coverage separates them from the dev set's
answerable questions. With --quotes it measures what the user is shown rather than what is
ranked: of the top-3 passages whose chunk holds a gold string, how many show it in the quote
(dev sets), and of the gold chunks shown (bench sets, gold ids only), how many of the chunk's
words that match the question the quote keeps. --without adds, beside each set's row, the row with those levers of
the card and quote off (benchmarks.answers' names), in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.files import mirror  # noqa: E402
from benchmarks.shared import SHARED, MissingData, absent  # noqa: E402
from bot.evaluate import evaluate, load_questions  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.store import IndexStore  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402

OUT = REPO / "benchmarks" / "out"
SETS = [  # name, corpus files, questions
    ("dev (bundled corpus)", None, SHARED / "eval" / "dev.jsonl"),
    ("dev2 (bundled corpus)", None, SHARED / "eval" / "dev2.jsonl"),
    ("NorQuAD val", [SHARED / "bench" / "norquad" / "corpus.jsonl"], SHARED / "bench" / "norquad" / "val.jsonl"),
    ("XQuAD nb", [SHARED / "bench" / "xquad" / "nb-corpus.jsonl"], SHARED / "bench" / "xquad" / "nb.jsonl"),
    ("XQuAD da", [SHARED / "bench" / "xquad" / "da-corpus.jsonl"], SHARED / "bench" / "xquad" / "da.jsonl"),
]


def present() -> tuple[list[tuple[str, list[Path] | None, Path]], list[str]]:
    """The sets whose files are all here, and a line for each skipped (what was looked for, and where), said in the
    log at once; no set left is an error."""
    skipped = {name: f"{name}: skipped, {why}" for name, files, questions in SETS
               if (why := absent(questions, *(files or ())))}
    for note in skipped.values():
        print(note, file=sys.stderr)
    if len(skipped) == len(SETS):
        raise MissingData(list(skipped.values()))
    return [s for s in SETS if s[0] not in skipped], list(skipped.values())


def searcher_for(name: str, files: list[Path] | None) -> Searcher:
    """Build (or rebuild incrementally) the index of one set and open it."""
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    index = OUT / f"{slug}.db"
    if files is None:
        corpus = REPO / "corpus"
    else:
        corpus = OUT / f"{slug}-corpus"
        mirror(files, corpus)
    build_index(corpus, index)
    return Searcher(IndexStore.open(index))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quotes", action="store_true", help="only the shown-quote measure")
    parser.add_argument("--without", default="", metavar="LEVER,...",
                        help="with --quotes: a row each set with these levers off too (benchmarks.answers' names)")
    args = parser.parse_args()
    if args.quotes:
        quotes([lever for lever in args.without.split(",") if lever])
        return
    rows = []
    sets, skipped = present()
    for name, files, questions in sets:
        scores = evaluate(load_questions(questions), searcher_for(name, files))
        rows.append((name, scores))
    if args.json:
        print(json.dumps({n: s.to_dict() for n, s in rows}, indent=2, ensure_ascii=False))
    else:
        print("| set | questions | hit@1 | hit@3 | MRR@5 | R@10 | abstain acc. | false abst. | 1st passage median |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name, s in rows:
            acc = "–" if s.abstain_accuracy is None else f"{s.abstain_accuracy:.2f}"
            print(f"| {name} | {s.questions} | {s.hit1:.3f} | {s.hit3:.3f} | {s.mrr5:.3f} | {s.r10:.3f} | {acc} | "
                  f"{s.false_abstentions} | {s.first_passage_median_chars:.0f} |")
        if skipped:  # beneath the table: the rows missing, and why
            print("".join(f"\n{note}" for note in skipped))
    if args.calibrate:
        calibrate()


def quote_measure(items: list[dict], searcher: Searcher, top: int = 3) -> dict[str, float | int]:
    """How much of the answer the shown quotes keep: gold strings (dev) or matched words (bench)."""
    from bot.answer import answer
    from bot.answer.quote import term_matcher
    from bot.evaluate import _fold, is_gold

    chunk_gold = quote_gold = first_chunk = first_quote = 0
    kept = wanted = gold_shown = 0
    for item in items:
        if item.get("expect") == "abstain":
            continue
        result = searcher.search(item["question"], k=top)
        reply = answer(item["question"], searcher, top=top)
        texts = {h.chunk_id: h for h in result.hits}
        matches = term_matcher(searcher.word_terms, result.terms)
        for p in reply.passages:
            hit = texts.get(p.chunk_id)
            if hit is None or not is_gold(item, hit):
                continue
            if "gold" in item:
                shown = any(_fold(g) in _fold(p.quote) for g in item["gold"])
                chunk_gold += 1
                quote_gold += shown
                if p.rank == 1:
                    first_chunk += 1
                    first_quote += shown
            else:
                gold_shown += 1
                words = {w.lower() for w in re.findall(r"\w+", hit.text) if matches(w)}
                in_quote = {w.lower() for w in re.findall(r"\w+", p.quote) if matches(w)}
                wanted += len(words)
                kept += len(words & in_quote)
    return {"gold_in_chunk": chunk_gold, "gold_in_quote": quote_gold, "first_gold_in_chunk": first_chunk,
            "first_gold_in_quote": first_quote, "gold_chunks_shown": gold_shown,
            "matched_words_kept": round(kept / wanted, 4) if wanted else 1.0}


def quotes(levers: list[str] | None = None) -> None:
    """The shown-quote table for every set; with `levers`, each set's row with them off beside it, in one run."""
    from benchmarks.answers import without
    from bot.answer import cards, compose, quote

    print("| set | top-3 passages with gold in the chunk | ... and in the quote | 1st passage: chunk | "
          "1st: quote | gold chunks shown (ids) | matched words kept |")
    print("|---|---|---|---|---|---|---|")
    saved = {module: dict(vars(module)) for module in (cards, compose, quote)}
    sets, skipped = present()
    for name, files, questions in sets:
        searcher = searcher_for(name, files)
        for label, off in [("", [])] + ([(f" (without {', '.join(levers)})", levers)] if levers else []):
            without(off)
            m = quote_measure(load_questions(questions), searcher)
            for module, values in saved.items():  # the next row as shipped
                vars(module).update(values)
            print(f"| {name}{label} | {m['gold_in_chunk']} | {m['gold_in_quote']} | {m['first_gold_in_chunk']} | "
                  f"{m['first_gold_in_quote']} | {m['gold_chunks_shown']} | {m['matched_words_kept']:.3f} |")
    if skipped:
        print("".join(f"\n{note}" for note in skipped))


def calibrate() -> None:
    """Coverage of the best chunk: answerable questions vs. off-topic ones, and the threshold.

    Answerable: the dev set's, on the bundled corpus, and every bench question on its own
    corpus (2,852 questions by people nobody here wrote, so the threshold is not fit to 16).
    Off-topic: the dev set's, and every bench question asked of the bundled corpus. The
    threshold chosen is the one with the lowest balanced error: the mean of the share of
    answerable questions abstained and the share of off-topic questions answered.
    """
    from bot.search.confidence import MIN_COVERAGE

    why = absent(SHARED / "eval" / "dev.jsonl")
    if why:  # the threshold's off-topic side is the dev set's: without it the line would be fitted on other data
        raise MissingData([f"dev: {why}"])
    bundled = searcher_for("dev (bundled corpus)", None)
    dev = load_questions(SHARED / "eval" / "dev.jsonl")
    pos = {"dev": [bundled.search(q["question"], k=1).coverage for q in dev if q.get("expect") == "answer"]}
    neg = [bundled.search(q["question"], k=1).coverage for q in dev if q.get("expect") == "abstain"]
    for name, files, questions in present()[0]:
        if files is None:
            continue
        items = load_questions(questions)
        own = searcher_for(name, files)
        pos[name] = [own.search(q["question"], k=1).coverage for q in items]
        neg += [bundled.search(q["question"], k=1).coverage for q in items]
    every = [c for values in pos.values() for c in values]
    print(f"\nanswerable: {len(every)} ({', '.join(f'{n} {len(v)}' for n, v in pos.items())}); "
          f"off-topic (dev abstain + bench questions on the bundled corpus): {len(neg)}")
    print("| threshold | " + " | ".join(f"{n} abstained" for n in pos) +
          " | answerable abstained | off-topic answered | balanced error |")
    print("|---|" + "---|" * (len(pos) + 3))
    best = (0.0, 1.0)
    for t in [x / 100 for x in range(25, 61, 5)]:
        shares = [sum(c < t for c in v) / len(v) for v in pos.values()]
        wrong_pos = sum(c < t for c in every) / len(every)
        wrong_neg = sum(c >= t for c in neg) / len(neg)
        error = (wrong_pos + wrong_neg) / 2
        if error < best[1]:
            best = (t, error)
        mark = " (in use)" if abs(t - MIN_COVERAGE) < 1e-9 else ""
        print(f"| {t:.2f}{mark} | " + " | ".join(f"{x:.3f}" for x in shares) +
              f" | {wrong_pos:.3f} | {wrong_neg:.3f} | {error:.3f} |")
    print(f"\nlowest balanced error at {best[0]:.2f} ({best[1]:.3f}); in use: {MIN_COVERAGE:.2f}")


if __name__ == "__main__":
    main()
