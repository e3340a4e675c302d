"""Invite links page: IDs and links listed, downloads offered, revoke, reissue and delete."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from core.db import read_session, write_session
from core.invites import revoke_invite
from core.models import Participant
from core.repositories import participant_by_token
from tests.pages.helpers import a_facilitator, app_as, consented_management_member

PAGE = "pages/facilitator/facilitator_invites.py"


def _invites_page(engine: Engine, lang: str = "en") -> AppTest:
    at = app_as("facilitator", facilitator_id=a_facilitator(engine), lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _participant(engine: Engine, participant_id: int) -> Participant | None:
    with read_session(engine) as session:
        return session.get(Participant, participant_id)


def test_the_list_shows_ids_and_working_links(demo_url: str, demo_engine: Engine) -> None:
    at = _invites_page(demo_engine)
    table = at.dataframe[0].value
    with read_session(demo_engine) as session:
        people = session.exec(select(Participant)).all()
    assert set(table["ID"]) == {p.id for p in people}
    first = people[0]
    link = table.loc[table["ID"] == first.id, "Invite link"].item()
    assert link == f"http://localhost:8501/?token={first.invite_token}"
    assert any(m.value.startswith("Showing") for m in at.markdown)


def test_search_narrows_the_list(demo_url: str, demo_engine: Engine) -> None:
    at = _invites_page(demo_engine)
    total = len(at.dataframe[0].value)
    name = at.dataframe[0].value["Name"].iloc[0]
    at.text_input(key="course.invites.search").input(name).run()
    assert 1 <= len(at.dataframe[0].value) < total


def test_revoke_then_reissue_a_link(demo_url: str, demo_engine: Engine) -> None:
    at = _invites_page(demo_engine)
    pid = at.selectbox(key="course.invites.pick").value
    old = _participant(demo_engine, pid)
    assert old is not None
    assert old.invite_token is not None
    assert at.button(key=f"course.invites.{pid}.revoke").disabled
    at.checkbox(key=f"course.invites.{pid}.sure").check().run()
    at.button(key=f"course.invites.{pid}.revoke").click().run()
    assert not at.exception
    assert "is revoked" in at.success[0].value
    with read_session(demo_engine) as session:
        assert participant_by_token(session, old.invite_token) is None

    at.checkbox(key=f"course.invites.{pid}.sure").check().run()
    at.button(key=f"course.invites.{pid}.reissue").click().run()
    assert "has a new link" in at.success[0].value
    new = _participant(demo_engine, pid)
    assert new is not None
    assert new.invite_token is not None
    assert new.invite_token != old.invite_token
    with read_session(demo_engine) as session:
        found = participant_by_token(session, new.invite_token)
    assert found is not None
    assert found.id == pid


def test_deleting_a_participant_needs_a_confirmation(demo_url: str, demo_engine: Engine) -> None:
    at = _invites_page(demo_engine, lang="nb")
    pid = at.selectbox(key="course.invites.pick").value
    key = f"course.delete.participant.{pid}"
    assert at.button(key=f"{key}.go").disabled
    at.checkbox(key=f"{key}.sure").check().run()
    at.button(key=f"{key}.go").click().run()
    assert not at.exception
    assert "er slettet" in at.success[0].value
    assert _participant(demo_engine, pid) is None


def test_downloads_are_offered_and_cards_can_be_printed_per_organisation(
    demo_url: str, demo_engine: Engine
) -> None:
    at = _invites_page(demo_engine)
    with read_session(demo_engine) as session:
        everyone = len(session.exec(select(Participant)).all())
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Invite list (CSV)", f"Cards with QR codes (PDF, {everyone} cards)"]
    organisation = at.selectbox(key="course.invites.cards_for").options[1]
    at.selectbox(key="course.invites.cards_for").set_value(organisation).run()
    table = at.dataframe[0].value
    in_organisation = int((table["Organisation"] == organisation).sum())
    cards = at.get("download_button")[1].label
    assert cards == f"Cards with QR codes (PDF, {in_organisation} cards)"


def test_revoking_a_link_ends_the_participants_open_session(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    assert person.id is not None
    participant = app_as("participant", participant_id=person.id)
    participant.run()
    assert participant.title[0].value != "Samspill"
    with write_session(demo_engine) as session:
        revoke_invite(session, participant_id=person.id)
    participant.run()
    assert participant.title[0].value == "Samspill"
    assert participant.error[0].value
