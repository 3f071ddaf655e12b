"""The language a creator chooses for what they share (a report's secret link, the media kit): stored on the share
and the kit, written only by their owner through public.share_report() and public.save_media_kit(), one of the
portal's five languages (the database refuses anything else), the creator's own profile language when they do not
choose, and handed to visitors with the document. Each persona (anonymous visitor, the owner creator, another
creator, a partner of the brand the report is about, a partner of another brand) on both gateways."""
from __future__ import annotations

import uuid
from dataclasses import replace

import psycopg
import pytest

from services.core.db.gateway import ANONYMOUS, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import NotFound, PermissionDenied, ValidationError
from services.reports import media_kit, reports
from tests.support.reports import World, build_world


@pytest.fixture(scope="module")
def world(pool, admin_conn) -> World:
    world = build_world(pool, admin_conn)
    owner = PostgresGateway(pool, world.creator)
    world.extra["report_id"] = reports.create_report(owner, "Language report", offer_ids=[world.offer_id]).id
    return world


def _stored_share(admin_conn, share_id: str) -> str | None:
    return admin_conn.execute("select language from public.report_shares where id = %s",
                              (share_id,)).fetchone()["language"]


def _stored_kit(admin_conn, creator_id: str) -> str | None:
    row = admin_conn.execute("select language from public.media_kits where creator_id = %s", (creator_id,)).fetchone()
    return row and row["language"]


def _shares_of(admin_conn, report_id: str) -> int:
    return admin_conn.execute("select count(*) as n from public.report_shares where report_id = %s",
                              (report_id,)).fetchone()["n"]


def _link_args(report_id: str, language: str | None) -> dict:
    return {"p_report_id": report_id, "p_kind": "link", "p_mode": "live", "p_brand_id": None,
            "p_token_hash": reports.token_hash(reports.new_token()), "p_valid_days": 2, "p_label": None,
            "p_language": language}


# -- report links ------------------------------------------------------------------------------------------------

def test_the_owner_s_link_keeps_the_language_they_chose_and_visitors_get_it(gateway_for, world, admin_conn):
    link = reports.share_link(gateway_for(world.creator), world.extra["report_id"], "live", valid_days=2,
                              language="fr")
    assert _stored_share(admin_conn, link.share.id) == "fr"
    opened = reports.open_link(gateway_for(ANONYMOUS), link.token)
    assert opened is not None and opened.language == "fr"
    listed = {s.id: s.language for s in reports.shares(gateway_for(world.creator), world.extra["report_id"])}
    assert listed[link.share.id] == "fr"


def test_a_link_without_a_choice_takes_the_creator_s_profile_language(gateway_for, world, admin_conn):
    admin_conn.execute("update public.profiles set locale = 'es' where id = %s", (world.creator.id,))
    try:
        link = reports.share_link(gateway_for(world.creator), world.extra["report_id"], "frozen", valid_days=2)
    finally:
        admin_conn.execute("update public.profiles set locale = 'en' where id = %s", (world.creator.id,))
    assert _stored_share(admin_conn, link.share.id) == "es"
    brand = reports.share_with_brand(gateway_for(world.creator), world.extra["report_id"], world.brand_a, "live")
    assert _stored_share(admin_conn, brand.id) == "en", "old callers (no p_language) keep working"
    reports.revoke(gateway_for(world.creator), brand.id)


def test_a_share_from_before_has_no_language_and_its_visitors_get_none(world, pool, admin_conn):
    link = reports.share_link(PostgresGateway(pool, world.creator), world.extra["report_id"], "live", valid_days=2)
    admin_conn.execute("update public.report_shares set language = null where id = %s", (link.share.id,))
    assert reports.open_link(PostgresGateway(pool, ANONYMOUS), link.token).language is None


@pytest.mark.parametrize("persona, refusal", [
    ("anon", PermissionDenied), ("other_creator", NotFound), ("partner_a", NotFound), ("partner_b", NotFound)])
def test_only_the_owner_can_make_a_link_in_a_language(gateway_for, world, admin_conn, persona, refusal):
    person = {"anon": ANONYMOUS, "other_creator": world.other_creator, "partner_a": world.partner_a,
              "partner_b": world.partner_b}[persona]
    before = _shares_of(admin_conn, world.extra["report_id"])
    with pytest.raises(refusal):
        gateway_for(person).rpc("share_report", _link_args(world.extra["report_id"], "de"))
    assert _shares_of(admin_conn, world.extra["report_id"]) == before


