"""TikTok Studio analytics downloads (CSV, or XLSX with one sheet per download; the Followers download is
a ZIP of four files). Every field is quoted; days have no year ("August 31"), so the year is inferred
from the download date (services/accounts/imports/dates.py says how) and the assumption is shown.

- Overview: Date, Video Views, Profile Views, Likes, Comments, Shares -> account_daily views,
  profile_views, likes, comments, shares.
- FollowerHistory: Date, Followers, Difference in followers from previous day -> account_daily followers
  (the difference may be negative; it is read and summed, not stored: TikTok's own differences do not
  always match the steps between its totals).
- FollowerGender: Gender, Distribution; FollowerTopTerritories: Top territories, Distribution ->
  audience_breakdowns (gender / country) as of the download date; shares as fractions (0.59 or 59%).
- FollowerActivity: Date, Hour, Active followers -> follower_activity.
"""
from __future__ import annotations

import datetime as dt

from services.accounts.imports import dates
from services.accounts.imports.model import Cells, ExportFileError, Part, ReadOptions, Spec, count, required_text, share
from services.accounts.imports.tables import Table
from services.core.messages import N_

MAX_SPAN_DAYS = 366


def _days(table: Table, cells: Cells, opts: ReadOptions, *, repeat: bool = False) -> tuple[list[dt.date], str | None]:
    """The Date column with years inferred, oldest first."""
    column = cells.name("Date")
    raw = [(number, str(cells.get(record, "Date")),
            dates.month_day(cells.get(record, "Date"), number, column)) for number, record in table.rows]
    days, note = dates.infer_years(raw, opts.downloaded_on, column)
    if days and (days[-1] - days[0]).days > MAX_SPAN_DAYS:
        raise ExportFileError(f"the dates would run from {days[0].isoformat()} to {days[-1].isoformat()}, more than "
                              "a year: TikTok lists days oldest first and covers at most a year, so are the rows out "
                              "of order?", row=table.rows[0][0], column=column)
    if not repeat:
        seen: dict[dt.date, int] = {}
        for (number, _), day in zip(table.rows, days):
            if day in seen:
                raise ExportFileError(f"{day.isoformat()} is listed twice (first in row {seen[day]})", row=number,
                                      column=column)
            seen[day] = number
    return days, note


def _empty(table: Table) -> None:
    if not table.rows:
        raise ExportFileError("the file has a header but no rows", row=table.header_row + 1)


OVERVIEW = (("Video Views", "views"), ("Profile Views", "profile_views"), ("Likes", "likes"),
            ("Comments", "comments"), ("Shares", "shares"))


def parse_overview(table: Table, opts: ReadOptions) -> Part:
    _empty(table)
    cells = Cells(table.header)
    part = Part("tiktok_overview", "TikTok Overview", "tiktok", table.source, table.header)
    days, note = _days(table, cells, opts)
    for (number, record), day in zip(table.rows, days):
        row = {"day": day.isoformat()}
        for column, field in OVERVIEW:
            row[field] = count(cells.get(record, column), number, cells.name(column))
            part.add(cells.name(column), row[field])
        part.account_daily.append(row)
        part.span(day)
        part.rows += 1
        part.preview.append({"Date": day.isoformat(), **{cells.name(c): row[f] for c, f in OVERVIEW}})
    if note:
        part.notes.append(note)
    return part


def parse_follower_history(table: Table, opts: ReadOptions) -> Part:
    _empty(table)
    cells = Cells(table.header)
    part = Part("tiktok_follower_history", "TikTok FollowerHistory", "tiktok", table.source, table.header)
    days, note = _days(table, cells, opts)
    difference = "Difference in followers from previous day"
    for (number, record), day in zip(table.rows, days):
        followers = count(cells.get(record, "Followers"), number, cells.name("Followers"))
        change = count(cells.get(record, difference), number, cells.name(difference), allow_negative=True)
        part.add(cells.name("Followers"), followers)
        part.add(cells.name(difference), change)
        part.account_daily.append({"day": day.isoformat(), "followers": followers})
        part.span(day)
        part.rows += 1
        part.preview.append({"Date": day.isoformat(), "Followers": followers, difference: change})
    if note:
        part.notes.append(note)
    return part


