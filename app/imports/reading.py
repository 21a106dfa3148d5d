"""Reading the department's files, whatever they look like: CSV (UTF-8 with or without a byte order mark,
Windows-1256 Arabic or Latin-1; comma, semicolon or tab; quoted newlines) and XLSX (the first visible sheet,
computed values of formulas, dates as dates, read safely).

Nothing here knows what a column means (``app.imports.columns`` does): :func:`read_table` gives the header
cells and the rows as text, or raises :class:`ImportFileError` with a sentence for the person who sent the
file. Spreadsheets are opened by openpyxl in read-only mode; with defusedxml installed (a dependency) it
refuses entities and external references, and the archive is checked for a zip bomb before anything is
decompressed.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

MAX_BYTES = 50 * 1024 * 1024  # a file larger than this is refused, its size and the limit named
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a spreadsheet whose parts unpack to more than this is refused
MAX_RATIO = 200  # nor one whose part unpacks to more than this many times its packed size (a zip bomb)
SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t"
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's serial dates (with its 1900 leap-year bug)
_ARABIC = range(0x0600, 0x0700)
_FRENCH_LETTERS = set("éèêëàâäçîïôöùûüœÿ")


class ImportFileError(ValueError):
    """A file that cannot be imported; ``str()`` is the reason, in the reader's language."""


@dataclass
class Table:
    """A file's header cells and rows as text (``""`` for an empty cell), and how it was read."""

    headers: list[str]
    rows: list[list[str]]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    notes: list[str] = field(default_factory=list)


#: The encodings a person may choose for a CSV file when the one detected is wrong ("" detects it)
ENCODINGS = {
    "utf-8-sig": _l("UTF-8 (Unicode)"),
    "cp1256": _l("Windows-1256 (Arabic)"),
    "cp1252": _l("Windows-1252 or Latin-1 (French and other Latin scripts)"),
}


def read_table(data: bytes, filename: str = "", encoding: str = "") -> Table:
    """The table in ``data`` (a CSV or XLSX file's bytes), a CSV read in ``encoding`` (one of
    :data:`ENCODINGS`) or in the one it seems to be in; :class:`ImportFileError` if it cannot be used."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _l(
                "The file is %(size)s MB; files of up to %(limit)s MB can be imported.",
                size=round(len(data) / 1024 / 1024, 1),
                limit=MAX_BYTES // 1024 // 1024,
            )
        )
    if not data.strip():
        raise ImportFileError(_l("The file is empty."))
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data)
    else:
        table = _read_csv(data, encoding)
    if not table.headers or not any(table.headers):
        raise ImportFileError(_l("The file has no header row."))
    if not table.rows:
        raise ImportFileError(_l("The file has a header row but no rows."))
    return table


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: a byte order mark, else UTF-8, else Windows-1256 when it
    reads as more Arabic letters than Windows-1252 reads as French ones (Windows-1256 keeps é, è, à, ç... where
    Latin-1 has them, and Arabic read as Latin-1 gives letters such as á, ã, Ç that French seldom uses)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    arabic = data.decode("cp1256", errors="replace")
    latin = data.decode("cp1252", errors="replace")
    arabic_letters = sum(1 for ch in arabic if ord(ch) in _ARABIC and ch.isalpha())
    latin_letters = sum(1 for ch in latin if ch in _FRENCH_LETTERS)
    if arabic_letters > latin_letters:
        return arabic, "cp1256"
    return latin, "cp1252"


def _delimiter(text: str) -> str:
    """The separator of a CSV text: csv.Sniffer's guess among comma, semicolon and tab, else the one the
    header line holds most of."""
    sample = text[:SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        return max(DELIMITERS, key=first_line.count)


def _read_csv(data: bytes, chosen: str = "") -> Table:
    text, encoding = (data.decode(chosen, errors="replace"), chosen) if chosen in ENCODINGS else _decode(data)
    if "\x00" in text:
        raise ImportFileError(_l("This is not a CSV or XLSX file."))
    delimiter = _delimiter(text)
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ImportFileError(_l("The file is empty."))
    headers, body = rows[0], rows[1:]
    return Table(headers=headers, rows=body, kind="csv", encoding=encoding, delimiter=delimiter)


def _check_archive(data: bytes) -> None:
    """Refuse an archive that is not a spreadsheet or that unpacks to far more than it weighs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_l("This spreadsheet is damaged or is not an XLSX file.")) from exc
    parts = archive.infolist()
    if "xl/workbook.xml" not in {part.filename for part in parts}:
        raise ImportFileError(_l("This is not an XLSX spreadsheet (an older .xls must be saved as .xlsx)."))
    unpacked = sum(part.file_size for part in parts)
    too_dense = any(part.file_size > MAX_RATIO * max(part.compress_size, 1) for part in parts)
    if unpacked > MAX_UNPACKED_BYTES or too_dense:
        raise ImportFileError(_l("This spreadsheet unpacks to far more than its size: it is refused for safety."))


def cell_text(value) -> str:
    """A spreadsheet cell as text: dates as ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise many kinds; each means "cannot be read safely"
        raise ImportFileError(_l("This spreadsheet could not be read safely.")) from exc
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if not visible:
            raise ImportFileError(_l("This spreadsheet has no visible sheet."))
        sheet = visible[0]
        rows = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        others_left_out = len(workbook.worksheets) > 1
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_l("This spreadsheet could not be read safely.")) from exc
    finally:
        workbook.close()
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ImportFileError(_l("The file is empty."))
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    notes = [str(_l("Read the sheet “%(name)s”.", name=sheet.title))]
    if others_left_out:
        notes.append(str(_l("Other sheets were left out: one sheet is imported at a time.")))
    return Table(headers=rows[0], rows=rows[1:], kind="xlsx", sheet=sheet.title, notes=notes)


def excel_serial_date(text: str) -> datetime.date | None:
    """The date an Excel serial number stands for (``"45123"`` → 2023-07-16), None if ``text`` is not one in
    a plausible range (1900 to 2100)."""
    try:
        serial = float(text)
    except ValueError:
        return None
    if not 1 <= serial < 73051 or not serial.is_integer():
        return None
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))
