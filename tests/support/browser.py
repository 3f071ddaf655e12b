"""Helpers for the browser tests: a real Streamlit server running the portal, the
`oidc-provider-mock` OpenID Connect provider, and Debian's headless Chromium through Playwright.

Everything listens on 127.0.0.1 / localhost; every process started here is stopped by its owner
(`stop()`), and its output goes to a log file whose tail is printed when a test fails."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from services.core import clock
from services.core.db.embedded import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60.0  # seconds for a server to answer its health check
RENDER_TIMEOUT = 60_000  # milliseconds for the first render of a page


def wait_for_http(url: str, *, timeout: float, process: subprocess.Popen | None = None,
                  what: str = "server") -> None:
    """Poll url until it answers 200; fail early when process has exited."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last = exc
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s (last error: {last})")


def tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


class _Process:
    """A subprocess in its own process group, with its output in a log file."""

    name = "process"

    def __init__(self, log_dir: Path):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.log_dir / f"{self.name}.log"
        self.process: subprocess.Popen | None = None
        self._log = None

    def _spawn(self, args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def tail(self, lines: int = 60) -> str:
        return f"----- {self.name} log ({self.log_path}), last {lines} lines -----\n{tail(self.log_path, lines)}"

    def stop(self) -> None:
        """Stop the process group this object started (SIGTERM, then SIGKILL after 10 s)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


class StreamlitServer(_Process):
    """`streamlit run portal/app.py` on localhost:<free port>, from a temporary working directory whose
    .streamlit/ holds the repository's config.toml and the given secrets (and nothing from ~/.streamlit
    is used for secrets)."""

    def __init__(self, name: str, secrets: str, workdir: Path):
        self.name = f"streamlit-{name}"
        self.workdir = Path(workdir)
        super().__init__(self.workdir / "logs")
        self.port = free_port()
        self.secrets = secrets

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self, timeout: float = START_TIMEOUT) -> "StreamlitServer":
        dot = self.workdir / ".streamlit"
        dot.mkdir(parents=True, exist_ok=True)
        secrets_file = dot / "secrets.toml"
        secrets_file.write_text(self.secrets, encoding="utf-8")
        config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
        # Only this secrets file: a developer's ~/.streamlit/secrets.toml must not change the test.
        config += f"\n[secrets]\nfiles = [{json.dumps(str(secrets_file))}]\n"
        (dot / "config.toml").write_text(config, encoding="utf-8")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("STREAMLIT_", "PORTAL_")) and k not in ("PYTEST_CURRENT_TEST",)}
        env.update(PORTAL_NOW=clock.now().isoformat())  # the test's clock, running on from there
        env.update(PORTAL_SECRETS_FILE=str(secrets_file), PORTAL_DATA_DIR=str(self.workdir / "data"),
                   PYTHONUNBUFFERED="1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        self._spawn([sys.executable, "-m", "streamlit", "run", str(ROOT / "portal" / "app.py"),
                     "--server.port", str(self.port), "--server.address", "localhost",
                     "--server.headless", "true", "--server.fileWatcherType", "none",
                     "--browser.gatherUsageStats", "false"], cwd=self.workdir, env=env)
        try:
            wait_for_http(f"{self.url}/_stcore/health", timeout=timeout, process=self.process, what=self.name)
        except Exception as exc:
            self.stop()
            raise RuntimeError(f"{exc}\n{self.tail()}") from None
        return self


class OidcProviderMock(_Process):
    """`oidc-provider-mock` on 127.0.0.1:<free port>. It accepts any client id and secret and shows an
    authorization form where the tester types the subject; claims for a subject are set beforehand
    with PUT /users/<sub>."""

    name = "oidc-provider-mock"

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        super().__init__(self.workdir / "logs")
        self.port = free_port()

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self, timeout: float = START_TIMEOUT) -> "OidcProviderMock":
        env = dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1")
        self._spawn([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(self.port)],
                    cwd=self.workdir, env=env)
        try:
            wait_for_http(self.metadata_url, timeout=timeout, process=self.process, what=self.name)
        except Exception as exc:
            self.stop()
            raise RuntimeError(f"{exc}\n{self.tail()}") from None
        return self

    def set_user(self, subject: str, claims: dict) -> None:
        request = urllib.request.Request(f"{self.issuer}/users/{subject}", data=json.dumps(claims).encode(),
                                         method="PUT", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204, response.status


@contextlib.contextmanager
def running(process):
    """A started server (StreamlitServer, OidcProviderMock, or any with start and stop), stopped afterwards."""
    process.start()
    try:
        yield process
    finally:
        process.stop()


def mock_sign_in_secrets(portal: StreamlitServer, provider: OidcProviderMock) -> str:
    """The portal's [auth] secrets for one OpenID Connect provider, [auth.mock], pointing at oidc-provider-mock."""
    return (f'\n[auth]\nredirect_uri = "{portal.url}/oauth2callback"\n'
            f'cookie_secret = "{uuid.uuid4().hex}{uuid.uuid4().hex}"\n'
            f'\n[auth.mock]\nclient_id = "creator-portal-tests"\nclient_secret = "creator-portal-tests-secret"\n'
            f'server_metadata_url = "{provider.metadata_url}"\n')


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        raise RuntimeError(f"Chromium not found at {CHROMIUM} (install Debian's chromium package)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@contextlib.contextmanager
def diagnose(*processes: _Process, page=None, artifacts: Path | None = None):
    """On failure, print each process's log tail (and the page's URL and text, with a screenshot)
    so the captured output of the failed test explains what the browser saw."""
    try:
        yield
    except BaseException:
        if page is not None:
            with contextlib.suppress(Exception):
                print(f"----- page {page.url} -----")
                print(page.inner_text("body", timeout=2000)[-3000:])
            if artifacts is not None:
                with contextlib.suppress(Exception):
                    shot = Path(artifacts) / f"failure-{int(time.time())}.png"
                    page.screenshot(path=str(shot), timeout=5000)
                    print(f"screenshot: {shot}")
        for process in processes:
            print(process.tail())
        raise
