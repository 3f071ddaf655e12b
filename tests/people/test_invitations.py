"""Invitations from a creator to a brand partner: a token shown once, stored only as its SHA-256,
single use, expiring, and the partnership it creates decides who sees whose profile."""
from __future__ import annotations

import hashlib
import threading
import uuid

import pytest

from services.core.db.gateway import ANONYMOUS, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from services.core import clock


def new_person(label: str) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com")


@pytest.fixture
def creator(gateway_for):
    person = new_person("creator")
    gateway_for(person).rpc("ensure_profile", {"p_display_name": "Inviting Creator", "p_email": person.email})
    return person


def create(gateway, brand="Acme Outdoor", **params):
    rows = gateway.rpc("create_invitation", {"p_brand_name": brand, **params})
    assert isinstance(rows, list) and len(rows) == 1
    return rows[0]


def accept(gateway, token, name="Brand Team"):
    return gateway.rpc("accept_invitation", {"p_token": token, "p_display_name": name})


def invitation_row(admin_conn, invitation_id):
    return admin_conn.execute("select * from public.invitations where id = %s", (invitation_id,)).fetchone()


def test_token_is_returned_once_and_only_its_sha256_is_stored(gateway_for, creator, admin_conn):
    invitation = create(gateway_for(creator), p_email="buyer@acme.example")
    token = invitation["token"]
    assert len(token) >= 32
    row = invitation_row(admin_conn, invitation["invitation_id"])
    assert row["token_hash"] == hashlib.sha256(token.encode("utf-8")).hexdigest()
    assert all(token not in str(value) for value in row.values())
    # the creator's own view of the invitation carries no token either
    seen = gateway_for(creator).select("invitations", filters=[eq("id", invitation["invitation_id"])])
    assert len(seen) == 1 and "token" not in seen[0] and token not in str(seen[0])
    # nor does the audit trail
    entries = admin_conn.execute("select detail::text as detail from public.audit_log where target_id = %s",
                                 (invitation["invitation_id"],)).fetchall()
    assert entries and all(token not in e["detail"] for e in entries)


def test_wrong_token_is_rejected_as_not_found(gateway_for, creator):
    create(gateway_for(creator))
    with pytest.raises(NotFound, match="not valid"):
        accept(gateway_for(new_person("guesser")), uuid.uuid4().hex * 2)


def test_expired_token_is_rejected_and_says_it_expired(gateway_for, creator, admin_conn):
    invitation = create(gateway_for(creator))
    admin_conn.execute("update public.invitations set expires_at = %s::timestamptz - interval '1 minute' where id = %s",
                       (clock.now(), invitation["invitation_id"]))
    partner = new_person("late")
    with pytest.raises(ValidationError, match="expired"):
        accept(gateway_for(partner), invitation["token"])
    assert invitation_row(admin_conn, invitation["invitation_id"])["accepted_by"] is None
    assert admin_conn.execute("select count(*) as n from public.profiles where id = %s",
                              (partner.id,)).fetchone()["n"] == 0


def test_invitation_can_be_used_only_once_even_by_the_same_person(gateway_for, creator):
    invitation = create(gateway_for(creator))
    partner = gateway_for(new_person("partner"))
    assert accept(partner, invitation["token"]) == creator.id
    with pytest.raises(ValidationError, match="already been used"):
        accept(partner, invitation["token"])


def test_used_invitation_is_rejected_for_a_different_person(gateway_for, creator, admin_conn):
    invitation = create(gateway_for(creator))
    first = new_person("first")
    accept(gateway_for(first), invitation["token"])
    with pytest.raises(ValidationError, match="already been used"):
        accept(gateway_for(new_person("second")), invitation["token"])
    assert str(invitation_row(admin_conn, invitation["invitation_id"])["accepted_by"]) == first.id


def test_creator_cannot_accept_their_own_invitation(gateway_for, creator, admin_conn):
    invitation = create(gateway_for(creator))
    with pytest.raises(ValidationError, match="your own invitation"):
        accept(gateway_for(creator), invitation["token"])
    assert invitation_row(admin_conn, invitation["invitation_id"])["accepted_at"] is None


def test_existing_creator_cannot_accept_a_brand_partner_invitation(gateway_for, creator, admin_conn):
    invitation = create(gateway_for(creator))
    other = new_person("other-creator")
    gateway_for(other).rpc("ensure_profile", {"p_display_name": "Other Creator"})
    with pytest.raises(ValidationError, match="signed in as a creator"):
        accept(gateway_for(other), invitation["token"])
    assert invitation_row(admin_conn, invitation["invitation_id"])["accepted_at"] is None
    assert admin_conn.execute("select role from public.profiles where id = %s", (other.id,)).fetchone()["role"] \
        == "creator"


def test_brand_partner_cannot_create_invitations(gateway_for, creator):
    partner = new_person("partner")
    accept(gateway_for(partner), create(gateway_for(creator))["token"])
    with pytest.raises(PermissionDenied, match="only creators"):
        create(gateway_for(partner))


