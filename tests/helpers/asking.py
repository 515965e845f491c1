"""`kommunebot ask --json` run in-process on a test's index with the law pack on, its reply as parsed JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner


def ask_json(index: Path, question: str) -> dict[str, Any]:
    """`kommunebot ask QUESTION --json` on `index` (the bundled corpus and the law pack); exit 0 asserted."""
    import bot.cli.ask  # noqa: F401 - registers the command on the group
    from bot.cli import cli

    result = CliRunner().invoke(cli, ["ask", question, "--json"], env={
        "KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_LAW_PACK": "on"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
