"""Brand-partner Home: the creators who invited this partner."""
from __future__ import annotations

import streamlit as st

from portal import formatting as fmt
from portal.layout import escape_md
from portal.i18n import t
from portal.session import context
from services import partners


def render() -> None:
    ctx = context()
    st.title(t("Welcome, {name}", name=ctx.profile["display_name"].split()[0]))
    creators = partners.partner_profiles(ctx.gateway)
    if not creators:
        st.info(t("No creator has invited you yet. Ask a creator for an invitation link; once you accept it, "
                  "they appear here."), icon=":material/mail:")
        return
    st.subheader(t("Creators you work with"))
    for creator in creators:
        with st.container(border=True):
            st.markdown(f"**{escape_md(creator['display_name'])}**")
            details = [creator.get("niche") or t("No niche set")]
            if creator.get("brand"):
                details.append(t("for {brand}", brand=creator["brand"]))
            details.append(t("since {date}", date=fmt.day(creator["since"], ctx.locale)))
            st.caption(" · ".join(details))
    st.info(t("Reports appear here once a creator shares one with you."), icon=":material/description:")


render()
