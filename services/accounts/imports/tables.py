"""From uploaded bytes to tables of cells: text in UTF-8 or UTF-16 (with or without a byte-order mark),
CSV read strictly, XLSX workbooks (one table per sheet) and ZIP archives (one entry per member).

Row numbers are those a spreadsheet shows: the first line of the file is row 1."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from services.accounts.imports.model import ExportFileError

# Limits, checked while reading (never after unpacking or parsing everything): a small upload must not
# be able to take minutes or gigabytes. Each refusal is one line naming the limit.
MAX_BYTES = 50 * 1024 * 1024          # the upload itself
MAX_UNPACKED = 100 * 1024 * 1024      # everything a ZIP or workbook unpacks to, counted as it is unpacked
MAX_MEMBERS = 50
MAX_ROWS = 100_000                    # per table: years of daily numbers or every post fit many times over
MAX_COLUMNS = 200
_CHUNK = 1024 * 1024

_MAGIC = {
    b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive", b"Rar!": "a RAR archive", b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Office file: save it as .xlsx or .csv",
    b"{\\rtf": "an RTF document",
}


@dataclass
class Table:
    source: str                          # the file, "sheet X" of a workbook, or a ZIP member
    header: list[str]
    header_row: int                      # row number of the header
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cells), blank rows left out
    title: str | None = None             # Meta per-metric files: the line naming the metric
    from_workbook: bool = False


def kind(data: bytes) -> str:
    """'zip', 'xlsx' or 'text'; raises for anything else (images, PDFs, binary files)."""
    if not data or not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise ExportFileError("the file is empty", row=1)
    if len(data) > MAX_BYTES:
        raise ExportFileError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; export a shorter period", row=1)
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise ExportFileError("the ZIP archive or workbook is damaged or incomplete (was the download cut "
                                  "short?)", row=1) from None
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ExportFileError(f"this is not a CSV or XLSX export: it is {what}", row=1)
    return "text"


def decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if len(data) % 2:
            raise ExportFileError("the UTF-16 text ends in the middle of a character (was the download cut short?)",
                                  row=_line_of(data), part=None)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExportFileError("this is not a CSV export: the UTF-16 text is damaged", row=1) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ExportFileError("this is not a CSV export: it is not UTF-8 or UTF-16 text "
                              f"(byte {exc.start + 1} cannot be read)", row=line) from None
    if "\x00" in text:
        raise ExportFileError("this is not a CSV export: it holds binary data", row=text[:text.index("\x00")].count("\n") + 1)
    return text


def _line_of(data: bytes) -> int:
    return max(1, data.decode("utf-16", errors="ignore").count("\n"))


def read_text(text: str, source: str) -> Table:
    """A CSV table. Meta's per-metric files start with `sep=,` and a title line before the header."""
    text = text.lstrip("\ufeff")
    title, skip, delimiter = None, 0, ","
    first_line, _, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter = first_line.strip()[4]
        skip, text = 1, rest
        second_line, _, rest = text.partition("\n")
        fields = next(csv.reader([second_line], delimiter=delimiter), [])
        if len(fields) == 1 and fields[0].strip():  # a title line, "Instagram reach"
            title, skip, text = fields[0].strip(), 2, rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table, number = None, skip
    try:
        for record in reader:
            number += 1  # one record is one spreadsheet row, even when a quoted caption spans lines
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > MAX_COLUMNS:
                raise ExportFileError(_too_many_columns(len(record)), row=number)
            if table is None:
                table = Table(source, [c.strip().lstrip("\ufeff") for c in record], number, title=title)
                continue
            if len(table.rows) >= MAX_ROWS:
                raise ExportFileError(_too_many_rows(), row=number)
            table.rows.append((number, record))
    except csv.Error as exc:
        reason = ("a quoted value is never closed: the file looks cut short" if "end of data" in str(exc)
                  else f"this is not valid CSV ({exc})")
        raise ExportFileError(reason, row=number + 1) from None
    if table is None:
        raise ExportFileError("the file has no header row", row=skip + 1)
    width = len(table.header)
    for number, record in table.rows:
        if len(record) < width:
            missing = table.header[len(record)]
            raise ExportFileError(f"has {len(record)} of the {width} columns, so {missing} and the columns after it "
                                  "are missing: the file looks cut short", row=number, column=missing)
        if len(record) > width and any(c.strip() for c in record[width:]):
            raise ExportFileError(f"has {len(record)} values but the header names {width} columns "
                                  "(a value with a comma that is not in quotes?)", row=number)
    return table


