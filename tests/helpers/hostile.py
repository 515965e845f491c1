"""Hostile corpus files made on the spot, small on disk (the reliability tests and benchmarks/hostile.py).

Each generator takes the path and a size; the defaults are the sizes of the attack report
(issue 24), the tests pass small ones. Nothing here is a committed blob.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

MIB = 1 << 20


def _deflated(chunks: Callable[[], object], level: int = 9) -> bytes:
    """The zlib stream of what `chunks()` yields, compressed a block at a time (never held whole)."""
    packer = zlib.compressobj(level)
    out = [packer.compress(chunk) for chunk in chunks()]  # type: ignore[attr-defined]
    return b"".join(out) + packer.flush()


def _repeat(block: bytes, total: int):
    """`block` repeated up to `total` bytes, yielded a MiB at a time."""
    piece = block * max(1, MIB // len(block))
    left = total
    while left > 0:
        yield piece[:left]
        left -= len(piece)


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of numbered objects (object 1 the catalog) with a correct cross-reference table."""
    out, offsets = b"%PDF-1.7\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return out


def _stream(data: bytes, flate: bool = True) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
    return b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if flate else b"") + data + \
        b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page_pdf(path: Path, contents: bytes, extra: list[bytes] | None = None, kids: bytes = b"3 0 R",
              count: int = 1, trailer: bytes = b"") -> Path:
    """A one-page PDF (object 3) whose /Contents is `contents`; objects 4 the font, 5… `extra`."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " + contents +
               b" /Resources << /Font << /F1 4 0 R >> >> >>", FONT, *(extra or [])]
    path.write_bytes(raw_pdf(objects, trailer))
    return path


def pdf_aes256(path: Path) -> Path:
    """An AES-256 (revision 6) encrypted PDF: pypdf needs a crypto library to even try the empty password."""
    encrypt = (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 "
               b"/CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF "
               b"/O <" + b"41" * 48 + b"> /U <" + b"42" * 48 + b"> /OE <" + b"43" * 32 + b"> /UE <" + b"44" * 32 +
               b"> /Perms <" + b"45" * 16 + b"> >>")
    return _page_pdf(path, b"6 0 R", [encrypt, _stream(b"BT /F1 12 Tf 72 700 Td (hemmelig) Tj ET", False)],
                     trailer=b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> "
                             b"<00112233445566778899aabbccddeeff>] ")


def pdf_flate_bomb(path: Path, mb: int = 80) -> Path:
    """A page whose Flate content stream unpacks to `mb` MB (pypdf stops at 75 MB): a few tens of KB on disk."""
    data = _deflated(lambda: _repeat(b" ", mb * 1_000_000))
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _page_pdf(path, b"5 0 R", [body])


def pdf_many_operators(path: Path, n: int = 1_500_000) -> Path:
    """A page of `n` text-showing operators in one compressed stream."""
    data = _deflated(lambda: [b"BT /F1 12 Tf 72 700 Td ", *_repeat(b"(a) Tj ", 7 * n), b" ET"])
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _page_pdf(path, b"5 0 R", [body])


def pdf_contents_array(path: Path, n: int = 100_000) -> Path:
    """A page whose /Contents is an array of `n` references to one stream."""
    return _page_pdf(path, b"[" + b"5 0 R " * n + b"]", [_stream(b"BT /F1 12 Tf 72 700 Td (tekst) Tj ET")])


def pdf_shared_page(path: Path, n: int = 20_000) -> Path:
    """One page listed `n` times in the page tree."""
    return _page_pdf(path, b"5 0 R", [_stream(b"BT /F1 12 Tf 72 700 Td (side) Tj ET")],
                     kids=b"3 0 R " * n, count=n)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"')
GOOD_META = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS}><office:meta>'
             '<dc:title>Reglement</dc:title></office:meta></office:document-meta>')


def odf_package(path: Path, content: bytes | Callable[[], object] | None, meta: str | None = GOOD_META,
                kind: str = "text") -> Path:
    """An OpenDocument zip: mimetype, manifest, meta.xml, and content.xml (None: left out; a callable: streamed)."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", manifest)
        if meta is not None:
            package.writestr("meta.xml", meta)
        if callable(content):
            with package.open("content.xml", "w", force_zip64=True) as member:
                for chunk in content():  # type: ignore[attr-defined]
                    member.write(chunk)
        elif content is not None:
            package.writestr("content.xml", content)
    return path


def _content(body: str, kind: str = "text") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}><office:body>'
            f'<office:{kind}>{body}</office:{kind}></office:body></office:document-content>').encode()


GOOD_TEXT = ('<text:h text:outline-level="1">Kontrollutvalget</text:h>'
             "<text:p>Kontrollutvalget fører kontroll.</text:p>")


def odt_deep(path: Path, depth: int = 5000, tag: str = "text:section") -> Path:
    """An .odt of `depth` nested elements around one paragraph."""
    inner = "<text:list-item>{}</text:list-item>" if tag == "text:list" else "{}"
    body = "Dypt nede." if tag == "text:span" else "<text:p>Dypt nede.</text:p>"
    opening = "".join(f"<{tag}>" + inner.split("{}")[0] for _ in range(depth))
    closing = "".join(inner.split("{}")[1] + f"</{tag}>" for _ in range(depth))
    xml = opening + body + closing
    return odf_package(path, _content(f"<text:p>{xml}</text:p>" if tag == "text:span" else xml))


