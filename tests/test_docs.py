"""The README: every command is documented, the quick start is what CI runs, no undocumented env."""

from __future__ import annotations

import re

from tests.helpers.paths import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    import click

    import bot.cli.ask  # noqa: F401
    import bot.cli.evaluate  # noqa: F401
    import bot.cli.feedback  # noqa: F401
    import bot.cli.index  # noqa: F401
    import bot.cli.serve  # noqa: F401
    import bot.cli.telegram  # noqa: F401
    from bot.cli import cli

    names = []
    for name, command in cli.commands.items():
        names.append(f"kommunebot {name}")
        if isinstance(command, click.Group):
            names += [f"kommunebot {name} {sub}" for sub in command.commands]
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in _commands() if c not in README]
    assert missing == []


def test_ci_runs_the_readmes_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command.strip() in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_environment_variable_read_is_documented() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "bot").rglob("*.py"))
    used = set(re.findall(r"\b(KOMMUNEBOT_[A-Z_]+|TELEGRAM_BOT_TOKEN)\b", code))
    assert used and [v for v in sorted(used) if v not in README] == []


def test_the_dockerfile_installs_and_builds_as_the_readme_does() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    quick_start = re.findall(r"```sh\n(.*?)\n```", README, re.S)[0]
    install = quick_start.split(" && .venv/bin/kommunebot")[0]  # the README's set-up, without its question
    assert install == "python3 -m venv .venv && .venv/bin/pip install ."
    assert re.search(rf"^RUN {re.escape(install)}( |$)", dockerfile, re.M)
    assert ".venv/bin/kommunebot index build" in dockerfile
    assert re.search(r"^USER (?!root)", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile
