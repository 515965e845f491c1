"""Which files of a corpus folder no reader exists for, each reported by name."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.corpus.manifest import MANIFEST_NAME, READABLE, shown_name
from bot.corpus.questions import NAMES as QUESTION_FILES

# the vectors shipped beside a folder's sources (bot.index.prebuilt), named here: the corpus layer must know
# it is not a source, and the index layer reads it
VECTORS_NAME = "vectors.npz"
# the manifest, a note for maintainers, the passages' written questions and their shipped vectors are not sources
IGNORED = (MANIFEST_NAME, "readme.md", *QUESTION_FILES, VECTORS_NAME)


# the older Office formats no reader exists for, with the fix the docs give (a maintainer had only "not supported")
OLD_OFFICE = {".doc": "; save it as .docx or PDF", ".ppt": "; save it as .pptx or PDF",
              ".rtf": "; save it as .docx or PDF"}


def format_of(name: str) -> str:
    """A file's format as people name it: ".xlsx", ".tar.gz", or "no extension"."""
    suffixes = Path(name).suffixes
    if not suffixes:
        return "no extension"
    return "".join(suffixes[-2:]).lower() if suffixes[-1].lower() == ".gz" else suffixes[-1].lower()


def _not_a_file(path: Path) -> str:
    """What a corpus entry is when it is not a regular file ("" when it is one, or is not there)."""
    try:
        mode = path.stat().st_mode  # through a link: what it leads to
    except OSError:
        return ""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder, not a file (folders in the corpus are not read)"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    return "a device or socket, not a file"


def _documents_in(folder: Path, limit: int = 1000) -> list[str]:
    """The readable documents anywhere under `folder`, as paths inside it, sorted (at most `limit` looked at)."""
    found = []
    try:
        for n, path in enumerate(folder.rglob("*")):
            if n >= limit:
                break
            if path.name.lower().endswith(READABLE) and not path.name.startswith(".") and path.is_file():
                found.append(str(path.relative_to(folder)))
    except OSError:
        return found  # a folder that cannot be listed: named as far as it could be
    return sorted(found)


def _page_resources(folder: Path) -> bool:
    """Whether `folder` is what a browser saves beside a web page ("Save page as", complete): "plan_files/" (in some
    languages "plan-filer/", "plan-Dateien/") beside "plan.html", holding its pictures, scripts and frames
    ("saved_resource.html"). Not documents: the page is read, and its folder is no subfolder of documents to move."""
    for suffix in (".html", ".htm"):
        for sep in ("_", "-"):
            stem, cut, rest = folder.name.rpartition(sep)
            if cut and stem and rest.isalpha() and (folder.parent / f"{stem}{suffix}").is_file():
                return True
    return False


def skipped_files(corpus_dir: Path) -> list[str]:
    """One sentence per entry in `corpus_dir` that is not indexed: a format no reader exists for, or not a file.

    A folder is named only when its name looks like a document's (a folder "plan.txt").
    """
    if not corpus_dir.is_dir():
        return []
    out = []
    for path in sorted(corpus_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name.lower() in IGNORED:
            continue
        readable = name.lower().endswith(READABLE)
        what = _not_a_file(path)
        if what and (readable or not what.startswith("a folder")):
            out.append(f"skipped: {shown_name(name)}: {what}")
        elif what.startswith("a folder") and not _page_resources(path) and (inside := _documents_in(path)):
            # a maintainer filing documents by year lost them without a word: the build reads the folder itself only
            shown = ", ".join(shown_name(n) for n in inside[:3]) + (", …" if len(inside) > 3 else "")
            out.append(f"skipped: {shown_name(name)}/: a subfolder holding {len(inside)} document(s) ({shown}); only "
                       f"files directly in the corpus folder are read: move them there")
        elif not what and path.is_file() and not readable:
            kind = format_of(name)
            fix = OLD_OFFICE.get(kind, "")
            out.append(shown_name(f"skipped: {name}: {kind} is not a supported format{fix}"))
    return out