def test_anonymous_visitor_cannot_create_or_accept_invitations(gateway_for, creator):
    token = create(gateway_for(creator))["token"]
    anonymous = gateway_for(ANONYMOUS)
    with pytest.raises(PermissionDenied):
        create(anonymous)
    with pytest.raises(PermissionDenied):
        accept(anonymous, token)


@pytest.mark.parametrize("valid_days", [0, -1, 31, 365])
def test_validity_outside_one_to_thirty_days_is_rejected(gateway_for, creator, admin_conn, valid_days):
    with pytest.raises(ValidationError, match="1 to 30 days"):
        create(gateway_for(creator), brand=f"Brand {valid_days}", p_valid_days=valid_days)
    assert admin_conn.execute("select count(*) as n from public.invitations where creator_id = %s",
                              (creator.id,)).fetchone()["n"] == 0


@pytest.mark.parametrize("valid_days", [1, 30])
def test_validity_of_one_and_thirty_days_is_accepted(gateway_for, creator, admin_conn, valid_days):
    invitation = create(gateway_for(creator), p_valid_days=valid_days)
    row = admin_conn.execute("select round(extract(epoch from expires_at - created_at) / 86400) as days "
                             "from public.invitations where id = %s", (invitation["invitation_id"],)).fetchone()
    assert row["days"] == valid_days


def test_accepting_makes_creator_and_partner_see_each_others_profiles(gateway_for, creator, admin_conn):
    partner = new_person("partner")
    as_partner, as_creator = gateway_for(partner), gateway_for(creator)
    assert as_partner.select("profiles", filters=[eq("id", creator.id)]) == []
    assert accept(as_partner, create(as_creator, brand="Fern & Field")["token"], name="Fern Buyer") == creator.id

    creator_profile = as_partner.select("profiles", filters=[eq("id", creator.id)])
    assert [p["display_name"] for p in creator_profile] == ["Inviting Creator"]
    partner_profile = as_creator.select("profiles", filters=[eq("id", partner.id)])
    assert [(p["display_name"], p["role"]) for p in partner_profile] == [("Fern Buyer", "brand_partner")]
    brands = as_creator.select("brands", filters=[eq("name", "Fern & Field")])
    assert len(brands) == 1
    assert admin_conn.execute("select member_role from public.brand_memberships where profile_id = %s",
                              (partner.id,)).fetchone()["member_role"] == "owner"


