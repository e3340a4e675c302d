"""`make bench` still runs: tiny sizes, one run each, one table and a results file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.common import Row, table
from bench.run import main
from core.db import get_engine


def test_quick_run_prints_one_table_and_writes_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = main(["--quick", "--only", "network,cohort", "--results", str(tmp_path)])
    get_engine.cache_clear()

    out = capsys.readouterr().out
    assert "machine:" in out
    assert "benchmark" in out
    assert "median" in out
    assert "baseline" in out
    assert "network analyse() vs networkx" in out
    assert "group aggregate (group_stats)" in out
    assert "failed:" not in out
    payload = json.loads(written.read_text(encoding="utf-8"))
    assert written.parent == tmp_path
    assert payload["quick"] is True
    assert all(row["median"] > 0 for row in payload["rows"] if row["times"])


def test_table_marks_estimates_missed_targets_and_missing_figures() -> None:
    rows = [
        Row("fast", "1", [0.1, 0.3, 0.2], baseline=[2.0], baseline_name="nx", estimated=True),
        Row("slow page", "cached", [0.5], target=0.3),
        Row("report", "-", note="not available: no module"),
    ]

    text = table(rows)

    assert "200 ms" in text
    assert "100 ms-300 ms" in text
    assert "2.00 s nx (estimated)" in text
    assert "10.0x" in text
    assert "MISSED" in text
    assert "not available" in text
    assert "[1] not available: no module" in text
