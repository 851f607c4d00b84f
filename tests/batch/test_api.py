"""The batch package's public names."""

from __future__ import annotations

import akhbar.batch


def test_all_is_sorted_and_complete() -> None:
    assert akhbar.batch.__all__ == sorted(akhbar.batch.__all__)
    for name in akhbar.batch.__all__:
        assert hasattr(akhbar.batch, name), name
