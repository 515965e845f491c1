"""sources.toml's entries as a maintainer meets them through `index build`, `index check` and `sources`: a bad date
and an entry whose file name matches no file are errors naming the entry, the rest is indexed (0.4.37)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli

GOOD = "Kommunestyret er kommunens øverste organ og treffer vedtak på vegne av kommunen.\n" * 3
OTHER = "Formannskapet forbereder saker om økonomiplan og budsjett for kommunestyret.\n" * 3


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.index  # noqa: F401  (registers the commands)


def _corpus(tmp_path: Path, manifest: str) -> Path:
    """A corpus of two documents, plan.txt described by `manifest`."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "annet.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "sources.toml").write_text(manifest, encoding="utf-8")
    return corpus


def _build(corpus: Path, index: Path, *more: str):
    return CliRunner().invoke(cli, ["index", "build", "--corpus", str(corpus), "--index", str(index), *more])


def _sources(index: Path) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["sources", "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    return {row["file"]: row for row in json.loads(result.output)}


def _entry(date: str) -> str:
    return f'[[source]]\nfile = "plan.txt"\nid = "plan"\ntitle = "Planstrategi"\ndate = {date}\n'


@pytest.mark.parametrize("date", ['"2024-13-45"', '"2024-02-30"', '"2024-13"', '"31.05.2024"', '"2024-5-1"',
                                  '"20240531"', '"2024-W22-5"', '"i fjor"', "2024-05-31T10:00:00", "2024"])
def test_an_invalid_date_is_an_error_naming_the_entry_and_the_rest_is_indexed(tmp_path: Path, date: str) -> None:
    """`date = "2024-13-45"` was accepted and cited "· 2024-13-45"; now it is refused as a bad `lang` is."""
    corpus, index = _corpus(tmp_path, _entry(date)), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert 'Error: sources.toml [[source]] #1 (file = "plan.txt"): date must be an ISO date like 2024-05-31 ' \
           "(or 2024-05, or 2024), not " in result.output, result.output
    assert "plan.txt skipped" in result.output
    assert set(_sources(index)) == {"annet.txt"}  # the rest indexed
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "date must be an ISO date" in checked.output, checked.output


@pytest.mark.parametrize("date, shown", [('"2024-05-31"', "2024-05-31"), ("2024-05-31", "2024-05-31"),
                                         ('"2024-05"', "2024-05"), ('"2024"', "2024"), ('""', "")])
def test_an_iso_date_whole_or_cut_short_is_cited_as_written(tmp_path: Path, date: str, shown: str) -> None:
    """The docs say date (ISO): a calendar date, or its year-month or year (the law pack's Danish acts give a year);
    TOML's unquoted date too; an empty one is as if left out."""
    corpus, index = _corpus(tmp_path, _entry(date)), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 0, result.output
    plan = _sources(index)["plan.txt"]
    assert plan["id"] == "plan" and plan["date"] == shown


def test_an_entry_naming_no_file_fails_the_build_and_the_file_is_still_indexed(tmp_path: Path) -> None:
    """`file = "Plan.txt"` for plan.txt had been a warning, exit 0, and plan.txt indexed without the entry's id, title
    and date; now the build exits 1 with the near name, as for a bad key, and indexes everything it can."""
    manifest = '[[source]]\nfile = "Plan.txt"\nid = "plan"\ntitle = "Planstrategi"\ndate = "2024-05-31"\n'
    corpus, index = _corpus(tmp_path, manifest), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1, result.output
    assert 'Error: sources.toml [[source]] #1 (file = "Plan.txt"): matches no file in the corpus folder (file names ' \
           "are case-sensitive); did you mean plan.txt? plan.txt was indexed without this entry" in result.output
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}  # nothing lost
    as_json = _build(corpus, index, "--json")
    assert as_json.exit_code == 1 and any("did you mean plan.txt?" in e for e in json.loads(as_json.stdout)["errors"])
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 1 and "did you mean plan.txt?" in checked.output, checked.output
    # mended: the entry reaches the file, the build and the check pass
    (corpus / "sources.toml").write_text(manifest.replace("Plan.txt", "plan.txt"), encoding="utf-8")
    assert _build(corpus, index).exit_code == 0
    assert _sources(index)["plan.txt"]["title"] == "Planstrategi"
    checked = CliRunner().invoke(cli, ["index", "check", "--corpus", str(corpus), "--index", str(index)])
    assert checked.exit_code == 0, checked.output


def test_an_entry_naming_no_file_without_a_near_one_says_to_correct_or_remove_it(tmp_path: Path) -> None:
    """A removed document's entry left behind: named, with the fix."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "gammel.pdf"\ntitle = "Gammel"\n'), tmp_path / "k.db"
    result = _build(corpus, index)
    assert result.exit_code == 1
    assert 'file = "gammel.pdf"): matches no file in the corpus folder (file names are case-sensitive); correct ' \
           "the name or remove the entry" in result.output, result.output
    assert set(_sources(index)) == {"annet.txt", "plan.txt"}


def test_an_entry_for_a_file_of_no_supported_format_stays_a_warning(tmp_path: Path) -> None:
    """budsjett.xlsx is there, named as skipped: its entry matches a file, so it is not told it matches none."""
    corpus, index = _corpus(tmp_path, '[[source]]\nfile = "budsjett.xlsx"\ntitle = "Budsjett"\n'), tmp_path / "k.db"
    (corpus / "budsjett.xlsx").write_bytes(b"PK\x03\x04")
    result = _build(corpus, index)
    assert result.exit_code == 0, result.output
    assert 'Warning: sources.toml [[source]] #1 (file = "budsjett.xlsx"): names a file that is not indexed' \
           in result.output and "matches no file" not in result.output, result.output
