"""Page chrome: the theme tweaks, the local-mode banner, the account box, flash messages and the
full-page messages shown instead of a traceback."""
from __future__ import annotations

from typing import Callable, Iterator, Sequence, TypeVar

import streamlit as st

from portal import session
from portal.i18n import error_text, is_rtl, t
from services.core import formatting as fmt
from services.core.errors import DomainError
from services.core.text import inert, isolate_runs, isolated

T = TypeVar("T")

# Right to left (Arabic): the page's main column and sidebar read from the right. Streamlit writes some of its
# spacing with physical sides for left-to-right text (a list item's 1.15em left margin for its bullet, `text-align:
# left` on lists and on some element boxes), which would leave a bullet hanging outside the column, away from a
# left-aligned line. These rules put them back on the logical sides (inline-start = right here); the selectors carry
# one more attribute than Streamlit's own class rules so they win whatever order the style sheets load in.
# Flex rows (an alert's icon, an expander's arrow, a button's icon, a metric's delta arrow) follow `direction` by
# themselves, so the icon sits on the right beside its text. A data grid (st.dataframe, drawn on a canvas) keeps its
# own left-to-right geometry: its columns and numbers stay aligned and its scrolling stays under the pointer.
# Static CSS only; nothing a person typed. Left-to-right languages never receive it.
_RTL_CSS = """<style>
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) { direction: rtl; text-align: right; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) [data-testid="stElementContainer"] { text-align: start; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) [data-testid="stMarkdownContainer"] :is(ul, ol) {
  direction: rtl; text-align: start; padding-left: 0; padding-right: 0; padding-inline-start: 0; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) [data-testid="stMarkdownContainer"] li {
  margin-left: 0; margin-right: 0; margin-inline-start: 1.15em;
  padding-left: 0; padding-right: 0; padding-inline-start: 0.3em; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) [data-testid="stMarkdownContainer"] li.task-list-item {
  margin-inline-start: 0; padding-inline-start: 0; }
:is([data-testid="stMain"], [data-testid="stSidebarContent"]) [data-testid="stDataFrame"] { direction: ltr; }
</style>"""


# A link to an item (Home's "Waiting for you" list) says what the item is in a sentence that may be long, above all in
# Arabic, German or French: Streamlit keeps a page link's label on one line and cuts it with an ellipsis, so the end
# of the sentence (an amount, a date) was lost. In the page's body, labels wrap instead. Static CSS only.
_WRAP_LINKS_CSS = """<style>
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] > span:last-child,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p { white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""


def apply_direction() -> None:
    """The page's direction from the reader's language, and the layout rules every language needs."""
    st.html(_WRAP_LINKS_CSS + (_RTL_CSS if is_rtl() else ""))  # static CSS only; nothing a person typed


# On a phone the sidebar covers the page; Streamlit leaves it open after a menu link is tapped, so the page the
# person asked for stays hidden. Static script, nothing a person typed; installed once per browser tab.
_CLOSE_SIDEBAR_ON_PHONES = """<script>
if (!window.portalClosesSidebar) {
  window.portalClosesSidebar = true;
  document.addEventListener("click", (event) => {
    if (window.innerWidth > 768 || !event.target.closest('[data-testid="stSidebarNav"] a')) return;
    setTimeout(() => {
      const collapse = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (collapse) collapse.click();
    }, 50);
  }, true);
}
</script>"""


def close_sidebar_after_navigating_on_phones() -> None:
    with st.sidebar:
        st.html(_CLOSE_SIDEBAR_ON_PHONES, unsafe_allow_javascript=True)


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
    try:
        action()
    except DomainError as exc:
        st.error(error_text(exc), icon=":material/error:")
        return
    session.set_flash("success", success)
    st.rerun()


def page(title: str):
    """A page's start: its title; returns the run's context (person, gateway, profile, language)."""
    ctx = session.context()
    st.title(title)
    return ctx


def loaded(read: Callable[[], T]) -> T | None:
    """What `read` returns, or None once the page says why the database refused it (the page then stops)."""
    try:
        return read()
    except DomainError as exc:
        st.error(error_text(exc))
        return None


def cards(items: Sequence[T], empty: str) -> Iterator[tuple[T, list]]:
    """A list drawn as one bordered card per item with three columns (what, figures, action): yields (item,
    [left, middle, right]); says `empty` instead when there is no item."""
    if not items:
        st.info(empty)
        return
    for item in items:
        with st.container(border=True):
            yield item, st.columns([3, 2, 1])


def import_plan(dry_run: Callable[[], T], refused: Callable[[str], str], done_before: Callable[[str], str],
                ctx) -> T | None:
    """A file import's plan (its dry run) under a "What will change" heading; None, having said why, when the file is
    refused (`refused(reason)`) or was imported before (`done_before(date)`): nothing to confirm then."""
    try:
        plan = dry_run()
    except DomainError as exc:
        st.error(refused(error_text(exc)), icon=":material/error:")
        return None
    if plan.already_imported:
        st.success(done_before(fmt.local_datetime(plan.imported_at, ctx.time_zone, ctx.locale)))
        return None
    st.subheader(t("What will change"))
    return plan


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


# Characters markdown (and Streamlit's extensions: math, colours, icons, strikethrough) reads as syntax.
_MARKDOWN = "\\`*_{}[]()#+-.!|<>$~:="


def escape_md(text: str | None, limit: int | None = 2000) -> str:
    """Text a person typed, made inert (services.core.text.inert: no bidirectional controls or invisible
    characters, at most `limit` characters) and markdown-escaped, so an image, a link or a heading in it shows as
    the characters typed. For every markdown surface: st.markdown, captions, titles, messages, widget labels."""
    out = inert(text, limit)
    for ch in _MARKDOWN:
        out = out.replace(ch, "\\" + ch)
    return out


def user_text(text: str | None, limit: int | None = 2000) -> str:
    """escape_md(text), isolated (U+2068 … U+2069) so a name written right to left cannot reorder the sentence
    around it. The one way pages put someone else's words into markdown."""
    return isolated(text, limit, escape=_markdown_escaped)


def rule_text(text: str | None) -> str:
    """A sentence a rule or a finding supplies (a rule's wording, a finding's explanation), markdown-escaped,
    with every quoted phrase and hashtag in it isolated and the whole sentence isolated
    (services.core.text.isolate_runs): `"إعلان", "مادة إعلانية"` keeps its order in an English line, "#ad" keeps
    its "#", and an English explanation keeps its order on a right-to-left page."""
    return isolate_runs(text, escape=_markdown_escaped)


def _markdown_escaped(text: str) -> str:
    return escape_md(text, None)


def plain_text(text: str | None, limit: int | None = 2000) -> str:
    """Text a person typed for surfaces that show characters as they are (table cells, option lists, PDF and
    CSV cells): inert, not escaped."""
    return inert(text, limit)
