"""`make demo`: build a store from examples/ (ingest, analyze, cluster), then serve the reader.

    python -m akhbar.demo --db demo-data/akhbar.db --host 127.0.0.1 --port 8000

``examples/sources.json`` names each bundled file's source (its key, Urdu name, type
and home page); every file is ingested under its source, which hands the new items to
``akhbar.desk.process_new`` (analysis, then stories). Running it again reuses the store:
items already there are recognised and skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from akhbar.errors import InputError
from akhbar.model import SOURCE_TYPES, Source
from akhbar.store import open_store
from akhbar.store.base import Store


@dataclass(frozen=True, slots=True)
class ExampleSource:
    """One bundled file and the source it belongs to."""

    source: Source
    path: Path
    kind: str


@dataclass(frozen=True, slots=True)
class DemoBuild:
    """What building the demo store did."""

    files: int
    new: int
    seen: int
    errors: tuple[str, ...]
    items: int
    stories: int


def default_examples() -> Path:
    """The repository's examples/ folder (next to src/), else ./examples."""
    here = Path(__file__).resolve().parents[2] / "examples"
    return here if here.is_dir() else Path.cwd() / "examples"


def read_manifest(examples: Path) -> list[ExampleSource]:
    """The sources listed in ``examples/sources.json``."""
    manifest = examples / "sources.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{manifest}: cannot read the examples' manifest: {exc}") from exc
    out = []
    for entry in entries:
        kind = str(entry.get("type", "other"))
        source = Source(
            key=str(entry["key"]),
            name=str(entry.get("name") or entry["key"]),
            type=kind if kind in SOURCE_TYPES else "other",
            url=entry.get("url") or None,
        )
        out.append(ExampleSource(source, examples / str(entry["path"]), str(entry.get("kind"))))
    return out


def build_store(store: Store, examples: Path) -> DemoBuild:
    """Ingest every example file under its source; analysis and stories follow."""
    from akhbar.ingest.run import IngestOptions, ingest_paths

    new = seen = files = 0
    errors: list[str] = []
    for example in read_manifest(examples):
        if store.source(example.source.key) is None:
            store.upsert_source(example.source, kind="file")
        options = IngestOptions(source=example.source.key, source_type=example.source.type)
        report = ingest_paths(store, [str(example.path)], options)
        for result in report.results:
            files += 1
            new += result.new
            seen += result.seen
            if result.error:
                errors.append(f"{example.path.name}: {result.error}")
    return DemoBuild(
        files=files,
        new=new,
        seen=seen,
        errors=tuple(errors),
        items=store.count_items(),
        stories=len(store.stories(limit=100_000)),
    )


def examples_store(target: Path, *, cache: Path | None = None) -> Path:
    """A SQLite store at ``target`` built from the examples, copied from ``cache`` if built.

    Building (ingest, analysis, stories) takes a while; tests that each need their own
    store build it once per session into ``cache`` and copy it with SQLite's backup.
    """
    source = cache if cache is not None else target
    if not source.exists():
        building = source.with_name(source.name + ".building")
        store = open_store(building)
        try:
            build_store(store, default_examples())
        finally:
            store.close()
        _copy_db(building, source)
        for leftover in building.parent.glob(building.name + "*"):
            leftover.unlink()
    if source != target:
        _copy_db(source, target)
    return target


def _copy_db(source: Path, target: Path) -> None:
    """Copy a SQLite database (WAL included) with the backup API."""
    import sqlite3
    from contextlib import closing

    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread; yield its base URL, then stop.

    ``port=0`` takes a free port. Used by the browser tests and the reader benchmark.
    """
    import socket
    import threading
    import time

    import uvicorn

    # the protocol number lets uvicorn set TCP_NODELAY on accepted connections
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the reader's server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Build the demo store, then serve the reader until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m akhbar.demo", description=__doc__)
    parser.add_argument("--db", default="demo-data/akhbar.db", help="SQLite file to build")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--examples", type=Path, default=None, help="folder of examples")
    parser.add_argument("--no-serve", action="store_true", help="build the store and stop")
    args = parser.parse_args(argv)

    from akhbar.config import load_settings

    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    store = open_store(args.db)
    try:
        build = build_store(store, args.examples or default_examples())
    finally:
        store.close()
    print(
        f"akhbar demo: {build.items} reports ({build.new} new) in {build.stories} stories "
        f"from {build.files} files, store {args.db}"
    )
    for error in build.errors:
        print(f"  problem: {error}", file=sys.stderr)
    if args.no_serve:
        return 0

    import uvicorn

    from akhbar.web.app import create_app

    app = create_app(load_settings(db=args.db))
    print(f"akhbar reader: http://{args.host}:{args.port}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
