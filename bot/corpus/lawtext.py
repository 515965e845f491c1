"""A law's sections (Lovdata's or Retsinformation's text) as citable chunks: a § each, a long § by its ledd / stk."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A § longer than this is split at its ledd / stk.: a councillor is shown the ledd that answers,
# and a chunk about one rule is found by its own words (BM25 divides by a chunk's length).
LONG_SECTION_CHARS = 600
# Off only to measure the pack as extracted before 0.4.28 (a Danish list on its stk.'s one line).
DANISH_ITEMS = True
# A run of ledd shorter than this joins the next ledd in its chunk: a one-line ledd says too little alone.
MIN_PART_CHARS = 200

NB_ORDINALS = ("første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende", "niende", "tiende",
               "ellevte", "tolvte")
NB_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "mai": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "okt": 10,
             "nov": 11, "des": 12}
NB_PUBLISHER = "Lovdata (NLOD 2.0)"
DA_PUBLISHER = "Retsinformation (fri af ophavsret, ophavsretsloven § 9)"
NB_ATTRIBUTION = "Inneholder data under Norsk lisens for offentlige data (NLOD) tilgjengeliggjort av Lovdata."
DA_ATTRIBUTION = "Dansk lovtekst er fri af ophavsret (ophavsretsloven § 9); kilde: Retsinformation."

# A Lovdata § number: "7-9", "16 a", and a chapter added between two others, lettered: "2 A-1" (arbeidsmiljøloven),
# "4A-1", "13a-5" (the letter only where "-<number>" follows it, so "§ 5 Anvendelse" stays § 5).
_NB_SECTION = re.compile(r"§\s*(\d+(?:\s?[A-Za-z](?=-\d))?(?:-\d+)?(?:\s?[a-z])?)\.?\s*(.*)$")
_DA_SECTION = re.compile(r"^§\s*(\d+(?:\s?[a-z])?)\.\s*")
_DA_PART = re.compile(r"\s(?=Stk\.\s\d+\.\s)")
# A Danish act's numbered items run inline in the data ("… hvis 1) vedkommende selv …, 2) vedkommendes ægtefælle
# …"), where Retsinformation shows each on a line of its own. A candidate marker follows white space (not "(2)" or
# "§ 3)"); whether it begins an item is `danish_items`' rule (a run from 1) or a), so "nr. 2)" alone is none).
_DA_ITEM = re.compile(r"(?<=\s)(\d{1,2}|[a-z])\)\s")
_NOTE = re.compile(r"^\*.*\*$", re.S)  # Lovdata's amendment note, in italics: "*Endret ved lov …*"
# Lovdata's data leaves a space where a link to another law or § ended: "etter § 13 .", "( konkursloven , arveloven".
_LINK_SPACE = re.compile(r"(?<=\S)[ \t]+(?=[.,;:)](?:[\s.,;:)]|$))|(?<=\()[ \t]+")
_LIST_LEAD = re.compile(r"(:)[ \t]+(?=[A-ZÆØÅ§])")  # a colon that a sentence follows on its line, not a list
# A lead-in without its colon that a later sentence runs on from ("Lova gjeld for Bokstavane c og d gjeld ikkje …",
# "… sin kontroll, fra Opplysningene etter …"): a small word and then a capital that is no name's (a small word follows
# it, where a name's words are capitals around it: "frå Det Kongelege Hoff").
_RUN_ON = re.compile(r"(?:^|(?<=\s))[a-zæøå]+,?( )(?=[A-ZÆØÅ][a-zæøå]+ [a-zæøå§])")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# An amending act in a note: "20 des 2022 nr. 115" (an in-force date, "ikr. 1 jan 2023", has no "nr.").
_NB_DATE = re.compile(r"\b(\d{1,2})\.?\s+(jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)[a-z]*\.?\s+(\d{4})\s+nr\b")


@dataclass(frozen=True)
class Section:
    """One § of a law: its number as cited ("7-9", "16 c"), heading (may be empty) and ledd / stk."""

    number: str
    heading: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Law:
    """A law as the pack ships it: how it is cited and linked, where it comes from, its sections."""

    id: str          # the source id in the index: "lov-2018-06-22-83", "lta-2026-13"
    name: str        # as cited: "Kommuneloven", "Lov om kommunernes styrelse"
    reference: str   # the official reference: "LOV-2018-06-22-83", "LBK nr. 13 af 2026"
    lang: str
    url: str         # the whole law
    date: str        # the text's date as far as the data tells (the latest amendment, or the year)
    publisher: str   # the attribution shown with every source list
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        """The source's title in lists: name and reference (two laws may share a name)."""
        return f"{self.name} ({self.reference})"

    def section_url(self, number: str) -> str:
        """The link to one §: Lovdata's per-§ address; a Danish act's ELI address (no per-§ anchor)."""
        if self.lang == "da":
            return self.url
        return f"{self.url}/§{number.replace(' ', '')}"


