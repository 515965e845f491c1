"""Build bot/analysis/data/nynorsk_forms.tsv.gz: nynorsk word forms and phrases read as Apertium reads them, in bokmål.

A maintainer runs it; the product only reads the file. It needs Debian's apertium-nno-nob (`lt-proc` and the pair's
analyser and bilingual dictionary):

    apt-get install apertium-nno-nob
    python scripts/nynorsk_forms.py         # about fifteen minutes on 2 cores

Apertium's nynorsk analyser reads a form as every word it may be ("røyste": røyste, the verb; "vald": the noun
violence, and velje's participle) and holds multiword units of its own ("til stades", "vald inn", "i staden for").
Each reading goes through the pair's bilingual dictionary to bokmål (its first translation: "røyste" stemme, "til
stades" til stede, "vald inn" velge inn). A form or unit is kept only where all its readings have the same bokmål
word and that word's index term differs from the form's own: "vald" (vold or velge) and "la" (la or legge) are not
kept, since which is meant needs the sentence, but "vald inn" is. The forms are those of simplemma's nynorsk
dictionary; the units are found by asking the analyser for each of those forms beside each particle (the stop words
it reads as a preposition or adverb: "til", "inn", "att", …) and, for the units found, a particle after them.
Debian's lttoolbox lacks `lt-expand`, which would list the units outright. Derived from Apertium's dictionaries, so
under the same licence (GPL-2.0-or-later).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis import Analyzer, default_analyzer  # noqa: E402
from bot.analysis.counterparts import FORMS_FILE  # noqa: E402

PAIR = Path("/usr/share/apertium/apertium-nno-nob")
HEADER = """\
# A nynorsk word form or phrase, a tab, its bokmål word(s) as Apertium's nno-nob reads it where all its readings
# agree. Written by scripts/nynorsk_forms.py from Apertium's apertium-nno-nob (https://apertium.org,
# GPL-2.0-or-later; this file is derived from it and under the same licence). Do not edit by hand: run the script.
"""
_WORD = re.compile(r"[a-zæøå]+")
_UNIT = re.compile(r"\^(.*?)\$")
_COMPOUND = ("<compound-R>", "<compound-only-L>", "<cmp>")  # a form as a compound's part, not a word of its own
JOBS = 2


def forms() -> list[str]:
    """The word forms of simplemma's nynorsk dictionary (plain letters), sorted."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    table = DefaultDictionaryFactory().get_dictionary("nn")
    return sorted({k.lower() for k in table if _WORD.fullmatch(k.lower())})


def bokmal_words() -> list[str]:
    """wordfreq's bokmål words (plain letters)."""
    import wordfreq

    return [w for w in wordfreq.iter_wordlist("nb", "large") if _WORD.fullmatch(w)]


def _analyse(lines: Iterable[str], units_only: bool = False) -> str:
    """`lines` through the nynorsk analyser, split over JOBS processes; its output. `units_only`: only the
    multiword units of it (the analyses of millions of word pairs would not fit in memory)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"in{i}" for i in range(JOBS)]
        files = [path.open("w", encoding="utf-8") for path in paths]
        for n, line in enumerate(lines):
            files[n % JOBS].write(line)
        for file in files:
            file.close()
        keep = r" | grep -o '\^[^/$]* [^/$]*/[^$]*\$' || true" if units_only else ""

        def run(path: Path) -> str:
            command = f"lt-proc -w '{PAIR / 'nno-nob.automorf.bin'}' < '{path}'{keep}"
            return subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=True).stdout

        with ThreadPoolExecutor(JOBS) as pool:
            return "\n".join(pool.map(run, paths))


def readings(output: str) -> dict[str, set[str]]:
    """Each analysed surface (a form, or a unit of several words) and its readings as the analyser gives them."""
    out: dict[str, set[str]] = {}
    for unit in _UNIT.findall(output):
        surface, *analyses = unit.split("/")
        kept = {a for a in analyses if not a.startswith("*") and not any(tag in a for tag in _COMPOUND)}
        if kept:
            out.setdefault(surface.lower(), set()).update(kept)
    return out


def particles(analyzer: Analyzer, found: dict[str, set[str]]) -> list[str]:
    """The particles units are sought around: the analyzer's stop words that the nynorsk analyser reads as a
    preposition or adverb, and the forms it reads as a preposition that are common in bokmål text too (Zipf 4 or
    more: "att", "fram", "heim", "saman"; not "austanfjells"). `found`: the forms' readings."""
    from bot.analysis.compounds import zipf

    words = sorted(w for w in analyzer.stopwords if _WORD.fullmatch(w))
    own = readings(_analyse([f"{w} .\n" for w in words]))
    stop = {w for w in words if any(re.search(r"<(pr|adv)>", a) for a in own.get(w, ()))}
    common = {w for w, analyses in found.items() if " " not in w and zipf(w) >= 4 and
              any(re.search(r"<pr>", a) for a in analyses)}
    return sorted(stop | common)


