"""The ``akhbar`` command line: one library call per command.

Each area registers its commands from its own module (``akhbar.cli.<area>``), so the
command modules stay small and import their heavy libraries only when run.
"""

from __future__ import annotations

import typer

from akhbar.cli import analyze, batch, ingest, serve, stories, text

app = typer.Typer(
    name="akhbar",
    help="akhbar (اخبار): an Urdu news desk. Ingest, analyze, cluster and serve Urdu news.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """akhbar (اخبار): an Urdu news desk."""


for _module in (text, ingest, analyze, stories, serve, batch):
    _module.register(app)


def main() -> None:
    """Entry point of the console script."""
    app()
