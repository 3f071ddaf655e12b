"""Import (creator): upload a platform export, see its rows, date span and what will be created or
updated, then confirm. The whole import is one database call: all of it or nothing."""
from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from services.core import formatting as fmt
from portal import session
from portal.i18n import error_text, t, tn
from portal.layout import escape_md, import_plan
from portal import tables
from services.core import clock
from services.accounts import imports
from services.core.csv_export import to_safe_csv
from services.core.errors import DomainError
from services.core.messages import N_

NEW_ACCOUNT = "__new__"
PARSED_KEY = "import_parsed_upload"  # (sha256, name, options) -> the export read from it, or the refusal
PREVIEW_ROWS = 50
TABLE_TITLES = {"account_daily": N_("Days of account numbers"), "posts": "Posts", "post_metrics": N_("Post snapshots"),
                "audience_breakdowns": N_("Audience shares"), "follower_activity": N_("Hours of follower activity")}


def render() -> None:
    ctx = session.context()
    st.title(t("Import platform exports"))
    st.markdown(t("Upload a file exactly as Meta Business Suite, TikTok Studio or YouTube Studio saved it. "
                  "Nothing is written until you confirm, and importing the same file again changes nothing."))
    _where_to_find()
    today = clock.today(ctx.time_zone)
    uploaded = st.file_uploader(t("Export file (CSV, XLSX or ZIP)"), type=["csv", "xlsx", "zip"], key="import_file")
    downloaded_on = st.date_input(
        t("Downloaded on"), value=today, max_value=today + dt.timedelta(days=1), key="import_downloaded_on",
        help=t("TikTok's days have no year: they are placed in the year that ends on this day. Lifetime counters "
               "are stored as of the end of this day."))
    if uploaded is None:
        session.set_import_result(None)
        _history(ctx)
        return

    export, error = _read_once(uploaded, imports.ReadOptions(downloaded_on=downloaded_on, time_zone=ctx.time_zone))
    if error:
        st.error(t("Nothing was imported: {reason}", reason=error), icon=":material/error:")
        return

    _summary(ctx, export)
    _rows(export)
    target = _choose_account(ctx, export)
    if target is None:
        return
    account_id, new_account = target

    done = session.import_result()
    if done and done.get("sha256") == export.sha256:
        _show_result(done, export)
        return
    plan = import_plan(
        lambda: imports.run(ctx.gateway, export, account_id=account_id, new_account=new_account, dry_run=True),
        lambda reason: t("This file cannot be imported there: {reason}", reason=reason),
        lambda date: t("This file was already imported into this account on {date}: nothing to do.", date=date), ctx)
    if plan is None:
        return
    if plan.account_created:
        st.markdown(t("A new {platform} account @{handle} will be added, marked as imported.",
                      platform=export.platform_name, handle=escape_md(new_account.handle.lstrip("@"))))
    _changes(plan, "import_plan_table")
    # The button counts what the database will write, as the result does (the dry run is the same call):
    # a file's rows can become more rows (a post and its metrics) or fewer (days already imported).
    st.button(t("Import: {created} new and {updated} updated rows",
                created=fmt.number(plan.total("created"), ctx.locale),
                updated=fmt.number(plan.total("updated"), ctx.locale)), type="primary", key="import_confirm",
              icon=":material/upload:", on_click=_confirm, args=(ctx.gateway, export, account_id, new_account))


def _read_once(uploaded, options) -> tuple:
    """Parse an upload once per session: every widget click reruns this page, and a large file must not
    be read again each time. Keyed by the file's SHA-256 and the options; only the latest is kept."""
    data = uploaded.getvalue()
    key = (hashlib.sha256(data).hexdigest(), uploaded.name, options)
    kept = st.session_state.get(PARSED_KEY)
    if kept and kept[0] == key:
        return kept[1], kept[2]
    try:
        result = (imports.read_export(data, uploaded.name, options), None)
    except DomainError as exc:
        result = (None, error_text(exc))
    st.session_state[PARSED_KEY] = (key, *result)
    return result


def _where_to_find() -> None:
    with st.expander(t("Which files, and where to find them")):
        st.markdown(t(
            "- **Instagram**: Meta Business Suite › Insights › Content › Export data (posts, CSV), or a chart's "
            "export of one metric per day (reach, views, profile visits, followers).\n"
            "- **TikTok**: TikTok Studio › Analytics › Download data: Overview, FollowerHistory, follower gender, "
            "territories and activity, as CSV or XLSX, or the ZIP they come in.\n"
            "- **YouTube**: YouTube Studio › Analytics › Advanced mode › Content › Export current view: "
            "Table data.csv, Chart data.csv, Totals.csv, or the whole ZIP. Choose the Lifetime period for "
            "lifetime counters per video."))


def _summary(ctx, export: imports.ExportFile) -> None:
    st.subheader(export.label)
    if export.first_date:
        span = tn("{rows} row from {start} to {end}", "{rows} rows from {start} to {end}", export.rows,
                  rows=fmt.number(export.rows, ctx.locale),
                 start=fmt.day(export.first_date, ctx.locale), end=fmt.day(export.last_date, ctx.locale))
    else:
        span = tn("{rows} row", "{rows} rows", export.rows, rows=fmt.number(export.rows, ctx.locale))
    st.caption(span)
    total = t("Total")
    sums = pd.DataFrame([{t("Column"): column, total: value} for column, value in export.sums.items()])
    if not sums.empty:  # a count in full, a measured quantity (watch hours) to two decimals, in the person's digits
        whole_or_two = lambda v: fmt.number(v, ctx.locale) if float(v).is_integer() else fmt.decimal(v, ctx.locale, 2)  # noqa: E731
        st.dataframe(tables.shown(sums, {total: whole_or_two}), hide_index=True, key="import_sums")
    for note in export.all_notes():
        st.info(note, icon=":material/info:")


