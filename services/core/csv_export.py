"""Every CSV the portal offers for download goes through to_safe_csv, so a caption that starts with `=`
(or + - @, a tab or a carriage return) is not run as a formula when the file is opened in a spreadsheet
(CSV injection, OWASP). Such a cell gets a single quote in front: `=SUM(A1)` becomes `'=SUM(A1)`, which
Excel, LibreOffice and Google Sheets show as text. The database keeps the caption exactly as written;
only the exported copy is neutralised. Numbers are left alone (a negative change stays -12)."""
from __future__ import annotations

import numbers

import pandas as pd

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a single quote in front when it is text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    """UTF-8 CSV bytes of frame (CRLF line ends), every text cell and column name neutralised with
    safe_cell. Numbers, dates and empty cells are written as pandas writes them."""
    safe = frame.copy()
    safe.columns = [safe_cell(str(c)) if not isinstance(c, numbers.Number) else c for c in safe.columns]
    for column in safe.columns:
        series = safe[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            safe[column] = series.map(safe_cell)
    if index and (safe.index.dtype == object or pd.api.types.is_string_dtype(safe.index)):
        safe.index = safe.index.map(safe_cell)
    # CRLF line ends (RFC 4180): a value holding a carriage return or a line break is then always quoted.
    return safe.to_csv(index=index, lineterminator="\r\n").encode("utf-8")
