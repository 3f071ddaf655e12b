"""Acting in a test module's own demo workspace (the Backend that tests.support.databases.demo_workspace yields)
as a demo person: a gateway as them, the portal (AppTest) signed in as them, a page opened as them, and the portal
for a visitor who is not signed in."""
from __future__ import annotations

from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from tests.support import databases
from tests.support.app import app_for


def gw(demo, key: str) -> PostgresGateway:
    """The demo person `key`'s own gateway on the workspace's pool."""
    return PostgresGateway(demo.pool, demo_person(key).person())


def as_demo(demo, key: str):
    """The portal signed in as the demo person `key` (not yet run)."""
    return databases.as_demo(demo.admin_url, key)


def open_page(demo, key: str, page: str | None):
    """Signed in as `key`, `page` ("<area>/<page>", or None for Home) opened and drawn without an error."""
    return databases.open_page(demo.admin_url, key, page)


def visitor(demo, browser: str | None = None, **params):
    """The portal run for a visitor who is not signed in, with these query parameters; `browser` is the browser's
    language tag (st.context.locale)."""
    at = app_for(demo.admin_url)
    if browser:
        at.context = {"locale": browser}
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()
