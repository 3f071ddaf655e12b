"""Reading platform exports, without a database: each format to exact totals, and every malformed file
refused with a message naming its row and column."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from services.accounts.imports import ExportFileError, ReadOptions, read_export
from services.accounts.imports.dates import infer_years, month_day

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
META_DAY = dt.date(2026, 9, 2)      # the Meta and YouTube files were "downloaded" on this day
TIKTOK_DAY = dt.date(2026, 1, 4)    # the TikTok files: a few days after the New Year they cross


def read(path: str, downloaded_on: dt.date = META_DAY, time_zone: str = "UTC"):
    file = FIXTURES / path
    return read_export(file.read_bytes(), file.name, ReadOptions(downloaded_on, time_zone))


def read_bytes(data: bytes, name: str = "export.csv", downloaded_on: dt.date = TIKTOK_DAY):
    return read_export(data, name, ReadOptions(downloaded_on))


# -- each format to exact totals ---------------------------------------------------------------------------------

def test_meta_posts_export_with_bom_and_grouped_numbers():
    export = read("meta/instagram_posts.csv")
    assert (export.format, export.platform, export.container, export.rows) == (
        "meta_instagram_posts", "instagram", "csv", 5)
    assert (export.first_date, export.last_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert export.sums == {"Views": 44235, "Reach": 32655, "Likes": 3245, "Shares": 427, "Comments": 262,
                           "Saves": 1336, "Follows": 171}
    assert export.account_hint == {"handle": "maya.makes", "platform_account_id": "17841400000000001"}
    posts = {p["platform_post_id"]: p for p in export.payload_rows["posts"]}
    assert posts["18050000000000001"]["posted_at"] == "2026-03-01T14:30:00+00:00"
    assert posts["18050000000000001"]["post_type"] == "reel"
    assert posts["18050000000000002"]["post_type"] == "carousel"
    assert posts["18050000000000002"]["caption"] == "=9 pieces, 30 outfits #capsulewardrobe"
    assert posts["18050000000000003"]["caption"] == "Mending 101\nDarning a sweater elbow 🧶"
    metrics = {m["platform_post_id"]: m for m in export.payload_rows["post_metrics"]}
    assert metrics["18050000000000001"] == {"platform_post_id": "18050000000000001",
                                            "captured_at": "2026-09-03T00:00:00+00:00", "views": 12400,
                                            "reach": 9100, "likes": 610, "shares": 88, "comments": 57, "saves": 230}


def test_meta_publish_times_are_read_in_the_creators_time_zone():
    export = read("meta/instagram_posts.csv", time_zone="America/New_York")
    posts = {p["platform_post_id"]: p for p in export.payload_rows["posts"]}
    assert posts["18050000000000001"]["posted_at"] == "2026-03-01T19:30:00+00:00"  # EST, UTC-5
    assert posts["18050000000000005"]["posted_at"] == "2026-03-10T11:15:00+00:00"  # EDT from March 8
    assert any("America/New_York" in note for note in export.all_notes())


def test_meta_per_metric_export_in_utf16_with_sep_and_title_lines():
    raw = (FIXTURES / "meta/instagram_reach.csv").read_bytes()
    assert raw[:2] == b"\xff\xfe"
    export = read("meta/instagram_reach.csv")
    assert (export.format, export.rows, export.first_date, export.last_date) == (
        "meta_instagram_metric", 7, dt.date(2026, 3, 1), dt.date(2026, 3, 7))
    assert export.sums == {"Instagram reach": 11982}
    assert export.payload_rows["account_daily"][0] == {"day": "2026-03-01", "reach": 1520}


def test_tiktok_overview_infers_the_year_across_new_year_and_says_so():
    export = read("tiktok/Overview.csv", TIKTOK_DAY)
    assert (export.format, export.rows, export.first_date, export.last_date) == (
        "tiktok_overview", 7, dt.date(2025, 12, 28), dt.date(2026, 1, 3))
    assert export.sums == {"Video Views": 55424, "Profile Views": 575, "Likes": 582, "Comments": 7, "Shares": 37}
    days = [r["day"] for r in export.payload_rows["account_daily"]]
    assert days == ["2025-12-28", "2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02",
                    "2026-01-03"]
    assert export.payload_rows["account_daily"][4] == {"day": "2026-01-01", "views": 13639, "profile_views": 97,
                                                       "likes": 124, "comments": 2, "shares": 1}
    note = next(n for n in export.all_notes() if "no year" in n)
    assert "2026-01-04" in note and "2025-12-28 to 2026-01-03" in note


def test_tiktok_follower_history_csv_and_xlsx():
    csv = read("tiktok/FollowerHistory.csv", TIKTOK_DAY)
    assert (csv.format, csv.rows, csv.first_date, csv.last_date) == (
        "tiktok_follower_history", 7, dt.date(2025, 12, 28), dt.date(2026, 1, 3))
    assert csv.sums == {"Followers": 73513, "Difference in followers from previous day": 234}
    assert csv.payload_rows["account_daily"][-1] == {"day": "2026-01-03", "followers": 10604}

    xlsx = read("tiktok/FollowerHistory.xlsx", TIKTOK_DAY)
    assert (xlsx.format, xlsx.container, xlsx.rows, xlsx.first_date, xlsx.last_date) == (
        "tiktok_follower_history", "xlsx", 7, dt.date(2025, 8, 25), dt.date(2025, 8, 31))
    assert xlsx.sums == {"Followers": 69018, "Difference in followers from previous day": 162}


def test_tiktok_gender_territories_and_activity():
    gender = read("tiktok/FollowerGender.csv", TIKTOK_DAY)
    assert {r["bucket"]: r["share"] for r in gender.payload_rows["audience_breakdowns"]} == {
        "female": "0.59000", "male": "0.38000", "other": "0.03000"}
    assert gender.sums == {"Distribution": Decimal("1.00000")}
    assert (gender.first_date, gender.last_date) == (TIKTOK_DAY, TIKTOK_DAY)

    territories = read("tiktok/FollowerTopTerritories.csv", TIKTOK_DAY)
    rows = territories.payload_rows["audience_breakdowns"]
    assert [(r["dimension"], r["bucket"], r["share"]) for r in rows][:2] == [("country", "US", "0.41200"),
                                                                             ("country", "GB", "0.18700")]
    assert rows[-1]["bucket"] == "Other"

    activity = read("tiktok/FollowerActivity.csv", TIKTOK_DAY)
    assert (activity.rows, activity.first_date, activity.last_date) == (48, dt.date(2025, 12, 31),
                                                                        dt.date(2026, 1, 1))
    assert activity.sums == {"Active followers": 6032}
    assert activity.payload_rows["follower_activity"][24] == {"day": "2026-01-01", "hour": 0, "active_followers": 48}


def test_tiktok_followers_zip_reads_its_four_files():
    export = read("tiktok/Followers_maya.makes.zip", TIKTOK_DAY)
    assert (export.format, export.container, export.rows) == ("tiktok_download", "zip", 7 + 48 + 3 + 6)
    assert [p.format for p in export.parts] == ["tiktok_follower_history", "tiktok_follower_activity",
                                                "tiktok_follower_gender", "tiktok_follower_territories"]
    assert export.sums["FollowerActivity.csv: Active followers"] == 6032
    assert export.counts() == {"account_daily": 7, "posts": 0, "post_metrics": 0, "audience_breakdowns": 9,
                               "follower_activity": 48}


def test_youtube_table_data_skips_the_total_row():
    export = read("youtube/Table data.csv")
    assert (export.format, export.rows) == ("youtube_table_data", 3)
    assert export.sums == {"Views": 5690, "Likes": 402, "Comments added": 58, "Shares": 41, "Subscribers": 37,
                           "Impressions": 98210, "Watch time (hours)": Decimal("210.4861")}
    assert (export.first_date, export.last_date) == (dt.date(2026, 7, 28), dt.date(2026, 8, 5))
    ids = [p["platform_post_id"] for p in export.payload_rows["posts"]]
    assert ids == ["aB3dEfGh1jK", "-xYz123_AbC", "Q6nP2mT9vL0"] and "Total" not in ids
    assert export.payload_rows["posts"][2]["caption"] == "=Capsule wardrobe math #shorts"
    # on its own, the table's period is unknown: its numbers are dated the end of the download day
    assert {m["captured_at"] for m in export.payload_rows["post_metrics"]} == {"2026-09-03T00:00:00+00:00"}


def test_youtube_chart_data_and_totals():
    chart = read("youtube/Chart data.csv")
    assert (chart.format, chart.rows, chart.first_date, chart.last_date) == (
        "youtube_chart_data", 21, dt.date(2026, 8, 1), dt.date(2026, 8, 7))
    assert chart.sums == {"Views": 5690}
    assert {m["platform_post_id"]: m["views"] for m in chart.payload_rows["post_metrics"]} == {
        "aB3dEfGh1jK": 3120, "-xYz123_AbC": 2010, "Q6nP2mT9vL0": 560}
    totals = read("youtube/Totals.csv")
    assert (totals.format, totals.rows, totals.sums) == ("youtube_totals", 7, {"Views": 5690})


def test_youtube_zip_dates_the_table_by_the_period_of_its_chart():
    export = read("youtube/Content 2026-08-01_2026-08-07 Maya Makes.zip")
    assert (export.format, export.container, export.rows) == ("youtube_studio_export", "zip", 3 + 21 + 7)
    assert (export.first_date, export.last_date) == (dt.date(2026, 7, 28), dt.date(2026, 8, 7))
    assert export.sums["Table data.csv: Views"] == export.sums["Totals.csv: Views"] == 5690
    metrics = export.payload_rows["post_metrics"]
    assert {m["captured_at"] for m in metrics} == {"2026-08-08T00:00:00+00:00"}
    assert {m["platform_post_id"]: (m["views"], m.get("likes")) for m in metrics} == {
        "aB3dEfGh1jK": (3120, 240), "-xYz123_AbC": (2010, 141), "Q6nP2mT9vL0": (560, 21)}
    assert export.counts() == {"account_daily": 7, "posts": 3, "post_metrics": 3, "audience_breakdowns": 0,
                               "follower_activity": 0}


def test_the_summary_is_plain_json():
    import json
    summary = read("youtube/Table data.csv").summary()
    assert json.loads(json.dumps(summary))["sums"]["Watch time (hours)"] == 210.4861


# -- year inference ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("downloaded_on, expected", [
    (dt.date(2026, 1, 4), ["2025-12-30", "2025-12-31", "2026-01-01"]),
    (dt.date(2026, 1, 1), ["2025-12-30", "2025-12-31", "2026-01-01"]),
    (dt.date(2025, 12, 31), ["2024-12-30", "2024-12-31", "2025-01-01"]),  # Jan 1 is after the download day
])
def test_year_inference_anchors_the_last_row_on_or_before_the_download_day(downloaded_on, expected):
    cells = [(n + 2, text, month_day(text, n + 2, "Date"))
             for n, text in enumerate(["December 30", "December 31", "January 1"])]
    days, note = infer_years(cells, downloaded_on, "Date")
    assert [d.isoformat() for d in days] == expected
    assert downloaded_on.isoformat() in note


def test_day_first_dates_and_leap_days():
    assert month_day("28 August", 2, "Date") == (8, 28)
    cells = [(2, "February 29", month_day("February 29", 2, "Date"))]
    assert infer_years(cells, dt.date(2028, 3, 1), "Date")[0] == [dt.date(2028, 2, 29)]
    with pytest.raises(ExportFileError, match=r"Row 2, column Date: .*February has no day 29 in 2027"):
        infer_years(cells, dt.date(2027, 3, 1), "Date")


# -- malformed files: a message naming row and column ------------------------------------------------------------

@pytest.mark.parametrize("path, message", [
    ("malformed/truncated_posts.csv", r"^Row 4: a quoted value is never closed: the file looks cut short$"),
    ("malformed/impossible_publish_time.csv",
     r'^Row 3, column Publish time: "02/30/2026 09:05" is not a real date: February has no day 30 in 2026$'),
    ("malformed/negative_likes_overview.csv", r"^Row 4, column Likes: -12 is negative; a count cannot be below zero$"),
    ("malformed/missing_column_overview.csv",
     r"^Row 1, column Profile Views: missing, so this is not a complete TikTok Overview file"),
    ("malformed/impossible_day_history.csv", r'^Row 4, column Date: "February 30" is not a real date'),
    ("malformed/non_numeric_views_table_data.csv", r'^Row 4, column Views: "lots" is not a whole number$'),
    ("malformed/screenshot.png", r"^Row 1: this is not a CSV or XLSX export: it is a PNG image$"),
])
def test_malformed_fixture_is_refused_naming_row_and_column(path, message):
    with pytest.raises(ExportFileError, match=message) as caught:
        read(path, TIKTOK_DAY)
    assert "\n" not in str(caught.value)


OVERVIEW_HEAD = '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n'


@pytest.mark.parametrize("body, message", [
    (OVERVIEW_HEAD + '"December 30","10","1","2","3","4"\n"December 31","12","1"\n',
     r"^Row 3, column Likes: has 3 of the 6 columns.*cut short"),
    (OVERVIEW_HEAD + '"December 30","1,2x0","1","2","3","4"\n', r'^Row 2, column Video Views: "1,2x0" is not a whole number$'),
    (OVERVIEW_HEAD + '"December 30","12.5","1","2","3","4"\n', r'^Row 2, column Video Views: "12.5" is not a whole number$'),
    (OVERVIEW_HEAD + '"Smarch 3","1","1","2","3","4"\n', r'^Row 2, column Date: "Smarch 3" is not a date like August 31$'),
    (OVERVIEW_HEAD + '"December 30","1","1","2","3","4"\n"December 30","1","1","2","3","4"\n',
     r"^Row 3, column Date: 2025-12-30 is listed twice \(first in row 2\)$"),
    (OVERVIEW_HEAD + '"December 30","1","1","2","3","4","5"\n', r"^Row 2: has 7 values but the header names 6 columns"),
    (OVERVIEW_HEAD, r"^Row 2: the file has a header but no rows$"),
    ("", r"^Row 1: the file is empty$"),
    ("Name,Email\nAda,ada@example.com\n", r"^Row 1: the columns \(Name, Email\) match no export the portal reads"),
    ("just some notes I typed\nnot a table at all\n", r"^Row 1: the columns \(just some notes I typed\) match no export"),
    ('"Date","Followers","Difference in followers from previous day"\n"May 1","-4","1"\n',
     r"^Row 2, column Followers: -4 is negative"),
    ('"Gender","Distribution"\n"Female","0.7"\n"Male","0.6"\n', r"^Row 3, column Distribution: the shares add up to 130.0%"),
    ('"Date","Hour","Active followers"\n"May 1","24","10"\n', r'^Row 2, column Hour: "24" is not an hour from 0 to 23$'),
    ('"Date","Primary"\n"2026-03-01T00:00:00","5"\n', r"^Row 1: this Meta Business Suite daily metric file lacks the `sep=,`"),
])
def test_malformed_text_is_refused_naming_row_and_column(body, message):
    with pytest.raises(ExportFileError, match=message):
        read_bytes(body.encode("utf-8"))


def test_meta_metrics_the_portal_does_not_store_are_refused_by_name():
    def metric(title):
        text = f'sep=,\n"{title}"\n"Date","Primary"\n"2026-03-01T00:00:00","5"\n'
        return b"\xff\xfe" + text.encode("utf-16-le")

    with pytest.raises(ExportFileError, match=r'^Row 2: the metric "Instagram follows" \(new follows per day'):
        read_bytes(metric("Instagram follows"))
    with pytest.raises(ExportFileError, match=r'^Row 2: "Facebook visits" is a Facebook Page metric'):
        read_bytes(metric("Facebook visits"))
    with pytest.raises(ExportFileError, match=r'^Row 5, column Primary: "-3" is not|^Row 5, column Primary: -3 is negative'):
        read_bytes(metric("Instagram reach")[:-2] + '\n"2026-03-02T00:00:00","-3"\n'.encode("utf-16-le"))


def test_binary_damaged_and_mixed_archives_are_refused():
    with pytest.raises(ExportFileError, match=r"^Row 1: this is not a CSV export: it is not UTF-8 or UTF-16 text"):
        read_bytes(bytes(range(128, 256)) * 4)
    whole = (FIXTURES / "youtube/Content 2026-08-01_2026-08-07 Maya Makes.zip").read_bytes()
    with pytest.raises(ExportFileError, match=r"^Row 1: the ZIP archive or workbook is damaged or incomplete"):
        read_bytes(whole[: len(whole) // 2], "cut.zip")
    mixed = io.BytesIO()
    with zipfile.ZipFile(mixed, "w") as archive:
        archive.writestr("Totals.csv", (FIXTURES / "youtube/Totals.csv").read_bytes())
        archive.writestr("Overview.csv", (FIXTURES / "tiktok/Overview.csv").read_bytes())
    with pytest.raises(ExportFileError, match=r"mixes TikTok and YouTube exports"):
        read_bytes(mixed.getvalue(), "mixed.zip")


def test_an_error_inside_a_zip_names_the_member_row_and_column():
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("Totals.csv", "Date,Views\n2026-08-01,10\n2026-08-02,ten\n")
    with pytest.raises(ExportFileError, match=r'^Totals.csv, row 3, column Views: "ten" is not a whole number$'):
        read_bytes(bad.getvalue(), "Content.zip")


def test_an_error_in_a_workbook_names_the_sheet_row_and_column():
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Overview"
    sheet.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    sheet.append(["March 1", 10, 1, 2, 3, 4])
    sheet.append(["March 2", 10, 1, -2, 3, 4])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ExportFileError, match=r"^Overview.xlsx, sheet Overview, row 3, column Likes: -2 is negative"):
        read_bytes(out.getvalue(), "Overview.xlsx")
