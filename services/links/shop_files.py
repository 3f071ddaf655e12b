"""Promo-code sales from the files brands have: one CSV, recognised by its header, read into rows of
(code, day, orders, revenue, currency). A file that cannot be read is refused with its row and column named (rows
are those a spreadsheet shows: the header is row 1); nothing is written.

- **Shopify** — Analytics › Reports › "Sales by discount" exported as CSV. Columns (ShopifyQL `sales` schema:
  dimensions `discount_code`, `day`; metrics `orders`, `net_sales`, `total_sales`; the report names them "Discount
  code", "Day", "Orders", "Net sales", "Total sales"). Revenue is "Net sales" (gross sales − discounts − returns),
  else "Total sales". Without a "Day" column the whole file is dated the day the brand gives (the report's last
  day). The file carries no currency: the brand says which (the shop's).
- **WooCommerce** — Analytics › Orders › Download (CSV). Columns as WooCommerce's own exporter writes them
  (src/Admin/API/Reports/Orders/Controller.php, get_export_columns): "Date", "Order #", "N. Revenue (formatted)",
  "Status", "Customer", "Customer type", "Product(s)", "Items sold", "Coupon(s)", "Net Sales", "Attribution". One
  row per order; "Coupon(s)" lists its codes joined by ", " (an order with two codes counts for each); revenue is
  "Net Sales"; refunded, cancelled and failed orders are left out (and counted). The brand says the currency.
  WooCommerce's Coupons report ("Coupon code", "Orders", "Amount discounted", …) has neither revenue nor days: it is
  recognised and refused with a pointer to the Orders export.
- **Generic** — exactly the columns code, date, orders, revenue, currency (any order, any case): one row per code and
  day, date as YYYY-MM-DD, revenue as a plain decimal (1234.50), currency as its ISO 4217 code (EUR).

Codes are kept as written; matching them to the brand's codes (ignoring case) is the database's job, which reports
codes that belong to no offer instead of guessing."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from services.accounts.imports import tables
from services.accounts.imports.model import ExportFileError
from services.core.messages import Message, N_

FORMATS = {"shopify": N_("Shopify sales by discount report"), "woocommerce_orders": N_("WooCommerce orders report"),
           "generic": N_("Generic promo-code sales CSV")}
GENERIC = ("code", "date", "orders", "revenue", "currency")
WOO_LEFT_OUT = {"refunded", "cancelled", "failed", "wc-refunded", "wc-cancelled", "wc-failed"}
MAX_ORDERS = 100_000_000
_NUMBER = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class SaleRow:
    row: int
    code: str
    day: dt.date
    orders: int
    revenue: Decimal
    currency: str

    def as_json(self) -> dict:
        return {"row": self.row, "code": self.code, "day": self.day.isoformat(), "orders": self.orders,
                "revenue": str(self.revenue), "currency": self.currency}


@dataclass
class ShopFile:
    file_name: str
    sha256: str
    format: str
    rows: list[SaleRow]
    notes: list[Message] = field(default_factory=list)  # shown in the reader's language (portal.i18n.tm)

    @property
    def label(self) -> str:
        return FORMATS[self.format]

    @property
    def first_day(self) -> dt.date | None:
        return min((r.day for r in self.rows), default=None)

    @property
    def last_day(self) -> dt.date | None:
        return max((r.day for r in self.rows), default=None)


def read(data: bytes, file_name: str, *, currency: str | None = None, day: dt.date | None = None) -> ShopFile:
    """The file's sales rows. currency: the shop's (Shopify and WooCommerce files carry none); day: the date of a
    Shopify report without a Day column."""
    if tables.kind(data) != "text":
        raise ExportFileError("this is not a CSV file: export the report as CSV", row=1)
    table = tables.read_text(tables.decode(data, file_name), file_name)
    header = {h.strip().lower(): i for i, h in enumerate(table.header)}
    sha = hashlib.sha256(data).hexdigest()
    if set(GENERIC) <= set(header):
        return ShopFile(file_name, sha, "generic", _generic(table, header))
    if "discount code" in header and "orders" in header:
        rows, notes = _shopify(table, header, _currency(currency), day)
        return ShopFile(file_name, sha, "shopify", rows, notes)
    if "coupon(s)" in header and "net sales" in header:
        rows, notes = _woocommerce(table, header, _currency(currency))
        return ShopFile(file_name, sha, "woocommerce_orders", rows, notes)
    if "coupon code" in header and "amount discounted" in header:
        raise ExportFileError("this is WooCommerce's Coupons report, which has no revenue and no days: export "
                              "Analytics › Orders as CSV instead (its Coupon(s) and Net Sales columns)", row=1)
    raise ExportFileError("the header is not one this import knows: use Shopify's sales by discount report, "
                          "WooCommerce's orders report, or a CSV with the columns code, date, orders, revenue, currency",
                          row=table.header_row)


# -- the formats ---------------------------------------------------------------------------------------------------

def _generic(table: tables.Table, header: dict[str, int]) -> list[SaleRow]:
    names = {k: table.header[i] for k, i in header.items()}
    out = []
    for number, cells in table.rows:
        cell = lambda key: cells[header[key]].strip()  # noqa: E731
        code = _code(cell("code"), number, names["code"])
        if code is None:
            raise ExportFileError("the code is empty", row=number, column=names["code"])
        currency = cell("currency").upper()
        if not _CURRENCY.match(currency):
            raise ExportFileError(f'"{cell("currency")}" is not an ISO 4217 currency code such as EUR',
                                  row=number, column=names["currency"])
        out.append(SaleRow(number, code, _iso_day(cell("date"), number, names["date"]),
                           _orders(cell("orders"), number, names["orders"]),
                           _amount(cell("revenue"), number, names["revenue"]), currency))
    return out


def _shopify(table, header, currency: str, day: dt.date | None) -> tuple[list[SaleRow], list[str]]:
    names = {k: table.header[i] for k, i in header.items()}
    revenue_key = "net sales" if "net sales" in header else "total sales" if "total sales" in header else None
    if revenue_key is None:
        raise ExportFileError('there is no "Net sales" or "Total sales" column: add one of them to the report before '
                              "exporting", row=table.header_row)
    day_key = "day" if "day" in header else "date" if "date" in header else None
    if day_key is None and day is None:
        raise ExportFileError('the report has no "Day" column: give the last day of the period it covers',
                              row=table.header_row)
    out, without_code = [], 0
    for number, cells in table.rows:
        code = _code(cells[header["discount code"]], number, names["discount code"])
        if code is None:
            without_code += 1
            continue
        when = _iso_day(cells[header[day_key]].strip(), number, names[day_key]) if day_key else day
        out.append(SaleRow(number, code, when, _orders(cells[header["orders"]].strip(), number, names["orders"]),
                           _amount(cells[header[revenue_key]].strip(), number, names[revenue_key]), currency))
    notes = [Message('Revenue is the "{column}" column.', column=names[revenue_key])]
    if day_key is None:
        notes.append(Message("The report has no Day column: its sales are dated {day}.", day=day.isoformat()))
    if without_code:
        notes.append(Message("Rows without a discount code, left out: {count}.", count=without_code))
    return out, notes


def _woocommerce(table, header, currency: str) -> tuple[list[SaleRow], list[str]]:
    names = {k: table.header[i] for k, i in header.items()}
    for key in ("date", "coupon(s)", "net sales"):
        if key not in header:
            raise ExportFileError(f'the "{key.title()}" column is missing', row=table.header_row)
    out, left_out, without_code = [], 0, 0
    for number, cells in table.rows:
        status = cells[header["status"]].strip().lower() if "status" in header else ""
        if status in WOO_LEFT_OUT:
            left_out += 1
            continue
        codes = [c.strip() for c in cells[header["coupon(s)"]].split(",") if c.strip()]
        if not codes:
            without_code += 1
            continue
        when = _iso_day(cells[header["date"]].strip()[:10], number, names["date"])
        revenue = _amount(cells[header["net sales"]].strip(), number, names["net sales"])
        for code in codes:
            checked = _code(code, number, names["coupon(s)"])
            out.append(SaleRow(number, checked, when, 1, revenue, currency))
    notes = [Message('Each order counts once for each of its codes; revenue is its "Net Sales".')]
    if left_out:
        notes.append(Message("Refunded, cancelled or failed orders, left out: {count}.", count=left_out))
    if without_code:
        notes.append(Message("Orders without a coupon, left out: {count}.", count=without_code))
    return out, notes


# -- cells -----------------------------------------------------------------------------------------------------------

def _currency(currency: str | None) -> str:
    code = (currency or "").strip().upper()
    if not _CURRENCY.match(code):
        raise ExportFileError("choose the currency the shop sells in (the file does not say)")
    return code


def _code(raw: str, row: int, column: str) -> str | None:
    code = (raw or "").strip()
    if not code:
        return None
    if len(code) > 100 or any(ord(ch) < 32 for ch in code):
        raise ExportFileError(f'"{code[:40]}" is not a discount code', row=row, column=column)
    return code


def _iso_day(raw: str, row: int, column: str) -> dt.date:
    text = (raw or "").strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise ExportFileError(f'"{raw}" is not a date written as YYYY-MM-DD', row=row, column=column)


def _orders(raw: str, row: int, column: str) -> int:
    text = raw.replace(",", "") if _NUMBER.match(raw or "") else raw
    if not re.match(r"^\d+$", text or ""):
        raise ExportFileError(f'"{raw}" is not a number of orders (a whole number, 0 or more)', row=row, column=column)
    value = int(text)
    if value > MAX_ORDERS:
        raise ExportFileError(f"{raw} orders is too many", row=row, column=column)
    return value


def _amount(raw: str, row: int, column: str) -> Decimal:
    if not _NUMBER.match(raw or ""):
        raise ExportFileError(f'"{raw}" is not an amount written as 1234.50', row=row, column=column)
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise ExportFileError(f'"{raw}" is not an amount written as 1234.50', row=row, column=column) from None
    if abs(value) >= Decimal(10) ** 12:
        raise ExportFileError(f"{raw} is too large", row=row, column=column)
    return value