@dataclass(frozen=True)
class Chunk:
    """One citable passage: the § (or some of its ledd) with the citation it is shown under."""

    id: str
    title: str       # "Kommuneloven § 7-9 Uttreden og fritak": the citation, also searched
    location: str    # which ledd / stk. of a split §, else ""
    text: str
    url: str
    lang: str
    # a heading written for a § the law gives none (a Danish act's): searched and embedded with the text, never shown,
    # since the citation is the law's own
    heading: str = ""

    def record(self) -> dict[str, str]:
        """The chunk as a line of the pack's .jsonl (what bot.corpus.readers reads)."""
        record = {"id": self.id, "title": self.title, "location": self.location, "text": self.text, "lang": self.lang,
                  "url": self.url}
        return record | {"heading": self.heading} if self.heading else record


def reference_id(reference: str) -> str:
    """A law's id as the data and the pack hold it: Lovdata's printed reference (LOV-2018-06-22-83, FOR-1997-04-22-375)
    as lov-2018-06-22-83, forskrift-1997-04-22-375; a Danish id (2026:13) as it is."""
    lower = reference.strip().lower()
    return "forskrift-" + lower.removeprefix("for-") if lower.startswith("for-") else lower


def is_section(chunk_id: str) -> bool:
    """Whether a chunk is a law's § or a run of its ledd (its id "<law>/§<number>[/<ledd>]", as `chunks` names it)."""
    return "/§" in chunk_id


def without_link_spaces(text: str) -> str:
    """A Lovdata text as the law reads it, without the spaces its data leaves where a link ended ("… etter § 13 ."
    reads "… etter § 13."). For what is shown: the pack's text keeps them, since its vectors were made of it, and
    taken out of the index's text they moved two close calls of the law's questions, both down (benchmarks/README.md,
    "Lovdata's link spaces")."""
    return _LINK_SPACE.sub("", text)


def law_name(title: str) -> str:
    """The name a law is cited by, from the data's title ("Forvaltningsloven – fvl", "Bekendtgørelse af …")."""
    name = title.split(" – ")[0].strip()
    name = re.sub(r"^Bekendtgørelse af\s+", "", name)
    return name[:1].upper() + name[1:]


def _heading(raw: str) -> str:
    heading = raw.strip().rstrip(".").strip()
    if heading.startswith("(") and heading.endswith(")"):
        heading = heading[1:-1].strip()
    return heading[:1].upper() + heading[1:]


def _nb_blocks(text: str) -> tuple[list[str], list[str]]:
    """A Lovdata section's ledd (a list kept with the ledd that introduces it) and its amendment notes."""
    parts: list[str] = []
    notes: list[str] = []
    for block in (b.strip() for b in text.split("\n\n")):
        if not block:
            continue
        if _NOTE.match(block):
            notes.append(block.strip("*").strip())
        elif parts and (block.startswith(("- ", "a)", "b)")) or parts[-1].rstrip().endswith(":")):
            parts[-1] = _list_after_its_lead(parts[-1], block)
        else:
            parts.append(block)
    return parts, notes


def _list_after_its_lead(ledd: str, block: str) -> str:
    """A ledd with the block that follows it: a list goes right after the sentence ending in ":" that introduces it.

    Lovdata's data puts a list after the ledd's later sentences ("Unntaka i §§ 14 og 15 gjeld ikkje: § 14 gjeld
    likevel for …", the list of what the exceptions do not cover after it), so the lead-in read as if those
    sentences were what it introduced."""
    if "\n" in ledd or ledd.rstrip().endswith(":") or not block.startswith(("- ", "a)", "b)")):
        return f"{ledd}\n{block}"
    lead = _LIST_LEAD.search(ledd)
    if lead is not None:
        return f"{ledd[:lead.end(1)]}\n{block}\n{ledd[lead.end():]}"
    # The same where the data lost the lead-in's line end too: the list goes where the first sentence breaks off.
    end = _SENTENCE_END.search(ledd)
    run_on = _RUN_ON.search(ledd, 0, end.start() if end else len(ledd))
    if run_on is None:
        return f"{ledd}\n{block}"
    return f"{ledd[:run_on.start(1)]}\n{block}\n{ledd[run_on.end(1):]}"


