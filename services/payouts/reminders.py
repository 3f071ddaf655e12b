"""The reminder a creator sends a brand about money that is late, polite or firm, written from the payout's own
fields in the creator's language. The Payouts page and Home show it to copy; the overdue-money email carries it."""
from __future__ import annotations

from decimal import Decimal

from services.core import formatting as fmt
from services.core.wording import speaking, t
from services.payouts.payouts import ReminderFacts


def reminder_text(facts: ReminderFacts, locale: str) -> str:
    """The reminder from the payout's own fields, each said once, in `locale`; an invoice is named only when one
    was issued."""
    with speaking(locale):
        return _text(facts, locale)


def _text(facts: ReminderFacts, locale: str) -> str:
    money = lambda v: fmt.money(v, facts.currency, locale)  # noqa: E731
    late = (t(", including a late fee of {late_fee} ({percent} % per month, as agreed)", late_fee=money(facts.late_fee),
              percent=percent_figure(facts.late_fee_percent)) if facts.late_fee else "")
    if facts.interest is not None and facts.interest.days:
        late += t(", plus statutory late interest of {interest} so far and fixed compensation of {lump}",
                  interest=money(facts.interest.interest),
                  lump=fmt.money(facts.interest.lump_sum, facts.interest.lump_sum_currency, locale))
    values = dict(invoice=facts.invoice or "", description=facts.description, brand=facts.brand, creator=facts.creator,
                  amount=money(facts.amount_due), balance=money(facts.balance), due_date=fmt.day(facts.due_date, locale),
                  days=facts.days_overdue, late_fee_note=late)
    if facts.invoice:
        values["instructions"] = facts.payment_instructions or t("(the payment details on the invoice)")
        if facts.tone == "firm":
            return t("Subject: Overdue: invoice {invoice}, {days} days past due\n\n"
                     "Hello {brand} team,\n\n"
                     "Invoice {invoice} for {description} was due on {due_date} and is now {days} days overdue. "
                     "The outstanding balance is {balance}{late_fee_note}.\n\n"
                     "Please arrange payment within 7 days, to:\n{instructions}\n\n"
                     "If something about the invoice is holding the payment up, reply to this email so we can sort "
                     "it out.\n\nRegards,\n{creator}", **values)
        return t("Subject: Friendly reminder: invoice {invoice}\n\n"
                 "Hi {brand} team,\n\n"
                 "I hope you are well. A quick reminder that invoice {invoice} for {description}, {amount}, was due on "
                 "{due_date}, and I have not seen the payment arrive yet. The balance is {balance}{late_fee_note}.\n\n"
                 "Could you check on it for me? The payment details are:\n{instructions}\n\n"
                 "If it is already on its way, please ignore this note. Thank you!\n\nBest wishes,\n{creator}", **values)
    values["instructions"] = facts.payment_instructions or t("(reply to this email and I will send my payment details)")
    if facts.tone == "firm":
        return t("Subject: Overdue: {description}, {days} days past due\n\n"
                 "Hello {brand} team,\n\n"
                 "The payment of {amount} for {description} was due on {due_date} and is now {days} days overdue. "
                 "The outstanding balance is {balance}{late_fee_note}.\n\n"
                 "Please arrange payment within 7 days, to:\n{instructions}\n\n"
                 "If something is holding the payment up, reply to this email so we can sort it out.\n\n"
                 "Regards,\n{creator}", **values)
    return t("Subject: Friendly reminder: {description}\n\n"
             "Hi {brand} team,\n\n"
             "I hope you are well. A quick reminder that the payment of {amount} for {description} was due on "
             "{due_date}, and I have not seen it arrive yet. The balance is {balance}{late_fee_note}.\n\n"
             "Could you check on it for me? The payment details are:\n{instructions}\n\n"
             "If it is already on its way, please ignore this note. Thank you!\n\nBest wishes,\n{creator}", **values)


def percent_figure(value: Decimal) -> str:
    """A rate as agreed, without trailing zeros: 1.50 → "1.5" (the reminder and the payout's terms say it so)."""
    return format(Decimal(value).normalize(), "f")
