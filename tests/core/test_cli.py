"""The `samspill` command: init, demo twice, analyse, create-facilitator, and clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.cli import main
from core.config import get_settings
from core.db import get_engine

KRACKHARDT = Path(__file__).resolve().parent.parent / "data" / "krackhardt"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_demo_twice_leaves_the_same_row_counts(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    assert "Loaded" in capsys.readouterr().out
    main(["counts"])
    first = json.loads(capsys.readouterr().out)
    assert main(["demo"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    main(["counts"])
    assert json.loads(capsys.readouterr().out) == first
    # The region the issue asks for: six municipalities, two rounds, hundreds of people.
    assert first["organisations"] >= 6
    assert first["survey_rounds"] == 2
    assert first["participants"] >= 6 * 40


def test_init_reports_an_up_to_date_schema_the_second_time(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    assert "upgraded" in capsys.readouterr().out
    assert main(["init"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_an_unreachable_database_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://samspill:pw@127.0.0.1:1/nowhere")
    get_settings.cache_clear()
    try:
        assert main(["init"]) == 2
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("samspill: Cannot reach the database in DATABASE_URL")
    assert "Traceback" not in err


def test_analyse_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    edges = KRACKHARDT / "krackhardt_hightech_advice_edges.csv"
    nodes = KRACKHARDT / "krackhardt_hightech_attributes.csv"
    code = main(["analyse", str(edges), "--nodes", str(nodes), "--group-by", "dept", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    # 21 managers and 190 advice ties (Krackhardt 1987, as published).
    assert (result["network"]["nodes"], result["network"]["ties"]) == (21, 190)
    assert set(result["people"]) == {str(i) for i in range(1, 22)}
    assert "ei_index" in result["groups"]


def test_analyse_refuses_a_missing_file_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyse", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv" in capsys.readouterr().err


def test_create_facilitator(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAMSPILL_FACILITATOR_PASSWORD", "et langt og trygt passord")
    assert main(["create-facilitator", "kari@example.no"]) == 0
    assert "Created" in capsys.readouterr().out
    assert main(["create-facilitator", "kari@example.no"]) == 1
    assert "exists already" in capsys.readouterr().err
