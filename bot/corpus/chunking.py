"""Splitting a cleaned document into cited chunks: slides whole, articles by paragraph."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.corpus.bullets import restore_bullets

CHUNKER_VERSION = "9"  # bump when chunk texts change, so an incremental build re-reads every source
# 5: a .txt or .md file without a title of its own is titled by a title-like first line, and its chunks carry it
# 6: a heading (a Word heading, a slide's title) is never a chunk of its own: it goes with what it heads
# 7: no heading-like paragraph is lost: a run of them heads what follows, a longer one (a PDF table's rows) is kept as
#    lines; a heading at a PDF page's foot heads the next page's text
# 8: no control or format character (a zero-width space, a soft hyphen, a direction override) in any text
#    (characters.plain); texts without them, the bundled corpus's and the law pack's, are unchanged
MAX_CHARS = 800  # a chunk is read on a phone: about a screen
MIN_CHARS = 80   # shorter pieces are fragments, merged into a neighbour
# At most this many heading-like paragraphs in a row head what follows (a part, a chapter, a section); a longer run is a
# table's rows or a list's lines, each its own paragraph (a PDF's short lines), and is kept as one paragraph of lines.
HEADING_RUN = 3
# What a run of headings (HEADING_RUN of at most 80 characters, each on its line) may add to a chunk's MAX_CHARS, so
# that they are quoted with what they head rather than cited alone.
HEADINGS_OVER = HEADING_RUN * 81
MAX_TOKEN = 200  # no word of any language is longer; a longer "word" is a blob (base64, a hash): skipped
SLIDE_WORD = {"nb": "lysbilde", "nn": "lysbilete", "da": "dias", "en": "slide"}
PARAGRAPH_WORD = {"nb": "avsnitt", "nn": "avsnitt", "da": "afsnit", "en": "paragraph"}

_SLIDE = re.compile(r"(\d{1,3})(?:\s+(.*))?", re.S)
# a list item's line begins so: a bullet, "2." or "2)", or a letter's "b)" (a Danish act's lettered list, on its
# lines since 0.4.28: bot.corpus.lawtext.danish_items)
BULLET = re.compile(r"\s*(?:[•\-–*▪●]|\d{1,2}[.)]|[a-zæøå]\))\s+")
# A sentence ends at . ! ? (or a closing quote after one) before a capital, digit, quote or dash.
_SENTENCE_END = re.compile(r"(?<=[.!?])[»\"”']?\s+(?=[A-ZÆØÅÄÖÜ0-9«\"“–-])")
ABBREVIATION_WINDOW = 16  # longer than the longest abbreviation below with its \b ("ekskl.")
# A Danish law's "stk." is followed by its number ("den i stk. 1 angivne måde"), "pr." by a date ("pr. 1. juni
# 2022"), and a ledd opens with its own number ("Stk. 2. Ved ansættelse …"): none ends a sentence (`whole_sentences`).
_REFERENCE_CUT = re.compile(r"\b(?:stk|pr)\.$", re.I)
_LEDD_MARK = re.compile(r"\s*Stk\.\s*\d+\s?[a-z]?\.")
_ABBREVIATION = re.compile(r"(?:\b(?:bl\.a|f\.eks|fx|mv|osv|dvs|ca|nr|jf|kap|pkt|ass|hhv|evt|inkl|ekskl|mht|vedr|o\.l)\.|\b[A-ZÆØÅ]\.)$", re.I)


@dataclass(frozen=True)
class Chunk:
    """One citable passage: `text` is the body, `heading` the section it stands under."""

    id: str
    source_id: str
    location: str
    text: str
    heading: str = ""
    start: int = 0
    end: int = 0
    secondary: bool = False  # an agenda slide: ranked after the slides it lists


def chunk_id(source_id: str, location: str, text: str) -> str:
    """A stable id: source, location and a hash of the content, so citations survive rebuilds."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    slug = re.sub(r"[^\w]+", "-", location.lower()).strip("-")
    return f"{source_id}:{slug}:{digest}" if slug else f"{source_id}:{digest}"


