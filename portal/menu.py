"""The menu per role: which page scripts a person gets, in order, and which one opens first.
A page that is not listed for a role cannot be reached by that role."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuPage:
    script: str      # file name in pages/, without .py
    title: str       # English; translated when the menu is built
    icon: str
    url_path: str
    default: bool = False


MENU: dict[str, tuple[MenuPage, ...]] = {
    "creator": (
        MenuPage("creator_home", "Home", ":material/home:", "home", default=True),
        MenuPage("audience", "Audience", ":material/groups:", "audience"),
        MenuPage("engagement", "Engagement", ":material/favorite:", "engagement"),
        MenuPage("offers_inbox", "Offers", ":material/inbox:", "offers"),
        MenuPage("reports", "Reports & media kit", ":material/description:", "reports"),
        MenuPage("payouts", "Payouts", ":material/payments:", "payouts"),
        MenuPage("earnings", "Earnings", ":material/account_balance:", "earnings"),
        MenuPage("caption_check", "Caption checker", ":material/fact_check:", "caption-check"),
        MenuPage("partners_page", "Brand partners", ":material/handshake:", "partners"),
        MenuPage("accounts_page", "Accounts", ":material/link:", "accounts"),
        MenuPage("imports_page", "Import", ":material/upload_file:", "import"),
        MenuPage("settings_page", "Settings", ":material/settings:", "settings"),
    ),
    "brand_partner": (
        MenuPage("brand_home", "Home", ":material/home:", "partner-home", default=True),
        MenuPage("offers_brand", "Offers", ":material/send:", "brand-offers"),
        MenuPage("report_view", "Shared reports", ":material/description:", "shared-reports"),
        MenuPage("brand_payouts", "Payouts", ":material/payments:", "brand-payouts"),
        MenuPage("caption_check", "Caption checker", ":material/fact_check:", "caption-check"),
        MenuPage("settings_page", "Settings", ":material/settings:", "settings"),
    ),
}
SIGN_IN = MenuPage("signin", "Sign in", ":material/login:", "sign-in", default=True)
# A visitor who opens a shared report (?report=TOKEN) or a media kit (?kit=TOKEN) gets this page instead.
SHARED_LINK = MenuPage("shared_link", "Shared with you", ":material/link:", "shared", default=True)
SHARED_LINK_PARAMS = ("report", "kit")
