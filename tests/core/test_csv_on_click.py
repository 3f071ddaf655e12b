"""CSV downloads on the dashboard pages are written when the person clicks, not on every run of the page:
tables.csv_download hands Streamlit a function, and that function writes the same safe CSV as before."""
from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from portal import tables


@pytest.fixture
def pressed(monkeypatch):
    """The arguments of every download button drawn."""
    buttons = []
    monkeypatch.setattr(st, "download_button", lambda label, data, **kwargs: buttons.append((label, data, kwargs)))
    return buttons


def test_nothing_is_written_until_the_click_and_the_file_is_then_safe(monkeypatch, pressed):
    written = []
    real = tables.to_safe_csv
    monkeypatch.setattr(tables, "to_safe_csv", lambda frame: written.append(len(frame)) or real(frame))
    frame = pd.DataFrame({"day": pd.to_datetime(["2026-03-01 10:00"]).tz_localize("UTC"),
                          "caption": ["=HYPERLINK(\"http://x\")"], "followers": [-12]})
    tables.csv_download(frame, "followers.csv", "aud_followers_csv")
    (label, data, kwargs), = pressed
    assert written == [], "drawing the button writes no file"
    assert callable(data)
    assert (label, kwargs["file_name"], kwargs["mime"], kwargs["key"], kwargs["on_click"]) == (
        "Download as CSV", "followers.csv", "text/csv", "aud_followers_csv", "ignore")
    # Written by hand: ISO 8601 time, the formula quoted so a spreadsheet shows it as text, the number as it is.
    assert data() == ('day,caption,followers\r\n'
                      '2026-03-01T10:00:00+00:00,"\'=HYPERLINK(""http://x"")",-12\r\n').encode()
    assert written == [1]
