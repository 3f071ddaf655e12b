"""Links that open one item: `?id=…` names the offer, payout or report a page opens (Home's "Needs you" list links
this way). The page selects the item when the person can see it; an id they cannot see is ignored with one line."""
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
        st.info(t("The link names nothing you can open here: it may be closed, or not shared with you."),
                icon=":material/link_off:")
