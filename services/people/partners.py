"""Creators and the brand partners they invite."""
from __future__ import annotations

from dataclasses import dataclass

from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError
from services.core.text import has_bidi_controls
from services.core.values import as_datetime


@dataclass(frozen=True)
class NewInvitation:
    invitation_id: str
    token: str  # shown once; only its SHA-256 is stored
    expires_at: str


def create_invitation(gw: Gateway, brand_name: str, email: str | None, valid_days: int) -> NewInvitation:
    brand_name = (brand_name or "").strip()
    if not brand_name:
        raise ValidationError("Enter the brand's name.")
    if len(brand_name) > 120:
        raise ValidationError("The brand's name must be at most 120 characters.")
    if has_bidi_controls(brand_name):
        raise ValidationError("The brand's name holds a character that reverses text direction: type it again.")
    if email and ("@" not in email or " " in email.strip()):
        raise ValidationError('"{email}" is not an email address.', email=email)
    if not 1 <= int(valid_days) <= 30:
        raise ValidationError("An invitation must be valid for 1 to 30 days.")
    rows = gw.rpc("create_invitation", {"p_brand_name": brand_name, "p_email": (email or "").strip() or None,
                                        "p_valid_days": int(valid_days)})
    row = rows[0]
    return NewInvitation(row["invitation_id"], row["token"], row["expires_at"])


@dataclass(frozen=True)
class InvitationPreview:
    """What an invitation link offers the signed-in person, before they accept or decline it."""
    state: str                      # "open", or why not: "used", "expired", "declined", "own", "creator"
    creator_name: str | None = None
    brand_name: str | None = None   # the new brand accepting makes (unless they link one of theirs)
    expires_at: object = None
    your_brands: tuple[dict, ...] = ()  # [{id, name}] the person already belongs to

    @property
    def open(self) -> bool:
        return self.state == "open"


def preview_invitation(gw: Gateway, token: str) -> InvitationPreview | None:
    """Who invites the signed-in person and to which brand, without using the invitation up; None for a link
    that is no invitation."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    row = gw.rpc("preview_invitation", {"p_token": token})
    if not row:
        return None
    return InvitationPreview(row.get("state") or "open", row.get("creator_name"), row.get("brand_name"),
                             as_datetime(row.get("expires_at")), tuple(row.get("your_brands") or ()))


def accept_invitation(gw: Gateway, token: str, display_name: str | None = None, *,
                      brand_id: str | None = None) -> str:
    """Accepts as a new brand named in the invitation, or links brand_id (one the person belongs to and chose).
    Returns the inviting creator's id."""
    token = (token or "").strip()
    if not token:
        raise ValidationError("The invitation link has no token.")
    return gw.rpc("accept_invitation", {"p_token": token, "p_display_name": display_name, "p_brand_id": brand_id})


def decline_invitation(gw: Gateway, token: str) -> None:
    """The invitation can no longer be accepted."""
    token = (token or "").strip()
    if not token:
        raise ValidationError("The invitation link has no token.")
    gw.rpc("decline_invitation", {"p_token": token})


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
