"""Links that open one item: `?id=…` names the offer, payout or report a page opens (Home's "Needs you" list links
this way). The page selects the item when the person can see it; an id they cannot see is ignored with one line.

Offers and payouts keep the id in the URL while the item is open (`opened`, `open_item`, `back_to_list`): the
detail is drawn first, instead of the list, on its own link. Reports select the item and drop the id
(`open_linked`)."""
from __future__ import annotations

from collections.abc import Callable, Collection

import streamlit as st

from portal.i18n import t


def open_linked(known: Collection[str], select: Callable[[str], None]) -> None:
    """Selects the item `?id=` names when it is in `known` (what this person may see on the page), then drops the
    parameter, so the person's own choice stands on the next run and a second click on the same link opens it
    again."""
    wanted = st.query_params.get("id")
    if not wanted:
        return
    del st.query_params["id"]
    if wanted in known:
        select(wanted)
    else:
        _not_yours()


def opened(known: Collection[str]) -> str | None:
    """The item `?id=` names, when it is in `known` (what this person may see on the page). The id stays in the
    URL while the item is open, so its detail has its own link and Back returns to the list. An id they cannot
    see is dropped with one line."""
    wanted = st.query_params.get("id")
    if not wanted:
        return None
    if wanted in known:
        return wanted
    del st.query_params["id"]
    _not_yours()
    return None


def opened_with_back(known: Collection[str], back: str, *, key: str) -> str | None:
    """opened(), with a Back button (labelled `back`) above the item when one is open: its detail is drawn where
    the person is looking, instead of the list."""
    wanted = opened(known)
    if wanted:
        back_button(back, key=key)
    return wanted


def _not_yours() -> None:
    st.info(t("The link names nothing you can open here: it may be closed, or not shared with you."),
            icon=":material/link_off:")


def open_item(item_id: str) -> None:
    """A list's "Open" (on_click): the item's id goes into the URL, and the page draws that item first."""
    st.query_params["id"] = item_id


def back_to_list() -> None:
    """Closes the open item: its id leaves the URL, and the page draws the list again."""
    if "id" in st.query_params:
        del st.query_params["id"]


def back_button(label: str, *, key: str) -> None:
    st.button(label, key=key, icon=":material/arrow_back:", on_click=back_to_list)