@pytest.mark.parametrize("persona", ["anon", "owner", "other_creator", "partner_a", "partner_b"])
def test_nobody_changes_a_share_s_language_directly(gateway_for, world, pool, admin_conn, persona):
    link = reports.share_link(PostgresGateway(pool, world.creator), world.extra["report_id"], "live", valid_days=2,
                              language="de")
    person = {"anon": ANONYMOUS, "owner": world.creator, "other_creator": world.other_creator,
              "partner_a": world.partner_a, "partner_b": world.partner_b}[persona]
    gateway = gateway_for(person)
    if persona == "anon":
        with pytest.raises(PermissionDenied):
            gateway.update("report_shares", {"language": "ar"}, [eq("id", link.share.id)])
    else:
        assert gateway.update("report_shares", {"language": "ar"}, [eq("id", link.share.id)]) == []
    assert _stored_share(admin_conn, link.share.id) == "de"


def test_the_owner_changes_a_link_s_language_and_the_link_stays(gateway_for, world, pool, admin_conn):
    owner = gateway_for(world.creator)
    link = reports.share_link(owner, world.extra["report_id"], "live", valid_days=2, language="fr")
    assert reports.set_language(owner, link.share.id, "ar").language == "ar"
    assert _stored_share(admin_conn, link.share.id) == "ar"
    assert reports.open_link(gateway_for(ANONYMOUS), link.token).language == "ar"
    reports.set_language(owner, link.share.id, None)
    assert _stored_share(admin_conn, link.share.id) == "en", "no choice: the creator's profile language"


@pytest.mark.parametrize("persona, refusal", [
    ("anon", PermissionDenied), ("other_creator", NotFound), ("partner_a", NotFound), ("partner_b", NotFound)])
def test_only_the_owner_changes_a_link_s_language(gateway_for, world, pool, admin_conn, persona, refusal):
    link = reports.share_link(PostgresGateway(pool, world.creator), world.extra["report_id"], "live", valid_days=2,
                              language="fr")
    person = {"anon": ANONYMOUS, "other_creator": world.other_creator, "partner_a": world.partner_a,
              "partner_b": world.partner_b}[persona]
    with pytest.raises(refusal):
        gateway_for(person).rpc("set_report_share_language", {"p_share_id": link.share.id, "p_language": "de"})
    assert _stored_share(admin_conn, link.share.id) == "fr"


def test_a_brand_share_or_a_revoked_link_has_no_language_to_change(world, pool, admin_conn):
    owner = PostgresGateway(pool, world.creator)
    brand = reports.share_with_brand(owner, world.extra["report_id"], world.brand_a, "live")
    try:
        with pytest.raises(ValidationError, match="only a secret link has a document language"):
            reports.set_language(owner, brand.id, "fr")
        assert _stored_share(admin_conn, brand.id) == "en"
    finally:
        reports.revoke(owner, brand.id)
    link = reports.share_link(owner, world.extra["report_id"], "live", valid_days=2, language="fr")
    reports.revoke(owner, link.share.id)
    with pytest.raises(ValidationError, match="This link was revoked: it no longer has a language to change"):
        reports.set_language(owner, link.share.id, "de")
    assert _stored_share(admin_conn, link.share.id) == "fr"


def test_a_bad_language_gets_a_message_and_nothing_is_written(gateway_for, world, admin_conn):
    owner = gateway_for(world.creator)
    before = _shares_of(admin_conn, world.extra["report_id"])
    with pytest.raises(ValidationError, match='Unknown language "tlh"'):
        reports.share_link(owner, world.extra["report_id"], "live", language="tlh")
    with pytest.raises(ValidationError, match='Unknown language "tlh": choose en, ar, fr, de or es'):
        owner.rpc("share_report", _link_args(world.extra["report_id"], "tlh"))  # past the service's own check
    assert _shares_of(admin_conn, world.extra["report_id"]) == before
    link = reports.share_link(owner, world.extra["report_id"], "live", valid_days=2, language="de")
    with pytest.raises(ValidationError, match='Unknown language "tlh"'):
        reports.set_language(owner, link.share.id, "tlh")
    with pytest.raises(ValidationError, match='Unknown language "tlh": choose en, ar, fr, de or es'):
        owner.rpc("set_report_share_language", {"p_share_id": link.share.id, "p_language": "tlh"})
    assert _stored_share(admin_conn, link.share.id) == "de"


