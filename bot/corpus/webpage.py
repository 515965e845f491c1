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


# What a page's <title> puts between its own title and the site's name ("Slik fungerer kommunestyret – KS")
TITLE_SEPARATORS = (" | ", " – ", " — ", " - ")


def site_names(url: str, *named: str) -> set[str]:
    """The names a page gives its site, folded: those it names (its og:site_name or application-name, its author), and
    its address's host with and without "www." and the domain's ending ("www.regjeringen.no": regjeringen.no,
    regjeringen; "ks.no": ks)."""
    from urllib.parse import urlsplit

    names = set(named)
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        host = ""
    host = host.removeprefix("www.")
    if "." in host:
        names |= {host, host.split(".")[0]}
    return {" ".join(name.split()).casefold() for name in names if name.strip()}


def page_title(title: str, sites: set[str]) -> str:
    """`title` without the site's name after its last separator ("… | Regjeringen.no"); a title that merely holds a
    dash ("Plan- og bygningsloven – en innføring") is kept whole."""
    cuts = [(title.rfind(sep), sep) for sep in TITLE_SEPARATORS if title.rfind(sep) > 0]
    if not cuts:
        return title
    at, sep = max(cuts)
    head, tail = title[:at].strip(), title[at + len(sep):]
    return head if head and " ".join(tail.split()).casefold() in sites else title


def html_metadata(markup: str, publisher: str = "", address: str = "") -> FileMetadata:
    """<title> (or og:title) without the site's name, <meta name="author">, <html lang> and the canonical URL (or
    og:url).

    :param publisher: the publisher sources.toml gives the page, and `address` its url: they name the site as the
        page's own names do.
    """
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
    url = url or meta("og:url")
    author = meta("author", "DC.creator")
    # the site's name is no part of the page's own title: "Slik fungerer kommunestyret – KS" had been cited so. A page
    # may name its site only as its author, the publisher it is cited with ("… – Testvik kommune" by Testvik kommune),
    # or leave it to sources.toml's publisher, which it is then cited with (its "– Testvik kommune" had been kept)
    sites = site_names(url, meta("og:site_name", "application-name"), author) | site_names(address, publisher)
    return FileMetadata(title=page_title(title or meta("og:title"), sites), author=author, date=date, lang=lang,
                        url=url)
