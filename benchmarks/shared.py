"""Where the project's shared data is (the dev sets, the bench sets, the seed documents), and what a benchmark says
when a set's file is not there.

The data sits in `../shared` beside the repository (a developer's or CI's checkout); KOMMUNEBOT_SHARED names another
folder (a worktree or a clone elsewhere has no such sibling). It is resolved here alone, once, when a benchmark
starts: every benchmark and test reads SHARED, EVAL, BENCH and SEED_DIR from this module.

The rule every benchmark follows: a set whose file is absent is never measured on other data. It is skipped, and
`absent` says what was looked for and where, and the setting that points elsewhere, in the log and beside the table;
a run left with nothing to measure stops with that as its error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VARIABLE = "KOMMUNEBOT_SHARED"


def shared_dir(env: Mapping[str, str] | None = None) -> Path:
    """The shared data's folder: KOMMUNEBOT_SHARED where it is set, else ../shared beside the repository."""
    named = (os.environ if env is None else env).get(VARIABLE, "").strip()
    return Path(named) if named else REPO.parent / "shared"


SHARED = shared_dir()
EVAL = SHARED / "eval"  # the dev sets (dev, dev2, dev3, dev-law)
BENCH = SHARED / "bench"  # NorQuAD, XQuAD, the laws
SEED_DIR = SHARED / "corpus-seed"  # the seed documents, which name the dev sets' corpus


def where(shared: Path = SHARED, env: Mapping[str, str] | None = None) -> str:
    """Where the shared data was looked for, and the setting that points elsewhere."""
    if (os.environ if env is None else env).get(VARIABLE, "").strip():
        return f"{VARIABLE} names {shared}"
    return f"looked for in ../shared beside the repository ({shared}); {VARIABLE}=DIR points elsewhere"


def absent(*paths: Path, shared: Path = SHARED, env: Mapping[str, str] | None = None) -> str | None:
    """Why a set cannot be measured: the first of `paths` that does not exist, and where the shared data was looked
    for; None when every one is there."""
    for path in paths:
        if not path.exists():
            return f"{path} is absent ({where(shared, env)})"
    return None


class MissingData(SystemExit):
    """A benchmark left with nothing to measure: its message says which files it looked for and where."""

    def __init__(self, reasons: list[str], nothing: str = "nothing measured") -> None:
        super().__init__(f"error: {nothing}, the data is absent:\n" + "\n".join(f"  {r}" for r in reasons))


@dataclass(frozen=True)
class SeedCorpus:
    """The files of the dev sets' index (the seed documents in the bundled corpus) and which documents those are."""

    files: list[Path]
    note: str  # which documents were taken, said in the log (and beside the table when `stand_in`)
    stand_in: bool  # corpus-seed was absent: the bundled corpus's documents were taken in its place


def seed_corpus(seed_dir: Path = SEED_DIR, corpus: Path = REPO / "corpus", env: Mapping[str, str] | None = None
                ) -> SeedCorpus:
    """The bundled corpus's copies of the seed documents (the shared corpus-seed names them) with its manifest and
    the questions written for their passages (the build reads both).

    Without corpus-seed the bundled corpus's own documents are taken (today the same five seed texts, byte for
    byte) and the note says so: a document added to corpus/ would otherwise enter the dev sets' index unnoticed.
    """
    from bot.corpus.questions import NAMES as QUESTION_FILES

    beside = [corpus / "sources.toml"] + [corpus / n for n in QUESTION_FILES if (corpus / n).is_file()]
    if seed_dir.is_dir():
        names = sorted(p.name for p in seed_dir.glob("*.txt"))
        return SeedCorpus([corpus / n for n in names] + beside, f"the {len(names)} documents {seed_dir} names",
                          False)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    return SeedCorpus([corpus / n for n in names] + beside,
                      f"{seed_dir} is absent ({where(seed_dir.parent, env)}); the bundled corpus's "
                      f"{len(names)} documents ({corpus}/*.txt) taken in their place", True)


def left_out(paths: list[Path] | tuple[Path, ...]) -> list[str]:
    """Why each absent file of `paths` is left out (what was looked for and where), for the lines beneath a table."""
    return [why for path in paths if (why := absent(path)) is not None]


def beneath(reasons: list[str]) -> str:
    """The lines a table ends with when files were left out, one a file ("" when none was): a table of fewer
    questions must say so itself, for a table is copied and compared without its log."""
    return "".join(f"\nleft out: {why}" for why in reasons)


def at_hand(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """The files of `paths` that exist, for a benchmark that times whatever questions it has: each one left out is
    said in the log with what was looked for and where (and `beneath` its table, by `left_out`), so a run with fewer
    questions is not taken for a like one."""
    for why in left_out(paths):
        print(f"left out: {why}", file=sys.stderr)
    return [path for path in paths if path.exists()]


def need(paths: list[Path] | tuple[Path, ...], nothing: str = "nothing measured") -> list[Path]:
    """`paths`, for a benchmark that measures every one of them: any absent stops it with what was looked for."""
    missing = [why for path in paths if (why := absent(path)) is not None]
    if missing:
        raise MissingData(missing, nothing)
    return list(paths)
