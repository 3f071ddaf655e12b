"""Brand offers: their terms, the state machine (enforced by SQL functions in the offers migration), their
history and the creator's inbox.

Python repeats the rules only to give a friendly message before the database sees the values; the
database checks them again, and decides who may do what in which state. Money is Decimal from end to end.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.core import clock, fields, money
from services.core.db.gateway import Filter, Gateway, eq, names_by_id
from services.core import platforms
from services.core.errors import PermissionDenied, ValidationError
from services.core.values import as_datetime
from services.offers import disclosures
from services.core.messages import N_

STATUSES = ("draft", "sent", "countered", "accepted", "declined", "expired", "withdrawn",
            "in_progress", "delivered", "completed", "cancelled")
OPEN = ("sent", "countered")
ACTIVE = ("accepted", "in_progress", "delivered")
CLOSED = ("completed", "declined", "expired", "withdrawn", "cancelled")

PLATFORM_FORMATS: dict[str, tuple[str, ...]] = {k: platforms.BY_KEY[k].deliverable_formats for k in platforms.DEAL_KEYS}
PLATFORMS = tuple(PLATFORM_FORMATS)
DECLINE_REASONS = ("fee_too_low", "timeline", "not_a_fit", "exclusivity", "usage_rights", "other")
USAGE_CHANNELS = ("organic_social", "paid_social", "website", "email", "print", "ooh", "tv")

# What each side may do in each state: the SQL functions decide; the pages use this to offer buttons.
CREATOR_ACTIONS = {"sent": ("accept", "decline", "counter"), "accepted": ("start", "cancel"),
                   "in_progress": ("cancel",)}
BRAND_ACTIONS = {"draft": ("send", "edit", "withdraw"), "sent": ("withdraw",),
                 "countered": ("accept", "decline", "counter", "withdraw"), "delivered": ("complete",),
                 "accepted": ("cancel",), "in_progress": ("cancel",)}


@dataclass(frozen=True)
class Item:
    platform: str
    format: str
    quantity: int
    due_date: dt.date

    def payload(self) -> dict:
        return {"platform": self.platform, "format": self.format, "quantity": int(self.quantity),
                "due_date": self.due_date.isoformat()}


@dataclass(frozen=True)
class Terms:
    campaign: str
    fee: Decimal
    currency: str
    items: tuple[Item, ...]
    expires_on: dt.date
    payment_net_days: int = 30
    deposit_percent: Decimal = Decimal("0")
    usage_rights_days: int = 0
    usage_channels: tuple[str, ...] = ()
    exclusivity_category: str | None = None
    exclusivity_days: int = 0
    paid_usage: bool = False
    notes: str | None = None

    def payload(self, time_zone: str, *, current_expiry: dt.datetime | None = None) -> dict:
        """JSON-ready terms for the SQL functions: the fee as an exact decimal string, the expiry at the end
        of the chosen day in the person's time zone (or, when that day is the current expiry's day there,
        the current expiry itself, so a counter does not move it by a time-zone difference)."""
        return {
            "campaign": self.campaign, "fee": str(self.fee), "currency": self.currency,
            "payment_net_days": int(self.payment_net_days), "deposit_percent": str(self.deposit_percent),
            "usage_rights_days": int(self.usage_rights_days), "usage_channels": list(self.usage_channels),
            "exclusivity_category": self.exclusivity_category, "exclusivity_days": int(self.exclusivity_days),
            "paid_usage": bool(self.paid_usage), "notes": self.notes,
            "expires_at": (current_expiry if current_expiry is not None
                           and current_expiry.astimezone(ZoneInfo(time_zone)).date() == self.expires_on
                           else end_of_day(self.expires_on, time_zone)).isoformat(),
            "items": [i.payload() for i in self.items],
        }


@dataclass(frozen=True)
class Offer:
    id: str
    creator_id: str
    brand_id: str | None
    brand_name: str
    origin: str
    status: str
    campaign: str
    fee: Decimal
    currency: str
    payment_net_days: int
    deposit_percent: Decimal
    usage_rights_days: int
    usage_channels: tuple[str, ...]
    exclusivity_category: str | None
    exclusivity_days: int
    paid_usage: bool
    notes: str | None
    expires_at: dt.datetime
    version: int
    status_reason: str | None
    status_note: str | None
    status_changed_at: dt.datetime
    created_at: dt.datetime
    items: tuple[Item, ...] = ()
    creator_name: str | None = None
    product_category: str | None = None

    @property
    def logged(self) -> bool:
        return self.origin == "creator_logged"

    @property
    def relationship(self) -> str:
        """For disclosure rules: a fee makes it paid; a deal without a fee is a gift."""
        return "paid" if self.fee > 0 else "gifted"

    def terms(self, time_zone: str) -> Terms:
        return Terms(self.campaign, self.fee, self.currency, self.items,
                     self.expires_at.astimezone(ZoneInfo(time_zone)).date(), self.payment_net_days,
                     self.deposit_percent, self.usage_rights_days, self.usage_channels, self.exclusivity_category,
                     self.exclusivity_days, self.paid_usage, self.notes)

    def next_due(self) -> dt.date | None:
        return min((i.due_date for i in self.items), default=None)


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Event:
    id: int
    occurred_at: dt.datetime
    actor_id: str | None
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None
    changes: tuple[Change, ...]
    deliverable_id: str | None = None
    actor_name: str | None = None


@dataclass
class Inbox:
    groups: dict[str, list[Offer]] = field(default_factory=dict)

    def count(self, group: str) -> int:
        return len(self.groups.get(group, []))

    def sort_active(self, next_due: dict[str, dt.date]) -> None:
        """Active deals by their next open deliverable's due date (from services.offers.deliverables.next_due)."""
        far = dt.date.max
        self.groups.get("active", []).sort(key=lambda o: (next_due.get(o.id, far), o.created_at))


