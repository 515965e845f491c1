"""Questions written for a passage (questions.tsv) find it in the asker's words, and are never shown."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.corpus.questions import (
    ENGLISH_NAME,
    QUESTIONS_NAME,
    EmbeddedOnly,
    questions_digest,
    read_questions,
    with_questions,
)
from bot.index.build import build_index
from bot.index.check import verify
from bot.index.store import IndexStore
from bot.search import confidence, retriever
from bot.search.confidence import COVERED_FLOOR, WRITTEN_FLOOR, Evidence, decide
from bot.search.fusion import ASKED_GAIN, Dense
from bot.search.retriever import Searcher
from bot.semantic.fake import FakeEmbedder

LAW_TEXT = ("# Ettergodtgjøring\n\nFolkevalgte som har vervet som sin hovedbeskjeftigelse, kan søke om "
            "ettergodtgjøring når de fratrer vervet.\n\n# Møteplikt\n\nMedlemmer av et folkevalgt organ plikter "
            "å delta i organets møter hvis de ikke har gyldig forfall.\n")
ASKED = "Får jeg lønn en stund etter at jeg går av som ordfører?"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "godtgjoring.md").write_text(LAW_TEXT, encoding="utf-8")
    return corpus


def _chunk_id(index: Path, word: str) -> str:
    store = IndexStore.open(index)
    return next(c.id for _, c in store.chunk_rows() if word in c.text)


def test_a_written_question_finds_its_passage_in_the_askers_words_and_is_never_shown(tmp_path: Path) -> None:
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index)
    before = Searcher(IndexStore.open(index)).search(ASKED, k=3)
    assert not before.hits or "ettergodtgjøring" not in before.hits[0].chunk.text  # no word of it in the text
    target = _chunk_id(index, "ettergodtgjøring")
    (corpus / QUESTIONS_NAME).write_text(f"# written for the passages\n{target}\tFår jeg lønn etter at jeg går av?\n",
                                         encoding="utf-8")
    report = build_index(corpus, index)  # the source is analysed again: its questions changed
    assert not report.warnings and not any(QUESTIONS_NAME in line for line in report.skipped)
    after = Searcher(IndexStore.open(index)).search(ASKED, k=3)
    assert after.hits[0].chunk.id == target
    assert "lønn" not in after.hits[0].chunk.text  # what is quoted is the passage's own text
    meta = IndexStore.open(index).meta  # what `index stats` shows a maintainer
    assert (meta.written_questions, meta.written_passages) == (1, 1)


def test_questions_for_a_passage_the_index_does_not_hold_are_left_out_with_a_warning(tmp_path: Path) -> None:
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    (corpus / QUESTIONS_NAME).write_text("godtgjoring:gone:0123456789\tFår jeg lønn?\n", encoding="utf-8")
    report = build_index(corpus, index)
    assert any(QUESTIONS_NAME in w and "1 passage" in w for w in report.warnings)
    assert len(list(IndexStore.open(index).chunk_rows())) == 2  # the build went on


def test_the_file_is_read_forgivingly_one_warning_for_its_bad_lines(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / QUESTIONS_NAME).write_text(
        "# comment\n\nid-1\tFår jeg  lønn?\nid-1\tFår jeg lønn?\nno tab here\nid-2\t\n\tno id\nid-2\tHva nå?\n",
        encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert read_questions(tmp_path) == {"id-1": ("Får jeg lønn?",), "id-2": ("Hva nå?",)}
    assert "line 5, 6, 7" in caplog.text
    (tmp_path / QUESTIONS_NAME).write_bytes("id-1\tF\xe5r jeg l\xf8nn?\n".encode("latin-1"))
    with caplog.at_level(logging.WARNING):
        assert read_questions(tmp_path) == {}
    assert "UTF-8" in caplog.text
    assert read_questions(tmp_path / "missing") == {}
    assert with_questions("tekst", ()) == "tekst" and with_questions("tekst", ("a?", "b?")) == "tekst\na?\nb?"


def test_a_questions_file_the_build_leaves_out_is_among_its_warnings(tmp_path: Path) -> None:
    """A questions.tsv in an older encoding, or with bad lines, had gone to the log alone: `index build` printed it
    without its "Warning:" and --json and /reindex never counted it, as they count the build's other warnings."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    (corpus / QUESTIONS_NAME).write_bytes("id-1\tF\xe5r jeg l\xf8nn?\n".encode("latin-1"))
    report = build_index(corpus, index)
    assert any(QUESTIONS_NAME in w and "not UTF-8" in w for w in report.warnings), report.warnings
    (corpus / QUESTIONS_NAME).write_text("no tab here\n", encoding="utf-8")
    report = build_index(corpus, index)
    assert any(QUESTIONS_NAME in w and "1 line(s) left out" in w for w in report.warnings), report.warnings


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_questions_file_saved_with_a_byte_order_mark_is_read_whole(tmp_path: Path, encoding: str) -> None:
    """Notepad writes a byte-order mark before UTF-8, and Excel's "Unicode text" is UTF-16 with one: the first line's
    id had carried the invisible mark, its questions left out as written for a passage the index does not hold, and a
    UTF-16 file was left out whole."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index)
    target = _chunk_id(index, "ettergodtgjøring")
    (corpus / QUESTIONS_NAME).write_bytes(f"{target}\tFår jeg lønn etter at jeg går av?\n{target}\tEtterlønn for "
                                          "ordfører?\n".encode(encoding))
    report = build_index(corpus, index)
    assert not report.warnings, report.warnings
    meta = IndexStore.open(index).meta  # what `index stats` shows a maintainer
    assert (meta.written_questions, meta.written_passages) == (2, 1)


def test_the_law_pack_s_questions_find_a_section_its_words_do_not(law_index: Path) -> None:
    """§ 8-6 says "ettergodtgjøring når de fratrer vervet"; the councillor asks for pay after leaving."""
    store = IndexStore.open(law_index)
    result = Searcher(store).search(
        "Jeg har vært ordfører på heltid og stiller ikke igjen. Får jeg noe lønn etter at jeg går av?", k=3)
    assert result.hits[0].chunk.id == "lov-2018-06-22-83/§8-6"
    # for every passage: three for each of the pack's, six for each seed document's (corpus/questions.tsv), and one
    # in English for each (questions-english.tsv)
    laws = sum(1 for _, c in store.chunk_rows() if c.id.startswith(("lov-", "lta-")))
    assert store.meta.written_passages == store.n_docs
    assert store.meta.written_questions == 3 * laws + 6 * (store.n_docs - laws) + store.n_docs


def test_written_questions_are_embedded_as_questions_and_raise_their_passage_by_half_their_lead(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A question written for a passage finds it by its cosine too; the confidence still reads the passage's own."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    target = _chunk_id(index, "ettergodtgjøring")
    (corpus / QUESTIONS_NAME).write_text(f"{target}\tFår jeg lønn etter at jeg går av?\n"
                                         f"{target}\tHva får en ordfører som slutter?\n", encoding="utf-8")
    embedder = FakeEmbedder()
    build_index(corpus, index, embedder=embedder)
    assert embedder.calls == 2  # the passages' own vectors reused: only the two questions embedded
    store = IndexStore.open(index)
    docno = next(d for d, c in store.chunk_rows() if c.id == target)
    assert store.vectors().asked_owners.tolist() == [docno, docno]
    assert verify(store) == []  # `index check` reads the question rows back against the build's digest
    searcher = Searcher(store, embedder=FakeEmbedder())
    dense = searcher.dense(ASKED)
    own, asked = float(dense.sentence[docno]), float(dense.asked[docno])  # type: ignore[index]
    assert asked > own + 0.2  # the asker's words are the written question's, not the law's
    assert dense.found()[docno] == pytest.approx(own + ASKED_GAIN * (asked - own))
    hit = searcher.search(ASKED, k=3).hits[0]
    assert hit.chunk.id == target and hit.similarity == pytest.approx(own)  # judged by its own text
    monkeypatch.setattr(retriever, "ASKED_COSINES", False)
    assert Searcher(store, embedder=FakeEmbedder()).dense(ASKED).asked is None  # the ablation's switch


def test_a_written_question_never_lowers_a_passage() -> None:
    sentence = np.array([0.8, 0.5, np.nan], dtype=np.float32)
    dense = Dense(sentence, sentence, asked=np.array([0.6, 0.9, np.nan], dtype=np.float32))
    found = dense.found()
    assert found[0] == pytest.approx(0.8) and found[1] == pytest.approx(0.5 + ASKED_GAIN * 0.4)
    assert np.isnan(found[2])  # a chunk without vectors stays without
    assert Dense(sentence, sentence).found() is sentence


ASKED_IN_ENGLISH = "Do I get paid for a while after I step down as mayor?"


def test_questions_written_in_english_are_embedded_and_never_read_by_bm25(tmp_path: Path) -> None:
    """questions-english.tsv: English words in BM25's text would change how an English question is read (its
    dictionary translates only words the index lacks) and put "is", "by", "to" into every passage."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    target = _chunk_id(index, "ettergodtgjøring")
    (corpus / ENGLISH_NAME).write_text(f"# written in English\n{target}\t{ASKED_IN_ENGLISH}\n", encoding="utf-8")
    report = build_index(corpus, index, embedder=FakeEmbedder())
    assert not report.warnings and not any(ENGLISH_NAME in line for line in report.skipped)  # not a source
    store = IndexStore.open(index)
    assert len(list(store.chunk_rows())) == 2
    docno = next(d for d, c in store.chunk_rows() if c.id == target)
    assert store.vectors().asked_owners.tolist() == [docno]  # embedded as a written question
    searcher = Searcher(store)
    assert not [w for w in ("mayor", "step", "paid") if w in searcher.vocabulary]  # and not a word of it indexed
    written = read_questions(corpus)[target]
    assert written == (ASKED_IN_ENGLISH,) and isinstance(written[0], EmbeddedOnly)
    assert with_questions("Teksten.", ("Får jeg lønn?", *written)) == "Teksten.\nFår jeg lønn?"
    # moved to questions.tsv, the same question is read by BM25: the source is analysed again
    assert questions_digest({target: (ASKED_IN_ENGLISH,)}) != questions_digest({target: written})


