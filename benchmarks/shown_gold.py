"""Whether a reply shows the answer its cards hold: the gold string in the quotes, with levers of the card and quote off
and on, side by side in one run, on every set with gold strings.

Usage: python -m benchmarks.shown_gold [--sets NAME,...] [--row LABEL=LEVER,LEVER ...] [--out DIR] [--readme]

Every answerable question with gold strings of the named sets (benchmarks.answers' names: the seed sets on the seed
documents' index, the law's and dev3 on the shipped one, as the answers benchmark asks them) through `answer()` with the
product's three cards, once per row: a row is the product with the levers it names switched off (`benchmarks.answers
--without`'s names), the module constants restored between rows. Counted for each set: hit@1 and hit@3 as the answers
benchmark scores them (the gold string in a card's quote as shown); the replies whose first three cards hold a gold
string in their passage (any part of a § the card cites, read from the index) and how many of those show it (the
defect issue 21 names: the right §, a ledd or sentence that does not answer); the replies whose cards cite other
passages than the first row's (a lever of what is shown must move none); the characters of the three cards' quotes
(p50, p95). Then each question asked of each passage whose text holds its gold and is longer than a quote
(quote.QUOTE_CHARS), as a card quotes it: alone (whole up to its size, `whole_chars`) and as a card's other ledd (by
its sentences, past cards.CARD_CHARS), the quote holding the gold or not, the blind sets apart from those rules were
drawn on before (dev). answer()'s time is `benchmarks.toggle_latency`'s (the rows here run one after the other).

`--parts` measures which part of a § a card shows instead, on questions nobody chose and the index does not hold:
benchmarks/data/law_questions_more.tsv (three more questions for every law passage, written as the pack's are, measured
and not taken in 0.4.20), those of a part of a § split into parts. For each, the rank of the part it was written for
among its §'s parts by each signal the search has (the fused score a part gets on its own, its best sentence's cosine,
its written questions', its whole text's, its sparse cosine, its coverage, BM25, and two blends), first and in the first
three; and, through `answer()` once per row, how often a card of its § among the first three shows that part (the quote
holds the start of one of its sentences, or the end of a long one).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from benchmarks.answers import SETS, SHIPPED_SETS, QuestionSet, embedder, need_sets, questions, shows_gold, without
from benchmarks.english_latency import report
from benchmarks.report import README, replace_between_markers
from benchmarks.semantic import SHIPPED, Corpus, load_corpus
from bot.analysis import detect_language
from bot.answer import cards, compose, quote
from bot.answer.quote import QUOTE_CHARS, select_quote, semantic_scorer, term_matcher, whole_chars
from bot.corpus.chunking import split_sentences
from bot.corpus.lawtext import is_section, without_link_spaces
from bot.corpus.questions import read_questions_file
from bot.corpus.records import ChunkRecord
from bot.search import fusion
from bot.search.records import Hit
from bot.search.retriever import Searcher

DEFAULT = ("dev", "dev2", "dev3", "dev3 English", "dev3 English 2", "dev2 English", "blind seed", "blind seed 2",
           "dev3 (shipped)", "dev-law (shipped)", "near-domain law (shipped)", "blind law (shipped)",
           "blind law 2 (shipped)", "blind law 3 (shipped)", "blind law 4 (shipped)", "blind law 5 (shipped)",
           "blind 6 (shipped)", "blind 7 (shipped)", "blind 8 (shipped)")
MORE = Path(__file__).resolve().parent / "data" / "law_questions_more.tsv"
LOOKED_AT = ("dev", "dev2", "dev3", "dev3 English", "dev3 English 2", "dev2 English", "dev3 (shipped)",
             "dev-law (shipped)", "near-domain law (shipped)")  # the sets rules were drawn on before; the rest blind
TOP = 3  # the cards a first reply shows
Asked = list[tuple[QuestionSet, Searcher, dict]]


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def asked(names: tuple[str, ...]) -> Asked:
    """Each answerable question with gold strings of the named sets, with the searcher of its index (its questions
    embedded once)."""
    e5 = embedder(None)
    corpora: dict[str, Corpus] = {}
    out: Asked = []
    for qs in need_sets([*SETS, *SHIPPED_SETS], names):  # a set absent had been left out of the table unsaid
        if qs.corpus not in corpora:
            corpora[qs.corpus] = load_corpus(qs.corpus, e5)
        corpus = corpora[qs.corpus]
        items = [q for q in questions(qs) if q.get("expect", "answer") != "abstain" and q.get("gold")]
        texts = [corpus.searcher.embedded(q["question"]) for q in items]
        corpus.embedder.embed_queries(texts)
        if corpus.searcher.sparse:
            corpus.embedder.embed_sparse(texts, is_query=True)
        corpus.embedder.flush()
        out += [(qs, corpus.searcher, q) for q in items]
    return out


def _held(searcher: Searcher) -> dict[str, str]:
    """Each chunk's id → the text the card citing it could show: a § split into parts, all its parts; else its own."""
    rows = [c for _, c in searcher.store.chunk_rows()]
    section: dict[tuple[str, str], list[str]] = {}
    for c in rows:
        if c.cite_id != c.source_id and c.location:
            section.setdefault((c.source_id, c.title), []).append(c.text)
    return {c.id: _fold("\n".join(section[(c.source_id, c.title)]) if (c.source_id, c.title) in section
                        and c.cite_id != c.source_id and c.location else c.text) for c in rows}


