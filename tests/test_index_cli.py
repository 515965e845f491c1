"""The index from the command line: a stale index still answers, humane stats, JSON for build and check, progress."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.cli.progress import TEXT_BYTES_PER_CHUNK
from tests.helpers.paths import REPO

STALE = "Warning: the corpus changed since the index was built: run kommunebot index build"


@pytest.fixture(autouse=True)
def _registered() -> None:
    from bot.cli import ask, evaluate, index  # noqa: F401  (registers the commands)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def stale(corpus_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """An index built from a corpus that then gained a document."""
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus_copy), "--index", str(index)).exit_code == 0
    (corpus_copy / "ny.md").write_text("# Nytt\n\nKontrollutvalget har fått nye oppgaver.\n", encoding="utf-8")
    return corpus_copy, index


def test_a_stale_index_still_answers_with_one_warning(stale: tuple[Path, Path]) -> None:
    corpus, index = stale
    where = ("--corpus", str(corpus), "--index", str(index))
    asked = run("ask", "Hva er rådmannens ansvar?", "--json", *where)
    # the fix names the index the command was given (0.4.42: a plain build rebuilt the default one)
    assert asked.exit_code == 0 and asked.stderr.strip() == f"{STALE} --index {index}"
    assert json.loads(asked.stdout)["passages"][0]["source"]["location"] == "lysbilde 41"
    chat = run("chat", *where, input="Hva er rådmannens ansvar?\n:quit\n")
    assert chat.exit_code == 0 and chat.stderr.count(STALE) == 1 and "lysbilde 41" in chat.stdout
    check = run("index", "check", *where)
    assert check.exit_code == 1 and "kommunebot index build" in check.stderr


def test_eval_on_a_stale_index_answers_with_the_warning(stale: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index = stale
    questions = tmp_path / "q.txt"
    questions.write_text("Hva er rådmannens ansvar?\n", encoding="utf-8")
    result = run("eval", str(questions), "--corpus", str(corpus), "--index", str(index), "--out", str(tmp_path))
    assert result.exit_code == 0 and STALE in result.stderr and (tmp_path / "kommunebot-review.md").exists()


def test_index_stats_says_what_is_where_in_words_and_in_json(built_index: Path) -> None:
    text = run("index", "stats", "--index", str(built_index)).stdout
    for label in ("Index", "Corpus", "Feedback", "Pins", "Holds", "Left out", "Semantic", "Built"):
        assert any(line.startswith(label) for line in text.splitlines()), label
    assert str(built_index) in text and "5 sources" in text and "Semantic  off" in text
    assert "mean_idf" not in text and "frequent_terms" not in text  # no internals in the humane view
    # the slide deck's sharing-site teasers are left out, and stats says so
    assert "KS Folkevalgtprogram – Kommunen i systemet:" in text and "teasers" in text
    data = json.loads(run("index", "stats", "--index", str(built_index), "--json").stdout)
    assert data["index"] == str(built_index) and data["sources"] == 5 and data["semantic"] == "off"
    assert data["left_out"] and all(x["chars"] > 0 and x["why"] for x in data["left_out"])
    assert {"corpus", "feedback", "pins", "built_at", "chunks", "terms"} <= set(data)
    # the counts (IndexCounts) in their place and order, as when they were a dict
    keys = list(data)
    assert keys[keys.index("defaults") + 1:keys.index("left_out")] == ["sources", "chunks", "terms"]
    assert data["pins"] == str(built_index.parent / "pins.db")  # beside the index, as `kommunebot --help` says


def test_index_stats_says_what_chose_the_index_not_default_paths_when_one_was_named(
        built_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`index stats --index X` still ended "(default paths: installed; …)", as if the default index were shown."""
    import bot.config
    import bot.paths
    from bot.paths import DefaultPaths

    named = run("index", "stats", "--index", str(built_index)).stdout.splitlines()[-1]
    assert named.startswith("(index named by --index, not the default one of ") and "default paths" not in named
    data = json.loads(run("index", "stats", "--index", str(built_index), "--json").stdout)
    assert data["index_named_by"] == "--index"
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(built_index))
    assert run("index", "stats").stdout.splitlines()[-1].startswith("(index named by KOMMUNEBOT_INDEX, not the default")
    monkeypatch.delenv("KOMMUNEBOT_INDEX")
    home = DefaultPaths(REPO / "corpus", built_index, "installed")  # the index in use is the default one
    monkeypatch.setattr(bot.paths, "default_paths", lambda: home)
    monkeypatch.setattr(bot.config, "default_paths", lambda: home)
    assert run("index", "stats").stdout.splitlines()[-1] == (
        "(default paths: installed; KOMMUNEBOT_INDEX or --index choose another index)")


