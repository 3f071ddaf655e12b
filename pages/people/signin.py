"""Sign-in: OpenID Connect providers when [auth] is configured, otherwise local mode."""
from __future__ import annotations

import streamlit as st

from portal import identity, resources, session
from portal.i18n import t, tn
from services.demo import seed
from services.demo.people import DEMO_PEOPLE
from services.people import local_cookie

PROVIDER_LABELS = {"google": "Google", "microsoft": "Microsoft", "auth0": "Auth0", "okta": "Okta",
                   "keycloak": "Keycloak", "supabase": "Supabase", "default": None}


def render() -> None:
    settings = resources.settings()
    st.title(t("Creator Portal"))
    st.markdown(t("Your audience, your deals and your payouts, with every number's formula shown."))
    if session.pending_invite():
        st.info(t("You have been invited as a brand partner. Sign in to accept the invitation."),
                icon=":material/mail:")
    if settings.auth_configured:
        _providers(settings.auth_providers)
    else:
        _local_mode()


def _providers(providers: tuple[str, ...]) -> None:
    st.subheader(t("Sign in"))
    for name in providers:
        label = PROVIDER_LABELS.get(name, name.replace("_", " ").title())
        text = t("Sign in with {provider}", provider=label) if label else t("Sign in")
        if st.button(text, key=f"login_{name}", type="primary", icon=":material/login:"):
            st.login(None if name == "default" else name)


def _local_mode() -> None:
    address = identity.server_address()
    if not identity.local_mode_allowed(address):
        st.error(t("Local mode is refused because this server listens on \"{address}\", which other machines "
                   "may reach. Either run it on localhost only (`streamlit run portal/app.py "
                   "--server.address localhost`) or configure sign-in under [auth] in .streamlit/secrets.toml.",
                   address=address or "all interfaces"), icon=":material/block:")
        return
    backend = resources.backend(resources.settings())
    if backend.admin_url and not seed.demo_present(backend.admin_url):
        st.info(t("This database has no demo workspace, and local mode signs in only as the demo people. "
                  "Create it with `python -m services.admin seed-demo`, or configure sign-in under [auth]."),
                icon=":material/database:")
        return
    st.subheader(t("Choose a demo person"))
    st.caption(t("No sign-in provider is configured, so this server runs in local mode with the demo workspace."))
    st.caption(tn("This browser remembers the person you choose for {days} day, or until you sign out.",
                  "This browser remembers the person you choose for {days} days, or until you sign out.",
                  local_cookie.MAX_AGE.days, days=local_cookie.MAX_AGE.days))
    creators = [p for p in DEMO_PEOPLE if p.role == "creator"]
    partners = [p for p in DEMO_PEOPLE if p.role == "brand_partner"]
    for heading, people in ((t("Creators"), creators), (t("Brand partners"), partners)):
        st.markdown(f"#### {heading}")
        columns = st.columns(len(people))
        for column, person in zip(columns, people):
            with column.container(border=True):
                st.markdown(f"**{person.display_name}**")
                st.caption(t(person.tagline))
                st.button(t("Sign in as {name}", name=person.display_name.split()[0]), key=f"local_{person.key}",
                          on_click=identity.sign_in_local, args=(person.key,), width="stretch")


render()
