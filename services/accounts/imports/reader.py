"""Which export a file is, and the whole file read into one `ExportFile`: every table in it (a CSV, each
sheet of a workbook, each CSV or workbook in a ZIP) detected by its header, parsed and validated, and
their rows merged into what one import writes."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from services.accounts.imports import meta
from services.accounts.imports import tables
from services.accounts.imports import tiktok
from services.accounts.imports import youtube
from services.core import platforms
from services.accounts.imports.model import (ExportFileError, Part, ReadOptions, Spec, end_of_day, header_index,
                                    json_number)

SPECS: tuple[Spec, ...] = meta.SPECS + tiktok.SPECS + youtube.SPECS
PLATFORM_NAMES = {k: platforms.label(k) for k in ("instagram", "tiktok", "youtube")}  # the exports we read
SUPPORTED = ("a Meta Business Suite Instagram posts export or daily metric export; a TikTok Overview, "
             "FollowerHistory, FollowerGender, FollowerTopTerritories or FollowerActivity download (CSV, XLSX or "
             "ZIP); or a YouTube Studio Table data.csv, Chart data.csv, Totals.csv or the ZIP holding them")
# Rows of one kind from several tables: which table wins when two name the same key.
_PRIORITY = {"youtube_table_data": 0, "youtube_chart_data": 1}


@dataclass
class ExportFile:
    file_name: str
    sha256: str
    container: str                       # csv | xlsx | zip
    parts: list[Part]
    downloaded_on: dt.date
    notes: list[str] = field(default_factory=list)
    payload_rows: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def platform(self) -> str:
        return self.parts[0].platform

    @property
    def platform_name(self) -> str:
        return PLATFORM_NAMES[self.platform]

    @property
    def format(self) -> str:
        if len(self.parts) == 1:
            return self.parts[0].format
        return {"youtube": "youtube_studio_export", "tiktok": "tiktok_download",
                "instagram": "meta_instagram_exports"}[self.platform]

    @property
    def label(self) -> str:
        if len(self.parts) == 1:
            return self.parts[0].label
        return f"{self.platform_name} export: " + ", ".join(p.label for p in self.parts)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts)

    @property
    def first_date(self) -> dt.date | None:
        found = [p.first_date for p in self.parts if p.first_date]
        return min(found) if found else None

    @property
    def last_date(self) -> dt.date | None:
        found = [p.last_date for p in self.parts if p.last_date]
        return max(found) if found else None

    @property
    def sums(self) -> dict:
        if len(self.parts) == 1:
            return dict(self.parts[0].sums)
        return {f"{p.source}: {column}": value for p in self.parts for column, value in p.sums.items()}

    @property
    def account_hint(self) -> dict:
        for part in self.parts:
            if part.account_hint:
                return part.account_hint
        return {}

    @property
    def channel_name(self) -> str | None:
        """The channel YouTube Studio names in its download: "Content 2026-08-01_2026-08-07 Maya Makes.zip"."""
        if self.platform != "youtube":
            return None
        match = _YOUTUBE_DOWNLOAD.match(self.file_name)
        return match.group(1).strip() if match else None

    def counts(self) -> dict[str, int]:
        """Rows this import writes, per table."""
        return {table: len(rows) for table, rows in self.payload_rows.items()}

    def summary(self) -> dict:
        """The JSON the CLI prints (before the database adds what changed)."""
        return {
            "file": self.file_name, "sha256": self.sha256, "format": self.format, "container": self.container,
            "platform": self.platform, "rows": self.rows,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "sums": {k: json_number(v) for k, v in self.sums.items()},
            "parts": [{"source": p.source, "format": p.format, "rows": p.rows,
                       "first_date": p.first_date.isoformat() if p.first_date else None,
                       "last_date": p.last_date.isoformat() if p.last_date else None,
                       "sums": {k: json_number(v) for k, v in p.sums.items()}} for p in self.parts],
            "notes": self.all_notes(),
        }

    def all_notes(self) -> list[str]:
        return list(dict.fromkeys(self.notes + [n for p in self.parts for n in p.notes]))

    def payload(self) -> dict:
        """What public.import_platform_export() writes: plain JSON values only."""
        summary = self.summary()
        return {"platform": self.platform,
                "summary": {"rows": self.rows, "first_day": summary["first_date"], "last_day": summary["last_date"],
                            "format": self.format, "container": self.container, "sums": summary["sums"],
                            "notes": summary["notes"], "downloaded_on": self.downloaded_on.isoformat()},
                **self.payload_rows}


# -- reading ---------------------------------------------------------------------------------------------------
_YOUTUBE_DOWNLOAD = re.compile(r"^Content \d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d (.+?)(?: \(\d+\))?\.zip$", re.I)


def read_export(data: bytes, file_name: str, options: ReadOptions) -> ExportFile:
    """Detect, parse and validate a whole file; raises ExportFileError (naming row and column) on the first
    problem, before anything is written."""
    file_name = (file_name or "export").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "export"
    sha256 = hashlib.sha256(data or b"").hexdigest()
    container = tables.kind(data)
    parts: list[Part] = []
    if container == "xlsx":
        parts = [_parse(table, options) for table in _workbook(data, file_name)]
    elif container == "zip":
        for name, member in tables.zip_members(data):
            try:
                member_kind = tables.kind(member)
                if member_kind == "xlsx":
                    for table in tables.read_workbook(member, name):
                        parts.append(_parse(table, options, prefix=name))
                elif member_kind == "text":
                    parts.append(_parse(tables.read_text(tables.decode(member, name), name), options))
                else:
                    raise ExportFileError("a ZIP inside a ZIP is not read", row=1)
            except ExportFileError as exc:
                raise exc.within(name) from None
    else:
        container = "csv"
        parts = [_parse(tables.read_text(tables.decode(data, file_name), file_name), options)]
    platforms = {p.platform for p in parts}
    if len(platforms) > 1:
        names = " and ".join(sorted(PLATFORM_NAMES[p] for p in platforms))
        raise ExportFileError(f"the file mixes {names} exports: import each platform's files separately")
    export = ExportFile(file_name, sha256, container, parts, options.downloaded_on)
    _merge(export)
    return export


def _workbook(data: bytes, file_name: str) -> list[tables.Table]:
    found = tables.read_workbook(data, file_name)
    if len(found) == 1:
        found[0].source = f"{file_name}, {found[0].source}"
    return found


def _parse(table: tables.Table, options: ReadOptions, prefix: str | None = None) -> Part:
    if prefix:
        table.source = f"{prefix}, {table.source}"
    spec = detect(table)
    try:
        part = spec.parse(table, options)
    except ExportFileError as exc:
        raise exc.within(table.source) if (table.from_workbook or prefix) else exc from None
    part.source = table.source
    return part


def detect(table: tables.Table) -> Spec:
    """The spec whose required columns the header holds (the most specific one when several do)."""
    have = header_index(table.header)
    matches = [s for s in SPECS if all(c.lower() in have for c in s.required)
               and not any(c.lower() in have for c in s.absent) and s.title_line == (table.title is not None)]
    if matches:
        return max(matches, key=lambda s: len(s.required))
    where = table.source if table.from_workbook else None
    # The closest layout, to name the column that is missing.
    scored = sorted(((sum(c.lower() in have for c in s.required) / len(s.required), s) for s in SPECS),
                    key=lambda pair: pair[0], reverse=True)
    score, closest = scored[0]
    if score >= 0.5 and len(closest.required) > 2 or score == 1:
        missing = [c for c in closest.required if c.lower() not in have]
        if missing:
            raise ExportFileError(f"missing, so this is not a complete {closest.label} file (its header has "
                                  f"{', '.join(table.header)})", row=table.header_row, column=missing[0], part=where)
        raise ExportFileError(f"this {closest.label} file lacks the `sep=,` and title lines Meta writes "
                              "before the header", row=table.header_row, part=where)
    shown = ", ".join(table.header[:8]) + ("…" if len(table.header) > 8 else "")
    raise ExportFileError(f"the columns ({shown}) match no export the portal reads; it reads {SUPPORTED}",
                          row=table.header_row, part=where)


# -- merging the tables of one file -------------------------------------------------------------------------------
def _merge(export: ExportFile) -> None:
    """One list of rows per database table, keyed as the database keys them; captured_at filled in for
    snapshots whose moment depends on the other files of an export (YouTube's period)."""
    periods = [p.last_date for p in export.parts if p.format in ("youtube_chart_data", "youtube_totals")]
    snapshot = end_of_day(max(periods) if periods else export.downloaded_on).isoformat()
    if any(p.format == "youtube_table_data" for p in export.parts) and not periods:
        export.notes.append(f"Table data on its own says nothing of its period: its numbers are stored as of the end "
                            f"of the download date, {export.downloaded_on.isoformat()}.")
    ordered = sorted(export.parts, key=lambda p: _PRIORITY.get(p.format, 0))
    daily: dict[str, dict] = {}
    for part in ordered:
        for row in part.account_daily:
            merged = daily.setdefault(row["day"], {"day": row["day"]})
            for key, value in row.items():
                if value is None or key == "day":
                    continue
                if merged.get(key) is not None and merged[key] != value:
                    raise ExportFileError(f"two files of this export disagree on {key.replace('_', ' ')} for "
                                          f"{row['day']} ({merged[key]} and {value})", part=part.source)
                merged[key] = value
    posts, metrics, breakdowns, activity = {}, {}, {}, {}
    for part in ordered:
        for row in part.posts:
            posts.setdefault(row["platform_post_id"], row)
        for row in part.post_metrics:
            row = dict(row, captured_at=row["captured_at"] or snapshot)
            metrics.setdefault((row["platform_post_id"], row["captured_at"]), row)
        for row in part.audience_breakdowns:
            breakdowns.setdefault((row["as_of"], row["dimension"], row["bucket"]), row)
        for row in part.follower_activity:
            activity.setdefault((row["day"], row["hour"]), row)
    export.payload_rows = {"account_daily": sorted(daily.values(), key=lambda r: r["day"]),
                           "posts": list(posts.values()), "post_metrics": list(metrics.values()),
                           "audience_breakdowns": list(breakdowns.values()),
                           "follower_activity": list(activity.values())}
