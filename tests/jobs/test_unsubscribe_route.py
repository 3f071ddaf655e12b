"""The unsubscribe route the emails link to: opening the link changes nothing, the one click (POST, as a mail client
sends it) turns that person's email off, an altered token is refused and changes nothing."""
from __future__ import annotations

import psycopg
from psycopg.rows import dict_row
from starlette.applications import Starlette
from starlette.testclient import TestClient

from portal import resources, unsubscribe
from services.core.backend import Backend
from services.core.config import Settings
from services.jobs import notify
from tests.support.connections import new_creator


def test_one_click_turns_email_off_and_an_altered_token_does_nothing(admin_url, pool, monkeypatch, tmp_path):
    settings = Settings(backend="postgres", database_url=admin_url, data_dir=tmp_path)
    monkeypatch.setattr(resources, "settings", lambda: settings)
    monkeypatch.setattr(resources, "backend", lambda s: Backend(s, admin_url=admin_url))
    person = new_creator(pool, "route")
    token = notify.unsubscribe_token(notify.signing_key(settings), person.id)
    client = TestClient(Starlette(routes=unsubscribe.routes()))

    def delivery():
        with psycopg.connect(admin_url, row_factory=dict_row) as conn:
            row = conn.execute("select delivery from public.notification_preferences where person_id = %s",
                               (person.id,)).fetchone()
        return row and row["delivery"]

    page = client.get(f"/unsubscribe?token={token}")
    assert page.status_code == 200 and "<button type='submit'>Stop emails</button>" in page.text
    assert delivery() is None
    altered = client.post(f"/unsubscribe?token={token[:-1]}{'1' if token[-1] == '0' else '0'}")
    assert (altered.status_code, altered.text) == (400, "This unsubscribe link is not valid.")
    assert delivery() is None
    done = client.post(f"/unsubscribe?token={token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and done.text.startswith("Done: no more notification emails.")
    assert delivery() == "off"