@dataclass
class _Unit:
    heading: str
    text: str
    start: int
    end: int
    context: str = ""  # the headings `text` starts with (a run of them above it): kept with its first piece


# A paragraph: from its first visible character over its lines, to a blank line. Repeated a line at a time, not a
# character (r"\S(?:.|\n(?!\s*\n))*" matched the same), since Python's regex engine keeps state for each repetition of
# a group: a file of lines without a blank one had cost about 110 bytes a character, so a 9 MB .txt passed the reader's
# 1 GiB (KOMMUNEBOT_READ_MEMORY_MB) and was skipped.
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n(?![^\S\n]*\n)[^\n]*)*")


def _paragraphs(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).strip(), m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at sentence ends, not after common Norwegian/Danish abbreviations."""
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _SENTENCE_END.finditer(text):
        # Only the sentence's last few characters can end in an abbreviation: searching from
        # the sentence start made a long text quadratic. (search(text, pos) still sees the
        # character before pos for \b; at `last` it is the whitespace a sentence end consumed.)
        if _ABBREVIATION.search(text, max(last, m.start() - ABBREVIATION_WINDOW), m.start()):
            continue
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, not after common Norwegian/Danish abbreviations (the index's sentence units)."""
    return [text[a:b].strip() for a, b in _sentence_spans(text)]


