"""Commands of the ingest area: ``sources``, ``ingest``, ``run``, ``items``.

Every command takes ``--db`` (or ``AKHBAR_DB``): a SQLite file path or a
``postgresql://`` URL. Errors are one line each, naming the source; a summary follows.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from akhbar.ingest.run import IngestOptions, IngestReport, TargetResult
    from akhbar.model import SourceType
    from akhbar.store.base import Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or postgresql:// URL (default: AKHBAR_DB, then the user data directory)",
        show_default=False,
    ),
]
TypeOption = Annotated[
    str | None,
    typer.Option("--type", help="source type: agency, newspaper, broadcaster, social, other"),
]
AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="allow fetching loopback and private addresses"),
]
NoAnalyze = Annotated[
    bool,
    typer.Option("--no-analyze", help="only store items; analyze and cluster them later"),
]
HostInterval = Annotated[
    float,
    typer.Option("--host-interval", help="seconds between two requests to one host"),
]


def _store(db: str | None) -> Store:
    from akhbar.config import load_settings
    from akhbar.errors import AkhbarError
    from akhbar.store import open_store

    settings = load_settings(db)
    try:
        return open_store(settings.db)
    except AkhbarError as exc:
        _err().print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc


def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _check_type(value: str | None) -> str | None:
    from akhbar.model import SOURCE_TYPES

    if value is not None and value not in SOURCE_TYPES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(SOURCE_TYPES)}")
    return value


def _options(
    db: str | None,
    *,
    allow_private: bool,
    robots: bool = True,
    host_interval: float = 1.0,
    **values: Any,
) -> IngestOptions:
    from akhbar.config import load_settings
    from akhbar.ingest.fetch import FetchOptions
    from akhbar.ingest.run import IngestOptions

    settings = load_settings(db)
    fetch = FetchOptions(
        user_agent=settings.user_agent,
        allow_private=allow_private or settings.allow_private,
        robots=robots,
        host_interval=host_interval,
    )
    return IngestOptions(fetch=fetch, **{k: v for k, v in values.items() if v is not None})


def _run_with_progress(label: str, total: int | None, work: Any, console: Console) -> IngestReport:
    """Run ``work(on_result)`` with a Rich progress bar on a terminal, error lines always."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from akhbar.ingest.run import fetch_error_line

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=total, last="")

        def on_result(result: TargetResult) -> None:
            if result.status == "error":
                progress.console.print(fetch_error_line(result), markup=False)
            progress.update(task, advance=1, last=(result.source or result.target)[-40:])

        def on_batch(target: str, done: int, of: int) -> None:
            progress.update(task, last=f"{target[-40:]} {done:,}/{of:,} items")

        return cast("IngestReport", work(on_result, on_batch))


