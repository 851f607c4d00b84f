"""Commands of the serve area: ``akhbar serve`` (API and reader) and ``akhbar search``."""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or postgresql:// URL (default: $AKHBAR_DB)"),
]


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Serve the JSON API (/api, /openapi.json) and the reader over HTTP."""
    import uvicorn

    from akhbar.config import load_settings
    from akhbar.web.app import create_app

    settings = load_settings(db)
    if workers > 1:  # each worker process builds its own app (and store) from AKHBAR_*
        os.environ["AKHBAR_DB"] = settings.db
        uvicorn.run(
            "akhbar.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            proxy_headers=False,
        )
        return
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False)


def search(
    query: Annotated[str, typer.Argument(help='words, "a phrase", prefix*, -word, a OR b')] = "",
    db: DbOption = None,
    since: Annotated[datetime | None, typer.Option(help="published on or after")] = None,
    until: Annotated[datetime | None, typer.Option(help="published on or before")] = None,
    source: Annotated[str | None, typer.Option(help="source key")] = None,
    source_type: Annotated[str | None, typer.Option("--source-type")] = None,
    topic: Annotated[str | None, typer.Option()] = None,
    entity: Annotated[str | None, typer.Option(help="entity id, English or Urdu name")] = None,
    story: Annotated[str | None, typer.Option()] = None,
    group: Annotated[bool, typer.Option("--group", help="one hit per story")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per hit")] = False,
) -> None:
    """Search the stored reports (Urdu letter variants match each other)."""
    from akhbar.config import load_settings
    from akhbar.errors import AkhbarError
    from akhbar.store import open_store
    from akhbar.store.query import SearchQuery

    try:
        q = SearchQuery(
            text=query,
            since=since,
            until=until,
            source=source,
            source_type=source_type,
            topic=topic,
            entity=entity,
            story=story,
            group_by_story=group,
            limit=limit,
        )
        store = open_store(load_settings(db).db)
        try:
            result = store.search(q)
        finally:
            store.close()
    except AkhbarError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        for hit in result.hits:
            typer.echo(
                json.dumps(
                    {
                        "id": hit.item_id,
                        "title": hit.title,
                        "snippet": hit.snippet,
                        "score": hit.score,
                        "source": hit.source,
                        "published": hit.published.isoformat() if hit.published else None,
                        "url": hit.url,
                        "story": hit.story,
                        "topic": hit.topic,
                        "others": hit.others,
                    },
                    ensure_ascii=False,
                )
            )
        return
    _print_hits(result)


def _print_hits(result: object) -> None:
    from rich.console import Console
    from rich.text import Text

    from akhbar.store.query import SearchResult

    assert isinstance(result, SearchResult)
    console = Console()
    console.print(f"{result.total} matching", style="bold")
    for hit in result.hits:
        when = hit.published.date().isoformat() if hit.published else ""
        head = Text(f"{hit.item_id}  {hit.source}  {when}  ", style="dim")
        title = Text(hit.title)
        for start, end in hit.title_highlights:
            title.stylize("bold yellow", start, end)
        console.print(head + title)
        if hit.snippet:
            snippet = Text("    " + hit.snippet)
            for start, end in hit.highlights:
                snippet.stylize("bold yellow", start + 4, end + 4)
            console.print(snippet)
        if hit.others:
            console.print(f"    (+{hit.others} more in story {hit.story})", style="dim")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("serve")(serve)
    app.command("search")(search)
