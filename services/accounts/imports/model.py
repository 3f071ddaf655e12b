"""What a parsed export looks like, the error a bad file raises, and the cell readers every parser shares.

A parser turns one table of a file (a CSV, one sheet of a workbook, one member of a ZIP) into a `Part`:
validated rows ready for the database plus the figures shown before anything is written (rows read,
first and last date, the sum of each metric column). An `ExportFile` is the parts of one uploaded file.
Every problem is an `ExportFileError` naming the row and column, as a person sees them in a spreadsheet
(row 1 is the header)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from services.core.errors import ValidationError

MISSING = {"", "undefined", "--", "-", "n/a", "null", "none", "nan"}
UTC = dt.timezone.utc


class ExportFileError(ValidationError):
    """A file that cannot be imported; nothing was written. str() is one line naming row and column."""

    def __init__(self, reason: str, *, row: int | None = None, column: str | None = None, part: str | None = None):
        self.reason, self.row, self.column, self.part = reason, row, column, part
        where = []
        if part:
            where.append(part)
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column}")
        text = (", ".join(where) + ": " if where else "") + reason
        super().__init__(text[0].upper() + text[1:] if text else text)

    def within(self, part: str) -> "ExportFileError":
        """The same error, naming the file inside a ZIP or the sheet of a workbook it came from."""
        if self.part:
            return self
        return ExportFileError(self.reason, row=self.row, column=self.column, part=part)


@dataclass
class Part:
    """One table of an export, validated."""

    format: str                 # e.g. "tiktok_overview"
    label: str                  # e.g. "TikTok Overview"
    platform: str               # instagram | tiktok | youtube
    source: str                 # file name, "sheet X" or the member of a ZIP
    columns: list[str]          # header as in the file
    rows: int = 0               # data rows read (a YouTube Total row is not counted)
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    sums: dict[str, int | Decimal] = field(default_factory=dict)
    preview: list[dict] = field(default_factory=list)  # every row as read, for showing before confirming
    notes: list[str] = field(default_factory=list)      # assumptions made and things not stored
    account_daily: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    post_metrics: list[dict] = field(default_factory=list)
    audience_breakdowns: list[dict] = field(default_factory=list)
    follower_activity: list[dict] = field(default_factory=list)
    account_hint: dict = field(default_factory=dict)   # handle / platform_account_id the file names

    def span(self, day: dt.date) -> None:
        self.first_date = day if self.first_date is None or day < self.first_date else self.first_date
        self.last_date = day if self.last_date is None or day > self.last_date else self.last_date

    def add(self, column: str, value) -> None:
        if value is not None:
            self.sums[column] = self.sums.get(column, 0) + value


@dataclass
class ReadOptions:
    """What a file does not say: the day it was downloaded (anchors TikTok's year-less dates and lifetime
    snapshots) and the time zone its local times are in (Meta's Publish time)."""

    downloaded_on: dt.date
    time_zone: str = "UTC"


# -- cells -------------------------------------------------------------------------------------------------
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$")
_PLAIN_INT = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def is_missing(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in MISSING)


def count(raw, row: int, column: str, *, allow_negative: bool = False) -> int | None:
    """A whole number such as 12400, "12,400" or 12400.0 (a workbook's number); None when the cell is empty
    or says "undefined" (how TikTok writes a day without data)."""
    if is_missing(raw):
        return None
    if isinstance(raw, bool):
        raise ExportFileError(f"{raw!r} is not a whole number", row=row, column=column)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ExportFileError(f"{raw} is not a whole number", row=row, column=column)
        value = int(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if _PLAIN_INT.match(text):
            value = int(text)
        elif _GROUPED.match(text):
            value = int(text.replace(",", ""))
        elif re.match(r"^-?\d+\.0+$", text):
            value = int(text.split(".")[0])
        else:
            raise ExportFileError(f'"{str(raw).strip()}" is not a whole number', row=row, column=column)
    if value < 0 and not allow_negative:
        raise ExportFileError(f"{value} is negative; a count cannot be below zero", row=row, column=column)
    if abs(value) > 2_147_483_647:
        raise ExportFileError(f"{value} is too large", row=row, column=column)
    return value


def decimal(raw, row: int, column: str) -> Decimal | None:
    """A non-negative decimal such as 10.5 or "1,234.25" (watch hours, percentages)."""
    if is_missing(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if not text or not _DECIMAL.match(text) or text in ("-", "."):
            raise ExportFileError(f'"{str(raw).strip()}" is not a number', row=row, column=column)
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ExportFileError(f'"{str(raw).strip()}" is not a number', row=row, column=column) from None
    if value < 0:
        raise ExportFileError(f"{value} is negative; it cannot be below zero", row=row, column=column)
    return value


def share(raw, row: int, column: str) -> Decimal:
    """A share of the audience: 0.59, "0.59", "59%" or "59.0%" -> Decimal('0.59000')."""
    if is_missing(raw):
        raise ExportFileError("is empty; a share of the audience is needed", row=row, column=column)
    text = str(raw).strip()
    if text.endswith("%"):
        value = decimal(text[:-1], row, column) / 100
    else:
        value = decimal(raw, row, column)
    if value > 1:
        raise ExportFileError(f"{text} is more than the whole audience (1 or 100%)", row=row, column=column)
    return value.quantize(Decimal("0.00001"))


def required_text(raw, row: int, column: str) -> str:
    if is_missing(raw) and not (isinstance(raw, str) and raw.strip() in ("-", "--")):
        raise ExportFileError("is empty", row=row, column=column)
    return str(raw).strip()


def json_number(value):
    """Sums as JSON numbers: whole numbers as ints, decimals exactly as written (10.5, not 10.499999)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value.normalize()))
    return value


@dataclass(frozen=True)
class Spec:
    """A table layout a platform writes: detected when the header holds every `required` column
    (compared without case or surrounding spaces)."""

    format: str
    label: str
    platform: str
    required: tuple[str, ...]
    parse: object  # (Table, ReadOptions) -> Part
    title_line: bool = False  # Meta's per-metric files: `sep=,`, then a title line, then the header
    absent: tuple[str, ...] = ()  # columns that tell this layout apart from a similar one


def header_index(header: list[str]) -> dict[str, int]:
    """Lower-cased column name -> position (the first, when a name repeats)."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name.strip().lower(), i)
    return index


class Cells:
    """Read a record's cells by column name; `name` is the column as the platform spells it."""

    def __init__(self, header: list[str]):
        self.header = header
        self.index = header_index(header)

    def has(self, name: str) -> bool:
        return name.lower() in self.index

    def get(self, record: list, name: str):
        i = self.index.get(name.lower())
        if i is None or i >= len(record):
            return None
        value = record[i]
        return value.strip() if isinstance(value, str) else value

    def raw(self, record: list, name: str):
        """The cell exactly as written (captions keep their spaces and line breaks)."""
        i = self.index.get(name.lower())
        return None if i is None or i >= len(record) else record[i]

    def name(self, name: str) -> str:
        """The column as the file spells it."""
        i = self.index.get(name.lower())
        return self.header[i] if i is not None else name


def end_of_day(day: dt.date) -> dt.datetime:
    """The moment a day's counts run to: midnight UTC after it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), UTC)
