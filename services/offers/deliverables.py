"""Deliverables of accepted offers (pending → draft submitted → approved → posted → verified), their
disclosure checklist and the automatic caption check of what was posted.

A deliverable is verified when a synced or imported post matches its permalink or platform id (done in SQL,
by mark_deliverable_posted and by the scheduled verify_posted); the post's caption is then checked against every
market the creator reaches."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Iterable
from urllib.parse import urlparse

from services.offers import disclosures
from services.core import platforms
from services.core.db.gateway import Filter, Gateway, eq
from services.core.errors import ValidationError
from services.offers.offers import Offer

STATUSES = ("pending", "draft_submitted", "approved", "posted", "verified")
DONE = ("posted", "verified")
PERMALINK_HOSTS = {k: platforms.BY_KEY[k].link_hosts for k in platforms.DEAL_KEYS}


@dataclass(frozen=True)
class Deliverable:
    id: str
    offer_id: str
    item_position: int
    seq: int
    platform: str
    format: str
    due_date: dt.date
    status: str
    draft_url: str | None
    draft_note: str | None
    review_note: str | None
    permalink: str | None
    post_id: str | None
    caption: str | None
    posted_at: str | None
    verified_at: str | None

    @property
    def done(self) -> bool:
        return self.status in DONE


CARRIERS = ("link", "code")  # what a deliverable can carry that earns the creator a commission


@dataclass(frozen=True)
class ChecklistItem:
    rule: disclosures.Rule
    ticked: bool
    ticked_by: str | None
    ticked_at: str | None
    carried_by: tuple[str, ...] = ()  # ("link", "code"): on the checklist only because the deliverable carries them


def for_offers(gw: Gateway, offer_ids: list[str]) -> dict[str, list[Deliverable]]:
    if not offer_ids:
        return {}
    out: dict[str, list[Deliverable]] = {}
    for r in gw.select("deliverables", filters=[Filter("offer_id", "in", list(offer_ids))],
                       order=[("offer_id", False), ("item_position", False), ("seq", False)]):
        out.setdefault(r["offer_id"], []).append(_deliverable(r))
    return out


def next_due(by_offer: dict[str, list[Deliverable]]) -> dict[str, dt.date]:
    """The earliest due date of each offer's open deliverables (for sorting the inbox by urgency)."""
    out = {}
    for offer_id, items in by_offer.items():
        open_dates = [d.due_date for d in items if not d.done]
        if open_dates:
            out[offer_id] = min(open_dates)
    return out


def submit_draft(gw: Gateway, deliverable_id: str, draft_url: str | None, note: str | None) -> Deliverable:
    url = (draft_url or "").strip() or None
    note = (note or "").strip() or None
    if not url and not note:
        raise ValidationError("Add a link to the draft or a note.")
    if url and not url.startswith("https://"):
        raise ValidationError('The draft link must start with https:// (got "{url}").', url=url)
    return _deliverable(gw.rpc("submit_deliverable_draft", {"p_deliverable_id": deliverable_id,
                                                            "p_draft_url": url, "p_note": note}))


def review(gw: Gateway, deliverable_id: str, approve: bool, note: str | None = None) -> Deliverable:
    note = (note or "").strip() or None
    if not approve and not note:
        raise ValidationError("Say what should change.")
    return _deliverable(gw.rpc("review_deliverable", {"p_deliverable_id": deliverable_id, "p_approve": bool(approve),
                                                      "p_note": note}))


def check_permalink(platform: str, permalink: str) -> str:
    link = (permalink or "").strip()
    if not link.startswith("https://") or " " in link:
        raise ValidationError('Paste the post\'s permalink, starting with https:// (got "{permalink}").',
                              permalink=permalink)
    host = (urlparse(link).hostname or "").lower()
    if host not in PERMALINK_HOSTS.get(platform, ()):
        raise ValidationError("This deliverable is on {title}, but the link points to {value}.",
                              title=platform.title(), value=host or 'nothing')
    return link


def mark_posted(gw: Gateway, deliverable: Deliverable, permalink: str) -> Deliverable:
    link = check_permalink(deliverable.platform, permalink)
    return _deliverable(gw.rpc("mark_deliverable_posted", {"p_deliverable_id": deliverable.id,
                                                           "p_permalink": link}))


VERIFY_JOB = "deliverables.verify"


def verify_posted(conn) -> int:
    """Scheduled work, for every creator: posted deliverables whose post has since been synced or imported become
    verified (post matched by permalink or platform id, caption kept). Takes a privileged psycopg connection;
    runs in the caller's transaction. Idempotent: a second run finds nothing new and returns 0."""
    return int(conn.execute("select app.verify_posted_deliverables()").fetchone()[0])


# -- disclosure ------------------------------------------------------------------------------------------------