def _summary(report: IngestReport, console: Console) -> None:
    problems = [r for r in report.results if r.problem and r.status != "error"]
    for r in problems:
        console.print(f"note: {r.source or r.target}: {r.problem}", markup=False)
    console.print(
        f"{len(report.results)} target(s): {report.new} new, {report.seen} already stored,"
        f" {report.rejected} rejected, {len(report.errors)} failed",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    sources = typer.Typer(help="Manage the sources akhbar reads.", no_args_is_help=True)
    app.add_typer(sources, name="sources")

    @sources.command("add")
    def sources_add(
        target: Annotated[str, typer.Argument(help="feed URL, page URL or file")],
        type_: TypeOption = None,
        name: Annotated[str | None, typer.Option("--name", help="display name")] = None,
        key: Annotated[str | None, typer.Option("--key", help="key (default: URL)")] = None,
        kind: Annotated[
            str | None, typer.Option("--kind", help="feed (polled), page (polled) or file")
        ] = None,
        language: Annotated[str, typer.Option("--language", help="language code")] = "ur",
        db: DbOption = None,
    ) -> None:
        """Register a source (a feed URL is polled by ``akhbar run``)."""
        from akhbar.ingest.sources import add_source

        if kind is not None and kind not in {"feed", "page", "file"}:
            raise typer.BadParameter(f"--kind must be feed, page or file, not {kind!r}")
        source_type = _check_type(type_)
        store = _store(db)
        record = add_source(
            store,
            target,
            type_=source_type,
            name=name,
            key=key,
            kind=kind,
            language=language,
        )
        typer.echo(f"{record.source.key}\t{record.source.type}\t{record.kind}")
        store.close()

    @sources.command("import")
    def sources_import(
        file: Annotated[Path, typer.Argument(help="an OPML file of feeds", exists=True)],
        type_: TypeOption = None,
        db: DbOption = None,
    ) -> None:
        """Register every feed of an OPML file."""
        from akhbar.errors import AkhbarError
        from akhbar.ingest.sources import import_opml

        store = _store(db)
        try:
            kind = cast("SourceType", _check_type(type_) or "other")
            added, known = import_opml(store, file.read_bytes(), kind)
        except AkhbarError as exc:
            _err().print(f"error: {file}: {exc}", markup=False)
            raise typer.Exit(1) from exc
        finally:
            store.close()
        typer.echo(f"{added} feed(s) added, {known} already known")

    @sources.command("export")
    def sources_export(
        output: Annotated[Path | None, typer.Option("--output", "-o", help="file")] = None,
        db: DbOption = None,
    ) -> None:
        """Write the sources with a URL as OPML."""
        from akhbar.ingest.opml import write_opml

        store = _store(db)
        text = write_opml(r.source for r in store.sources())
        store.close()
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)

    @sources.command("list")
    def sources_list(
        as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
        db: DbOption = None,
    ) -> None:
        """List sources with their health: items, failures, last fetch and its status."""
        from akhbar.ingest.sources import source_json

        store = _store(db)
        records = store.sources()
        store.close()
        if as_json:
            for r in records:
                sys.stdout.write(json.dumps(source_json(r), ensure_ascii=False) + "\n")
            return
        from rich.console import Console
        from rich.table import Table

        table = Table("key", "name", "type", "kind", "items", "failures", "last fetch", "status")
        for r in records:
            table.add_row(
                r.source.key,
                r.source.name,
                r.source.type,
                r.kind,
                str(r.items),
                str(r.failures),
                r.last_fetch.strftime("%Y-%m-%d %H:%M") if r.last_fetch else "",
                r.last_status or "",
            )
        Console().print(table)

    @sources.command("log")
    def sources_log(
        key: Annotated[str | None, typer.Argument(help="source key (all when absent)")] = None,
        limit: Annotated[int, typer.Option("--limit", help="how many")] = 20,
        db: DbOption = None,
    ) -> None:
        """Show the latest fetch attempts and rejects: why a source is silent."""
        store = _store(db)
        for f in store.fetches(key, limit):
            line = f"{f.at:%Y-%m-%d %H:%M:%S} {f.source} {f.status} new={f.new} seen={f.seen}"
            typer.echo(line + (f" {f.error}" if f.error else ""))
        for r in store.rejects(key, limit):
            typer.echo(f"reject {r.source}: {r.reason}")
        store.close()

    @sources.command("remove")
    def sources_remove(
        key: Annotated[str, typer.Argument(help="source key")], db: DbOption = None
    ) -> None:
        """Remove a source with its items."""
        store = _store(db)
        removed = store.remove_source(key)
        store.close()
        if not removed:
            _err().print(f"error: no source {key}", markup=False)
            raise typer.Exit(1)

    @app.command("ingest")
    def ingest_cmd(
        targets: Annotated[list[str], typer.Argument(help="files, folders or URLs")],
        source: Annotated[
            str | None, typer.Option("--source", help="put items under this source key")
        ] = None,
        type_: TypeOption = None,
        fmt: Annotated[
            str | None,
            typer.Option("--format", help="feed, page, text, telegram, tweets, jsonl, csv"),
        ] = None,
        mapping: Annotated[
            str | None,
            typer.Option("--map", help="columns of JSONL/CSV: text=COL,published=COL,..."),
        ] = None,
        batch_size: Annotated[int, typer.Option("--batch-size", help="items a transaction")] = 500,
        any_language: Annotated[
            bool, typer.Option("--any-language", help="keep items not in the source's language")
        ] = False,
        allow_private: AllowPrivate = False,
        host_interval: HostInterval = 1.0,
        no_robots: Annotated[bool, typer.Option("--no-robots", help="ignore robots.txt")] = False,
        no_analyze: NoAnalyze = False,
        db: DbOption = None,
    ) -> None:
        """Ingest files, folders and URLs (feeds, pages, text pages, social exports)."""
        from akhbar.ingest.detect import FORMATS
        from akhbar.ingest.run import expand_targets, ingest_paths
        from akhbar.ingest.social import ColumnMap

        if fmt is not None and fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
        options = _options(
            db,
            allow_private=allow_private,
            robots=not no_robots,
            host_interval=host_interval,
            source=source,
            source_type=_check_type(type_),
            format=fmt,
            mapping=ColumnMap.parse(mapping),
            batch_size=batch_size,
            same_language=not any_language,
            process=not no_analyze,
        )
        store = _store(db)
        console = _err()
        expanded = list(expand_targets(targets))
        try:
            report = _run_with_progress(
                "ingest",
                len(expanded),
                lambda on, batch: ingest_paths(
                    store, expanded, options, on_result=on, on_batch=batch
                ),
                console,
            )
        finally:
            store.close()
        _summary(report, console)
        if report.errors:
            raise typer.Exit(1)

    @app.command("run")
    def run_cmd(
        once: Annotated[bool, typer.Option("--once", help="poll what is due once, then stop")] = (
            False
        ),
        interval: Annotated[
            float, typer.Option("--interval", help="minutes between polls of a feed")
        ] = 15.0,
        allow_private: AllowPrivate = False,
        host_interval: HostInterval = 1.0,
        no_analyze: NoAnalyze = False,
        db: DbOption = None,
    ) -> None:
        """Poll every feed on its schedule until stopped (Ctrl-C), backing off failing ones."""
        from akhbar.ingest.run import fetch_error_line, run_poller

        options = _options(
            db,
            allow_private=allow_private,
            host_interval=host_interval,
            interval=timedelta(minutes=interval),
            process=not no_analyze,
        )
        store = _store(db)
        console = _err()
        stop = threading.Event()

        def on_signal(signum: int, frame: object) -> None:
            stop.set()

        previous = signal.signal(signal.SIGTERM, on_signal)

        def on_result(result: TargetResult) -> None:
            if result.status == "error":
                console.print(fetch_error_line(result), markup=False)
            else:
                console.print(
                    f"{result.source}: {result.status}, {result.new} new, {result.seen} seen",
                    markup=False,
                )

        try:
            report = run_poller(
                store, options, should_stop=stop.wait, once=once, on_result=on_result
            )
        except KeyboardInterrupt:
            console.print("stopped", markup=False)
            return
        finally:
            signal.signal(signal.SIGTERM, previous)
            store.close()
        _summary(report, console)

    @app.command("items")
    def items_cmd(
        source: Annotated[str | None, typer.Option("--source", help="source key")] = None,
        kind: Annotated[
            str | None, typer.Option("--kind", help="article, headline or post")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
        limit: Annotated[int, typer.Option("--limit", help="at most this many")] = 1000,
        db: DbOption = None,
    ) -> None:
        """List stored items; with --json, one JSON object per line."""
        from akhbar.ingest.sources import item_json

        store = _store(db)
        names = {r.source.key: r.source.name for r in store.sources()}
        out = sys.stdout
        after: int | None = None
        remaining = limit
        while remaining > 0:
            page = store.items(source=source, kind=kind, limit=min(500, remaining), after_id=after)
            if not page:
                break
            for stored in page:
                if as_json:
                    row = item_json(stored, names.get(stored.item.source))
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    i = stored.item
                    when = i.published.strftime("%Y-%m-%d") if i.published else "-"
                    out.write(
                        f"{stored.id}\t{i.kind}\t{i.source}\t{when}\t{i.title or i.text[:80]}\n"
                    )
            after = page[-1].id
            remaining -= len(page)
        store.close()