def _distribution(table: Table, opts: ReadOptions, *, format: str, label: str, column: str, dimension: str) -> Part:
    _empty(table)
    cells = Cells(table.header)
    part = Part(format, label, "tiktok", table.source, table.header)
    seen: dict[str, int] = {}
    total = 0
    for number, record in table.rows:
        name = required_text(cells.get(record, column), number, cells.name(column))
        bucket = _bucket(name, dimension)
        if len(bucket) > 100:
            raise ExportFileError("is longer than 100 characters", row=number, column=cells.name(column))
        if bucket in seen:
            raise ExportFileError(f'"{name}" is listed twice (first in row {seen[bucket]})', row=number,
                                  column=cells.name(column))
        seen[bucket] = number
        value = share(cells.get(record, "Distribution"), number, cells.name("Distribution"))
        total += value
        if total > 1.01:
            raise ExportFileError(f"the shares add up to {total * 100:.1f}%, more than the whole audience",
                                  row=number, column=cells.name("Distribution"))
        part.add(cells.name("Distribution"), value)
        part.audience_breakdowns.append({"as_of": opts.downloaded_on.isoformat(), "dimension": dimension,
                                         "bucket": bucket, "share": str(value)})
        part.rows += 1
        part.preview.append({cells.name(column): name, "Bucket": bucket, "Distribution": float(value)})
    part.span(opts.downloaded_on)
    part.notes.append(f"{label} has no date: stored as the audience on the download date, "
                      f"{opts.downloaded_on.isoformat()}.")
    return part


def _bucket(name: str, dimension: str) -> str:
    if dimension == "gender":
        lowered = name.strip().lower()
        return {"others": "other", "unknown": "unknown"}.get(lowered, lowered)
    text = name.strip()
    if text.lower() in ("others", "other"):
        return "Other"
    return text.upper() if len(text) == 2 and text.isalpha() else text


def parse_gender(table: Table, opts: ReadOptions) -> Part:
    return _distribution(table, opts, format="tiktok_follower_gender", label="TikTok FollowerGender",
                         column=N_("Gender"), dimension="gender")


def parse_territories(table: Table, opts: ReadOptions) -> Part:
    return _distribution(table, opts, format="tiktok_follower_territories", label="TikTok FollowerTopTerritories",
                         column="Top territories", dimension="country")


def parse_activity(table: Table, opts: ReadOptions) -> Part:
    _empty(table)
    cells = Cells(table.header)
    part = Part("tiktok_follower_activity", "TikTok FollowerActivity", "tiktok", table.source, table.header)
    days, note = _days(table, cells, opts, repeat=True)
    seen: dict[tuple, int] = {}
    for (number, record), day in zip(table.rows, days):
        hour = count(cells.get(record, "Hour"), number, cells.name("Hour"))
        if hour is None or hour > 23:
            raise ExportFileError(f'"{cells.get(record, "Hour")}" is not an hour from 0 to 23', row=number,
                                  column=cells.name("Hour"))
        if (day, hour) in seen:
            raise ExportFileError(f"{day.isoformat()} hour {hour} is listed twice (first in row {seen[day, hour]})",
                                  row=number, column=cells.name("Hour"))
        seen[day, hour] = number
        active = count(cells.get(record, "Active followers"), number, cells.name("Active followers"))
        if active is None:
            continue
        part.add(cells.name("Active followers"), active)
        part.follower_activity.append({"day": day.isoformat(), "hour": hour, "active_followers": active})
        part.span(day)
        part.rows += 1
        part.preview.append({"Date": day.isoformat(), "Hour": hour, "Active followers": active})
    if note:
        part.notes.append(note)
    return part


SPECS = (
    Spec("tiktok_overview", "TikTok Overview", "tiktok",
         ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"), parse_overview),
    Spec("tiktok_follower_history", "TikTok FollowerHistory", "tiktok",
         ("Date", "Followers", "Difference in followers from previous day"), parse_follower_history),
    Spec("tiktok_follower_gender", "TikTok FollowerGender", "tiktok", (N_("Gender"), "Distribution"), parse_gender),
    Spec("tiktok_follower_territories", "TikTok FollowerTopTerritories", "tiktok",
         ("Top territories", "Distribution"), parse_territories),
    Spec("tiktok_follower_activity", "TikTok FollowerActivity", "tiktok", ("Date", "Hour", "Active followers"),
         parse_activity),
)
