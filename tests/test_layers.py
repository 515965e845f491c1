"""The import graph runs one way: analysis <- corpus <- index <- search <- answer <- render <- front ends."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

# Lower number = lower layer. A module may import its own layer and any lower one, never a higher.
LAYERS: dict[str, int] = {
    "errors": 0, "config": 0, "paths": 0, "migrations": 0, "__init__": 0, "__main__": 9,
    "analysis": 1, "bm25": 1, "semantic": 1,
    "corpus": 2,
    "index": 3,
    "search": 4,
    "answer": 5, "evaluate": 5,
    "feedback": 6,
    "render": 7,
    "cli": 8, "tg": 8, "web": 8,
}


def _layer(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else "__init__"
    if top not in LAYERS:
        pytest.fail(f"bot.{top} has no layer in tests/test_layers.py: place it before importing it")
    return LAYERS[top]


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("bot.") or a.name == "bot"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and \
                (node.module == "bot" or node.module.startswith("bot.")):
            if node.module == "bot":  # from bot import x: x is a subpackage or a name in bot/__init__
                found += [(node.lineno, f"bot.{a.name}" if (BOT / a.name).exists() or (BOT / f"{a.name}.py").exists()
                           else "bot") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def _module(path: Path) -> str:
    rel = path.relative_to(BOT.parent).with_suffix("")
    return ".".join(rel.parts)


def test_no_lower_layer_imports_a_higher_one() -> None:
    wrong = []
    for path in sorted(BOT.rglob("*.py")):
        here = _module(path)
        for line, target in _imports(path):
            if _layer(target) > _layer(here):
                wrong.append(f"{path.relative_to(BOT.parent)}:{line} ({here}) imports {target}")
    assert not wrong, "imports against the flow:\n" + "\n".join(wrong)


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    # The check itself must be able to fail: an index module importing the answer layer.
    bad = tmp_path / "bad.py"
    bad.write_text("from bot.answer.compose import answer\n", encoding="utf-8")
    (line, target), = _imports(bad)
    assert _layer(target) > _layer("bot.index.build")


def test_every_layer_names_a_module_that_exists() -> None:
    """A module moved or removed takes its line out of LAYERS, so the table says what is there."""
    stale = [name for name in LAYERS if not (BOT / name).is_dir() and not (BOT / f"{name}.py").is_file()]
    assert not stale, f"LAYERS names modules bot has not: {stale}"


# Files that may set a variable another library reads (os.environ.setdefault), reading no setting:
# the embedding engine's OpenMP wait policy (bot/semantic/embedder.py passive_engine_threads).
ENGINE_VARIABLES = {"semantic/embedder.py"}


def _environment_readers(path: Path) -> list[int]:
    """Lines of `path` that read the environment: os.environ, os.getenv, or a click option's `envvar=`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    sets = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "setdefault"}
    allowed = path.is_relative_to(BOT) and path.relative_to(BOT).as_posix() in ENGINE_VARIABLES
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb") and \
                isinstance(node.value, ast.Name) and node.value.id == "os":
            if not (allowed and id(node) in sets):
                lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg in ("envvar", "auto_envvar_prefix"):
            lines.append(node.value.lineno)  # click would read the variable past Settings and its checks
    return lines


def test_only_the_settings_read_the_environment() -> None:
    """Configuration is read in one place (bot/config.py Settings) and passed in from there."""
    readers = []
    for path in sorted(BOT.rglob("*.py")):
        if path == BOT / "config.py":
            continue
        readers += [f"{path.relative_to(BOT.parent)}:{line}" for line in _environment_readers(path)]
    assert not readers, "the environment read outside Settings:\n" + "\n".join(readers)


@pytest.mark.parametrize("source", [
    "import os\nos.environ.get('KOMMUNEBOT_TOP')\n",
    "import os\nos.getenv('KOMMUNEBOT_TOP')\n",
    "import click\nclick.option('--top', envvar='KOMMUNEBOT_TOP')\n",
    "import os\nos.environ.setdefault('KOMMUNEBOT_TOP', '3')\n",  # a write only where ENGINE_VARIABLES allow it
])
def test_the_environment_check_catches_a_reader(source: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(source, encoding="utf-8")
    assert _environment_readers(bad) == [2]
