"""Cold and warm start of the embedded default, as a new user meets it.

Runs `streamlit run portal/app.py` with nothing configured and a fresh data folder, opens the page in
headless Chromium, signs in as the demo creator Maya and waits for Home's numbers: first start
(initdb + migrations + demo seed) and then a second start on the same folder. Prints seconds.
Not a test; run: python bench/cold_start.py"""
from __future__ import annotations

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


def one_start(data_dir: Path, workdir: Path) -> tuple[float, float]:
    """(seconds to the sign-in screen, seconds to a rendered Home) from process start."""
    started = time.perf_counter()
    server, port = start_server(data_dir, workdir)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            deadline = time.time() + 120
            while True:
                try:
                    page.goto(f"http://localhost:{port}/", timeout=5000)
                    break
                except Exception:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.1)
            page.get_by_role("button", name="Sign in as Maya").click(timeout=120_000)
            sign_in = time.perf_counter() - started
            page.get_by_text("Welcome back, Maya").wait_for(timeout=120_000)
            page.get_by_text("Total followers").wait_for(timeout=120_000)
            home = time.perf_counter() - started
            browser.close()
        return sign_in, home
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="portal-cold-") as tmp:
        data_dir, workdir = fresh_folders(Path(tmp))
        try:
            first = one_start(data_dir, workdir)
            print(f"first start:  sign-in screen {first[0]:.1f} s · Home rendered {first[1]:.1f} s "
                  "(initdb, migrations, demo seed, sign-in click included)")
            EmbeddedPostgres(data_dir / "postgres").stop()
            second = one_start(data_dir, workdir)
            print(f"second start: sign-in screen {second[0]:.1f} s · Home rendered {second[1]:.1f} s "
                  "(database stopped in between, so it starts again)")
        finally:
            EmbeddedPostgres(data_dir / "postgres").stop()


if __name__ == "__main__":
    main()
