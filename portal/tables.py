"""Tables in the person's language: the numbers stay numbers (a column sorts as numbers), what is shown is the
same number formatted by services/core/formatting in the person's locale, an empty cell shows "—".

Streamlit's column formats cannot do this: a printf format ("%.2f%%") is English-only and "localized" follows
the browser's language, not the one the person chose. A pandas Styler's display values can: st.dataframe shows
them and still sorts on the data underneath. Enum values (genders, countries, tiers) go through their label
tables here, so no raw code reaches the screen."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable

import pandas as pd
import streamlit as st

from portal.i18n import t
from portal.layout import escape_md
from services.core import formatting as fmt
from services.core.csv_export import to_safe_csv
from services.core.messages import N_

EMPTY = fmt.EMPTY
GENDER_LABELS = {"female": N_("Female"), "male": N_("Male"), "unknown": N_("Unknown")}
DIMENSION_LABELS = {"age": N_("Age"), "gender": N_("Gender"), "country": N_("Country"), "city": N_("City")}


def bucket_label(dimension: str, bucket: str | None, locale: str) -> str:
    """A demographic group in words: "female" → أنثى, "NG" → نيجيريا, "Other" → Other in the person's language;
    age ranges ("25-34") and cities are shown as the platform names them."""
    if _blank(bucket):
        return EMPTY
    if bucket == "Other":
        return t("Other")
    if bucket.lower() == "unknown":
        return t("Unknown")
    if dimension == "gender":
        return t(GENDER_LABELS[bucket]) if bucket in GENDER_LABELS else bucket
    if dimension == "country":
        return fmt.territory(bucket, locale)
    return bucket


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or bool(pd.isna(value))


def numbers(locale: str) -> Callable:
    return lambda v: fmt.number(v, locale)


def signed(locale: str) -> Callable:
    return lambda v: EMPTY if _blank(v) else fmt.signed(int(v), locale)


def percents(locale: str, places: int = 2) -> Callable:
    """For a column holding ratios (0.0543 → 5.43%)."""
    return lambda v: fmt.percent(v, locale, places)


def points(locale: str, places: int = 1) -> Callable:
    """For a column holding changes in percentage points (+1.5 pp)."""
    return lambda v: EMPTY if _blank(v) else t("{points} pp", points=fmt.points(v, locale, places))


def decimals(locale: str, places: int = 1) -> Callable:
    return lambda v: fmt.decimal(v, locale, places)


def days(locale: str) -> Callable:
    return lambda v: fmt.day(v, locale) if not _blank(v) else EMPTY


def texts(values) -> list[str]:
    """Text cells with "—" for nothing (never "None" or "nan")."""
    return [EMPTY if _blank(v) else str(v) for v in values]


def shown(frame: pd.DataFrame, formats: dict[str, Callable]):
    """The frame as st.dataframe should get it: numbers kept for sorting, each listed column displayed through its
    formatter, every other empty cell as "—"."""
    frame = frame.reset_index(drop=True)
    for column in formats:
        if frame[column].dtype == object and all(isinstance(v, (int, float, Decimal)) or _blank(v)
                                                 for v in frame[column]):
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    styler = frame.style.format(na_rep=EMPTY)
    for column, formatter in formats.items():
        styler = styler.format(formatter, subset=[column], na_rep=EMPTY)
    return styler


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A CSV's copy: date-times written ISO 8601 ("2026-05-01T10:00:00+00:00"); numbers stay plain numbers."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [None if pd.isna(v) else v.isoformat() for v in out[column]]
    return out


def csv_download(frame: pd.DataFrame, name: str, key: str, label: str | None = None, container=None) -> None:
    """A "Download as CSV" button for the frame (date-times as ISO 8601, formula cells made inert by
    to_safe_csv). The file is written when the person clicks, not on every run of the page: most runs never
    download, and writing a year of daily rows costs a few milliseconds each."""
    (container or st).download_button(label or t("Download as CSV"), lambda: to_safe_csv(for_csv(frame)),
                                       file_name=name, mime="text/csv", key=key, icon=":material/download:",
                                       on_click="ignore")


def static(frame: pd.DataFrame, formats: dict[str, Callable], labels: dict[str, str],
           links: dict[str, str] | None = None) -> None:
    """A small table nobody needs to sort (a media kit's rates, engagement, top groups and top posts) drawn with
    st.table: markup the browser shows at once, where st.dataframe first loads a grid component, which is most of
    what a signed-out visitor waits for. Every cell is its display text: the listed columns through their
    formatter, the others as written, an empty cell as "—". st.table reads markdown in cells, so every cell goes
    through escape_md (a city or a name shows as the characters it holds); a column named in `links` holds web
    addresses and shows the given word as a link to each plain http(s) address, "—" for anything else."""
    links = links or {}

    def cell(column: str, value) -> str:
        if column in links:
            return f"[{escape_md(links[column])}]({value})" if _plain_web_address(value) else EMPTY
        if _blank(value):
            return EMPTY
        return escape_md(formats[column](value) if column in formats else str(value), 300)

    st.table(pd.DataFrame({labels.get(column, column): [cell(column, v) for v in frame[column]]
                           for column in frame.columns}), hide_index=True)


_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9\-._~!$&'*+,;=:@%/?#]*)?")


def _plain_web_address(value) -> bool:
    """An http(s) address with nothing in it that could end a markdown link or start markup."""
    return isinstance(value, str) and len(value) <= 2000 and _WEB_ADDRESS.fullmatch(value) is not None
