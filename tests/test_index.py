"""Index: build, stable ids, incremental rebuilds, atomic swaps, checks and errors."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.errors import IndexInvalid, IndexMissing, IndexStale, KommunebotError
from bot.index.build import build_index
from bot.index.check import check_index
from bot.index.store import IndexStore
from bot.search.holder import SearcherHolder


def chunk_ids(path: Path) -> dict[str, str]:
    store = IndexStore.open(path)
    try:
        return {chunk.id: chunk.location for _, chunk in store.chunk_rows()}
    finally:
        store.close()


def test_build_reports_sources_chunks_and_terms(corpus_copy: Path, tmp_path: Path) -> None:
    report = build_index(corpus_copy, tmp_path / "k.db")
    assert (report.sources, report.errors) == (5, [])
    assert 60 <= report.chunks <= 120 and report.terms > 500
    store = IndexStore.open(tmp_path / "k.db")
    meta = store.meta  # how it was built, recorded
    assert all((meta.schema_version, meta.analyzer_version, meta.bm25, meta.corpus_hash, meta.package_version,
                meta.built_at))
    assert check_index(tmp_path / "k.db", corpus_copy) == []


def test_slide_41_is_cited_as_slide_41(built_index: Path) -> None:
    store = IndexStore.open(built_index)
    rows = [c for _, c in store.chunk_rows() if c.location == "lysbilde 41"]
    assert len(rows) == 1 and "Plikter å sørge for at sakene er forsvarlig utredet" in rows[0].text
    assert rows[0].title == "KS Folkevalgtprogram – Kommunen i systemet"


def test_chunk_ids_are_stable_across_rebuilds(corpus_copy: Path, tmp_path: Path) -> None:
    build_index(corpus_copy, tmp_path / "a.db")
    build_index(corpus_copy, tmp_path / "b.db", incremental=False)
    assert chunk_ids(tmp_path / "a.db") == chunk_ids(tmp_path / "b.db")


def test_incremental_rebuild_reuses_unchanged_sources(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    first = build_index(corpus_copy, index)
    before = chunk_ids(index)
    article = corpus_copy / "004_a91838f4d89f0b51.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nNytt avsnitt om heltidskultur og "
                       "rekruttering av sykepleiere i distriktskommunene.\n", encoding="utf-8")
    second = build_index(corpus_copy, index)
    assert second.reused_sources == 4 and second.chunks == first.chunks + 1
    after = chunk_ids(index)
    unchanged = {cid for cid in before if not cid.startswith("ks-viken")}
    assert unchanged < set(after) and len(unchanged) > 50
    # Reused sources give the very same ranking as a full rebuild.
    build_index(corpus_copy, tmp_path / "full.db", incremental=False)
    from bot.search.retriever import Searcher

    q = "rådmannens ansvar for delegering"
    inc = Searcher(IndexStore.open(index)).search(q, k=5)
    full = Searcher(IndexStore.open(tmp_path / "full.db")).search(q, k=5)
    assert [(h.chunk_id, round(h.score, 9)) for h in inc.hits] == [(h.chunk_id, round(h.score, 9)) for h in full.hits]


def test_a_title_changed_in_the_manifest_reaches_the_passages_of_a_rebuild(corpus_copy: Path, tmp_path: Path) -> None:
    """A maintainer who retitles a source in sources.toml sees the new title cited after the next build: an unchanged
    file's passages had been reused with the title they were read with."""
    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    manifest = corpus_copy / "sources.toml"
    old = 'title = "KS Folkevalgtprogram – Kommunen i systemet"'
    assert old in manifest.read_text(encoding="utf-8")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, 'title = "Kommunen i systemet (KS)"'),
                        encoding="utf-8")
    report = build_index(corpus_copy, index)
    assert report.reused_sources == 4  # the other sources are still reused
    store = IndexStore.open(index)
    try:
        titles = {c.title for _, c in store.chunk_rows() if c.location == "lysbilde 41"}
    finally:
        store.close()
    assert titles == {"Kommunen i systemet (KS)"}


