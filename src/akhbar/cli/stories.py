"""``akhbar cluster``: place JSON Lines items into stories and print where each went."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Annotated, Any

import typer


def parse_when(value: object) -> datetime | None:
    """An ISO 8601 time, or None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def entity_ids(title: str, text: str) -> tuple[str, ...]:
    """Ids of the people, places and organisations akhbar's entity stage finds."""
    from akhbar.analyze.entities import find_entities
    from akhbar.text import normalize

    found = find_entities(normalize.display(f"{title}\n{text}".strip()))
    kinds = {"PERSON", "LOCATION", "ORGANIZATION"}
    return tuple(sorted({e.id for e in found if e.id and e.label in kinds}))


def cluster_lines(lines: Iterable[str], entities: bool = False) -> Iterator[dict[str, Any]]:
    """Place each JSON line's item in a fresh in-memory clusterer; yield one result each.

    Each result is ``{"id", "story", "copy_of", "grade"}``; an item that cannot be placed
    has ``"story": null`` and a ``"refused"`` reason. With ``entities``, each item is run
    through the entity stage first, as the desk does.
    """
    from akhbar.stories.cluster import Clusterer
    from akhbar.stories.features import Doc

    clusterer = Clusterer()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            yield {
                "id": None,
                "story": None,
                "copy_of": None,
                "grade": None,
                "refused": f"line {n}: not JSON",
            }
            continue
        if not isinstance(obj, dict):
            yield {
                "id": None,
                "story": None,
                "copy_of": None,
                "grade": None,
                "refused": f"line {n}: not a JSON object",
            }
            continue
        item_id = obj.get("id")
        item_id = str(item_id) if item_id is not None else ""
        title, text = str(obj.get("title") or ""), str(obj.get("text") or "")
        doc = Doc(
            id=item_id,
            title=title,
            text=text,
            published=parse_when(obj.get("published")),
            source=str(obj.get("source") or ""),
            entities=entity_ids(title, text) if entities and (title or text) else (),
        )
        placed = clusterer.place(doc)
        out: dict[str, Any] = {
            "id": item_id or None,
            "story": placed.story_id,
            "copy_of": placed.copy_of,
            "grade": placed.grade,
        }
        if placed.refused:
            out["refused"] = placed.refused
        yield out


def _lines(stream: IO[bytes]) -> Iterator[str]:
    for raw in stream:
        yield raw.decode("utf-8", errors="replace")


def register(app: typer.Typer) -> None:
    """Add ``cluster`` to the app."""

    @app.command("cluster")
    def cluster_cmd(
        file: Annotated[
            Path | None, typer.Argument(help="JSON Lines items; standard input when absent")
        ] = None,
        entities: Annotated[
            bool, typer.Option("--entities", help="tag entities first, as the desk does")
        ] = False,
    ) -> None:
        """Group JSON Lines items (id, title, text, published, source) into stories."""
        with file.open("rb") if file else sys.stdin.buffer as stream:
            for result in cluster_lines(_lines(stream), entities=entities):
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
