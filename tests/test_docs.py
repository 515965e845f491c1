"""The docs do not rot: the README's commands are the ones CI and the Dockerfile run, every command and
setting is documented, and every internal link of the README, docs/ and benchmarks/README.md resolves."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers.paths import CORPUS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = sorted([REPO / "README.md", REPO / "CHANGELOG.md", REPO / "benchmarks" / "README.md",
               *(REPO / "docs").glob("*.md")])
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")


def _sh_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)]


def quick_start() -> tuple[str, str]:
    """The README's two quick-start commands: set up and ask, and run the tests."""
    section = README.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    blocks = _sh_blocks(section)
    assert len(blocks) == 2, "the quick start is two sh blocks: set up and ask, then run the tests"
    return blocks[0], blocks[1]


def test_the_quick_start_sets_up_and_asks_then_tests_with_the_default_run() -> None:
    ask, tests = quick_start()
    assert "\n" not in ask and "\n" not in tests  # one command each, to paste
    assert re.fullmatch(r"python3 -m venv \.venv && \.venv/bin/pip install \. && \.venv/bin/kommunebot ask \".+\"", ask)
    # the test command is the default run: no marker or path that would narrow or widen it
    assert re.fullmatch(r"python3 -m venv \.venv && \.venv/bin/pip install '\.\[dev\]' && \.venv/bin/python -m pytest",
                        tests)


def test_ci_installs_once_then_runs_the_readmes_test_command_and_then_the_slow_tests() -> None:
    _, tests = quick_start()
    lines = [ln.strip() for ln in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert tests in lines, "CI runs the README's test command word for word"
    assert sum("pip install" in ln for ln in lines) == 1 and sum("-m venv" in ln for ln in lines) == 1
    slow = [i for i, ln in enumerate(lines) if re.search(r"\.venv/bin/python -m pytest .*-m slow\b", ln)]
    assert slow and slow[0] > lines.index(tests), "after the default run, CI runs the slow tests"


def test_the_default_run_leaves_out_the_slow_tests() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    addopts = config.get("addopts", [])
    args = shlex.split(addopts) if isinstance(addopts, str) else addopts
    assert any(args[i:i + 2] == ["-m", "not slow"] for i in range(len(args))), args
    assert any(m.startswith("slow:") for m in config["markers"])


def test_the_dockerfile_installs_and_builds_as_the_readme_does() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    ask, _ = quick_start()
    install = ask.split(" && .venv/bin/kommunebot")[0]  # the README's set-up, without its question
    assert re.search(rf"^RUN {re.escape(install)}( |$)", dockerfile, re.M)
    assert ".venv/bin/kommunebot index build" in dockerfile
    assert re.search(r"^USER (?!root)", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile


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


def test_every_environment_variable_read_is_documented_in_the_readmes_configuration() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "bot").rglob("*.py"))
    used = set(re.findall(r"\b(KOMMUNEBOT_[A-Z_]+|TELEGRAM_BOT_TOKEN)\b", code))
    configuration = README.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    assert used and [v for v in sorted(used) if f"`{v}`" not in configuration] == []


def test_the_readme_stays_a_users_readme() -> None:
    """At most 3,000 words, and what a newcomer looks for within its sections, in this order."""
    assert len(README.split()) <= 3000
    sections = re.findall(r"^## (.+)$", README, re.M)
    wanted = ["Quick start", "Commands", "Telegram setup", "The facilitator's page", "Adding documents",
              "Configuration"]
    assert [s for s in sections if s in wanted] == wanted


