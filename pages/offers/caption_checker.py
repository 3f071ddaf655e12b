"""Caption checker: paste a caption and see, for each market, whether its disclosure passes, with every
finding's rule and source. The rules are data (services/data/disclosure_rules/), one file per market."""
from __future__ import annotations

import streamlit as st

from portal.widgets import offers as ow
from portal.i18n import t, error_text
from portal.session import context
from services.offers import disclosures
from services.core.errors import DomainError
from services.core.messages import N_

RELATIONSHIPS = {"paid": N_("Paid by the brand"), "gifted": N_("Gifted product or trip"), "affiliate": N_("Affiliate link or code"),
                 "none": N_("No commercial relationship")}


def render() -> None:
    ctx = context()
    st.title(t("Caption checker"))
    st.markdown(t("Paste a caption to check its advertising disclosure against each market's rules: the label's "
                  "wording, where it sits (before the \"more\" cut, not buried in hashtags) and which words fall "
                  "short."))
    markets = [m for m in (ctx.profile.get("disclosure_markets") or []) if m in disclosures.JURISDICTIONS] or ["US"]
    with st.form("caption_form"):
        caption = st.text_area(t("Caption"), key="caption_text", height=160, max_chars=5000)
        left, middle, right = st.columns(3)
        platform = left.selectbox(t("Platform"), list(disclosures.PLATFORMS), format_func=ow.platform_label,
                                  key="caption_platform")
        relationship = middle.selectbox(t("Relationship with the brand"), list(RELATIONSHIPS),
                                        format_func=lambda r: t(RELATIONSHIPS[r]), key="caption_relationship")
        chosen = right.multiselect(t("Markets"), list(disclosures.JURISDICTIONS), default=markets,
                                   format_func=lambda m: t(disclosures.market(m).name), key="caption_markets")
        tool_col, category_col = st.columns(2)
        platform_tool = tool_col.checkbox(t("The platform's paid-partnership tool is on"), key="caption_platform_tool")
        category = category_col.selectbox(t("Product category"), [None, *disclosures.CATEGORIES],
                                          format_func=ow.category_label, key="caption_category")
        submitted = st.form_submit_button(t("Check caption"), type="primary")
    if not submitted:
        _about()
        return
    if not chosen:
        st.warning(t("Choose at least one market."))
        return
    if not (caption or "").strip():
        st.warning(t("Paste a caption first."))
        return
    try:
        results = [disclosures.check_caption(caption, platform=platform, jurisdiction=m, relationship=relationship,
                                             platform_tool=platform_tool, category=category)
                   for m in chosen]
    except DomainError as exc:
        st.error(error_text(exc))
        return
    info = disclosures.platform_info(platform)
    if info.more_cut:
        st.caption(t("{platform} shows about the first {cut} characters before \"more\" (source: {source}, {url}).",
                     platform=info.name, cut=info.more_cut, source=info.cut_source.publisher,
                     url=info.cut_source.url))
    ow.caption_results(results, ctx)


def _about() -> None:
    with st.expander(t("Where the rules come from")):
        for m in disclosures.markets():
            sources = "; ".join(f"[{s.publisher}]({s.url}) ({s.date})" for s in m.sources.values())
            st.markdown(f"- **{t(m.name)}** ({t(m.regulator)}): {sources}")


render()
