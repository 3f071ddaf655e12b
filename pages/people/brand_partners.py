"""Brand partners (creator): invite a partner with a single-use link, see invitations and partners."""
from __future__ import annotations

import streamlit as st

from portal import formatting as fmt
from portal.i18n import t, error_text
from portal.layout import escape_md
from portal.session import context
from services.people import partners
from services.core.errors import DomainError


def render() -> None:
    ctx = context()
    st.title(t("Brand partners"))
    st.markdown(t("Invite the brands you work with. They sign in with the link and see only what you share."))
    _invite_form(ctx)
    _partners(ctx)
    _invitations(ctx)


def _invite_form(ctx) -> None:
    with st.form("invite_form", clear_on_submit=True):
        st.subheader(t("Invite a brand partner"))
        brand = st.text_input(t("Brand name"), key="invite_brand", max_chars=120)
        email = st.text_input(t("Their email (optional)"), key="invite_email")
        days = st.number_input(t("Link valid for (days)"), min_value=1, max_value=30, value=7, step=1, key="invite_days")
        submitted = st.form_submit_button(t("Create invitation link"), type="primary")
    if not submitted:
        return
    try:
        created = partners.create_invitation(ctx.gateway, brand, email, int(days))
    except DomainError as exc:
        st.error(error_text(exc))
        return
    base = st.context.url.split("?")[0].rstrip("/") if st.context.url else ""
    link = f"{base.rsplit('/', 1)[0] if base.endswith('/partners') else base}/?invite={created.token}"
    st.success(t("Invitation created. Copy the link now: it is shown only once and works once, until {date}.",
                 date=fmt.local_datetime(created.expires_at, ctx.time_zone, ctx.locale)))
    st.code(link, language=None)


def _partners(ctx) -> None:
    st.subheader(t("Your partners"))
    people = partners.partner_profiles(ctx.gateway)
    if not people:
        st.info(t("No brand partner has joined yet. Create an invitation link above and send it to them."))
        return
    for person in people:
        brand = f" — {escape_md(person['brand'])}" if person.get("brand") else ""
        st.markdown(f"- **{escape_md(person['display_name'])}**{brand} · "
                    + t("since {date}", date=fmt.day(person["since"], ctx.locale)))


def _invitations(ctx) -> None:
    rows = partners.invitations_sent(ctx.gateway)
    if not rows:
        return
    st.subheader(t("Invitations sent"))
    table = [{
        t("Brand"): r["brand_name"], t("Email"): r["email"] or "—",
        t("Status"): t("Accepted") if r["accepted_at"] else t("Waiting"),
        t("Expires"): fmt.local_datetime(r["expires_at"], ctx.time_zone, ctx.locale),
    } for r in rows]
    st.dataframe(table, hide_index=True, width="stretch", key="invitations_table")


render()