def test_the_readme_says_how_to_add_a_law_and_links_the_steps() -> None:
    """The README's law pack section named the bundled laws, not how a maintainer adds another: one sentence and a
    link to the steps in docs/law-pack.md (which the link test below checks resolves)."""
    section = README.split("\n## The law pack\n", 1)[1].split("\n## ", 1)[0]
    assert "scripts/lawpack.py" in section and "(docs/law-pack.md#where-it-lives)" in section, section
    steps = (REPO / "docs" / "law-pack.md").read_text(encoding="utf-8").split("\n## Where it lives\n", 1)[1]
    assert "To add a law: `python scripts/lawpack.py extract --data DIR --law ID`" in steps.split("\n## ", 1)[0]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file (a repeated heading gets -1, -2, … as on GitHub)."""
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} (.+?)#*$", FENCE.sub("", path.read_text(encoding="utf-8")), re.M):
        base = slug(heading)
        n = seen.get(base, 0)
        found.add(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    return found


def internal_links(path: Path) -> list[str]:
    """The relative links of a Markdown file (code blocks and code spans left out)."""
    text = re.sub(r"`[^`\n]*`", "", FENCE.sub("", path.read_text(encoding="utf-8")))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_internal_link_resolves(doc: Path) -> None:
    assert doc.exists(), f"{doc.relative_to(REPO)} is linked from the README and must exist"
    broken = []
    for target in internal_links(doc):
        file, _, anchor = target.partition("#")
        dest = (doc.parent / file).resolve() if file else doc
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (dest.suffix != ".md" or anchor not in anchors(dest)):
            broken.append(f"{target}: no heading #{anchor} in {dest.relative_to(REPO)}")
    assert broken == []


def test_the_link_checker_finds_a_broken_file_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## The facilitator's page: what keeps it safe\n", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("[ok](other.md#the-facilitators-page-what-keeps-it-safe) [web](https://x.no/#y)\n"
                   "[gone](missing.md) [bad](other.md#nowhere) `[code](nope.md)`\n\n```\n[x](nope.md)\n```\n",
                   encoding="utf-8")
    assert internal_links(doc) == ["other.md#the-facilitators-page-what-keeps-it-safe", "missing.md",
                                   "other.md#nowhere"]
    assert "nowhere" not in anchors(tmp_path / "other.md")
    assert slug("10k: 10,000 passages, analyzer `words`") == "10k-10000-passages-analyzer-words"


def test_the_docs_the_readme_links_to_are_all_checked() -> None:
    linked = {(REPO / t.partition("#")[0]).resolve() for t in internal_links(REPO / "README.md")
              if t.partition("#")[0].endswith(".md")}
    assert linked <= {p.resolve() for p in DOCS}


def test_benchmark_tables_have_one_begin_and_one_end_marker_each() -> None:
    text = (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8")
    begins = re.findall(r"<!-- begin (.+?) -->", text)
    ends = re.findall(r"<!-- end (.+?) -->", text)
    assert begins and begins == ends and len(set(begins)) == len(begins)
    for name in begins:
        assert text.index(f"<!-- begin {name} -->") < text.index(f"<!-- end {name} -->")


@pytest.mark.slow
def test_the_shown_answers_are_the_shipped_index_s_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first run and the guide's Telegram reply quote what the shipped index answers, in its order: the
    guide had shown slides 41, 38 and 52 long after the answer became 41, 48 and Kommuneloven § 25-1."""
    from click.testing import CliRunner

    from bot.answer.engine import open_engine
    from bot.cli import ask as _ask  # noqa: F401  (registers the command)
    from bot.cli import cli
    from bot.config import Settings
    from bot.index.build import build_index
    from bot.paths import LAW_PACK
    from bot.render.telegram_html import format_answer
    from bot.semantic.embedder import load_embedder

    embedder = load_embedder("auto")
    if embedder is None:
        pytest.skip("the embedding model cannot be loaded here")
    index = tmp_path / "kommunebot.db"
    build_index(CORPUS, index, embedder=embedder, packs=(LAW_PACK,))  # the shipped vectors: only a few to embed
    monkeypatch.setenv("KOMMUNEBOT_SEMANTIC", "auto")
    command = 'kommunebot ask "what is rådmannens ansvar?" --top 1\n'
    shown = README.split(command, 1)[1].split("\n$ ", 1)[0]
    asked = CliRunner().invoke(cli, ["ask", "what is rådmannens ansvar?", "--top", "1", "--index", str(index)])
    assert asked.exit_code == 0 and asked.stdout.strip() in shown, asked.output
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    reply = guide.split('ansvar?" as the phone shows it', 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    answer = open_engine(Settings.from_env(index_path=index)).answer("Hva er rådmannens ansvar?", top=3)
    sources = [re.sub(r"<[^>]+>", "", line).replace("\u00a0", " ")  # a § and its number joined: shown as a space
               for part in format_answer(answer) for line in part.splitlines() if line.startswith("📄")]
    assert [line.split("  ")[0] for line in reply.splitlines() if line.startswith("📄")] == sources
