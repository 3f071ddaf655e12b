"""Connected accounts (creator): connect each platform through its own sign-in, see each account's
status, last sync and token expiry, sync now with a progress display per stage, disconnect. A platform
this portal has no app for gets one line (ask the person who runs the portal to enable it) and, where
the Import page reads its files, a link there; registering the apps is the operator's job, described in
docs/platform-apps.md, not here. This page is also the redirect URI: it finishes a connection from the
`code` and `state` the platform sends back, in a new session: the person is found again from the identity
provider's cookie, or in local mode from the cookie that remembers the demo person (portal/local_sign_in.py)."""
from __future__ import annotations

import json

import streamlit as st

from portal import formatting as fmt
from portal import menu, session
from portal.i18n import error_text, t, tn
from portal.layout import escape_md
from portal.session import context
from services.accounts import connected as accounts
from services.accounts import oauth
from services.accounts import sync
from services.accounts.connectors import CONNECTORS
from services.accounts.imports import PLATFORM_NAMES as IMPORTABLE
from services.core import clock
from services.core.errors import DomainError
from services.core.messages import N_

STATUS = {
    "connected": (N_("Connected"), ":material/check_circle:"),
    "needs_reauth": (N_("Needs re-authorisation"), ":material/key_off:"),
    "syncing": (N_("Syncing"), ":material/sync:"),
    "error": (N_("Error"), ":material/error:"),
    "imported": (N_("Imported"), ":material/upload_file:"),
    "disconnected": (N_("Disconnected"), ":material/link_off:"),
    "not_connected": (N_("Not connected"), ":material/link_off:"),
    "not_enabled": (N_("Not syncing: {platform} is not enabled on this portal"), ":material/sync_disabled:"),
}
CALLBACK_PARAMS = ("code", "state", "error", "error_reason", "error_description")


def render() -> None:
    ctx = context()
    st.title(t("Connected accounts"))
    st.markdown(t("Connect an account and the portal keeps its numbers up to date from the platform. Where an "
                  "API cannot give a number, import the files the platform lets you download."))
    _finish_connection(ctx)
    redirect = oauth.redirect_uri(ctx.settings, st.context.url)
    rows = accounts.list_accounts(ctx.gateway)
    for platform, connector in CONNECTORS.items():
        _platform(ctx, platform, connector, [r for r in rows if r["platform"] == platform], redirect)


# -- the platform sent the person back -------------------------------------------------------------------

def _finish_connection(ctx) -> None:
    if not any(name in st.query_params for name in ("code", "state", "error")):
        return
    values = {name: st.query_params.get(name) for name in CALLBACK_PARAMS if st.query_params.get(name)}
    st.query_params.clear()  # a reload must not try the code again
    try:
        with st.spinner(t("Finishing the connection…")):
            connected = oauth.complete(ctx.gateway, ctx.settings, values)
    except DomainError as exc:
        session.set_flash("error", t("The account was not connected: {reason}", reason=error_text(exc)))
    else:
        session.set_flash("success", t("{platform} account {handle} is connected. Sync it now to bring in its "
                                       "numbers.", platform=CONNECTORS[connected["platform"]].name,
                                       handle=escape_md(connected["handle"])))
    st.rerun()


# -- one platform ----------------------------------------------------------------------------------------

def _platform(ctx, platform, connector, rows, redirect) -> None:
    enabled = accounts.platform_enabled(ctx.settings, platform)
    with st.container(border=True, key=f"accounts_{platform}"):
        st.subheader(connector.name)
        for row in rows:
            if row["parent_account_id"] is None:
                _account(ctx, connector, row, [r for r in rows if r["parent_account_id"] == row["id"]], enabled)
        if not enabled:
            _not_enabled(platform, connector)
        else:
            reconnect = any(r["status"] in ("needs_reauth", "disconnected", "error") for r in rows
                            if r["parent_account_id"] is None)
            label = t("Reconnect {platform}", platform=connector.name) if reconnect else \
                t("Connect {platform}", platform=connector.name)
            if st.button(label, key=f"connect_{platform}", icon=":material/add_link:",
                         type="secondary" if rows else "primary"):
                _start(ctx, platform, connector, redirect)


def _account(ctx, connector, row, communities, enabled) -> None:
    status = accounts.shown_status(row, enabled)
    label, icon = STATUS.get(status, (status, ":material/help:"))
    st.markdown(f"**{escape_md(row['handle'])}** · {icon} {t(label, platform=connector.name)}")
    facts = [t("Last synced {when}", when=_when(ctx, row["last_synced_at"])) if row["last_synced_at"]
             else t("Not synced yet")]
    if enabled and row["has_connection"] and row["parent_account_id"] is None:
        st.caption(_health(ctx, row), help=t("The portal's workers sync every connected account on its own "
                                             "schedule, one sync per account at a time."))
    if enabled and row["has_connection"] and row["token_expires_at"]:
        facts.append(t("access token expires {when} (renewed automatically)", when=_when(ctx, row["token_expires_at"])))
    if enabled and row["has_connection"] and row["refresh_token_expires_at"]:
        facts.append(t("sign-in valid until {when}", when=_when(ctx, row["refresh_token_expires_at"])))
    st.caption(" · ".join(facts))
    if status == "needs_reauth":
        st.warning(t("{platform} no longer accepts this connection: connect it again.", platform=connector.name)
                   + "  \n" + escape_md(row["status_message"] or ""), icon=":material/key_off:")
    elif status == "error" and row["status_message"]:
        st.error(t("The last sync failed: {reason}", reason=escape_md(row["status_message"])), icon=":material/error:")
    for community in communities:
        when = _when(ctx, community["last_synced_at"]) if community["last_synced_at"] else t("not synced yet")
        st.caption(f"↳ {escape_md(community['handle'])} · " + t("synced with this account, last {when}", when=when))
    if not row["has_connection"]:
        return
    left, right = st.columns(2)
    if enabled:  # without the platform's app nothing can sync; the stored tokens can still be deleted
        with left:
            if st.button(t("Sync now"), key=f"sync_{row['id']}", icon=":material/sync:"):
                _sync(ctx, row)
    with right:
        with st.popover(t("Disconnect"), icon=":material/link_off:", key=f"disconnect_menu_{row['id']}"):
            st.markdown(t("The portal deletes the tokens (and asks {platform} to revoke them where it can). The "
                          "numbers already synced stay.", platform=connector.name))
            if st.button(t("Disconnect {handle}", handle=escape_md(row["handle"])), key=f"disconnect_{row['id']}",
                         type="primary"):
                _disconnect(ctx, connector, row)