def units(words: dict[str, set[str]], more: Iterable[str], around: list[str]) -> dict[str, set[str]]:
    """The analyser's multiword units: each particle before each of the forms `words` (with their readings) and of
    `more` (other words the analyser knows), and each verb form of `words` before each particle; then a particle after
    each unit found."""
    after = sorted({*words, *more})
    verbs = sorted(w for w, analyses in words.items() if any("<vblex>" in a for a in analyses))
    lines = chain((f"{p} {w} .\n" for p in around for w in after), (f"{w} {p} .\n" for w in verbs for p in around))
    found = {s: a for s, a in readings(_analyse(lines, units_only=True)).items() if " " in s}
    longer = readings(_analyse((f"{s} {p} .\n" for s in found for p in around), units_only=True))
    found.update((s, a) for s, a in longer.items() if s.count(" ") >= 2)
    return found


def translate(analyses: set[str]) -> dict[str, str | None]:
    """Each analysis's first bokmål translation's words (tags dropped, a unit's parts joined by spaces); None where
    the bilingual dictionary has none."""
    ordered = sorted(analyses)
    # apertium-pretransfer puts a unit's particle after the lemma ("velje# inn<vblex><pp>"), as the dictionary holds it
    command = f"apertium-pretransfer | lt-proc -b '{PAIR / 'nno-nob.autobil.bin'}'"
    done = subprocess.run(["sh", "-c", command], input="".join(f"^{a}$\n" for a in ordered), capture_output=True,
                          text=True, check=True)
    out: dict[str, str | None] = {}
    for analysis, unit in zip(ordered, _UNIT.findall(done.stdout), strict=True):
        first = unit.split("/")[1] if "/" in unit else ""
        words = re.sub(r"<[^>]*>", "", first).replace("#", " ").split()
        out[analysis] = " ".join(words) if first and not first.startswith(("@", "*", "#")) and words else None
    return out


def agreed(found: dict[str, set[str]], translations: dict[str, str | None]) -> dict[str, str]:
    """Each surface whose every reading has a bokmål word, the same one."""
    out = {}
    for surface, analyses in found.items():
        words = {translations[a] for a in analyses}
        if len(words) == 1 and None not in words:
            out[surface] = words.pop()  # type: ignore[assignment]
    return out


def useful(table: dict[str, str], analyzer: Analyzer) -> dict[str, str]:
    """The forms and units whose bokmål word's terms differ from their own (the rest change no search)."""

    def terms(text: str) -> list[str]:
        return [t for w in text.split() for t in analyzer.word_terms(w)[:1]]

    return {s: b for s, b in table.items() if terms(s) != terms(b) and _WORD.fullmatch(s.replace(" ", ""))
            and all(_WORD.fullmatch(w) for w in b.split())}


def main() -> int:
    if shutil.which("lt-proc") is None or not (PAIR / "nno-nob.automorf.bin").exists():
        print("needs Apertium's nno-nob pair: apt-get install apertium-nno-nob", file=sys.stderr)
        return 1
    analyzer = default_analyzer()
    words = forms()
    found = readings(_analyse([f"{w} .\n" for w in words]))
    around = particles(analyzer, found)
    # a unit's later word may be a form simplemma's dictionary lacks ("til stades"): wordfreq's bokmål words the
    # nynorsk analyser knows as well
    more = [w for w in readings(_analyse([f"{w} .\n" for w in bokmal_words() if w not in found]))]
    print(f"{len(words)} forms, {len(more)} more words, {len(around)} particles: {' '.join(around)}", file=sys.stderr)
    multi = units(found, more, around)
    print(f"{len(multi)} multiword units", file=sys.stderr)
    found.update(multi)
    translations = translate({a for analyses in found.values() for a in analyses})
    table = useful(agreed(found, translations), analyzer)
    text = HEADER + "".join(f"{s}\t{b}\n" for s, b in sorted(table.items()))
    FORMS_FILE.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    phrases = sum(" " in s for s in table)
    print(f"{len(table) - phrases} forms and {phrases} phrases -> {FORMS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
