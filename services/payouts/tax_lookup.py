"""The optional online check of a VAT number: VIES (the European Commission's VAT Information Exchange System)
for EU numbers, HMRC's "Check a UK VAT number" API for GB numbers. Only on a person's request (a button); never
needed to save a profile or issue an invoice, which validate offline. When the service cannot be reached the
result says so instead of failing.

VIES REST: GET https://ec.europa.eu/taxation_customs/vies/rest-api/ms/{country}/vat/{number}
  -> {"isValid": true|false, "requestDate": "...", "userError": "VALID"|"INVALID"|"MS_UNAVAILABLE"|..., "name",
      "address", ...}
HMRC: GET https://api.service.hmrc.gov.uk/organisations/vat/check-vat-number/lookup/{vrn}
  -> 200 {"target": {"name", "vatNumber", "address": {...}}, "processingDate"}, 404 when not registered."""
from __future__ import annotations

from dataclasses import dataclass

import httpx

from services.payouts import tax

VIES = "https://ec.europa.eu/taxation_customs/vies/rest-api/ms/{country}/vat/{number}"
HMRC = "https://api.service.hmrc.gov.uk/organisations/vat/check-vat-number/lookup/{number}"
TIMEOUT = 8.0


@dataclass(frozen=True)
class LookupResult:
    status: str          # valid | invalid | unreachable | unsupported
    service: str
    name: str | None = None
    message: str = ""


def check(country: str, tax_id: str, *, client: httpx.Client | None = None) -> LookupResult:
    number = tax.normalize_tax_id(country, tax_id) or ""
    country = country.upper()
    if country == "GB":
        service, url, headers = "HMRC", HMRC.format(number=number.removeprefix("GB")), {
            "Accept": "application/vnd.hmrc.1.0+json"}
    elif tax.in_union(country, "EU"):
        prefix = tax.EU_VAT_PREFIX.get(country, country)
        service, url, headers = "VIES", VIES.format(country=prefix, number=number.removeprefix(prefix)), {}
    else:
        return LookupResult("unsupported", "", message=f"There is no online register to check {country} numbers "
                                                       "against; the number's format and check digits are valid.")
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT)
    try:
        response = client.get(url, headers=headers)
    except httpx.HTTPError:
        return LookupResult("unreachable", service, message=f"{service} could not be reached just now: the number's "
                                                            "format and check digits are valid; try the check later.")
    finally:
        if own:
            client.close()
    if service == "HMRC":
        if response.status_code == 404:
            return LookupResult("invalid", service, message="HMRC has no VAT registration under this number.")
        if response.status_code != 200:
            return LookupResult("unreachable", service, message=f"HMRC answered with an error ({response.status_code}):"
                                                                " try the check later.")
        target = response.json().get("target") or {}
        return LookupResult("valid", service, target.get("name"), "HMRC confirms this VAT registration.")
    if response.status_code != 200:
        return LookupResult("unreachable", service, message=f"VIES answered with an error ({response.status_code}): "
                                                            "try the check later.")
    body = response.json()
    if body.get("isValid"):
        return LookupResult("valid", service, body.get("name"), "VIES confirms this VAT number is active.")
    if body.get("userError") not in (None, "VALID", "INVALID"):
        return LookupResult("unreachable", service, message=f"VIES could not check the number just now "
                                                            f"({body.get('userError')}): try later.")
    return LookupResult("invalid", service, message="VIES says this VAT number is not active.")
