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
    admin_conn.execute("update public.invitations set expires_at = now() - interval '1 minute' where id = %s",
                       (invitation["invitation_id"],))
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
