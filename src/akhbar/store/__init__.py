"""The item store: ``open_store`` picks SQLite or PostgreSQL from a path or URL.

>>> store = open_store(":memory:")
>>> store.count_items()
0
"""

from __future__ import annotations

from pathlib import Path

from akhbar.store.base import Store


def open_store(url_or_path: str | Path, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at a SQLite path, ``:memory:`` or a
    ``postgresql://`` URL."""
    target = str(url_or_path)
    store: Store
    if target.startswith(("postgresql://", "postgres://")):
        from akhbar.errors import require

        require("psycopg", "postgres")
        from akhbar.store.postgres import PostgresStore

        store = PostgresStore(target)
    else:
        from akhbar.store.sqlite import SQLiteStore

        store = SQLiteStore(target.removeprefix("sqlite:///") if target != ":memory:" else target)
    if migrate:
        store.migrate()
    return store


__all__ = ["Store", "open_store"]
