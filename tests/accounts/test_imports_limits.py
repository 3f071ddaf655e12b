"""Bounded imports: a file that unpacks or parses past a limit is refused while it is being read, with
one line naming the limit (small limits here; bench/imports.py shows the real ones against real bombs)."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from services.accounts.imports import ReadOptions, read_export, tables
from services.accounts.imports.model import ExportFileError

OPTIONS = ReadOptions(downloaded_on=dt.date(2026, 12, 1))
CSV = "Date,Video views,Profile views,Likes,Comments,Shares\n" + "".join(
    f'"January {d}",1,2,3,4,5\n' for d in range(1, 29))


def _zip(**members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _xlsx(rows: int, columns: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([f"Column {c}" for c in range(columns)])
    for r in range(rows):
        sheet.append([r] * columns)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_csv_with_more_rows_than_the_limit_is_refused_naming_the_limit(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    with pytest.raises(ExportFileError, match="more than 10 rows \\(the limit\\)") as refused:
        read_export(CSV.encode(), "Overview.csv", OPTIONS)
    assert "\n" not in str(refused.value)


def test_a_zip_that_unpacks_past_the_limit_is_refused_even_if_its_headers_lie(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNPACKED", 1000)
    archive = _zip(**{"Overview.csv": CSV.encode() * 3})
    with pytest.raises(ExportFileError, match="unpacks to more than 0 MB \\(the limit\\)"):
        read_export(archive, "export.zip", OPTIONS)
    # a member whose declared size is small but whose data is not: the running total catches it
    info = zipfile.ZipFile(io.BytesIO(archive)).infolist()[0]
    with pytest.raises(ExportFileError, match="the limit"):
        tables._read_member(zipfile.ZipFile(io.BytesIO(archive)), info, 0, "ZIP archive")
    assert info.file_size > 1000


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    data = _xlsx(50)
    monkeypatch.setattr(tables, "MAX_UNPACKED", 2000)
    with pytest.raises(ExportFileError, match="workbook unpacks to more than"):
        read_export(data, "Overview.xlsx", OPTIONS)


def test_a_workbook_with_too_many_rows_or_columns_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    with pytest.raises(ExportFileError, match="more than 5 rows"):
        tables.read_workbook(_xlsx(20), "Overview.xlsx")
    monkeypatch.setattr(tables, "MAX_ROWS", 100_000)
    monkeypatch.setattr(tables, "MAX_COLUMNS", 4)
    with pytest.raises(ExportFileError, match="at most 4 are read"):
        tables.read_workbook(_xlsx(3, columns=8), "Overview.xlsx")


def test_a_file_within_the_limits_is_read():
    assert read_export(CSV.encode(), "Overview.csv", OPTIONS).sha256


def test_a_youtube_download_of_another_channel_is_refused_naming_both(pool, gateway_for):
    """A YouTube Studio ZIP of "Maya Makes" chosen for @LeoPlaysIndie: refused, nothing written."""
    from pathlib import Path

    from services.accounts import imports
    from services.core.errors import ValidationError
    from tests.support.connections import new_creator

    name = "Content 2026-08-01_2026-08-07 Maya Makes.zip"
    data = (Path(__file__).parent / "fixtures" / "exports" / "youtube" / name).read_bytes()
    export = read_export(data, name, OPTIONS)
    creator = new_creator(pool)
    gw = gateway_for(creator)
    leo = gw.insert("social_accounts", [{"creator_id": creator.id, "platform": "youtube", "handle": "LeoPlaysIndie",
                                         "platform_account_id": "UCleo000000000000000000"}])[0]
    with pytest.raises(ValidationError, match='YouTube channel "Maya Makes", not of @LeoPlaysIndie'):
        imports.run(gw, export, account_id=leo["id"])
    assert imports.history(gw, leo["id"]) == []
    maya = gw.insert("social_accounts", [{"creator_id": creator.id, "platform": "youtube", "handle": "@mayamakes",
                                          "platform_account_id": "UCmaya000000000000000000"}])[0]
    assert imports.run(gw, export, account_id=maya["id"], dry_run=True).dry_run
