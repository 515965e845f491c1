"""A facilitator's review report of many answers, in Markdown and in HTML."""

from __future__ import annotations

import html
from datetime import date

from bot.answer.messages import message
from bot.answer.model import Answer
from bot.corpus.manifest import safe_url
from bot.render.terminal import citation_line


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def _md_quote(p) -> str:
    out, last = [], 0
    for start, end in p.highlights:
        out.append(_md_escape(p.quote[last:start]) + "**" + _md_escape(p.quote[start:end]) + "**")
        last = end
    return "".join(out) + _md_escape(p.quote[last:])


def report_markdown(answers: list[Answer], title: str = "kommunebot review") -> str:
    """Each question, its answer's quotes and citations, or that the sources do not cover it."""
    lines = [f"# {title}", "", f"{len(answers)} questions, {date.today().isoformat()}. "
             f"Not covered: {sum(not a.answered for a in answers)}.", ""]
    for n, a in enumerate(answers, 1):
        lines += [f"## {n}. {_md_escape(a.question)}", ""]
        if not a.answered:
            lines += [f"*{message('not_covered', a.language)}*", ""]
            continue
        for p in a.passages:
            lines += [f"> {_md_quote(p)}", ">", f"> — {_md_escape(citation_line(p.citation))}"
                      + (f" <{safe_url(p.citation.url)}>" if safe_url(p.citation.url) else ""), ""]
    return "\n".join(lines)


def report_html(answers: list[Answer], title: str = "kommunebot review") -> str:
    """The same report as one self-contained HTML page, every text escaped."""
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>", f"<p>{len(answers)} questions, {date.today().isoformat()}. "
            f"Not covered: {sum(not a.answered for a in answers)}.</p>"]
    for n, a in enumerate(answers, 1):
        body.append(f"<section><h2>{n}. {esc(a.question)}</h2>")
        if not a.answered:
            body.append(f"<p class=no><em>{esc(message('not_covered', a.language))}</em></p>")
        for p in a.passages:
            quote, last = [], 0
            for start, end in p.highlights:
                quote.append(esc(p.quote[last:start]) + f"<mark>{esc(p.quote[start:end])}</mark>")
                last = end
            quote.append(esc(p.quote[last:]))
            cite = esc(citation_line(p.citation))
            url = safe_url(p.citation.url)
            if url:
                cite = f'<a href="{esc(url)}">{cite}</a>'
            body.append(f"<blockquote>{''.join(quote)}<footer>— {cite}</footer></blockquote>")
        body.append("</section>")
    style = ("body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
             "blockquote{border-left:4px solid #888;margin:1em 0;padding:.2em 1em}"
             "footer{color:#555;font-size:.9em}.no{color:#a00}")
    return (f"<!doctype html><html lang=nb><meta charset=utf-8><title>{esc(title)}</title>"
            f"<style>{style}</style><body>{''.join(body)}</body></html>")
