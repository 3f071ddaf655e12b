"""The embedded server lets in only whoever holds its password, keeps its files to itself, and keeps
every commit that returned across a crash of the server."""
from __future__ import annotations

import os
import signal
import stat
import threading
import time

import psycopg
import pytest

from services.core.db.embedded import HBA, EmbeddedPostgres, _bin, _is_zombie, free_port
from services.core.errors import DatabaseUnavailable


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_connecting_without_the_password_is_refused_on_the_socket_and_on_tcp(database):
    no_password = [f"postgresql://postgres@/postgres?host={database.socket_dir}&port={database.tcp_port}",
                   f"postgresql://postgres@127.0.0.1:{database.tcp_port}/postgres?sslmode=disable"]
    for url in no_password:
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(url, connect_timeout=5, password="").close()
    wrong = database.url().replace(database.password(), "not-the-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=5).close()
    with psycopg.connect(database.url(), connect_timeout=5) as conn:
        assert conn.execute("select current_setting('fsync'), current_setting('full_page_writes'), "
                            "current_setting('synchronous_commit')").fetchone() == ("on", "on", "on")


def test_password_socket_and_data_folder_are_closed_to_other_users(database):
    assert _mode(database.password_file) == 0o600
    assert _mode(database.socket_dir) == 0o700
    assert _mode(database.data_dir) & 0o077 == 0
    assert "trust" not in "\n".join(line for line in (database.data_dir / "pg_hba.conf").read_text().splitlines()
                                    if not line.startswith("#"))


def test_a_data_folder_made_with_trust_gets_a_password_on_its_next_start(workdir):
    """Made the way older versions did: initdb --auth=trust and a socket folder anyone may enter."""
    server = EmbeddedPostgres(workdir / "old" / "postgres", tcp_port=free_port())
    server.data_dir.mkdir(parents=True)
    server._chown(server.data_dir)
    server._as_server([_bin("initdb"), "-D", str(server.data_dir), "-U", "postgres", "--auth=trust",
                       "--encoding=UTF8", "--no-instructions"])
    server.socket_dir.mkdir(mode=0o777)
    server.socket_dir.chmod(0o777)
    try:
        url = server.start()
        assert (server.data_dir / "pg_hba.conf").read_text() == HBA
        assert _mode(server.socket_dir) == 0o700 and _mode(server.password_file) == 0o600
        with psycopg.connect(url, connect_timeout=5) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(f"postgresql://postgres@/postgres?host={server.socket_dir}&port={server.tcp_port}",
                            connect_timeout=5, password="").close()
        server.stop()
        with psycopg.connect(server.start(), connect_timeout=5) as conn:  # and it stays that way
            assert conn.execute("select 1").fetchone() == (1,)
    finally:
        server.stop()


def test_every_commit_that_returned_survives_kill_9_of_the_postmaster(workdir):
    server = EmbeddedPostgres(workdir / "crash" / "postgres", tcp_port=free_port())
    url = server.start()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create table commits (n integer primary key)")
        acknowledged: list[int] = []
        failed: list[Exception] = []

        def write():
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    for n in range(1000):
                        conn.execute("insert into commits values (%s)", (n,))  # one commit per row
                        acknowledged.append(n)
            except psycopg.Error as exc:
                failed.append(exc)

        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.time() + 60
        while len(acknowledged) < 300 and writer.is_alive() and time.time() < deadline:
            time.sleep(0.005)
        postmaster = int((server.data_dir / "postmaster.pid").read_text().splitlines()[0])
        os.kill(postmaster, signal.SIGKILL)
        _wait_until_dead(postmaster)
        writer.join(30)
        assert failed, "the writer should have lost its connection before finishing"
        assert 300 <= len(acknowledged) < 1000

        url = _restart(server)
        with psycopg.connect(url, autocommit=True) as conn:
            stored = {n for (n,) in conn.execute("select n from commits")}
        assert set(acknowledged) <= stored
    finally:
        server.stop()


def _wait_until_dead(pid: int, timeout: float = 30) -> None:
    """SIGKILL is delivered asynchronously: until the process is gone (or a zombie), postmaster.pid still names a
    live, ready server, and a start in that moment would take it for running."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if _is_zombie(pid):
            return
        time.sleep(0.01)
    raise AssertionError(f"the postmaster {pid} did not die within {timeout} s")


def _restart(server, timeout: float = 30) -> str:
    """After the postmaster dies its backends notice and exit; a start before that is refused, so retry."""
    deadline = time.time() + timeout
    while True:
        try:
            return server.start()
        except DatabaseUnavailable:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
