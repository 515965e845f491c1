"""A facilitator's review report of many answers, in Markdown and in HTML."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from bot.answer.listing import Skipped
from bot.answer.marks import REFUSAL
from bot.answer.messages import counted, message, reply_language
from bot.answer.model import Answer, Passage
from bot.render.terminal import citation_line
from bot.render.titles import sections_html

Marks = Mapping[tuple[str, str], int]  # (question, chunk id or REFUSAL) -> +1 right / -1 wrong

# The report's own words, in the language most of its questions are in.
LABELS: dict[str, dict[str, str]] = {
    "nb": {"title": "kommunebot – gjennomgang", "questions": "spørsmål", "answered": "besvart",
           "uncertain": "{n:usikkert|usikre}", "not_covered": "ikke dekket",
           "weak": "{n:svakt svar|svake svar} (se etter)",
           "weak_flag": "SVAKT SVAR", "right": "riktig", "wrong": "feil",
           "pinned": "valgt av kursleder", "skipped": "Hoppet over",
           "refusal_right": "riktig avvist: kildene dekker det ikke",
           "refusal_wrong": "feil: kildene dekker dette, det skulle vært besvart"},
    "nn": {"title": "kommunebot – gjennomgang", "questions": "spørsmål", "answered": "svara",
           "uncertain": "{n:usikkert|usikre}", "not_covered": "{n:ikkje dekt|ikkje dekte}",
           "weak": "{n:svakt svar|svake svar} (sjå etter)",
           "weak_flag": "SVAKT SVAR", "right": "rett", "wrong": "feil",
           "pinned": "valt av kursleiar", "skipped": "Hoppa over",
           "refusal_right": "rett avvist: kjeldene dekkjer det ikkje",
           "refusal_wrong": "feil: kjeldene dekkjer dette, det skulle vore svara"},
    "da": {"title": "kommunebot – gennemgang", "questions": "spørgsmål", "answered": "besvaret",
           "uncertain": "{n:usikkert|usikre}", "not_covered": "ikke dækket",
           "weak": "{n:svagt svar|svage svar} (se efter)",
           "weak_flag": "SVAGT SVAR", "right": "rigtigt", "wrong": "forkert",
           "pinned": "valgt af kursusleder", "skipped": "Sprunget over",
           "refusal_right": "rigtigt afvist: kilderne dækker det ikke",
           "refusal_wrong": "forkert: kilderne dækker dette, det skulle have været besvaret"},
    "en": {"title": "kommunebot review", "questions": "{n:question|questions}", "answered": "answered",
           "uncertain": "uncertain", "not_covered": "not covered",
           "weak": "{n:weak answer|weak answers} (look at these)",
           "weak_flag": "WEAK ANSWER", "right": "right", "wrong": "wrong",
           "pinned": "chosen by the course leader", "skipped": "Skipped",
           "refusal_right": "rightly refused: the sources do not cover it",
           "refusal_wrong": "wrong: the sources do cover this, it should have been answered"},
}


def report_language(answers: list[Answer]) -> str:
    """The language most questions are in (bokmål on a tie or an empty list)."""
    counts = Counter(reply_language(a.language) for a in answers)
    return max(("nb", "nn", "da", "en"), key=lambda lang: counts[lang]) if counts else "nb"


def is_weak(a: Answer) -> bool:
    """An answer a facilitator should check: uncertain, or its first passage holds no word of the question. A pin
    (a course leader vouches for it) and the § the question cites by number (what was asked for, found by its
    number: "Hva sier offentleglova § 3?" is answered by § 3, whose text says no "offentleglova") are not weak."""
    if a.confidence == "uncertain":
        return True
    first = a.passages[0] if a.passages else None
    return a.answered and first is not None and not first.pinned and not first.cited and not first.highlights


def summary(answers: list[Answer]) -> dict[str, int]:
    """How many questions, answered, uncertain, not covered and weak."""
    return {"questions": len(answers), "answered": sum(a.confidence == "answered" for a in answers),
            "uncertain": sum(a.confidence == "uncertain" for a in answers),
            "not_covered": sum(a.confidence == "not_covered" for a in answers),
            "weak": sum(is_weak(a) for a in answers)}


def _summary_line(answers: list[Answer], words: dict[str, str]) -> str:
    n = summary(answers)

    def word(key: str) -> str:
        return counted(words[key], n=n[key])

    return (f"{n['questions']} {word('questions')}, {date.today().isoformat()}: {n['answered']} {word('answered')}, "
            f"{n['uncertain']} {word('uncertain')}, {n['not_covered']} {word('not_covered')}; "
            f"{n['weak']} {word('weak')}.")


def _mark(words: dict[str, str], marks: Marks | None, question: str, chunk_id: str) -> str:
    verdict = (marks or {}).get((question, chunk_id))
    return "" if verdict is None else words["right" if verdict > 0 else "wrong"]


def _refusal_mark(words: dict[str, str], marks: Marks | None, question: str) -> str:
    verdict = (marks or {}).get((question, REFUSAL))
    return "" if verdict is None else words["refusal_right" if verdict > 0 else "refusal_wrong"]


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


_MD_ITEM = re.compile(r"[-+] ")  # a bullet: kept a list item ("*" is escaped)
_MD_NUMBER = re.compile(r"(\d{1,9})([.)])(?=\s|$)")  # "1." or "2)" beginning a line: kept a line, not a list
_MD_RULE = re.compile(r"[-=]+$|(?:-\s*){3,}$")  # a line Markdown reads as a heading's underline or a rule


def _md_bold(text: str) -> str:
    """`text` escaped and in bold, line by line (Markdown's emphasis does not span a quote's lines)."""
    return "\n".join(f"**{_md_escape(line)}**" if line.strip() else line for line in text.split("\n"))


def _md_quote(p: Passage) -> str:
    out, last = [], 0
    for start, end in p.highlights:
        out.append(_md_escape(p.quote[last:start]) + _md_bold(p.quote[start:end]))
        last = end
    return "".join(out) + _md_escape(p.quote[last:])


def _md_blockquote(text: str) -> list[str]:
    """A quote's lines, each in the blockquote ("> ", a blank line as ">"): a line stays a line (a slide's
    bullets, a law's list), a list item is one, and a line after a list starts a paragraph of its own, not
    the last item's."""
    lines = text.split("\n")
    out: list[str] = []
    for n, raw in enumerate(lines):
        line = _MD_NUMBER.sub(r"\1\\\2", raw.strip(), count=1)  # an indented line would be code
        if _MD_RULE.match(line):
            line = "\\" + line  # "---" or "===" would make the line above a heading
        if not line:
            out.append(">")
            continue
        if out and out[-1] != ">" and not _MD_ITEM.match(line) and _MD_ITEM.match(lines[n - 1].strip()):
            out.append(">")  # the list ends here: else the line would join its last item
        following = lines[n + 1].strip() if n + 1 < len(lines) else ""
        breaks = following and not _MD_ITEM.match(following) and not _MD_ITEM.match(line)
        out.append(f"> {line}" + ("\\" if breaks else ""))
    return out