def test_two_people_accepting_one_token_at_once_only_one_wins(pool, admin_conn):
    creator = new_person("creator")
    PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Busy Creator"})
    invitation = create(PostgresGateway(pool, creator))
    people = [new_person("racer-a"), new_person("racer-b")]
    barrier = threading.Barrier(len(people))
    outcomes: dict[str, object] = {}

    def race(person):
        barrier.wait()
        try:
            outcomes[person.id] = accept(PostgresGateway(pool, person), invitation["token"])
        except DomainError as exc:
            outcomes[person.id] = exc

    threads = [threading.Thread(target=race, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    winners = [pid for pid, outcome in outcomes.items() if outcome == creator.id]
    losers = [outcome for outcome in outcomes.values() if isinstance(outcome, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "already been used" in str(losers[0])
    assert str(invitation_row(admin_conn, invitation["invitation_id"])["accepted_by"]) == winners[0]
    partnerships = admin_conn.execute("select partner_id from public.creator_partners where creator_id = %s",
                                      (creator.id,)).fetchall()
    assert [str(p["partner_id"]) for p in partnerships] == winners


# -- an invitation is seen before it is accepted, and never joins a brand by its name ---------------------------

def _brand_partner(gateway_for, creator, brand="Green Thread"):
    """A brand partner who already belongs to `brand`, through an honest invitation from `creator`."""
    partner = new_person("partner")
    accept(gateway_for(partner), create(gateway_for(creator), brand=brand)["token"], name="Gia Green")
    [membership] = gateway_for(partner).select("brand_memberships", filters=[eq("profile_id", partner.id)])
    return partner, membership["brand_id"]


def test_preview_names_who_invites_and_the_new_brand_without_using_the_invitation(gateway_for, creator, admin_conn):
    from services.people import partners
    invitation = create(gateway_for(creator), brand="Acme Outdoor")
    invited = new_person("invited")
    preview = partners.preview_invitation(gateway_for(invited), invitation["token"])
    assert (preview.state, preview.creator_name, preview.brand_name, preview.your_brands) == \
        ("open", "Inviting Creator", "Acme Outdoor", ())
    row = invitation_row(admin_conn, invitation["invitation_id"])
    assert row["accepted_at"] is None and row["declined_at"] is None
    assert admin_conn.execute("select count(*) as n from public.profiles where id = %s",
                              (invited.id,)).fetchone()["n"] == 0, "previewing creates nobody"
    assert partners.preview_invitation(gateway_for(invited), "not-a-token-" + "x" * 30) is None


def test_a_creator_cannot_attach_you_to_your_brand_by_typing_its_name(gateway_for, creator, admin_conn):
    partner, green_thread = _brand_partner(gateway_for, creator)
    intruder = new_person("intruder")
    gateway_for(intruder).rpc("ensure_profile", {"p_display_name": "Intruding Creator"})
    lure = create(gateway_for(intruder), brand="green thread")
    accept(gateway_for(partner), lure["token"])
    link = admin_conn.execute("select brand_id from public.creator_partners where creator_id = %s",
                              (intruder.id,)).fetchone()
    assert str(link["brand_id"]) != green_thread, "accepting made a new brand, not a way into Green Thread"
    seen = {b["id"] for b in gateway_for(intruder).select("brands")}
    assert green_thread not in seen and str(link["brand_id"]) in seen
    # so the intruder cannot bill Green Thread: a payout naming it is refused
    from services.payouts import payouts as payouts_service
    import datetime as dt
    with pytest.raises(DomainError):
        payouts_service.create(gateway_for(intruder), payouts_service.PayoutTerms(
            "Overdue invoice", "EUR", "900.00", dt.date.today() + dt.timedelta(days=3), brand_id=green_thread),
            today=dt.date.today())


def test_the_invited_person_may_link_a_brand_they_belong_to_and_no_other(gateway_for, creator, admin_conn):
    partner, green_thread = _brand_partner(gateway_for, creator)
    second = new_person("second-creator")
    gateway_for(second).rpc("ensure_profile", {"p_display_name": "Second Creator"})
    other_brand = _brand_partner(gateway_for, second, brand="Other Co")[1]
    with pytest.raises(PermissionDenied, match="only a brand you belong to"):
        gateway_for(partner).rpc("accept_invitation", {"p_token": create(gateway_for(second))["token"],
                                                       "p_brand_id": other_brand})
    from services.people import partners
    token = create(gateway_for(second), brand="Whatever they typed")["token"]
    preview = partners.preview_invitation(gateway_for(partner), token)
    assert [b["id"] for b in preview.your_brands] == [green_thread]
    partners.accept_invitation(gateway_for(partner), token, brand_id=green_thread)
    link = admin_conn.execute("select brand_id from public.creator_partners where creator_id = %s and partner_id = %s",
                              (second.id, partner.id)).fetchone()
    assert str(link["brand_id"]) == green_thread


def test_a_declined_invitation_cannot_be_accepted_later(gateway_for, creator, admin_conn):
    from services.people import partners
    invitation = create(gateway_for(creator))
    invited = new_person("invited")
    partners.decline_invitation(gateway_for(invited), invitation["token"])
    assert invitation_row(admin_conn, invitation["invitation_id"])["declined_at"] is not None
    with pytest.raises(DomainError, match="declined"):
        accept(gateway_for(invited), invitation["token"])
    assert partners.preview_invitation(gateway_for(invited), invitation["token"]).state == "declined"
    assert partners.preview_invitation(gateway_for(invited), invitation["token"]).creator_name is None


def _invite_app(admin_url, subject: str, token: str):
    from tests.support.app import app_for
    at = app_for(admin_url, issuer="https://idp.test", subject=subject, email=f"{subject}@example.com",
                 name="Invited Person")
    at.query_params["invite"] = token
    return at.run()


def test_opening_an_invitation_asks_before_accepting_and_accept_then_joins(admin_url, pool, admin_conn):
    from services.core.db.gateway import person_id_for
    from tests.support.app import texts
    owner = new_person("creator")
    PostgresGateway(pool, owner).rpc("ensure_profile", {"p_display_name": "![x](http://t.example/p.png) Maya"})
    invitation = create(PostgresGateway(pool, owner), brand="Green Thread")
    subject = f"invited-{uuid.uuid4().hex[:8]}"
    at = _invite_app(admin_url, subject, invitation["token"])
    assert not at.exception
    assert "You are invited" in texts(at) and "Green Thread" in texts(at)
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert "![x](" not in shown and "\\!\\[x\\]" in shown, "the inviter's name shows as typed, inert"
    assert invitation_row(admin_conn, invitation["invitation_id"])["accepted_at"] is None, "nothing without a click"
    at.run()  # another run: still waiting
    assert invitation_row(admin_conn, invitation["invitation_id"])["accepted_at"] is None
    at.button(key="invite_accept").click().run()
    assert not at.exception
    row = invitation_row(admin_conn, invitation["invitation_id"])
    assert row["accepted_by"] is not None and str(row["accepted_by"]) == person_id_for("https://idp.test", subject)
    assert "Invitation accepted" in texts(at)


def test_declining_on_the_invitation_screen_uses_nothing_up_but_the_invitation(admin_url, pool, admin_conn):
    from tests.support.app import texts
    owner = new_person("creator")
    PostgresGateway(pool, owner).rpc("ensure_profile", {"p_display_name": "Maya"})
    invitation = create(PostgresGateway(pool, owner), brand="Green Thread")
    at = _invite_app(admin_url, f"invited-{uuid.uuid4().hex[:8]}", invitation["token"])
    at.button(key="invite_decline").click().run()
    assert not at.exception
    row = invitation_row(admin_conn, invitation["invitation_id"])
    assert row["declined_at"] is not None and row["accepted_at"] is None
    assert "Invitation declined" in texts(at)
