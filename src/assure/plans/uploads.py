"""Checking evidence files by what they contain, not only by what they are called."""

import hashlib
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

MAX_BYTES = 20 * 1024 * 1024

# extension -> (content type, how to recognise it)
ALLOWED = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
TEXT_EXTENSIONS = {"csv", "txt"}
# filetype names a JPEG "jpg"; Word and Excel 97 files share one container format.
SAME_KIND = {"jpeg": "jpg", "xls": "doc"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


#: The most a kept file name may take, in UTF-8 bytes: what most file systems allow for a name
#: (the bytes, not the characters: 200 accented letters can be 400 or 600 bytes) and within the
#: ``filename`` column's 255 characters, so a download's name is the one stored.
MAX_NAME_BYTES = 255


def fit_name(name: str, extension: str, limit: int = MAX_NAME_BYTES) -> str:
    """The name cut, at a character boundary, to ``limit`` UTF-8 bytes, keeping its extension."""
    if len(name.encode()) <= limit:
        return name
    suffix = name[-(len(extension) + 1) :] if extension else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = limit - len(suffix.encode())
    cut = stem.encode()[:room].decode(errors="ignore").rstrip()
    return (cut or "evidence") + suffix


def check_upload(name: str, content: bytes) -> CheckedFile:
    """The file as we will keep it, or a ValidationError saying plainly what is wrong."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # As Django's upload parser does, keep only printable characters: PostgreSQL refuses NUL, and
    # a right-to-left override (U+202E) makes a name read differently from what it is.
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "evidence"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError("The file must be a PDF, Word, Excel, CSV, text, PNG or JPEG file")
    if not content:
        raise ValidationError("The selected file is empty")
    if len(content) > MAX_BYTES:
        raise ValidationError("The selected file must be smaller than 20MB")
    if not _content_matches(extension, content):
        raise ValidationError(
            f"The selected file is called .{extension} but its contents are not a .{extension} file"
        )
    return CheckedFile(
        name=fit_name(name, extension),
        content=content,
        content_type=ALLOWED[extension],
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _content_matches(extension: str, content: bytes) -> bool:
    if extension in TEXT_EXTENSIONS:
        # A PDF, image or Office file renamed .txt is not text, even if its bytes decode.
        if b"\x00" in content[:8192] or filetype.guess(content) is not None:
            return False
        try:
            content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                content.decode("cp1252")
            except UnicodeDecodeError:
                return False
        return True
    kind = filetype.guess(content)
    if kind is None:
        return False
    expected = SAME_KIND.get(extension, extension)
    return SAME_KIND.get(kind.extension, kind.extension) == expected
