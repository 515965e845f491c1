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



def _module_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package at `root` (a package by its own name) and the modules of it that it imports
    anywhere in its text, a function's own imports too."""
    modules = {".".join(p.relative_to(root.parent).with_suffix("").parts): p for p in root.rglob("*.py")}
    named = {m.removesuffix(".__init__") for m in modules}
    return {m.removesuffix(".__init__"): {t for _, t in _imports(p) if t in named} - {m.removesuffix(".__init__")}
            for m, p in modules.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of `graph`: each set of two or more modules that import each other round (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            circle = []
            while (w := stack.pop()) != v:
                circle.append(w)
            if circle:
                found.append(sorted([v, *circle]))

    for v in sorted(graph):
        if v not in order:
            visit(v)
    return found


def test_no_two_modules_import_each_other() -> None:
    """A circle, even through an import inside a function, makes two modules one: neither can be read, tested or
    moved alone (the index's check and build once imported each other; what both need now has a module of its own)."""
    circles = _circles(_module_graph(BOT))
    assert not circles, "modules that import each other round:\n" + "\n".join(" <-> ".join(c) for c in circles)


def test_the_circle_check_catches_a_circle_through_a_function(tmp_path: Path) -> None:
    package = tmp_path / "bot"
    (package / "index").mkdir(parents=True)
    (package / "index" / "build.py").write_text("from bot.index.check import verify\n", encoding="utf-8")
    (package / "index" / "check.py").write_text("def run():\n    from bot.index.build import signatures\n",
                                                 encoding="utf-8")
    assert _circles(_module_graph(package)) == [["bot.index.build", "bot.index.check"]]


# Files that may set a variable another library reads (os.environ.setdefault), reading no setting:
# the embedding engine's OpenMP wait policy (bot/semantic/embedder.py passive_engine_threads), onnxruntime's
# telemetry switch (bot/semantic/onnx_e5.py).
ENGINE_VARIABLES = {"semantic/embedder.py", "semantic/onnx_e5.py"}


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
