"""What a secret or public link opens, for anyone, signed in or not: a shared report (?report=TOKEN) or a media
kit (?kit=TOKEN or ?kit=public-name). It runs as the anonymous visitor: the only things it can read are what
public.shared_report() and public.shared_media_kit() return for a valid token. An unknown, revoked or expired link
shows one plain page and no data."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

from portal import layout, resources, session
from portal.widgets import reports as report_widgets
from portal.i18n import LOCALES, language_name, t
from services.reports import media_kit
from services.reports import reports
from services.core.db.gateway import ANONYMOUS


def render() -> None:
    backend = resources.backend(resources.settings())
    gateway = backend.gateway_for(ANONYMOUS)
    report_token = st.query_params.get("report")
    kit_token = st.query_params.get("kit")
    if report_token:
        visit = session.visit_key(reports.new_visit_key)
        data = reports.open_link(gateway, report_token, visit=visit)
        _speak(data.language if data else None)
        if data is None:
            _no_longer_valid()
            return
        locale = session.locale()
        zone = _viewer_zone(data.report.time_zone)
        report_widgets.render_report(data, locale=locale, time_zone=zone, key="link_report",
                                     current=lambda: reports.open_link(gateway, report_token, visit=visit))
        report_widgets.render_conversions(data, locale=locale, time_zone=zone, key="link_conversions")
        st.caption(t("Shared by {creator} through Creator Portal. Anyone with this link can open this report until it "
                     "expires or the creator revokes it. Times are in {zone}.", creator=layout.user_text(data.creator_name), zone=zone))
        return
    kit = media_kit.open_link(gateway, kit_token)
    _speak(kit.language if kit else None)
    if kit is None:
        _no_longer_valid()
        return
    report_widgets.render_kit(kit, locale=session.locale(), key="link_kit",
                              current=lambda: media_kit.open_link(gateway, kit_token))


def _speak(document_language: str | None) -> None:
    """The page's language: the visitor's switch, else the creator's choice for this document, else the browser's,
    else English (session.locale); then the switch and the reading direction."""
    session.set_document_language(document_language)
    layout.apply_direction()
    _language_switch()


def _language_switch() -> None:
    """A visitor reads in the language the creator chose for the document, else the browser's; this lets them
    choose another (kept in the link as ?lang=)."""
    if session.profile():
        return
    current = session.locale()
    _, right = st.columns([4, 1])
    chosen = right.selectbox(t("Language"), list(LOCALES), index=list(LOCALES).index(current),
                             format_func=language_name, key="link_language", label_visibility="collapsed")
    if chosen != current:
        st.query_params["lang"] = chosen
        st.rerun()


def _no_longer_valid() -> None:
    st.title(t("This link is no longer valid"))
    st.markdown(t("It may have expired, or the creator may have revoked it. Ask them for a new link."))


def _viewer_zone(fallback: str) -> str:
    """The browser's time zone when it tells us one we know, else the report's."""
    zone = st.context.timezone
    try:
        if zone:
            ZoneInfo(zone)
            return zone
    except Exception:  # an unknown or malformed zone name from the browser
        pass
    return fallback


render()
