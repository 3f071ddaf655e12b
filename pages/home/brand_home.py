"""Brand-partner Home: first what needs the partner (counters to answer, drafts to approve, what the brand owes
and when, new shared reports), then the creators who invited this partner, and the reports they shared with you."""
from __future__ import annotations


import streamlit as st

from services.core import formatting as fmt
from portal import menu
from portal.layout import user_text
from portal.widgets import home_actions
from portal.i18n import t
from portal.session import context
from services.audience import home


def render() -> None:
    ctx = context()
    st.title(t("Welcome, {name}", name=user_text((ctx.profile["display_name"].split() or [""])[0])))
    view = home.brand_page(ctx.gateway)
    home_actions.brand(view.actions, ctx)
    creators = view.creators
    if not creators:
        st.info(t("No creator has invited you yet. Ask a creator for an invitation link; once you accept it, "
                  "they appear here."), icon=":material/mail:")
        return
    st.subheader(t("Creators you work with"))
    for creator in creators:
        with st.container(border=True):
            st.markdown(f"**{user_text(creator['display_name'])}**")
            details = [user_text(creator["niche"]) if creator.get("niche") else t("No niche set")]
            if creator.get("brand"):
                details.append(t("for {brand}", brand=user_text(creator["brand"])))
            details.append(t("since {date}", date=fmt.day(creator["since"], ctx.locale)))
            st.caption(" · ".join(details))
    _shared_reports(ctx, view.shared)


def _shared_reports(ctx, shared) -> None:
    st.subheader(t("Reports shared with you"))
    if not shared:
        st.info(t("Reports appear here once a creator shares one with you."), icon=":material/description:")
        return
    for item in shared:
        with st.container(border=True):
            mode = t("Frozen on {date}", date=fmt.local_datetime(item.share.frozen_at, ctx.time_zone, ctx.locale)) \
                if item.share.mode == "frozen" else t("Live")
            st.markdown(f"**{user_text(item.report.title)}** · {user_text(item.creator_name)}")
            st.caption(t("Shared {date}", date=fmt.local_datetime(item.share.created_at, ctx.time_zone, ctx.locale))
                       + f" · {mode}")
            st.page_link(menu.page_path("reports/shared_reports"), label=t("Open the report"), icon=":material/description:",
                         query_params={"id": item.report.id})


render()
