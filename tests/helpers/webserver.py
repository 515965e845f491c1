"""`kommunebot serve` started as a user starts it, for the tests that talk to the real HTTP server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.helpers.paths import CORPUS, REPO


def serve(index: Path, tmp_path: Path) -> Iterator[str]:
    """`kommunebot serve` over `index` on a free port of 127.0.0.1, as a subprocess; yields its URL."""
    env = {**os.environ, "KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_CORPUS": str(CORPUS),
           "KOMMUNEBOT_PINS_DB": str(tmp_path / "pins.db"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"serve printed {line!r}"
        yield found.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
