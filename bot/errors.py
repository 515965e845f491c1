"""The one exception hierarchy of the library; front ends translate it at the edge."""

import errno


class KommunebotError(Exception):
    """Base of every error the library raises on purpose; `hint` names the fix."""

    hint: str = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint


class IndexMissing(KommunebotError):
    """No index file where one was expected."""

    hint = "run: kommunebot index build"


def build_hint(index_path: object = None, missing: bool = True) -> str:
    """The fix for a missing (or, not `missing`, a stale) index: the build command, naming `--index PATH` when the index
    was named by a path (the build must write where the command reads); without one, the configured index is built."""
    import shlex

    # a path that was named and is missing is more likely mistyped than unbuilt: building it would make an index at
    # the typo; a stale one is there, so its path is right
    return ("check the path, or build it: " if index_path and missing else "run: ") + "kommunebot index build" + \
        (f" --index {shlex.quote(str(index_path))}" if index_path else "")


def naming_index(hint: str, index_path: object = None) -> str:
    """`hint` with each `kommunebot index build|check|stats` in it naming `--index PATH` (where it names none yet), for
    an index named by a path: the fix must act on the index the command read, not on the configured one."""
    import re
    import shlex

    if not index_path:
        return hint
    option = f" --index {shlex.quote(str(index_path))}"

    def named(match: re.Match[str]) -> str:
        return match.group(0) if "--index" in match.group(1) else match.group(0) + option

    # the command and its options as a fix writes them ("--full", "--corpus DIR"), up to what the sentence says next
    return re.sub(r"kommunebot index (?:build|check|stats)((?: --[a-z-]+(?: (?!--)[^\s;,)]+)?)*)", named, hint)


class IndexInvalid(KommunebotError):
    """The index file is corrupt, foreign, or built by another schema or analyzer."""

    hint = "run: kommunebot index build"


class IndexStale(KommunebotError):
    """The index no longer matches the corpus it was built from."""

    hint = "run: kommunebot index build"


class CorpusError(KommunebotError):
    """One corpus file could not be read; the build goes on without it."""


class BuildError(KommunebotError):
    """A build that stopped before it replaced the index; `key` names what stopped it, so a front end can say so in its
    user's language (the bot's /reindex: bot/tg/texts.py REINDEX_STOPPED), and `path` the file or folder concerned."""

    def __init__(self, message: str, hint: str = "", key: str = "other", path: object = None) -> None:
        super().__init__(message, hint)
        self.key = key
        self.path = path


class QuestionError(KommunebotError):
    """A question that cannot be answered as given; `key` names the message, `language` the asker's."""

    def __init__(self, message: str, hint: str = "", key: str = "empty", language: str = "nb",
                 **values: object) -> None:
        super().__init__(message, hint)
        self.key = key
        self.language = language
        self.values = values


OS_HINTS = {
    errno.EACCES: "choose a folder you may write to (--index, --corpus, KOMMUNEBOT_*), or change its permissions",
    errno.EPERM: "choose a folder you may write to (--index, --corpus, KOMMUNEBOT_*), or change its permissions",
    errno.EROFS: "choose a folder on a writable disk (--index, KOMMUNEBOT_INDEX)",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
    errno.EEXIST: "a part of the path is a file, not a folder: choose another path",
    errno.ENAMETOOLONG: "use a shorter file name (at most 255 bytes a name)",
    errno.ENOSPC: "free some disk space, or choose another disk",
    errno.EISDIR: "that path is a folder: give a file name inside it",
    errno.ENOENT: "check the path: a folder in it does not exist",
}


def os_error_text(exc: OSError) -> str:
    """An OSError as one line: what failed, on which path (no errno numbers, no traceback)."""
    where = f": {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename:
        return f"a part of the path is a file where a folder must be{where}"
    return f"{exc.strerror or exc.__class__.__name__}{where}"