def test_index_stats_lists_the_files_the_build_could_not_read_or_skipped(corpus_copy: Path, tmp_path: Path) -> None:
    """The build and `index check` named a broken .docx, an empty .txt and a .doc; stats said nothing of them."""
    (corpus_copy / "odelagt.docx").write_bytes(b"not a zip")
    (corpus_copy / "tom.txt").write_bytes(b"")
    (corpus_copy / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus_copy), "--index", str(index)).exit_code == 1
    text = run("index", "stats", "--index", str(index)).stdout
    left_out = text[text.index("Left out"):text.index("Questions")]
    assert "teasers" in left_out  # what was there before stays
    for name in ("odelagt.docx", "tom.txt", "gammel.doc"):
        assert name in left_out, name
    data = json.loads(run("index", "stats", "--index", str(index), "--json").stdout)
    assert sorted(line.split(":")[0] for line in data["unread"]) == ["odelagt.docx", "tom.txt"]
    assert any("gammel.doc" in line for line in data["skipped"])
    checked = json.loads(run("index", "check", "--corpus", str(corpus_copy), "--index", str(index), "--json").stdout)
    assert any("gammel.doc" in line for line in checked["skipped"])  # the same files check names


def test_index_stats_lists_a_bad_manifest_date_as_the_manifest_s_not_as_a_file_unread(tmp_path: Path) -> None:
    """A bad date in sources.toml was listed "unread: sources.toml [[source]] #1 …; plan.txt was indexed without this
    date (mend or remove it …)", a file indexed said to be unread. It is the manifest's, with its fix; a file the
    build could not read is still listed as unread."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text("Kommunestyret vedtar planstrategien.\n", encoding="utf-8")
    (corpus / "tom.txt").write_bytes(b"")
    (corpus / "sources.toml").write_text('[[source]]\nfile = "plan.txt"\ndate = "2015-11-31"\n', encoding="utf-8")
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus), "--index", str(index)).exit_code == 1
    text = run("index", "stats", "--index", str(index)).stdout
    left_out = text[text.index("Left out"):text.index("Questions")]
    assert "manifest: sources.toml [[source]] #1 (file = \"plan.txt\"): date must be an ISO date like 2024-05-31, " \
           "2024-05 or 2024, not '2015-11-31'; plan.txt was indexed without this date (mend sources.toml, then build " \
           "again)" in left_out, left_out
    assert "unread: sources.toml" not in left_out and "unread: tom.txt: " in left_out, left_out
    data = json.loads(run("index", "stats", "--index", str(index), "--json").stdout)
    assert [line.split(":")[0] for line in data["unread"]] == ["tom.txt"], data["unread"]
    assert len(data["manifest"]) == 1 and "plan.txt was indexed without this date" in data["manifest"][0]


def test_index_build_and_check_speak_json(tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    built = run("index", "build", "--index", str(index), "--json")
    assert built.exit_code == 0
    summary = json.loads(built.stdout)
    assert summary["sources"] == 5 and summary["chunks"] > 50 and summary["errors"] == []
    checked = run("index", "check", "--index", str(index), "--json")
    data = json.loads(checked.stdout)
    assert checked.exit_code == 0 and data["ok"] and all(c["ok"] for c in data["checks"])
    index.write_bytes(index.read_bytes()[:4096])  # cut short: the check fails, and says which
    broken = run("index", "check", "--index", str(index), "--json")
    assert broken.exit_code == 1 and not json.loads(broken.stdout)["ok"]


def test_index_build_json_that_cannot_start_prints_a_json_error(tmp_path: Path) -> None:
    """`index build --json --corpus corpsu` printed a plain-text error and nothing on stdout, so a script reading the
    JSON failed on an empty document: it prints {"error", "fix"} on stdout, the short message on stderr, exit 1."""
    missing = tmp_path / "corpsu"
    result = CliRunner().invoke(cli, ["index", "build", "--json", "--corpus", str(missing), "--index",
                                      str(tmp_path / "k.db")])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"error": f"no corpus folder at {missing}",
                                         "fix": "check the path (--corpus or KOMMUNEBOT_CORPUS names the folder of "
                                                "documents)"}
    assert f"Error: no corpus folder at {missing}" in result.stderr and "{" not in result.stderr
    refused = tmp_path / "notes.txt"  # a file that is not an index: the build refuses it, in JSON too
    refused.write_text("kept", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "build", "--json", "--index", str(refused)])
    assert result.exit_code == 1 and "refusing to replace it" in json.loads(result.stdout)["error"]
    assert refused.read_text(encoding="utf-8") == "kept" and not (tmp_path / "k.db").exists()


def test_progress_lines_show_count_share_and_time_left() -> None:
    from bot.cli.progress import LogLines

    now = [0.0]
    out = io.StringIO()
    log = LogLines(347_031, out=out, clock=lambda: now[0])
    log.set_file(1, 2, "no-laws.jsonl.gz")
    for done, at in ((2_000, 1.0), (12_000, 6.0), (14_000, 7.0), (30_000, 8.0), (80_000, 12.0)):
        now[0] = at
        log.update(done)
    lines = out.getvalue().splitlines()
    # a line after 5 s (12,000) and at 5 % (30,000 > 17,351 + 5 %), none in between; the time left only once a fifth
    # is done and 10 s have passed
    assert lines[0] == "12,000 / 347,031 chunks, 3 % (file 1/2 no-laws.jsonl.gz)"
    assert len(lines) == 3 and lines[1].startswith("30,000 / 347,031 chunks, 9 % (")
    assert lines[2].startswith("80,000 / 347,031 chunks, 23 %, ")
    assert lines[2].endswith(" left (file 1/2 no-laws.jsonl.gz)")


def test_progress_says_no_time_left_from_the_first_few_chunks() -> None:
    """Item 14 of the 0.4.35 test report: "5 / about 973 chunks, 1 %, 17 min left" for a build that took 19 s."""
    from bot.cli.progress import LogLines

    now = [0.0]
    out = io.StringIO()
    log = LogLines(973, out=out, clock=lambda: now[0], estimate=True)
    for done, at in ((5, 5.0), (65, 7.0), (400, 11.0)):
        now[0] = at
        log.update(done, force=True)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["5 / about 973 chunks, 1 %", "65 / about 973 chunks, 7 %"]  # no time from 5 chunks
    assert lines[2].startswith("400 / about 973 chunks, 41 %, ") and lines[2].endswith(" s left")


def big_jsonl(corpus: Path, n: int = 3000) -> None:
    corpus.mkdir()
    with open(corpus / "lover.jsonl", "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"lov-{i}", "title": f"Lov om kommuner § {i}", "lang": "nb",
                                     "text": f"Kommunestyret vedtar økonomiplan og årsbudsjett for år {i}, "
                                             "og formannskapet innstiller."}) + "\n")


def test_build_progress_says_its_total_is_an_estimate_when_documents_add_chunks(tmp_path: Path) -> None:
    """The total counts the .jsonl lines up front; documents add their chunks as they are read, so the denominator
    jumped mid-run ("65 / 973 chunks, 7 %" … "1,063 / 1,063 chunks, 100 %") as if it had been known."""
    corpus = tmp_path / "corpus"
    big_jsonl(corpus, n=200)
    (corpus / "reglement.md").write_text("# Reglement\n\n" + "\n\n".join(
        f"## Del {i}\n\nKontrollutvalget fører tilsyn med forvaltningen, punkt {i}." for i in range(40)),
        encoding="utf-8")
    built = run("index", "build", "--corpus", str(corpus), "--index", str(tmp_path / "k.db"))
    assert built.exit_code == 0, built.output
    lines = [line for line in built.stderr.splitlines() if " chunks" in line and "," in line and "Indexed" not in line]
    assert lines, built.stderr
    totals = {line.split(" / ")[1].split(" chunks")[0] for line in lines if " / " in line}
    # one denominator, said to be an estimate: the .jsonl's 200 lines and the document's guess from its size (its 40
    # short sections make more chunks than its 3 KB suggest)
    guess = 200 + round((corpus / "reglement.md").stat().st_size / TEXT_BYTES_PER_CHUNK)
    assert totals == {f"about {guess}"}, lines
    assert lines[-1].startswith("240 chunks") and f"more than the {guess} estimated" in lines[-1]
    # a corpus of .jsonl files alone has its total known up front: no "about"
    jsonl_only = tmp_path / "jsonl"
    big_jsonl(jsonl_only, n=200)
    exact = run("index", "build", "--corpus", str(jsonl_only), "--index", str(tmp_path / "j.db")).stderr
    assert "/ 200 chunks" in exact and "about" not in exact



def test_build_progress_estimates_every_source_not_the_records_alone(tmp_path: Path) -> None:
    """Item 14 of the 0.4.35 test report: the estimate counted the law pack's records alone, and the bundled build
    ended "1,059 chunks (more than the 973 estimated)"; a corpus of documents alone had no total at all."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"reglement-{n}.md").write_text("\n\n".join(
            f"Kontrollutvalget fører tilsyn med forvaltningen etter punkt {i} i reglement {n}, og rapporterer til "
            "kommunestyret om det den finner, med forslag til hva som bør gjøres videre. " * 4 for i in range(20)),
            encoding="utf-8")
    built = run("index", "build", "--corpus", str(corpus), "--index", str(tmp_path / "k.db"))
    assert built.exit_code == 0, built.output
    chunks = json.loads(run("index", "stats", "--index", str(tmp_path / "k.db"), "--json").stdout)["chunks"]
    lines = [line for line in built.stderr.splitlines() if " chunks" in line and "Indexed" not in line]
    totals = {int(line.split("/ about ")[1].split(" chunks")[0].replace(",", ""))
              for line in lines if "/ about" in line}
    # a guess from the files' sizes (prose of about a chunk a paragraph), near what the build made
    assert len(totals) == 1 and abs(totals.pop() - chunks) <= chunks // 3, (lines, chunks)


