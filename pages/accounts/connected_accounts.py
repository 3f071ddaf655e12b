"""Connected accounts (creator): connect each platform through its own sign-in, see each account's
status, last sync and token expiry, sync now with a progress display per stage, disconnect. For a
platform without an app registered on this portal: how to register one, with the exact redirect URI,
and the Import page instead. This page is also the redirect URI: it finishes a connection from the
`code` and `state` the platform sends back, in a new session: the person is found again from the identity
provider's cookie, or in local mode from the cookie that remembers the demo person (portal/local_sign_in.py)."""
from __future__ import annotations

import json

import streamlit as st

from portal import formatting as fmt
from portal import menu, session
from portal.i18n import t
from portal.layout import escape_md
from portal.session import context
from services.accounts import connected as accounts
from services.accounts import oauth
from services.accounts import sync
from services.accounts.connectors import CONNECTORS
from services.core.errors import DomainError

STATUS = {
    "connected": ("Connected", ":material/check_circle:"),
    "needs_reauth": ("Needs re-authorisation", ":material/key_off:"),
    "syncing": ("Syncing", ":material/sync:"),
    "error": ("Error", ":material/error:"),
    "imported": ("Imported", ":material/upload_file:"),
    "disconnected": ("Disconnected", ":material/link_off:"),
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
    _operator(ctx, redirect)


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
        session.set_flash("error", t("The account was not connected: {reason}", reason=str(exc)))
    else:
        session.set_flash("success", t("{platform} account {handle} is connected. Sync it now to bring in its "
                                       "numbers.", platform=CONNECTORS[connected["platform"]].name,
                                       handle=escape_md(connected["handle"])))
    st.rerun()


# -- one platform ----------------------------------------------------------------------------------------

def _platform(ctx, platform, connector, rows, redirect) -> None:
    app = ctx.settings.platform_app(platform)
    with st.container(border=True, key=f"accounts_{platform}"):
        st.subheader(connector.name)
        for row in rows:
            if row["parent_account_id"] is None:
                _account(ctx, connector, row, [r for r in rows if r["parent_account_id"] == row["id"]])
        if app is not None and ctx.settings.token_key:
            reconnect = any(r["status"] in ("needs_reauth", "disconnected", "error") for r in rows
                            if r["parent_account_id"] is None)
            label = t("Reconnect {platform}", platform=connector.name) if reconnect else \
                t("Connect {platform}", platform=connector.name)
            if st.button(label, key=f"connect_{platform}", icon=":material/add_link:",
                         type="secondary" if rows else "primary"):
                _start(ctx, platform, connector, redirect)
        else:
            # everything explained when nothing is set up; folded away beside platforms that are
            _how_to_register(connector, redirect, expanded=not rows and not ctx.settings.platform_apps)


def _account(ctx, connector, row, communities) -> None:
    label, icon = STATUS.get(row["status"], (row["status"], ":material/help:"))
    st.markdown(f"**{escape_md(row['handle'])}** · {icon} {t(label)}")
    facts = [t("Last synced {when}", when=_when(ctx, row["last_synced_at"])) if row["last_synced_at"]
             else t("Not synced yet")]
    if row["has_connection"] and row["token_expires_at"]:
        facts.append(t("access token expires {when} (renewed automatically)", when=_when(ctx, row["token_expires_at"])))
    if row["has_connection"] and row["refresh_token_expires_at"]:
        facts.append(t("sign-in valid until {when}", when=_when(ctx, row["refresh_token_expires_at"])))
    st.caption(" · ".join(facts))
    if row["status"] == "needs_reauth":
        st.warning(t("{platform} no longer accepts this connection: connect it again.", platform=connector.name)
                   + "  \n" + (row["status_message"] or ""), icon=":material/key_off:")
    elif row["status"] == "error" and row["status_message"]:
        st.error(t("The last sync failed: {reason}", reason=row["status_message"]), icon=":material/error:")
    for community in communities:
        when = _when(ctx, community["last_synced_at"]) if community["last_synced_at"] else t("not synced yet")
        st.caption(f"↳ {escape_md(community['handle'])} · " + t("synced with this account, last {when}", when=when))
    if not row["has_connection"]:
        return
    left, right = st.columns(2)
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
        st.error(str(exc), icon=":material/error:")
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
            message += " " + t("{count} communities.", count=fmt.number(counts["communities"], ctx.locale))
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
        st.error(str(exc), icon=":material/error:")
        return
    message = t("{handle} is disconnected and its tokens are deleted.", handle=escape_md(row["handle"]))
    if done.revoked_at_platform:
        message += " " + t("{platform} revoked the access too.", platform=connector.name)
    elif done.note:
        message += " " + done.note
    session.set_flash("success", message)
    st.rerun()


# -- help ------------------------------------------------------------------------------------------------

def _how_to_register(connector, redirect, *, expanded: bool) -> None:
    st.caption(t("{platform} is not set up on this portal yet.", platform=connector.name))
    with st.expander(t("How to connect {platform}", platform=connector.name), expanded=expanded):
        st.markdown(t("The portal's operator registers an app with {platform} once:", platform=connector.name))
        st.markdown("\n".join(f"{n}. {t(step)}" for n, step in enumerate(connector.registration, start=1)))
        st.markdown(t("Redirect URI to register, exactly:"))
        st.code(redirect, language=None)
        st.markdown(t("Developer console: {url}", url=connector.console_url))
        st.markdown(t("Until then, download your numbers from {platform} and bring them in on the Import page.",
                      platform=connector.name))
        _import_link()


def _import_link() -> None:
    entry = next((e for e in menu.MENU["creator"] if e.script == "accounts/import_exports"), None)
    if entry is None:
        return
    try:
        st.page_link(menu.page_path(entry.script), label=t("Go to the Import page"),
                     icon=":material/upload_file:")
    except Exception:  # the Import page is not in this session's menu
        st.caption(t("Open Import in the menu."))


def _operator(ctx, redirect) -> None:
    with st.expander(t("For the operator: redirect URI and settings")):
        st.markdown(t("Register this redirect URI, exactly, with every platform:"))
        st.code(redirect, language=None)
        st.markdown(t("Each platform's app goes into `.streamlit/secrets.toml` as `[platforms.<name>]` with "
                      "`client_id` and `client_secret`; tokens are encrypted with `[portal] token_encryption_key`. "
                      "Every setting is described in `.streamlit/secrets.toml.example`."))
        if not ctx.settings.token_key:
            st.warning(t("`[portal] token_encryption_key` is not set, so no account can be connected yet."),
                       icon=":material/key:")
        st.markdown(t("A scheduler syncs every connected account with `python -m services.sync --all`."))


def _when(ctx, value) -> str:
    return fmt.local_datetime(value, ctx.time_zone, ctx.locale)


render()
