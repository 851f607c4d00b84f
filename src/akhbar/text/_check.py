"""The one input check of the text layer: text must be a str."""

from __future__ import annotations

from typing import Any


def require_str(text: Any) -> str:
    """Return ``text`` if it is a str, else raise ``akhbar.errors.InputError``."""
    if isinstance(text, str):
        return text
    from akhbar.errors import InputError

    raise InputError(f"text must be str, not {type(text).__name__}")
