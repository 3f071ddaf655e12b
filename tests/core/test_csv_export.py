"""to_safe_csv: the one helper every CSV download goes through, so no cell is run as a formula."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest

from services.core.csv_export import safe_cell, to_safe_csv


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1 for mending", "-30% off", "@everyone", "\tindented",
                                  "\rreturn", '=HYPERLINK("http://evil.example","click")'])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text
    assert cells(to_safe_csv(pd.DataFrame({"caption": [text]})))[1] == ["'" + text]


def test_harmless_text_numbers_dates_and_gaps_are_left_as_they_are():
    frame = pd.DataFrame({"caption": ["Thrift flip", "a = b", None], "change": [-12, 0, 5],
                          "ratio": [-0.5, 0.25, 1.0], "day": [dt.date(2026, 3, 1)] * 3})
    rows = cells(to_safe_csv(frame))
    assert rows[0] == ["caption", "change", "ratio", "day"]
    assert rows[1] == ["Thrift flip", "-12", "-0.5", "2026-03-01"]
    assert rows[2][0] == "a = b" and rows[3][0] == ""


def test_column_names_are_neutralised_too_and_the_frame_is_not_changed():
    frame = pd.DataFrame({"=cmd": ["=1+1"]})
    assert cells(to_safe_csv(frame)) == [["'=cmd"], ["'=1+1"]]
    assert list(frame.columns) == ["=cmd"] and frame.iloc[0, 0] == "=1+1"


def test_string_dtype_columns_are_covered():
    frame = pd.DataFrame({"caption": pd.array(["=2+2", "ok"], dtype="string")})
    assert cells(to_safe_csv(frame))[1:] == [["'=2+2"], ["ok"]]