def test_an_english_question_is_raised_by_the_question_written_in_english_for_its_passage(tmp_path: Path) -> None:
    """The Norwegian passage shares few words with an English question; the question written in English for it
    shares most of them, as the model reads both (the asker's with the glossary's Norwegian terms put in)."""
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    target = _chunk_id(index, "ettergodtgjøring")
    assert Searcher(IndexStore.open(index), embedder=FakeEmbedder()).dense(ASKED_IN_ENGLISH).asked is None
    (corpus / ENGLISH_NAME).write_text(f"{target}\t{ASKED_IN_ENGLISH}\n", encoding="utf-8")
    build_index(corpus, index, embedder=FakeEmbedder())
    store = IndexStore.open(index)
    docno = next(d for d, c in store.chunk_rows() if c.id == target)
    dense = Searcher(store, embedder=FakeEmbedder()).dense(ASKED_IN_ENGLISH)
    own, asked = float(dense.sentence[docno]), float(dense.asked[docno])  # type: ignore[index]
    assert asked > own + 0.2 and dense.found()[docno] > own


def test_every_shipped_passage_has_a_question_written_in_english() -> None:
    from bot.paths import LAW_PACK
    from tests.helpers.paths import CORPUS

    for folder in (LAW_PACK, CORPUS):
        english = [[q for q in qs if isinstance(q, EmbeddedOnly)] for qs in read_questions(folder).values()]
        assert sum(map(len, english)) == sum(1 for qs in english if qs) > 70  # one a passage


