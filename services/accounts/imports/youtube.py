"""YouTube Studio advanced-mode exports (Analytics > Advanced mode > Content > Export current view), as
the three CSV files or the ZIP that holds them:

- Table data.csv: one row per video for the period chosen in Studio, after a first data row `Total`
  (the channel's total, which also counts videos the export leaves out; it is skipped). Stored: the
  video as a post (id, title, publish date) and a post_metrics snapshot of views, likes, comments
  added and shares at the end of the period.
- Chart data.csv: the chart's metric per video per day (Date, Content, Video title, Video publish time,
  Duration, Views). Stored: the videos, and per video the views summed over the period as a snapshot
  at its end (the table's numbers win when both files are imported together).
- Totals.csv: the channel's daily total (Date, Views) -> account_daily views.

Studio's per-video numbers cover the period chosen in Studio: pick "Lifetime" there to store lifetime
counters. The period's last day is the last date in Chart data / Totals; a Table data.csv on its own is
taken to run to the download date."""
from __future__ import annotations

import re

from services.accounts.imports import dates
from services.accounts.imports.model import (Cells, ExportFileError, Part, ReadOptions, Spec, count, decimal, is_missing,
                                    required_text)
from services.accounts.imports.tables import Table

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# Column -> (post_metrics field or None, reader). Counts that can be negative (net subscribers) say so.
TABLE_METRICS = {
    "Views": ("views", "count"), "Engaged views": (None, "count"), "Likes": ("likes", "count"),
    "Dislikes": (None, "count"), "Comments added": ("comments", "count"), "Shares": ("shares", "count"),
    "Subscribers": (None, "signed"), "Subscribers gained": (None, "count"), "Subscribers lost": (None, "count"),
    "Impressions": (None, "count"), "Watch time (hours)": (None, "decimal"),
}


def _metric(kind: str, raw, number: int, column: str):
    if kind == "decimal":
        return decimal(raw, number, column)
    return count(raw, number, column, allow_negative=kind == "signed")


def _video_id(raw, number: int, column: str) -> str:
    text = required_text(raw, number, column).lstrip("'").strip()
    if not _VIDEO_ID.match(text):
        raise ExportFileError(f'"{text}" is not a YouTube video id', row=number, column=column)
    return text


def _post(video_id: str, title, published) -> dict:
    return {"platform_post_id": video_id, "permalink": f"https://www.youtube.com/watch?v={video_id}",
            "post_type": "video", "caption": None if title in (None, "") else str(title),
            "posted_at": f"{published.isoformat()}T00:00:00+00:00"}


def parse_table(table: Table, opts: ReadOptions) -> Part:
    cells = Cells(table.header)
    part = Part("youtube_table_data", "YouTube Studio Table data", "youtube", table.source, table.header)
    seen: dict[str, int] = {}
    metrics = [name for name in TABLE_METRICS if cells.has(name)]
    for number, record in table.rows:
        content = cells.get(record, "Content")
        if isinstance(content, str) and content.strip().lower() == "total":
            continue
        video_id = _video_id(content, number, cells.name("Content"))
        if video_id in seen:
            raise ExportFileError(f"video {video_id} is listed twice (first in row {seen[video_id]})", row=number,
                                  column=cells.name("Content"))
        seen[video_id] = number
        published = dates.day(cells.get(record, "Video publish time"), number, cells.name("Video publish time"))
        values = {}
        for name in metrics:
            value = _metric(TABLE_METRICS[name][1], cells.get(record, name), number, cells.name(name))
            part.add(cells.name(name), value)
            values[name] = value
        title = cells.raw(record, "Video title")
        part.posts.append(_post(video_id, title, published))
        part.span(published)
        part.post_metrics.append({"platform_post_id": video_id, "captured_at": None,
                                  **{TABLE_METRICS[n][0]: v for n, v in values.items() if TABLE_METRICS[n][0]}})
        part.rows += 1
        part.preview.append({"Video": video_id, "Video title": title or "", "Published": published.isoformat(),
                             **{cells.name(n): (float(v) if n == "Watch time (hours)" and v is not None else v)
                                for n, v in values.items()}})
    if not part.rows:
        raise ExportFileError("the file lists no videos (only a Total row)", row=table.header_row + 1)
    part.notes.append("YouTube Studio's per-video numbers cover the period chosen in Studio; choose Lifetime there "
                      "to store lifetime counters. Publish dates have no time: stored at 00:00 UTC.")
    return part


def parse_chart(table: Table, opts: ReadOptions) -> Part:
    cells = Cells(table.header)
    part = Part("youtube_chart_data", "YouTube Studio Chart data", "youtube", table.source, table.header)
    seen: dict[tuple, int] = {}
    per_video: dict[str, dict] = {}
    views_column = cells.name("Views")
    for number, record in table.rows:
        day = dates.day(cells.get(record, "Date"), number, cells.name("Date"))
        video_id = _video_id(cells.get(record, "Content"), number, cells.name("Content"))
        if (day, video_id) in seen:
            raise ExportFileError(f"video {video_id} on {day.isoformat()} is listed twice (first in row "
                                  f"{seen[day, video_id]})", row=number, column=cells.name("Content"))
        seen[day, video_id] = number
        views = count(cells.get(record, "Views"), number, views_column)
        part.add(views_column, views)
        video = per_video.setdefault(video_id, {"views": 0, "title": None, "published": None})
        video["views"] += views or 0
        if cells.has("Video title") and video["title"] is None:
            video["title"] = cells.raw(record, "Video title")
        if cells.has("Video publish time") and video["published"] is None \
                and not is_missing(cells.get(record, "Video publish time")):
            video["published"] = dates.day(cells.get(record, "Video publish time"), number,
                                           cells.name("Video publish time"))
        part.span(day)
        part.rows += 1
        part.preview.append({"Date": day.isoformat(), "Video": video_id, views_column: views})
    if not part.rows:
        raise ExportFileError("the file has a header but no rows", row=table.header_row + 1)
    for video_id, video in per_video.items():
        if video["published"] is not None:
            part.posts.append(_post(video_id, video["title"], video["published"]))
        part.post_metrics.append({"platform_post_id": video_id, "captured_at": None, "views": video["views"]})
    part.notes.append(f"Chart data: each video's daily views are summed over {part.first_date.isoformat()} to "
                      f"{part.last_date.isoformat()} and stored as a snapshot at the end of that period.")
    return part


def parse_totals(table: Table, opts: ReadOptions) -> Part:
    cells = Cells(table.header)
    part = Part("youtube_totals", "YouTube Studio Totals", "youtube", table.source, table.header)
    views_column = cells.name("Views")
    for number, record, day in dates.daily_rows(table, cells):
        views = count(cells.get(record, "Views"), number, views_column)
        part.add(views_column, views)
        part.account_daily.append({"day": day.isoformat(), "views": views})
        part.span(day)
        part.rows += 1
        part.preview.append({"Date": day.isoformat(), views_column: views})
    if not part.rows:
        raise ExportFileError("the file has a header but no days", row=table.header_row + 1)
    return part


SPECS = (
    Spec("youtube_table_data", "YouTube Studio Table data", "youtube",
         ("Content", "Video title", "Video publish time", "Views"), parse_table, absent=("Date",)),
    Spec("youtube_chart_data", "YouTube Studio Chart data", "youtube", ("Date", "Content", "Views"), parse_chart),
    Spec("youtube_totals", "YouTube Studio Totals", "youtube", ("Date", "Views"), parse_totals),
)