INBOX_GROUPS = ("needs_answer", "waiting", "active", "closed")


# -- validation ---------------------------------------------------------------------------------------------

def end_of_day(day: dt.date, time_zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), ZoneInfo(time_zone))


def today_in(time_zone: str) -> dt.date:
    return clock.today(time_zone)


def parse_fee(text: str | Decimal | int) -> Decimal:
    """A fee typed by a person ("1,250.50") as an exact Decimal; never through float (services.core.money)."""
    return money.parse_decimal(text, label="The fee", empty="Enter the fee (0 for a gifted collaboration).")


def validate(terms: Terms, minor_units: dict[str, int], today: dt.date) -> Terms:
    """Friendly messages for bad terms before anything is written (the database checks them again)."""
    campaign = fields.text(terms.campaign, 120, ValidationError("Name the campaign (1 to 120 characters)."))
    fee = parse_fee(terms.fee)
    currency = fields.currency(terms.currency, minor_units, ValidationError(
        'Unknown currency "{currency}": use an ISO 4217 code such as EUR or USD.', currency=terms.currency))
    places = minor_units[currency]
    if fee != fee.quantize(money.quantum(places)):  # in the database's own words (create_offer says the same)
        raise ValidationError("A fee in {currency} has at most {places} decimal places (got {fee}).",
                              currency=currency, places=places, fee=fee)
    money.check_amount(fee, currency, places, label="The fee", allow_zero=True)
    if not terms.items:
        raise ValidationError("Add at least one deliverable (platform, format, how many, due date).")
    if len(terms.items) > 20:
        raise ValidationError("An offer can list at most 20 deliverables.")
    for n, item in enumerate(terms.items, start=1):
        if item.platform not in PLATFORM_FORMATS:
            raise ValidationError('Deliverable {n}: unknown platform "{platform}".', n=n, platform=item.platform)
        if item.format not in PLATFORM_FORMATS[item.platform]:
            raise ValidationError('Deliverable {n}: {title} has no format "{format}".',
                                  n=n, title=item.platform.title(), format=item.format)
        if not 1 <= int(item.quantity) <= 50:
            raise ValidationError("Deliverable {n}: how many must be between 1 and 50.", n=n)
        if item.due_date is None:
            raise ValidationError("Deliverable {n}: choose a due date.", n=n)
        if item.due_date < today:
            raise ValidationError("Deliverable {n}: the due date {due_date} is before today ({today}).",
                                  n=n, due_date=item.due_date, today=today)
    if terms.expires_on is None or terms.expires_on < today:
        raise ValidationError("The offer must expire in the future (the expiry {expires_on} has passed).",
                              expires_on=terms.expires_on)
    if not 0 <= int(terms.payment_net_days) <= 180:
        raise ValidationError("Payment terms must be 0 to 180 days.")
    deposit = Decimal(str(terms.deposit_percent))
    if not Decimal(0) <= deposit <= Decimal(100):
        raise ValidationError("The deposit must be 0 to 100 %.")
    bad_channels = [c for c in terms.usage_channels if c not in USAGE_CHANNELS]
    if bad_channels:
        raise ValidationError("Unknown usage channel: {items}.", items=', '.join(bad_channels))
    category = (terms.exclusivity_category or "").strip() or None
    if int(terms.exclusivity_days) > 0 and not category:
        raise ValidationError("Name the product category the exclusivity covers.")
    notes = (terms.notes or "").strip() or None
    if notes and len(notes) > 2000:
        raise ValidationError("Notes must be at most 2000 characters.")
    return replace(terms, campaign=campaign, fee=fee, currency=currency, exclusivity_category=category,
                   notes=notes, deposit_percent=deposit)