# Runs the real CLI; the only change is that each worker process the build forks leaves a file
# named for its pid, and the parallel threshold is lowered so a small file takes that path.
WATCH = """
import os, sys
import bot.index.build as build, bot.index.postings as postings
marks = sys.argv.pop(1)
build.PARALLEL_MIN_BYTES, build.WORKERS = 1024, 2
start = postings._init_worker
def _init_worker(*args):
    open(os.path.join(marks, str(os.getpid())), "w").close()
    start(*args)
postings._init_worker = _init_worker
from bot.cli import main
main()
"""


def workers_used(marks: Path) -> set[int]:
    return {int(p.name) for p in marks.iterdir()}


def test_the_cli_build_uses_its_worker_processes_in_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    big_jsonl(tmp_path / "corpus")
    marks = tmp_path / "marks"
    marks.mkdir()
    child = pexpect.spawn(sys.executable, ["-c", WATCH, str(marks), "index", "build", "--corpus",
                                           str(tmp_path / "corpus"), "--index", str(tmp_path / "k.db")],
                          env=dict(os.environ, TERM="xterm"), cwd=str(REPO), encoding="utf-8", timeout=120)
    try:
        child.expect(r"Indexed 1 sources .* 3000 chunks")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert len(workers_used(marks) - {child.pid}) == 2  # both workers forked and started


