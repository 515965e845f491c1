"""Questions written for a source folder's passages (questions.tsv): more words to find a passage by, never shown."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

QUESTIONS_NAME = "questions.tsv"
# Questions written in English for the same passages: embedded as the others are, never read by BM25 (`EmbeddedOnly`).
ENGLISH_NAME = "questions-english.tsv"
NAMES = (QUESTIONS_NAME, ENGLISH_NAME)
# Off only for an ablation row (benchmarks.answers --without "English written questions").
ENGLISH_QUESTIONS = True
MAX_CHARS = 500  # a question; a longer line is a mistake (a pasted passage), not a way of asking


class EmbeddedOnly(str):
    """A written question the model embeds and BM25 never reads: one in English (questions-english.tsv). English words
    in BM25's text would change how an English question is read (its dictionary translates only words the index
    lacks) and put "is", "by" and "to", Norwegian words too, into every passage."""

    __slots__ = ()


def read_questions(folder: Path) -> dict[str, tuple[str, ...]]:
    """The folder's written questions by chunk id (its questions.tsv, then its questions-english.tsv as EmbeddedOnly;
    none when it has neither)."""
    path, english = folder / QUESTIONS_NAME, folder / ENGLISH_NAME
    found = read_questions_file(path) if path.is_file() else {}
    if ENGLISH_QUESTIONS and english.is_file():
        for chunk, asked in read_questions_file(english).items():
            found[chunk] = found.get(chunk, ()) + tuple(EmbeddedOnly(q) for q in asked)
    return found


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
    """A hash of written questions: a source is analysed again when its folder's questions change, or a question
    moves between questions.tsv and questions-english.tsv (BM25 reads it in one, not the other)."""
    text = "\n".join(f"{chunk}\t{'=' if isinstance(q, EmbeddedOnly) else ''}{q}" for chunk in sorted(questions)
                     for q in questions[chunk])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def with_questions(text: str, questions: tuple[str, ...]) -> str:
    """A chunk's indexed text with its written questions after it (what BM25 and the coverage read), those only
    embedded (EmbeddedOnly) left out."""
    words = [q for q in questions if not isinstance(q, EmbeddedOnly)]
    return "\n".join((text, *words)) if words else text
