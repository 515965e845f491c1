"""A broken pin's passage re-found: what an edited passage became is offered, a removed one's neighbour is not."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bot.answer.pins import PinStore
from bot.answer.successor import nearest, offers, successor
from bot.cli import cli
from bot.corpus.records import ChunkRecord
from bot.index.build import build_index
from bot.index.store import IndexStore
from bot.search.retriever import Searcher

NOTE = """# Arbeidsgiver

Rådmannen er øverste arbeidsgiver for de ansatte i kommunen og ansetter dem som leder etatene.

# Møter

Kommunestyret møtes om lag ti ganger i året, og møtene er åpne for alle som vil høre på.
"""


def _pinned(corpus: Path, index: Path, pins_db: Path, question: str) -> PinStore:
    build_index(corpus, index)
    hit = Searcher(IndexStore.open(index)).search(question, 1).hits[0]
    pins = PinStore(pins_db)
    pins.add(question, hit, "Kari")
    return pins


def test_an_edited_passage_is_offered_and_a_removed_one_is_not(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    note = corpus / "notat.md"
    note.write_text(NOTE, encoding="utf-8")
    pins = _pinned(corpus, index, tmp_path / "pins.db", "Hvem er sjefen for de ansatte?")
    pin = pins.pins()[0]
    note.write_text(NOTE.replace("Rådmannen", "Kommunedirektøren"), encoding="utf-8")
    build_index(corpus, index)
    store = IndexStore.open(index)
    assert store.chunk_by_id(pin.chunk_id) is None  # a document's passage is known by its text: the pin broke
    found = successor(store, pin.chunk_id, pin.cite_id, pin.quote)
    assert found is not None and "Kommunedirektøren er øverste arbeidsgiver" in found.chunk.text
    store.close()
    # the section taken out: the meetings' paragraph, all that is left of the source, is not what it became
    note.write_text("# Møter" + NOTE.split("# Møter")[1], encoding="utf-8")
    build_index(corpus, index)
    store = IndexStore.open(index)
    assert successor(store, pin.chunk_id, pin.cite_id, pin.quote) is None


def _chunk(chunk_id: str, text: str) -> ChunkRecord:
    return ChunkRecord(chunk_id, "lov", chunk_id, "Kommuneloven", "", "", None, "nb", text)


def test_a_law_s_own_section_amended_comes_before_a_parallel_provision() -> None:
    """Kommuneloven § 8-8 (sick pay) and § 8-9 (injury benefits) share most of their words: were § 8-8 amended, its own
    new wording is what the pin on it became, not § 8-9; were it repealed, § 8-9 stands alone and is offered only as
    near (the course leader reads it before a click)."""
    sick = ("Kommunene skal sørge for at folkevalgte som har vervet som sin hovedbeskjeftigelse, har samme rett til "
            "sykepenger som ansatte i kommunen.")
    injury = sick.replace("sykepenger", "ytelser ved yrkesskade")
    amended = "Kommunene skal sørge for at folkevalgte på heltid har rett til sykepenger fra første dag."
    chunks = [(1, _chunk("lov/§8-8", amended)), (2, _chunk("lov/§8-9", injury))]
    found = nearest(sick, chunks, where="lov/§8-8")
    assert found is not None and found.chunk.id == "lov/§8-8"
    assert nearest(sick, chunks) is not None and nearest(sick, chunks).chunk.id == "lov/§8-9"  # type: ignore[union-attr]
    assert nearest(amended, [(2, _chunk("lov/§8-9", injury))]) is None  # little in common, not its place: no offer


def test_the_build_names_what_a_broken_pin_s_passage_became(tmp_path: Path) -> None:
    """`index build` warns of each broken pin in a line, and `--json` gives its fields (it had given the same lines as
    strings): the pin's id, question and passage, and the passage offered with its share of words, or null."""
    import bot.cli.index  # noqa: F401 - registers `index` on the command group
    corpus, index, pins_db = tmp_path / "corpus", tmp_path / "k.db", tmp_path / "pins.db"
    corpus.mkdir()
    note = corpus / "notat.md"
    note.write_text(NOTE, encoding="utf-8")
    pins = _pinned(corpus, index, pins_db, "Hvem er sjefen for de ansatte?")
    meetings = Searcher(IndexStore.open(index)).search("Hvor ofte møtes kommunestyret?", 1).hits[0]
    pins.add("Hvor ofte møtes kommunestyret?", meetings, "Ola")
    boss, met = sorted(pins.pins(), key=lambda p: p.id)
    pins.close()
    # the boss's paragraph reworded, the meetings' section taken out
    note.write_text(NOTE.split("# Møter")[0].replace("Rådmannen", "Kommunedirektøren"), encoding="utf-8")
    env = {"KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_CORPUS": str(corpus), "KOMMUNEBOT_PINS_DB": str(pins_db)}
    result = CliRunner().invoke(cli, ["index", "build", "--json"], env=env, catch_exceptions=False)
    listed = sorted(json.loads(result.output)["broken_pins"], key=lambda b: b["pin_id"])
    store = IndexStore.open(index)
    (now,) = [c for _, c in store.source_chunks("notat")]
    assert listed == [
        {"pin_id": boss.id, "question": "Hvem er sjefen for de ansatte?", "chunk_id": boss.chunk_id,
         "successor": {"chunk_id": now.id, "overlap": listed[0]["successor"]["overlap"], "title": "Arbeidsgiver",
                       "location": "Arbeidsgiver",
                       "opening": "Arbeidsgiver Kommunedirektøren er øverste arbeidsgiver for de ansatte"}},
        {"pin_id": met.id, "question": "Hvor ofte møtes kommunestyret?", "chunk_id": met.chunk_id,
         "successor": None}]
    assert 0.5 <= listed[0]["successor"]["overlap"] < 1 and round(listed[0]["successor"]["overlap"], 3) == \
        listed[0]["successor"]["overlap"]
    # the same build's words for a person: a line each, as before
    note.write_text(NOTE.split("# Møter")[0].replace("Rådmannen", "Sjefen"), encoding="utf-8")
    human = CliRunner().invoke(cli, ["index", "build"], env=env, catch_exceptions=False).output
    assert f"Warning: the pin for «Hvem er sjefen for de ansatte?» is no longer served: its passage " \
           f"({boss.chunk_id}) changed, or is no longer in this index. It most likely became Arbeidsgiver, " \
           "Arbeidsgiver, «Arbeidsgiver Sjefen er øverste arbeidsgiver for de ansatte …» (" in human
    assert f"Warning: the pin for «Hvor ofte møtes kommunestyret?» is no longer served: its passage ({met.chunk_id}) " \
           "changed, or is no longer in this index. Pin the passage again on the page (kommunebot serve, Spør), or " \
           "remove the pin under Festede svar.\n" in human