def creator_platforms(gw: Gateway, creator_id: str) -> tuple[str, ...]:
    """The platforms (that take deals) the creator has an account on, connected or imported, in display order.
    The creator and the brand partners they invited may ask (public.creator_platforms); others are refused."""
    return tuple(gw.rpc("creator_platforms", {"p_creator_id": creator_id}) or ())


def platforms_message(creator_name: str, platform: str | None, have: tuple[str, ...]) -> str:
    """Why an offer cannot ask for a deliverable on `platform`, in the database's own words."""
    if not have:
        return f"{creator_name} has not connected any account on the portal yet: offers cannot be sent to them."
    return (f"{creator_name} has no {platforms.label(platform)} account on the portal: offer deliverables only on "
            f"{', '.join(platforms.label(k) for k in have)}.")


def check_platforms(terms: Terms, creator_name: str, have: tuple[str, ...]) -> None:
    """Every deliverable on a platform the creator has an account on (the database refuses others again)."""
    if not have:
        raise ValidationError(platforms_message(creator_name, None, have))
    for item in terms.items:
        if item.platform not in have:
            raise ValidationError(platforms_message(creator_name, item.platform, have))


def _check_creator_platforms(gw: Gateway, terms: Terms, creator_id: str, creator_name: str | None = None) -> None:
    try:
        have = creator_platforms(gw, creator_id)
    except PermissionDenied:
        return  # not this person's creator: the SQL function refuses the offer itself, saying why
    name = creator_name or _names(gw, {creator_id}).get(creator_id) or "This creator"
    check_platforms(terms, name, have)


def minor_units(gw: Gateway) -> dict[str, int]:
    return {r["code"]: int(r["minor_units"]) for r in gw.select("currencies", columns=["code", "minor_units"])}


# -- reading ----------------------------------------------------------------------------------------------

def list_offers(gw: Gateway, *, statuses: tuple[str, ...] | None = None, creator_id: str | None = None) -> list[Offer]:
    """Every offer the person may see (RLS decides), newest first, with their items."""
    filters: list[Filter] = []
    if statuses:
        filters.append(Filter("status", "in", list(statuses)))
    if creator_id:
        filters.append(eq("creator_id", creator_id))
    rows = gw.select("offers", filters=filters, order=[("created_at", True)])
    if not rows:
        return []
    items: dict[str, list[Item]] = {}
    for r in gw.select("offer_items", filters=[Filter("offer_id", "in", [o["id"] for o in rows])],
                       order=[("offer_id", False), ("position", False)]):
        items.setdefault(r["offer_id"], []).append(_item(r))
    names = _names(gw, {r["creator_id"] for r in rows})
    return [_offer(r, items.get(r["id"], []), names.get(r["creator_id"])) for r in rows]


