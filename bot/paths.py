"""Where the corpus and the index are by default: the source checkout, else the package and the user's data folder."""

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


def in_checkout() -> bool:
    """Whether this kommunebot runs from a source checkout (corpus/ and pyproject.toml beside bot/)."""
    return (PROJECT_ROOT / "corpus").is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file()


def user_data_dir() -> Path:
    """The user's data folder for kommunebot (~/.local/share/kommunebot on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("kommunebot", appauthor=False)


def default_paths() -> DefaultPaths:
    """A checkout keeps corpus/ and index/ in it; an installed kommunebot reads its bundled corpus
    and keeps the index (and feedback beside it) in the user's data folder, whatever folder it runs in."""
    if in_checkout():
        return DefaultPaths(PROJECT_ROOT / "corpus", PROJECT_ROOT / "index" / INDEX_NAME, "source checkout")
    corpus = BUNDLED_CORPUS if BUNDLED_CORPUS.is_dir() else Path.cwd() / "corpus"
    return DefaultPaths(corpus, user_data_dir() / INDEX_NAME, "installed")