def nb_date(notes: Iterable[str], law_id: str) -> str:
    """The date of the latest amending act the notes name (ISO), else the law's own date from its id."""
    found = []
    for note in notes:
        for day, month, year in _NB_DATE.findall(note):
            found.append(f"{int(year):04d}-{NB_MONTHS[month]:02d}-{int(day):02d}")
    own = re.search(r"(\d{4}-\d{2}-\d{2})", law_id)
    return max(found) if found else (own.group(1) if own else "")


def _written_in(sections: list[Section]) -> str:
    """"nb" or "nn", told from the law's own text: Lovdata's data says "nb" of Offentleglova too, which is
    in nynorsk, and the language is listed where sources are (`kommunebot sources`, /kilder, the page)."""
    from bot.analysis.language import detect_language  # only when a pack is extracted
    from bot.corpus.describe import SAMPLE_CHARS

    sample = " ".join(part for section in sections for part in section.parts)[:SAMPLE_CHARS]
    return "nn" if detect_language(sample) == "nn" else "nb"


def norwegian_law(law_id: str, rows: list[dict]) -> Law:
    """A Lovdata law from its rows (`location` ends "§ 7-9. Heading"); repealed §§ and chapter notes left out."""
    sections: list[Section] = []
    notes: list[str] = []
    last_location = None
    for row in rows:
        location = row.get("location") or ""
        match = _NB_SECTION.search(location.split(" / ")[-1])
        parts, row_notes = _nb_blocks(row["text"])
        notes.extend(row_notes)
        if not match or "opphevet" in match.group(2).lower() or not parts:
            continue
        if location == last_location and sections:  # the data's second row of one §
            sections[-1] = Section(sections[-1].number, sections[-1].heading, sections[-1].parts + tuple(parts))
            continue
        last_location = location
        sections.append(Section(match.group(1), _heading(match.group(2)), tuple(parts)))
    # a regulation is "forskrift-…" in the data, FOR-… in Lovdata's references, and lovdata.no/forskrift/… online
    kind, date_part = law_id.split("-", 1)
    reference = f"{'FOR' if kind == 'forskrift' else kind.upper()}-{date_part}"
    return Law(id=law_id, name=law_name(rows[0]["title"]), reference=reference, lang=_written_in(sections),
               url=f"https://lovdata.no/{kind}/{date_part}", date=nb_date(notes, law_id), publisher=NB_PUBLISHER,
               sections=tuple(sections))


def danish_law(law_id: str, rows: list[dict]) -> Law:
    """A Danish act from its rows ("§ 16 c. … Stk. 2. …" in `text`), id "2026:13"; repealed §§ left out."""
    year, number = law_id.split(":")
    sections: list[Section] = []
    for row in rows:
        text = " ".join(row["text"].split())
        match = _DA_SECTION.match(text)
        if not match or re.fullmatch(r"\(Ophævet\)\.?", text[match.end():].strip()):
            continue
        parts = tuple(danish_items(p.strip()) for p in _DA_PART.split(text[match.end():]) if p.strip())
        sections.append(Section(match.group(1), "", parts))
    return Law(id=f"lta-{year}-{number}", name=law_name(rows[0]["title"]), reference=f"LBK nr. {number} af {year}",
               lang="da", url=f"https://www.retsinformation.dk/eli/lta/{year}/{number}", date=year,
               publisher=DA_PUBLISHER, sections=tuple(sections))


def danish_items(part: str) -> str:
    """A Danish stk. with each item of its numbered (1), 2), …) or lettered (a), b), …) list on a line of its own, as
    Retsinformation shows it; the lead-in keeps its line. Only a run counting up from 1) or a) is a list, so a
    stray "2)" in a sentence stays where it is. Off (DANISH_ITEMS False): the data's one line."""
    if not DANISH_ITEMS:
        return part
    cuts: list[int] = []
    for first, follows in (("1", lambda m: str(int(m) + 1)), ("a", lambda m: chr(ord(m) + 1))):
        run: list[int] = []
        expected = first
        for item in _DA_ITEM.finditer(part):
            marker = item.group(1)
            if marker == expected:
                run.append(item.start())
                expected = follows(marker)
            elif marker == first:  # a new list begins: the last one counts if it had two items
                cuts += run if len(run) >= 2 else []
                run, expected = [item.start()], follows(first)
        cuts += run if len(run) >= 2 else []
    if not cuts:
        return part
    out, last = [], 0
    for cut in sorted(set(cuts)):
        out.append(part[last:cut].rstrip())
        last = cut
    out.append(part[last:])
    return "\n".join(piece for piece in out if piece)


