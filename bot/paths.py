"""Where the corpus, the law pack and the index are by default: the source checkout, else the package and the
user's data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
BUNDLED_CORPUS = PACKAGE / "bundled_corpus"  # corpus/ as copied into an installed package (setup.py)
INDEX_NAME = "kommunebot.db"


@dataclass(frozen=True)
class DefaultPaths:
    """The default corpus folder and index file, and which kind of install chose them."""

    corpus_dir: Path
    index_path: Path
    where: str  # "source checkout" or "installed"


def _is_checkout(root: Path) -> bool:
    pyproject = root / "pyproject.toml"
    try:
        named = 'name = "kommunebot"' in pyproject.read_text(encoding="utf-8")
    except OSError:
        return False
    return named and (root / "corpus").is_dir()


def checkout_root() -> Path | None:
    """The source checkout this kommunebot runs from or in: beside its own code, else the current folder.

    A maintainer who installed with `pip install .` and runs `kommunebot` in the checkout edits
    its corpus/ and expects that to be indexed, not the copy inside the installed package.
    """
    for root in (PROJECT_ROOT, Path.cwd()):
        if _is_checkout(root):
            return root
    return None


def user_data_dir() -> Path:
    """The user's data folder for kommunebot (~/.local/share/kommunebot on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("kommunebot", appauthor=False)


def default_paths() -> DefaultPaths:
    """A checkout keeps corpus/ and index/ in it; an installed kommunebot reads its bundled corpus
    and keeps the index (and feedback beside it) in the user's data folder, whatever folder it runs in."""
    root = checkout_root()
    if root is not None:
        return DefaultPaths(root / "corpus", root / "index" / INDEX_NAME, "source checkout")
    corpus = BUNDLED_CORPUS if BUNDLED_CORPUS.is_dir() else Path.cwd() / "corpus"
    return DefaultPaths(corpus, user_data_dir() / INDEX_NAME, "installed")
BUNDLED_LAW_PACK = PACKAGE / "packs" / "law"  # the law pack as this code's package holds it (scripts/lawpack.py)
PACK_IN_CHECKOUT = Path("bot") / "packs" / "law"


def law_pack_dir() -> Path:
    """The law pack a build indexes: the source checkout's bot/packs/law when this kommunebot runs from or in one,
    as for corpus/, else the package's own.

    scripts/lawpack.py writes the checkout's pack: a maintainer who installed with `pip install .` and adds a law
    there expects that law to be indexed, not the copy installed with the package (which had it silently left out).
    """
    try:
        root = checkout_root()
    except OSError:  # the current folder was removed: no checkout to find there
        root = None
    if root is not None and (root / PACK_IN_CHECKOUT / "sources.toml").is_file():
        return root / PACK_IN_CHECKOUT
    return BUNDLED_LAW_PACK


LAW_PACK = law_pack_dir()  # chosen once, when kommunebot starts (the folder it starts in counts, as for corpus/)
