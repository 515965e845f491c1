"""A benchmark whose shared data is absent says what it looked for and where, and never measures other data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.shared import absent, seed_corpus
from tests.helpers.paths import CORPUS, REPO


def _bench(args: list[str], shared: Path) -> subprocess.CompletedProcess:
    """A benchmark run from the repository with KOMMUNEBOT_SHARED pointed at `shared`."""
    env = {**os.environ, "KOMMUNEBOT_SHARED": str(shared), "KOMMUNEBOT_BENCH_CACHE": str(shared.parent / "cache")}
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env=env)


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A shared data folder with nothing in it, as a clone without ../shared has."""
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


def test_the_answers_benchmark_stops_naming_the_set_file_it_did_not_find(empty: Path, tmp_path: Path) -> None:
    # It printed an empty table and exited 0, the set's absence one line among the log's.
    run = _bench(["benchmarks.answers", "--sets", "dev3", "--out", str(tmp_path / "out")], empty)
    assert run.returncode != 0
    assert f"dev3: skipped, {empty / 'eval' / 'dev3.jsonl'} is absent (KOMMUNEBOT_SHARED names {empty})" \
        in run.stderr
    assert not (tmp_path / "out" / "answers.json").exists()  # no table of nothing to be taken for a run


def test_the_answers_benchmark_refuses_a_set_name_it_does_not_know(tmp_path: Path) -> None:
    # "dev-law" is "dev-law (shipped)": the misspelt name had been left out and the other set measured alone.
    run = _bench(["benchmarks.answers", "--sets", "dev3,dev-law", "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode != 0
    assert "no set named 'dev-law'" in run.stderr and "dev-law (shipped)" in run.stderr


def test_the_ablation_stops_naming_the_bench_file_it_did_not_find(empty: Path) -> None:
    run = _bench(["benchmarks.ablation", "--sets", "norquad"], empty)
    assert run.returncode != 0
    assert f"norquad: skipped, {empty / 'bench' / 'norquad' / 'val.jsonl'} is absent" in run.stderr
    assert "| analyzer |" not in run.stdout


def test_the_models_benchmark_stops_before_measuring_a_set_it_lacks(empty: Path, tmp_path: Path) -> None:
    run = _bench(["benchmarks.models", "--models", "e5-small", "--out", str(tmp_path / "out")], empty)
    assert run.returncode != 0
    assert f"dev3: {empty / 'eval' / 'dev3.jsonl'} is absent" in run.stderr
    assert not (tmp_path / "out" / "models.json").exists()


def test_the_seed_documents_are_the_bundled_corpus_s_where_corpus_seed_is_absent_and_said_so(empty: Path) -> None:
    # benchmarks/models.py had taken the manifest alone (no document) and measured every seed set on no passage.
    seeds = seed_corpus(empty / "corpus-seed", CORPUS, env={"KOMMUNEBOT_SHARED": str(empty)})
    assert seeds.stand_in
    assert [p.name for p in seeds.files if p.suffix == ".txt"] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert f"{empty / 'corpus-seed'} is absent (KOMMUNEBOT_SHARED names {empty})" in seeds.note
    assert "the bundled corpus's" in seeds.note
    listed = subprocess.run([sys.executable, "-c", "from benchmarks.models import seed_files; "
                             "print(sorted(p.name for p in seed_files()))"], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "KOMMUNEBOT_SHARED": str(empty)}, timeout=120)
    assert all(p.name in listed.stdout for p in CORPUS.glob("*.txt")), listed.stdout
    assert seeds.note in listed.stderr


def test_the_seed_documents_are_those_corpus_seed_names_where_it_is_there(tmp_path: Path) -> None:
    seed = tmp_path / "corpus-seed"
    seed.mkdir()
    first = sorted(CORPUS.glob("*.txt"))[0]
    (seed / first.name).write_text("x", encoding="utf-8")
    seeds = seed_corpus(seed, CORPUS)
    assert not seeds.stand_in and [p for p in seeds.files if p.suffix == ".txt"] == [first]
    assert CORPUS / "sources.toml" in seeds.files


def test_a_missing_file_names_the_folder_looked_in_and_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "eval" / "dev.jsonl"
    beside = absent(path, shared=tmp_path / "shared", env={})
    assert beside == (f"{path} is absent (looked for in ../shared beside the repository ({tmp_path / 'shared'}); "
                      "KOMMUNEBOT_SHARED=DIR points elsewhere)")
    named = absent(path, shared=tmp_path / "shared", env={"KOMMUNEBOT_SHARED": str(tmp_path / "shared")})
    assert named == f"{path} is absent (KOMMUNEBOT_SHARED names {tmp_path / 'shared'})"
    assert absent(tmp_path) is None


def _no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-2000:]