def read_workbook(data: bytes, source: str) -> list[Table]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is in requirements.txt
        raise ExportFileError("XLSX files need the openpyxl package: pip install -r requirements.txt") from None
    _check_unpacked_size(data, "workbook")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ExportFileError(f"the workbook cannot be read ({exc.__class__.__name__}): save it again as .xlsx",
                              row=1) from None
    tables = []
    try:
        for sheet in book.worksheets:
            table = None
            for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1):
                cells = list(values)
                if len(cells) > MAX_COLUMNS and any(c is not None for c in cells[MAX_COLUMNS:]):
                    raise ExportFileError(_too_many_columns(len(cells)), row=number, part=f"sheet {sheet.title}")
                if table is not None and len(table.rows) >= MAX_ROWS:
                    if any(c is not None for c in cells):
                        raise ExportFileError(_too_many_rows(), row=number, part=f"sheet {sheet.title}")
                    continue
                while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                    cells.pop()
                if not cells:
                    continue
                if table is None:
                    table = Table(f"sheet {sheet.title}", [str(c).strip() if c is not None else "" for c in cells],
                                  number, from_workbook=True)
                    continue
                table.rows.append((number, cells + [None] * (len(table.header) - len(cells))))
            if table is not None:
                tables.append(table)
    finally:
        book.close()
    if not tables:
        raise ExportFileError("the workbook has no sheet with data", row=1)
    return tables


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of the CSV and XLSX files in a ZIP, skipping folders and macOS metadata."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                 and not i.filename.rsplit("/", 1)[-1].startswith(".")]
        if len(infos) > MAX_MEMBERS:
            raise ExportFileError(f"the ZIP archive holds {len(infos)} files; at most {MAX_MEMBERS} are read", row=1)
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise ExportFileError(_too_big_unpacked("ZIP archive"), row=1)
        members, total = [], 0
        for info in infos:
            if not info.filename.lower().endswith((".csv", ".xlsx")):
                continue
            content, total = _read_member(archive, info, total, "ZIP archive")
            if info.filename.lower().endswith(".xlsx"):
                _check_unpacked_size(content, "workbook")
            members.append((info.filename.rsplit("/", 1)[-1], content))
    except zipfile.BadZipFile:
        raise ExportFileError("the ZIP archive is damaged or incomplete (was the download cut short?)", row=1) from None
    except (zipfile.LargeZipFile, RuntimeError, EOFError) as exc:
        raise ExportFileError(f"the ZIP archive cannot be read: {exc}", row=1) from None
    if not members:
        raise ExportFileError("the ZIP archive holds no CSV or XLSX file", row=1)
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, what: str) -> tuple[bytes, int]:
    """A member's bytes, unpacked in chunks with a running total: a header that lies about the size
    cannot make us unpack more than the limit."""
    parts = []
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > MAX_UNPACKED:
                raise ExportFileError(_too_big_unpacked(what), row=1)
            parts.append(chunk)
    return b"".join(parts), total


def _check_unpacked_size(data: bytes, what: str) -> None:
    """A workbook is a ZIP of XML: refuse one that unpacks past the limit before openpyxl parses it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
            raise ExportFileError(_too_big_unpacked(what), row=1)
        total = 0
        for info in archive.infolist():
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNPACKED:
                        raise ExportFileError(_too_big_unpacked(what), row=1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError):
        raise ExportFileError("the workbook is damaged or incomplete (was the download cut short?)", row=1) from None


def _too_big_unpacked(what: str) -> str:
    return f"the {what} unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB (the limit); export a shorter period"


def _too_many_rows() -> str:
    return f"the table has more than {MAX_ROWS:,} rows (the limit); export a shorter period"


def _too_many_columns(count: int) -> str:
    return f"a row has {count} or more columns; at most {MAX_COLUMNS} are read (the limit)"