def odp_deep(path: Path, depth: int = 5000) -> Path:
    """An .odp whose one slide holds `depth` nested draw:g groups."""
    body = ('<draw:page draw:name="1">' + "<draw:g>" * depth +
            '<draw:frame><draw:text-box><text:p>Dypt</text:p></draw:text-box></draw:frame>' +
            "</draw:g>" * depth + "</draw:page>")
    return odf_package(path, _content(body, "presentation"), kind="presentation")


def odt_malformed_content(path: Path) -> Path:
    """An .odt whose content.xml is cut off mid-element (odfpy prints it to stdout and goes on)."""
    return odf_package(path, _content(GOOD_TEXT)[:-40])


def odt_missing_content(path: Path) -> Path:
    """An .odt without content.xml."""
    return odf_package(path, None)


def odt_bad_meta(path: Path) -> Path:
    """An .odt with good text and a meta.xml that is not XML."""
    return odf_package(path, _content(GOOD_TEXT), meta=GOOD_META[:-30])


def odt_content_bomb(path: Path, mb: int = 1024) -> Path:
    """An .odt whose content.xml unpacks to `mb` MiB (white space inside a paragraph): about 1 MB a GiB on disk."""
    head, tail = _content("<text:p>Tekst").split(b"Tekst")
    return odf_package(path, lambda: [head, b"Tekst", *_repeat(b" ", mb * MIB), tail])


def odt_many_paragraphs(path: Path, n: int = 2_000_000) -> Path:
    """An .odt of `n` one-word paragraphs: small on disk, a large tree in memory."""
    head, tail = _content("@").split(b"@")
    return odf_package(path, lambda: [head, *_repeat(b"<text:p>ord</text:p>", 20 * n), tail])


def odt_one_long_paragraph(path: Path, mb: int = 100) -> Path:
    """An .odt of one paragraph of `mb` MiB of words: small on disk, its text alone fills memory fast."""
    head, tail = _content("@").split(b"@")
    return odf_package(path, lambda: [head, b"<text:p>", *_repeat(b"ord ", mb * MIB), b"</text:p>", tail])


def _rewrite_zip(source: Path, target: Path, replace: dict[str, Callable[[], object]]) -> Path:
    """`source`'s members copied to `target`, those named in `replace` streamed from their generators."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
        for info in old.infolist():
            if info.filename in replace:
                continue
            new.writestr(info, old.read(info.filename))
        for name, chunks in replace.items():
            with new.open(name, "w", force_zip64=True) as member:
                for chunk in chunks():  # type: ignore[attr-defined]
                    member.write(chunk)
    return target


def pptx_member_bomb(path: Path, mb: int = 2048) -> Path:
    """A good .pptx whose thumbnail (a part the package loads) unpacks to `mb` MiB of zeros."""
    from tests.helpers.documents import make_pptx

    plain = make_pptx(path.with_name(path.name + ".plain.pptx"))
    try:
        return _rewrite_zip(plain, path, {"docProps/thumbnail.jpeg": lambda: _repeat(b"\0", mb * MIB)})
    finally:
        plain.unlink()


def docx_many_paragraphs(path: Path, n: int = 200_000) -> Path:
    """A .docx of `n` short paragraphs (python-docx walks them slowly)."""
    from tests.helpers.documents import make_docx

    plain = make_docx(path.with_name(path.name + ".plain.docx"))
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    try:
        return _rewrite_zip(plain, path, {"word/document.xml": lambda: [
            head, *_repeat(b"<w:p><w:r><w:t>ord</w:t></w:r></w:p>", 36 * n), b"</w:body></w:document>"]})
    finally:
        plain.unlink()


def html_attributes(path: Path, n: int = 200_000) -> Path:
    """An HTML page whose one paragraph carries `n` attributes."""
    attributes = " ".join(f'a{i}="x"' for i in range(n))
    path.write_text(f"<html><body><p {attributes}>Kommunestyret vedtar budsjettet.</p></body></html>")
    return path


def jsonl_gz_long_line(path: Path, mb: int = 2048) -> Path:
    """A .jsonl.gz of one record whose line unpacks to `mb` MiB."""
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b'{"id": "a", "title": "A", "text": "')
        for chunk in _repeat(b"a", mb * MIB):
            handle.write(chunk)
        handle.write(b'"}\n')
    return path


def jsonl_gz_blank_lines(path: Path, mb: int = 2048) -> Path:
    """A .jsonl.gz of `mb` MiB of empty lines and then one good record."""
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for chunk in _repeat(b"\n", mb * MIB):
            handle.write(chunk)
        handle.write(b'{"id": "a", "title": "A", "text": "Kommunestyret vedtar budsjettet."}\n')
    return path


def jsonl_gz_corrupt(path: Path) -> Path:
    """A .jsonl.gz whose compressed data is damaged past its header (zlib, not gzip, complains)."""
    data = bytearray(gzip.compress(b'{"id": "a", "text": "tekst"}\n' * 200))
    data[12:40] = b"\xff" * 28
    path.write_bytes(bytes(data))
    return path