def test_the_database_refuses_a_language_outside_the_five(world, pool, admin_conn):
    link = reports.share_link(PostgresGateway(pool, world.creator), world.extra["report_id"], "live", valid_days=2)
    with pytest.raises(psycopg.errors.CheckViolation):
        admin_conn.execute("update public.report_shares set language = 'xx' where id = %s", (link.share.id,))
    with pytest.raises(psycopg.errors.CheckViolation):
        admin_conn.execute("insert into public.media_kits (creator_id, language) values (%s, 'en-GB') "
                           "on conflict (creator_id) do update set language = excluded.language", (world.creator.id,))
    allowed = admin_conn.execute("""
        select pg_get_constraintdef(c.oid) as def from pg_constraint c
        where c.conname in ('report_shares_language_check', 'media_kits_language_check', 'profiles_locale_check')
        order by c.conname""").fetchall()
    assert len(allowed) == 3
    for row in allowed:  # the same five as a profile's language
        for code in ("'en'", "'ar'", "'fr'", "'de'", "'es'"):
            assert code in row["def"]


# -- the media kit ---------------------------------------------------------------------------------------------------

def test_the_owner_s_media_kit_keeps_its_language_and_visitors_get_it(gateway_for, world, admin_conn):
    owner = gateway_for(world.creator)
    slug = f"lang-{uuid.uuid4().hex[:8]}"
    media_kit.save(owner, replace(media_kit.get_settings(owner), enabled=True, public_slug=slug, language="ar"))
    assert _stored_kit(admin_conn, world.creator.id) == "ar"
    assert media_kit.get_settings(owner).language == "ar"
    assert media_kit.open_link(gateway_for(ANONYMOUS), slug).language == "ar"
    media_kit.save(owner, replace(media_kit.get_settings(owner), language=None))
    assert _stored_kit(admin_conn, world.creator.id) == "en", "no choice: the creator's profile language"


@pytest.mark.parametrize("persona, refusal", [
    ("anon", PermissionDenied), ("partner_a", PermissionDenied), ("partner_b", PermissionDenied)])
def test_only_a_creator_saves_a_media_kit_language(gateway_for, world, pool, admin_conn, persona, refusal):
    media_kit.save(PostgresGateway(pool, world.creator), media_kit.Settings(language="fr"))
    person = {"anon": ANONYMOUS, "partner_a": world.partner_a, "partner_b": world.partner_b}[persona]
    with pytest.raises(refusal):
        gateway_for(person).rpc("save_media_kit", {"p_kit": {"language": "de"}})
    assert _stored_kit(admin_conn, world.creator.id) == "fr"


def test_another_creator_s_save_changes_only_their_own_kit(gateway_for, world, pool, admin_conn):
    media_kit.save(PostgresGateway(pool, world.creator), media_kit.Settings(language="fr"))
    gateway_for(world.other_creator).rpc("save_media_kit", {"p_kit": {"language": "de"}})
    assert _stored_kit(admin_conn, world.creator.id) == "fr"
    assert _stored_kit(admin_conn, world.other_creator.id) == "de"


def test_a_bad_media_kit_language_gets_a_message_and_nothing_is_written(gateway_for, world, pool, admin_conn):
    owner = gateway_for(world.creator)
    media_kit.save(PostgresGateway(pool, world.creator), media_kit.Settings(language="fr", headline="Before"))
    with pytest.raises(ValidationError, match='Unknown language "xx"'):
        media_kit.validate(media_kit.Settings(language="xx"), {"EUR": 2})
    with pytest.raises(ValidationError, match='Unknown language "xx": choose en, ar, fr, de or es'):
        owner.rpc("save_media_kit", {"p_kit": {"language": "xx", "headline": "After"}})
    assert admin_conn.execute("select language, headline from public.media_kits where creator_id = %s",
                              (world.creator.id,)).fetchone() == {"language": "fr", "headline": "Before"}
