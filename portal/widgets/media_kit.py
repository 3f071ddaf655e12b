"""The Media kit tab of the creator's Reports page: choose what your public profile shows (audience, demographics,
engagement with its definitions, top posts, and only if you opt in, past brand partners and your rates), switch it
on, share it by a public link name or a secret link, and preview it as visitors see it, with its PDF."""
from __future__ import annotations

import streamlit as st

from portal import session
from services.core import formatting as fmt
from portal.widgets import reports as report_widgets
from portal.widgets.audience_filters import POST_TYPE_LABELS
from portal.i18n import t, error_text
from services.reports import media_kit
from services.accounts import oauth
from services.offers import offers
from services.people import profiles
from services.core.errors import DomainError
from services.core.messages import N_

SECTION_LABELS = {
    "show_audience": N_("Audience per platform"),
    "show_demographics": "Audience demographics",
    "show_engagement": N_("Engagement per platform, with its definitions"),
    "show_top_posts": "Top posts",
    "show_partners": "Past brand partners",
    "show_rates": "Rates",
}


def render(ctx) -> None:
    st.markdown(t("Your public profile for brands: always current, with an \"as of\" date, computed when someone opens "
                  "it. Nothing is public until you switch it on."))
    current = media_kit.get_settings(ctx.gateway)
    _links(ctx, current)
    _settings(ctx, current)
    st.divider()
    st.subheader(t("Preview"))
    st.caption(t("What visitors see when the media kit is on."))
    kit = media_kit.preview(ctx.gateway)
    if kit is not None:
        with st.container(border=True):
            report_widgets.render_kit(kit, locale=ctx.locale, key="kit_preview")


def _links(ctx, current: media_kit.Settings) -> None:
    base = oauth.app_base_url(ctx.settings, st.context.url)
    if not current.enabled:
        st.warning(t("Your media kit is off: its links show \"This link is no longer valid\". Switch it on below."),
                   icon=":material/visibility_off:")
    elif current.public_slug:
        st.success(t("Public link (anyone may open it):"), icon=":material/public:")
        st.code(media_kit.kit_url(base, current.public_slug), language=None)
    with st.expander(t("Secret link"), icon=":material/key:"):
        st.caption(t("A secret link works only for people you send it to. It is shown once; making a new one turns the "
                     "old one off."))
        if current.has_secret_link:
            st.caption(t("A secret link exists since {date}.",
                         date=fmt.local_datetime(current.secret_created_at, ctx.time_zone, ctx.locale)))
        left, right = st.columns(2)
        if left.button(t("Make a new secret link") if current.has_secret_link else t("Create a secret link"),
                       key="kit_secret_new", icon=":material/link:"):
            try:
                token = media_kit.new_secret_link(ctx.gateway)
            except DomainError as exc:
                st.error(error_text(exc))
            else:
                st.success(t("Secret link created. Copy it now: it is shown only once."))
                st.code(media_kit.kit_url(base, token), language=None)
        if current.has_secret_link and right.button(t("Turn off the secret link"), key="kit_secret_off",
                                                    icon=":material/link_off:"):
            try:
                media_kit.revoke_secret_link(ctx.gateway)
            except DomainError as exc:
                st.error(error_text(exc))
            else:
                session.set_flash("success", t("Secret link turned off: it stops working at once."))
                st.rerun()


def _settings(ctx, current: media_kit.Settings) -> None:
    currencies = profiles.currency_codes(ctx.gateway)
    partners = sorted(set(media_kit.past_partners(ctx.gateway)) | set(current.partner_names), key=str.lower)
    st.subheader(t("What it shows"))
    count = st.number_input(t("Rates on your rate card"), min_value=0, max_value=media_kit.MAX_RATES,
                            value=len(current.rates), step=1, key="kit_rate_count")
    with st.form("kit_form"):
        enabled = st.toggle(t("Media kit on"), value=current.enabled, key="kit_enabled")
        headline = st.text_area(t("Headline"), value=current.headline or "", max_chars=280, key="kit_headline",
                                placeholder=t("Slow fashion, styled three ways. Engaged UK audience aged 25-34."))
        left, right = st.columns(2)
        email = left.text_input(t("Contact email (optional)"), value=current.contact_email or "", key="kit_email")
        slug = right.text_input(t("Public link name (optional)"), value=current.public_slug or "", key="kit_slug",
                                help=t("3 to 40 lowercase letters, digits or hyphens. Leave it empty for no public "
                                       "link; a secret link still works."))
        language = report_widgets.document_language_select(current.language or ctx.locale, key="kit_language")
        flags = {}
        columns = st.columns(3)
        for n, (field, label) in enumerate(SECTION_LABELS.items()):
            flags[field] = columns[n % 3].checkbox(t(label), value=getattr(current, field), key=f"kit_{field}")
        chosen = st.multiselect(t("Past brand partners to list"), partners, default=list(current.partner_names),
                                key="kit_partners",
                                help=t("Only brands whose offer you accepted are listed, and only if \"Past brand "
                                       "partners\" is ticked."))
        rates = []
        if count:
            st.markdown(f"**{t('Rate card')}**")
        for i in range(int(count)):
            existing = current.rates[i] if i < len(current.rates) else None
            a, b, c, d = st.columns(4)
            platform = a.selectbox(t("Platform"), media_kit.RATE_PLATFORMS,
                                   index=media_kit.RATE_PLATFORMS.index(existing.platform) if existing else 0,
                                   format_func=report_widgets.platform_name, key=f"kit_rate_platform_{i}")
            format_ = b.selectbox(t("Format"), media_kit.RATE_FORMATS,
                                  index=media_kit.RATE_FORMATS.index(existing.format) if existing else 0,
                                  format_func=lambda f: t(POST_TYPE_LABELS.get(f, f)), key=f"kit_rate_format_{i}")
            fee = c.text_input(t("Fee"), value=str(existing.fee) if existing else "", key=f"kit_rate_fee_{i}")
            wanted = existing.currency if existing else ctx.currency
            currency = d.selectbox(t("Currency"), currencies,
                                   index=currencies.index(wanted) if wanted in currencies else 0,
                                   key=f"kit_rate_currency_{i}")
            rates.append((platform, format_, fee, currency))
        submitted = st.form_submit_button(t("Save media kit"), type="primary")
    if not submitted:
        return
    try:
        units = offers.minor_units(ctx.gateway)
        parsed = tuple(media_kit.Rate(p, f, media_kit.parse_fee(fee, cur, units.get(cur, 2), n), cur)
                       for n, (p, f, fee, cur) in enumerate(rates, start=1))
        settings = media_kit.validate(media_kit.Settings(
            enabled=enabled, headline=headline, contact_email=email, public_slug=slug, partner_names=tuple(chosen),
            rates=parsed, language=language, **flags), units)
        media_kit.save(ctx.gateway, settings)
    except DomainError as exc:
        st.error(error_text(exc))
        return
    session.set_flash("success", t("Media kit saved."))
    st.rerun()

