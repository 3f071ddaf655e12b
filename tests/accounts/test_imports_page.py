"""The Import page (AppTest): upload, preview of rows, date span and what will change, then confirm."""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from streamlit import dataframe_util

from services.core.db.gateway import person_id_for
from tests.support.app import app_for, texts

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
ISSUER = "https://idp.test"


def as_new_creator(admin_url):
    subject = f"importer-{uuid.uuid4().hex[:10]}"
    at = app_for(admin_url, issuer=ISSUER, subject=subject, email=f"{subject}@example.test", name="Ivy Importer")
    at.run()
    assert not at.exception
    at.switch_page("../pages/accounts/import_exports.py").run()
    assert not at.exception
    return at, person_id_for(ISSUER, subject)


def upload(at, path: str, downloaded_on: dt.date | None = None, *, name: str | None = None):
    file = FIXTURES / path
    if downloaded_on:
        at.date_input(key="import_downloaded_on").set_value(downloaded_on)
    at.file_uploader(key="import_file").set_value((name or file.name, file.read_bytes(), "text/csv")).run()
    assert not at.exception
    return at


def table(at, column: str):
    """The dataframe on the page that has this column (AppTest does not expose a dataframe's key)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def count(admin_conn, table: str, creator_id: str) -> int:
    return admin_conn.execute(f"select count(*) as n from public.{table} where creator_id = %s",
                              (creator_id,)).fetchone()["n"]


def test_upload_shows_rows_span_and_changes_then_confirm_imports(admin_url, admin_conn):
    at, creator_id = as_new_creator(admin_url)
    assert "No file imported yet" in texts(at)
    upload(at, "tiktok/Overview.csv", dt.date(2026, 1, 4))
    page = texts(at)
    assert "TikTok Overview" in page
    assert "7 rows from Dec 28, 2025 to Jan 3, 2026" in page
    assert "assumed the rows run up to January 3, 2026" in page
    preview = table(at, "Video Views")
    assert len(preview) == 7 and list(preview["Video Views"])[:2] == [1441, 2110]
    sums = table(at, "Column")
    assert dict(zip(sums["Column"], sums["Total"]))["Video Views"] == 55424
    assert at.selectbox(key="import_account").value == "__new__"
    at.text_input(key="import_new_handle").set_value("ivy.tt").run()
    assert "A new TikTok account @ivy.tt will be added" in texts(at)
    plan = table(at, "Unchanged")
    assert plan.iloc[0].to_dict() == {"What": "Days of account numbers", "New": 7, "Updated": 0, "Unchanged": 0}
    assert count(admin_conn, "account_daily", creator_id) == 0, "nothing is written before confirming"

    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert "Imported Overview.csv: 7 new and 0 updated rows, marked as imported." in texts(at)
    assert count(admin_conn, "account_daily", creator_id) == 7
    assert admin_conn.execute("select sum(views) as v from public.account_daily where creator_id = %s",
                              (creator_id,)).fetchone()["v"] == 55424


def test_the_button_counts_what_the_result_then_reports(admin_url, admin_conn):
    at, creator_id = as_new_creator(admin_url)
    upload(at, "meta/instagram_posts.csv", dt.date(2026, 9, 2))
    assert "5 rows" in texts(at), "the file has 5 posts"
    label = at.button(key="import_confirm").label
    at.button(key="import_confirm").click().run()
    result = next(s.value for s in at.success if s.value.startswith("Imported "))
    # Counted independently: every row the import wrote for this creator, in each table it touches.
    written = sum(count(admin_conn, table, creator_id) for table in ("posts", "post_metrics", "account_daily"))
    assert label == f"Import: {written} new and 0 updated rows"
    assert result == f"Imported instagram_posts.csv: {written} new and 0 updated rows, marked as imported."


def test_the_same_file_again_is_recognised_and_changes_nothing(admin_url, admin_conn):
    at, creator_id = as_new_creator(admin_url)
    upload(at, "meta/instagram_posts.csv", dt.date(2026, 9, 2))
    assert at.text_input(key="import_new_handle").value == "maya.makes"  # the handle the file names
    at.button(key="import_confirm").click().run()
    assert count(admin_conn, "posts", creator_id) == 5

    again, _ = as_new_creator(admin_url)  # a new session of another creator sees nothing of it
    assert "No file imported yet" in texts(again)

    at.file_uploader(key="import_file").set_value(None).run()
    assert "Recent imports" in texts(at)
    assert table(at, "File").iloc[0]["File"] == "instagram_posts.csv"
    upload(at, "meta/instagram_posts.csv", dt.date(2026, 9, 2))
    assert "already imported into this account" in texts(at)
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert count(admin_conn, "posts", creator_id) == 5 and count(admin_conn, "imports", creator_id) == 1


@pytest.mark.parametrize("path, name, message", [
    ("malformed/negative_likes_overview.csv", None, "Row 4, column Likes: -12 is negative"),
    ("malformed/screenshot.png", "screenshot.csv", "Row 1: this is not a CSV or XLSX export: it is a PNG image"),
])
def test_a_bad_file_shows_row_and_column_and_offers_no_import(admin_url, admin_conn, path, name, message):
    at, creator_id = as_new_creator(admin_url)
    upload(at, path, name=name)
    assert len(at.error) == 1 and at.error[0].value.startswith(f"Nothing was imported: {message}")
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert count(admin_conn, "social_accounts", creator_id) == 0


def test_the_rows_as_read_download_neutralises_formulas(admin_url):
    at, _ = as_new_creator(admin_url)
    upload(at, "meta/instagram_posts.csv", dt.date(2026, 9, 2))
    preview = table(at, "Description")
    assert "=9 pieces, 30 outfits #capsulewardrobe" in list(preview["Description"])  # shown as written
    from services.core.csv_export import to_safe_csv
    assert b"\"'=9 pieces, 30 outfits #capsulewardrobe\"" in to_safe_csv(preview)


def test_brand_partners_have_no_import_page(admin_url, pool):
    from services.core.db.gateway import Person
    from services.core.db.postgres import PostgresGateway
    from tests.people.test_rls_matrix import invite
    creator = Person(id=str(uuid.uuid4()))
    PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Inviter"})
    subject = f"partner-{uuid.uuid4().hex[:8]}"
    partner = Person(id=person_id_for(ISSUER, subject), issuer=ISSUER, subject=subject)
    invite(pool, creator, partner, f"Brand {uuid.uuid4().hex[:6]}")
    at = app_for(admin_url, issuer=ISSUER, subject=subject, name="Partner").run()
    with pytest.raises(ValueError):
        at.switch_page("../pages/accounts/import_exports.py")


def test_the_totals_show_counts_in_full_and_watch_hours_to_two_decimals_and_sort_as_numbers(admin_url):
    """YouTube's Table data.csv: its Total row gives 5,690 views and 210.4861 watch hours; the table keeps the
    numbers (it sorts on them) and shows "5,690" and "210.49" (two decimals, rounded by hand), not "210.4861"."""
    at, _ = as_new_creator(admin_url)
    upload(at, "youtube/Table data.csv", dt.date(2026, 8, 8))
    frame = next(f for f in at.dataframe if "Column" in f.value.columns)
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(frame.proto.arrow_data.styler.display_values)
    values = dict(zip(frame.value["Column"], frame.value["Total"]))
    texts_shown = dict(zip(shown["Column"], shown["Total"]))
    assert values["Watch time (hours)"] == pytest.approx(210.4861)
    assert texts_shown["Watch time (hours)"] == "210.49"
    assert texts_shown["Views"] == "5,690"