def _start(ctx, platform, connector, redirect) -> None:
    try:
        url = oauth.begin(ctx.gateway, ctx.settings, platform, redirect)
    except DomainError as exc:
        st.error(error_text(exc), icon=":material/error:")
        return
    st.info(t("Taking you to {platform} to allow access…", platform=connector.name))
    # The URL is built here from the operator's settings, never from what a person typed.
    target = json.dumps(url).replace("</", "<\\/")  # a JSON string literal that cannot close the script tag
    st.html(f"<script>window.location.assign({target});</script>", unsafe_allow_javascript=True)
    st.link_button(t("Continue to {platform}", platform=connector.name), url, type="primary")


def _sync(ctx, row) -> None:
    bar = st.progress(0.0, text=t("Starting the sync"))
    result = sync.sync_account(ctx.gateway, ctx.settings, row["id"],
                               progress=lambda fraction, stage: bar.progress(min(fraction, 1.0), text=t(stage)))
    bar.empty()
    counts, handle, reason = result.counts, escape_md(row["handle"]), result.message
    if result.outcome == "synced":
        message = t("Synced {handle}: {posts} posts, {days} days, {shares} audience shares.", handle=handle,
                    posts=fmt.number(counts.get("posts", 0), ctx.locale), days=fmt.number(counts.get("days", 0), ctx.locale),
                    shares=fmt.number(counts.get("breakdowns", 0), ctx.locale))
        if counts.get("communities"):
            message += " " + tn("{count} community.", "{count} communities.", counts["communities"],
                                 count=fmt.number(counts["communities"], ctx.locale))
        if result.notes:
            message += " " + t("Not available from the platform: {what}.", what="; ".join(result.notes))
        session.set_flash("success", message)
    elif result.outcome == "needs_reauth":
        session.set_flash("warning", t("{handle} needs to be connected again: {reason}", handle=handle,
                                       reason=reason))
    elif result.outcome == "skipped":
        session.set_flash("info", t("Nothing to sync: {reason}", reason=reason))
    else:
        session.set_flash("error", t("The sync of {handle} failed and saved nothing: {reason}", handle=handle,
                                     reason=reason))
    st.rerun()


def _disconnect(ctx, connector, row) -> None:
    try:
        done = accounts.disconnect(ctx.gateway, ctx.settings, row["id"])
    except DomainError as exc:
        st.error(error_text(exc), icon=":material/error:")
        return
    message = t("{handle} is disconnected and its tokens are deleted.", handle=escape_md(row["handle"]))
    if done.revoked_at_platform:
        message += " " + t("{platform} revoked the access too.", platform=connector.name)
    elif done.note:
        message += " " + done.note
    session.set_flash("success", message)
    st.rerun()


# -- a platform without an app on this portal ------------------------------------------------------------

def _not_enabled(platform, connector) -> None:
    """One line for the creator; what the operator does is in docs/platform-apps.md."""
    st.caption(t("Ask the person who runs this portal to enable {platform}.", platform=connector.name))
    if platform in IMPORTABLE:
        _import_link(platform, connector)


def _import_link(platform, connector) -> None:
    entry = next((e for e in menu.MENU["creator"] if e.script == "accounts/import_exports"), None)
    if entry is None:
        return
    try:
        st.page_link(menu.page_path(entry.script), label=t("Import your {platform} files instead",
                                                            platform=connector.name),
                     icon=":material/upload_file:")
    except Exception:  # the Import page is not in this session's menu
        st.caption(t("Open Import in the menu."))




def _health(ctx, row) -> str:
    """"last synced 12 minutes ago · next in 48 minutes", in the person's language."""
    now = clock.now()
    last = (t("last synced {ago}", ago=fmt.relative(row["last_synced_at"], now, ctx.locale)) if row["last_synced_at"]
            else t("not synced yet"))
    upcoming = row.get("next_sync_at")
    if upcoming and _moment(upcoming) > now:
        return t("{last} · next {when}", last=last, when=fmt.relative(upcoming, now, ctx.locale))
    return t("{last} · next sync: within minutes", last=last)


def _moment(value):
    import datetime as dt
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _when(ctx, value) -> str:
    return fmt.local_datetime(value, ctx.time_zone, ctx.locale)


render()
