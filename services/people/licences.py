"""A creator's advertising licences (UAE Advertiser Permit, Saudi Mawthooq licence): number and expiry.

The table creator_licences is the creator's own (RLS: only they write it; their brand partners may read it).
What each licence means in law, and whether its number must be displayed, is in the market rule files
(services/offers/disclosure_rules/ae.json and sa.json)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from services.core import clock
from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError

KINDS = ("ae_advertiser_permit", "sa_mawthooq")
MARKET_OF = {"ae_advertiser_permit": "AE", "sa_mawthooq": "SA"}
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /-]{2,39}$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Licence:
    creator_id: str
    kind: str
    number: str
    expires_on: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.expires_on is None or self.expires_on >= day


def clean_number(number: str | None) -> str:
    """A licence number as typed, Arabic-Indic digits turned into 0-9, checked for shape."""
    value = (number or "").translate(_DIGITS).strip()
    if not _NUMBER.match(value):
        raise ValidationError("Enter the licence number as it appears on the licence (3 to 40 letters, digits, "
                              "spaces, \"/\" or \"-\").")
    return value


def list_licences(gw: Gateway, creator_id: str | None = None) -> list[Licence]:
    rows = gw.select("creator_licences", filters=[eq("creator_id", creator_id or gw.person.id)],
                     order=[("kind", False)])
    return [Licence(r["creator_id"], r["kind"], r["number"],
                    dt.date.fromisoformat(str(r["expires_on"])[:10]) if r.get("expires_on") else None) for r in rows]


def save_licence(gw: Gateway, kind: str, number: str, expires_on: dt.date | None, *, time_zone: str = "UTC") -> Licence:
    if kind not in KINDS:
        raise ValidationError('Unknown licence "{kind}".', kind=kind)
    value = clean_number(number)
    if expires_on is not None and expires_on < clock.today(time_zone):
        raise ValidationError("This licence expired on {isoformat}: renew it before recording it.",
                              isoformat=expires_on.isoformat())
    row = {"creator_id": gw.person.id, "kind": kind, "number": value,
           "expires_on": expires_on.isoformat() if expires_on else None, "updated_at": clock.now().isoformat()}
    gw.insert("creator_licences", [row], on_conflict=("creator_id", "kind"))
    return next(lic for lic in list_licences(gw) if lic.kind == kind)


def delete_licence(gw: Gateway, kind: str) -> None:
    gw.delete("creator_licences", [eq("creator_id", gw.person.id), eq("kind", kind)])


def warnings(markets, licences: list[Licence], today: dt.date) -> list[tuple[str, str]]:
    """(market, problem) for each of the markets that needs a licence the creator has not recorded or that has
    expired: problem is "missing" or "expired"."""
    held = {lic.kind: lic for lic in licences}
    out = []
    for kind, market in MARKET_OF.items():
        if market not in markets:
            continue
        lic = held.get(kind)
        if lic is None:
            out.append((market, "missing"))
        elif not lic.valid_on(today):
            out.append((market, "expired"))
    return out
