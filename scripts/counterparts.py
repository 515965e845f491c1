"""Build bot/analysis/data/counterparts.tsv.gz: the same word in bokmål, nynorsk and Danish, from Apertium.

A maintainer runs it; the product never does (it reads the file). It needs Debian's Apertium
language pairs, which hold the bilingual dictionaries:

    apt-get install apertium-nno-nob apertium-dan-nor
    python scripts/counterparts.py            # about five minutes on 2 cores

Each lemma of simplemma's nynorsk and Danish dictionaries that bokmål does not have is translated
to bokmål, each bokmål lemma Danish does not have to Danish, and (since 0.4.12) each bokmål lemma
nynorsk does not have to nynorsk, one word at a time through the pair's bilingual dictionary
(nno-nob, dan-nob, nob-dan, nob-nno), lemma to lemma. A line of the file is a lemma, a tab and its
counterparts (a nynorsk lemma gets its bokmål word and that word's Danish one). Kept only where
the counterpart's index term differs from the word's own, since only then does it change a search.
Apertium's dictionaries are GPL-2.0-or-later, and so is the file derived from them.

since 0.4.45 the file also holds the way back, for a counterpart no simplemma dictionary holds (so
no lemma of its own leads a question's word to it): a line "=stem<TAB>lemma,…" keyed by its Snowball stem, which
every inflection of it shares ("godtgjersle", nynorsk's godtgjørelse: "=godtgjersl<TAB>godtgjørelse"), for words
the decompounder does not split ("fleirtalsval", flertallsvalg; one it splits is read through its parts'
counterparts, `Analyzer._compound_counterpart`). `--stems` writes
those lines again from the file as it is, without Apertium:

    python scripts/counterparts.py --stems    # about ten seconds
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis import Analyzer, default_analyzer  # noqa: E402
from bot.analysis.resources import DATA  # noqa: E402
from bot.cli.progress import Counter  # noqa: E402

OUT = DATA / "counterparts.tsv.gz"
APERTIUM = Path("/usr/share/apertium")
BATCH = 2000  # words a pipeline run: a larger batch lets rtx-proc grow without bound on some inputs
HEADER = """\
# The same word in bokmål, nynorsk and Danish: a lemma, a tab, its counterparts (comma-separated).
# Written by scripts/counterparts.py from Apertium's apertium-nno-nob and apertium-dan-nor
# dictionaries (https://apertium.org, GPL-2.0-or-later; this file is derived from them and under
# the same licence). Do not edit by hand: run the script again.
"""
_WORD = re.compile(r"[a-zæøåéü]+")
_MARK = re.compile(r"X(\d+)X")
_UNIT = re.compile(r"\^(.*?)\$")


def lemmas(lang: str, unknown_to: str) -> list[str]:
    """simplemma's lemmas of `lang` that are no word form of `unknown_to`, sorted."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory()
    other = {k.lower() for k in factory.get_dictionary(unknown_to)}
    own = {v.lower() for v in factory.get_dictionary(lang).values()}
    return sorted(w for w in own - other if _WORD.fullmatch(w))


def _pipeline(pair: str) -> str:
    """The Apertium mode `pair` up to its lexical transfer: analysis, disambiguation, the bilingual
    dictionary and its lexical selection. What comes after (structural transfer, generation) turns
    lemmas into inflected sentences, which a word-for-word table does not need, and one of those
    stages (rtx-proc) grows without bound on a long list of words."""
    stages = (APERTIUM / "modes" / f"{pair}.mode").read_text(encoding="utf-8").strip().split(" | ")
    last = max(i for i, stage in enumerate(stages) if "lrx-proc" in stage or ".autobil.bin" in stage)
    return " | ".join(stages[:last + 1]).replace("$2", "")