def report_markdown(answers: list[Answer], title: str | None = None, marks: Marks | None = None,
                    skipped: Sequence[Skipped] = ()) -> str:
    """Each question, its answer's quotes and citations, or that the sources do not cover it; then the lines
    that were not searched, with why."""
    language = report_language(answers)
    words = LABELS[language]
    lines = [f"# {title or words['title']}", "", _summary_line(answers, words), ""]
    for n, a in enumerate(answers, 1):
        flag = f" — **{words['weak_flag']}**" if is_weak(a) else ""
        lines += [f"## {n}. {_md_escape(a.question)}{flag}", ""]
        if not a.answered:
            mark = _refusal_mark(words, marks, a.question)
            lines += [f"*{_md_escape(message(a.lead, a.language, **a.lead_values))}*"
                      + (f" [{_md_escape(mark)}]" if mark else ""), ""]
            continue
        for p in a.passages:
            notes = [words["pinned"]] if p.pinned else []
            notes += [m for m in (_mark(words, marks, a.question, p.chunk_id),) if m]
            lines += [*_md_blockquote(_md_quote(p)), ">",
                      f"> — {_md_escape(citation_line(p.citation, a.language))}"
                      + (f" <{p.citation.url}>" if p.citation.url else "")
                      + "".join(f" [{n}]" for n in notes), ""]
    if skipped:
        lines += [f"## {words['skipped']}", ""] + [f"- {_md_escape(s.question)}: {_md_escape(s.reason(language))}"
                                                   for s in skipped] + [""]
    return "\n".join(lines)


