"""`akhbar batch` on the command line (both spellings) and `akhbar batch import`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from akhbar.batch.importer import import_batch
from akhbar.batch.runner import BatchOptions, run_batch
from akhbar.batch.sources import Limits
from akhbar.cli import app

pytest.importorskip("distributed")

FAST = BatchOptions(
    workers=1, processes=False, shard_bytes=6_000, limits=Limits(200_000), progress=False
)


@pytest.fixture(scope="module")
def finished_run(mixed_warc: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished batch run over the mixed archive (the tests only read it)."""
    out = tmp_path_factory.mktemp("run") / "out"
    run_batch([str(mixed_warc)], out, FAST)
    return out


def test_import_stores_items_with_their_analysis(finished_run: Path, tmp_path: Path) -> None:
    from akhbar.store import open_store

    store = open_store(str(tmp_path / "a.db"))
    try:
        first = import_batch(finished_run, store)
        assert (first.files, first.rows, first.new, first.seen) == (first.files, 24, 24, 0)
        assert store.count_items() == 24
        stored = store.items(limit=100)
        assert all(s.article is not None and s.article.text for s in stored)
        assert {s.item.source for s in stored} == {"urdu.example.pk"}
        assert first.placed == 24
        stories = store.stories(limit=100)
        assert stories and sum(len(s.members) for s in stories) == 24
        firsts = [min(m.published for m in s.members if m.published) for s in stories]
        assert all(s.first_seen is not None for s in stories) and firsts
        again = import_batch(finished_run, store)
        assert (again.new, again.seen) == (0, 24)
        assert store.count_items() == 24
    finally:
        store.close()


@pytest.mark.parametrize("spelling", [[], ["run"]])
def test_both_spellings_of_the_command(
    spelling: list[str], finished_run: Path, mixed_warc: Path
) -> None:
    args = ["batch", *spelling, str(mixed_warc), "--out", str(finished_run)]
    args += ["--workers", "1", "--shard-size", "6000", "--max-record", "200000", "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "records read" in result.output and "32" in result.output
    assert "done before" in result.output


def test_resume_without_inputs_and_import(finished_run: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["batch", "--out", str(finished_run), "--no-progress"])
    assert result.exit_code == 0, result.output
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["batch", "import", str(finished_run), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "24 new" in result.output


def test_errors_are_reported_not_raised(tmp_path: Path, samples: Any) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["batch", "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "no inputs" in result.output
    result = runner.invoke(app, ["batch", "import", str(tmp_path), "--db", ":memory:"])
    assert result.exit_code == 2 and "plan.json" in result.output
