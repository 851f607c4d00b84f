"""Settings, built by a function, never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run of akhbar can be told from outside."""

    db: str
    api_token: str | None = None
    allow_private: bool = False
    user_agent: str = "akhbar/0.1 (+https://github.com/akhbar/akhbar)"
    digits: str = "urdu"  # "urdu" or "western" in the reader
    font: str = "nastaliq"  # "nastaliq" or "naskh" in the reader


def default_db_path() -> str:
    """The SQLite file in the user's data directory."""
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("akhbar")) / "akhbar.db")


def load_settings(db: str | None = None, **overrides: object) -> Settings:
    """Settings from arguments, then ``AKHBAR_*`` environment variables, then defaults."""
    env = os.environ
    values: dict[str, object] = {
        "db": db or env.get("AKHBAR_DB") or default_db_path(),
        "api_token": env.get("AKHBAR_TOKEN") or None,
        "allow_private": env.get("AKHBAR_ALLOW_PRIVATE", "") in {"1", "true", "yes"},
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]
