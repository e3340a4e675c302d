"""`samspill import-roster`: a dry run writes nothing; the output names every row's fate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.cli import main
from core.config import get_settings
from core.course_setup import create_cohort
from core.db import get_engine, migrate, write_session

ROSTER = "\n".join(
    [
        "navn;e-post;rolle;avdeling;kommune;gruppe;leder",
        "Åse Ødegård;ase@example.no;Kommunedirektør;Stab;Ås kommune;Ledergruppen;ja",
        "Bjørn Æsøy;bjorn@example.no;Kommunalsjef;Helse;Ås kommune;Ledergruppen;nei",
        "Kari Nord;;Rådgiver;IKT;Ås kommune;Ledergruppen;nei",
        "",
    ]
)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine = get_engine(url)
    migrate(engine)
    with write_session(engine) as session:
        create_cohort(session, name="Region Vest")
    yield url
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "ansatte.csv"
    path.write_text(ROSTER, encoding="cp1252")
    return path


def _participants(capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    main(["counts"])
    counts: dict[str, int] = json.loads(capsys.readouterr().out)
    return counts["participants"]


def test_a_dry_run_prints_every_row_and_writes_nothing(
    database: str, roster_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import-roster", "--cohort", "Region Vest", str(roster_file), "--dry-run"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "2: New: Åse Ødegård <ase@example.no>"
    assert out[1] == "3: New: Bjørn Æsøy <bjorn@example.no>"
    assert out[2] == "4: Rejected: Kari Nord: Missing value in: e-mail."
    assert out[3].startswith("Summary: 2 new, 0 changed, 0 unchanged, 1 rejected")
    assert out[4] == "Dry run: nothing was written."
    assert _participants(capsys) == 0


def test_an_import_writes_and_a_second_one_changes_nothing(
    database: str, roster_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", "--cohort", "Region Vest", str(roster_file)]) == 0
    assert "Imported: 2 new and 0 changed" in capsys.readouterr().out
    assert _participants(capsys) == 2
    assert main(["import-roster", "--cohort", "Region Vest", str(roster_file)]) == 0
    out = capsys.readouterr().out
    assert "Summary: 0 new, 0 changed, 2 unchanged, 1 rejected" in out
    assert "Nothing to import" in out
    assert _participants(capsys) == 2


def test_output_in_norwegian(
    database: str, roster_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import-roster", "--cohort", "Region Vest", str(roster_file), "--dry-run"]
    assert main([*args, "--lang", "nb"]) == 0
    out = capsys.readouterr().out
    assert "4: Avvist: Kari Nord: Mangler verdi i: e-post." in out
    assert "Prøvekjøring: ingenting ble lagret." in out


@pytest.mark.parametrize(
    ("content", "cohort", "message"),
    [
        (
            "navn;rolle\nKari;Sjef\n",
            "Region Vest",
            "lacks required columns: e-mail, organisation, group",
        ),
        ("", "Region Vest", "The file is empty."),
        (ROSTER, "Region Nord", "no cohort named 'Region Nord'"),
    ],
)
def test_file_level_errors_exit_non_zero(
    database: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    cohort: str,
    message: str,
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["import-roster", "--cohort", cohort, str(path)]) == 1
    assert message in capsys.readouterr().err
    assert _participants(capsys) == 0


def test_a_missing_file_exits_non_zero(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import-roster", "--cohort", "Region Vest", str(tmp_path / "nope.csv")])
    assert code == 1
    assert "nope.csv" in capsys.readouterr().err
