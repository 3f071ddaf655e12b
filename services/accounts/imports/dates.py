"""Dates as the platforms write them, read strictly: a date that does not exist (February 30) is an error
naming its row and column, never silently moved.

TikTok Studio writes days without a year ("August 31", sometimes "31 August"). `infer_years` gives them
one from the download's date span: the rows run day by day up to the last one, which is the latest such
day on or before the day the file was downloaded; walking back, the year goes down by one each time the
month and day go up (so "December 31" followed by "January 1" crosses a New Year)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Iterator
from zoneinfo import ZoneInfo

from services.accounts.imports.model import UTC, ExportFileError, is_missing

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:(?:,\s*|\s+)(\d{4}))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?(?:,?\s+(\d{4}))?$")


def _make(year: int | None, month: int, day: int, raw, row: int, column: str) -> dt.date:
    """year None: only check that the month has such a day in some year (February 29 does)."""
    if not 1 <= month <= 12:
        raise ExportFileError(f'"{raw}" is not a real date: there is no month {month}', row=row, column=column)
    try:
        return dt.date(2000 if year is None else year, month, day)
    except ValueError:
        in_year = "" if year is None else f" in {year}"
        raise ExportFileError(f'"{raw}" is not a real date: {calendar.month_name[month]} has no day {day}{in_year}',
                              row=row, column=column) from None


def _given(raw, row: int, column: str) -> dt.date | str:
    """A date cell as the workbook's own date, or as its text to read; an empty cell is refused."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if is_missing(raw):
        raise ExportFileError("is empty; a date is needed", row=row, column=column)
    return str(raw).strip()


def daily_rows(table, cells) -> Iterator[tuple[int, list, dt.date]]:
    """(row number, record, day) for each row of a table with one row per day in its "Date" column; a day listed
    twice is refused."""
    column = cells.name("Date")
    seen: dict[dt.date, int] = {}
    for number, record in table.rows:
        when = day(cells.get(record, "Date"), number, column)
        if when in seen:
            raise ExportFileError(f"{when.isoformat()} is listed twice (first in row {seen[when]})", row=number,
                                  column=column)
        seen[when] = number
        yield number, record, when


def day(raw, row: int, column: str) -> dt.date:
    """2026-01-31, 2026-01-31T00:00:00, "Jan 31, 2026", "31 Jan 2026", or a workbook date."""
    text = _given(raw, row, column)
    if isinstance(text, dt.date):
        return text
    if m := _ISO.match(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), text, row, column)
    if (m := _MONTH_FIRST.match(text)) and m.group(3) and m.group(1).lower() in MONTHS:
        return _make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)), text, row, column)
    if (m := _DAY_FIRST.match(text)) and m.group(3) and m.group(2).lower() in MONTHS:
        return _make(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)), text, row, column)
    raise ExportFileError(f'"{text}" is not a date like 2026-01-31 or Jan 31, 2026', row=row, column=column)


def meta_time(raw, row: int, column: str, time_zone: str) -> dt.datetime:
    """Meta Business Suite's "03/01/2026 14:30" (month/day/year, local time) as a UTC timestamp."""
    if isinstance(raw, dt.datetime):
        local = raw
    else:
        if is_missing(raw):
            raise ExportFileError("is empty; a publish time is needed", row=row, column=column)
        text = str(raw).strip()
        m = _US.match(text)
        if not m:
            raise ExportFileError(f'"{text}" is not a time like 03/01/2026 14:30', row=row, column=column)
        date = _make(int(m.group(3)), int(m.group(1)), int(m.group(2)), text, row, column)
        hour, minute, second = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ExportFileError(f'"{text}" is not a real time of day', row=row, column=column)
        local = dt.datetime.combine(date, dt.time(hour, minute, second))
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(time_zone))
    return local.astimezone(UTC)


def month_day(raw, row: int, column: str) -> tuple[int, int] | dt.date:
    """"August 31", "31 August" or "Aug 31" -> (8, 31); a workbook date (it has its year) as it is."""
    text = _given(raw, row, column)
    if isinstance(text, dt.date):
        return text
    if _ISO.match(text):
        return day(text, row, column)
    m = _MONTH_FIRST.match(text)
    name, number, year = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
    if not m and (m := _DAY_FIRST.match(text)):
        name, number, year = m.group(2), m.group(1), m.group(3)
    if name is None or name.lower() not in MONTHS:
        raise ExportFileError(f'"{text}" is not a date like August 31', row=row, column=column)
    month, day_of_month = MONTHS[name.lower()], int(number)
    if year:
        return _make(int(year), month, day_of_month, text, row, column)
    _make(None, month, day_of_month, text, row, column)
    return month, day_of_month


def infer_years(cells: list[tuple[int, str, tuple[int, int] | dt.date]], downloaded_on: dt.date,
                column: str) -> tuple[list[dt.date], str | None]:
    """Dates for (row, raw text, month/day) cells listed oldest first. Returns the dates and a sentence
    saying what was assumed (None when every cell already had its year)."""
    out: list[dt.date | None] = [None] * len(cells)
    year: int | None = None
    later: tuple[int, int] | None = None
    for i in range(len(cells) - 1, -1, -1):
        row, raw, value = cells[i]
        if isinstance(value, dt.date):
            out[i] = value
            year, later = value.year, (value.month, value.day)
            continue
        if year is None:
            year = downloaded_on.year if value <= (downloaded_on.month, downloaded_on.day) else downloaded_on.year - 1
        elif value > later:
            year -= 1
        out[i] = _make(year, value[0], value[1], raw, row, column)
        later = value
    if all(isinstance(c[2], dt.date) for c in cells):
        return out, None
    first, last = min(out), max(out)
    note = (f"TikTok's dates have no year: assumed the rows run up to {last:%B} {last.day}, {last.year}, the latest "
            f"such day on or before the download date {downloaded_on.isoformat()}, so they cover "
            f"{first.isoformat()} to {last.isoformat()}.")
    return out, note
