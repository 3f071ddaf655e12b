"""The menu per role: which page scripts a person gets, in order, and which one opens first.
A page that is not listed for a role cannot be reached by that role."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from services.core.messages import N_

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"


@dataclass(frozen=True)
class MenuPage:
    script: str      # path below pages/, without .py: "<area>/<page>"
    title: str       # English; translated when the menu is built
    icon: str
    url_path: str
    default: bool = False


MENU: dict[str, tuple[MenuPage, ...]] = {
    "creator": (
        MenuPage("home/creator_home", N_("Home"), ":material/home:", "home", default=True),
        MenuPage("audience/audience", "Audience", ":material/groups:", "audience"),
        MenuPage("audience/engagement", "Engagement", ":material/favorite:", "engagement"),
        MenuPage("offers/offers_inbox", "Offers", ":material/inbox:", "offers"),
        MenuPage("reports/reports_and_media_kit", N_("Reports & media kit"), ":material/description:", "reports"),
        MenuPage("payouts/creator_payouts", "Payouts", ":material/payments:", "payouts"),
        MenuPage("payouts/earnings", "Earnings", ":material/account_balance:", "earnings"),
        MenuPage("offers/caption_checker", "Caption checker", ":material/fact_check:", "caption-check"),
        MenuPage("people/brand_partners", "Brand partners", ":material/handshake:", "partners"),
        MenuPage("accounts/connected_accounts", "Accounts", ":material/link:", "accounts"),
        MenuPage("accounts/import_exports", N_("Import"), ":material/upload_file:", "import"),
        MenuPage("people/settings", "Settings", ":material/settings:", "settings"),
    ),
    "brand_partner": (
        MenuPage("home/brand_home", N_("Home"), ":material/home:", "partner-home", default=True),
        MenuPage("offers/brand_offers", "Offers", ":material/send:", "brand-offers"),
        MenuPage("reports/shared_reports", "Shared reports", ":material/description:", "shared-reports"),
        MenuPage("links/promo_sales", "Promo-code sales", ":material/sell:", "promo-sales"),
        MenuPage("payouts/brand_payouts", "Payouts", ":material/payments:", "brand-payouts"),
        MenuPage("offers/caption_checker", "Caption checker", ":material/fact_check:", "caption-check"),
        MenuPage("people/settings", "Settings", ":material/settings:", "settings"),
    ),
}
SIGN_IN = MenuPage("people/signin", "Sign in", ":material/login:", "sign-in", default=True)
# A visitor who opens a shared report (?report=TOKEN) or a media kit (?kit=TOKEN) gets this page instead.
SHARED_LINK = MenuPage("reports/shared_link", N_("Shared with you"), ":material/link:", "shared", default=True)
SHARED_LINK_PARAMS = ("report", "kit")


def page_path(script: str) -> str:
    """The file of a page script, for st.Page and st.page_link (pages live beside portal/, not below it)."""
    return str(PAGES_DIR / f"{script}.py")