def creator_markets(gw: Gateway, creator_id: str) -> list[str]:
    """The disclosure markets the creator chose in Settings (a brand partner may read their partners' profiles)."""
    rows = gw.select("profiles", columns=["disclosure_markets"], filters=[eq("id", creator_id)])
    return list(rows[0]["disclosure_markets"] or []) if rows else []


@dataclass(frozen=True)
class DeliverableChecklist:
    """One deliverable with its disclosure checklist and how much of it is ticked."""
    deliverable: Deliverable
    items: tuple[ChecklistItem, ...]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.ticked)

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class DealProgress:
    """A deal's deliverables, each with its checklist, and the counts its header shows: how many deliverables are
    posted (or verified) and how many checklist items are ticked, over all deliverables."""
    groups: tuple[DeliverableChecklist, ...]

    @property
    def posted(self) -> int:
        return sum(1 for g in self.groups if g.deliverable.done)

    @property
    def total(self) -> int:
        return len(self.groups)

    @property
    def checks_done(self) -> int:
        return sum(g.done for g in self.groups)

    @property
    def checks_total(self) -> int:
        return sum(g.total for g in self.groups)


def deal_progress(gw: Gateway, offer: Offer, markets, items: list[Deliverable] | None = None,
                  carried: Iterable[tuple[str | None, str]] = ()) -> DealProgress:
    """The offer's deliverables (`items` when the page already read them) with their checklists: the ticks of all of
    them are read at once, so a deal with many deliverables costs no more reads than one with one. Only ticks of
    rules on a deliverable's checklist count (a market dropped in Settings leaves its old ticks uncounted).

    `carried`: the deal's tracked links and promo codes as (deliverable id, or None for the whole deal; "link" or
    "code"), as the page already read them (services.links.links.DealLinks.carried). A deliverable that carries one
    (or any deliverable, for a whole-deal one) also gets what its markets ask of an affiliate relationship."""
    kinds: dict[str | None, set[str]] = {}
    for deliverable_id, kind in carried:
        kinds.setdefault(deliverable_id, set()).add(kind)
    if items is None:
        items = for_offers(gw, [offer.id]).get(offer.id, [])
    ticks: dict[str, dict[str, dict]] = {}
    if items:
        for r in gw.select("checklist_ticks", filters=[Filter("deliverable_id", "in", [d.id for d in items])]):
            ticks.setdefault(r["deliverable_id"], {})[r["rule_id"]] = r
    return DealProgress(tuple(
        DeliverableChecklist(d, tuple(_checklist_items(d, offer, markets, ticks.get(d.id, {}),
                                                       kinds.get(d.id, set()) | kinds.get(None, set()))))
        for d in items))


def _checklist_items(deliverable: Deliverable, offer: Offer, markets, ticks: dict[str, dict],
                     carries: set[str] = frozenset()) -> list[ChecklistItem]:
    rules = disclosures.checklist(markets, platform=deliverable.platform, format_=deliverable.format,
                                  relationship=offer.relationship, category=offer.product_category)
    why = tuple(k for k in CARRIERS if k in carries)
    extra = disclosures.commission_rules(markets, platform=deliverable.platform, format_=deliverable.format,
                                         relationship=offer.relationship, category=offer.product_category) \
        if why else []

    def item(rule, carried_by=()):
        tick = ticks.get(rule.id) or {}
        return ChecklistItem(rule, rule.id in ticks, tick.get("ticked_by"), tick.get("ticked_at"), carried_by)
    return [item(rule) for rule in rules] + [item(rule, why) for rule in extra]


def set_tick(gw: Gateway, deliverable_id: str, rule_id: str, ticked: bool) -> bool:
    return bool(gw.rpc("set_checklist_tick", {"p_deliverable_id": deliverable_id, "p_rule_id": rule_id,
                                              "p_ticked": bool(ticked)}))


def caption_checks(deliverable: Deliverable, offer: Offer, markets) -> list[disclosures.CaptionCheck]:
    """The posted caption checked against each of the creator's markets (empty until a post is matched)."""
    if deliverable.caption is None:
        return []
    return [disclosures.check_caption(deliverable.caption, platform=deliverable.platform, jurisdiction=m,
                                      relationship=offer.relationship)
            for m in markets if m in disclosures.JURISDICTIONS]


def _deliverable(r: dict) -> Deliverable:
    return Deliverable(r["id"], r["offer_id"], int(r["item_position"]), int(r["seq"]), r["platform"], r["format"],
                       dt.date.fromisoformat(str(r["due_date"])[:10]), r["status"], r.get("draft_url"),
                       r.get("draft_note"), r.get("review_note"), r.get("permalink"), r.get("post_id"),
                       r.get("caption"), r.get("posted_at"), r.get("verified_at"))
