"""The email preference in Settings: instant unless chosen otherwise, saved through the person's own gateway (both
gateways), a bad choice refused with a message and nothing written, the database refusing one that slips through,
and the Settings page saving the choice."""
from __future__ import annotations

import uuid

import pytest

from services.core.errors import DomainError, ValidationError
from services.jobs import preferences
from tests.support.app import app_for
from tests.support.people import person_with_profile


@pytest.fixture
def someone(gateway_for):
    return person_with_profile(gateway_for, "mail-pref@example.test", "Pat Preferences")


def test_email_is_instant_until_the_person_chooses(someone, admin_conn):
    assert preferences.delivery(someone) == "instant"
    assert preferences.set_delivery(someone, "digest") == "digest"
    assert preferences.set_delivery(someone, "off") == "off"
    row = admin_conn.execute("select delivery from public.notification_preferences where person_id = %s",
                             (someone.person.id,)).fetchone()
    assert row["delivery"] == "off"


def test_a_bad_choice_gets_a_message_and_changes_nothing(someone, admin_conn):
    preferences.set_delivery(someone, "digest")
    with pytest.raises(ValidationError, match='Unknown email setting "weekly"'):
        preferences.set_delivery(someone, "weekly")
    with pytest.raises(DomainError):  # the database refuses it too
        someone.insert("notification_preferences", [{"person_id": someone.person.id, "delivery": "weekly"}],
                       on_conflict=("person_id",))
    assert preferences.delivery(someone) == "digest"


def test_the_settings_page_saves_the_email_choice(admin_url, admin_conn):
    subject = f"settings-{uuid.uuid4().hex[:8]}"
    at = app_for(admin_url, issuer="https://idp.test", subject=subject, email=f"{subject}@example.test", name="Sam Settings",
                 secrets={"database": {"url": admin_url}})
    at.run()
    at.switch_page("../pages/people/settings.py").run()
    assert not at.exception, at.exception
    assert at.radio(key="settings_email").value == "instant"
    at.radio(key="settings_email").set_value("digest")
    next(b for b in at.button if b.label == "Save email setting").click().run()
    assert not at.exception, at.exception
    from services.core.db.gateway import person_id_for
    row = admin_conn.execute("select delivery from public.notification_preferences where person_id = %s",
                             (person_id_for("https://idp.test", subject),)).fetchone()
    assert row["delivery"] == "digest"
