"""The maintainers' scripts (scripts/*.py), loaded as modules for their tests."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.helpers.paths import REPO


def load_script(name: str) -> ModuleType:
    """scripts/`name`.py as a module (the folder is no package: the scripts run as files)."""
    spec = importlib.util.spec_from_file_location(f"{name}_script", REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
