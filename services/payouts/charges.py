"""What a payout's terms add to and take from its amount, each as its rate and its amount: tax, the platform or
agency fee, and withholding tax. A payout carries them; its invoice freezes them as they were when issued."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Charges:
    tax_percent: Decimal
    tax_amount: Decimal
    fee_percent: Decimal
    fee_amount: Decimal
    withholding_percent: Decimal
    withholding_amount: Decimal
