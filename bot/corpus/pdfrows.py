"""A PDF page's lines as pypdf reads them, each table row on one line with its cells joined as a Word table's are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CELL_SEPARATOR = " | "  # as a Word, OpenDocument or PowerPoint table's cells are joined (office.table_rows)
# How far apart two texts may sit and still be on one baseline, as a share of the font size: a table's cells are
# drawn on one baseline, give or take a cell aligned a little lower.
BASELINE_SHARE = 0.3
COLUMN_POINTS = 1.5  # how far apart (in points) two cells' left edges may be and still start one column
MIN_ROWS = 2  # cells in one column on this many rows in a row make a table; one line of pieces is never told from text


class TableRow(str):
    """A line of a PDF page that is a table's row, its cells joined by CELL_SEPARATOR."""


@dataclass(frozen=True)
class _Piece:
    """A text pypdf showed in one go: its span in the page's text and where on the page it begins."""

    start: int
    end: int
    x: float
    y: float
    size: float


def page_lines(page: Any) -> list[str]:
    """The lines of a pypdf page's text; a table's rows each one TableRow ("Møtegodtgjørelse | 1 200 kr").

    pypdf reads a table's cells as running text: one a line where the cells are drawn in an order that moves down and
    up again ("Møtegodtgjørelse", "1 200 kr"), or joined by a space where they are not ("Møtegodtgjørelse 1 200 kr"),
    so the chunker took a short row for a heading. A row is told by where its texts are drawn: side by side on one
    baseline, starting in the same columns as the row next to it. Text drawn so only by chance (a bold word at the
    same place in two lines) is not: every column of the row with fewer must be one of the other's. A column of
    right-aligned amounts starts nowhere in common, and such a table reads as before.
    """
    parts: list[str] = []
    pieces: list[_Piece] = []
    at = 0

    def visit(text: Any, cm: Any, tm: Any, _font: Any, size: Any) -> None:
        nonlocal at
        text = text if isinstance(text, str) else ""
        placed = _placed(cm, tm, size)
        if text.strip() and placed is not None:
            pieces.append(_Piece(at, at + len(text), *placed))
        parts.append(text)
        at += len(text)

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(parts) != text:  # a pypdf that shows some text past the visitor: its spans would not be the text's
        return text.splitlines()
    lines: list[str] = []
    cursor = 0
    for cells in _table_rows(text, pieces):
        between = text[cursor:cells[0][0].start]
        lines += (between.removeprefix("\n") if cursor else between).splitlines()  # a row ends its own line
        lines.append(TableRow(CELL_SEPARATOR.join(" ".join(text[c[0].start:c[-1].end].split()) for c in cells)))
        cursor = cells[-1][-1].end
    return lines + (text[cursor:].removeprefix("\n") if cursor else text).splitlines()


def _placed(cm: Any, tm: Any, size: Any) -> tuple[float, float, float] | None:
    """Where on the page a text begins (x, y) and its size there; None for text that is turned or mirrored."""
    try:
        a, b, c, d, e, f = (float(v) for v in cm[:6])
        ta, tb, tc, td, te, tf = (float(v) for v in tm[:6])
        scale = float(size)
    except (TypeError, ValueError):
        return None
    # the text matrix times the page's: its a..d say how the text is turned, e and f where it begins
    m = (ta * a + tb * c, ta * b + tb * d, tc * a + td * c, tc * b + td * d, te * a + tf * c + e, te * b + tf * d + f)
    if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6 or m[0] <= 0 or m[3] <= 0:
        return None
    return m[4], m[5], max(scale * m[3], 1.0)


def _table_rows(text: str, pieces: list[_Piece]) -> list[list[list[_Piece]]]:
    """The cells of each table row, in the page's order (a cell one or more pieces): rows of two or more pieces next
    to a row whose columns agree with theirs."""
    rows: list[list[_Piece]] = []
    for piece in pieces:
        one_line = "\n" not in text[piece.start:piece.end].strip()
        row = rows[-1] if rows else []
        if row and one_line and row[0].size and abs(piece.y - row[0].y) <= BASELINE_SHARE * piece.size and \
                piece.x > row[-1].x + COLUMN_POINTS:
            row.append(piece)
        else:  # a piece of more than one line starts a row nothing joins (its size 0)
            rows.append([piece if one_line else _Piece(piece.start, piece.end, piece.x, piece.y, 0.0)])
    tables: list[list[list[_Piece]]] = []
    for before, row in zip(rows, rows[1:], strict=False):
        if _agree(before, row):
            if not tables or tables[-1][-1] is not before:
                tables.append([before])
            tables[-1].append(row)
    return [cells for table in tables if len(table) >= MIN_ROWS for cells in _cells(table)]


def _agree(one: list[_Piece], other: list[_Piece]) -> bool:
    """Whether two rows of pieces are a table's: two or more pieces each, every piece of the one with fewer starting
    where a piece of the other starts."""
    if len(one) < 2 or len(other) < 2:
        return False
    fewer, more = sorted((one, other), key=len)
    return all(any(abs(p.x - q.x) <= COLUMN_POINTS for q in more) for p in fewer)


def _cells(table: list[list[_Piece]]) -> list[list[list[_Piece]]]:
    """A table's rows as cells: a piece in a column other rows have too begins a cell, another (a bold word inside a
    cell) goes on in the cell before it."""
    starts = [p.x for row in table for p in row]
    columns = [x for x in starts if sum(abs(x - y) <= COLUMN_POINTS for y in starts) >= 2]
    out: list[list[list[_Piece]]] = []
    for row in table:
        cells: list[list[_Piece]] = []
        for piece in row:
            if not cells or any(abs(piece.x - x) <= COLUMN_POINTS for x in columns):
                cells.append([piece])
            else:
                cells[-1].append(piece)
        out.append(cells)
    return out
