"""AppTest for every page, per role, on the seeded demo workspace."""
from __future__ import annotations

import pytest
from streamlit import config as st_config

from services.core import formatting as fmt
from services.audience import home
from services.people import profiles
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from tests.support.app import app_for, texts
from tests.support.databases import as_demo, seeded_demo

DAYS = 90


@pytest.fixture(scope="module")
def demo(admin_url, pool):
    return seeded_demo(admin_url, pool, days=DAYS)


def gateway(pool, key):
    return PostgresGateway(pool, demo_person(key).person())


def test_anonymous_visitor_sees_only_the_sign_in_page_with_demo_people(admin_url, demo):
    at = app_for(admin_url).run()
    assert not at.exception
    assert "Choose a demo person" in texts(at)
    assert "Local mode" in texts(at)
    assert {b.key for b in at.button} >= {"local_maya", "local_leo", "local_amira", "local_sofia"}
    with pytest.raises(ValueError):
        at.switch_page("../pages/home/creator_home.py")


def test_local_mode_without_the_demo_workspace_says_how_to_create_it(database, workdir):
    import psycopg
    with psycopg.connect(database.url(), autocommit=True) as conn:
        conn.execute("drop database if exists no_demo")
        conn.execute("create database no_demo")
    url = database.url("no_demo")
    at = app_for(url).run()
    assert not at.exception
    assert "python -m services.admin seed-demo" in texts(at)
    assert not [b for b in at.button if b.key and b.key.startswith("local_")]


def test_local_mode_is_refused_when_the_server_listens_beyond_localhost(admin_url, demo):
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = app_for(admin_url).run()
    finally:
        st_config.set_option("server.address", "localhost")
    assert not at.exception
    assert "Local mode is refused" in texts(at)
    assert not [b for b in at.button if b.key and b.key.startswith("local_")]


def test_local_sign_in_opens_creator_home_with_the_demo_numbers(admin_url, pool, demo):
    at = app_for(admin_url).run()
    at.button(key="local_maya").click().run()
    assert not at.exception
    expected = home.summary(gateway(pool, "maya"))
    page = texts(at)
    assert "Welcome back, Maya" in page
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Total followers"] == fmt.number(expected.total_followers)
    assert metrics[f"Posts in the last {home.HOME_DAYS} days"] == fmt.number(expected.posts_in_period)
    assert metrics["Engagement rate by reach"] == fmt.percent(expected.engagement_rate_by_reach)
    assert "ER by reach = (likes + comments + shares + saves) / reach" in page
    assert expected.total_followers > 1000


def test_creator_home_via_oidc_identity_shows_growth_chart_and_csv(admin_url, demo):
    at = as_demo(admin_url, "amira").run()
    assert not at.exception
    assert "Follower growth per platform" in texts(at)
    assert at.get("plotly_chart"), "the growth chart is drawn"
    downloads = at.get("download_button")
    assert downloads, "the chart's data can be downloaded"


def test_creator_without_data_gets_an_empty_state_that_says_what_to_do(admin_url, demo):
    at = app_for(admin_url, issuer="https://idp.test", subject="no-data-creator", email="empty@example.test",
                 name="Empty Creator").run()
    assert not at.exception
    assert "No numbers yet. Connect an account or import a platform export" in texts(at)


def test_brand_partner_home_lists_the_creators_who_invited_them(admin_url, demo):
    at = as_demo(admin_url, "nadia").run()
    assert not at.exception
    page = texts(at)
    assert "Creators you work with" in page
    assert "Amira Haddad" in page and "Maya Okafor" in page
    assert "Leo Brandt" not in page


def test_brand_partner_cannot_reach_a_creator_page(admin_url, pool, demo):
    at = as_demo(admin_url, "sofia").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("../pages/home/creator_home.py")
    with pytest.raises(ValueError):
        at.switch_page("../pages/people/brand_partners.py")
    # and were a creator page's query run for them anyway, RLS returns nothing of Maya's
    assert home.summary(gateway(pool, "sofia")).total_followers == 0


def test_brand_partner_without_creators_gets_an_empty_state(admin_url, pool, demo):
    from services.people import partners
    from services.core.db.gateway import Person, eq, person_id_for
    maya = gateway(pool, "maya")
    invitation = partners.create_invitation(maya, "Short Lived Co", None, 1)
    former = Person(id=person_id_for("https://idp.test", "former-partner"), issuer="https://idp.test",
                    subject="former-partner")
    partners.accept_invitation(PostgresGateway(pool, former), invitation.token, "Former Partner")
    maya.delete("creator_partners", [eq("partner_id", former.id)])
    at = app_for(admin_url, issuer="https://idp.test", subject="former-partner", name="Former Partner").run()
    assert not at.exception
    assert "No creator has invited you yet" in texts(at)
    assert "Creators you work with" not in texts(at)