def test_a_slide_put_in_before_the_pinned_one_does_not_take_its_offer() -> None:
    """A re-tester put "Kommunens oppgaver før 1990" in as slide 15, before the pinned slide 15: the new slide in the
    pinned place shares two thirds of its words, the old slide, now 16, all of them. The text moved is offered."""
    pinned = "Kommunens oppgaver Demokratisk aktør Tjenesteyter Samfunnsutvikler Myndighetsutøver I tillegg er " \
        "kommunene store arbeidsgivere."
    inserted = "Kommunens oppgaver før 1990 Demokratisk aktør Tjenesteyter I tillegg er kommunene store arbeidsgivere."
    chunks = [(15, _chunk("ks:lysbilde-15:aaa", inserted)), (16, _chunk("ks:lysbilde-16:bbb", pinned))]
    found = nearest(pinned, chunks, where="ks:lysbilde-15")
    assert found is not None and found.chunk.id == "ks:lysbilde-16:bbb" and found.overlap == 1.0


def test_a_paragraph_split_in_two_offers_both_halves_the_question_s_first() -> None:
    """Split in two, each half shares half the words: both are offered, the one holding the pin's question's words
    first (by the document's order alone, the half without the answer had been the only offer)."""
    first = "Partene skal stimulere til at de ansatte deltar konstruktivt i prosjektene sammen med ledelsen."
    second = "Kommunene kan delta i arbeidet med heltidsproblematikken og få veiledning fra partene i prosjektene."
    chunks = [(1, _chunk("f:samarbeid:a1", first)), (2, _chunk("f:samarbeid:a2", second))]
    found = offers(first + " " + second, chunks, question="Hva mener Fagforbundet om heltid?")
    assert [s.chunk.id for s in found] == ["f:samarbeid:a2", "f:samarbeid:a1"]


def test_a_renamed_file_s_passage_is_offered_from_its_new_source(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "k.db"
    corpus.mkdir()
    (corpus / "notat.md").write_text(NOTE, encoding="utf-8")
    pin = _pinned(corpus, index, tmp_path / "pins.db", "Hvem er sjefen for de ansatte?").pins()[0]
    (corpus / "notat.md").rename(corpus / "notat-2025.md")
    build_index(corpus, index)
    store = IndexStore.open(index)
    found = successor(store, pin.chunk_id, pin.cite_id, pin.quote, pin.question)
    assert found is not None and found.chunk.source_id != "notat" and found.chunk.text == pin.quote