def through_answer(items: Asked, rows: list[tuple[str, list[str]]]) -> dict[str, dict[str, dict[str, float]]]:
    """Each row's figures by set."""
    saved = {module: dict(vars(module)) for module in (cards, compose, quote)}
    held_by: dict[int, dict[str, str]] = {}
    first_cards: dict[tuple[str, str], list[str]] = {}
    out: dict[str, dict[str, dict[str, float]]] = {}
    for label, levers in rows:
        without(levers)
        per: dict[str, dict[str, list[float]]] = {}
        for qs, searcher, item in items:
            held = held_by.setdefault(id(searcher), _held(searcher))
            reply = compose.answer(item["question"], searcher, top=TOP)
            x = per.setdefault(qs.name, {k: [] for k in ("first", "three", "held", "shown", "moved", "chars")})
            ranks = [p.rank for p in reply.passages if shows_gold(item, p, qs.gold_map)]
            x["first"].append(float(bool(ranks) and ranks[0] == 1))
            x["three"].append(float(bool(ranks)))
            golds = [_fold(g) for g in item["gold"]]
            holds = any(g in held.get(p.chunk_id, "") for p in reply.passages for g in golds)
            x["held"].append(float(holds))
            x["shown"].append(float(holds and bool(ranks)))
            ids = [p.chunk_id for p in reply.passages]
            x["moved"].append(float(first_cards.setdefault((qs.name, item.get("id") or item["question"]), ids) != ids))
            if reply.passages:
                x["chars"].append(float(sum(len(p.quote) for p in reply.passages)))
        out[label] = {name: {"questions": len(x["first"]), "hit1": sum(x["first"]) / len(x["first"]),
                             "hit3": sum(x["three"]) / len(x["three"]), "held": sum(x["held"]),
                             "shown": sum(x["shown"]), "moved": sum(x["moved"]),
                             "p50": float(np.percentile(x["chars"], 50)) if x["chars"] else 0.0,
                             "p95": float(np.percentile(x["chars"], 95)) if x["chars"] else 0.0}
                      for name, x in per.items()}
        for module, values in saved.items():  # the next row starts from the product as shipped
            vars(module).update(values)
    return out


