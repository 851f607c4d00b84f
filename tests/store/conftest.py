"""Store fixtures: every shared test runs on SQLite and on a throwaway PostgreSQL.

The PostgreSQL server is started once per session from the installed binaries
(``/usr/lib/postgresql/15/bin`` or ``AKHBAR_PG_BIN``), as the ``postgres`` user when the
tests run as root (``initdb`` refuses root), in a temporary directory on a free port,
and every test gets a fresh schema of its own. Tests are skipped, with the reason,
only when the binaries are absent.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from akhbar.store.sqlite import SQLiteStore

PG_BIN = Path(os.environ.get("AKHBAR_PG_BIN", "/usr/lib/postgresql/15/bin"))
_SCHEMAS = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[dict[str, str]]:
    """A running throwaway PostgreSQL server: connection parameters."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(
            f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql)"
        )
    root = Path(tempfile.mkdtemp(prefix="akhbar-pg-"))
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            pytest.skip("running as root and there is no `postgres` user to run the server")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    data = root / "data"
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    try:
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )
        options = (
            f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(root / "log"),
                    "-w",
                    "start",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )
    except subprocess.CalledProcessError as exc:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr!r} {log}") from exc
    try:
        yield {"host": str(root), "port": str(port), "user": "postgres", "dbname": "postgres"}
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


def pg_url(server: dict[str, str], schema: str | None = None) -> str:
    """A libpq URL for the server, with ``search_path`` set to ``schema``."""
    query = {"host": server["host"], "port": server["port"]}
    if schema:
        query["options"] = f"-csearch_path={schema}"
    return f"postgresql://{server['user']}@/{server['dbname']}?" + urllib.parse.urlencode(query)


@pytest.fixture
def pg_store(pg_server: dict[str, str]) -> Iterator[Any]:
    """A migrated PostgresStore in a fresh schema."""
    import psycopg

    from akhbar.store.postgres import PostgresStore

    schema = f"t{os.getpid()}_{next(_SCHEMAS)}"
    with psycopg.connect(pg_url(pg_server), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    store = PostgresStore(pg_url(pg_server, schema))
    store.migrate()
    try:
        yield store
    finally:
        store.close()
        with psycopg.connect(pg_url(pg_server), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A migrated, empty store of each backend."""
    if request.param == "postgres":
        yield request.getfixturevalue("pg_store")
        return
    sqlite_store = SQLiteStore(":memory:")
    sqlite_store.migrate()
    try:
        yield sqlite_store
    finally:
        sqlite_store.close()