def test_the_evidence_carries_the_closest_written_questions_cosine(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    target = _chunk_id(index, "ettergodtgjøring")
    (corpus / QUESTIONS_NAME).write_text(f"{target}\tFår jeg lønn etter at jeg går av?\n", encoding="utf-8")
    build_index(corpus, index, embedder=FakeEmbedder())
    searcher = Searcher(IndexStore.open(index), embedder=FakeEmbedder())
    result = searcher.search(ASKED, k=3)
    docno = result.hits[0].docno
    assert result.evidence is not None and result.evidence.written is not None
    assert result.evidence.written == pytest.approx(float(searcher.dense(ASKED).asked[docno]))  # type: ignore[index]
    other = searcher.search("Hvem plikter å delta i møtene?", k=3)  # a passage with no written question
    assert other.hits[0].chunk.id != target and other.evidence is not None and other.evidence.written is None
    monkeypatch.setattr(retriever, "ASKED_COSINES", False)
    assert Searcher(IndexStore.open(index), embedder=FakeEmbedder()).search(ASKED, k=3).evidence.written is None


def test_a_question_a_written_question_nearly_asks_is_hedged_where_the_line_would_refuse_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Kan jeg nekte å sitte i et utvalg?" had Kommuneloven § 7-2 first and was refused: its written question
    "Kan jeg si nei til å sitte i et utvalg?" is 0.90 from it, above every off-topic question the line refuses."""
    weak = Evidence(0.0, 0.79, 3, 0.78, margin=0.0, terms=3)
    assert decide(weak) == "not_covered"
    assert decide(replace(weak, written=WRITTEN_FLOOR + 0.02)) == "uncertain"  # shown, hedged: never plainly
    assert decide(replace(weak, written=WRITTEN_FLOOR - 0.02)) == "not_covered"
    # a figure asked and not stated and a name the index never mentions still refuse it
    assert decide(replace(weak, written=0.95, amount_missing=True, absent=("Bergen",))) == "not_covered"
    monkeypatch.setattr(confidence, "WRITTEN_FLOOR", 0.0)
    assert decide(replace(weak, written=0.95)) == "not_covered"  # the ablation's switch


def test_a_question_its_first_passage_mostly_holds_is_hedged_where_the_line_would_refuse_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Er jeg inhabil hvis saken gjelder svogern min?" was refused on the shipped index with forvaltningsloven § 8
    first, holding 0.88 of its information: the line read its low sparse cosine and 4-gram share as off-topic. Its
    evidence as measured, then the same with less of the question in the passage."""
    measured = Evidence(0.883, 0.818, 60, 0.794, margin=0.044, bm25_first=True, terms=4, sparse=0.19, grams=0.01)
    assert decide(measured) == "uncertain"  # shown, hedged: never plainly on the coverage alone
    assert decide(replace(measured, coverage=COVERED_FLOOR - 0.1)) == "not_covered"
    # the caps still refuse it: a figure asked and not stated, a name the index never mentions
    assert decide(replace(measured, amount_missing=True, absent=("Bergen",))) == "not_covered"
    monkeypatch.setattr(confidence, "COVERED_FLOOR", 0.0)
    assert decide(measured) == "not_covered"  # the ablation's switch


def _fused(scores: list[float]) -> list:
    from bot.search.fusion import Fused

    return [Fused(docno, score, score, 0.8, 0.8) for docno, score in enumerate(scores)]


@pytest.mark.parametrize("nearest, scores, first", [
    (1, [50.0, 49.8, 49.0], 1),   # the chunk a written question nearly asks for, close behind: first
    (2, [50.0, 49.8, 48.0], 0),   # too far behind: the ranking as it was
    (0, [50.0, 49.8, 49.0], 0),   # first already: not raised, so its lead is not widened
])
def test_the_passage_whose_written_question_is_nearest_the_asked_one_is_raised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nearest: int, scores: list[float], first: int) -> None:
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    searcher = Searcher(IndexStore.open(index), embedder=FakeEmbedder())
    monkeypatch.setattr(retriever, "ASKED_FIRST", 0.5)
    monkeypatch.setattr(Searcher, "written_cosine", lambda self, q, docno: 0.9 if docno == nearest else 0.8)
    ranked = _fused(scores)
    raised = searcher._nearest_asked_first(ASKED, ranked)
    assert raised[0].docno == first
    assert (raised is ranked) == (nearest == 0)  # the first is never raised: its lead over the next stays as it was
    monkeypatch.setattr(retriever, "ASKED_FIRST", 0.0)
    assert searcher._nearest_asked_first(ASKED, ranked) is ranked


