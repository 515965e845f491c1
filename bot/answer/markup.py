"""What is pasted into a question but not asked: HTML tags, script and style bodies, web addresses, entities."""

from __future__ import annotations

import html
import re

# A tag's text between < and >: markup pasted into a question is not what was asked (the tags' words, "script",
# "href", "b", had read a Norwegian question as English); the text between tags is kept.
TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
# What a <script> or <style> element holds is code, never the question ("Hva er <script>alert(1)</script>
# habilitet?" searched "alert"); only a closed element is dropped: a lone "<script>" typed in a question is a tag.
CODE = re.compile(r"<(script|style)\b[^<>]{0,200}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# A web address ("https://example.com/", "www.ks.no/x") is a link, not words: its "example", "com" had read a
# Norwegian question as English and changed the passages. Its last character is not a sentence's punctuation, so
# "… se https://ks.no/?" keeps its question mark.
URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}»]", re.IGNORECASE)


def without_markup(text: str) -> str:
    """`text` without script and style bodies, web addresses and tags, each left as a space, its entities read first.

    An entity stands for its character ("&amp;" for "&", "&lt;p&gt;" for a tag): its name had been searched ("amp",
    "lt"), and "Hva er rådmannens ansvar? &lt;p&gt;Q&amp;A&lt;/p&gt;" was refused.
    """
    return TAG.sub(" ", URL.sub(" ", CODE.sub(" ", html.unescape(text))))


def without_tags(text: str) -> str:
    """`text` without script and style bodies and tags, its entities read first; its web addresses kept (a pasted
    link to a source is read as that source)."""
    return TAG.sub(" ", CODE.sub(" ", html.unescape(text)))
