"""The bundled law pack: sections into chunks cited like the law, the pack's files and vectors, the setting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.corpus.formats import VECTORS_NAME
from bot.corpus.lawtext import (
    DA_PUBLISHER,
    LONG_SECTION_CHARS,
    NB_PUBLISHER,
    chunks,
    danish_items,
    danish_law,
    norwegian_law,
)
from bot.corpus.manifest import read_manifest
from bot.errors import KommunebotError
from bot.index.build import build_index
from bot.index.prebuilt import read_vectors, unit_hashes, write_folder_vectors
from bot.index.store import IndexStore
from bot.paths import LAW_PACK
from bot.semantic.fake import FakeEmbedder
from bot.semantic.sparse import SPARSE_K
from tests.helpers.paths import CORPUS

KOMMUNELOVEN = "lov-2018-06-22-83"


def nb_row(n: int, location: str, text: str, law: str = KOMMUNELOVEN, title: str = "Kommuneloven") -> dict:
    return {"id": f"{law}#{n}", "title": title, "text": text, "lang": "nb", "location": location}


def ledd(n: int, words: int) -> str:
    """A ledd of `words` words that says which ledd it is."""
    return f"Ledd nummer {n} sier " + " ".join(f"ord{n}x{i}" for i in range(words)) + "."


def test_a_short_section_is_one_chunk_cited_and_linked_like_the_law() -> None:
    text = "Kommunestyret kan frita den folkevalgte for vervet.\n\n*Endret ved lov 20 des 2022 nr. 115 .*"
    law = norwegian_law(KOMMUNELOVEN, [nb_row(0, "Andre del / Kapittel 7 / § 7-9. Uttreden og fritak", text)])
    [chunk] = chunks(law)
    assert chunk.title == "Kommuneloven § 7-9 Uttreden og fritak" and chunk.location == ""
    assert chunk.url == "https://lovdata.no/lov/2018-06-22-83/§7-9"
    assert chunk.text == "Kommunestyret kan frita den folkevalgte for vervet."  # the amendment note is not law text
    assert law.date == "2022-12-20" and law.publisher == NB_PUBLISHER


def test_a_law_in_nynorsk_is_listed_as_nynorsk_though_the_data_says_bokmal() -> None:
    """Lovdata's rows say "nb" of Offentleglova too; its language is what `kommunebot sources` lists."""
    nynorsk = "Alle kan krevje innsyn i saksdokument. Organet skal ikkje gi innsyn i opplysningar frå eit anna organ."
    bokmal = "Kommunestyret skal ikke behandle saken før den er utredet. Kor mange som møter, avgjør ikke saken."
    law = "lov-2006-05-19-16"
    assert norwegian_law(law, [nb_row(0, "§ 3. Hovudregel", nynorsk, law, "Offentleglova")]).lang == "nn"
    assert norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 5-1. Noe", bokmal)]).lang == "nb"


def test_a_long_section_is_split_at_its_ledd_keeping_the_heading() -> None:
    parts = [ledd(n, 60) for n in range(1, 4)]
    assert len("\n\n".join(parts)) > LONG_SECTION_CHARS
    law = norwegian_law(KOMMUNELOVEN, [nb_row(0, "Kapittel 8 / § 8-10. Permisjoner", "\n\n".join(parts))])
    got = chunks(law)
    assert [c.location for c in got] == ["første ledd", "andre ledd", "tredje ledd"]
    assert all(c.title == "Kommuneloven § 8-10 Permisjoner" for c in got)
    assert [c.text for c in got] == parts and len({c.id for c in got}) == 3


