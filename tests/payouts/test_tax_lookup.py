"""The optional online VAT-number check, on recorded answers in the documented shape of VIES and HMRC (no
network): valid, not registered, a member state's system down, and no connection at all, each said plainly."""
from __future__ import annotations

import httpx

from services.payouts import tax_lookup


def client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_vies_valid_invalid_and_member_state_unavailable():
    answers = {
        "/taxation_customs/vies/rest-api/ms/DE/vat/136695976": {"isValid": True, "requestDate": "2025-03-01T10:00:00Z",
                                                                "userError": "VALID", "name": "---", "address": "---"},
        "/taxation_customs/vies/rest-api/ms/FR/vat/40303265045": {"isValid": False, "userError": "MS_UNAVAILABLE"},
        "/taxation_customs/vies/rest-api/ms/ES/vat/A28015865": {"isValid": False, "userError": "INVALID"},
    }
    c = client(lambda request: httpx.Response(200, json=answers[request.url.path]))
    assert tax_lookup.check("DE", "DE136695976", client=c).status == "valid"
    down = tax_lookup.check("FR", "FR40303265045", client=c)
    assert down.status == "unreachable" and "could not check the number just now (MS_UNAVAILABLE)" in down.message
    assert tax_lookup.check("ES", "ESA28015865", client=c).status == "invalid"


def test_hmrc_found_and_not_found():
    def handler(request):
        if request.url.path.endswith("/980780684"):
            return httpx.Response(200, json={"target": {"name": "Amelia Hart Media Ltd", "vatNumber": "980780684"},
                                             "processingDate": "2025-03-01T10:00:00+00:00"})
        return httpx.Response(404, json={"code": "NOT_FOUND"})
    c = client(handler)
    found = tax_lookup.check("GB", "GB980780684", client=c)
    assert (found.status, found.name) == ("valid", "Amelia Hart Media Ltd")
    assert tax_lookup.check("GB", "GB 123 4567 27", client=c).status == "invalid"


def test_no_connection_says_the_service_cannot_be_reached():
    def handler(request):
        raise httpx.ConnectError("no route to host", request=request)
    result = tax_lookup.check("DE", "DE136695976", client=client(handler))
    assert result.status == "unreachable" and result.message.startswith("VIES could not be reached just now")


def test_countries_without_a_register_say_so():
    assert tax_lookup.check("SA", "310122393500003").status == "unsupported"
