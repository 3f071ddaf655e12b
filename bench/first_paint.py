"""First paint of the pages people open without being signed in, and of sign-in → Home.

Starts `streamlit run portal/app.py` on a fresh data folder (embedded default, demo workspace), lets the first
start finish, then makes one secret report link and one secret media-kit link as the demo creator Maya, the way the
Reports page does. Each measurement uses a new browser context (no cookies, no cache), as a brand partner opening a
link from an email would:

- report link: from navigation (and to its first heading) to the report's last line ("Shared by … through Creator Portal") with every chart
  drawn;
- media-kit link: from navigation to the kit's PDF button with every chart drawn;
- sign-in → Home: from the click on "Sign in as Maya" to Home's numbers with every chart drawn.

"Every chart drawn" means as many charts as the page shows when left to settle: one unmeasured open of each page
first counts them, so a measured open cannot end while a chart is still loading and not yet on the page.
Also opens an unknown link (a page with one heading) as the floor: what Streamlit itself costs in this browser.
Prints the median and worst whole-page seconds, then a RESULT line. Not a test; run: python bench/first_paint.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.portal_server import fresh_folders, start_server  # noqa: E402
from services.core.db.embedded import EmbeddedPostgres  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TIMEOUT_MS = 120_000
HEADING = "[data-testid=stHeading]"
CHARTS_DRAWN = """(expected) => {
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return charts.length >= expected && Array.from(charts).every(c => c.querySelector('svg.main-svg'));
}"""
SETTLE_S = 5.0  # the unmeasured first open waits this long after its marker before counting the page's charts


def charts_on(page) -> int:
    return page.evaluate("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length")


def make_links(data_dir: Path) -> tuple[str, str]:
    """(report token, media-kit token) for Maya, made through the services as her Reports page makes them."""
    os.environ["PORTAL_DATA_DIR"] = str(data_dir)
    from services.core.backend import open_backend
    from services.core.config import load_settings
    from services.demo.people import demo_person
    from services.reports import media_kit, reports

    backend = open_backend(load_settings({}))
    maya = backend.gateway_for(demo_person("maya").person())
    report = reports.list_reports(maya)[0]
    report_token = reports.share_link(maya, report.id, "live").token
    kit_token = media_kit.new_secret_link(maya)
    backend.pool.close()
    return report_token, kit_token


def wait_for_app(page, base: str) -> None:
    deadline = time.time() + 180
    while True:
        try:
            page.goto(base, timeout=5000)
            page.get_by_role("button", name="Sign in as Maya").wait_for(timeout=TIMEOUT_MS)
            return
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def count_charts(browser, url: str, marker: str, click: str | None = None) -> int:
    """How many charts the page draws (after clicking the button named `click`, if any): counted once, unmeasured,
    well after its marker showed, so a measured open waits for every one of them (a chart still loading is not in
    the page yet and would otherwise pass as drawn)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, timeout=TIMEOUT_MS)
    if click:
        page.get_by_role("button", name=click).click(timeout=TIMEOUT_MS)
    page.get_by_text(marker).first.wait_for(timeout=TIMEOUT_MS)
    time.sleep(SETTLE_S)
    page.wait_for_function(CHARTS_DRAWN, arg=0, timeout=TIMEOUT_MS)
    charts = charts_on(page)
    context.close()
    return charts


def timed_open(browser, url: str, marker: str | None, charts: int = 0) -> tuple[float, float]:
    """(seconds to the first heading, seconds to the whole page with its `charts` charts drawn); with no marker the
    page is only waited for up to its heading."""
    context = browser.new_context()
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    page.locator(HEADING).first.wait_for(timeout=TIMEOUT_MS)
    first = time.perf_counter() - started
    if marker is not None:
        page.get_by_text(marker).first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=TIMEOUT_MS)
    whole = time.perf_counter() - started
    context.close()
    return first, whole


def timed_bare(browser, url: str) -> float:
    """A page of the same server with nothing on it but its heading: what Streamlit itself costs."""
    return timed_open(browser, url, None)[0]


def timed_sign_in(browser, base: str, charts: int) -> tuple[float, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, timeout=TIMEOUT_MS)
    button = page.get_by_role("button", name="Sign in as Maya")
    button.wait_for(timeout=TIMEOUT_MS)
    started = time.perf_counter()
    button.click()
    page.get_by_text("Welcome back, Maya").first.wait_for(timeout=TIMEOUT_MS)
    first = time.perf_counter() - started
    page.get_by_text("Total followers").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=TIMEOUT_MS)
    whole = time.perf_counter() - started
    context.close()
    return first, whole


def summary(name: str, runs: list[tuple[float, float]], goal: float) -> str:
    firsts, wholes = [r[0] for r in runs], [r[1] for r in runs]
    p50, worst = statistics.median(wholes), max(wholes)
    verdict = "within" if worst <= goal else "over"
    print(f"{name:<16} first heading median {statistics.median(firsts):5.2f} s · whole page median {p50:5.2f} s, "
          f"worst {worst:5.2f} s · goal ≤ {goal:.0f} s ({verdict}) · whole-page runs: "
          + " ".join(f"{w:.2f}" for w in wholes))
    slug = name.replace(" ", "_").replace("-", "_")
    return f"{slug}_p50={p50:.2f}s {slug}_worst={worst:.2f}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-paint-") as tmp:
        data_dir, workdir = fresh_folders(Path(tmp))
        server, port = start_server(data_dir, workdir)
        base = f"http://localhost:{port}/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                warm = browser.new_page()
                wait_for_app(warm, base)  # first start: initdb, migrations, demo seed
                warm.close()
                report_token, kit_token = make_links(data_dir)
                report_url, kit_url = f"{base}?report={report_token}", f"{base}?kit={kit_token}"
                # One unmeasured open of each, so every measured run meets a started server as a visitor would;
                # it also counts the charts each page draws.
                charts = {"report link": count_charts(browser, report_url, "through Creator Portal"),
                          "media kit link": count_charts(browser, kit_url, "Download the media kit as PDF"),
                          "sign-in to Home": count_charts(browser, base, "Total followers", click="Sign in as Maya")}
                print("charts each page draws: " + ", ".join(f"{k} {v}" for k, v in charts.items()))
                figures = {"report link": [], "media kit link": [], "sign-in to Home": []}
                bare = []
                for _ in range(args.runs):
                    bare.append(timed_bare(browser, f"{base}?report=no-such-link"))
                    figures["report link"].append(timed_open(browser, report_url, "through Creator Portal",
                                                              charts["report link"]))
                    figures["media kit link"].append(timed_open(browser, kit_url, "Download the media kit as PDF",
                                                                 charts["media kit link"]))
                    figures["sign-in to Home"].append(timed_sign_in(browser, base, charts["sign-in to Home"]))
                browser.close()
            print(f"{'bare page':<16} an unknown link's one-heading page, median {statistics.median(bare):5.2f} s: "
                  "what Streamlit's own scripts cost before the portal draws anything")
            result = [summary("report link", figures["report link"], 2),
                      summary("media kit link", figures["media kit link"], 2),
                      summary("sign-in to Home", figures["sign-in to Home"], 3)]
            print("RESULT " + " ".join(result))
        finally:
            server.terminate()
            server.wait(10)
            EmbeddedPostgres(data_dir / "postgres").stop()


if __name__ == "__main__":
    main()