def test_a_short_ledd_stays_with_the_next_and_a_list_with_its_lead_in() -> None:
    text = "\n\n".join(["Kort ledd.", ledd(2, 90), "Disse skal:", "- gjøre det ene,\n- gjøre det andre.", ledd(4, 90)])
    got = chunks(norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 5-1. Noe", text)]))
    assert got[0].location == "første til andre ledd" and got[0].text.startswith("Kort ledd.")
    assert any("Disse skal:\n- gjøre det ene" in c.text for c in got)


def test_repealed_sections_and_chapter_notes_are_left_out() -> None:
    law = norwegian_law("lov-1967-02-10", [
        nb_row(0, "Kapittel II. Om ugildhet.", "Overskriften endret ved lov 27 mai 1977 nr. 40.", "lov-1967-02-10",
               "Forvaltningsloven – fvl"),
        nb_row(1, "Kapittel II / § 6. (habilitetskrav).", "En offentlig tjenestemann er ugild.", "lov-1967-02-10",
               "Forvaltningsloven – fvl"),
        nb_row(2, "Kapittel II / § 22. (Opphevet)", "*Opphevet ved lov 12 jan 1995 nr. 4 .*", "lov-1967-02-10",
               "Forvaltningsloven – fvl"),
    ])
    assert [c.title for c in chunks(law)] == ["Forvaltningsloven § 6 Habilitetskrav"]
    assert law.date == "1995-01-12"  # the latest amending act its notes name


def test_the_data_s_second_row_of_a_section_continues_it() -> None:
    law = norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 7-10. Opprykk", "Første del."),
                                       nb_row(1, "§ 7-10. Opprykk", "Andre del.")])
    [chunk] = chunks(law)
    assert chunk.text == "Første del.\n\nAndre del."


def test_a_danish_section_is_cited_by_its_number_linked_by_eli_and_split_at_stk() -> None:
    title = "Bekendtgørelse af lov om kommunernes styrelse"
    rows = [{"id": "2026:13#0", "title": title, "lang": "da", "location": "§ 16c",
             "text": "§ 16 c. En arbejdsgiver må ikke afskedige en lønmodtager. Stk. 2. Det gælder også valg."},
            {"id": "2026:13#1", "title": title, "lang": "da", "location": "§ 35", "text": "§ 35. (Ophævet)"},
            {"id": "2026:13#2", "title": title, "lang": "da", "location": "§ 9a",
             "text": "§ 9 a. " + " ".join(f"Stk. {n}. " + ledd(n, 50) for n in range(2, 5)).removeprefix("Stk. 2. ")}]
    law = danish_law("2026:13", rows)
    got = chunks(law)
    assert law.id == "lta-2026-13" and law.publisher == DA_PUBLISHER and law.date == "2026"
    assert got[0].title == "Lov om kommunernes styrelse § 16 c"
    assert got[0].text.startswith("En arbejdsgiver") and "Stk. 2. Det gælder også valg." in got[0].text
    assert got[0].url == "https://www.retsinformation.dk/eli/lta/2026/13"
    assert [c.location for c in got[1:]] == ["stk. 1", "stk. 2", "stk. 3"]
    assert all(c.title == "Lov om kommunernes styrelse § 9 a" for c in got[1:])


def test_the_pack_holds_the_six_laws_with_licence_date_and_link() -> None:
    manifest = read_manifest(LAW_PACK)
    assert not manifest.errors and not manifest.unmatched and not manifest.warnings
    infos = sorted(manifest.sources.values(), key=lambda i: i.id)
    assert [i.id for i in infos] == ["lov-1967-02-10", "lov-2006-05-19-16", "lov-2018-06-22-83",
                                     "lta-2014-433", "lta-2020-145", "lta-2026-13"]
    for info in infos:
        assert info.publisher in (NB_PUBLISHER, DA_PUBLISHER) and info.date[:4].isdigit()
        assert info.url and info.url.startswith(("https://lovdata.no/lov/", "https://www.retsinformation.dk/eli/"))


