"""Character 4-grams: a word's spellings meet (nynorsk, Danish, inflections), and the confidence counts them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.analysis import default_analyzer
from bot.analysis.grams import char_grams
from bot.index.build import build_index
from bot.index.grams import GramIdf
from bot.index.store import IndexStore
from bot.semantic.fake import FakeEmbedder

STOP = default_analyzer().stopwords


def test_a_nynorsk_and_a_danish_spelling_share_grams_with_the_bokmal_word_the_word_analyzer_keeps_apart() -> None:
    analyzer = default_analyzer()
    assert set(analyzer.terms("velferd")).isdisjoint(analyzer.terms("velfærd"))  # why grams at all
    # (a nynorsk word carries its bokmål word's term since 0.4.23; its grams were shared before that)
    assert "søk" in set(analyzer.terms("søkerliste")) & set(analyzer.terms("søkjarlister"))
    bokmal = set(char_grams("søkerliste"))
    assert {"_søk", "list", "iste"} <= bokmal & set(char_grams("søkjarlister"))
    assert {"_vel", "elf"} <= {g[:3] for g in char_grams("velfærd")} | set(char_grams("velfærd"))
    assert "_ks_" in char_grams("KS") and char_grams("") == []


def test_stopwords_give_no_grams_so_a_question_s_hva_does_not_favour_passages_that_ask_questions() -> None:
    assert char_grams("Hva er KS?", STOP) == ["_ks_"]
    assert any(g.startswith("_hva") for g in char_grams("Hva er KS?"))


def _grams() -> GramIdf:
    return GramIdf.build(["Søkerlister til stillinger er offentlige.", "Ordføreren leder møtene.",
                               "Kommunestyret vedtar budsjettet."], STOP)


def test_a_sentence_holding_a_spelling_of_the_question_s_word_covers_more_of_it_than_one_holding_none() -> None:
    grams = _grams()
    right = grams.best_sentence("Er søkjarlista offentleg?", ["Søkerlister til stillinger er offentlige."], STOP)
    other = grams.best_sentence("Er søkjarlista offentleg?", ["Ordføreren leder møtene."], STOP)
    assert right > 0.2 and other == 0.0
    assert grams.best_sentence("xylofon zqwv", ["Søkerlister til stillinger er offentlige."], STOP) == 0.0


def test_postings_are_read_back_as_written_and_a_broken_set_of_rows_is_none() -> None:
    grams = _grams()
    rows = grams.to_arrays()
    back = GramIdf.from_arrays(rows, grams.n_docs)
    assert back is not None and back.terms == grams.terms and np.array_equal(back.df, grams.df)
    sentence = ["Søkerlister til stillinger er offentlige."]
    assert back.best_sentence("søkerliste", sentence, STOP) == grams.best_sentence("søkerliste", sentence, STOP)
    assert GramIdf.from_arrays({k: v for k, v in rows.items() if k != "grams.df"}, 3) is None
    assert GramIdf.from_arrays({**rows, "grams.df": (7).to_bytes(4, "little") + rows["grams.df"][4:]}, 3) is None
    assert GramIdf.from_arrays({**rows, "grams.df": rows["grams.df"][:-4]}, 3) is None


def test_the_best_sentence_holding_the_question_s_spellings_counts_not_a_passage_that_spreads_them_thin() -> None:
    grams = _grams()
    one = grams.best_sentence("Er søkjarlistene offentlege?", ["Søkerlister til stillinger er offentlige.",
                                                                   "Ordføreren leder møtene."], STOP)
    spread = grams.best_sentence("Er søkjarlistene offentlege?", ["Søkerlister finnes.", "Alt er offentlig."], STOP)
    assert one > spread > 0.0
    assert grams.best_sentence("Er søkjarlistene offentlege?", [], STOP) == 0.0
    assert grams.best_sentence("", ["Søkerlister."], STOP) == 0.0


def test_an_index_holds_its_chunks_grams_and_one_built_before_them_is_still_searched(tmp_path: Path) -> None:
    import shutil
    import sqlite3

    from bot.search.retriever import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "innsyn.txt").write_text("Søkerlister til stillinger i kommunen er offentlige.\n", encoding="utf-8")
    (corpus / "ordfører.txt").write_text("Ordføreren leder møtene i kommunestyret.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index.db", embedder=FakeEmbedder())
    store = IndexStore.open(tmp_path / "index.db")
    grams = store.grams()
    assert grams is not None and grams.n_docs == store.n_docs == 2
    searcher = Searcher(store, embedder=FakeEmbedder())
    assert searcher.search("Er søkjarlistene offentlege?", k=2).hits[0].chunk.text.startswith("Søkerlister")
    shutil.copy(tmp_path / "index.db", tmp_path / "old.db")  # as 0.3.0 built it: no gram rows
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute("DELETE FROM arrays WHERE name LIKE 'grams.%'")
    old = IndexStore.open(tmp_path / "old.db")
    assert old.grams() is None
    result = Searcher(old, embedder=FakeEmbedder()).search("Er søkjarlistene offentlege?", k=2)
    assert result.hits[0].chunk.text.startswith("Søkerlister") and result.confidence != "not_covered"
    build_index(corpus, tmp_path / "lexical.db")  # no vectors, no fusion: no grams to build at any size
    assert IndexStore.open(tmp_path / "lexical.db").grams() is None


def test_with_the_grams_a_first_passage_holding_the_question_s_spellings_is_answered_one_holding_none_hedged() -> None:
    from bot.search.confidence import Evidence, decide, evidence_score

    same = {"coverage": 0.3, "cosine": 0.86, "hits": 3, "whole": 0.85, "terms": 5, "sparse": 0.3}
    assert decide(Evidence(**same, grams=0.9)) == "answered"
    assert decide(Evidence(**same, grams=0.0)) == "uncertain"
    assert evidence_score(Evidence(**same, grams=0.9)) > evidence_score(Evidence(**same, grams=0.0))
    # an index without grams: the nine-input line, whatever a gram coverage would have said
    assert evidence_score(Evidence(**same)) == evidence_score(Evidence(**same, grams=float("nan")))


def test_index_check_names_damaged_grams_and_the_searcher_goes_on_without_them(tmp_path: Path) -> None:
    import sqlite3

    from bot.index.check import verify
    from bot.search.retriever import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "innsyn.txt").write_text("Søkerlister til stillinger i kommunen er offentlige.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index.db", embedder=FakeEmbedder())
    assert verify(IndexStore.open(tmp_path / "index.db")) == []
    with sqlite3.connect(tmp_path / "index.db") as conn:  # one count scribbled over, the length kept
        data = bytearray(conn.execute("SELECT data FROM arrays WHERE name = 'grams.df'").fetchone()[0])
        data[:4] = (7).to_bytes(4, "little")
        conn.execute("UPDATE arrays SET data = ? WHERE name = 'grams.df'", (bytes(data),))
    store = IndexStore.open(tmp_path / "index.db")
    assert any("4-grams" in problem for problem in verify(store))
    assert store.grams() is None  # a gram in more chunks than the index has: refused, not read
    assert Searcher(store, embedder=FakeEmbedder()).search("søkerlister", k=1).hits
