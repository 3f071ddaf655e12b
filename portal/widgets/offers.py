"""Widgets shared by the creator's inbox and the brand partner's offers page: the terms form, the terms
summary, the history with what each counter changed, deliverables and the disclosure checklist.

Streamlit glue only: values in, services called by the pages."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

import streamlit as st

from services.core import formatting as fmt
from portal.i18n import N_, action_sentence, mid_sentence, pt, t, tm, tn
from portal import links
from portal.layout import cards, escape_md, rule_text, run_change, user_text
from services.core import platforms
from services.offers import deliverables
from services.offers import disclosures
from services.offers import offers
from services.offers.offers import Item, Offer, Terms


def status_label(status: str) -> str:
    return {
        "draft": t("Draft"), "sent": t("Sent"), "countered": t("Countered"), "accepted": t("Accepted"),
        "declined": t("Declined"), "expired": t("Expired"), "withdrawn": t("Withdrawn"),
        "in_progress": t("In progress"), "delivered": t("Delivered"), "completed": t("Completed"),
        "cancelled": t("Cancelled"),
    }.get(status, status)


def status_badge(status: str) -> str:
    colour = {"sent": "blue", "countered": "orange", "accepted": "green", "in_progress": "green",
              "delivered": "green", "completed": "gray", "declined": "red", "expired": "gray",
              "withdrawn": "gray", "cancelled": "red", "draft": "violet"}.get(status, "gray")
    return f":{colour}-badge[{status_label(status)}]"


def deliverable_status_label(status: str) -> str:
    return {"pending": t("Not started"), "draft_submitted": t("Draft submitted"), "approved": t("Draft approved"),
            "posted": t("Posted"), "verified": t("Verified")}.get(status, status)


def platform_label(platform: str) -> str:
    return platforms.label(platform)


def format_label(fmt_code: str) -> str:
    return {"reel": t("Reel"), "image": t("Image post"), "carousel": t("Carousel"), "story": t("Story"),
            "video": t("Video"), "short": t("Short"), "stream": t("Live stream"), "text": t("Text post")}.get(
        fmt_code, fmt_code)


def reason_label(reason: str) -> str:
    return {"fee_too_low": t("The fee is too low"), "timeline": t("The timeline does not work"),
            "not_a_fit": t("Not a fit for my audience"), "exclusivity": t("The exclusivity is too broad"),
            "usage_rights": t("The usage rights are too broad"), "other": t("Another reason"),
            "cancelled": pt("reason", "Cancelled")}.get(reason, reason)


def channel_label(channel: str) -> str:
    return {"organic_social": t("Brand's own social accounts"), "paid_social": t("Paid social ads"),
            "website": t("Website"), "email": t("Email"), "print": t("Print"), "ooh": t("Out of home"),
            "tv": t("TV")}.get(channel, channel)


# Each step of a deal as a whole sentence in three persons (the reader, someone named, nobody: the portal did it),
# so a language can agree its verb with the subject ("Du hast …" / "Maya hat …").
OFFER_ACTIONS = {
    "created": (N_("You created the offer"), N_("{who} created the offer"), N_("The offer was created")),
    "sent": (N_("You sent the offer"), N_("{who} sent the offer"), N_("The offer was sent")),
    "logged": (N_("You logged the deal"), N_("{who} logged the deal"), N_("The deal was logged")),
    "edited": (N_("You edited the draft"), N_("{who} edited the draft"), N_("The draft was edited")),
    "countered": (N_("You made a counter-offer"), N_("{who} made a counter-offer"), N_("A counter-offer was made")),
    "accepted": (N_("You accepted"), N_("{who} accepted"), N_("The offer was accepted")),
    "declined": (N_("You declined"), N_("{who} declined"), N_("The offer was declined")),
    "withdrawn": (N_("You withdrew the offer"), N_("{who} withdrew the offer"), N_("The offer was withdrawn")),
    "expired": (N_("The offer expired"), N_("The offer expired"), N_("The offer expired")),
    "started": (N_("You started the work"), N_("{who} started the work"), N_("The work started")),
    "delivered": (N_("Everything was delivered"), N_("Everything was delivered"), N_("Everything was delivered")),
    "completed": (N_("You confirmed completion"), N_("{who} confirmed completion"), N_("Completion was confirmed")),
    "cancelled": (N_("You cancelled the deal"), N_("{who} cancelled the deal"), N_("The deal was cancelled")),
    "draft_submitted": (N_("You submitted a draft"), N_("{who} submitted a draft"), N_("A draft was submitted")),
    "draft_approved": (N_("You approved the draft"), N_("{who} approved the draft"), N_("The draft was approved")),
    "changes_requested": (N_("You asked for changes"), N_("{who} asked for changes"), N_("Changes were requested")),
    "deliverable_posted": (N_("You posted a deliverable"), N_("{who} posted a deliverable"),
                           N_("A deliverable was posted")),
    "deliverable_verified": (N_("The post was matched and verified"), N_("The post was matched and verified"),
                             N_("The post was matched and verified")),
}


def field_label(name: str) -> str:
    return {"campaign": t("Campaign"), "fee": t("Fee"), "currency": t("Currency"),
            "payment_net_days": t("Payment terms (net days)"), "deposit_percent": t("Deposit (%)"),
            "usage_rights_days": t("Usage rights (days)"), "usage_channels": t("Usage channels"),
            "exclusivity_category": t("Exclusivity category"), "exclusivity_days": t("Exclusivity (days)"),
            "paid_usage": t("Paid usage / whitelisting"), "notes": t("Notes"), "expires_at": t("Expires"),
            "items": t("Deliverables")}.get(name, name)


def items_text(items) -> str:
    return "; ".join(t("{count}× {platform} {format}, due {date}", count=i.quantity,
                       platform=platform_label(i.platform), format=mid_sentence(format_label(i.format)),
                       date=i.due_date.isoformat()) for i in items)


# -- terms ------------------------------------------------------------------------------------------------

KINDS = [f"{p}/{f}" for p, formats in offers.PLATFORM_FORMATS.items() for f in formats]


def kinds_on(platform_keys) -> list[str]:
    """The platform/format choices on the given platforms only (the creator's), in the usual order."""
    keys = set(platform_keys)
    return [k for k in KINDS if k.split("/")[0] in keys]


@dataclass
class RawTerms:
    """What the terms form returned, before it is parsed (the fee stays text: never a float)."""
    campaign: str
    fee: str
    currency: str
    items: list[tuple[str, int, dt.date | None]]
    expires_on: dt.date | None
    payment_net_days: int
    deposit_percent: int
    usage_rights_days: int
    usage_channels: list[str]
    exclusivity_category: str
    exclusivity_days: int
    paid_usage: bool
    notes: str

    def terms(self) -> Terms:
        """Raises ValidationError (a DomainError) for a fee that is not a number."""
        items = tuple(Item(kind.split("/")[0], kind.split("/")[1], int(qty), due) for kind, qty, due in self.items)
        return Terms(self.campaign, offers.parse_fee(self.fee), self.currency, items, self.expires_on,
                     int(self.payment_net_days), Decimal(int(self.deposit_percent)), int(self.usage_rights_days),
                     tuple(self.usage_channels), self.exclusivity_category or None, int(self.exclusivity_days),
                     bool(self.paid_usage), self.notes or None)


def item_lines(prefix: str, default: int = 1) -> int:
    """How many deliverable lines the form shows (outside the form, so changing it redraws the form)."""
    return int(st.number_input(t("Deliverable lines"), min_value=1, max_value=5, value=default, step=1,
                               key=f"{prefix}_lines"))


def terms_fields(prefix: str, *, currencies: list[str], default_currency: str, lines: int, time_zone: str,
                 current: Terms | None = None, kinds: list[str] | None = None) -> RawTerms:
    """The terms inputs; call inside an st.form. Widget keys start with prefix. `kinds` limits each deliverable's
    platform and format to those choices (the creator's platforms, kinds_on); a current item on a platform not
    among them is kept as a choice, so the form shows the terms as they are and the services say why not."""
    today = offers.today_in(time_zone)
    c = current
    campaign = st.text_input(t("Campaign"), value=c.campaign if c else "", max_chars=120, key=f"{prefix}_campaign")
    left, right = st.columns(2)
    fee = left.text_input(t("Fee"), value=str(c.fee) if c else "", key=f"{prefix}_fee",
                          help=t("An exact amount, e.g. 1250.00. Use 0 for a gifted collaboration."))
    currency_default = c.currency if c else default_currency
    currency = right.selectbox(t("Currency"), currencies, key=f"{prefix}_currency",
                               index=currencies.index(currency_default) if currency_default in currencies else 0)
    st.markdown(f"**{t('Deliverables')}**")
    items = []
    for n in range(lines):
        existing = c.items[n] if c and n < len(c.items) else None
        a, b, d = st.columns([2, 1, 1])
        choices = list(KINDS if kinds is None else kinds) or list(KINDS)
        kind_default = f"{existing.platform}/{existing.format}" if existing else choices[0]
        if kind_default not in choices and kind_default in KINDS:
            choices.append(kind_default)
        kind = a.selectbox(t("Platform and format"), choices, index=choices.index(kind_default),
                           format_func=lambda k: f"{platform_label(k.split('/')[0])} · {format_label(k.split('/')[1])}",
                           key=f"{prefix}_kind_{n}")
        qty = b.number_input(t("How many"), min_value=1, max_value=50, value=existing.quantity if existing else 1,
                             step=1, key=f"{prefix}_qty_{n}")
        due = d.date_input(t("Due date"), value=existing.due_date if existing else today + dt.timedelta(days=14),
                           key=f"{prefix}_due_{n}")
        items.append((kind, int(qty), due))
    left, middle, right = st.columns(3)
    net = left.number_input(t("Payment terms (net days)"), min_value=0, max_value=180,
                            value=c.payment_net_days if c else 30, step=5, key=f"{prefix}_net")
    deposit = middle.number_input(t("Deposit (%)"), min_value=0, max_value=100,
                                  value=int(c.deposit_percent) if c else 0, step=5, key=f"{prefix}_deposit")
    expires = right.date_input(t("Offer expires on"), value=c.expires_on if c else today + dt.timedelta(days=7),
                               key=f"{prefix}_expires")
    left, right = st.columns(2)
    usage_days = left.number_input(t("Usage rights (days)"), min_value=0, max_value=3650,
                                   value=c.usage_rights_days if c else 0, step=30, key=f"{prefix}_usage_days")
    channels = right.multiselect(t("Usage channels"), list(offers.USAGE_CHANNELS), format_func=channel_label,
                                 default=list(c.usage_channels) if c else [], key=f"{prefix}_channels")
    left, right = st.columns(2)
    category = left.text_input(t("Exclusivity category"), value=(c.exclusivity_category or "") if c else "",
                               max_chars=80, key=f"{prefix}_excl_category",
                               help=t("e.g. outdoor clothing; leave empty for no exclusivity"))
    excl_days = right.number_input(t("Exclusivity (days)"), min_value=0, max_value=730,
                                   value=c.exclusivity_days if c else 0, step=30, key=f"{prefix}_excl_days")
    paid = st.checkbox(t("Paid usage / whitelisting (the brand may run this content as ads)"),
                       value=c.paid_usage if c else False, key=f"{prefix}_paid")
    notes = st.text_area(t("Notes"), value=(c.notes or "") if c else "", max_chars=2000, key=f"{prefix}_notes")
    return RawTerms(campaign, fee, currency, items, expires, int(net), int(deposit), int(usage_days), channels,
                    category, int(excl_days), paid, notes)


def terms_summary(offer: Offer, ctx, *, progress: deliverables.DealProgress | None = None) -> None:
    """The offer's heading, its progress (once it has deliverables) right under it, then the terms."""
    locale = ctx.locale
    st.markdown(f"### {escape_md(offer.brand_name)} — {escape_md(offer.campaign)}  {status_badge(offer.status)}")
    if progress is not None and progress.groups:
        progress_header(progress, ctx)
    fee = fmt.money(offer.fee, offer.currency, locale)
    a, b, c = st.columns(3)
    a.metric(t("Fee"), fee)
    b.metric(t("Payment terms"), tn("net {days} day", "net {days} days", offer.payment_net_days, days=offer.payment_net_days),
             delta=t("{percent}% deposit", percent=offer.deposit_percent.normalize()) if offer.deposit_percent else None,
             delta_color="off")
    moment, label = (offer.expires_at, t("Expires")) if offer.status in offers.OPEN or offer.status == "draft" \
        else (offer.status_changed_at, t("Status since"))
    c.metric(label, fmt.day(moment.astimezone(ZoneInfo(ctx.time_zone)).date(), locale),
             help=fmt.local_datetime(moment, ctx.time_zone, locale))
    lines = [f"- **{t('Deliverables')}**: {escape_md(items_text(offer.items))}"]
    usage = t("none") if not offer.usage_rights_days else tn("{days} day on {channels}", "{days} days on {channels}",
                                                            offer.usage_rights_days, days=offer.usage_rights_days,
                                                            channels=", ".join(channel_label(c) for c in offer.usage_channels) or "—")
    lines.append(f"- **{t('Usage rights')}**: {usage}")
    excl = t("none") if not offer.exclusivity_days else tn("{category} for {days} day", "{category} for {days} days",
                                                          offer.exclusivity_days,
                                                          category=escape_md(offer.exclusivity_category or ""),
                                                          days=offer.exclusivity_days)
    lines.append(f"- **{t('Exclusivity')}**: {excl}")
    lines.append(f"- **{t('Paid usage / whitelisting')}**: {t('yes') if offer.paid_usage else t('no')}")
    if offer.product_category:
        lines.append(f"- **{t('Product category')}**: {category_label(offer.product_category)}")
    if offer.notes:
        lines.append(f"- **{t('Notes')}**: {escape_md(offer.notes)}")
    if offer.logged:
        lines.append("- " + t("Logged by you from an email or DM: you record the brand's answers too."))
    if offer.status_reason or offer.status_note:
        reason = reason_label(offer.status_reason) if offer.status_reason else ""
        note = escape_md(offer.status_note or "")
        lines.append(f"- **{t('Reason')}**: {reason}{' — ' if reason and note else ''}{note}")
    st.markdown("\n".join(lines))


def history(events: list[offers.Event], ctx, *, me: str | None, currency: str) -> None:
    """Each step with who, when, the state before and after, the note, and what a counter changed."""
    if not events:
        st.caption(t("No history yet."))
        return
    for e in events:
        mine = bool(e.actor_id and e.actor_id == me)
        what = action_sentence(OFFER_ACTIONS, e.action, mine=mine, who=escape_md(e.actor_name) if e.actor_name else None)
        when = fmt.local_datetime(e.occurred_at, ctx.time_zone, ctx.locale)
        move = f" ({status_label(e.from_status)} → {status_label(e.to_status)})" \
            if e.from_status and e.to_status and e.from_status != e.to_status and not e.deliverable_id else ""
        st.markdown(f"**{when}** · {what}{move}")
        if e.note:
            st.caption(f"“{escape_md(e.note)}”")
        shown = [c for c in e.changes if c.field in _TERM_FIELDS]
        if shown and e.action in ("countered", "edited"):
            old_currency = new_currency = currency
            for c in e.changes:
                if c.field == "currency":
                    old_currency, new_currency = str(c.before), str(c.after)
            rows = []
            for change in shown:
                name, before, after = offers.describe(change)
                if name == "fee":
                    before = fmt.money(before, old_currency, ctx.locale) if before != "—" else before
                    after = fmt.money(after, new_currency, ctx.locale) if after != "—" else after
                elif name == "expires_at":
                    before, after = _local(before, ctx), _local(after, ctx)
                elif name == "items":
                    before, after = _items_from(change.before), _items_from(change.after)
                rows.append({t("What changed"): field_label(name), t("Before"): before, t("After"): after})
            st.dataframe(rows, hide_index=True, width="stretch", key=f"changes_{e.id}")


_TERM_FIELDS = ("campaign", "fee", "currency", "payment_net_days", "deposit_percent", "usage_rights_days",
                "usage_channels", "exclusivity_category", "exclusivity_days", "paid_usage", "notes", "expires_at",
                "items")


def _items_from(value) -> str:
    try:
        return items_text(Item(i["platform"], i["format"], int(i["quantity"]), dt.date.fromisoformat(i["due_date"]))
                          for i in value or [])
    except (KeyError, TypeError, ValueError):
        return "—"


def _local(value, ctx) -> str:
    try:
        return fmt.local_datetime(str(value), ctx.time_zone, ctx.locale)
    except (TypeError, ValueError):
        return str(value)


# -- deliverables and disclosure ------------------------------------------------------------------------------

def deliverable_heading(d: deliverables.Deliverable, ctx) -> str:
    return t("{platform} {format} #{n} · due {date}", platform=platform_label(d.platform),
             format=mid_sentence(format_label(d.format)), n=d.seq, date=fmt.day(d.due_date, ctx.locale))


def status_icon(status: str) -> str:
    return {"pass": ":material/check_circle:", "fail": ":material/cancel:", "review": ":material/help:"}[status]


def status_word(status: str) -> str:
    return {"pass": t("Pass"), "fail": t("Fail"), "review": t("Needs review")}[status]


CATEGORIES = tuple(disclosures.CATEGORIES)


def category_label(category: str | None) -> str:
    return {None: t("Not specified"), "cosmetics": t("Cosmetics"), "cosmetic_surgery": t("Cosmetic surgery"),
            "alcohol": t("Alcohol"), "gambling": t("Gambling"), "nicotine_vaping": t("Nicotine and vaping"),
            "financial_crypto": t("Financial products and crypto"),
            "health_supplements": t("Health claims and supplements"), "medicines": t("Medicines"),
            "food_children": t("Food for children"), "weight_loss": t("Weight loss")}.get(category, category or "")


def acceptance_notes(check, ctx) -> None:
    """Before the accept button: a banned category (the database refuses it too), restricted categories'
    conditions and missing or expired licences."""
    for c in check.banned:
        st.error(t("{market} bans influencer promotion of {category}: this offer cannot be accepted while {market} "
                   "is one of your disclosure markets.", market=t(disclosures.market(c.market).name),
                   category=category_label(c.category)), icon=":material/block:")
    for c in check.restricted:
        st.warning(t("{market}: {category} is restricted.", market=t(disclosures.market(c.market).name),
                     category=category_label(c.category)) + " " + rule_text(c.conditions_for(ctx.locale)),
                   icon=":material/rule:")
    for market, problem in check.licences:
        name = t(disclosures.market(market).name)
        text = t("{market}: you have not recorded the licence this market requires (Settings).", market=name) \
            if problem == "missing" else t("{market}: your licence has expired; renew it before posting.", market=name)
        st.warning(text, icon=":material/badge:")


def caption_results(results: list[disclosures.CaptionCheck], ctx) -> None:
    for r in results:
        market = disclosures.market(r.jurisdiction)
        text = t("{market}: {status}", market=t(market.name), status=status_word(r.status))
        box = {"pass": st.success, "fail": st.error, "review": st.warning}[r.status]
        box(text, icon=status_icon(r.status))
        if r.labels:
            found = ", ".join(f"“{user_text(m.text)}” "
                              f"({pt('caption label', 'accepted') if m.kind == 'accepted' else pt('caption label', 'weak')})"
                              for m in r.labels)
            st.caption(t("Labels found: {labels}", labels=found))
        for f in r.findings:
            marker = "ℹ️" if f.severity == "info" else f"**{status_word(f.severity)}**"  # never the rule's id
            st.markdown(f"- {marker} — {rule_text(' '.join(tm(p) for p in f.parts))}  \n"
                        f"  {t('Source')}: [{user_text(f.source.publisher)}, {user_text(f.source.title)}]"
                        f"({f.source.url}) ({escape_md(f.source.date)})")


LICENCE_RULES = {"ae.advertiser-permit": "ae_advertiser_permit", "sa.mawthooq": "sa_mawthooq"}


def progress_header(progress: deliverables.DealProgress, ctx) -> None:
    """The deal's progress at the top of its detail: deliverables posted and checklist items done, of all."""
    n = lambda v: fmt.number(v, ctx.locale)  # noqa: E731
    st.markdown("**" + t("Deliverables: {posted}/{total} posted · Checklist: {done}/{checks} done",
                         posted=n(progress.posted), total=n(progress.total), done=n(progress.checks_done),
                         checks=n(progress.checks_total)) + "**")


def deliverable_name(d: deliverables.Deliverable) -> str:
    return t("{platform} {format} #{n}", platform=platform_label(d.platform), format=mid_sentence(format_label(d.format)),
             n=d.seq)


def checklist(group: deliverables.DeliverableChecklist, ctx, *, editable: bool, on_tick=None,
              names: dict[str, str] | None = None, licence_numbers: dict[str, str] | None = None) -> None:
    """One deliverable's disclosure checklist, in an expander closed by default whose label says how much is done:
    one checkbox per rule, with its market and source, and who ticked it. The expander has a key, so it stays open
    while its count changes under the person's ticks."""
    names = names or {}
    d = group.deliverable
    if not group.items:
        st.caption(t("No disclosure rules apply to this deliverable (no commercial relationship)."))
        return
    label = t("Disclosure checklist: {deliverable} · {done}/{total} done", deliverable=deliverable_name(d),
              done=fmt.number(group.done, ctx.locale), total=fmt.number(group.total, ctx.locale))
    with st.expander(label, expanded=False, key=f"checklist_{d.id}", icon=":material/checklist:"):
        for item in group.items:
            rule = item.rule
            market = t("Platform") if rule.market == "platform" else rule.market
            key = f"tick_{d.id}_{rule.id}"
            st.checkbox(f"[{market}] {rule_text(rule.text_for(ctx.locale))}", value=item.ticked, key=key,
                        disabled=not editable,
                        on_change=on_tick, args=(d.id, rule.id, key) if on_tick else None)
            if item.carried_by:
                st.caption(carried_reason(item.carried_by))
            note = (f"{t('Source')}: [{user_text(rule.source.publisher)}]({rule.source.url}) "
                    f"({escape_md(rule.source.date)})")
            kind = LICENCE_RULES.get(rule.id)
            if kind and licence_numbers is not None:
                number = licence_numbers.get(kind)
                note += " · " + (t("your number: {number}", number=escape_md(number)) if number
                                 else t("no licence recorded in Settings"))
            if item.ticked and item.ticked_at:
                who = t("you") if item.ticked_by == ctx.signed_in.person.id else escape_md(names.get(item.ticked_by, "—"))
                note += " · " + t("ticked by {who} on {when}", who=who,
                                  when=fmt.local_datetime(item.ticked_at, ctx.time_zone, ctx.locale))
            st.caption(note)


def carried_reason(carried_by: tuple[str, ...]) -> str:
    """Why a rule is on a deliverable's checklist although the deal's relationship does not ask for it: the
    deliverable (or the whole deal) carries a tracked link or promo code that earns a commission."""
    if set(carried_by) >= {"link", "code"}:
        return t("Applies because this deliverable carries a tracked link and a promo code.")
    if "code" in carried_by:
        return t("Applies because this deliverable carries a promo code.")
    return t("Applies because this deliverable carries a tracked link.")


def cancel_form(gw, offer, allowed) -> None:
    """Either party cancels an accepted deal, with a reason (the database records it in the history); nothing is
    drawn unless "cancel" is among the `allowed` actions."""
    if "cancel" not in allowed:
        return
    with st.expander(t("Cancel the deal")):
        with st.form("cancel_form"):
            reason = st.text_area(t("Why is the deal cancelled?"), key="offer_cancel_reason", max_chars=1000)
            submitted = st.form_submit_button(t("Cancel the deal"))
        if submitted:
            run_change(lambda: offers.cancel(gw, offer.id, reason), t("Deal cancelled."))


def offer_cards(items: list[Offer], empty: str, party: Callable[[Offer], str], when: Callable[[Offer], str],
                ctx) -> None:
    """A tab's offers, one card each: the other party, campaign and status, what is asked, the fee and `when`
    (expiry or urgency), and Open; `empty` when there is none."""
    for offer, (left, middle, right) in cards(items, empty):
        left.markdown(f"**{escape_md(party(offer))}** — {escape_md(offer.campaign)}  {status_badge(offer.status)}")
        left.caption(escape_md(items_text(offer.items)))
        middle.markdown(f"**{fmt.money(offer.fee, offer.currency, ctx.locale)}**")
        middle.caption(when(offer))
        right.button(t("Open"), key=f"open_{offer.id}", on_click=links.open_item, args=(offer.id,), width="stretch")


def deliverables_heading(progress: deliverables.DealProgress) -> bool:
    """A deal's Deliverables heading; False, with a note, when the offer has none."""
    st.markdown(f"#### {t('Deliverables')}")
    if not progress.groups:
        st.info(t("This offer has no deliverables."))
        return False
    return True


def deliverable_cards(progress: deliverables.DealProgress, ctx) -> Iterator:
    """One bordered card per deliverable of the deal, its heading and status drawn: yields (group, deliverable)
    for the page to add what its reader sees and does."""
    for group in progress.groups:
        d = group.deliverable
        with st.container(border=True):
            st.markdown(f"**{deliverable_heading(d, ctx)}** · {deliverable_status_label(d.status)}")
            yield group, d
