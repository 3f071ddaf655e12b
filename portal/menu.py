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
        MenuPage("partners_page", "Brand partners", ":material/handshake:", "partners"),
        MenuPage("settings_page", "Settings", ":material/settings:", "settings"),
    ),
    "brand_partner": (
        MenuPage("brand_home", "Home", ":material/home:", "partner-home", default=True),
        MenuPage("settings_page", "Settings", ":material/settings:", "settings"),
    ),
}
SIGN_IN = MenuPage("signin", "Sign in", ":material/login:", "sign-in", default=True)
