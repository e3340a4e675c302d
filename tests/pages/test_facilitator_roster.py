"""Roster import page: a facilitator signs in, previews a file, imports it, and nothing twice.

AppTest cannot drive st.file_uploader, so the tests put the file where the uploader's
callback keeps it (ui.course_roster.UPLOAD); the rest of the page runs for real.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from core.db import read_session
from core.models import Organisation, Participant
from tests.pages.helpers import a_facilitator, app_as
from ui.course_roster import UPLOAD
from ui.registry import FACILITATOR, pages_for

PAGE = "pages/facilitator/facilitator_roster.py"
ROSTER = "\r\n".join(
    [
        "navn;e-post;rolle;avdeling;kommune;gruppe;leder ja/nei",
        "Åse Ødegård;ase@nyby.example;Kommunedirektør;Stab;Nyby kommune;Ledergruppen;ja",
        "Bjørn Æsøy;bjorn@nyby.example;Kommunalsjef;Helse;Nyby kommune;Ledergruppen;nei",
        "Kari Nord;kari@nyby.example;Rådgiver;IKT;Nyby kommune;Ledergruppen;kanskje",
    ]
).encode("cp1252")


def _people(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(Participant)).one()


def _signed_in_roster_page(engine: Engine) -> AppTest:
    a_facilitator(engine)
    at = app_as("visitor")
    at.run()
    at.switch_page("pages/facilitator/facilitator_sign_in.py").run()
    at.text_input(key="signin.email").input("kursleder@example.no")
    at.text_input(key="signin.password").input("et langt passord her")
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_a_facilitator_signs_in_previews_and_imports_a_roster(
    demo_url: str, demo_engine: Engine
) -> None:
    at = _signed_in_roster_page(demo_engine)
    before = _people(demo_engine)
    at.session_state[UPLOAD] = ("ansatte.csv", ROSTER)
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["New"] == "2"
    assert metrics["Rejected"] == "1"
    table = at.dataframe[0].value
    rejected = table[table["What happens"] == "Rejected"]
    assert rejected["Details"].tolist() == ["The leader column says kanskje; write yes or no."]
    assert _people(demo_engine) == before, "the preview writes nothing"

    at.button(key="course.roster.apply").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Imported: 2 new and 0 changed participants, 1 new")
    assert _people(demo_engine) == before + 2
    with read_session(demo_engine) as session:
        assert session.exec(select(Organisation).where(Organisation.name == "Nyby kommune")).one()

    # The same file again: everyone is unchanged and there is nothing to confirm.
    at.session_state[UPLOAD] = ("ansatte.csv", ROSTER)
    at.run()
    assert {m.label: m.value for m in at.metric}["Unchanged"] == "2"
    assert [b for b in at.button if b.key == "course.roster.apply"] == []
    assert _people(demo_engine) == before + 2


def test_a_file_without_required_columns_is_explained(demo_url: str, demo_engine: Engine) -> None:
    at = app_as("facilitator", facilitator_id=a_facilitator(demo_engine), lang="nb")
    at.run()
    at.switch_page(PAGE).run()
    at.session_state[UPLOAD] = ("liste.csv", b"navn;rolle\nKari;Sjef\n")
    at.run()
    assert not at.exception
    assert at.error[0].value == (
        "Filen mangler påkrevde kolonner: e-post, organisasjon (kommune), gruppe."
    )
    assert not at.metric


def test_an_anonymous_visitor_cannot_reach_any_facilitator_page(demo_url: str) -> None:
    at = app_as("visitor")
    at.run()
    for spec in pages_for(FACILITATOR):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.path)
    assert at.title[0].value == "Samspill"