def test_settings_page_saves_valid_changes(admin_url, pool, demo):
    at = as_demo(admin_url, "leo").run()
    at.switch_page("../pages/people/settings.py").run()
    at.text_input(key="settings_niche").input("Indie & retro games")
    at.button(key="FormSubmitter:settings_form-Save settings").click().run()
    assert not at.exception
    assert "Settings saved." in texts(at)
    assert profiles.get_profile(gateway(pool, "leo"))["niche"] == "Indie & retro games"


@pytest.mark.parametrize("field, value, message", [
    ("settings_currency", "XYZ", 'Unknown currency "XYZ"'),
    ("settings_name", " ", "Display name must be 1 to 80 characters"),
])
def test_settings_page_rejects_bad_values_and_writes_nothing(admin_url, pool, demo, field, value, message):
    """(Time zones come from a fixed list on the page; unknown ones are refused by the service and the
    database: tests/people/test_profile_settings.py.)"""
    before = profiles.get_profile(gateway(pool, "amira"))
    at = as_demo(admin_url, "amira").run()
    at.switch_page("../pages/people/settings.py").run()
    at.text_input(key=field).input(value)
    at.button(key="FormSubmitter:settings_form-Save settings").click().run()
    assert not at.exception
    assert message in texts(at) and "Nothing was saved" in texts(at)
    assert profiles.get_profile(gateway(pool, "amira")) == before


def test_partners_page_creates_a_single_use_invitation_link(admin_url, demo):
    at = as_demo(admin_url, "leo").run()
    at.switch_page("../pages/people/brand_partners.py").run()
    assert "PixelForge Studios" in texts(at)
    at.text_input(key="invite_brand").input("Retro Pad Co")
    at.button(key="FormSubmitter:invite_form-Create invitation link").click().run()
    assert not at.exception
    links = [c.value for c in at.code if "?invite=" in c.value]
    assert len(links) == 1 and len(links[0].split("?invite=")[1]) == 64
    assert "Retro Pad Co" in str(at.dataframe[0].value)


def test_invitation_link_makes_a_new_person_a_brand_partner(admin_url, pool, demo):
    at = as_demo(admin_url, "maya").run()
    at.switch_page("../pages/people/brand_partners.py").run()
    at.text_input(key="invite_brand").input("Loop Denim")
    at.button(key="FormSubmitter:invite_form-Create invitation link").click().run()
    token = [c.value for c in at.code if "?invite=" in c.value][0].split("?invite=")[1]

    guest = app_for(admin_url, issuer="https://idp.test", subject="loop-denim-buyer", email="buyer@loop.test",
                    name="Lee Loop")
    guest.query_params["invite"] = token
    guest.run()
    assert not guest.exception
    assert "You are invited" in texts(guest) and "Loop Denim" in texts(guest)
    guest.button(key="invite_accept").click().run()
    page = texts(guest)
    assert "Invitation accepted" in page
    assert "Creators you work with" in page and "Maya Okafor" in page

    again = app_for(admin_url, issuer="https://idp.test", subject="someone-else", name="Someone Else")
    again.query_params["invite"] = token
    again.run()
    assert "already been used" in texts(again)


def test_malformed_secrets_stop_start_up_with_one_message_naming_the_setting(admin_url):
    at = app_for(admin_url, secrets={"database": {"url": "mysql://user@host/db"}}).run()
    assert not at.exception
    assert "The portal is not configured correctly" in texts(at)
    assert "[database] url must start with postgresql://" in texts(at)


def test_secrets_file_that_is_not_toml_stops_start_up_naming_the_line(admin_url, tmp_path):
    bad = tmp_path / "secrets.toml"
    bad.write_text('[database]\nurl = "postgresql://unterminated\n')
    saved = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(bad)])
    try:
        at = app_for(admin_url, secrets={}).run()
    finally:
        st_config.set_option("secrets.files", saved)
    assert not at.exception
    assert "The portal is not configured correctly" in texts(at)
    assert "secrets.toml is not valid TOML" in texts(at) and "line 2" in texts(at)
    assert "Choose a demo person" not in texts(at)


def test_unreachable_database_shows_a_clear_page_not_a_traceback(admin_url):
    at = app_for(admin_url, secrets={"database": {"url": "postgresql://postgres@127.0.0.1:1/nothing"}}).run()
    assert not at.exception
    assert "The database cannot be reached" in texts(at)
    assert "127.0.0.1:1" in texts(at)