def _quoted(searcher: Searcher, docno: int, chunk: ChunkRecord, question: str, whole: int) -> str:
    """A passage's quote for `question` as a card makes it (`whole`: 0 for a card's other ledd, by its sentences)."""
    hit = Hit(docno, chunk, 1.0)
    asked_ = searcher.signed(question)
    matches = term_matcher(searcher.word_terms, searcher.search(asked_, k=1).terms, asked_)
    written = searcher.written_sentence_cosines(asked_, hit) if cards.SENTENCES_ASKED else None
    return select_quote(chunk.text, matches, limit=QUOTE_CHARS, whole=whole, rule_first=is_section(chunk.id),
                        sentence_score=semantic_scorer(searcher.sentence_cosines(asked_, hit), written=written))


def of_the_passage(items: Asked, rows: list[tuple[str, list[str]]]) -> dict[str, dict[str, float]]:
    """Each row's count of quotes holding the gold, every question asked of every passage longer than a quote whose
    text holds its gold: alone and as a card's other ledd, the sets looked at and the blind ones apart."""
    long: dict[int, list[tuple[int, ChunkRecord]]] = {}
    pairs = []
    for qs, searcher, item in items:
        chunks = long.setdefault(id(searcher), [(d, c) for d, c in searcher.store.chunk_rows()
                                                if len(c.text) > QUOTE_CHARS])
        golds = [_fold(g) for g in item["gold"]]
        pairs += [(qs.name in LOOKED_AT, searcher, item["question"], d, c, golds) for d, c in chunks
                  if any(g in _fold(c.text) for g in golds)]
    saved = {module: dict(vars(module)) for module in (cards, compose, quote)}
    out: dict[str, dict[str, float]] = {}
    for label, levers in rows:
        without(levers)
        row = {f"{kind} {way}": 0.0 for kind in ("dev", "blind") for way in ("pairs", "alone", "other ledd", "chars")}
        for dev, searcher, question, docno, chunk, golds in pairs:
            kind = "dev" if dev else "blind"
            row[f"{kind} pairs"] += 1
            for way, whole in (("alone", whole_chars(chunk.location, chunk.id, chunk.text)), ("other ledd", 0)):
                text = chunk.text if len(chunk.text) <= whole else _quoted(searcher, docno, chunk, question, whole)
                row[f"{kind} {way}"] += any(g in _fold(text) for g in golds)
                row[f"{kind} chars"] += len(text) / 2
        out[label] = row
        for module, values in saved.items():
            vars(module).update(values)
    return out


def _more(searcher: Searcher) -> tuple[list[tuple[str, str]], dict[str, list[tuple[int, ChunkRecord]]]]:
    """The held-out written questions of parts of split §s ((part id, question)), and each part's § as its parts."""
    section: dict[tuple[str, str], list[tuple[int, ChunkRecord]]] = {}
    for docno, c in searcher.store.chunk_rows():
        if c.cite_id != c.source_id and c.location:
            section.setdefault((c.source_id, c.title), []).append((docno, c))
    of = {c.id: parts for parts in section.values() for _, c in parts}
    written = read_questions_file(MORE)
    return [(cid, q) for cid, qs in written.items() if len(of.get(cid, ())) > 1 for q in qs], of


def _ranks(order: np.ndarray, target: int) -> tuple[float, float]:
    place = list(order).index(target)
    return float(place == 0), float(place < 3)


