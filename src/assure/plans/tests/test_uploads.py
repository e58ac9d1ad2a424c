"""Evidence files are checked by what they contain, not only by what they are called."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from assure.plans.uploads import ALLOWED, MAX_BYTES, CheckedFile, check_upload

# Real files, made the way people make them ------------------------------------------------------


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Audit of 20 missing-children cases, Leeds district.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["month", "cases"])
    workbook.active.append(["January", 20])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def word97_bytes() -> bytes:
    """An OLE compound file whose first sector holds a Word 97 file information block."""
    return OLE + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 600


def excel97_bytes() -> bytes:
    """An OLE compound file whose first sector starts with an Excel BIFF8 BOF record."""
    return OLE + b"\x00" * 504 + b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\x00" * 600


FILES = {
    "pdf": pdf_bytes(),
    "png": image_bytes("PNG"),
    "jpeg": image_bytes("JPEG"),
    "docx": docx_bytes(),
    "xlsx": xlsx_bytes(),
    "doc": word97_bytes(),
    "xls": excel97_bytes(),
    "csv": b"unit,cases\r\nLeeds,20\r\n",
    "txt": "Minutes: agreed – audit in May.\n".encode(),
}


@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [
        ("audit.pdf", "pdf", "application/pdf"),
        ("photo of poster.png", "png", "image/png"),
        ("board.jpg", "jpeg", "image/jpeg"),
        ("board.jpeg", "jpeg", "image/jpeg"),
        (
            "report.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "figures.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("old report.doc", "doc", "application/msword"),
        ("old figures.xls", "xls", "application/vnd.ms-excel"),
        ("cases.csv", "csv", "text/csv"),
        ("minutes.txt", "txt", "text/plain"),
        ("SHOUTING.PDF", "pdf", "application/pdf"),
    ],
)
def test_each_allowed_kind_of_file_is_accepted_by_its_contents(name, kind, content_type):
    checked = check_upload(name, FILES[kind])
    assert checked.name == name
    assert checked.content_type == content_type
    assert checked.content == FILES[kind]
    assert checked.size == len(FILES[kind])
    assert checked.sha256 == hashlib.sha256(FILES[kind]).hexdigest()


def test_windows_text_is_accepted():
    assert check_upload("minutes.txt", "Café – £3.5m".encode("cp1252")).content_type == "text/plain"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("report.pdf", "png"),
        ("photo.png", "jpeg"),
        ("photo.jpg", "png"),
        ("report.docx", "xlsx"),
        ("figures.xlsx", "docx"),
        ("report.doc", "docx"),
        ("report.pdf", "docx"),
        ("figures.csv", "xlsx"),
        ("notes.txt", "png"),
        ("notes.txt", "docx"),
        ("notes.txt", "pdf"),
        ("figures.csv", "pdf"),
    ],
)
def test_a_file_whose_contents_do_not_match_its_name_is_refused(name, kind):
    extension = name.rsplit(".", 1)[-1]
    with pytest.raises(ValidationError) as error:
        check_upload(name, FILES[kind])
    assert error.value.messages == [
        f"The selected file is called .{extension} but its contents are not a .{extension} file"
    ]


@pytest.mark.parametrize(
    "name", ["setup.exe", "script.js", "page.html", "archive.zip", "report.pdf.exe", "README"]
)
def test_other_kinds_of_file_are_refused(name):
    with pytest.raises(ValidationError, match="must be a PDF, Word, Excel, CSV, text, PNG or JPEG"):
        check_upload(name, FILES["pdf"])


def test_a_plain_zip_is_not_a_word_document():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ValidationError):
        check_upload("report.docx", buffer.getvalue())


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(ValidationError, match="empty"):
        check_upload("notes.txt", b"")
    assert check_upload("big.txt", b"a" * MAX_BYTES).size == MAX_BYTES
    with pytest.raises(ValidationError, match="smaller than 20MB"):
        check_upload("big.txt", b"a" * (MAX_BYTES + 1))


@pytest.mark.parametrize(
    ("given_name", "kept"),
    [
        ("C:\\Users\\lead\\Desktop\\audit.pdf", "audit.pdf"),
        ("../../etc/audit.pdf", "audit.pdf"),
        ("/var/tmp/audit.pdf", "audit.pdf"),
        ("  audit.pdf  ", "audit.pdf"),
        ("audit\x00.pdf", "audit.pdf"),
        ("aud\u202eit.pdf", "audit.pdf"),
        ("line\nbreak.pdf", "linebreak.pdf"),
    ],
)
def test_the_name_kept_is_the_files_own_name_without_folders_or_control_characters(
    given_name, kept
):
    assert check_upload(given_name, FILES["pdf"]).name == kept


@pytest.mark.parametrize("given_name", ["", "folder/", "..", "\x00\x01"])
def test_a_file_without_a_usable_name_is_refused(given_name):
    with pytest.raises(ValidationError, match="must be a PDF"):
        check_upload(given_name, FILES["pdf"])


# Property: whatever arrives, the answer is a checked file or a plain refusal -------------------

MAGIC = [
    b"",
    b"%PDF-1.4\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"PK\x03\x04",
    OLE,
    b"MZ",
]

names = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda folder, stem, extension: folder + stem + "." + extension,
        st.sampled_from(["", "a/", "C:\\docs\\", "../"]),
        st.text(max_size=20),
        st.sampled_from([*ALLOWED, "PDF", "Docx", "exe", ""]),
    ),
)
contents = st.one_of(
    st.binary(max_size=4096),
    st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=2048)),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(list(FILES.values())),
)


@settings(max_examples=400, deadline=None)
@given(name=names, content=contents)
def test_any_upload_is_either_a_checked_file_or_a_validation_error(name, content):
    try:
        checked = check_upload(name, content)
    except ValidationError as error:
        refusal = error.messages
        checked = None
    if checked is None:
        assert refusal  # a message a person can read
        return
    assert isinstance(checked, CheckedFile)
    assert checked.content == content
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert 0 < checked.size <= MAX_BYTES
    assert "/" not in checked.name
    assert "\\" not in checked.name
    assert checked.name.isprintable()
    extension = checked.name.rsplit(".", 1)[-1].lower()
    assert checked.content_type == ALLOWED[extension]