def test_the_corpora_stop_naming_the_law_files_they_did_not_find(empty: Path, tmp_path: Path) -> None:
    # It had been a FileNotFoundError traceback from gzip, the 10k folder already made and empty.
    run = _bench(["benchmarks.corpora", "10k", "--out", str(tmp_path / "out")], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert f"{empty / 'bench' / 'laws' / 'no-laws.jsonl.gz'} is absent (KOMMUNEBOT_SHARED names {empty})" in run.stderr
    assert "nothing made" in run.stderr
    assert not (tmp_path / "out" / "corpora").exists()


@pytest.mark.parametrize("lever", ["law-chapter", "chapter-unnamed"])
def test_the_law_chapter_levers_stop_naming_the_law_file_before_an_index_is_built(empty: Path, tmp_path: Path,
                                                                                   lever: str) -> None:
    # The set is the repository's own, so the law data is all that lacks: it had been a traceback from gzip.
    run = _bench(["benchmarks.answers", "--sets", "blind law (shipped)", "--lever", lever, "--out",
                  str(tmp_path / "out")], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert f"{empty / 'bench' / 'laws' / 'no-laws.jsonl.gz'} is absent" in run.stderr
    assert "embedding" not in run.stderr  # stopped before the index and its vectors
    assert not (tmp_path / "out" / "answers.json").exists()


def test_the_law_associations_stop_naming_the_law_files(empty: Path) -> None:
    run = _bench(["benchmarks.associations"], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert f"{empty / 'bench' / 'laws' / 'da-laws.jsonl.gz'} is absent" in run.stderr


def test_a_timing_benchmark_without_any_dev_set_stops_instead_of_timing_three_standing_questions(empty: Path) -> None:
    # benchmarks.attention (and benchmarks.runtime, by the same questions) timed three fixed questions and headed the
    # table "3 questions (dev, dev2, dev3, dev-law)", exit 0.
    run = _bench(["benchmarks.attention", "--rounds", "1"], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert "nothing measured" in run.stderr and f"{empty / 'eval' / 'dev-law.jsonl'} is absent" in run.stderr
    assert "| graph |" not in run.stdout


def _one_dev_set(shared: Path) -> Path:
    """`shared` holding dev.jsonl alone, of two questions."""
    (shared / "eval").mkdir(parents=True)
    dev = shared / "eval" / "dev.jsonl"
    dev.write_text('{"id": "d1", "question": "Hva gjør kontrollutvalget?", "lang": "nb", "expect": "answer"}\n'
                   '{"id": "d2", "question": "Hvem leder kommunestyret?", "lang": "nb", "expect": "answer"}\n',
                   encoding="utf-8")
    return dev


def test_a_timing_table_of_fewer_sets_names_those_it_timed_and_says_beneath_what_it_left_out(empty: Path) -> None:
    # The row had been headed "dev, dev2, dev3, dev-law (2)", the sets left out said in the log alone.
    _one_dev_set(empty)
    run = _bench(["benchmarks.tokenizer_speed"], empty)
    assert run.returncode == 0, run.stderr
    assert "| dev (2) |" in run.stdout
    assert f"left out: {empty / 'eval' / 'dev3.jsonl'} is absent (KOMMUNEBOT_SHARED names {empty})" in run.stdout
    assert f"left out: {empty / 'bench' / 'xquad' / 'nb.jsonl'} is absent" in run.stdout


def test_the_language_table_says_beneath_which_sets_it_left_out(empty: Path) -> None:
    # Its column "dev sets and benchmarks/data" had been measured on benchmarks/data alone, unsaid in the table.
    _one_dev_set(empty)
    run = _bench(["benchmarks.language"], empty)
    assert run.returncode == 0, run.stderr
    assert "| this checkout |" in run.stdout
    assert f"left out: {empty / 'eval' / 'dev2.jsonl'} is absent" in run.stdout
    assert f"left out: {empty / 'bench' / 'norquad' / 'val.jsonl'} is absent" in run.stdout


@pytest.mark.parametrize("module", ["benchmarks.card_length", "benchmarks.asker_country", "benchmarks.country_words",
                                    "benchmarks.quote_cuts", "benchmarks.nearest_written", "benchmarks.shown_gold",
                                    "benchmarks.model_levers"])
def test_a_benchmark_of_every_set_stops_naming_the_set_files_it_did_not_find(empty: Path, module: str) -> None:
    # Each had read its sets while it measured: a KommunebotError or FileNotFoundError traceback, or (shown_gold)
    # the set left out of the table unsaid.
    _one_dev_set(empty)
    run = _bench([module], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert "nothing measured, the data is absent" in run.stderr
    assert f"{empty / 'eval' / 'dev3.jsonl'} is absent (KOMMUNEBOT_SHARED names {empty})" in run.stderr
    assert f"{empty / 'eval' / 'dev.jsonl'} is absent" not in run.stderr  # what is there is not said to lack


def test_a_set_name_no_set_has_is_an_error_naming_the_sets(tmp_path: Path) -> None:
    # benchmarks.reply_length had measured the sets it knew and left the misspelt one out of its table.
    run = _bench(["benchmarks.reply_length", "--sets", "dev3 (shipped),dev-law"], tmp_path)
    assert run.returncode == 1
    _no_traceback(run)
    assert "no set named 'dev-law'" in run.stderr and "dev-law (shipped)" in run.stderr


def test_the_semantic_benchmark_stops_before_the_model_loads_without_the_sets_its_fusions_are_fitted_on(
        empty: Path) -> None:
    # It had asked every set at hand and then failed in the fit: "ValueError: need at least one array to concatenate".
    run = _bench(["benchmarks.semantic", "--small", "--out", str(empty / "out")], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert f"the sets fitted on: {empty / 'eval' / 'dev.jsonl'} is absent" in run.stderr
    assert "asking" not in run.stderr


def test_the_cli_build_benchmark_of_a_corpus_that_is_not_there_writes_no_result(empty: Path, tmp_path: Path) -> None:
    # It had timed the command's refusal, written it as a build (exit 1, index 0 MiB) and exited 0.
    run = _bench(["benchmarks.cli_build", str(empty / "bench" / "laws"), "--out", str(tmp_path / "out")], empty)
    assert run.returncode == 1
    _no_traceback(run)
    assert f"no corpus folder at {empty / 'bench' / 'laws'}" in run.stderr
    assert not list((tmp_path / "out").glob("cli-build-*.json"))


def test_a_quote_benchmark_s_table_says_when_the_seed_documents_were_the_bundled_corpus_s(
        empty: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # figure_quotes, list_leads, list_items and ledd_rules had said it in their log alone, not beside the table.
    from benchmarks import ledd_rules, semantic

    seeds = seed_corpus(empty / "corpus-seed", CORPUS, env={"KOMMUNEBOT_SHARED": str(empty)})
    monkeypatch.setattr(semantic, "SEEDS", seeds)
    monkeypatch.setattr(sys, "argv", ["figure_quotes"])
    ledd_rules.quote_main("figure_quotes", "x", lambda: {}, lambda _: "| quotes |")
    shown = capsys.readouterr().out
    assert shown.startswith("| quotes |")
    assert f"seed documents and law pack: {empty / 'corpus-seed'} is absent (KOMMUNEBOT_SHARED names {empty})" in shown
