"""The media kit draws its small tables with st.table and its audience as share bars (nothing for the visitor's
browser to load first). What a person typed or a platform sent stays characters; only plain web addresses
become links; shares are each account's followers over all followers (hand-computed below)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
from streamlit.testing.v1 import AppTest


def _table_page(frame, links):
    from portal import tables
    tables.static(frame, {"share": tables.percents("de", 1)}, {"who": "Who", "share": "Share", "url": "Link"},
                  links=links)


def _shares_page(kit, locale):
    from portal.widgets import reports as report_widgets
    report_widgets._audience_shares(kit, locale)


def test_typed_markdown_stays_characters_and_only_plain_web_addresses_become_links():
    frame = pd.DataFrame({"who": ["**bold** [x](javascript:alert(1))", None],
                          "share": [0.1234, None],
                          "url": ["https://www.instagram.com/p/Cx_1-a/", "javascript:alert(1)"]})
    at = AppTest.from_function(_table_page, args=(frame, {"url": "Open"}), default_timeout=30).run()
    assert not at.exception
    [table] = at.table
    shown = table.value
    assert list(shown.columns) == ["Who", "Share", "Link"]
    # Every markdown character is escaped, so the cell shows the asterisks and brackets as typed.
    assert shown["Who"][0] == r"\*\*bold\*\* \[x\]\(javascript\:alert\(1\)\)"
    assert shown["Who"][1] == "—"
    assert shown["Share"].tolist() == ["12,3\u00a0%", "—"]  # CLDR de percent pattern "#,##0\u00a0%"
    assert shown["Link"].tolist() == ["[Open](https://www.instagram.com/p/Cx_1-a/)", "—"]


def test_addresses_that_could_end_a_markdown_link_are_not_links():
    frame = pd.DataFrame({"who": ["a", "b", "c"], "share": [0.1, 0.2, 0.3],
                          "url": ["https://x.example/a)(b", "https://x.example/<b>", "ftp://x.example/"]})
    at = AppTest.from_function(_table_page, args=(frame, {"url": "Open"}), default_timeout=30).run()
    assert at.table[0].value["Link"].tolist() == ["—", "—", "—"]


def test_each_account_s_bar_is_its_share_of_all_followers_largest_first():
    """7,500 + 2,500 = 10,000 followers: 75 % and 25 %."""
    kit = SimpleNamespace(audience=(
        SimpleNamespace(platform="tiktok", handle="@b", followers=2500, as_of=dt.date(2026, 1, 1), source="api"),
        SimpleNamespace(platform="instagram", handle="@a_b", followers=7500, as_of=dt.date(2026, 1, 1), source="api")))
    at = AppTest.from_function(_shares_page, args=(kit, "en"), default_timeout=30).run()
    assert not at.exception
    bars = at.get("progress")
    assert [b.proto.value for b in bars] == [75, 25]
    assert [b.proto.text for b in bars] == ["Instagram · \u2068@a\\_b\u2069: 75% of all followers",
                                            "TikTok · \u2068@b\u2069: 25% of all followers"]


def test_an_audience_with_no_followers_draws_no_bars():
    kit = SimpleNamespace(audience=(SimpleNamespace(platform="tiktok", handle="@b", followers=0, as_of=None,
                                                    source="api"),))
    at = AppTest.from_function(_shares_page, args=(kit, "en"), default_timeout=30).run()
    assert not at.exception and not at.get("progress")
