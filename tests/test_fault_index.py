"""Faults at the index file: someone else's file at its path, page damage, odd paths, killed builds."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.errors import IndexInvalid, KommunebotError
from bot.index.build import build_index
from bot.index.check import check_index
from bot.index.store import IndexStore
from bot.search.retriever import Searcher

PAGE = 8192
QUESTIONS = ["Hva er rådmannens ansvar?", "Hva gjør kontrollutvalget?", "ledelse og tillid"]


def _cli(*args: str):
    from bot.cli import cli
    from bot.cli import index as _commands  # noqa: F401  (registers `index`)

    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("kind", ["feedback-db", "manifest", "document"])
def test_fault_build_never_replaces_a_file_that_is_not_an_index(corpus_copy: Path, tmp_path: Path,
                                                                kind: str) -> None:
    if kind == "feedback-db":
        target = tmp_path / "feedback.db"
        with sqlite3.connect(target) as conn:
            conn.execute("CREATE TABLE shown (question TEXT)")
            conn.execute("INSERT INTO shown VALUES ('kept')")
    elif kind == "manifest":
        target = corpus_copy / "sources.toml"
    else:
        target = next(p for p in corpus_copy.glob("*.txt"))
    before = target.read_bytes()
    result = _cli("index", "build", "--corpus", str(corpus_copy), "--index", str(target))
    assert result.exit_code == 1
    assert "is not a kommunebot index: refusing to replace it" in result.output
    assert target.read_bytes() == before


def test_fault_an_index_that_cannot_be_replaced_is_named_not_the_build_s_temporary_file(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index file the system will not let the build replace (made immutable, a read-only mount) had ended the build
    with "Operation not permitted: …/.k.db.tmp-29271", a file the maintainer never made and that is gone by then."""
    import bot.index.build
    from bot.errors import BuildError

    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    before = index.read_bytes()

    def refused(src: str | Path, dst: str | Path) -> None:
        raise PermissionError(1, "Operation not permitted", str(src), None, str(dst))

    monkeypatch.setattr(bot.index.build.os, "replace", refused)
    with pytest.raises(BuildError) as caught:
        build_index(corpus_copy, index, incremental=False)
    assert str(index) in str(caught.value) and ".tmp" not in str(caught.value) and caught.value.key == "unwritable"
    assert index.read_bytes() == before and not list(tmp_path.glob(".k.db.tmp*"))


