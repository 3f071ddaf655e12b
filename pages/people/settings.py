"""Settings: profile fields, validated before anything is written."""
from __future__ import annotations

import streamlit as st

from portal import session
from portal.i18n import error_text, language_name, t
from portal.session import context
from services.offers import disclosures
from services.jobs import preferences
from services.people import licences, profiles
from services.core.errors import DomainError
from services.core.messages import LOCALES




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
        locale = st.selectbox(t("Language"), list(LOCALES), format_func=language_name, key="settings_locale",
                              index=_index(list(LOCALES), profile["locale"]))
        markets = st.multiselect(t("Disclosure markets"), profiles.MARKETS, default=profile["disclosure_markets"],
                                 key="settings_markets",
                                 help=t("The countries whose advertising-disclosure rules your posts must follow."))
        saved = st.form_submit_button(t("Save settings"), type="primary")
    if not saved:
        _email(ctx)
        _licences(ctx)
        return
    changes = profiles.ProfileChanges(name, niche, currency or "", zone or "", locale, tuple(markets))
    try:
        updated = profiles.update_profile(ctx.gateway, changes)
    except DomainError as exc:
        st.error(t("Nothing was saved: {reason}", reason=error_text(exc)), icon=":material/error:")
        return
    session.set_profile(updated)
    session.set_flash("success", t("Settings saved."))
    st.rerun()


def _email(ctx) -> None:
    """How notification emails reach the person: each at once, one daily summary, or none."""
    st.subheader(t("Email notifications"))
    labels = {"instant": t("Each one as it happens"), "digest": t("One daily summary"), "off": t("Off")}
    current = preferences.delivery(ctx.gateway)
    with st.form("email_form"):
        choice = st.radio(t("Send me an email about new offers, counters, due dates, payments and report openings"),
                          list(labels), format_func=labels.get, index=list(labels).index(current), key="settings_email")
        if not st.form_submit_button(t("Save email setting")):
            return
    try:
        preferences.set_delivery(ctx.gateway, choice)
    except DomainError as exc:
        st.error(t("Nothing was saved: {reason}", reason=str(exc)), icon=":material/error:")
        return
    session.set_flash("success", t("Email setting saved."))
    st.rerun()


def _licences(ctx) -> None:
    """UAE Advertiser Permit and Saudi Mawthooq licence: number and expiry (what the law asks is in the rules)."""
    if ctx.profile.get("role") not in (None, "creator"):
        return
    st.subheader(t("Advertising licences"))
    held = {lic.kind: lic for lic in licences.list_licences(ctx.gateway)}
    for rule in disclosures.licence_rules(disclosures.JURISDICTIONS):
        lic = held.get(rule.kind)
        with st.expander(rule.text(rule.name, ctx.locale), expanded=rule.market in (ctx.profile.get("disclosure_markets") or [])):
            st.caption(rule.text(rule.legal_duty, ctx.locale))
            st.caption(rule.text(rule.display_text, ctx.locale))
            with st.form(f"licence_form_{rule.kind}"):
                number = st.text_input(t("Licence number"), value=lic.number if lic else "", max_chars=40,
                                       key=f"licence_number_{rule.kind}")
                expires = st.date_input(t("Expires on"), value=lic.expires_on if lic else None,
                                        key=f"licence_expiry_{rule.kind}")
                left, right = st.columns(2)
                save = left.form_submit_button(t("Save licence"), type="primary")
                remove = right.form_submit_button(t("Remove licence"), disabled=lic is None)
            if save or remove:
                try:
                    if remove:
                        licences.delete_licence(ctx.gateway, rule.kind)
                    else:
                        licences.save_licence(ctx.gateway, rule.kind, number, expires, time_zone=ctx.time_zone)
                except DomainError as exc:
                    st.error(t("Nothing was saved: {reason}", reason=error_text(exc)), icon=":material/error:")
                    return
                session.set_flash("success", t("Licence saved.") if save else t("Licence removed."))
                st.rerun()


def _index(options: list[str], value: str | None) -> int | None:
    return options.index(value) if value in options else None


render()