def get(gw: Gateway, offer_id: str) -> Offer:
    rows = gw.select("offers", filters=[eq("id", offer_id)])
    if not rows:
        from services.core.errors import NotFound
        raise NotFound("This offer does not exist or is not shared with you.")
    items = [_item(r) for r in gw.select("offer_items", filters=[eq("offer_id", offer_id)],
                                         order=[("position", False)])]
    names = _names(gw, {rows[0]["creator_id"]})
    return _offer(rows[0], items, names.get(rows[0]["creator_id"]))


def history(gw: Gateway, offer_id: str) -> list[Event]:
    rows = gw.select("offer_events", filters=[eq("offer_id", offer_id)], order=[("id", False)])
    names = _names(gw, {r["actor_id"] for r in rows if r["actor_id"]})
    return [Event(int(r["id"]), as_datetime(r["occurred_at"]), r["actor_id"], r["action"], r["from_status"], r["to_status"],
                  r["note"], tuple(Change(k, v.get("from"), v.get("to")) for k, v in sorted((r["changes"] or {}).items())
                                   if isinstance(v, dict)),
                  r.get("deliverable_id"), names.get(r["actor_id"]))
            for r in rows]


def inbox(gw: Gateway) -> Inbox:
    """The creator's offers in tabs, most urgent first: offers waiting for an answer by expiry, active deals
    by their first item's due date (Inbox.sort_active refines it with the open deliverables), closed ones
    newest first. It only reads: offers whose expiry has passed are marked expired by the scheduled work
    (expire_overdue, `python -m services.admin tick`), never while a page draws."""
    groups: dict[str, list[Offer]] = {g: [] for g in INBOX_GROUPS}
    for offer in list_offers(gw, creator_id=gw.person.id):
        if offer.status == "sent":
            groups["needs_answer"].append(offer)
        elif offer.status == "countered":
            groups["waiting"].append(offer)
        elif offer.status in ACTIVE:
            groups["active"].append(offer)
        else:
            groups["closed"].append(offer)
    far = dt.date.max
    groups["needs_answer"].sort(key=lambda o: o.expires_at)
    groups["waiting"].sort(key=lambda o: o.expires_at)
    groups["active"].sort(key=lambda o: (o.next_due() or far, o.created_at))
    groups["closed"].sort(key=lambda o: o.status_changed_at, reverse=True)
    return Inbox(groups)


def side(offer: Offer, person_id: str | None) -> str:
    """creator, brand or both (a deal the creator logged, where they record the brand's answers too)."""
    if offer.creator_id == person_id:
        return "both" if offer.logged else "creator"
    return "brand"


def actions(offer: Offer, person_id: str | None) -> tuple[str, ...]:
    who = side(offer, person_id)
    if who == "creator":
        return CREATOR_ACTIONS.get(offer.status, ())
    if who == "brand":
        return BRAND_ACTIONS.get(offer.status, ())
    both = dict(CREATOR_ACTIONS)
    both["countered"] = ("accept", "decline", "counter")
    both["delivered"] = ("complete",)
    return both.get(offer.status, ())


def describe(change: Change) -> tuple[str, str, str]:
    """(field, before, after) as short text for a counter's "what changed" list."""
    def text(value):
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, list):
            if value and isinstance(value[0], dict):
                return "; ".join(f"{i.get('quantity')}× {i.get('platform')} {i.get('format')} by {i.get('due_date')}"
                                 for i in value)
            return ", ".join(str(v) for v in value)
        if isinstance(value, bool):
            return N_("yes") if value else N_("no")
        return str(value)
    return change.field, text(change.before), text(change.after)


# -- changing (one SQL function each) -----------------------------------------------------------------------

def create(gw: Gateway, creator_id: str, terms: Terms, *, time_zone: str, send: bool = False,
           category: str | None = None) -> Offer:
    clean = validate(terms, minor_units(gw), today_in(time_zone))
    category = checked_category(category)
    _check_creator_platforms(gw, clean, creator_id)
    row = gw.rpc("create_offer", {"p_creator_id": creator_id, "p_terms": clean.payload(time_zone),
                                  "p_send": send and category is None})
    if category is not None:
        # named while still a draft, so the creator never sees the offer without it
        set_category(gw, row["id"], category)
        if send:
            return _transition(gw, "send_offer", row["id"])
    return get(gw, row["id"])


