"""Packaging hook: the top-level corpus/ ships inside the package as bot/bundled_corpus.

Everything else is in pyproject.toml. The folder stays corpus/ in the checkout (maintainers add
documents there); an installed kommunebot finds its copy beside its code and answers from any folder.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CORPUS = Path(__file__).resolve().parent / "corpus"


class BuildWithCorpus(build_py):
    """build_py that also copies corpus/ (its files, not hidden ones) into bot/bundled_corpus."""

    def run(self) -> None:
        super().run()
        if not CORPUS.is_dir():  # a build from a copy without corpus/ (the Dockerfile copies it later)
            return
        target = Path(self.build_lib) / "bot" / "bundled_corpus"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for path in sorted(CORPUS.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildWithCorpus})
