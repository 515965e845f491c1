"""Where a later question counts as a paraphrase of a pinned one: the threshold, measured.

Usage: .venv/bin/python benchmarks/pin_threshold.py [--show] [--no-kinds] [--semantic]

Scores paraphrase pairs (the same question in other words, as course participants ask it)
and pairs of different questions on the same topics (the hard case: a pin must not answer
its neighbour), by the pin matcher's weighted term overlap over the bundled corpus's index,
and prints for each threshold how many paraphrases match and how many different questions
would wrongly match. With --semantic it scores the same pairs by the semantic model's
cosine (bot/semantic/embedder.py), where it is installed. The pairs are written for this
benchmark, not taken from the dev sets.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.answer.pins import SEMANTIC_THRESHOLD, TERM_THRESHOLD, PinStore, semantic_similarity  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.store import IndexStore  # noqa: E402
from bot.search.retriever import Searcher  # noqa: E402

PARAPHRASES = [
    ("Hva er rådmannens ansvar?", "Hva har rådmannen ansvar for?"),
    ("Hva er rådmannens ansvar?", "Hvilket ansvar har rådmannen?"),
    ("Hva er rådmannens ansvar?", "hva er rådmanens ansvar"),
    ("Hva betyr delegering?", "Hva menes med delegering?"),
    ("Hva betyr delegering til rådmannen?", "Hva vil det si å delegere til rådmannen?"),
    ("Hvilke folkevalgte organer er obligatoriske?", "Hvilke organer må kommunen ha?"),
    ("Hvilke folkevalgte organer er obligatoriske?", "Hvilke obligatoriske folkevalgte organer finnes?"),
    ("Hva gjør kontrollutvalget?", "Hva er kontrollutvalgets oppgave?"),
    ("Hva gjør kontrollutvalget?", "Hvilke oppgaver har kontrollutvalget?"),
    ("Hvem er øverste arbeidsgiver i kommunen?", "Hvem er kommunens øverste arbeidsgiver?"),
    ("Hvilke oppgaver har kommunen?", "Hva er kommunens oppgaver?"),
    ("Hva er KS?", "Hva er egentlig KS?"),
    ("Hva er KS ikke?", "Hva er ikke KS?"),
    ("Hvor mange dager folkevalgtopplæring tilbyr KS?", "Hvor mange dager med folkevalgtopplæring gir KS?"),
    ("Hva er de viktigste håndtakene for styring?", "Hvilke håndtak er viktigst for styringen?"),
    ("Hva er rollen til ordføreren?", "Hvilken rolle har ordføreren?"),
    ("Hva er formannskapet?", "Hva er et formannskap?"),
    ("Hvordan får vi god samhandling med administrasjonen?", "Hva gir god samhandling med administrasjonen?"),
    ("Hva er kommunestyrets oppgaver?", "Hvilke oppgaver har kommunestyret?"),
    ("Hva er habilitet?", "Hva betyr habilitet?"),
    ("Hvordan lages kommunens budsjett?", "Hvordan blir budsjettet i kommunen laget?"),
    ("Hva er kommuneplanen?", "Hva er en kommuneplan?"),
    ("what is rådmannens ansvar?", "what is the responsibility of the rådmann?"),
    ("what does the control committee do?", "what is the task of the control committee?"),
    ("Hva er lønnsdannelse?", "Hva betyr lønnsdannelse?"),
    ("Hvordan skal heltidskulturen styrkes?", "Hvordan kan vi styrke heltidskulturen?"),
    ("Hvad er kompetencerådet?", "Hvad er et kompetenceråd?"),
    ("Hvad er kompetencerådet?", "hvad er kompetence rådet"),
    ("Hvad siger aftalen om ledelse?", "Hvad står der i aftalen om ledelse?"),
    ("Hvordan nedbringes sygefraværet?", "Hvordan kan sygefraværet nedbringes?"),
    ("Hvad er målet med aftalen om kompetencer?", "Hvad er aftalens mål for kompetencer?"),
    ("Hvem har indgået aftalen?", "Hvem indgik aftalen?"),
    ("Hva mener Fagforbundet om privatisering?", "Hva er Fagforbundets syn på privatisering?"),
    ("Hva sier plattformen om heltid?", "Hva står det i plattformen om heltid?"),
    ("Hvorfor må kommunesektoren være i forkant?", "Hvorfor skal kommunesektoren alltid være i forkant?"),
    ("Hva er interkommunalt samarbeid?", "Hva betyr interkommunalt samarbeid?"),
    ("Hvordan fungerer partssamarbeidet?", "Hvordan virker partssamarbeid?"),
    ("Hva er en folkevalgts rolle?", "Hvilken rolle har en folkevalgt?"),
    ("Hva er innbyggerinvolvering?", "Hva betyr det å involvere innbyggerne?"),
    ("Hva er forholdet mellom politikk og administrasjon?",
     "Hvordan er forholdet mellom politikken og administrasjonen?"),
]

DIFFERENT = [
    ("Hva er rådmannens ansvar?", "Hvem ansetter rådmannen?"),
    ("Hva er rådmannens ansvar?", "Hva er ordførerens ansvar?"),
    ("Hva er rådmannens ansvar?", "Hva er kommunestyrets ansvar?"),
    ("Hva betyr delegering?", "Hvem kan trekke tilbake delegert myndighet?"),
    ("Hva betyr delegering til rådmannen?", "Hva kan rådmannen ikke delegere?"),
    ("Hvilke folkevalgte organer er obligatoriske?", "Hvem velger medlemmene i folkevalgte organer?"),
    ("Hva gjør kontrollutvalget?", "Hvem sitter i kontrollutvalget?"),
    ("Hva gjør kontrollutvalget?", "Hva gjør formannskapet?"),
    ("Hvem er øverste arbeidsgiver i kommunen?", "Hvem er arbeidsgiver for rådmannen?"),
    ("Hvilke oppgaver har kommunen?", "Hvilke oppgaver har fylkeskommunen?"),
    ("Hva er KS?", "Hvem eier KS?"),
    ("Hva er KS ikke?", "Hva gjør KS for kommunene?"),
    ("Hvor mange dager folkevalgtopplæring tilbyr KS?", "Hva koster folkevalgtopplæringen?"),
    ("Hva er de viktigste håndtakene for styring?", "Hva er økonomiplanen?"),
    ("Hva er rollen til ordføreren?", "Hvordan velges ordføreren?"),
    ("Hva er formannskapet?", "Hvem leder formannskapet?"),
    ("Hvordan får vi god samhandling med administrasjonen?",
     "Hva skjer når samhandlingen med administrasjonen svikter?"),
    ("Hva er kommunestyrets oppgaver?", "Hvor ofte møtes kommunestyret?"),
    ("Hva er habilitet?", "Hvem avgjør om en folkevalgt er inhabil?"),
    ("Hvordan lages kommunens budsjett?", "Hvem vedtar budsjettet?"),
    ("Hva er kommuneplanen?", "Hvor lenge gjelder kommuneplanen?"),
    ("what is rådmannens ansvar?", "who hires the rådmann?"),
    ("what does the control committee do?", "who chairs the control committee?"),
    ("Hva er lønnsdannelse?", "Hvem forhandler lønn i kommunene?"),
    ("Hvordan skal heltidskulturen styrkes?", "Hvor mange jobber deltid i kommunene?"),
    ("Hvad er kompetencerådet?", "Hvem sidder i kompetencerådet?"),
    ("Hvad siger aftalen om ledelse?", "Hvad siger aftalen om sygefravær?"),
    ("Hvordan nedbringes sygefraværet?", "Hvor højt er sygefraværet?"),
    ("Hvad er målet med aftalen om kompetencer?", "Hvornår udløber aftalen?"),
    ("Hvem har indgået aftalen?", "Hvad koster aftalen?"),
    ("Hva mener Fagforbundet om privatisering?", "Hva mener Fagforbundet om lønn?"),
    ("Hva sier plattformen om heltid?", "Hva sier plattformen om pensjon?"),
    ("Hvorfor må kommunesektoren være i forkant?", "Hvem leder kommunesektoren?"),
    ("Hva er interkommunalt samarbeid?", "Hva er interkommunale selskaper?"),
    ("Hvordan fungerer partssamarbeidet?", "Hvem er partene i arbeidslivet?"),
    ("Hva er en folkevalgts rolle?", "Hva tjener en folkevalgt?"),
    ("Hva er innbyggerinvolvering?", "Hva er innbyggertall i kommunen?"),
    ("Hva er forholdet mellom politikk og administrasjon?", "Hva er forholdet mellom stat og kommune?"),
    ("Hva er rådmannens ansvar?", "Hva er KS?"),
    ("Hvad er kompetencerådet?", "Hva er kontrollutvalget?"),
]

SEMANTIC_THRESHOLDS = [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97]
THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]


def table(name: str, para: list[float], diff: list[float], thresholds: list[float]) -> None:
    """Print, per threshold, the share of paraphrases matched and of different questions matched."""
    print(f"\n{name}: {len(para)} paraphrase pairs, {len(diff)} different-question pairs")
    print("threshold  paraphrases matched  different matched (wrong)")
    for t in thresholds:
        hit = sum(v >= t for v in para)
        wrong = sum(v >= t for v in diff)
        print(f"{t:9.2f}  {hit:3d}/{len(para)} ({hit / len(para):5.1%})   "
              f"{wrong:3d}/{len(diff)} ({wrong / len(diff):5.1%})")
    print(f"highest different-question score {max(diff):.3f}; paraphrase scores below it: "
          f"{sum(v <= max(diff) for v in para)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--semantic", action="store_true", help="also score by the semantic model")
    parser.add_argument("--show", action="store_true", help="print each pair's score")
    parser.add_argument("--no-kinds", action="store_true", help="without the question-kind rule (for comparison)")
    args = parser.parse_args()
    if args.no_kinds:
        import bot.answer.pins

        bot.answer.pins.question_kind = lambda question: None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kommunebot.db"
        build_index(REPO / "corpus", path)
        searcher = Searcher(IndexStore.open(path))
        pins = PinStore(Path(tmp) / "pins.db")
        para = [pins.score(a, b, searcher) for a, b in PARAPHRASES]
        diff = [pins.score(a, b, searcher) for a, b in DIFFERENT]
        term_para, term_diff = para, diff
        if args.show:
            for (a, b), v in [*zip(PARAPHRASES, para, strict=True), *zip(DIFFERENT, diff, strict=True)]:
                print(f"{v:.3f}  {a} | {b}")
        table("analysed terms, idf-weighted Jaccard", para, diff, THRESHOLDS)
        if args.semantic:
            from bot.semantic.embedder import load_embedder

            embedder = load_embedder("auto")
            if embedder is None:
                print("\nsemantic: not measured (the model did not load)")
                return
            sim = semantic_similarity(embedder)
            sem = PinStore(Path(tmp) / "pins-sem.db", similarity=sim)
            para = [sem.score(a, b, searcher) for a, b in PARAPHRASES]
            diff = [sem.score(a, b, searcher) for a, b in DIFFERENT]
            if args.show:
                for (a, b), v in [*zip(PARAPHRASES, para, strict=True), *zip(DIFFERENT, diff, strict=True)]:
                    print(f"{v:.3f}  {a} | {b}")
            table(f"semantic cosine ({embedder.name})", para, diff, SEMANTIC_THRESHOLDS)
            # what a semantic index matches by (pins.TERMS_TOO): the cosine, or else the terms at their threshold
            either = [c >= SEMANTIC_THRESHOLD or t >= TERM_THRESHOLD for c, t in zip(para, term_para, strict=True)]
            wrong = [c >= SEMANTIC_THRESHOLD or t >= TERM_THRESHOLD for c, t in zip(diff, term_diff, strict=True)]
            print(f"\neither (cosine ≥ {SEMANTIC_THRESHOLD} or terms ≥ {TERM_THRESHOLD}): paraphrases matched "
                  f"{int(sum(either))}/{len(either)}, different matched (wrong) {int(sum(wrong))}/{len(wrong)}")


if __name__ == "__main__":
    main()
