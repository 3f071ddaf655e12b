"""The tax profile form (a creator's own, or a brand's billing entity) with the optional online check of the VAT
number, and the tax-year summary with its "not tax advice" statement."""
from __future__ import annotations

import streamlit as st

from portal import formatting as fmt
from portal.i18n import error_text, t
from portal.layout import run_change
from services.core.errors import DomainError
from services.payouts import tax, tax_lookup

NO_FORM = ""


def countries() -> list[str]:
    known = set(tax.rules()["countries"]) | set(tax.rules()["unions"]["EU"])
    return sorted(known, key=tax.country_name)


def profile_form(ctx, profile: tax.TaxProfile | None, *, brand_id: str | None = None, key: str = "tax") -> None:
    title = t("Billing entity (tax profile)") if brand_id else t("Tax profile")
    with st.expander(title, icon=":material/account_balance:", expanded=profile is None):
        st.caption(t("Printed on invoices and used to decide the VAT of each invoice. The tax id is checked for its "
                     "country's format and check digits."))
        options = countries()
        current = profile.country if profile and profile.country in options else options[0]
        with st.form(f"{key}_form"):
            legal = st.text_input(t("Legal name"), value=profile.legal_name if profile else "", max_chars=120,
                                  key=f"{key}_legal")
            address = st.text_area(t("Address"), value=profile.address if profile else "", max_chars=500,
                                   key=f"{key}_address")
            left, right = st.columns(2)
            country = left.selectbox(t("Country"), options, index=options.index(current),
                                     format_func=lambda c: f"{tax.country_name(c)} ({c})", key=f"{key}_country")
            tax_id = right.text_input(t("VAT number, TRN or tax id"), value=(profile.tax_id or "") if profile else "",
                                      max_chars=30, key=f"{key}_tax_id")
            a, b, c = st.columns(3)
            registered = a.checkbox(t("VAT-registered"), value=bool(profile and profile.vat_registered),
                                    key=f"{key}_registered")
            exempt = b.checkbox(t("Small-business exemption (e.g. § 19 UStG, franchise en base)"),
                                value=bool(profile and profile.small_business_exemption), key=f"{key}_exempt")
            forms = [NO_FORM, *tax.US_FORMS]
            us_form = c.selectbox(t("US tax form on file"), forms,
                                  index=forms.index(profile.us_form) if profile and profile.us_form else 0,
                                  format_func=lambda f: f or t("None"), key=f"{key}_us_form")
            save = st.form_submit_button(t("Save tax profile"), type="primary")
            check = st.form_submit_button(t("Check the VAT number online (VIES / HMRC)"))
        entered = tax.TaxProfile(legal, address, country, tax_id, registered, exempt, us_form or None)
        if save:
            run_change(lambda: tax.save_profile(ctx.gateway, entered, brand_id=brand_id), t("Tax profile saved."))
        if check:
            try:
                result = tax_lookup.check(country, tax_id)
            except DomainError as exc:
                st.error(error_text(exc), icon=":material/error:")
                return
            show = {"valid": st.success, "invalid": st.error}.get(result.status, st.info)
            show(t("{service}: {message}", service=result.service or t("Check"), message=result.message))


def summary_section(rows: list, ctx) -> None:
    st.markdown(f"#### {t('Tax-year summary')}")
    st.warning(t("This summary helps you fill in your return; it is not tax advice. Check the figures with your "
                 "records or an adviser."), icon=":material/info:")
    if not rows:
        st.caption(t("No payments received in this tax year yet."))
        return
    st.dataframe([{t("Line"): r.line, t("Payer"): r.payer or "—",
                   t("Amount"): fmt.money(r.amount, r.currency, ctx.locale), t("Note"): r.note} for r in rows],
                 hide_index=True, width="stretch")
