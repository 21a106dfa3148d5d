"""Tables as downloads: CSV (UTF-8 with a byte order mark, so that Excel shows Arabic) and XLSX, with
formulas typed into people's text neutralised (CSV injection). One home for every export of the platform."""

import csv
import io
from datetime import datetime, timezone

from flask import Response
from openpyxl import Workbook

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def instant(ms: int | None) -> str:
    """An instant (epoch milliseconds) as an export cell: ``2026-12-03 14:05 UTC``; "" for none."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if ms else ""


def safe_cell(value):
    """A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def table_csv(headers: list[str], rows: list[list]) -> bytes:
    """The table as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def table_xlsx(headers: list[str], rows: list[list], title: str) -> bytes:
    """The table as an Excel workbook of one sheet named ``title`` (shortened and cleaned as Excel needs)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "table")[:31].translate({ord(c): " " for c in "[]:*?/\\"}))
    sheet.append(headers)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(headers: list[str], rows: list[list], fmt: str, filename: str, title: str = "") -> Response:
    """The table as a download in ``fmt`` (``csv`` or ``xlsx``), named ``filename`` + the extension."""
    body = table_csv(headers, rows) if fmt == "csv" else table_xlsx(headers, rows, title or filename)
    return Response(
        body,
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"', "Cache-Control": "no-store"},
    )