def report_html(answers: list[Answer], title: str | None = None, marks: Marks | None = None,
                skipped: Sequence[Skipped] = ()) -> str:
    """The same report as one self-contained HTML page, every text escaped."""
    esc = html.escape
    language = report_language(answers)
    words = LABELS[language]
    title = title or words["title"]
    body = [f"<h1>{esc(title)}</h1>", f"<p class=summary>{esc(_summary_line(answers, words))}</p>"]
    for n, a in enumerate(answers, 1):
        flag = f" <span class=weak>{esc(words['weak_flag'])}</span>" if is_weak(a) else ""
        body.append(f"<section><h2>{n}. {esc(a.question)}{flag}</h2>")
        if not a.answered:
            mark = _refusal_mark(words, marks, a.question)
            body.append(f"<p class=no><em>{esc(message(a.lead, a.language, **a.lead_values))}</em>"
                        + (f" <strong>[{esc(mark)}]</strong>" if mark else "") + "</p>")
        for p in a.passages:
            quote, last = [], 0
            for start, end in p.highlights:
                quote.append(esc(p.quote[last:start]) + f"<mark>{esc(p.quote[start:end])}</mark>")
                last = end
            quote.append(esc(p.quote[last:]))
            cite = sections_html(citation_line(p.citation, a.language))  # escaped, each § kept on one line
            lines = "".join(quote).replace("\n", "<br>")  # a slide's bullets stay lines
            if p.citation.url:
                cite = f'<a href="{esc(p.citation.url)}">{cite}</a>'
            notes = [words["pinned"]] if p.pinned else []
            notes += [m for m in (_mark(words, marks, a.question, p.chunk_id),) if m]
            cite += "".join(f" <strong>[{esc(n)}]</strong>" for n in notes)
            body.append(f"<blockquote>{lines}<footer>— {cite}</footer></blockquote>")
        body.append("</section>")
    if skipped:
        body.append(f"<section><h2>{esc(words['skipped'])}</h2><ul>"
                    + "".join(f"<li>{esc(s.question)}: {esc(s.reason(language))}</li>" for s in skipped)
                    + "</ul></section>")
    style = ("body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
             "blockquote{border-left:4px solid #888;margin:1em 0;padding:.2em 1em}"
             "footer{display:block;color:#555;font-size:.9em}.no{color:#a00}"
             ".weak{color:#fff;background:#a40;padding:0 .3em}.nobreak{white-space:nowrap}")
    return (f"<!doctype html><html lang={language}><meta charset=utf-8><title>{esc(title)}</title>"
            f"<style>{style}</style><body>{''.join(body)}</body></html>")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> object:
    """A text a spreadsheet shows as text: one that could start a formula gets a leading `'`.

    A question or a quote such as `=HYPERLINK(...)` would otherwise run when the CSV is opened
    (spaces before the sign count too, and the full-width signs some spreadsheets read).
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer, every text cell through csv_cell."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([csv_cell(v) for v in row])


CSV_HEADER = ["number", "question", "language", "confidence", "weak", "rank", "passage", "source", "url", "chunk_id",
              "pinned", "mark"]


def is_report(text: str, fmt: str) -> bool:
    """Whether `text`, the start of a file, is a review report these functions wrote in `fmt` (md, html, csv): what
    may be replaced by a new one without asking."""
    if fmt == "md":
        return text.startswith("# kommunebot")
    if fmt == "html":
        return bool(re.match(r"<!doctype html><html lang=\w+><meta charset=utf-8><title>kommunebot", text))
    return text.splitlines()[:1] == [",".join(CSV_HEADER)]


def report_csv(answers: list[Answer], marks: Marks | None = None, skipped: Sequence[Skipped] = ()) -> str:
    """The report as CSV, a row a passage (one for a question not covered, its mark the refusal's; one for a line not
    searched, its confidence "skipped" and the reason as its passage), for a spreadsheet."""
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow(list(CSV_HEADER))
    for n, a in enumerate(answers, 1):
        row = [n, a.question, a.language, a.confidence, "yes" if is_weak(a) else ""]
        if not a.passages:  # its mark is the refusal's: 1 rightly refused, -1 should have been answered
            verdict = (marks or {}).get((a.question, REFUSAL)) if not a.answered else None
            writer.writerow(row + ["", "", "", "", "", "", "" if verdict is None else verdict])
        for p in a.passages:
            verdict = (marks or {}).get((a.question, p.chunk_id))
            writer.writerow(row + [p.rank, p.quote, citation_line(p.citation, a.language), p.citation.url or "",
                                   p.chunk_id, "yes" if p.pinned else "", "" if verdict is None else verdict])
    language = report_language(answers)
    for s in skipped:
        writer.writerow(["", s.question, "", "skipped", "", "", s.reason(language), "", "", "", "", ""])
    return out.getvalue()