def test_the_pack_is_small_and_every_record_cites_a_section() -> None:
    records = [json.loads(line) for path in sorted(LAW_PACK.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines()]
    sections = {r["url"] + r["title"] for r in records}
    assert 450 <= len(sections) <= 550 and len({r["id"] for r in records}) == len(records)
    assert sum(p.stat().st_size for p in LAW_PACK.glob("*.jsonl")) < 700_000
    assert all(" § " in r["title"] and r["text"].strip() for r in records)


@pytest.mark.parametrize("folder", [LAW_PACK, CORPUS], ids=["law pack", "bundled corpus"])
def test_the_shipped_vectors_match_the_folder_s_texts_and_model(folder: Path) -> None:
    """Fails when a text or a written question changed and `python scripts/lawpack.py vectors [--folder corpus]`
    was not run again (the first answer would then embed what changed)."""
    from bot.semantic.adapter import shipped_tag
    from bot.semantic.embedder import model_name

    # E5Embedder.name with the bundled sparse head and the shipped adapter, without loading the model
    model = model_name(SPARSE_K) + shipped_tag()
    with np.load(folder / VECTORS_NAME) as data:
        assert str(data["model"]) == model, "the vectors are another model's: run scripts/lawpack.py vectors"
        shipped = [bytes(h).hex() for h in data["hashes"]]
        assert data["vectors"].shape == (len(shipped), 384)
        assert data["sparse_ids"].shape == data["sparse_weights"].shape == (len(shipped), SPARSE_K)
    assert shipped == unit_hashes(folder, model)


def small_pack(folder: Path) -> Path:
    """A pack of one law with two sections, made here."""
    folder.mkdir()
    law = norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 7-9. Uttreden og fritak", "Kommunestyret kan frita vervet."),
                                       nb_row(1, "§ 11-9. Avstemninger", "Møtelederens stemme er avgjørende.")])
    with (folder / "kommuneloven.jsonl").open("w", encoding="utf-8") as handle:
        for c in chunks(law):
            handle.write(json.dumps(c.record(), ensure_ascii=False) + "\n")
    (folder / "sources.toml").write_text('[[source]]\nfile = "kommuneloven.jsonl"\nid = "kommuneloven"\n'
                                         f'title = "Kommuneloven"\npublisher = "{NB_PUBLISHER}"\n', encoding="utf-8")
    return folder


def test_a_build_takes_the_pack_s_shipped_vectors_and_embeds_only_the_corpus(tmp_path: Path) -> None:
    pack = small_pack(tmp_path / "pack")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.txt").write_text("Rådmannen er øverste leder for administrasjonen.\n", encoding="utf-8")
    assert write_folder_vectors(pack, FakeEmbedder()) == len(unit_hashes(pack, FakeEmbedder().name))
    with_pack, without = FakeEmbedder(), FakeEmbedder()
    report = build_index(corpus, tmp_path / "a.db", embedder=with_pack, packs=(pack,))
    build_index(corpus, tmp_path / "b.db", embedder=without)
    assert report.sources == 2 and with_pack.calls == without.calls > 0  # the pack's units were not embedded
    store = IndexStore.open(tmp_path / "a.db")
    assert {s.id for s in store.sources()} == {"notat", "kommuneloven"} and list(store.meta.packs) == ["pack"]
    assert len(store.vectors().docnos) == report.chunks == 3


def test_vectors_of_another_model_or_a_damaged_file_are_not_used(tmp_path: Path) -> None:
    pack = small_pack(tmp_path / "pack")
    write_folder_vectors(pack, FakeEmbedder())
    assert read_vectors(pack, FakeEmbedder().name) and read_vectors(pack, "another-model") == {}
    (pack / VECTORS_NAME).write_bytes(b"not a numpy file")
    assert read_vectors(pack, FakeEmbedder().name) == {}


def test_writing_the_vectors_again_embeds_only_new_texts(tmp_path: Path) -> None:
    pack = small_pack(tmp_path / "pack")
    write_folder_vectors(pack, FakeEmbedder())
    again = FakeEmbedder()
    write_folder_vectors(pack, again)
    assert again.calls == 0


