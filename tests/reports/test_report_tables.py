"""A report's tables keep numbers and dates underneath (they sort as such) and show them as the reader writes them."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest


def _pending_page(data, locale):
    from portal.widgets import reports as report_widgets
    report_widgets._pending(data, locale, "t")


def test_deliverables_not_posted_yet_sort_by_due_date_and_show_it_in_the_readers_language():
    """Two deliverables due 15 December 2026 and 3 January 2027; none without a date shows "None". In French
    (CLDR fr, medium date): "15 déc. 2026", "3 janv. 2027"; no date: "—"."""
    rows = [SimpleNamespace(platform="instagram", format="reel", campaign="Winter", due_date=dt.date(2026, 12, 15),
                            status="planned"),
            SimpleNamespace(platform="tiktok", format="video", campaign="Winter", due_date=dt.date(2027, 1, 3),
                            status="planned"),
            SimpleNamespace(platform="youtube", format="short", campaign="Winter", due_date=None, status="planned")]
    at = AppTest.from_function(_pending_page, args=(SimpleNamespace(pending_rows=rows), "fr"), default_timeout=30).run()
    assert not at.exception
    [table] = at.dataframe
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    assert str(table.value["due"].dtype).startswith("datetime64"), "the column sorts as dates"
    assert shown["due"].tolist() == ["15 déc. 2026", "3 janv. 2027", "—"]
