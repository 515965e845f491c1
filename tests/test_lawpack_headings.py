"""scripts/lawpack.py's headings file (`extract --headings`): what a maintainer's mistake in it does."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers.scripts import load_script

DA_TITLE = "Bekendtgørelse af lov om kommunale og regionale valg"


def lawpack_script() -> ModuleType:
    return load_script("lawpack")


def test_a_headings_file_that_is_not_there_is_an_error_not_no_headings(tmp_path: Path) -> None:
    """`extract --headings law_heading.tsv` (a typo) read no headings and wrote the pack without any, the shipped
    Danish acts' 198 too, saying nothing: it is one line naming the path, before anything is written."""
    script = lawpack_script()
    with pytest.raises(SystemExit) as stop:
        script.read_headings(tmp_path / "law_heading.tsv")
    message = str(stop.value.code)
    assert message.startswith(f"error: no headings file {tmp_path / 'law_heading.tsv'}") and "\n" not in message


def test_a_headings_file_in_another_encoding_is_one_line_naming_the_line_and_a_bom_is_no_part_of_a_key(
        tmp_path: Path) -> None:
    """A file saved as Latin-1 ended in a UnicodeDecodeError traceback; one saved as "UTF-8 with BOM" made its first
    line's key "\\ufefflta-…", a heading no § matched (or a first "#" comment line a malformed line)."""
    script = lawpack_script()
    lines = "# overskrift\nlta-2025-1135/§1\tValgret\nlta-2025-1135/§2\tValgbarhed for ægtefæller\n"
    latin = tmp_path / "latin.tsv"
    latin.write_bytes(lines.encode("latin-1"))
    with pytest.raises(SystemExit) as stop:
        script.read_headings(latin)
    assert str(stop.value.code) == "error: latin.tsv: line 2 is not UTF-8 text: save the file as UTF-8"
    bom = tmp_path / "bom.tsv"
    bom.write_bytes(b"\xef\xbb\xbf" + lines.encode("utf-8"))
    assert script.read_headings(bom) == {"lta-2025-1135/§1": "Valgret", "lta-2025-1135/§2": "Valgbarhed for ægtefæller"}
    bom.write_bytes(b"\xef\xbb\xbf" + lines.removeprefix("# overskrift\n").encode("utf-8"))
    assert "lta-2025-1135/§1" in script.read_headings(bom)


def da_rows(law: str, numbers: list[str]) -> list[dict]:
    """The data's rows of a Danish act (da-laws.jsonl.gz), one a §."""
    return [{"id": f"{law}#{n}", "title": DA_TITLE, "lang": "da", "location": f"§ {number}",
             "text": f"§ {number}. Kommunalbestyrelsen træffer beslutning efter paragraf {number}."}
            for n, number in enumerate(numbers)]


def da_data(tmp_path: Path, numbers: list[str]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    with gzip.open(data / "da-laws.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in da_rows("2025:1135", numbers))
    return data


def test_the_warning_of_sections_without_a_heading_names_the_headings_file_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`extract --headings mine.tsv` warned of "§ without a heading in law_headings.tsv", the file it had not read."""
    script = lawpack_script()
    monkeypatch.setattr(script, "LAW_PACK", tmp_path / "pack")
    data = da_data(tmp_path, ["1", "2", "3"])
    script.extract(data, ["2025:1135"], {"lta-2025-1135/§1": "Valgret"}, "/tmp/mine.tsv")
    err = capsys.readouterr().err
    assert err == ("warning: 2025:1135: 2 §§ without a heading in /tmp/mine.tsv: lta-2025-1135/§2, "
                   "lta-2025-1135/§3\n"), err
    assert json.loads((tmp_path / "pack" / "lta-2025-1135.jsonl").read_text().splitlines()[0])["heading"] == "Valgret"


@pytest.mark.parametrize("key", ["lta-2025-1135/§9", "lta-2025-1135/§ 2", "2025:1135/§2"])
def test_a_heading_for_a_section_the_law_lacks_is_an_error_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    """A heading for a § the act does not have (a repealed §, "§ 2" written as the law prints it, the data's id
    for the pack's) was left unread, saying nothing, and the § meant was found by fewer words than its
    neighbours: `extract` names the line's key, shows how a § is written and writes nothing."""
    script = lawpack_script()
    pack = tmp_path / "pack"
    monkeypatch.setattr(script, "LAW_PACK", pack)
    data = da_data(tmp_path, ["1", "2"])
    with pytest.raises(SystemExit) as stop:
        script.extract(data, ["2025:1135"], {"lta-2025-1135/§1": "Valgret", key: "Valgbarhed"}, "mine.tsv")
    assert str(stop.value.code) == (f"error: mine.tsv: 1 heading(s) for no § of 2025:1135 without a heading of its "
                                    f"own: {key} (its §§ are written lta-2025-1135/§1); nothing was written")
    assert not pack.exists()


def test_the_shipped_headings_are_each_for_a_section_of_the_pack_s_acts() -> None:
    """Every line of scripts/law_headings.tsv heads a § of the shipped pack (a line no § takes is the error above)."""
    script = lawpack_script()
    headings = script.read_headings(script.HEADINGS)
    pack_ids = {json.loads(line)["id"].split("/")[0] + "/" + json.loads(line)["id"].split("/")[1]
                for path in script.LAW_PACK.glob("lta-*.jsonl") for line in path.read_text("utf-8").splitlines()}
    assert set(headings) <= pack_ids, sorted(set(headings) - pack_ids)[:5]


def test_a_law_none_of_whose_sections_has_a_heading_is_warned_of(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A Danish act added without headings, or `--headings` a file without the shipped acts' lines, wrote every §
    without one and said nothing (only a law some of whose §§ had one was warned of): one line a law says so."""
    script = lawpack_script()
    monkeypatch.setattr(script, "LAW_PACK", tmp_path / "pack")
    data = da_data(tmp_path, ["1", "2", "3"])
    script.extract(data, ["2025:1135"], {"lta-2026-13/§31": "Borgmesterens hastebeslutninger"}, "mine.tsv")
    captured = capsys.readouterr()
    assert captured.err == ("warning: 2025:1135: none of its 3 §§ has a heading (the law gives none, mine.tsv none): "
                            "they are found by their words alone (docs/law-pack.md, \"Headings written for the Danish "
                            "§§\")\n"), captured.err
    assert "Lov om kommunale og regionale valg" in captured.out
    script.extract(data, ["2025:1135"], {f"lta-2025-1135/§{n}": "Valg" for n in (1, 2, 3)}, "mine.tsv")
    assert capsys.readouterr().err == ""


def test_a_section_headed_twice_in_the_file_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    """Two lines for one § (a heading rewritten below the old one): the later silently replaced the earlier."""
    script = lawpack_script()
    path = tmp_path / "mine.tsv"
    path.write_text("lta-2025-1135/§1\tValgret\n# ny\nlta-2025-1135/§1\tValgret til kommunalbestyrelsen\n",
                    encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        script.read_headings(path)
    assert str(stop.value.code) == "error: mine.tsv: line 3 heads lta-2025-1135/§1 again (line 1): one a §"
