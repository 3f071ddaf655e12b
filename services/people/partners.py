"""Creators and the brand partners they invite."""
from __future__ import annotations

from dataclasses import dataclass

from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError


@dataclass(frozen=True)
class NewInvitation:
    invitation_id: str
    token: str  # shown once; only its SHA-256 is stored
    expires_at: str


def create_invitation(gw: Gateway, brand_name: str, email: str | None, valid_days: int) -> NewInvitation:
    brand_name = (brand_name or "").strip()
    if not brand_name:
        raise ValidationError("Enter the brand's name.")
    if email and ("@" not in email or " " in email.strip()):
        raise ValidationError(f'"{email}" is not an email address.')
    if not 1 <= int(valid_days) <= 30:
        raise ValidationError("An invitation must be valid for 1 to 30 days.")
    rows = gw.rpc("create_invitation", {"p_brand_name": brand_name, "p_email": (email or "").strip() or None,
                                        "p_valid_days": int(valid_days)})
    row = rows[0]
    return NewInvitation(row["invitation_id"], row["token"], row["expires_at"])


def accept_invitation(gw: Gateway, token: str, display_name: str | None = None) -> str:
    """Returns the inviting creator's id."""
    token = (token or "").strip()
    if not token:
        raise ValidationError("The invitation link has no token.")
    return gw.rpc("accept_invitation", {"p_token": token, "p_display_name": display_name})


def invitations_sent(gw: Gateway) -> list[dict]:
    return gw.select("invitations", columns=["id", "brand_name", "email", "expires_at", "accepted_at", "created_at"],
                     filters=[eq("creator_id", gw.person.id)], order=[("created_at", True)])


def partner_profiles(gw: Gateway) -> list[dict]:
    """The other side of each partnership: for a creator their partners, for a partner their creators."""
    me = gw.person.id
    links = gw.select("creator_partners", order=[("created_at", False)])
    other_ids = [l["partner_id"] if l["creator_id"] == me else l["creator_id"] for l in links]
    if not other_ids:
        return []
    people = {p["id"]: p for p in gw.select("profiles", columns=["id", "display_name", "niche", "role"],
                                            filters=[_in("id", other_ids)])}
    brands = {}
    brand_ids = [l["brand_id"] for l in links if l.get("brand_id")]
    if brand_ids:
        brands = {b["id"]: b["name"] for b in gw.select("brands", columns=["id", "name"], filters=[_in("id", brand_ids)])}
    out = []
    for link, other in zip(links, other_ids):
        if other in people:
            out.append({**people[other], "since": link["created_at"], "brand": brands.get(link.get("brand_id"))})
    return out


def _in(column, values):
    from services.core.db.gateway import Filter
    return Filter(column, "in", list(values))
