"""Hostile report files, built in memory, for the reader's limits (tests and the benchmark).

Each is small on the wire and expensive to read without limits: that is the attack.
"""

from __future__ import annotations

import io
import struct
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _styles(count: int) -> str:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="Style{n}"><w:name w:val="Style {n}"/></w:style>'
        for n in range(count)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '</w:style><w:style w:type="paragraph" w:styleId="ListBullet">'
        f'<w:name w:val="List Bullet"/></w:style>{styles}</w:styles>'
    )


def _document_head() -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
        "<w:body>"
    ).encode()


_DOCUMENT_TAIL = b"</w:body></w:document>"


def docx(paragraphs: list[str], *, style: str | None = None, styles: int = 0) -> bytes:
    """A minimal, valid .docx holding ``paragraphs`` (each in ``style``, if given)."""
    p_pr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = "".join(
        f"<w:p>{p_pr}<w:r><w:t>{text}</w:t></w:r></w:p>" if text else f"<w:p>{p_pr}</w:p>"
        for text in paragraphs
    )
    return _package(_document_head() + body.encode() + _DOCUMENT_TAIL, styles=styles)


def _package(document_xml: bytes, *, styles: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/styles.xml", _styles(styles))
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def empty_paragraphs_docx(count: int = 100_000) -> bytes:
    """Issue 8.3's first file: ``count`` empty styled paragraphs, some 49 KB zipped with the
    many styles a Word template carries (style lookup per paragraph made it quadratic)."""
    return docx([""] * count, style="Style150", styles=200)


def zip_bomb_docx(inflated: int = 1024**3) -> bytes:
    """A .docx whose document.xml inflates to ``inflated`` bytes (one run of spaces), written
    in chunks so that building it does not need the memory that reading it would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/styles.xml", _styles(0))
        head = _document_head() + b'<w:p><w:r><w:t xml:space="preserve">'
        tail = b"</w:t></w:r></w:p>" + _DOCUMENT_TAIL
        chunk = b" " * (4 * 1024 * 1024)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            left = inflated - len(head) - len(tail)
            while left > 0:
                member.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            member.write(tail)
    return buffer.getvalue()


def lying_zip_bomb_docx(inflated: int = 256 * 1024**2, declared: int = 1000) -> bytes:
    """The zip bomb with its members' declared sizes rewritten to look small: a reader that
    trusts the central directory would let it through."""
    data = bytearray(zip_bomb_docx(inflated))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # The central directory entry for document.xml: patch its uncompressed size (a ZIP64 extra
    # field holds the real one, so patch that too) and the local header's ZIP64 extra.
    name = b"word/document.xml"
    offset = 0
    while True:
        central = data.find(b"PK\x01\x02", offset)
        if central < 0:
            break
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            _patch_sizes(data, central, central + 24, central + 46 + name_len, declared)
        offset = central + 4
    local = info.header_offset
    local_name_len = struct.unpack_from("<H", data, local + 26)[0]
    _patch_sizes(data, local, local + 22, local + 30 + local_name_len, declared)
    return bytes(data)


def _patch_sizes(data: bytearray, header: int, size_at: int, extra_at: int, declared: int):
    """Set the 32-bit uncompressed size at ``size_at`` and, when it is 0xFFFFFFFF, the ZIP64
    extra field's uncompressed size that follows the name."""
    if struct.unpack_from("<I", data, size_at)[0] == 0xFFFFFFFF:
        tag, _length = struct.unpack_from("<HH", data, extra_at)
        if tag == 0x0001:
            struct.pack_into("<Q", data, extra_at + 4, declared)
    else:
        struct.pack_into("<I", data, size_at, declared)


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` blank pages (pypdf writes it)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def huge_page_pdf(characters: int) -> bytes:
    """A one-page PDF whose page draws ``characters`` characters of text (compressed, so the
    file stays small)."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    line = "The force should review its approach. " * 20
    lines = max(1, characters // len(line))
    content = (
        b"BT /F1 8 Tf 10 800 Td "
        + b"".join(b"(" + line.encode() + b") Tj 0 -10 Td " for _ in range(lines))
        + b"ET"
    )
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream = stream.flate_encode()
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