def part_signals(searcher: Searcher, more: list[tuple[str, str]],
                 of: dict[str, list[tuple[int, ChunkRecord]]]) -> dict[str, dict[str, float]]:
    """Each signal's share of questions whose part ranks first, and in the first three, among its §'s parts."""
    blend = fusion.BLEND_SPARSE
    out: dict[str, list[tuple[float, float]]] = {}
    for cid, question in more:
        parts = of[cid]
        docnos = np.array([d for d, _ in parts])
        asked_ = searcher.signed(question)
        terms = searcher.analyzer.query_terms(asked_, searcher.vocabulary, detect_language(asked_))
        dense = searcher.dense(asked_)
        lexical = dict(searcher.rank(terms, searcher.store.n_docs))

        def filled(values: np.ndarray) -> np.ndarray:
            values = values.astype(np.float64)
            return np.where(np.isnan(values), np.nanmin(values) if np.isfinite(values).any() else 0.0, values)

        found, whole = filled(dense.found()[docnos]), filled(dense.whole[docnos])
        sentence = filled(dense.sentence[docnos])
        written = filled(dense.asked[docnos]) if dense.asked is not None else np.zeros(len(docnos))
        sparse = filled(dense.sparse[docnos]) if dense.sparse is not None else np.zeros(len(docnos))
        coverage = searcher.coverages(terms, docnos)
        own = blend[1] * found + blend[2] * whole + blend[3] * coverage + (blend[4] * sparse if len(blend) > 4 else 0)

        def z(values: np.ndarray) -> np.ndarray:
            return (values - values.mean()) / (values.std() + 1e-9)

        signals = {"the fused score of the part on its own (the card's order)": own,
                   "its best sentence's cosine": sentence, "its written questions' best cosine": written,
                   "its whole text's cosine": whole, "its sparse cosine": sparse, "its coverage": coverage,
                   "BM25": np.array([lexical.get(int(d), 0.0) for d in docnos]),
                   "the fused score with the written questions' cosine added at its weight":
                       own + blend[1] * fusion.ASKED_GAIN * written,
                   "sentence, written questions and coverage, each standardised across the §":
                       z(sentence) + z(written) + z(coverage)}
        target = [c.id for _, c in parts].index(cid)
        for name, values in signals.items():
            out.setdefault(name, []).append(_ranks(np.argsort(-values, kind="stable"), target))
    return {name: {"first": sum(a for a, _ in x) / len(x), "three": sum(b for _, b in x) / len(x),
                   "questions": float(len(x))} for name, x in out.items()}


def part_shown(searcher: Searcher, more: list[tuple[str, str]], of: dict[str, list[tuple[int, ChunkRecord]]],
               rows: list[tuple[str, list[str]]]) -> dict[str, dict[str, float]]:
    """Through answer(), each row's cards of the question's § among the first three, and those showing its part."""
    def shows(text: str, part: ChunkRecord) -> bool:
        shown = " ".join(without_link_spaces(text).split())
        for sentence in split_sentences(part.text.replace("\n", " ")):
            sentence = " ".join(without_link_spaces(sentence).split())
            if (len(sentence) >= 20 and sentence[:60] in shown) or (len(sentence) >= 80 and sentence[-60:] in shown):
                return True
        return False

    saved = {module: dict(vars(module)) for module in (cards, compose, quote)}
    out: dict[str, dict[str, float]] = {}
    for label, levers in rows:
        without(levers)
        row = {"questions": 0.0, "carded": 0.0, "shown": 0.0, "first carded": 0.0, "first shown": 0.0}
        for cid, question in more:
            section = {c.id for _, c in of[cid]}
            part = next(c for _, c in of[cid] if c.id == cid)
            row["questions"] += 1
            reply = compose.answer(question, searcher, top=TOP)
            card = next((p for p in reply.passages if p.chunk_id in section), None)
            if card is None:
                continue
            ok = shows(card.quote, part)
            row["carded"] += 1
            row["shown"] += ok
            row["first carded"] += card.rank == 1
            row["first shown"] += card.rank == 1 and ok
        out[label] = row
        for module, values in saved.items():
            vars(module).update(values)
    return out


def parts_table(result: dict[str, dict]) -> str:
    lines = ["| the part a held-out question was written for, among its §'s parts | first | in the first three |",
             "|---|---|---|"]
    for name, x in result["signals"].items():
        lines.append(f"| {name} | {x['first']:.3f} | {x['three']:.3f} |")
    count = next(iter(result["signals"].values()))["questions"] if result["signals"] else 0
    lines += ["", f"{count:.0f} questions of benchmarks/data/law_questions_more.tsv.", "",
              "| through answer() | questions | a card of the § in the first three | … showing the part | "
              "the first card | … showing the part |", "|---|---|---|---|---|---|"]
    for label, x in result["answers"].items():
        lines.append(f"| {label} | {x['questions']:.0f} | {x['carded']:.0f} | {x['shown']:.0f} "
                     f"({x['shown'] / max(x['carded'], 1):.3f}) | {x['first carded']:.0f} | {x['first shown']:.0f} "
                     f"({x['first shown'] / max(x['first carded'], 1):.3f}) |")
    return "\n".join(lines)