def _run(pipeline: str, words: list[str], first: int) -> dict[int, list[str]]:
    """One batch through the pipeline: each word on its own line after a numbered mark, so its
    translation is found by the mark whatever the pipeline does with the lines. A compound's
    parts are translated one by one and joined, as they are and with a linking -s- (the analysis
    drops it: "tavshedspligt" gives tavshed + pligt); a word with an unknown part has none."""
    text = "".join(f"X{first + i}X {w} .\n" for i, w in enumerate(words))
    try:
        done = subprocess.run(["sh", "-c", pipeline], input=text, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return {}  # a batch that runs away is left out: its words keep no counterpart
    parts: dict[int, list[str] | None] = {}
    current: int | None = None
    for unit in _UNIT.findall(done.stdout):  # ^source<tags>/target<tags>[/another]$
        source, _, targets = unit.partition("/")
        mark = _MARK.fullmatch(source.split("<")[0])
        if mark:
            current = int(mark.group(1))
            parts[current] = []
        elif current is not None and not source.startswith("."):
            lemma = targets.split("/")[0].split("<")[0]
            found = parts[current]
            if found is not None and _WORD.fullmatch(lemma):  # unknown ("*ord") or no form ("#", "@")
                found.append(lemma)
            else:
                parts[current] = None
    return {i: list(dict.fromkeys(["".join(p), "s".join(p)])) for i, p in parts.items() if p}


def translate(pair: str, words: list[str], jobs: int = 2) -> dict[str, list[str]]:
    """`words` translated one by one by the Apertium pair `pair` (e.g. nno-nob); unchanged ones left out."""
    pipeline = _pipeline(pair)
    batches = [(words[i:i + BATCH], i) for i in range(0, len(words), BATCH)]
    found: dict[int, list[str]] = {}
    counter = Counter(sys.stderr, unit="batches", label=f"{pair}: ")  # in place at a terminal, lines in a log
    with ThreadPoolExecutor(jobs) as pool:
        for n, part in enumerate(pool.map(lambda b: _run(pipeline, *b), batches), 1):
            found.update(part)
            counter(n, len(batches))
    counter.close()
    out = {words[i]: [t for t in ts if t != words[i]] for i, ts in found.items()}
    return {word: ts for word, ts in out.items() if ts}


def useful(pairs: Iterable[tuple[str, str]], analyzer: Analyzer) -> dict[str, list[str]]:
    """Each word's counterparts whose index term is not the word's own (the rest change nothing).
    A compound joined two ways keeps both: the question's search takes the one the index knows."""
    out: dict[str, list[str]] = {}
    for word, other in pairs:
        own, theirs = analyzer.word_terms(word), analyzer.word_terms(other)
        if theirs and (not own or theirs[0] != own[0]) and other not in out.get(word, []):
            out.setdefault(word, []).append(other)
    return out


def held_words() -> frozenset[str]:
    """Every word form and lemma of simplemma's bokmål, nynorsk and Danish dictionaries, lower-cased."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory()
    return frozenset(w.lower() for lang in ("nb", "nn", "da") for pair in factory.get_dictionary(lang).items()
                     for w in pair)


def stems(table: dict[str, list[str]], analyzer: Analyzer, held: frozenset[str]) -> dict[str, list[str]]:
    """Each Snowball stem of a counterpart no dictionary in `held` holds → the lemmas it is the counterpart of, for
    counterparts the analyzer's decompounder does not split (one it splits is read through its parts' counterparts)."""
    assert analyzer.stemmer is not None and analyzer.decompounder is not None
    out: dict[str, list[str]] = {}
    for lemma, others in table.items():
        for other in others:
            if other not in held and len(analyzer.decompounder(other)) <= 1:
                found = out.setdefault(analyzer.stemmer(other), [])
                if lemma not in found:
                    found.append(lemma)
    return out


def write(path: Path, table: dict[str, list[str]], back: dict[str, list[str]]) -> None:
    """The lemmas' lines and the stems' ("=stem"), sorted, under the header (`Counterparts` bisects them)."""
    lines = [f"{w}\t{','.join(table[w])}\n" for w in table] + [f"={s}\t{','.join(back[s])}\n" for s in back]
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as tmp:
        with gzip.GzipFile(fileobj=tmp, mode="wb", mtime=0) as gz:  # mtime 0: the same words, the same bytes
            gz.write(HEADER.encode())
            gz.write("".join(sorted(lines)).encode())
    Path(tmp.name).chmod(0o644)  # a temporary file is private; the shipped data is not
    Path(tmp.name).replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-nynorsk", action="store_true",
                        help="leave out bokmål lemmas to nynorsk (the table before 0.4.12)")
    parser.add_argument("--stems", action="store_true",
                        help="only write the stems' lines again, from the file as it is (no Apertium needed)")
    args = parser.parse_args(argv)
    if args.stems:
        lines = gzip.decompress(args.out.read_bytes()).decode("utf-8").splitlines()
        table = {w: ts.split(",") for w, _, ts in (line.partition("\t") for line in lines
                                                    if line and not line.startswith(("#", "=")))}
        back = stems(table, default_analyzer(), held_words())
        write(args.out, table, back)
        print(f"{args.out}: {len(table)} words, {len(back)} stems", file=sys.stderr)
        return 0
    if shutil.which("lt-proc") is None or not (APERTIUM / "modes" / "nno-nob.mode").exists() \
            or not (APERTIUM / "modes" / "dan-nob.mode").exists():
        print("needs Apertium's pairs: apt-get install apertium-nno-nob apertium-dan-nor", file=sys.stderr)
        return 2
    nn_nb = translate("nno-nob", lemmas("nn", "nb"), args.jobs)
    da_nb = translate("dan-nob", lemmas("da", "nb"), args.jobs)
    nb_da = translate("nob-dan", lemmas("nb", "da"), args.jobs)
    # A bokmål question of nynorsk text: offentleglova in the law pack, parts of the seed documents.
    nb_nn = translate("nob-nno", lemmas("nb", "nn"), args.jobs) if not args.no_nynorsk else {}
    pairs: list[tuple[str, str]] = []
    for word, bokmal in nn_nb.items():
        pairs += [(word, b) for b in bokmal]
        pairs += [(word, d) for b in bokmal for d in nb_da.get(b, ())]
    pairs += [(word, t) for table in (da_nb, nb_da, nb_nn) for word, ts in table.items() for t in ts]
    table = useful(pairs, default_analyzer())
    back = stems(table, default_analyzer(), held_words())
    write(args.out, table, back)
    print(f"{args.out}: {len(table)} words (nn→nb {len(nn_nb)}, da→nb {len(da_nb)}, nb→da {len(nb_da)}, "
          f"nb→nn {len(nb_nn)}), {len(back)} stems",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