def test_the_law_pack_is_on_unless_left_out() -> None:
    assert Settings.from_env({}).packs == (LAW_PACK,)
    assert Settings.from_env({"KOMMUNEBOT_LAW_PACK": "off"}).packs == ()
    with pytest.raises(KommunebotError, match="KOMMUNEBOT_LAW_PACK"):
        Settings.from_env({"KOMMUNEBOT_LAW_PACK": "maybe"})


def test_a_list_goes_right_after_the_lead_in_lovdata_s_data_put_it_after() -> None:
    # Lovdata's data puts a ledd's list after its later sentences: "Unntaka i §§ 14 og 15 gjeld ikkje: § 14 gjeld
    # likevel for …" read as if the exception applied to what follows the colon, not to the list
    text = ("Unntaka gjeld ikkje: § 14 gjeld likevel for kontrollutval. For kommunar gjeld noko anna.\n\n"
            "- saksframlegg til eit folkevalt organ,\n- sakliste til møte.\n\nNeste ledd.")
    [chunk] = chunks(norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 5-1. Noe", text)]))
    assert chunk.text.startswith("Unntaka gjeld ikkje:\n- saksframlegg til eit folkevalt organ,\n- sakliste til møte.\n"
                                 "§ 14 gjeld likevel for kontrollutval.")
    assert chunk.text.endswith("Neste ledd.")


def test_a_list_goes_where_a_lead_in_without_its_colon_breaks_off() -> None:
    # The data lost the lead-in's line end too: "Lova gjeld for Bokstavane c og d gjeld ikkje …" was shown as one
    # garbled sentence, the list of what the law covers below it
    text = ("Lova gjeld for Bokstavane a og b gjeld ikkje selskap i konkurranse. Anna setning.\n\n"
            "- staten og kommunane,\n- andre rettssubjekt.\n\nNeste ledd.")
    [chunk] = chunks(norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 2. Verkeområde", text)]))
    assert chunk.text.startswith("Lova gjeld for\n- staten og kommunane,\n- andre rettssubjekt.\n"
                                 "Bokstavane a og b gjeld ikkje selskap i konkurranse.")
    # a name's capitals are no break: "frå Det Kongelege Hoff" stays in its sentence
    named = "Lova gjeld òg for dokument frå Det Kongelege Hoff og frå Domstoladministrasjonen.\n\n- a,\n- b."
    [kept] = chunks(norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 3. Noko", named)]))
    assert kept.text.startswith(named.split("\n")[0] + "\n- a,")


def test_the_pack_s_lists_follow_their_lead_ins() -> None:
    records = [json.loads(line) for path in sorted(LAW_PACK.glob("lov-*.jsonl"))
               for line in path.open(encoding="utf-8")]
    offl16 = next(r for r in records if r["id"] == "lov-2006-05-19-16/§16/1")
    assert offl16["text"].startswith("Unntaka i §§ 14 og 15 gjeld ikkje:\n- saksframlegg med vedlegg")
    offl2 = next(r for r in records if r["id"] == "lov-2006-05-19-16/§2/1")
    assert offl2["text"].startswith("Lova gjeld for\n- staten, fylkeskommunane og kommunane,")
    # no ledd has a colon followed by a sentence on its line and a list below it
    assert not [r["id"] for r in records
                if "\n- " in r["text"] and re.search(r":[ \t]+[A-ZÆØÅ§]", r["text"].split("\n")[0])]


def test_a_danish_list_has_each_item_on_its_line_as_retsinformation_shows_it() -> None:
    rows = [{"id": "2014:433#0", "title": "Bekendtgørelse af forvaltningsloven", "lang": "da", "location": "§ 3",
             "text": "§ 3. Den, der virker i forvaltningen, er inhabil, hvis 1) vedkommende selv har en interesse, "
                     "2) vedkommendes ægtefælle har en interesse, eller 3) der i øvrigt er tvivl. Stk. 2. Efter "
                     "stk. 1, nr. 2) gælder a) dette og b) hint."}]
    text = chunks(danish_law("2014:433", rows))[0].text
    assert text.startswith("Den, der virker i forvaltningen, er inhabil, hvis\n1) vedkommende selv har en interesse,\n"
                           "2) vedkommendes ægtefælle har en interesse, eller\n3) der i øvrigt er tvivl.")
    # "nr. 2)" begins no run from 1), so it stays in its sentence; a) b) is a list of its own
    assert "Efter stk. 1, nr. 2) gælder\na) dette og\nb) hint." in text


@pytest.mark.parametrize("marker", ["2) ", "b) "])
def test_a_lone_item_marker_is_no_list(marker: str) -> None:
    text = f"Efter reglen i stk. 1 {marker}gælder dette ikke."
    assert danish_items(text) == text


def test_the_pack_s_danish_lists_are_on_lines() -> None:
    records = {r["id"]: r for path in sorted(LAW_PACK.glob("lta-*.jsonl"))
               for r in map(json.loads, path.open(encoding="utf-8"))}
    fvl3 = records["lta-2014-433/§3/1"]["text"].split("\n")
    assert [line[:3] for line in fvl3[1:]] == ["1) ", "2) ", "3) ", "4) ", "5) "]
    assert fvl3[0].endswith("er inhabil i forhold til en bestemt sag, hvis")
    # no Danish record keeps a numbered run inline
    assert not [i for i, r in records.items() if re.search(r"\s1\) .*\s2\) ", r["text"].replace("\n", "¶"))]


def test_a_lettered_section_is_its_own_passage_cited_and_linked_by_its_number() -> None:
    """Arbeidsmiljøloven's chapter 2 A (§ 2 A-1 …) sits between chapters 2 and 3: each § its own id and link, none
    read as § 2 (they had shared "…/§2", and the build skipped the whole law for the repeated ids)."""
    law_id = "lov-2005-06-17-62"
    rows = [nb_row(n, f"Kapittel 2 A. Varsling / § {number}. Overskrift {n}", f"Teksten i § {number}.", law_id,
                   "Arbeidsmiljøloven – aml")
            for n, number in enumerate(["2-1", "2 A-1", "2 A-2", "4A-1", "13a-5", "14 A-1"])]
    got = chunks(norwegian_law(law_id, rows))
    assert [c.id for c in got] == [f"{law_id}/§{n}" for n in ("2-1", "2A-1", "2A-2", "4A-1", "13a-5", "14A-1")]
    assert got[1].title == "Arbeidsmiljøloven § 2 A-1 Overskrift 1"
    assert got[1].url == "https://lovdata.no/lov/2005-06-17-62/§2A-1"
    # a heading after the number that begins with a capital is not a chapter's letter
    [plain] = chunks(norwegian_law(law_id, [nb_row(0, "§ 5 Anvendelse av loven", "Loven gjelder.", law_id)]))
    assert plain.id == f"{law_id}/§5"


def _lawpack_script() -> object:
    from tests.helpers.scripts import load_script

    return load_script("lawpack")


def test_extract_refuses_a_law_whose_passage_ids_would_repeat_and_writes_nothing(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A § the data lists twice apart (here § 1 after § 2) would give two passages one id, and the build would skip
    the whole law: `extract` says so in one line (no traceback) and leaves the pack as it was."""
    import gzip

    script = _lawpack_script()
    pack = tmp_path / "pack"
    monkeypatch.setattr(script, "LAW_PACK", pack)
    data = tmp_path / "data"
    data.mkdir()
    law_id = "lov-2000-01-01-1"
    rows = [nb_row(n, f"§ {number}. Noe", f"Teksten i paragraf {number}.", law_id, "Testloven")
            for n, number in enumerate(["1", "2", "1"])]
    with gzip.open(data / "no-laws.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    with pytest.raises(SystemExit) as stop:
        script.extract(data, [law_id])  # type: ignore[attr-defined]
    message = str(stop.value.code)
    assert message.startswith(f"error: {law_id}:") and "\n" not in message
    assert f"{law_id}/§1 (2 times)" in message
    assert not pack.exists()


def _add_law(pack: Path) -> None:
    """As `scripts/lawpack.py extract --law …` does: one more law's file, and its entry in sources.toml."""
    law = norwegian_law("lov-2005-06-17-62", [nb_row(0, "§ 14-9. Midlertidig ansettelse", "Arbeidstaker skal "
                                                     "ansettes fast.", "lov-2005-06-17-62", "Arbeidsmiljøloven")])
    with (pack / "arbeidsmiljoloven.jsonl").open("w", encoding="utf-8") as handle:
        for c in chunks(law):
            handle.write(json.dumps(c.record(), ensure_ascii=False) + "\n")
    with (pack / "sources.toml").open("a", encoding="utf-8") as handle:
        handle.write('[[source]]\nfile = "arbeidsmiljoloven.jsonl"\nid = "arbeidsmiljoloven"\n'
                     f'title = "Arbeidsmiljøloven"\npublisher = "{NB_PUBLISHER}"\n')


def test_a_running_front_end_takes_a_rebuild_that_added_a_law_without_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A law added to the pack and `kommunebot index build` run beside a bot and a page: when they swapped the new
    index in, both warned "the index … holds the packs law, the settings name law: build it again", since they
    compared it with the pack as it was when they started; building again did not clear it."""
    import logging

    from bot.search.holder import SearcherHolder

    pack = small_pack(tmp_path / "law")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.txt").write_text("Rådmannen er øverste leder for administrasjonen.\n", encoding="utf-8")
    served = tmp_path / "kommunebot.db"
    build_index(corpus, served, packs=(pack,))
    holder = SearcherHolder(served, packs=(pack,))
    with caplog.at_level(logging.INFO, logger="bot.search.holder"):
        holder.get()
        _add_law(pack)
        build_index(corpus, served, packs=(pack,))  # swapped in while loaded, as `index build` does
        searcher = holder.get()
    assert "arbeidsmiljoloven" in {s.id for s in searcher.store.sources()}  # the rebuild is in use
    assert "packs" not in caplog.text and caplog.text.count("index loaded") == 2


def test_a_running_front_end_names_the_pack_files_an_index_swapped_in_lacks(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An index built before the law was added, swapped in after: the warning says which file it lacks."""
    import logging
    import os
    import shutil

    from bot.search.holder import SearcherHolder

    pack = small_pack(tmp_path / "law")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.txt").write_text("Rådmannen er øverste leder for administrasjonen.\n", encoding="utf-8")
    served = tmp_path / "kommunebot.db"
    build_index(corpus, tmp_path / "old.db", packs=(pack,))
    _add_law(pack)
    build_index(corpus, served, packs=(pack,))
    holder = SearcherHolder(served, packs=(pack,))
    with caplog.at_level(logging.WARNING, logger="bot.search.holder"):
        holder.get()
        assert not caplog.text
        shutil.copy(tmp_path / "old.db", tmp_path / "new.db")
        os.replace(tmp_path / "new.db", served)
        holder.get()
    assert "the law pack's files changed since it was built (" in caplog.text
    assert "added: arbeidsmiljoloven.jsonl)" in caplog.text


class _Terminal:
    """Standard output as at a terminal: what was written, and isatty() true."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_vectors_progress_is_lines_in_a_log_and_a_counter_at_a_terminal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], terminal: bool) -> None:
    """`scripts/lawpack.py vectors > log` wrote "\\r1/3000\\r2/3000…": one 10 KB line in the log. Piped or redirected,
    a line now and then (and the last), each ended; at a terminal the counter is rewritten in place as before."""
    import bot.index.prebuilt
    import bot.semantic.embedder

    script = _lawpack_script()
    total = 3000

    def write(folder, embedder, progress, embed) -> int:
        for done in range(1, total + 1):
            progress(done, total)
        return total
    monkeypatch.setattr(bot.semantic.embedder, "load_embedder", lambda *a, **k: FakeEmbedder())
    monkeypatch.setattr(bot.index.prebuilt, "write_folder_vectors", write)
    screen = _Terminal()
    if terminal:
        monkeypatch.setattr("sys.stdout", screen)
    script.vectors(1, tmp_path)  # type: ignore[attr-defined]
    if terminal:
        assert screen.text.startswith("\r1/3,000 vectors\r2/3,000 vectors")
        assert screen.text.endswith(f"\r3,000/3,000 vectors\n3000 vectors by {FakeEmbedder().name} -> "
                                    f"{tmp_path / 'vectors.npz'}\n")
        return
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "\r" not in out and 10 <= len(lines) <= 25 and max(map(len, lines[:-1])) < 60
    assert lines[0].startswith("150 / 3,000 vectors, 5 %") and lines[-2].startswith("3,000 / 3,000 vectors, 100 %")
    assert lines[-1].startswith("3000 vectors by ")


def test_extract_with_a_mistyped_data_folder_says_so_in_one_line(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`extract --data lawz` (a typo) ended in a FileNotFoundError traceback from gzip; it is one line naming the file
    the folder lacks, and nothing is written."""
    script = _lawpack_script()
    pack = tmp_path / "pack"
    monkeypatch.setattr(script, "LAW_PACK", pack)
    with pytest.raises(SystemExit) as stop:
        script.extract(tmp_path / "lawz", ["lov-2000-01-01-1", "2026:13"])  # type: ignore[attr-defined]
    assert str(stop.value.code) == (f"error: no no-laws.jsonl.gz in {tmp_path / 'lawz'}: --data names the folder "
                                    "of no-laws.jsonl.gz and da-laws.jsonl.gz"), stop.value.code
    assert not pack.exists()


@pytest.mark.parametrize("given", ["forskrift-2000-01-01-1", "FOR-2000-01-01-1", "for-2000-01-01-1"])
def test_extract_adds_a_regulation_by_the_id_lovdata_prints_or_its_data_holds(tmp_path: Path, given: str,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The data holds regulations as `forskrift-YYYY-MM-DD-N` ("Forskrift om pensjon for folkevalgte"): `extract`
    refused that id as "neither a Lovdata id nor a Danish one" and took `for-…`, which the data never holds, and
    Lovdata's printed `FOR-…` and `LOV-…` were refused. Each is the regulation now, cited FOR-… and linked
    lovdata.no/forskrift/…."""
    import gzip

    script = _lawpack_script()
    pack = tmp_path / "pack"
    monkeypatch.setattr(script, "LAW_PACK", pack)
    monkeypatch.setattr(script, "pack_ids", lambda: [])
    data = tmp_path / "data"
    data.mkdir()
    rows = [nb_row(0, "§ 1. Omfang", "Forskriften gjelder pensjon for folkevalgte.", "forskrift-2000-01-01-1",
                   "Forskrift om pensjon for folkevalgte")]
    with gzip.open(data / "no-laws.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    assert script.law_id(given) == "forskrift-2000-01-01-1"  # type: ignore[attr-defined]
    assert script.law_id("LOV-2018-06-22-83") == "lov-2018-06-22-83"  # type: ignore[attr-defined]
    script.extract(data, [script.law_id(given)])  # type: ignore[attr-defined]
    [record] = [json.loads(line) for line in (pack / "forskrift-2000-01-01-1.jsonl").read_text().splitlines()]
    assert record["url"] == "https://lovdata.no/forskrift/2000-01-01-1/§1", record
    manifest = (pack / "sources.toml").read_text(encoding="utf-8")
    assert 'title = "Forskrift om pensjon for folkevalgte (FOR-2000-01-01-1)"' in manifest, manifest
    assert 'url = "https://lovdata.no/forskrift/2000-01-01-1"' in manifest, manifest


def test_a_heading_written_for_a_danish_section_goes_with_each_of_its_chunks_and_never_into_the_citation() -> None:
    """A Danish § has no heading in the data, so its chunks are found by its words alone where a Norwegian §'s are
    found by "§ 7-9 Uttreden og fritak" too; a heading written for it is carried by each of its chunks, in the
    .jsonl's "heading", while the citation stays the law's own "Lov om kommunernes styrelse § 9 a"."""
    title = "Bekendtgørelse af lov om kommunernes styrelse"
    rows = [{"id": "2026:13#0", "title": title, "lang": "da", "location": "§ 9a",
             "text": "§ 9 a. " + " ".join(f"Stk. {n}. " + ledd(n, 50) for n in range(2, 5)).removeprefix("Stk. 2. ")},
            {"id": "2026:13#1", "title": title, "lang": "da", "location": "§ 10", "text": "§ 10. Kort tekst."}]
    law = danish_law("2026:13", rows)
    got = chunks(law, {"lta-2026-13/§9a": "Møder holdt som seminar"})
    assert [c.heading for c in got] == ["Møder holdt som seminar"] * 3 + [""]
    assert all(c.title == "Lov om kommunernes styrelse § 9 a" for c in got[:3])
    assert got[0].record()["heading"] == "Møder holdt som seminar" and "heading" not in got[3].record()
    norwegian = norwegian_law(KOMMUNELOVEN, [nb_row(0, "§ 7-9. Uttreden og fritak", "Kommunestyret kan frita.")])
    assert chunks(norwegian, {f"{KOMMUNELOVEN}/§7-9": "Skrevet"})[0].heading == ""  # the law's own heading stays


def test_a_written_heading_finds_its_section_and_is_not_shown(tmp_path: Path) -> None:
    """The heading's words find the § (BM25 reads them with the text), but no reply, card or quote shows them."""
    from bot.answer.compose import answer
    from bot.render.jsonout import answer_to_dict
    from bot.render.telegram_html import format_answer as telegram_messages
    from bot.render.terminal import format_answer
    from bot.search.retriever import Searcher

    pack = tmp_path / "pack"
    pack.mkdir()
    records = [{"id": "lta-2026-13/§31", "title": "Lov om kommunernes styrelse § 31", "location": "", "lang": "da",
                "text": "Formanden kan på kommunalbestyrelsens vegne afgøre sager, som ikke tåler opsættelse.",
                "url": "https://www.retsinformation.dk/eli/lta/2026/13", "heading": "Hastebeslutninger uden møde"},
               {"id": "lta-2026-13/§8", "title": "Lov om kommunernes styrelse § 8", "location": "", "lang": "da",
                "text": "Kommunalbestyrelsen træffer beslutning om, hvornår og hvor ordinære møder skal afholdes.",
                "url": "https://www.retsinformation.dk/eli/lta/2026/13"}]
    (pack / "styrelse.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                         encoding="utf-8")
    (pack / "sources.toml").write_text('[[source]]\nfile = "styrelse.jsonl"\nid = "styrelse"\n'
                                       f'title = "Lov om kommunernes styrelse"\npublisher = "{DA_PUBLISHER}"\n',
                                       encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notat.txt").write_text("Rådmannen er øverste leder for administrasjonen.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "k.db", packs=(pack,))
    searcher = Searcher(IndexStore.open(tmp_path / "k.db"))
    reply = answer("Hvornår må man tage en hastebeslutning?", searcher)
    assert reply.passages and reply.passages[0].citation.title == "Lov om kommunernes styrelse § 31"
    shown = [format_answer(reply), json.dumps(answer_to_dict(reply), ensure_ascii=False), *telegram_messages(reply)]
    assert all("Formanden kan" in text and "Hastebeslutninger" not in text for text in shown)
