"""The one exception hierarchy of the library; front ends translate it at the edge."""


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


class IndexInvalid(KommunebotError):
    """The index file is corrupt, foreign, or built by another schema or analyzer."""

    hint = "run: kommunebot index build"


class IndexStale(KommunebotError):
    """The index no longer matches the corpus it was built from."""

    hint = "run: kommunebot index build"


class CorpusError(KommunebotError):
    """One corpus file could not be read; the build goes on without it."""


class QuestionError(KommunebotError):
    """A question that cannot be answered as given; `key` names the message, `language` the asker's."""

    def __init__(self, message: str, hint: str = "", key: str = "empty", language: str = "nb",
                 **values: object) -> None:
        super().__init__(message, hint)
        self.key = key
        self.language = language
        self.values = values