def test_broken_files_are_reported_and_the_rest_still_build(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "junk.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus_copy / "empty.md").write_text("", encoding="utf-8")
    report = build_index(corpus_copy, tmp_path / "k.db")
    assert report.sources == 5 and len(report.errors) == 2
    assert any("junk.txt" in e and "binary" in e for e in report.errors)
    assert any("empty.md" in e and "empty" in e for e in report.errors)


def test_a_failed_build_leaves_the_previous_index_in_service(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    before = index.read_bytes()
    for f in corpus_copy.iterdir():
        f.unlink()
    with pytest.raises(KommunebotError):
        build_index(corpus_copy, index)
    assert index.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_a_reader_keeps_answering_while_a_rebuild_swaps_the_file(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    holder = SearcherHolder(index)
    failures: list[BaseException] = []
    answered = 0
    stop = threading.Event()

    def ask() -> None:
        nonlocal answered
        while not stop.is_set():
            try:
                result = holder.get().search("Hva er rådmannens ansvar?", k=3)
                assert result.hits
                answered += 1
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                failures.append(exc)

    reader = threading.Thread(target=ask)
    reader.start()
    try:
        extra = corpus_copy / "ny.md"
        for i in range(4):
            extra.write_text(f"# Nytt dokument {i}\n\nKontrollutvalget møtes {i + 2} ganger i året.\n",
                             encoding="utf-8")
            build_index(corpus_copy, index)
    finally:
        stop.set()
        reader.join()
    assert failures == [] and answered > 0
    assert holder.get().store.counts().sources == 6


def test_missing_corrupt_and_foreign_indexes_name_the_fix(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing) as missing:
        IndexStore.open(tmp_path / "none.db")
    assert "kommunebot index build" in missing.value.hint
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexInvalid) as bad:
        IndexStore.open(corrupt)
    assert "kommunebot index build" in bad.value.hint
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(IndexInvalid, match="not a kommunebot index"):
        IndexStore.open(foreign)


def test_an_index_from_another_analyzer_is_stale(built_index: Path) -> None:
    with pytest.raises(IndexStale) as err:
        IndexStore.open(built_index, analyzer_version="some-other-analyzer")
    assert "kommunebot index build" in err.value.hint


def test_check_finds_a_changed_corpus_and_damage(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "k.db"
    build_index(corpus_copy, index)
    (corpus_copy / "ny.txt").write_text("Et nytt dokument om kommunestyret.", encoding="utf-8")
    assert any("changed" in p for p in check_index(index, corpus_copy))
    build_index(corpus_copy, index)
    assert check_index(index, corpus_copy) == []
    conn = sqlite3.connect(index)
    conn.execute("DELETE FROM sources WHERE id = (SELECT min(id) FROM sources)")
    conn.commit()
    conn.close()
    assert any("source" in p for p in check_index(index, corpus_copy))
    data = bytearray(index.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    index.write_bytes(bytes(data))
    assert check_index(index, corpus_copy) != []


def test_two_builds_at_once_do_not_both_run(corpus_copy: Path, tmp_path: Path) -> None:
    import fcntl

    index = tmp_path / "k.db"
    index.parent.mkdir(exist_ok=True)
    with open(index.with_name(index.name + ".lock"), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(KommunebotError, match="another build"):
            build_index(corpus_copy, index)


def test_duplicate_ids_across_jsonl_files_fail_the_second_file(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        (corpus / name).write_text('{"id": "same", "title": "T", "text": "Kommunestyret vedtar budsjettet."}\n',
                                   encoding="utf-8")
    report = build_index(corpus, tmp_path / "k.db")
    assert report.sources == 1 and len(report.errors) == 1 and "'same'" in report.errors[0]
    shutil.rmtree(corpus)


def test_chunks_read_again_or_past_the_memory_bound_are_the_files(built_index: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.index.store as store_module

    fresh = IndexStore.open(built_index)
    every = dict(fresh.chunk_rows())
    monkeypatch.setattr(store_module, "CHUNK_CACHE", 5)  # forces the cache to empty itself as questions go on
    store = IndexStore.open(built_index)
    docnos = sorted(every)
    for start in range(0, len(docnos), 3):
        wanted = docnos[start:start + 4] + docnos[:2]  # some kept from before, some new
        assert store.chunks(wanted) == {d: every[d] for d in wanted}
    with pytest.raises(IndexInvalid, match="damaged"):
        store.chunks([docnos[0], max(docnos) + 1])  # one kept in memory, one the file does not have


def test_index_build_and_reindex_run_the_one_build_from_settings(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """`kommunebot index build` and the bot's /reindex turn Settings into a build in one place."""
    import types

    import bot.index.build
    import bot.semantic.embedder
    from bot.cli.building import run_build
    from bot.config import Settings
    from bot.index.build import BuildReport
    from bot.tg.admin import rebuild

    calls: list[tuple[tuple, dict]] = []

    def recorded(*args: object, **kwargs: object) -> BuildReport:
        calls.append((args, kwargs))
        return BuildReport(tmp_path / "k.db")

    monkeypatch.setattr(bot.index.build, "build_index", recorded)
    monkeypatch.setattr(bot.semantic.embedder, "load_embedder", lambda *_a, **_k: None)  # the model is missing
    s = Settings.from_env({"KOMMUNEBOT_INDEX": str(tmp_path / "k.db"), "KOMMUNEBOT_CORPUS": str(tmp_path),
                           "KOMMUNEBOT_SEMANTIC_MAX_CHUNKS": "7", "KOMMUNEBOT_READ_SECONDS": "9",
                           "KOMMUNEBOT_LAW_PACK": "off"})
    run_build(s, quiet=True)
    rebuild(types.SimpleNamespace(settings=s, holder=types.SimpleNamespace(embedder=None, reload=lambda: None)))
    (cli_args, cli_kw), (bot_args, bot_kw) = calls
    assert cli_args == bot_args == (s.corpus_dir, s.index_path)
    for kw in (cli_kw, bot_kw):
        assert kw["semantic_max_chunks"] == 7 and kw["limits"].seconds == 9 and kw["packs"] == ()
        assert kw["model_missing"] is True and kw["embedder"] is None and kw["incremental"] is True
