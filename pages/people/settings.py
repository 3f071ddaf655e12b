"""Settings: profile fields, validated before anything is written."""
from __future__ import annotations

import streamlit as st

from portal import session
from portal.i18n import t
from portal.session import context
from services.people import profiles
from services.core.errors import DomainError

LANGUAGES = {"en": "English", "ar": "العربية"}


def render() -> None:
    ctx = context()
    profile = ctx.profile
    st.title(t("Settings"))
    currencies = profiles.currency_codes(ctx.gateway)
    zones = profiles.time_zones()
    with st.form("settings_form"):
        name = st.text_input(t("Display name"), value=profile["display_name"], key="settings_name", max_chars=80)
        niche = st.text_input(t("Niche"), value=profile.get("niche") or "", key="settings_niche", max_chars=80,
                              help=t("What your community is about, e.g. sustainable fashion."))
        currency = st.text_input(t("Home currency"), value=profile["home_currency"], key="settings_currency",
                                 max_chars=3, help=t("Totals and earnings are shown in this currency. "
                                                     "ISO 4217 code, one of: {codes}", codes=", ".join(currencies)))
        zone = st.selectbox(t("Time zone"), zones, key="settings_time_zone",
                            index=_index(zones, profile["time_zone"]),
                            help=t("Dates and times are shown in this time zone."))
        locale = st.selectbox(t("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key="settings_locale",
                              index=_index(list(LANGUAGES), profile["locale"]))
        markets = st.multiselect(t("Disclosure markets"), profiles.MARKETS, default=profile["disclosure_markets"],
                                 key="settings_markets",
                                 help=t("The countries whose advertising-disclosure rules your posts must follow."))
        saved = st.form_submit_button(t("Save settings"), type="primary")
    if not saved:
        return
    changes = profiles.ProfileChanges(name, niche, currency or "", zone or "", locale, tuple(markets))
    try:
        updated = profiles.update_profile(ctx.gateway, changes)
    except DomainError as exc:
        st.error(t("Nothing was saved: {reason}", reason=str(exc)), icon=":material/error:")
        return
    session.set_profile(updated)
    session.set_flash("success", t("Settings saved."))
    st.rerun()


def _index(options: list[str], value: str | None) -> int | None:
    return options.index(value) if value in options else None


render()
