"""The desk: what happens to items once they are stored (analysis, then stories).

``process_new`` is the one place ingest, ``akhbar run`` and ``batch import`` hand new
items to the later stages, so that every path builds the same articles and stories.
"""

from __future__ import annotations

from collections.abc import Sequence

from akhbar.store.base import Store


def process_new(store: Store, item_ids: Sequence[int]) -> None:
    """Analyze and cluster newly stored items (wired up as the stages land)."""
    del store, item_ids