def log(gw: Gateway, brand_name: str, terms: Terms, *, time_zone: str, category: str | None = None) -> Offer:
    name = (brand_name or "").strip()
    if not 1 <= len(name) <= 120:
        raise ValidationError("Name the brand (1 to 120 characters).")
    clean = validate(terms, minor_units(gw), today_in(time_zone))
    category = checked_category(category)
    _check_creator_platforms(gw, clean, gw.person.id)
    row = gw.rpc("log_offer", {"p_brand_name": name, "p_terms": clean.payload(time_zone)})
    if category is not None:
        set_category(gw, row["id"], category)
    return get(gw, row["id"])


def update_draft(gw: Gateway, offer_id: str, terms: Terms, *, time_zone: str) -> Offer:
    clean = validate(terms, minor_units(gw), today_in(time_zone))
    current = get(gw, offer_id)
    _check_creator_platforms(gw, clean, current.creator_id, current.creator_name)
    gw.rpc("update_offer_draft", {"p_offer_id": offer_id,
                                  "p_terms": clean.payload(time_zone, current_expiry=current.expires_at)})
    return get(gw, offer_id)


def counter(gw: Gateway, offer_id: str, terms: Terms, *, time_zone: str, note: str | None = None) -> Offer:
    clean = validate(terms, minor_units(gw), today_in(time_zone))
    current = get(gw, offer_id)
    _check_creator_platforms(gw, clean, current.creator_id, current.creator_name)
    gw.rpc("counter_offer", {"p_offer_id": offer_id,
                             "p_terms": clean.payload(time_zone, current_expiry=current.expires_at),
                             "p_note": (note or "").strip() or None})
    return get(gw, offer_id)


def send(gw: Gateway, offer_id: str) -> Offer:
    return _transition(gw, "send_offer", offer_id)


def accept(gw: Gateway, offer_id: str, note: str | None = None) -> Offer:
    """Accepts; an offer in a product category one of the creator's markets bans is refused here with the
    reason first (the database refuses it again, whoever asks)."""
    offer = get(gw, offer_id)
    markets = creator_markets(gw, offer.creator_id)
    banned = disclosures.banned_in(offer.product_category, markets)
    if banned:
        raise ValidationError(banned_message(offer.product_category, banned))
    return _transition(gw, "accept_offer", offer_id, p_note=(note or "").strip() or None)


# -- product category and licences ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AcceptanceCheck:
    """What a creator should know before accepting: refusals (a banned category) and warnings (restricted
    categories' conditions, a missing or expired licence for a market)."""
    banned: tuple[disclosures.CategoryRule, ...]
    restricted: tuple[disclosures.CategoryRule, ...]
    licences: tuple[tuple[str, str], ...]   # (market, "missing" | "expired")

    @property
    def refused(self) -> bool:
        return bool(self.banned)


def checked_category(category: str | None) -> str | None:
    value = (category or "").strip().lower() or None
    if value is not None and value not in disclosures.CATEGORIES:
        raise ValidationError('Unknown product category "{category}".', category=category)
    return value


def set_category(gw: Gateway, offer_id: str, category: str | None) -> Offer:
    return _transition(gw, "set_offer_category", offer_id, p_category=checked_category(category))


def creator_markets(gw: Gateway, creator_id: str) -> list[str]:
    rows = gw.select("profiles", columns=["disclosure_markets"], filters=[eq("id", creator_id)])
    return list(rows[0]["disclosure_markets"] or []) if rows else []


def banned_message(category: str | None, banned) -> str:
    names = ", ".join(f"{c.market} ({c.source.publisher})" for c in banned)
    return (f"Influencers may not promote {disclosures.category_name(category or '')} in {names}: this offer "
            "cannot be accepted while those markets are among your disclosure markets.")