def part_name(lang: str, first: int, last: int) -> str:
    """"andre ledd", "første og andre ledd", "stk. 2", "stk. 2-3" (1-based)."""
    if lang == "da":
        return f"stk. {first}" if first == last else f"stk. {first}-{last}"

    def nb(n: int) -> str:
        return NB_ORDINALS[n - 1] if n <= len(NB_ORDINALS) else f"{n}."

    return f"{nb(first)} ledd" if first == last else f"{nb(first)} til {nb(last)} ledd"


def part_range(location: str) -> tuple[int, int] | None:
    """The ledd a part's location names, (first, last), 1-based: the reverse of `part_name`; None for another."""
    def number(word: str) -> int | None:
        word = word.strip()
        if word.isdecimal():
            return int(word)
        if word.endswith(".") and word[:-1].isdecimal():
            return int(word[:-1])
        return NB_ORDINALS.index(word) + 1 if word in NB_ORDINALS else None

    danish = re.fullmatch(r"stk\. (\d+)(?:-(\d+))?", location.strip())
    if danish:
        return int(danish.group(1)), int(danish.group(2) or danish.group(1))
    norwegian = re.fullmatch(r"(\S+)(?: til (\S+))? ledd", location.strip())
    if norwegian:
        first, last = number(norwegian.group(1)), number(norwegian.group(2) or norwegian.group(1))
        return (first, last) if first is not None and last is not None else None
    return None


def parts_name(lang: str, locations: list[str]) -> str:
    """Several parts of one § as one location, in the law's order, runs joined: "første til fjerde ledd",
    "første og tredje ledd" as "første ledd og tredje ledd", "stk. 1-3 og 5"; the locations as they are,
    joined, where one is not a part's."""
    ranges = [part_range(loc) for loc in locations]
    if not locations or any(r is None for r in ranges):
        return ", ".join(locations)
    runs: list[list[int]] = []
    for first, last in sorted(r for r in ranges if r is not None):
        if runs and first <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    names = [part_name(lang, first, last) for first, last in runs]
    if lang == "da":  # as Danish law is cited: "stk. 1 og 5-6", the "stk." once
        names = [names[0], *(name.removeprefix("stk. ") for name in names[1:])]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _groups(parts: tuple[str, ...]) -> list[tuple[int, int]]:
    """Runs of ledd (first, last, 1-based) of at least MIN_PART_CHARS each, a short one joined to the next."""
    groups: list[tuple[int, int]] = []
    start, size = 1, 0
    for n, part in enumerate(parts, 1):
        size += len(part)
        if size >= MIN_PART_CHARS:
            groups.append((start, n))
            start, size = n + 1, 0
    if start <= len(parts):  # a short last ledd joins the run before it
        groups[-1:] = [(groups[-1][0] if groups else start, len(parts))]
    return groups


LEDD_JOIN = "\n\n"  # between the ledd of a part's run, and split at again to quote one of them (bot.answer.cards)


def section_id(law: Law, number: str) -> str:
    """A §'s id, which its chunks' ids begin with: "lta-2026-13/§16c"."""
    return f"{law.id}/§{number.replace(' ', '')}"


def chunks(law: Law, written: Mapping[str, str] | None = None) -> list[Chunk]:
    """The law's passages: a § whole, or a long one by its ledd / stk., each citing "<name> § <n> <heading>".

    `written`: headings written for §§ the law gives none, by `section_id`; each of the §'s chunks carries its own.
    """
    out: list[Chunk] = []
    for section in law.sections:
        title = " ".join(p for p in (law.name, f"§ {section.number}", section.heading) if p)
        url = law.section_url(section.number)
        base = section_id(law, section.number)
        heading = "" if section.heading else (written or {}).get(base, "")
        whole = LEDD_JOIN.join(section.parts)
        if len(whole) <= LONG_SECTION_CHARS or len(section.parts) == 1:
            out.append(Chunk(base, title, "", whole, url, law.lang, heading))
            continue
        for first, last in _groups(section.parts):
            text = LEDD_JOIN.join(section.parts[first - 1:last])
            out.append(Chunk(f"{base}/{first}", title, part_name(law.lang, first, last), text, url, law.lang, heading))
    return out