def test_fault_build_refuses_a_folder_and_a_path_under_a_file(corpus_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    for path in (tmp_path, tmp_path / "afile" / "k.db"):
        result = _cli("index", "build", "--corpus", str(corpus_copy), "--index", str(path))
        assert result.exit_code in (1, 2) and "Error: " in result.output, result.output  # 2: click's usage error
        assert result.exception is None or isinstance(result.exception, SystemExit)


def _answers_or_says_unavailable(path: Path) -> None:
    """Reading a damaged index gives answers or IndexInvalid (the 'not available' reply), nothing else."""
    try:
        searcher = Searcher(IndexStore.open(path))
    except KommunebotError:
        return
    for question in QUESTIONS:
        try:
            searcher.search(question)
        except IndexInvalid:
            pass


def test_fault_every_damaged_page_is_caught_never_reused_and_rebuilt(corpus_copy: Path, tmp_path: Path) -> None:
    path, good = tmp_path / "index.db", tmp_path / "good.db"
    build_index(corpus_copy, path)
    shutil.copy(path, good)
    pages = good.stat().st_size // PAGE
    assert pages > 10
    missed = []
    for page in range(pages):
        shutil.copy(good, path)
        with open(path, "r+b") as f:  # one 8 KiB page scribbled over in place
            f.seek(page * PAGE)
            f.write(bytes((page * 31 + i * 7) % 251 for i in range(PAGE)))
        if not check_index(path):
            missed.append(page)
        _answers_or_says_unavailable(path)
        report = build_index(corpus_copy, path)  # the incremental build `index check` recommends
        assert report.reused_sources == 0 and any("rebuilding in full" in n for n in report.notes), page
        assert check_index(path) == [], page
    assert missed == []


def test_fault_index_path_with_uri_characters_reads_that_file(corpus_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "idx.db"
    build_index(corpus_copy, other)
    for name in ("idx.db#b", "idx.db?mode=rw", "100%.db"):
        path = tmp_path / name
        small = tmp_path / f"corpus-{len(name)}"
        small.mkdir()
        (small / "one.txt").write_text("Kontrollutvalget fører tilsyn med forvaltningen på vegne av kommunestyret.\n"
                                       * 3, encoding="utf-8")
        build_index(small, path)
        before = sorted(p.name for p in tmp_path.iterdir())
        store = IndexStore.open(path)
        assert store.n_docs == 1 and store.path == path
        store.close()
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no stray file created


def test_fault_temp_files_of_killed_builds_are_removed(corpus_copy: Path, tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    path = tmp_path / "kommunebot.db"
    orphan = tmp_path / f".kommunebot.db.tmp-{dead}"
    orphan.write_bytes(b"x" * 98_000)
    alive = tmp_path / ".kommunebot.db.tmp-1"  # pid 1 is alive: another build may be writing it
    alive.write_bytes(b"x")
    build_index(corpus_copy, path)
    assert not orphan.exists() and alive.exists()


def test_fault_meta_schema_version_must_match(corpus_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "kommunebot.db"
    build_index(corpus_copy, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(IndexInvalid, match="schema"):
        IndexStore.open(path)
    result = _cli("index", "check", "--index", str(path), "--corpus", str(corpus_copy))
    assert result.exit_code == 1 and "schema" in result.output


def test_fault_an_index_damaged_at_rest_is_called_damaged_not_damaged_while_in_use(built_index: Path,
                                                                                  tmp_path: Path) -> None:
    """A file overwritten while nothing ran was reported as "was damaged while in use (database disk image is
    malformed)": when it was damaged is not known, only that it is; the fix line stays."""
    from bot.cli import ask as _ask  # noqa: F401  (registers `ask`)

    path = tmp_path / "index.db"
    shutil.copy(built_index, path)
    size = path.stat().st_size
    with open(path, "r+b") as f:  # a quarter of the file overwritten at rest, its first pages (the schema) intact
        f.seek(int(size * 0.4))
        f.write(b"\xff" * (size // 4))
    result = _cli("ask", "--index", str(path), "Hva er rådmannens ansvar?")
    assert result.exit_code == 1
    assert f"Error: {path} is damaged: not a readable index (database disk image is malformed)" in result.output
    assert "while in use" not in result.output
    assert "Fix: run: kommunebot index build" in result.output


def test_fault_a_file_whose_header_is_damaged_gets_a_fix_that_does_not_go_round_in_a_circle(built_index: Path,
                                                                                          tmp_path: Path) -> None:
    """A copy whose first bytes were overwritten: `ask` said "run: kommunebot index build", and the build refused the
    file as not kommunebot's (no lock file of its own beside it), which it must (it never overwrites a file it did not
    make). The fix names both steps."""
    from bot.cli import ask as _ask  # noqa: F401  (registers `ask`)
    from bot.cli import index as _index  # noqa: F401  (registers `index`)

    path = tmp_path / "copy.db"
    shutil.copy(built_index, path)
    with open(path, "r+b") as f:
        f.write(b"\0" * 48)
    asked = _cli("ask", "--index", str(path), "Hva er rådmannens ansvar?")
    assert asked.exit_code == 1 and "is not a readable index" in asked.output
    assert "move the file away or choose another --index" in asked.output
    built = _cli("index", "build", "--index", str(path))
    assert built.exit_code != 0 and "refusing to replace it" in built.output  # the file is left as it was
    assert "move that file away" in built.output


@pytest.mark.parametrize("kind", ["random bytes", "another program's database"])
def test_fault_index_check_of_a_file_that_is_not_an_index_names_a_fix_the_build_takes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """`KOMMUNEBOT_INDEX=junk.db kommunebot index check` said "run: kommunebot index build … --index junk.db", which
    refuses the file (rightly: it never replaces a file it did not make). The fix says to move the file away first."""
    path = tmp_path / "junk.db"
    if kind == "random bytes":
        path.write_bytes(os.urandom(4096))
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE saker (tittel TEXT)")
        conn.close()
    before = path.read_bytes()
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(path))
    checked = _cli("index", "check")
    assert checked.exit_code == 1 and "Fix: run:" not in checked.output, checked.output
    assert f"Fix: a build will not replace a file that is not a kommunebot index: move {path} away (or delete it), " \
           "then run: kommunebot index build" in checked.output, checked.output
    refused = _cli("index", "build")  # the build the old fix named
    assert refused.exit_code == 1 and "refusing to replace it" in refused.output and path.read_bytes() == before
    path.rename(tmp_path / "moved.db")  # the fix, followed
    assert _cli("index", "build").exit_code == 0 and _cli("index", "check").exit_code == 0


def test_fault_index_check_of_a_damaged_index_of_its_own_still_says_to_build(tmp_path: Path) -> None:
    """A build replaces a damaged index beside its own lock file: for that one the fix stays the build."""
    path = tmp_path / "k.db"
    assert _cli("index", "build", "--index", str(path)).exit_code == 0
    with open(path, "r+b") as f:
        f.write(b"\0" * 48)
    checked = _cli("index", "check", "--index", str(path))
    assert checked.exit_code == 1 and "Fix: run: kommunebot index build" in checked.output, checked.output
    assert _cli("index", "build", "--index", str(path)).exit_code == 0


def test_fault_index_check_on_many_broken_pages_names_a_few_not_every_one() -> None:
    """SQLite lists every broken page: `index check` printed about a hundred "Page N: btreeInitPage()" lines."""
    from types import SimpleNamespace

    from bot.index.check import SQLITE_LINES, verify

    report = "*** in database main ***\n" + "\n".join(f"Page {n}: btreeInitPage() returns error code 11"
                                                      for n in range(200, 100, -1))
    rows = SimpleNamespace(fetchall=lambda: [(report,)])
    store = SimpleNamespace(conn=SimpleNamespace(execute=lambda sql: rows))
    [problem] = verify(store)  # type: ignore[arg-type]
    assert problem.startswith("SQLite integrity check failed: the file is damaged (*** in database main ***; Page 200")
    assert problem.count("Page ") == SQLITE_LINES - 1 and problem.endswith("… 98 more)")


def _scribbled(built_index: Path, path: Path) -> Path:
    """A copy of the index with a quarter of it overwritten at rest, its first pages (schema, metadata) intact: it
    opens, and a question meets the damage."""
    shutil.copy(built_index, path)
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(int(size * 0.4))
        f.write(b"\xff" * (size // 4))
    return path


def test_fault_index_stats_of_a_damaged_index_says_it_is_damaged_as_ask_does(built_index: Path,
                                                                              tmp_path: Path) -> None:
    """`index stats` on a damaged copy (200 random blocks overwritten, or a quarter) printed its figures and exited
    0, while `ask` said "is damaged" and `index check` failed; it says what ask says, with the fix, and exits 1
    (0.4.42)."""
    from bot.cli import ask as _ask  # noqa: F401  (registers `ask`)

    path = _scribbled(built_index, tmp_path / "copy.db")
    error = f"Error: {path} is damaged: not a readable index (database disk image is malformed)"
    asked = _cli("ask", "--index", str(path), "Hva er rådmannens ansvar?")
    assert asked.exit_code == 1 and error in asked.output, asked.output
    for args in ([], ["--json"]):
        stats = _cli("index", "stats", "--index", str(path), *args)
        assert stats.exit_code == 1 and error in stats.output, stats.output
        assert "Holds" not in stats.output and '"chunks"' not in stats.output
        assert f"Fix: run: kommunebot index build --index {path}" in stats.output
    assert _cli("index", "check", "--index", str(path)).exit_code == 1
    assert _cli("index", "stats", "--index", str(built_index)).exit_code == 0  # a sound index is shown as before


def test_fault_the_fix_for_a_damaged_index_named_by_a_path_names_that_path(built_index: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`ask --index /tmp/x.db` on a damaged file said "Fix: run: kommunebot index build", which rebuilt the default
    index and left /tmp/x.db damaged. Every command's fix names the index it read, as the fix for a missing one
    does; followed, it mends that file (0.4.42)."""
    from bot.cli import ask as _ask  # noqa: F401  (registers `ask`)

    path = _scribbled(built_index, tmp_path / "x.db")
    fix = f"Fix: run: kommunebot index build --index {path}"
    for args in (["ask", "--index", str(path), "Hva er rådmannens ansvar?"], ["index", "stats", "--index", str(path)],
                 ["sources", "--index", str(path)]):
        result = _cli(*args)
        assert result.exit_code == 1 and fix in result.output, (args, result.output)
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(path))  # named by the variable: the same
    result = _cli("ask", "Hva er rådmannens ansvar?")
    assert result.exit_code == 1 and fix in result.output, result.output
    monkeypatch.delenv("KOMMUNEBOT_INDEX")
    assert _cli("index", "build", "--index", str(path)).exit_code == 0  # the fix, followed
    assert _cli("ask", "--index", str(path), "Hva er rådmannens ansvar?").exit_code == 0


def test_fault_the_page_over_a_damaged_index_named_by_a_path_names_it_in_its_fix(built_index: Path,
                                                                                tmp_path: Path) -> None:
    """The facilitator's page said "kommunebot index build --full" of an index `serve --index` named."""
    from bot.answer.engine import Engine
    from bot.answer.pins import PinStore
    from bot.search.holder import SearcherHolder
    from bot.web.app import create_app
    from bot.web.pages import WebConfig

    path = _scribbled(built_index, tmp_path / "x.db")
    engine = Engine(SearcherHolder(path), PinStore(tmp_path / "pins.db"), named=path)
    client = create_app(WebConfig(feedback_path=tmp_path / "feedback.db"), engine).test_client()
    response = client.get("/", query_string={"q": "Hva er rådmannens ansvar?"})
    assert response.status_code == 503
    assert f"kommunebot index build --full --index {path}" in response.get_data(as_text=True)
