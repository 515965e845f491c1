"""Reading an HTML page: its main text, and the title, author, language and URL its head declares."""

from __future__ import annotations

from bot.corpus.section import FileMetadata, Section
from bot.errors import CorpusError


def read_html(markup: str, name: str) -> list[Section]:
    """An HTML page's main text only (trafilatura drops menus, footers and ads), one section a heading."""
    import trafilatura

    from bot.corpus.markdown import read_markdown

    # As Markdown, so each <h1>-<h6> starts its own section, located by that heading.
    text = trafilatura.extract(markup, include_comments=False, include_tables=True, favor_recall=True,
                               output_format="markdown", include_formatting=True)
    sections = read_markdown(text) if text and text.strip() else []
    if sections:
        return sections
    if not text or not text.strip():
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(markup, "html.parser")
        for tag in soup(["script", "style", "nav", "header", "footer", "aside"]):
            tag.decompose()
        text = soup.get_text("\n\n")
    if not text.strip():
        raise CorpusError(f"{name}: no main text found in the HTML")
    return [Section(text.replace("\n", "\n\n"))]


def html_metadata(markup: str) -> FileMetadata:
    """<title> (or og:title), <meta name="author">, <html lang> and the canonical URL (or og:url)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")

    def meta(*names: str) -> str:
        for key in names:
            tag = soup.find("meta", attrs={"name": key}) or soup.find("meta", attrs={"property": key})
            if tag is not None and str(tag.get("content") or "").strip():
                return " ".join(str(tag["content"]).split())
        return ""

    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    html = soup.find("html")
    lang = str(html.get("lang") or "").strip() if html is not None else ""
    canonical = soup.find("link", rel="canonical")
    url = str(canonical.get("href") or "").strip() if canonical is not None else ""
    date = meta("dcterms.created", "date", "article:published_time", "DC.date")[:10]
    return FileMetadata(title=title or meta("og:title"), author=meta("author", "DC.creator"),
                        date=date, lang=lang, url=url or meta("og:url"))