def test_the_cli_build_piped_uses_its_workers_and_logs_progress_lines(tmp_path: Path) -> None:
    big_jsonl(tmp_path / "corpus")
    marks = tmp_path / "marks"
    marks.mkdir()
    done = subprocess.run([sys.executable, "-c", WATCH, str(marks), "index", "build", "--corpus",
                           str(tmp_path / "corpus"), "--index", str(tmp_path / "k.db")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(workers_used(marks)) == 2
    assert "\r" not in done.stderr and "chunks/s" not in done.stderr  # lines, not a bar
    assert "/ 3,000 chunks" in done.stderr and "Indexed 1 sources" in done.stdout


def test_index_check_of_a_mistyped_path_says_to_check_it_before_building_there(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 15 of the 0.4.35 test report: `index check --index index/kommunebto.db` said "Fix: run: kommunebot index
    build … --index index/kommunebto.db", which makes an index at the typo; `ask` says "check the path, or build it"."""
    monkeypatch.delenv("KOMMUNEBOT_INDEX", raising=False)
    typo = tmp_path / "kommunebto.db"
    result = CliRunner().invoke(cli, ["index", "check", "--index", str(typo)])
    assert result.exit_code == 1 and f"FAIL no index at {typo}" in result.output
    assert "Fix: check the path, or build it: kommunebot index build " in result.output, result.output
    assert f"--index {typo}" in result.output and "Fix: run:" not in result.output
    asked = CliRunner().invoke(cli, ["ask", "Hva gjør kontrollutvalget?", "--index", str(typo)])
    assert asked.exit_code == 1 and "Fix: check the path, or build it" in asked.output  # the same fix
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(typo))  # named by the variable: as likely a typo, the same fix
    named = CliRunner().invoke(cli, ["index", "check"])
    assert named.exit_code == 1 and "Fix: check the path, or build it: kommunebot index build " in named.output
    assert f"--index {typo}" in named.output, named.output


def test_a_missing_index_named_by_path_is_fixed_by_building_that_path(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`index stats --index X` and the bot's start said "run: kommunebot index build", which builds another index; a
    missing path named is more likely mistyped, so the fix says to check it first, as `ask` does."""
    from bot.answer.engine import open_engine
    from bot.config import Settings
    from bot.errors import IndexMissing

    missing = tmp_path / "ny mappe" / "none.db"
    missing.parent.mkdir()  # a named index's folder must exist; the index need not
    for command in (("index", "stats"), ("sources",)):
        result = CliRunner().invoke(cli, [*command, "--index", str(missing)])
        assert result.exit_code == 1
        assert f"Fix: check the path, or build it: kommunebot index build --index '{missing}'" in result.output, \
            result.output
    monkeypatch.delenv("KOMMUNEBOT_INDEX", raising=False)
    named = open_engine(Settings.from_env(index_path=missing))  # `telegram --index X`, `serve --index X`
    with pytest.raises(IndexMissing) as err:
        named.searcher()
    assert err.value.hint == f"check the path, or build it: kommunebot index build --index '{missing}'"
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(missing))  # named by the variable: the same fix as the option's
    with pytest.raises(IndexMissing) as err:
        open_engine(Settings.from_env()).answer("Hva gjør kontrollutvalget?", top=3)
    assert err.value.hint == f"check the path, or build it: kommunebot index build --index '{missing}'"


@pytest.mark.parametrize("named_by", ["KOMMUNEBOT_INDEX", "--index"])
def test_a_missing_index_named_either_way_is_an_error_with_the_build_as_fix(tmp_path: Path, named_by: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`KOMMUNEBOT_INDEX=…/k.dbb kommunebot ask` (the folder there, the file not) had built a whole new index at the
    typo, where the same path as --index stops; now both stop, nothing is made, and the fix given works."""
    from bot.cli import serve  # noqa: F401  (registers the command)

    typo = tmp_path / "k.dbb"
    option = ["--index", str(typo)] if named_by == "--index" else []
    if named_by == "KOMMUNEBOT_INDEX":
        monkeypatch.setenv("KOMMUNEBOT_INDEX", str(typo))
    else:
        monkeypatch.delenv("KOMMUNEBOT_INDEX")
    for args in (["ask", "klagefrist"], ["chat"], ["serve", "--port", "0"]):
        result = run(*args, *option)
        assert result.exit_code == 1, result.output
        assert result.output == f"Error: no index at {typo} (named by {named_by})\n" \
                                f"Fix: check the path, or build it: kommunebot index build --index {typo}\n"
    assert list(tmp_path.iterdir()) == []  # no index, no lock file
    assert run("index", "build", "--index", str(typo)).exit_code == 0  # the fix, followed
    asked = run("ask", "Hva er rådmannens ansvar?", "--json", *option)
    assert asked.exit_code == 0 and json.loads(asked.stdout)["answered"] is True, asked.output


def test_the_default_index_alone_is_built_on_first_use_and_named_as_the_default_is_too(
        default_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first command builds the default index, its folder made; KOMMUNEBOT_INDEX naming that same path
    (the Dockerfile's) is no typo, so it is built as well."""
    asked = run("ask", "Hva er rådmannens ansvar?", "--json")
    assert asked.exit_code == 0 and json.loads(asked.stdout)["answered"] is True, asked.output
    assert "Notice: no index at" in asked.stderr and default_index.is_file()
    default_index.unlink()
    monkeypatch.setenv("KOMMUNEBOT_INDEX", str(default_index))
    asked = run("ask", "Hva er rådmannens ansvar?", "--json")
    assert asked.exit_code == 0 and default_index.is_file(), asked.output


def test_index_build_refuses_a_named_index_in_a_missing_folder(tmp_path: Path, default_index: Path) -> None:
    """`index build --index /tmp/x/tyop/sub/k.db` had made the folders; the README says the folder must exist, as it
    does for KOMMUNEBOT_INDEX. The default index's folder is still made."""
    typo = tmp_path / "tyop" / "sub" / "k.db"
    for args in (["index", "build", "--index", str(typo)], ["index", "build", "--json", "--index", str(typo)]):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert result.stderr == f"Error: --index names {typo}, whose folder {typo.parent} does not exist\n" \
                                "Fix: check the path, or make that folder first (left out, the default index's " \
                                "folder is made)\n"
        # with --json the same error as an object on stdout too (0.4.42), nothing on stdout without it
        assert (json.loads(result.stdout)["error"].startswith("--index names") if "--json" in args
                else result.stdout == "")
    assert not (tmp_path / "tyop").exists()
    (tmp_path / "afile").write_text("x")
    result = run("index", "build", "--index", str(tmp_path / "afile" / "k.db"))
    assert result.exit_code == 1 and f"whose folder {tmp_path / 'afile'} is a file, not a folder" in result.output
    assert run("index", "build").exit_code == 0 and default_index.is_file()  # its folder made


def test_a_jsonl_file_is_listed_by_its_records_title_and_language(tmp_path: Path) -> None:
    """A .jsonl of one document's passages is listed as its records cite it ("Spørsmål og svar om partistøtte i
    Bergvik", nn), in `sources` and in a refusal's list of what the sources are about; it had been listed by its file
    name ("partistøtte bergvik"), with no language. Records of several titles still give the file name."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    title = "Spørsmål og svar om partistøtte i Bergvik"
    records = [{"id": f"bergvik-{n}", "title": title, "lang": "nn", "location": f"Spørsmål {n}",
                "text": text} for n, text in enumerate([
                    "Partistøtta i Bergvik kommune blir utbetalt i februar kvart år til alle parti i kommunestyret.",
                    "Søknad om ekstra partistøtte må sendast til politisk sekretariat innan 1. mars."], 1)]
    (corpus / "partistøtte bergvik.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    mixed = [{"id": "faq-1", "title": "Kva er partistøtte?", "text": "Partistøtte er pengar til partia."},
             {"id": "faq-2", "title": "Kven får partistøtte?", "text": "Alle parti i kommunestyret får partistøtte."}]
    (corpus / "faq_mixed.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in mixed),
                                            encoding="utf-8")
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus), "--index", str(index)).exit_code == 0
    listed = json.loads(run("sources", "--json", "--index", str(index)).output)
    by_file = {s["file"]: s for s in (listed["sources"] if isinstance(listed, dict) else listed)}
    assert by_file["partistøtte bergvik.jsonl"]["title"] == title
    assert by_file["partistøtte bergvik.jsonl"]["lang"] == "nn"
    assert by_file["faq_mixed.jsonl"]["title"] == "faq mixed"  # no one title: named by the file, as before
    assert f"{title}\n" in run("sources", "--index", str(index)).output
    refusal = run("ask", "Hvem vant fotball-VM i 2018?", "--index", str(index)).output
    assert f"  - {title}\n" in refusal and "partistøtte bergvik\n" not in refusal


def test_index_check_checks_the_corpus_folder_it_is_given(corpus_copy: Path, tmp_path: Path) -> None:
    """`index check --corpus DIR`, a CI gate, had said OK of a mistyped DIR and of a folder holding other files than
    the index was built from: the corpus check was left out without a word."""
    index = tmp_path / "k.db"
    assert run("index", "build", "--corpus", str(corpus_copy), "--index", str(index)).exit_code == 0
    typo = run("index", "check", "--corpus", str(tmp_path / "corpsu"), "--index", str(index))
    assert typo.exit_code == 1, typo.output
    assert f"FAIL no corpus folder at {tmp_path / 'corpsu'}\n" in typo.output
    assert "Fix: check the path (--corpus or KOMMUNEBOT_CORPUS names the folder of documents)" in typo.output
    other = tmp_path / "andre"
    shutil.copytree(corpus_copy, other)
    (other / "ny.md").write_text("# Ny\n\nKontrollutvalget møtes seks ganger i året.\n", encoding="utf-8")
    differs = run("index", "check", "--corpus", str(other), "--index", str(index))
    assert differs.exit_code == 1, differs.output
    assert f"FAIL the index was built from {corpus_copy.resolve()}, whose files differ from those in {other} " \
           "(added: ny.md)" in differs.output
    (other / "ny.md").unlink()  # a copy of the very files the index holds checks out, corpus check included
    same = run("index", "check", "--corpus", str(other), "--index", str(index))
    assert same.exit_code == 0 and "corpus" in same.output.split(":", 1)[1], same.output
