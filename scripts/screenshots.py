"""Browser screenshots of the portal in every language, for the README: docs/screenshots/<page>-<lang>.png.

    python3 scripts/screenshots.py            # all pages in all languages (about three minutes)
    python3 scripts/screenshots.py --lang ar  # one language

It does what the browser tests do (tests/support/demo_browser.py): an embedded PostgreSQL in a temporary folder,
the demo workspace seeded into it, the portal served by `streamlit run` in local mode, headless Chromium. The demo
creator signs in and her profile's language is switched for Home and Engagement; the shared report is a secret link
she creates, opened by a signed-out browser with ?lang=. Everything it starts is stopped and deleted at the end.
Not part of the test suite; tests/core/test_screenshots.py checks that the files and the README agree with PAGES."""
from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
LANGS = ("en", "ar", "fr", "de", "es")
PAGES = ("home", "engagement", "shared-report")
MENU_PATHS = {"home": "home", "engagement": "engagement"}  # a creator's menu entries (portal/menu.py url_path)
REPORT = "Spring denim edit · results"  # made by services/demo/reports.py
VIEWPORT = {"width": 1280, "height": 900}
MAX_BYTES = 400_000
SETTLE_MS = 2_500  # charts draw after the script run ends


def file_name(page: str, lang: str) -> str:
    return f"{page}-{lang}.png"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--lang", action="append", choices=LANGS, help="only these languages (repeatable)")
    langs = tuple(args.parse_args(argv).lang or LANGS)

    from playwright.sync_api import expect, sync_playwright

    from services.core.db import migrations
    from services.core.db.embedded import EmbeddedPostgres, free_port
    from services.core.db.postgres import PostgresGateway
    from services.demo.people import demo_person
    from services.reports import reports
    from tests.support.browser import RENDER_TIMEOUT, launch_chromium
    from tests.support.databases import demo_workspace
    from tests.support.demo_browser import portal_on, sign_in, wait_idle

    OUT.mkdir(parents=True, exist_ok=True)
    maya = demo_person("maya")
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as folder:
        server = EmbeddedPostgres(Path(folder) / "pg", tcp_port=free_port())
        server.start()
        try:
            migrations.migrate(server.url(), log=lambda _m: None)
            with demo_workspace(server, "screenshots", days=90) as backend, \
                    portal_on(backend.admin_url, "screenshots", Path(folder) / "portal") as portal, \
                    sync_playwright() as playwright:
                chromium = launch_chromium(playwright)
                as_maya = PostgresGateway(backend.pool, maya.person())
                report = next(r for r in reports.list_reports(as_maya) if r.title == REPORT)
                link = reports.link_url(portal.url, reports.share_link(as_maya, report.id, "live").token)

                def set_locale(locale: str) -> None:
                    with backend.pool.connection() as conn:
                        conn.execute("update public.profiles set locale = %s where id = %s", (locale, maya.id))

                def shoot(page, name: str) -> None:
                    wait_idle(page)
                    page.wait_for_timeout(SETTLE_MS)
                    save(page.screenshot(type="png"), OUT / name)

                for lang in langs:
                    context = chromium.new_context(viewport=VIEWPORT, locale="en-GB")
                    context.set_default_timeout(RENDER_TIMEOUT)
                    page = context.new_page()
                    set_locale("en")
                    sign_in(page, portal, "maya", expect)  # the helper reads the English sign-in screen
                    set_locale(lang)
                    page.goto(portal.url + "/", wait_until="domcontentloaded")  # a new session reads the profile
                    wait_idle(page)
                    for name, url_path in MENU_PATHS.items():
                        # From the menu, in the same session, so the lines drawn before the profile is read (the
                        # local-mode notice) are in her language too.
                        page.get_by_test_id("stSidebarNav").locator("a").nth(menu_position(url_path)).click()
                        wait_idle(page)
                        shoot(page, file_name(name, lang))
                    context.close()

                    context = chromium.new_context(viewport=VIEWPORT, locale="en-GB")
                    context.set_default_timeout(RENDER_TIMEOUT)
                    page = context.new_page()
                    page.goto(f"{link}&lang={lang}", wait_until="domcontentloaded")
                    page.get_by_role("heading", name=REPORT).wait_for()
                    shoot(page, file_name("shared-report", lang))
                    context.close()
                set_locale("en")
                chromium.close()
        finally:
            server.stop()
    for lang in langs:
        for name in PAGES:
            path = OUT / file_name(name, lang)
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1000} KB")
    return 0


def menu_position(url_path: str) -> int:
    from portal.menu import MENU

    return [entry.url_path for entry in MENU["creator"]].index(url_path)


def save(png: bytes, path: Path) -> None:
    """The PNG as Chromium made it when small enough; else reduced to a 256-colour palette (screens of flat colours
    and text lose nothing visible)."""
    if len(png) > MAX_BYTES:
        from PIL import Image

        image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        png = out.getvalue()
    path.write_bytes(png)


def readme_images(readme: str) -> set[str]:
    """The screenshots the README's Languages section shows or links (file names)."""
    return set(re.findall(r"docs/screenshots/([a-z-]+-[a-z]{2}\.png)", readme))


if __name__ == "__main__":
    raise SystemExit(main())