def test_the_confidence_reads_the_lead_of_the_ranking_without_the_raise(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    build_index(corpus, index, embedder=FakeEmbedder())
    searcher = Searcher(IndexStore.open(index), embedder=FakeEmbedder())
    plain = searcher.search(ASKED, k=3)
    second = plain.hits[1].docno
    monkeypatch.setattr(Searcher, "written_cosine", lambda self, q, docno: 0.95 if docno == second else 0.5)
    monkeypatch.setattr(retriever, "ASKED_FIRST", 100.0)  # far enough to put the second first
    raised = searcher.search(ASKED, k=3)
    assert raised.hits[0].docno == second
    assert raised.evidence is not None and plain.evidence is not None
    assert raised.evidence.margin == pytest.approx(plain.evidence.margin)  # not the raise's 100
    # a raise is no evidence against the sources covering the question: never refused where the ranking was not
    assert raised.confidence != "not_covered" or plain.confidence == "not_covered"


def test_a_question_written_for_the_passage_id_ask_json_prints_is_indexed(tmp_path: Path) -> None:
    """docs/corpus.md: the id a questions.tsv line names is a passage's `passage_id` in `ask --json`. It had said
    `source.id`, the document's id, and the build left such a line out ("for 1 passage(s) the index does not hold")."""
    import json

    from click.testing import CliRunner

    import bot.cli.ask  # noqa: F401
    import bot.cli.index  # noqa: F401
    from bot.cli import cli

    def run(*args: str):
        result = CliRunner().invoke(cli, [*args, "--corpus", str(corpus), "--index", str(index)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    corpus, index = _corpus(tmp_path), tmp_path / "k.db"
    run("index", "build")
    shown = json.loads(run("ask", "Hvem kan søke om ettergodtgjøring?", "--json").stdout)["passages"][0]
    assert shown["source"]["id"] == "godtgjoring" and shown["passage_id"] != shown["source"]["id"]
    (corpus / QUESTIONS_NAME).write_text(f"{shown['passage_id']}\tFår jeg lønn etter at jeg går av?\n",
                                         encoding="utf-8")
    built = run("index", "build")
    assert "left out" not in built.output and "does not hold" not in built.output, built.output
    stats = CliRunner().invoke(cli, ["index", "stats", "--index", str(index)], catch_exceptions=False).stdout
    assert "1 written for 1 passage" in stats  # what a maintainer checks
    found = json.loads(run("ask", ASKED, "--json").stdout)["passages"][0]
    assert found["passage_id"] == shown["passage_id"]  # found by the written question's words


def test_questions_follow_their_slide_when_a_slide_put_in_before_renumbers_it(tmp_path: Path) -> None:
    """A slide put in before others renumbers them, and a passage's id names its slide: the questions written for
    slides 2 and 3 had been left out with a warning. Their text unchanged (its hash is in the id), they follow it to
    slides 3 and 4, the build says which ids it gave them to, and questions.tsv is left as the maintainer wrote it."""
    import json

    from click.testing import CliRunner

    import bot.cli.index  # noqa: F401
    from bot.cli import cli
    from tests.helpers.documents import SLIDES, make_pptx

    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    deck = make_pptx(corpus / "kurs.pptx")

    def build(*extra: str):  # noqa: ANN202 - click's Result
        result = CliRunner().invoke(cli, ["index", "build", "--corpus", str(corpus), "--index", str(index), *extra],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    build()
    before = {c.location: c.id for _, c in IndexStore.open(index).chunk_rows()}
    written = (f"{before['lysbilde 2']}\tHva gjør en representant for Testvik-velgerne?\n"
               f"{before['lysbilde 3']}\tHvem forbereder sakene i Solbakken-saken?\n"
               f"{before['lysbilde 3']}\tSaksbehandling i Solbakken\n")
    (corpus / QUESTIONS_NAME).write_text(written, encoding="utf-8")
    (corpus / ENGLISH_NAME).write_text(f"{before['lysbilde 3']}\tWho prepares the Solbakken case?\n", encoding="utf-8")
    assert "left out" not in build().output
    make_pptx(deck, [("Budsjettet for 2027", "Kommunestyret vedtar budsjettet i desember", ""), *SLIDES])
    built = build()
    after = {c.location: c.id for _, c in IndexStore.open(index).chunk_rows()}
    assert after["lysbilde 3"].endswith(before["lysbilde 2"][-10:]) and after["lysbilde 3"] != before["lysbilde 2"]
    assert "left out" not in built.output and "does not hold" not in built.output, built.output
    assert f"Notice: {QUESTIONS_NAME}: the questions written for 2 passage(s) whose text is now at another place of " \
           f"its source (a slide put in before it renumbers it) were given to it: {before['lysbilde 2']} → " \
           f"{after['lysbilde 3']}, {before['lysbilde 3']} → {after['lysbilde 4']}. The file is unchanged; write " \
           "them under the new ids to keep this notice away" in built.output
    assert (corpus / QUESTIONS_NAME).read_text(encoding="utf-8") == written  # the maintainer's file, untouched
    store = IndexStore.open(index)
    assert (store.meta.written_questions, store.meta.written_passages) == (4, 2)  # as before the slide was put in
    searcher = Searcher(store)
    assert searcher.search("Testvik-velgerne", k=1).hits[0].chunk.id == after["lysbilde 3"]
    assert searcher.search("Solbakken", k=1).hits[0].chunk.id == after["lysbilde 4"]
    moved = json.loads(build("--json").output)["questions_followed"]  # each build says it until the file is mended
    assert moved == [{"from": before["lysbilde 2"], "to": after["lysbilde 3"]},
                     {"from": before["lysbilde 3"], "to": after["lysbilde 4"]}]


def test_questions_follow_only_their_own_source_s_text_and_never_displace_a_passage_s_own() -> None:
    """`follow`: an old id of the same source ending in the passage's text hash gives it its questions; a passage with
    questions of its own keeps them alone (an id still held gives nothing), another source's old id gives nothing, and
    a text now twice takes them twice."""
    from bot.corpus.questions import by_text_hash, follow

    questions = {"kurs:lysbilde-2:aaaaaaaaaa": ("a?",), "kurs:lysbilde-5:bbbbbbbbbb": ("b?",),
                 "kurs:lysbilde-6:bbbbbbbbbb": ("b6?",), "annen:lysbilde-1:cccccccccc": ("c?",),
                 "kurs:lysbilde-9:dddddddddd": ("d?",), "lov/§7-9/2": ("e?",)}
    now = ["kurs:lysbilde-3:aaaaaaaaaa", "kurs:lysbilde-4:aaaaaaaaaa", "kurs:lysbilde-6:bbbbbbbbbb",
           "kurs:lysbilde-7:bbbbbbbbbb", "kurs:lysbilde-1:cccccccccc", "kurs:lysbilde-8:dddddddddd",
           "kurs:lysbilde-9:dddddddddd"]
    assert follow(questions, by_text_hash(questions), "kurs", now) == {
        "kurs:lysbilde-3:aaaaaaaaaa": ("kurs:lysbilde-2:aaaaaaaaaa",),
        "kurs:lysbilde-4:aaaaaaaaaa": ("kurs:lysbilde-2:aaaaaaaaaa",),
        "kurs:lysbilde-7:bbbbbbbbbb": ("kurs:lysbilde-5:bbbbbbbbbb",)}