def acceptance_check(offer: Offer, markets, held_licences, today: dt.date) -> AcceptanceCheck:
    from services.people import licences as licence_service
    entries = disclosures.category_rules(offer.product_category, markets)
    active = offer.relationship != "none"
    return AcceptanceCheck(tuple(c for c in entries if c.status == "banned"),
                           tuple(c for c in entries if c.status == "restricted"),
                           tuple(licence_service.warnings(markets, list(held_licences), today)) if active else ())


def decline(gw: Gateway, offer_id: str, reason: str, note: str | None = None) -> Offer:
    if reason not in DECLINE_REASONS:
        raise ValidationError("Choose a reason for declining.")
    note = (note or "").strip() or None
    if reason == "other" and not note:
        raise ValidationError("Say in a few words why you decline.")
    return _transition(gw, "decline_offer", offer_id, p_reason=reason, p_note=note)


def withdraw(gw: Gateway, offer_id: str, note: str | None = None) -> Offer:
    return _transition(gw, "withdraw_offer", offer_id, p_note=(note or "").strip() or None)


def start(gw: Gateway, offer_id: str) -> Offer:
    return _transition(gw, "start_offer", offer_id)


def complete(gw: Gateway, offer_id: str, note: str | None = None) -> Offer:
    return _transition(gw, "complete_offer", offer_id, p_note=(note or "").strip() or None)


def cancel(gw: Gateway, offer_id: str, reason: str) -> Offer:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError("Say why the deal is cancelled.")
    return _transition(gw, "cancel_offer", offer_id, p_reason=reason)


def expire_due(gw: Gateway) -> int:
    """Marks the person's open offers whose expiry has passed as expired; returns how many."""
    return int(gw.rpc("expire_offers") or 0)


# -- scheduled work ---------------------------------------------------------------------------------------

EXPIRY_JOB = "offers.expire"


def expire_overdue(conn) -> int:
    """Scheduled work, for every creator: open offers (sent or countered) whose expiry has passed become
    expired, each with an automatic 'expired' event. Takes a privileged psycopg connection (the operator's, or a
    job runner's); runs in the caller's transaction. Idempotent: a second run finds nothing and returns 0."""
    return int(conn.execute("select app.expire_due_offers()").fetchone()[0])


def scheduled_work_as_of(gw: Gateway, jobs: tuple[str, ...] = (EXPIRY_JOB,)) -> dt.datetime | None:
    """When all of `jobs` last ran (the oldest of their last runs); None when one never ran."""
    rows = gw.select("scheduled_work", columns=["job", "last_run_at"], filters=[Filter("job", "in", list(jobs))])
    found = {r["job"]: as_datetime(r["last_run_at"]) for r in rows}
    if any(job not in found for job in jobs):
        return None
    return min(found.values())


def _transition(gw: Gateway, function: str, offer_id: str, **params) -> Offer:
    gw.rpc(function, {"p_offer_id": offer_id, **params})
    return get(gw, offer_id)


# -- rows → objects ---------------------------------------------------------------------------------------

def _item(r: dict) -> Item:
    return Item(r["platform"], r["format"], int(r["quantity"]), dt.date.fromisoformat(str(r["due_date"])[:10]))


def _offer(r: dict, items: list[Item], creator_name: str | None) -> Offer:
    return Offer(
        r["id"], r["creator_id"], r.get("brand_id"), r["brand_name"], r["origin"], r["status"], r["campaign"],
        Decimal(str(r["fee"])), r["currency"].strip(), int(r["payment_net_days"]), Decimal(str(r["deposit_percent"])),
        int(r["usage_rights_days"]), tuple(r.get("usage_channels") or ()), r.get("exclusivity_category"),
        int(r["exclusivity_days"]), bool(r["paid_usage"]), r.get("notes"), as_datetime(r["expires_at"]), int(r["version"]),
        r.get("status_reason"), r.get("status_note"), as_datetime(r["status_changed_at"]), as_datetime(r["created_at"]),
        tuple(items), creator_name, r.get("product_category"))


def _names(gw: Gateway, ids: set[str]) -> dict[str, str]:
    return names_by_id(gw, "profiles", "display_name", ids)
