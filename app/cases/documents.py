"""Documents of guidance cases: checked by what the bytes are (not what the name says), kept in the instance
folder outside the web root under a random name, and served only to the case's people.

Accepted: PDF, PNG, JPEG, and the office formats (Word and Excel documents, OpenDocument text and
spreadsheets), up to ``CASE_DOCUMENT_MAX_BYTES`` (5 MB by default).
"""

import io
import shutil
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# extension → (media type, how its bytes begin)
KINDS = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
}
# what a zip must hold to be the office document its name says
_ZIP_MARK = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml", "ods": "content.xml"}


class DocumentRefused(ValueError):
    """A file that cannot be kept; ``reason`` is said to the person in their language."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def max_bytes() -> int:
    """The size limit of one document."""
    return int(current_app.config.get("CASE_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check(filename: str, data: bytes) -> tuple[str, str]:
    """``(clean name, media type)`` of an acceptable document, else :class:`DocumentRefused`."""
    name = Path((filename or "").replace("\\", "/")).name.strip()[:120]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data:
        raise DocumentRefused(_l("The file is empty."))
    if len(data) > max_bytes():
        raise DocumentRefused(_l("The file is too large: at most %(mb)d MB.", mb=max_bytes() // (1024 * 1024)))
    if extension not in KINDS:
        raise DocumentRefused(_l("Send a PDF, an image (PNG, JPEG) or an office document (DOCX, XLSX, ODT, ODS)."))
    media_type, magic = KINDS[extension]
    if not data.startswith(magic) or (extension in _ZIP_MARK and not _zip_holds(data, _ZIP_MARK[extension])):
        raise DocumentRefused(_l("The file is not what its name says (%(kind)s).", kind=extension.upper()))
    return name, media_type


def _zip_holds(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def folder(case_id: str) -> Path:
    """Where a case's documents are kept (created on demand)."""
    return Path(current_app.instance_path) / "case-documents" / case_id


def store_file(case_id: str, document_id: str, data: bytes) -> None:
    """Write a checked document under its id."""
    path = folder(case_id)
    path.mkdir(parents=True, exist_ok=True)
    (path / document_id).write_bytes(data)


def path_of(case_id: str, document_id: str) -> Path:
    """The stored file of a document."""
    return folder(case_id) / document_id


def forget(case_id: str) -> None:
    """Remove every document of a case from the disk."""
    shutil.rmtree(folder(case_id), ignore_errors=True)
