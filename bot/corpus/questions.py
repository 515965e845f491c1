"""Questions written for a source folder's passages (questions.tsv): more words to find a passage by, never shown."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

QUESTIONS_NAME = "questions.tsv"
MAX_CHARS = 500  # a question; a longer line is a mistake (a pasted passage), not a way of asking


def read_questions(folder: Path) -> dict[str, tuple[str, ...]]:
    """The folder's written questions by chunk id (its questions.tsv; none when it has none)."""
    path = folder / QUESTIONS_NAME
    return read_questions_file(path) if path.is_file() else {}


def read_questions_file(path: Path) -> dict[str, tuple[str, ...]]:
    """Written questions by chunk id: each line of the file "<chunk id><TAB><question>".

    Blank lines and lines starting with "#" are skipped. A line without a tab, with an empty side or a
    question over MAX_CHARS is left out with one warning naming its line; a file that is not UTF-8 is
    left out whole with a warning: the build goes on without them, as it goes on without a broken document.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s left out: %s (it must be UTF-8 text)", path, exc)
        return {}
    found: dict[str, list[str]] = {}
    bad: list[int] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        chunk, tab, question = line.partition("\t")
        chunk, question = chunk.strip(), " ".join(question.split())
        if not tab or not chunk or not question or len(question) > MAX_CHARS:
            bad.append(number)
            continue
        if question not in found.setdefault(chunk, []):
            found[chunk].append(question)
    if bad:
        log.warning("%s: %d line(s) left out (want <chunk id><TAB><question>): line %s", path, len(bad),
                    ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else ""))
    return {chunk: tuple(qs) for chunk, qs in found.items()}


def unmatched(questions: Mapping[str, tuple[str, ...]], chunk_ids: Iterable[str]) -> list[str]:
    """The chunk ids written for that no chunk has (its text changed, or it was mistyped), sorted."""
    return sorted(set(questions) - set(chunk_ids))


def questions_digest(questions: Mapping[str, tuple[str, ...]]) -> str:
    """A hash of written questions: a source is analysed again when its folder's questions change."""
    text = "\n".join(f"{chunk}\t{q}" for chunk in sorted(questions) for q in questions[chunk])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def with_questions(text: str, questions: tuple[str, ...]) -> str:
    """A chunk's indexed text with its written questions after it (what BM25 and the coverage read)."""
    return "\n".join((text, *questions)) if questions else text
