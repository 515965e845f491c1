"""Reading Markdown as Markdown (markdown-it-py): headings start sections, markup is not quoted."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.token import Token

from bot.corpus.office import sections_by_heading, table_rows
from bot.corpus.section import Section


def _plain(token: Token) -> str:
    """An inline token's text without markup: emphasis, links and code keep their words, images their alt text."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_plain(child))
    return "".join(out)


def markdown_blocks(text: str) -> Iterator[tuple[str, str]]:
    """("heading" | "list" | "text", text) for each heading, list item, paragraph, code block and table."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    heading = cell = False
    lists = 0
    row: list[str] = []
    rows: list[list[str]] = []
    for token in parser.parse(text):
        kind = token.type
        if kind in ("heading_open", "heading_close"):
            heading = kind == "heading_open"
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            cell = kind.endswith("_open")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "tr_close":
            rows.append(row)
            row = []
        elif kind == "table_close":
            yield "text", table_rows(rows)
            rows = []
        elif kind in ("fence", "code_block", "html_block"):
            yield "text", token.content
        elif kind == "inline" and cell:
            row.append(_plain(token))
        elif kind == "inline":
            yield ("heading" if heading else "list" if lists else "text"), _plain(token)


def first_paragraph(text: str) -> str:
    """The document's first block without markup when it is a paragraph of one line with a blank line (or nothing)
    after it ("**Plan for Testvik**"), else "" (a heading, a list, a rule, a paragraph over several lines or one a list
    runs on from): what may be a title-like first line."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).parse(text)
    if len(tokens) < 2 or tokens[0].type != "paragraph_open" or "\n" in tokens[1].content.strip():
        return ""
    lines, end = text.splitlines(), (tokens[0].map or [0, 0])[1]
    return "" if end < len(lines) and lines[end].strip() else _plain(tokens[1])


def read_markdown(text: str) -> list[Section]:
    """A Markdown text: one section a heading (located by it), list items one a line, tables one row a line."""
    return sections_by_heading(markdown_blocks(text))


def markdown_title(text: str) -> str:
    """The text of the document's first level-1 heading ("# Sykkelstrategi", or one underlined with "="), "" when it
    has none: a Markdown file's title, as a Word file's is its title property."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).parse(text)
    for n, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and token.tag == "h1":
            return " ".join(_plain(tokens[n + 1]).split())
    return ""
