"""Bad corpus files: empty, binary, wrongly encoded, huge, duplicate ids.

Each gets a clear per-file error and nothing else is lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BROKEN = {
    "tom.txt": (b"", "empty"),
    "blanks.md": (b"  \n\n ", "empty"),
    "bilde.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a PNG image, named .txt"),
    "støy.txt": (bytes(range(128, 256)) * 8, "not text"),  # no NUL, but no encoding reads it as text
    "ødelagt.pdf": (b"%PDF-1.4 this is not really a pdf", "PDF"),
    "dupes.jsonl": (b'{"id":"a","title":"T","text":"Kommunestyret"}\n{"id":"a","title":"T","text":"y"}\n',
                    "repeats the id"),
    "bad.jsonl": (b'{"id":"b","title":"T","text":"x"}\nnot json\n', "not valid JSON"),
}


def _huge(path: Path) -> None:
    """A text file over the 50 MiB limit, sparse so the test writes nothing."""
    from bot.corpus.readers import MAX_TEXT_BYTES

    with path.open("wb") as f:
        f.truncate(MAX_TEXT_BYTES + 1)


def test_fuzz_corpus_huge_file_is_a_clear_per_file_error(tmp_path: Path) -> None:
    from bot.corpus.readers import read_sections
    from bot.errors import CorpusError

    _huge(tmp_path / "enorm.txt")
    with pytest.raises(CorpusError) as err:
        read_sections(tmp_path / "enorm.txt")
    assert "enorm.txt" in str(err.value) and "too large" in str(err.value)


def test_fuzz_corpus_large_but_legal_file_is_indexed(tmp_path: Path) -> None:
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    corpus = tmp_path / "c"
    corpus.mkdir()
    paragraph = "Kommunestyret er kommunens øverste organ og treffer vedtak på vegne av kommunen. "
    (corpus / "stor.txt").write_text("\n\n".join(f"{paragraph * 5} Avsnitt {i}." for i in range(4000)),
                                     encoding="utf-8")  # about 1.7 MB
    report = build_index(corpus, tmp_path / "k.db")
    assert report.errors == [] and report.sources == 1 and report.chunks > 100
    assert Searcher(IndexStore.open(tmp_path / "k.db")).search("kommunestyret vedtak", k=3).hits


def test_fuzz_corpus_every_kind_of_broken_file_beside_good_ones(corpus_copy: Path, tmp_path: Path) -> None:
    from bot.index.build import build_index
    from bot.index.check import check_index
    from bot.index.store import IndexStore

    good = len([p for p in corpus_copy.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf", ".jsonl")])
    for name, (content, _) in BROKEN.items():
        (corpus_copy / name).write_bytes(content)
    _huge(corpus_copy / "enorm.txt")
    report = build_index(corpus_copy, tmp_path / "k.db")
    assert report.sources == good, report.errors
    broken = [*BROKEN, "enorm.txt"]
    assert len(report.errors) == len(broken), report.errors
    for name in broken:
        [error] = [e for e in report.errors if name in e]
        reason = BROKEN.get(name, (b"", "too large"))[1]
        assert reason in error, error
    store = IndexStore.open(tmp_path / "k.db")
    assert store.counts().sources == good
    assert isinstance(check_index(tmp_path / "k.db", corpus_copy), list)
