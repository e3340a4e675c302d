"""`samspill report`: a participant's PDF from the command line, and a clear error otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.cli import main
from tests.core.test_report_pdf import pdf_pages, pdf_text
from tests.pages.helpers import consented_management_member


def test_report_writes_the_participants_pdf(
    demo_url: str, demo_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member = consented_management_member(demo_engine)
    out = tmp_path / "rapport.pdf"
    assert main(["report", "--participant", str(member.id), "--out", str(out), "--lang", "en"]) == 0
    assert str(out) in capsys.readouterr().out
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) >= 1
    words = pdf_text(pdf)
    assert member.name in words
    assert "Personal report" in words


def test_an_unknown_participant_is_one_clear_line_and_exit_1(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.pdf"
    assert main(["report", "--participant", "999999", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == "samspill report: no participant with ID 999999"
    assert not out.exists()


def test_an_unwritable_path_is_a_clear_error(
    demo_url: str, demo_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member = consented_management_member(demo_engine)
    out = tmp_path / "missing-folder" / "r.pdf"
    assert main(["report", "--participant", str(member.id), "--out", str(out)]) == 1
    assert "cannot write" in capsys.readouterr().err
