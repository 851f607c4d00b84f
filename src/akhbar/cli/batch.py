"""``akhbar batch``: the pipeline over archives on Dask, and loading its output.

``akhbar batch INPUT... --out DIR`` is short for ``akhbar batch run INPUT... --out DIR``:
the group runs ``run`` when its first argument is not one of its commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup


class _RunByDefault(TyperGroup):
    """A command group that treats ``batch INPUT...`` as ``batch run INPUT...``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer vendors click
        if args and args[0] not in self.commands and args[0] not in {"--help", "-h"}:
            args = ["run", *args]
        return super().parse_args(ctx, args)


def _size(text: str) -> int:
    """Bytes from ``64MB``, ``500kB``, ``1GB`` or a plain number."""
    units = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20}
    raw = text.strip().lower().replace(" ", "")
    number = raw.rstrip("kmgib")
    unit = raw[len(number) :]
    try:
        return int(float(number) * units[unit])
    except (KeyError, ValueError) as exc:
        raise typer.BadParameter(f"not a size: {text!r} (e.g. 64MB)") from exc


def print_summary(summary: Any, console: Any) -> None:
    """A table of what the run did: records read, kept, dropped and errors by reason."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="akhbar batch", show_header=False)
    table.add_row("shards", f"{summary.shards} ({summary.ran} ran, {summary.skipped} done before)")
    table.add_row("records read", f"{summary.read:,}")
    table.add_row("kept", f"{summary.kept:,}")
    for reason, n in summary.dropped:
        table.add_row(f"dropped: {reason}", f"{n:,}")
    for reason, n in summary.errors:
        table.add_row(f"error: {reason}", f"{n:,}")
    if summary.ran:
        table.add_row("seconds", f"{summary.seconds:,.1f} ({summary.startup:,.1f} starting)")
        table.add_row("documents/s", f"{summary.docs_per_second:,.1f}")
    if summary.peak_rss_mb:
        table.add_row("peak memory/worker", f"{summary.peak_rss_mb:,.0f} MB")
    for ref, reason, detail in summary.examples[:5]:
        table.add_row(f"[dim]e.g. {escape(reason)}", "[dim]" + escape(f"{ref} {detail}"[:110]))
    for shard, reason in summary.failed:
        table.add_row(f"[red]failed shard {escape(shard)}", escape(reason))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``batch run`` (the default) and ``batch import`` to the app."""
    batch = typer.Typer(
        cls=_RunByDefault,
        help="Run the pipeline over WARC/JSONL/CSV/page archives on Dask; import the output.",
        no_args_is_help=True,
    )

    @batch.command("run")
    def run_cmd(
        out: Annotated[Path, typer.Option("--out", "-o", help="output directory")],
        inputs: Annotated[
            list[str] | None,
            typer.Argument(help="WARC, JSON Lines, CSV files or directories (paths or URLs)"),
        ] = None,
        workers: Annotated[int, typer.Option(help="LocalCluster worker processes")] = 2,
        scheduler: Annotated[
            str | None, typer.Option(help="address of a running Dask scheduler")
        ] = None,
        shard_size: Annotated[
            str, typer.Option(help="bytes of WARC/JSONL per shard, e.g. 64MB")
        ] = "64MB",
        records_per_shard: Annotated[
            int, typer.Option(help="CSV rows, compressed JSONL lines or dir files per shard")
        ] = 1000,
        max_record: Annotated[str, typer.Option(help="bigger records are errors")] = "10MB",
        min_urdu_letters: Annotated[
            int, typer.Option(help="cheap script check: fewer Urdu letters is a drop")
        ] = 20,
        progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
    ) -> None:
        """Extract, read, analyze and fingerprint every record; write Parquet to --out.

        Re-running with the same --out skips finished shards (a killed run resumes);
        `akhbar batch --out DIR` alone resumes the run planned in DIR.
        """
        from rich.console import Console

        from akhbar.batch.runner import BatchOptions, run_batch
        from akhbar.batch.sources import Limits
        from akhbar.errors import AkhbarError

        console = Console(stderr=True)
        options = BatchOptions(
            workers=workers,
            scheduler=scheduler,
            shard_bytes=_size(shard_size),
            records_per_shard=records_per_shard,
            limits=Limits(_size(max_record), min_urdu_letters),
            progress=progress,
        )
        try:
            summary = run_batch(list(inputs or []), out, options, console=console)
        except AkhbarError as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        print_summary(summary, console)
        if summary.failed:
            raise typer.Exit(1)

    @batch.command("import")
    def import_cmd(
        directory: Annotated[Path, typer.Argument(help="the --out of `akhbar batch`")],
        db: Annotated[str | None, typer.Option(help="SQLite path or postgresql:// URL")] = None,
    ) -> None:
        """Load a batch run's articles into the store and build stories in date order."""
        from rich.console import Console

        from akhbar.batch.importer import import_batch
        from akhbar.config import load_settings
        from akhbar.errors import AkhbarError
        from akhbar.store import open_store

        console = Console(stderr=True)
        settings = load_settings(db)
        store = open_store(settings.db)
        try:
            summary = import_batch(directory, store)
        except AkhbarError as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        finally:
            store.close()
        console.print(
            f"imported {summary.rows:,} articles from {summary.files} files: "
            f"{summary.new:,} new ({summary.placed:,} placed in stories), "
            f"{summary.seen:,} already stored "
            f"({summary.seconds:,.1f} s) into {settings.db}"
        )

    app.add_typer(batch, name="batch")