def whole_sentences(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each sentence as read, with the `split_sentences` pieces it is made of: a piece cut at a Danish
    reference ("… den i stk." + "1 angivne måde.", "pr." + "1. juni 2022.") or a ledd's number ("Stk." + "2."
    + "Ved …") goes on in the next.

    The quote shows these; the index embeds the pieces. Embedded whole instead, the Danish law's sentences
    moved close calls between neighbouring §§ either way, two first places fewer on dev-law and blind law 2
    (benchmarks/README.md, "Danish sentences whole in the quote").
    """
    out: list[tuple[str, tuple[str, ...]]] = []
    start = None
    pieces: list[str] = []
    for a, b in _sentence_spans(text):
        if start is None:
            start = a
        piece = text[a:b].strip()
        pieces.append(piece)
        if _REFERENCE_CUT.search(piece) or _LEDD_MARK.fullmatch(text, start, b):
            continue
        out.append((text[start:b].strip(), tuple(pieces)))
        start, pieces = None, []
    if start is not None:
        out.append((text[start:].strip(), tuple(pieces)))
    return out


def _split_long(unit: _Unit, limit: int) -> list[_Unit]:
    """Cut a long unit at bullet lines, else sentence ends, into pieces of at most `limit`."""
    if len(unit.text) <= limit:
        return [unit]
    lines = unit.text.split("\n")
    parts = lines if len(lines) > 1 and all(len(l) <= limit for l in lines) else split_sentences(unit.text)
    out: list[str] = []
    buf = ""
    for part in parts:
        if len(part) > limit:  # a sentence longer than a screen: cut at the last space
            # a blob is dropped; a long URL or compound under MAX_TOKEN is cut to fit the limit
            words = [w[i:i + limit] for w in part.split(" ") if len(w) <= MAX_TOKEN
                     for i in range(0, len(w), limit)]
            part_buf = ""
            for word in words:
                if part_buf and len(part_buf) + len(word) + 1 > limit:
                    if buf:
                        out.append(buf)
                        buf = ""
                    out.append(part_buf)
                    part_buf = word
                else:
                    part_buf = f"{part_buf} {word}".strip()
            part = part_buf
            if not part:
                continue
        sep = "\n" if parts is lines else " "
        if buf and len(buf) + len(part) + 1 > limit:
            out.append(buf)
            buf = part
        else:
            buf = f"{buf}{sep}{part}" if buf else part
    if buf:
        out.append(buf)
    if len(out) > 1 and unit.context and out[0].strip() == unit.context and unit.context != unit.heading:
        # Headings above headings did not fit with the start of what they head: the piece alone would be a passage
        # with nothing in it, so the next piece takes them, a few short lines over the limit. Only the lines nearest
        # to it that fit HEADINGS_OVER: a heading the format marks may be a paragraph of text (a long Word heading),
        # which had taken the next piece along whole and passed the limit by its own length. The lines before them
        # are a piece of their own.
        lines = out[0].split("\n")
        keep, over = len(lines), 0
        while keep and over + len(lines[keep - 1]) + 1 <= HEADINGS_OVER:
            keep -= 1
            over += len(lines[keep]) + 1
        if keep < len(lines):
            out[:2] = [*(["\n".join(lines[:keep])] if keep else []), "\n".join([*lines[keep:], out[1]])]
    units: list[_Unit] = []
    cursor = unit.start
    for piece in out:
        pos = max(unit.start, cursor)
        units.append(_Unit(unit.heading, piece, pos, min(unit.end, pos + len(piece))))
        cursor = pos + len(piece) + 1
    if len(units) > 1 and units[0].text.strip() == unit.heading:
        # The heading did not fit with the start of what it heads (a table's long first row): cited alone it would be
        # a passage with nothing in it. Every piece keeps it as its heading, which is searched and embedded with it.
        units.pop(0)
    return units


def list_lines(text: str) -> int:
    """How many of `text`'s lines are a list's items ("• …", "- …", "2. …")."""
    return sum(1 for line in text.split("\n") if BULLET.match(line))


def _is_heading(para: str) -> bool:
    # a table row ("Organ | Sats per møte") is a table's header, not a section's: it stays with its table
    return (len(para) <= 80 and "\n" not in para and not BULLET.match(para) and " | " not in para
            and not re.search(r"[.!?,;»\"]$", para) and len(para.split()) <= 12)


def _merge_fragments(units: list[_Unit], limit: int) -> list[_Unit]:
    merged: list[_Unit] = []
    for unit in units:
        prev = merged[-1] if merged else None
        if (prev and prev.heading == unit.heading and
                (len(unit.text) < MIN_CHARS or len(prev.text) < MIN_CHARS) and
                len(prev.text) + len(unit.text) + 1 <= limit):
            merged[-1] = _Unit(prev.heading, f"{prev.text}\n{unit.text}", prev.start, unit.end, prev.context)
        else:
            merged.append(unit)
    return merged


def _format_headings(paras: list[tuple[str, int, int]], marked: str) -> int:
    """How many of the first paragraphs are headings the format marks: up to the one the section is under, the
    headings with nothing under them before it (a Word "Kapittel 2" right above its "2.1 Formål") on their lines."""
    if not marked:
        return 0
    for i, (para, _, _) in enumerate(paras):
        if para == marked:
            return i + 1
        if "\n" in para:
            break
    return 0


def article_units(text: str, base: int = 0, marked: str = "", carried: str = "", title: str = "") -> list[_Unit]:
    """Paragraphs under their heading; a lead-in ending in ':' stays with what follows; no paragraph is left out.

    A run of up to HEADING_RUN heading-like paragraphs heads what follows, quoted with its first paragraph; a longer
    run (a table's rows, a list's lines) is one paragraph of lines.

    :param marked: the heading the format marks the text under (`Section.heading`), its first paragraph (after the
        headings above it that head nothing else).
    :param carried: a heading from the foot of the page before, not in `text`: it heads the text's start.
    :param title: the document's title: a marked heading above the section's own that repeats it is left to the title
        its chunks carry ("# Formannskapet" above "## Sak 30/26 Kulturhus").
    """
    units: list[_Unit] = []
    # headings waiting to be quoted with what they head: (text, start or None when not in `text`, marked or carried)
    context: list[tuple[str, int | None, bool]] = [(carried, None, True)] if carried else []
    heading = carried.rpartition("\n")[2]
    run: list[tuple[str, int, int]] = []  # heading-like paragraphs in a row, not yet known to be headings or rows
    lead: tuple[str, int, int] | None = None

    def emit(para: str, start: int, end: int) -> None:
        nonlocal context
        shown = "\n".join(head for head, _, _ in context)
        if context:
            # The first paragraph under a heading is quoted with it, as a slide with its title.
            para = f"{shown}\n{para}"
            start = next((at for _, at, _ in context if at is not None), start)
            context = []
        units.append(_Unit(heading, para, base + start, base + end, shown))

    def settle(followed: bool) -> None:
        """Place the run of heading-like paragraphs: the headings of what follows, else (a long run) one paragraph of
        lines, with a lead-in before it. At the text's end the run's last paragraph is what the others head."""
        nonlocal heading, lead, run
        if not followed and 2 <= len(run) <= HEADING_RUN + 1:
            last = run.pop()
            settle(followed=True)
            emit(*last)
            return
        if not run:
            return
        if followed and len(run) <= HEADING_RUN:
            if lead:  # a heading follows, not what the lead-in announced: it is a paragraph of its own
                emit(*lead)
                lead = None
            context.extend((head, at, False) for head, at, _ in run)
            heading = run[-1][0]
        else:
            block, start, end = "\n".join(head for head, _, _ in run), run[0][1], run[-1][2]
            if lead:
                block, start, lead = f"{lead[0]}\n{block}", lead[1], None
            emit(block, start, end)
        run = []

    paras = _paragraphs(text)
    marked_count = _format_headings(paras, marked)
    for i, (para, start, end) in enumerate(paras):
        # A heading the format marks is one whatever it looks like: a question or a long heading, read as a
        # paragraph of its own, had been cited alone above a table too long to share its chunk.
        if i < marked_count:
            if para == title and i < marked_count - 1:
                continue
            context.append((para, start, True))
            heading = para
            continue
        if _is_heading(para):
            run.append((para, start, end))
            continue
        first, _, rest = para.partition("\n")
        # Right under a marked heading a paragraph of lines is a table or a list: its first row ("Kommunestyret" of
        # a one-column table) heads nothing, and taken as the heading it had pushed the marked one out of the chunk.
        under_marked = bool(context) and context[-1][2] and not run
        if rest and _is_heading(first) and not first.endswith(":") and not under_marked:
            run.append((first, start, start + len(first)))
            para, start = rest.strip(), start + len(first) + 1
        settle(followed=True)
        # A paragraph that announces what follows ("… ønsker KS tilbakemelding på disse spørsmålene:")
        # stays with it: a short lead-in always, a longer one where the two fit one chunk.
        if para.endswith(":") and i + 1 < len(paras) and \
                (len(para) <= 120 or len(para) + len(paras[i + 1][0]) + 1 <= MAX_CHARS):
            if lead:
                emit(*lead)
            lead = (para, start, end)
            continue
        if lead:
            para, start, lead = f"{lead[0]}\n{para}", lead[1], None
        emit(para, start, end)
    settle(followed=False)
    if lead:
        emit(*lead)
    if context:  # headings with nothing under them (a page's last): a passage of their own rather than lost
        shown = "\n".join(head for head, _, _ in context)
        at = next((at for _, at, _ in context if at is not None), 0)
        units.append(_Unit(heading, shown, base + at, base + at + len(shown), shown))
    return units


def foot_headings(text: str) -> tuple[str, str]:
    """A page's text without the heading-like paragraphs at its foot, and those ("" when none): a run of up to
    HEADING_RUN after the page's text heads the next page's ("Kapittel 2" at the foot, its text overleaf). A page of
    headings alone (a title page, a chapter's first) keeps them."""
    paras = _paragraphs(text)
    n = 0
    while n < len(paras) and _is_heading(paras[-1 - n][0]):
        n += 1
    if not n or n > HEADING_RUN or n == len(paras):
        return text, ""
    at = paras[-n][1]
    return text[:at].rstrip(), "\n".join(para for para, _, _ in paras[-n:])


def slide_title(body: str) -> str:
    """A slide's title: its first line where the slide has lines (a .pptx or .odp puts its title on one), else
    guessed from its flattened text: up to a '?' or ':' early on, else the words before the first capitalised word
    that starts the bullets ("Tiltak for god samhandling")."""
    first, lines, _ = body.partition("\n")
    if lines and 3 <= len(first.strip()) <= 120 and not BULLET.match(first):
        return first.strip()  # guessed, the title of a slide holding a table ran into its first row ("Godtgjøring Organ |")
    early = re.match(r"[^?:]{3,80}[?:]", body)
    if early:
        return early.group(0).rstrip(":").strip()
    words = body.split()
    title = words[:1]
    for word in words[1:12]:
        if word[:1].isupper() and len(title) >= 2:
            break
        title.append(word)
    return " ".join(title) if len(title) < len(words) else ""


def slide_units(text: str, lang: str) -> list[tuple[str, _Unit]]:
    """Numbered slides in order become one unit each, located as "lysbilde N"."""
    word = SLIDE_WORD.get(lang, SLIDE_WORD["nb"])
    out: list[tuple[str, _Unit]] = []
    expected = 1
    for para, start, end in _paragraphs(text):
        m = _SLIDE.fullmatch(para)
        if m and int(m.group(1)) in (expected, expected + 1, expected + 2):
            expected = int(m.group(1)) + 1
            body = (m.group(2) or "").strip()
            if len(body) >= 3:  # a slide of pictures only has no text to cite
                out.append((f"{word} {m.group(1)}",
                            _Unit(slide_title(body), body, start + para.index(body), end)))
        else:
            for unit in article_units(para, start):
                out.append(("", unit))
    return out


AGENDA_MIN_TITLES = 3  # an agenda lists at least this many other slides' titles


def _opening(text: str, words: int = 3) -> str:
    return " ".join(re.findall(r"\w+", text.lower())[:words])


def agenda_slides(units: list[tuple[str, "_Unit"]]) -> set[int]:
    """Indexes of slides that only list other slides' titles (agenda, "DELKAPITLER").

    Such a slide holds every keyword of the slides it announces, and is short, so BM25
    would rank it above the slide that answers; it is kept but marked secondary.
    """
    slides = [(i, u) for i, (loc, u) in enumerate(units) if loc]
    openings = {i: _opening(u.text) for i, u in slides}
    found = set()
    for i, unit in slides:
        body = " ".join(re.findall(r"\w+", unit.text.lower()))
        others = {o for j, o in openings.items() if j != i and len(o.split()) == 3 and o != openings[i]}
        if sum(1 for o in others if o in body) >= AGENDA_MIN_TITLES:
            found.add(i)
    return found


def chunk_document(text: str, source_id: str, lang: str, layout: str, location: str = "",
                   title: str = "", limit: int = MAX_CHARS, heading: str = "", carried: str = "") -> list[Chunk]:
    """Chunk one cleaned document (or one PDF page, given its `location`, with the `carried` headings from the foot
    of the page before; a section under the `heading` its format marks)."""
    if layout == "slides":
        located = slide_units(text, lang)
        agendas = agenda_slides(located)
    else:
        units = article_units(text, marked=heading, carried=carried, title=title)
        located = [("", u) for u in _merge_fragments(units, limit)]
        agendas = set()
    chunks: list[Chunk] = []
    counter = 0
    for index, (slide_loc, unit) in enumerate(located):
        for piece in _split_long(unit, limit):
            counter += 1
            # A heading that only repeats the document's title locates nothing.
            heading = piece.heading if piece.heading != title else ""
            loc = slide_loc or location or heading or f"{PARAGRAPH_WORD.get(lang, 'avsnitt')} {counter}"
            if location and piece.heading and piece.heading != location:
                loc = f"{location}, {piece.heading}"
            # Bullets back on their lines (same length and words, so the same terms and offsets);
            # the id hashes the text as it was, so citations of earlier builds stay valid.
            text = restore_bullets(piece.text) if slide_loc else piece.text
            chunks.append(Chunk(chunk_id(source_id, loc, piece.text), source_id, loc, text,
                                piece.heading, piece.start, piece.end, index in agendas))
    return chunks
