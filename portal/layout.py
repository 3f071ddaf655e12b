"""Page chrome: the theme tweaks, the local-mode banner, the account box, flash messages and the
full-page messages shown instead of a traceback."""
from __future__ import annotations

import streamlit as st

from portal import session
from portal.i18n import is_rtl, t

_RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: right; }
</style>"""


def apply_direction() -> None:
    if is_rtl():
        st.html(_RTL_CSS)  # static CSS only; nothing a person typed


def local_mode_banner() -> None:
    st.warning(t("Local mode: anyone who can open this page can sign in as any demo person. "
                 "Configure [auth] in .streamlit/secrets.toml before sharing this server."),
               icon=":material/lan:")


def show_flash() -> None:
    message = session.flash()
    if message:
        kind, text = message
        getattr(st, kind, st.info)(text)


def run_change(action, success: str) -> None:
    """Runs one change through a service: a refused change shows its reason (nothing was written);
    a done one is announced after the rerun that shows it."""
    from services.core.errors import DomainError

    try:
        action()
    except DomainError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    session.set_flash("success", success)
    st.rerun()


def fatal(title: str, message: str, hint: str | None = None) -> None:
    """A clear full page instead of a traceback; stops the run."""
    st.title(title)
    st.error(message, icon=":material/error:")
    if hint:
        st.markdown(hint)
    st.stop()


def account_box(display_name: str, role_label: str, on_sign_out) -> None:
    with st.sidebar:
        st.caption(t("Signed in as"))
        st.markdown(f"**{escape_md(display_name)}**  \n{role_label}")
        st.button(t("Sign out"), key="sign_out", on_click=on_sign_out, icon=":material/logout:")


def escape_md(text: str) -> str:
    """Markdown-escape a name a person typed."""
    out = text or ""
    for ch in "\\`*_{}[]()#+-.!|<>":
        out = out.replace(ch, "\\" + ch)
    return out
