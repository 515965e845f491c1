"""scripts/lawpack.py's headings file (`extract --headings`): what a maintainer's mistake in it does."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

DA_TITLE = "Bekendtgørelse af lov om kommunale og regionale valg"


def lawpack_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lawpack_script", Path(__file__).parent.parent / "scripts"
                                                  / "lawpack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_headings_file_that_is_not_there_is_an_error_not_no_headings(tmp_path: Path) -> None:
    """`extract --headings law_heading.tsv` (a typo) read no headings and wrote the pack without any, the shipped
    Danish acts' 198 too, saying nothing: it is one line naming the path, before anything is written."""
    script = lawpack_script()
    with pytest.raises(SystemExit) as stop:
        script.read_headings(tmp_path / "law_heading.tsv")
    message = str(stop.value.code)
    assert message.startswith(f"error: no headings file {tmp_path / 'law_heading.tsv'}") and "\n" not in message
