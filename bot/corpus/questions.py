"""Questions written for a source folder's passages (questions.tsv): more words to find a passage by, never shown."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from bot.corpus.encoding import SAVE_AS_UTF8, utf8_text

log = logging.getLogger(__name__)

QUESTIONS_NAME = "questions.tsv"
# Questions written in English for the same passages: embedded as the others are, never read by BM25 (`EmbeddedOnly`).
ENGLISH_NAME = "questions-english.tsv"
NAMES = (QUESTIONS_NAME, ENGLISH_NAME)
# Off only for an ablation row (benchmarks.answers --without "English written questions").
ENGLISH_QUESTIONS = True
MAX_CHARS = 500  # a question; a longer line is a mistake (a pasted passage), not a way of asking
# Bumped when what the questions make of a source's passages changes without the questions changing, so a build reads
# the sources of a folder with questions again instead of reusing term counts made the old way. 2 (0.4.42): questions
# follow their passage's text to its new place (`follow`).
MATCHING_VERSION = "2"
# A document passage's id ends in the hash of its text (bot.corpus.chunking.chunk_id: "<source>:<place>:<hash>").
_TEXT_HASH = re.compile(r":([0-9a-f]{10})$")


class EmbeddedOnly(str):
    """A written question the model embeds and BM25 never reads: one in English (questions-english.tsv). English words
    in BM25's text would change how an English question is read (its dictionary translates only words the index
    lacks) and put "is", "by" and "to", Norwegian words too, into every passage."""

    __slots__ = ()


def read_questions(folder: Path, warnings: list[str] | None = None) -> dict[str, tuple[str, ...]]:
    """The folder's written questions by chunk id (its questions.tsv, then its questions-english.tsv as EmbeddedOnly;
    none when it has neither); what is left out said in `warnings` where given (the build's), else logged."""
    path, english = folder / QUESTIONS_NAME, folder / ENGLISH_NAME
    found = read_questions_file(path, warnings) if path.is_file() else {}
    if ENGLISH_QUESTIONS and english.is_file():
        for chunk, asked in read_questions_file(english, warnings).items():
            found[chunk] = found.get(chunk, ()) + tuple(EmbeddedOnly(q) for q in asked)
    return found


def read_questions_file(path: Path, warnings: list[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Written questions by chunk id: each line of the file "<chunk id><TAB><question>".

    Blank lines and lines starting with "#" are skipped. A line without a tab, with an empty side or a
    question over MAX_CHARS is left out with one warning naming its line; a file that is not UTF-8 is
    left out whole with a warning: the build goes on without them, as it goes on without a broken document.
    The warnings go into `warnings` where given (the build's report: `index build` prints them as its others,
    "Warning: …", and /reindex counts them), else to the log.
    """
    def warn(text: str) -> None:
        if warnings is None:
            log.warning("%s", text)
        else:
            warnings.append(text)

    try:
        lines = utf8_text(path.read_bytes()).splitlines()  # through the byte-order mark Notepad or Excel writes
    except UnicodeDecodeError:
        warn(f"{path} left out: not UTF-8 (its æ, ø or å saved in an older encoding): {SAVE_AS_UTF8}")
        return {}
    except OSError as exc:
        warn(f"{path} left out: {exc}")
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
        warn(f"{path}: {len(bad)} line(s) left out (want <chunk id><TAB><question>): line "
             + ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else ""))
    return {chunk: tuple(qs) for chunk, qs in found.items()}


def unmatched(questions: Mapping[str, tuple[str, ...]], chunk_ids: Iterable[str]) -> list[str]:
    """The chunk ids written for that no chunk has (its text changed, or it was mistyped), sorted."""
    return sorted(set(questions) - set(chunk_ids))


def questions_digest(questions: Mapping[str, tuple[str, ...]]) -> str:
    """A hash of written questions: a source is analysed again when its folder's questions change, or a question
    moves between questions.tsv and questions-english.tsv (BM25 reads it in one, not the other), or how they are
    matched to passages changes (MATCHING_VERSION)."""
    text = f"matching {MATCHING_VERSION}\n" + "\n".join(f"{chunk}\t{'=' if isinstance(q, EmbeddedOnly) else ''}{q}" for chunk in sorted(questions)
                     for q in questions[chunk])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def with_questions(text: str, questions: tuple[str, ...]) -> str:
    """A chunk's indexed text with its written questions after it (what BM25 and the coverage read), those only
    embedded (EmbeddedOnly) left out."""
    words = [q for q in questions if not isinstance(q, EmbeddedOnly)]
    return "\n".join((text, *words)) if words else text


def by_text_hash(questions: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The ids questions are written under that end in a passage's text hash, by that hash (for `follow`)."""
    found: dict[str, list[str]] = {}
    for chunk in questions:
        hashed = _TEXT_HASH.search(chunk)
        if hashed:
            found.setdefault(hashed.group(1), []).append(chunk)
    return found


def follow(questions: Mapping[str, tuple[str, ...]], hashed: Mapping[str, list[str]], source_id: str,
           chunk_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Questions written for a passage of one source under an id it no longer has, found by the passage's text.

    A document passage's id is its source, its place and a hash of its text: a slide put in before it renumbers it
    ("kurs:lysbilde-15:<hash>" is now "kurs:lysbilde-16:<hash>"), a heading renamed above it moves it, and its
    questions would be left out. Of `chunk_ids` (all of the source's passages) each one with no questions of its own
    takes those written under the ids of `source_id` that no passage of it has now and that end in its text's hash
    (`hashed`: `by_text_hash`); a text that stands twice takes them twice. Returns the new id → the old ids it took
    questions from.
    """
    held = set(chunk_ids)
    prefix = source_id + ":"
    moved: dict[str, tuple[str, ...]] = {}
    for chunk in chunk_ids:
        own = _TEXT_HASH.search(chunk)
        if own is None or chunk in questions:
            continue
        gone = tuple(old for old in hashed.get(own.group(1), ()) if old.startswith(prefix) and old not in held)
        if gone:
            moved[chunk] = gone
    return moved
