"""The right of access: everything about a person, nothing about who named them."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.cli import main
from core.db import get_engine, read_session
from core.erasure import erase_participant
from core.models import Participant, Reflection
from core.my_data import SECTIONS, my_data, my_data_csv_zip, my_data_json
from tests.core.test_erasure import ADA_EMAIL, ADA_NAME, ADA_TOKEN, build_world


@pytest.fixture
def cli_engine() -> Iterator[None]:
    """`samspill` calls get_engine() without a URL, cached once per process: start and end clean."""
    get_engine.cache_clear()
    yield
    get_engine.cache_clear()


def test_everything_about_the_person_is_there(session: Session) -> None:
    world = build_world(session)
    data = my_data(session, world.ada, "en")

    assert set(SECTIONS) <= data.keys()
    about = data["participant"]
    assert (about["id"], about["name"], about["email"]) == (world.ada, ADA_NAME, ADA_EMAIL)
    assert about["group"] == "Ledergruppen"
    assert about["current_consent_version"] == 1
    assert [c["named_network"] for c in data["consents"]] == [True]
    fitness = next(r for r in data["responses"] if r["instrument"] == "digital_fitness")
    assert fitness["answers"] == {"data_1": 4, "note": ADA_NAME}
    assert fitness["round"] == "Baseline"
    assert [e["area"] for e in data["expertise"]] == ["ai_tools"]
    assert [p["lesson"] for p in data["lesson_progress"]] == ["org-1"]
    assert [r["text"] for r in data["reflections"]] == ["Jeg, Ada, lærte mye."]
    assert [a["text"] for a in data["ambitions"]] == ["Ada vil dele mer"]  # not the group's


def test_ties_show_whom_the_person_named_as_they_saw_them(session: Session) -> None:
    world = build_world(session)
    ties = my_data(session, world.ada, "en")["ties_given"]
    assert sorted((t["to_kind"], t["to"]) for t in ties) == [
        ("colleague", "Bo Berg"),
        ("not_on_list", "Kari fra NAV"),
        ("partner", "KS"),
    ]

    erase_participant(session, world.bo)
    ties = my_data(session, world.ada, "nb")["ties_given"]
    deleted = [t for t in ties if t["to_kind"] == "deleted"]
    assert [t["to"] for t in deleted] == ["En person som har slettet opplysningene sine"]


def test_others_answers_show_only_how_many_named_the_person(session: Session) -> None:
    world = build_world(session)
    data = my_data(session, world.ada, "en")
    assert data["named_by_others"]["people"] == 3  # Bo, Cy and Eve, each counted once
    text = json.dumps(data["named_by_others"], ensure_ascii=False)
    assert "3 people" in text
    for other in ("Bo Berg", "Cy Dahl", "Eve Foss", str(world.bo)):
        assert other not in text


def test_the_invite_token_is_never_exported(session: Session) -> None:
    world = build_world(session)
    data = my_data(session, world.ada, "en")
    assert data["participant"]["invite_link_active"] is True
    assert ADA_TOKEN not in my_data_json(data).decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(my_data_csv_zip(data))) as archive:
        for name in archive.namelist():
            assert ADA_TOKEN not in archive.read(name).decode("utf-8-sig")


def test_json_is_readable_utf8(session: Session) -> None:
    world = build_world(session)
    raw = my_data_json(my_data(session, world.ada, "nb")).decode("utf-8")
    assert ADA_NAME in raw  # "Ø" as a letter, not \u00d8
    assert json.loads(raw)["participant"]["name"] == ADA_NAME


def test_csv_zip_has_one_sheet_per_section_with_formulas_neutralised(session: Session) -> None:
    world = build_world(session)
    session.add(Reflection(participant_id=world.ada, lesson_id="x", text="=HYPERLINK(1)"))
    session.flush()
    with zipfile.ZipFile(io.BytesIO(my_data_csv_zip(my_data(session, world.ada, "en")))) as zf:
        assert sorted(zf.namelist()) == sorted(f"{s}.csv" for s in SECTIONS)
        reflections = list(
            csv.DictReader(io.StringIO(zf.read("reflections.csv").decode("utf-8-sig")))
        )
        about = list(csv.DictReader(io.StringIO(zf.read("participant.csv").decode("utf-8-sig"))))
    assert sorted(r["text"] for r in reflections) == ["'=HYPERLINK(1)", "Jeg, Ada, lærte mye."]
    assert about[0]["name"] == ADA_NAME


def test_an_unknown_participant_is_refused(session: Session) -> None:
    with pytest.raises(LookupError):
        my_data(session, 999, "nb")


def test_export_command_writes_json_or_a_csv_zip_and_never_a_token(
    demo_engine: Engine, cli_engine: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_session(demo_engine) as session:
        person = session.exec(select(Participant).order_by(Participant.id)).first()
    assert person is not None
    assert person.invite_token

    assert main(["export-my-data", str(person.id), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["participant"]["name"] == person.name
    assert person.invite_token not in out

    target = tmp_path / "mine.zip"
    assert main(["export-my-data", str(person.id), "--format", "csv", "--output", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        assert "participant.csv" in archive.namelist()

    assert main(["export-my-data", "999999"]) == 1
    assert "no participant 999999" in capsys.readouterr().err