def table(result: dict[str, dict]) -> str:
    labels = list(result["answers"])
    names = list(result["answers"][labels[0]])
    lines = ["| set | questions | " + " | ".join(f"{label}: hit@1 / hit@3 | held → shown | chars p50 / p95"
                                                  for label in labels) + " | cards moved |",
             "|---|---|" + "---|---|---|" * len(labels) + "---|"]
    for name in names:
        cells = []
        for label in labels:
            x = result["answers"][label][name]
            cells.append(f"{x['hit1']:.3f} / {x['hit3']:.3f} | {x['held']:.0f} → {x['shown']:.0f} | "
                         f"{x['p50']:.0f} / {x['p95']:.0f}")
        moved = max(result["answers"][label][name]["moved"] for label in labels)
        lines.append(f"| {name} | {result['answers'][labels[0]][name]['questions']} | " + " | ".join(cells)
                     + f" | {moved:.0f} |")
    totals = []
    for label in labels:
        rows = result["answers"][label].values()
        totals.append(f"{label}: {sum(x['held'] for x in rows):.0f} held → {sum(x['shown'] for x in rows):.0f} shown")
    lines += ["", "; ".join(totals) + "."]
    lines += ["", "| quote of the gold passage | dev pairs | alone | as a card's other ledd | blind pairs | alone "
              "| as a card's other ledd | mean characters |", "|---|---|---|---|---|---|---|---|"]
    for label, x in result["passages"].items():
        pairs = x["dev pairs"] + x["blind pairs"]
        lines.append(f"| {label} | {x['dev pairs']:.0f} | {x['dev alone']:.0f} | {x['dev other ledd']:.0f} | "
                     f"{x['blind pairs']:.0f} | {x['blind alone']:.0f} | {x['blind other ledd']:.0f} | "
                     f"{(x['dev chars'] + x['blind chars']) / max(pairs, 1):.0f} |")
    return "\n".join(lines)


def _row(text: str) -> tuple[str, list[str]]:
    label, _, levers = text.partition("=")
    return label, [lever for lever in levers.split(",") if lever]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(DEFAULT), help="comma-separated set names (benchmarks.answers')")
    parser.add_argument("--row", action="append", type=_row, default=[],
                        help="LABEL=LEVER,LEVER: the product with those levers off (LABEL= alone: as shipped)")
    parser.add_argument("--out", type=Path, help="write shown_gold.json and .md here")
    parser.add_argument("--readme", action="store_true", help="write the tables into benchmarks/README.md")
    parser.add_argument("--parts", action="store_true", help="which part of a § a card shows, on held-out questions")
    args = parser.parse_args()
    rows = args.row or [("as shipped", [])]
    if args.parts:
        corpus = load_corpus(SHIPPED, embedder(None))
        more, of = _more(corpus.searcher)
        texts = [corpus.searcher.embedded(q) for _, q in more]
        corpus.embedder.embed_queries(texts)
        if corpus.searcher.sparse:
            corpus.embedder.embed_sparse(texts, is_query=True)
        corpus.embedder.flush()
        parts = {"signals": part_signals(corpus.searcher, more, of),
                 "answers": part_shown(corpus.searcher, more, of, rows)}
        text = parts_table(parts)
        if args.readme:
            replace_between_markers(README, "shown parts", text)
        report(args.out, "shown_parts", parts, text)
        return
    items = asked(tuple(args.sets.split(",")))
    result = {"answers": through_answer(items, rows), "passages": of_the_passage(items, rows)}
    text = table(result)
    if args.readme:
        replace_between_markers(README, "shown gold", text)
    report(args.out, "shown_gold", result, text)


if __name__ == "__main__":
    main()
