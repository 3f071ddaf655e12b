"""Meta Business Suite exports of an Instagram professional account.

- Posts export (Insights > Content > Export, CSV, UTF-8 with a byte-order mark): one row per post with
  its lifetime counters. `Publish time` is month/day/year in the Business Suite's local time; numbers may
  be written "12,400"; `Date` says which period the counters cover ("Lifetime" in a lifetime export).
  Stored: the post (id, permalink, type, caption, publish time) and one post_metrics snapshot taken at the
  end of the download day (or of the day in `Date`, when it holds a date).
- Per-metric exports (Insights > Results > a chart > Export, UTF-16 with a byte-order mark): a `sep=,`
  line, a title line naming the metric ("Instagram reach"), then `Date,Primary` with one row per day.
  Stored in account_daily: views, reach ("Viewers" is Meta's newer name for it), profile visits, followers.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from services.accounts.imports import dates
from services.accounts.imports.model import (Cells, ExportFileError, Part, ReadOptions, Spec, count, end_of_day, is_missing,
                                    required_text)
from services.accounts.imports.tables import Table

POSTS_COLUMNS = ("Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
                 "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes",
                 "Shares", "Follows", "Comments", "Saves")
POSTS_REQUIRED = ("Post ID", "Account ID", "Account username", "Publish time", "Permalink", "Post type", "Views",
                  "Reach", "Likes", "Shares", "Comments", "Saves")
POST_METRICS = (("Views", "views"), ("Reach", "reach"), ("Likes", "likes"), ("Shares", "shares"),
                ("Comments", "comments"), ("Saves", "saves"), ("Follows", None))
POST_TYPES = {"ig reel": "reel", "reel": "reel", "ig image": "image", "image": "image", "photo": "image",
              "ig carousel": "carousel", "carousel": "carousel", "carousel album": "carousel",
              "ig video": "video", "video": "video", "ig story": "story", "story": "story"}

# Per-metric title (without "Instagram ") -> account_daily column.
METRIC_TITLES = {"views": "views", "reach": "reach", "viewers": "reach", "profile visits": "profile_views",
                 "visits": "profile_views", "followers": "followers"}


def parse_posts(table: Table, opts: ReadOptions) -> Part:
    cells = Cells(table.header)
    part = Part("meta_instagram_posts", "Meta Business Suite Instagram posts", "instagram", table.source,
                table.header)
    seen: dict[str, int] = {}
    accounts: dict[str, tuple[str, int]] = {}
    for number, record in table.rows:
        post_id = required_text(cells.get(record, "Post ID"), number, cells.name("Post ID"))
        if post_id in seen:
            raise ExportFileError(f"post {post_id} is listed twice (first in row {seen[post_id]})",
                                  row=number, column=cells.name("Post ID"))
        seen[post_id] = number
        account_id = required_text(cells.get(record, "Account ID"), number, cells.name("Account ID"))
        username = required_text(cells.get(record, "Account username"), number, cells.name("Account username"))
        if accounts and account_id not in accounts:
            other, first_row = next(iter(accounts.items()))
            raise ExportFileError(f"account {account_id} differs from account {other} in row {first_row[1]}: "
                                  "export one account at a time", row=number, column=cells.name("Account ID"))
        accounts.setdefault(account_id, (username, number))

        posted_at = dates.meta_time(cells.get(record, "Publish time"), number, cells.name("Publish time"),
                                    opts.time_zone)
        permalink = cells.get(record, "Permalink")
        if is_missing(permalink):
            permalink = None
        elif not str(permalink).startswith("https://"):
            raise ExportFileError(f'"{permalink}" is not a link starting with https://', row=number,
                                  column=cells.name("Permalink"))
        raw_type = required_text(cells.get(record, "Post type"), number, cells.name("Post type"))
        post_type = POST_TYPES.get(raw_type.lower())
        if post_type is None:
            raise ExportFileError(f'"{raw_type}" is not a post type the portal knows (IG reel, IG image, '
                                  "IG carousel, IG video or IG story)", row=number, column=cells.name("Post type"))
        caption = cells.raw(record, "Description")
        caption = None if caption is None or caption == "" else str(caption)

        period = cells.get(record, "Date")
        if is_missing(period) or str(period).strip().lower() == "lifetime":
            snapshot_day = opts.downloaded_on
        else:
            snapshot_day = dates.day(period, number, cells.name("Date"))

        metrics = {}
        for column, field in POST_METRICS:
            if not cells.has(column):
                continue
            value = count(cells.get(record, column), number, cells.name(column))
            part.add(cells.name(column), value)
            if field:
                metrics[field] = value

        local_day = posted_at.astimezone(ZoneInfo(opts.time_zone)).date()
        part.span(local_day)
        part.rows += 1
        part.posts.append({"platform_post_id": post_id, "permalink": permalink, "post_type": post_type,
                           "caption": caption, "posted_at": posted_at.isoformat()})
        part.post_metrics.append({"platform_post_id": post_id, "captured_at": end_of_day(snapshot_day).isoformat(),
                                  **metrics})
        part.preview.append({"Post ID": post_id, "Publish time (UTC)": posted_at.strftime("%Y-%m-%d %H:%M"),
                             "Post type": post_type, "Description": caption or "",
                             **{cells.name(c): metrics.get(f) if f else None for c, f in POST_METRICS
                                if f and cells.has(c)}})
    if not part.rows:
        raise ExportFileError("the file has a header but no posts", row=table.header_row + 1)
    (account_id, (username, _)), = accounts.items()
    part.account_hint = {"handle": username.lstrip("@"), "platform_account_id": account_id}
    part.notes.append(f"Publish times are read as {opts.time_zone} (your time zone in Settings) and stored in UTC.")
    part.notes.append(f"Each post's counters are stored as a snapshot at the end of {opts.downloaded_on.isoformat()}, "
                      "the download date, unless the Date column names another day.")
    if cells.has("Follows"):
        part.notes.append("Follows per post are read and summed but not stored: the portal keeps follower totals.")
    return part


def parse_metric(table: Table, opts: ReadOptions) -> Part:
    title = (table.title or "").strip()
    key = title.lower()
    if key.startswith("facebook "):
        raise ExportFileError(f'"{title}" is a Facebook Page metric; the portal imports Instagram ones', row=2)
    key = key.removeprefix("instagram ").strip()
    column = METRIC_TITLES.get(key)
    if column is None:
        hint = (" (new follows per day, not a follower total)" if key in ("follows", "new follows") else "")
        raise ExportFileError(f'the metric "{title}"{hint} is not one the portal stores; import Instagram views, '
                              "reach, profile visits or followers", row=2)
    cells = Cells(table.header)
    part = Part("meta_instagram_metric", f"Meta Business Suite daily metric: {title}", "instagram", table.source,
                table.header)
    for number, record, day in dates.daily_rows(table, cells):
        value = count(cells.get(record, "Primary"), number, cells.name("Primary"))
        part.add(title, value)
        part.span(day)
        part.rows += 1
        part.account_daily.append({"day": day.isoformat(), column: value})
        part.preview.append({"Date": day.isoformat(), title: value})
    if not part.rows:
        raise ExportFileError("the file has a header but no days", row=table.header_row + 1)
    if key == "viewers":
        part.notes.append('"Viewers" is Meta\'s newer name for reach: stored as reach.')
    return part


SPECS = (
    Spec("meta_instagram_posts", "Meta Business Suite Instagram posts", "instagram", POSTS_REQUIRED, parse_posts),
    Spec("meta_instagram_metric", "Meta Business Suite daily metric", "instagram", ("Date", "Primary"), parse_metric,
         title_line=True),
)