def _rows(export: imports.ExportFile) -> None:
    with st.expander(t("Rows as read"), expanded=True):
        for n, part in enumerate(export.parts):
            frame = pd.DataFrame(part.preview)
            if len(export.parts) > 1:
                st.markdown(f"**{escape_md(part.label)}** · {escape_md(part.source)}")
            if len(frame) > PREVIEW_ROWS:
                st.caption(tn("The first {shown} of {rows} row.", "The first {shown} of {rows} rows.", len(frame),
                               shown=PREVIEW_ROWS, rows=len(frame)))
            st.dataframe(frame.head(PREVIEW_ROWS), hide_index=True, key=f"import_preview_{n}")
            st.download_button(t("Download these rows as CSV"), to_safe_csv(frame),
                               file_name=f"{part.format}-rows.csv", mime="text/csv", key=f"import_rows_csv_{n}",
                               icon=":material/download:")


def _choose_account(ctx, export: imports.ExportFile):
    """(account id, None) or (None, NewAccount); None while nothing usable is chosen."""
    accounts = imports.accounts(ctx.gateway, export.platform)
    hint = export.account_hint
    options = [a["id"] for a in accounts] + [NEW_ACCOUNT]
    labels = {a["id"]: f"@{a['handle']}" + (f" · {t('imported')}" if a["status"] == "imported" else "")
              for a in accounts}
    labels[NEW_ACCOUNT] = t("Add a new {platform} account", platform=export.platform_name)
    default = next((i for i, a in enumerate(accounts)
                    if hint and (a["platform_account_id"] == hint.get("platform_account_id")
                                 or a["handle"].lower() == hint.get("handle", "").lower())), 0)
    chosen = st.selectbox(t("Import into"), options, index=default, format_func=labels.get, key="import_account")
    if chosen != NEW_ACCOUNT:
        return chosen, None
    handle = st.text_input(t("Handle of the new account"), value=hint.get("handle", ""), max_chars=100,
                           key="import_new_handle", placeholder="@yourname")
    if not handle.strip().lstrip("@"):
        st.info(t("Enter the account's handle to see what the import will add."))
        return None
    suggested = hint.get("platform_account_id") if handle.strip().lstrip("@").lower() == hint.get("handle", "").lower() \
        else None
    return None, imports.NewAccount(export.platform, handle.strip().lstrip("@"), suggested)


def _changes(outcome: imports.ImportOutcome, key: str) -> None:
    rows = [{t("What"): t(TABLE_TITLES.get(table, table)), t("New"): counts["created"],
             t("Updated"): counts["updated"], t("Unchanged"): counts["unchanged"]}
            for table, counts in outcome.tables.items() if any(counts.values())]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=key)


def _confirm(gateway, export: imports.ExportFile, account_id, new_account) -> None:
    """Runs before the next script run (a button callback), so the page then shows the result."""
    try:
        outcome = imports.run(gateway, export, account_id=account_id, new_account=new_account)
        session.set_import_result({"sha256": export.sha256, "file": export.file_name, "outcome": outcome})
    except DomainError as exc:
        session.set_import_result({"sha256": export.sha256, "file": export.file_name, "error": error_text(exc)})


def _show_result(done: dict, export: imports.ExportFile) -> None:
    if done.get("error"):
        st.error(t("Nothing was imported: {reason}", reason=done["error"]), icon=":material/error:")
        session.set_import_result(None)
        return
    outcome: imports.ImportOutcome = done["outcome"]
    if outcome.already_imported:
        st.success(t("This file was already imported: nothing changed."))
        return
    st.success(t("Imported {file}: {created} new and {updated} updated rows, marked as imported.",
                 file=export.file_name, created=outcome.total("created"), updated=outcome.total("updated")),
               icon=":material/check_circle:")
    _changes(outcome, "import_result_table")


def _history(ctx) -> None:
    rows = imports.history(ctx.gateway)
    if not rows:
        st.info(t("No file imported yet. Choose an export above to start."), icon=":material/upload_file:")
        return
    st.subheader(t("Recent imports"))
    accounts = {a["id"]: a for a in imports.accounts(ctx.gateway)}
    frame = pd.DataFrame([{
        t("File"): r["file_name"], t("Account"): f"@{accounts[r['account_id']]['handle']}"
        if r["account_id"] in accounts else "—",
        t("Rows"): r["rows_read"], t("From"): r["first_day"] or "—", t("To"): r["last_day"] or "—",
        t("Imported at"): fmt.local_datetime(r["imported_at"], ctx.time_zone, ctx.locale)} for r in rows])
    st.dataframe(frame, hide_index=True, key="import_history")
    st.download_button(t("Download as CSV"), to_safe_csv(frame), file_name="imports.csv", mime="text/csv",
                       key="import_history_csv", icon=":material/download:")


render()
