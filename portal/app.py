"""Entry point: `streamlit run portal/app.py`.

The one gate: loads settings, opens the backend, finds out who is signed in, and builds the menu
for that person's role. Pages render; services decide; SQL enforces.

The file is read twice. `streamlit run` finds the module-level `app = st.App(...)` at the bottom, imports this
file as a module to serve it (with the portal's own routes: portal/local_sign_in.py, and the tracked-link redirect
/l/<code> of portal/link_routes.py, whose lifespan writes the queued clicks when the server stops), and then runs it
as the app's script for every session, where `__name__` is "__main__" and main() draws the page."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from services.core import formatting as fmt  # noqa: E402
from portal import identity, layout, link_routes, local_sign_in, menu, resources, session  # noqa: E402
from portal.i18n import error_text, t, tm  # noqa: E402
from services.people import partners  # noqa: E402
from services.people import profiles
from services.core.errors import ConfigError, DatabaseUnavailable, DomainError  # noqa: E402
from services.core.messages import N_  # noqa: E402


@dataclass
class RequestContext:
    settings: object
    backend: object
    signed_in: identity.SignedIn
    gateway: object
    profile: dict

    @property
    def locale(self) -> str:
        return self.profile.get("locale") or "en"

    @property
    def time_zone(self) -> str:
        return self.profile.get("time_zone") or "UTC"

    @property
    def currency(self) -> str:
        return self.profile.get("home_currency") or "USD"


def main() -> None:
    st.set_page_config(page_title="Creator Portal", page_icon=":material/insights:", layout="wide")
    # Tables show text other people typed; their toolbar CSV would not neutralise formulas (.streamlit/config.toml
    # says the same, for the first run): CSVs come only from services.core.csv_export.to_safe_csv.
    st.set_option("client.disableDataExport", True)

    try:
        settings = resources.settings()
    except ConfigError as exc:
        layout.fatal(t("The portal is not configured correctly"), error_text(exc),
                     t("Fix the setting in `.streamlit/secrets.toml` and restart. "
                       "Every setting is described in `.streamlit/secrets.toml.example`."))
        return

    try:
        if resources.backend_ready(settings):
            backend = resources.backend(settings)
        else:
            bar = st.progress(0.0, text=t("Starting the portal"))
            backend = resources.backend(settings, progress=lambda f, m: bar.progress(min(f, 1.0), text=tm(m)))
            bar.empty()
    except (DatabaseUnavailable, ConfigError) as exc:
        layout.fatal(t("The database cannot be reached"), error_text(exc),
                     t("Check that the database is running and that `[database] url` in "
                       "`.streamlit/secrets.toml` is right, then reload this page."))
        return

    invite = st.query_params.get("invite")
    if invite:
        session.set_pending_invite(invite)
        del st.query_params["invite"]

    signed_in = identity.current(settings)
    local_mode = not settings.auth_configured and not st.user.get("is_logged_in")
    banner = st.container()  # the local-mode notice goes first on the page, written once the reader's language is known
    show_banner = local_mode and identity.local_mode_allowed(identity.server_address())
    if show_banner:
        _tell_the_browser(session.take_local_browser_change())

    if signed_in is None:
        layout.apply_direction()  # a visitor's language: ?lang= on a shared link, else the browser's
        if show_banner:
            with banner:
                layout.local_mode_banner()
        shared = any(st.query_params.get(name) for name in menu.SHARED_LINK_PARAMS)
        if not shared:
            session.set_document_language(None)  # a shared document's language ends with it
        _run_guarded(st.navigation([_page(menu.SHARED_LINK if shared else menu.SIGN_IN)]))
        return

    gateway = backend.gateway_for(signed_in.person, signed_in.access_token)
    if session.pending_invite() and _invitation_screen(gateway, signed_in, session.pending_invite()):
        if show_banner:  # no profile yet: in the browser's language, still at the top
            with banner:
                layout.local_mode_banner()
        return
    try:
        profile = _profile_for(gateway, signed_in)
    except DatabaseUnavailable as exc:
        layout.fatal(t("The database cannot be reached"), error_text(exc), t("Reload this page in a moment."))
        return
    except DomainError as exc:
        layout.fatal(t("Your profile could not be loaded"), error_text(exc))
        return

    ctx = RequestContext(settings, backend, signed_in, gateway, profile)
    session.set_context(ctx)
    layout.apply_direction()
    if show_banner:
        with banner:
            layout.local_mode_banner()
    role_label = t("Creator") if profile["role"] == "creator" else t("Brand partner")
    layout.account_box(profile["display_name"], role_label, lambda: identity.sign_out(settings))
    layout.close_sidebar_after_navigating_on_phones()
    layout.show_flash()
    _run_guarded(st.navigation(_pages_for(profile["role"]), expanded=True))


def _tell_the_browser(change: tuple[str, str | None] | None) -> None:
    """After a local sign-in or sign-out button, the cookie that remembers the demo person follows it."""
    if change is None:
        return
    action, key = change
    if action == "remember" and key:
        local_sign_in.remember(key)
    elif action == "forget":
        local_sign_in.forget()


def _run_guarded(nav) -> None:
    """The one place an outage becomes a page: whatever page runs, a database that cannot be reached
    shows this instead of a traceback, and the next run (once it is back) works again."""
    try:
        nav.run()
    except DatabaseUnavailable as exc:
        layout.fatal(t("The database cannot be reached"), error_text(exc), t("Reload this page in a moment."))


def _profile_for(gateway, signed_in: identity.SignedIn) -> dict:
    cached = session.profile()
    if cached and cached.get("id") == signed_in.person.id:
        return cached
    profile = profiles.ensure_profile(gateway, signed_in.display_name, signed_in.person.email)
    session.set_profile(profile)
    return profile


_NOT_OPEN = {
    "used": N_("This invitation has already been used: ask the creator for a new one."),
    "expired": N_("This invitation has expired: ask the creator for a new one."),
    "declined": N_("This invitation was declined: ask the creator for a new one."),
    "own": N_("This is your own invitation: send the link to the brand partner you invited."),
    "creator": N_("This invitation is for a brand partner; you are signed in as a creator."),
}


def _invitation_screen(gateway, signed_in: identity.SignedIn, token: str) -> bool:
    """Opening /?invite=TOKEN: who invites you and to which brand, then Accept or Decline. Nothing happens until
    the person chooses. Returns True while the screen is shown (the run ends there)."""
    try:
        preview = partners.preview_invitation(gateway, token)
    except DomainError as exc:
        session.set_pending_invite(None)
        session.set_flash("error", t("The invitation could not be opened: {reason}", reason=error_text(exc)))
        return False
    if preview is None or not preview.open:
        session.set_pending_invite(None)
        reason = _NOT_OPEN.get(preview.state if preview else "", N_("This invitation link is not valid: ask the "
                                                                   "creator for a new one."))
        session.set_flash("error", t(reason))
        return False

    st.title(t("You are invited"))
    st.markdown(t("{creator} invites you to see the work they share with the brand **{brand}**.",
                  creator=layout.user_text(preview.creator_name), brand=layout.user_text(preview.brand_name)))
    st.caption(t("The invitation is valid until {date}. Accepting lets {creator} see your name and send you "
                 "reports and payouts for this brand.", date=fmt.local_datetime(preview.expires_at, "UTC", session.locale()),
                 creator=layout.user_text(preview.creator_name)))
    new_brand = "new"
    choices = [new_brand] + [b["id"] for b in preview.your_brands]
    names = {b["id"]: b["name"] for b in preview.your_brands}
    choice = new_brand
    if preview.your_brands:
        choice = st.radio(
            t("Accept as"), choices, key="invite_accept_as",
            format_func=lambda c: (t("A new brand named {brand}", brand=layout.user_text(preview.brand_name))
                                   if c == new_brand else t("Your brand {brand}", brand=layout.user_text(names[c]))))
    accept, decline = st.columns(2)
    if accept.button(t("Accept"), key="invite_accept", type="primary", icon=":material/check:"):
        session.set_pending_invite(None)
        try:
            partners.accept_invitation(gateway, token, signed_in.display_name,
                                       brand_id=None if choice == new_brand else choice)
            session.set_profile(None)
            session.set_flash("success", t("Invitation accepted: you can now see the creator's shared work."))
        except DomainError as exc:
            session.set_flash("error", t("The invitation could not be accepted: {reason}", reason=error_text(exc)))
        st.rerun()
    if decline.button(t("Decline"), key="invite_decline", icon=":material/close:"):
        session.set_pending_invite(None)
        try:
            partners.decline_invitation(gateway, token)
            session.set_flash("info", t("Invitation declined. The creator cannot use this link again."))
        except DomainError as exc:
            session.set_flash("error", t("The invitation could not be declined: {reason}", reason=error_text(exc)))
        st.rerun()
    return True


def _page(entry: menu.MenuPage) -> st.Page:
    """Pages live in pages/ beside portal/ (not next to this script, which would turn on Streamlit's
    legacy multipage mode); st.Page takes their path."""
    return st.Page(menu.page_path(entry.script), title=t(entry.title), icon=entry.icon,
                   url_path=entry.url_path, default=entry.default)


def _pages_for(role: str) -> list:
    return [_page(entry) for entry in menu.MENU[role]]


if __name__ == "__main__":
    main()
else:
    from portal import unsubscribe
    app = st.App(__file__, routes=local_sign_in.routes() + unsubscribe.routes() + link_routes.routes(),
                 lifespan=link_routes.lifespan)
