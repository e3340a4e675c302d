"""My data: what is stored is shown as typed, downloads hold it, and delete removes it all."""

from __future__ import annotations

import json
from typing import Any

import pytest
import streamlit
from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session, write_session
from core.models import AssessmentResponse, Consent, Participant, Reflection, Tie
from tests.pages.helpers import app_as, consented_management_member
from ui import session_keys

PAGE = "pages/my_data/my_data.py"
NASTY = "<script>alert(1)</script> **bold** ![x](http://evil.example/x.png)"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each download button offers, by file name (AppTest cannot click a download)."""
    offered: dict[str, bytes] = {}
    real = streamlit.download_button

    def recording(label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        offered[kwargs["file_name"]] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording)
    return offered


def _open(person: Participant, lang: str = "en"):  # type: ignore[no-untyped-def]
    at = app_as("participant", participant_id=person.id, lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _answers_of(engine: Engine, pid: int) -> list[dict[str, Any]]:
    with read_session(engine) as session:
        rows = session.exec(
            select(AssessmentResponse).where(AssessmentResponse.participant_id == pid)
        ).all()
        return [r.answers for r in rows]


def _delete(at, word: str):  # type: ignore[no-untyped-def]
    at.text_input(key="mydata.delete.confirm").input(word)
    at.button(key="mydata.delete.button").click().run()
    assert not at.exception, at.exception
    return at


def test_the_page_shows_the_person_and_offers_both_downloads(
    demo_url: str, demo_engine: Engine, downloads: dict[str, bytes]
) -> None:
    person = consented_management_member(demo_engine)
    at = _open(person)
    assert at.title[0].value == "My data"
    about = at.dataframe[0].value
    assert person.name in set(about["Value"])
    assert len(at.get("download_button")) == 2

    exported = json.loads(downloads["samspill-my-data.json"].decode("utf-8"))
    assert exported["participant"]["name"] == person.name
    assert exported["participant"]["id"] == person.id
    stored = _answers_of(demo_engine, person.id)
    assert stored
    assert [r["answers"] for r in exported["responses"]] == stored
    assert person.invite_token not in downloads["samspill-my-data.json"].decode("utf-8")
    assert downloads["samspill-my-data-csv.zip"][:2] == b"PK"


def test_user_text_is_shown_exactly_as_typed_never_as_markup(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    with write_session(demo_engine) as session:
        session.add(Reflection(participant_id=person.id, lesson_id="xss-check", text=NASTY))
    at = _open(person)
    assert NASTY in [t.value for t in at.text]
    assert all("<script>" not in m.value for m in at.markdown)


def test_norwegian_page(demo_url: str, demo_engine: Engine) -> None:
    at = _open(consented_management_member(demo_engine), lang="nb")
    assert at.title[0].value == "Mine data"
    assert any("Slett alle opplysningene mine" in h.value for h in at.header)


def test_a_wrong_confirmation_word_deletes_nothing_and_keeps_the_input(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    at = _delete(_open(person), "delet")
    assert any("Nothing was deleted" in e.value for e in at.error)
    assert at.text_input(key="mydata.delete.confirm").value == "delet"
    with read_session(demo_engine) as session:
        assert session.get(Participant, person.id) is not None
    assert at.session_state[session_keys.PARTICIPANT_ID] == person.id


def test_deleting_removes_everything_signs_out_and_kills_the_invite_link(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    with read_session(demo_engine) as session:
        named_by = session.exec(select(Tie).where(Tie.target_id == person.id)).all()
    assert named_by  # others' answers about this person exist, and must survive anonymised

    at = _delete(_open(person), "  delete ")
    assert any("has been deleted" in s.value for s in at.success)
    assert session_keys.PARTICIPANT_ID not in at.session_state
    assert "token" not in at.query_params
    assert at.dataframe.len == 0  # the data shown a moment ago is gone from the page

    with read_session(demo_engine) as session:
        assert session.get(Participant, person.id) is None
        assert _answers_of(demo_engine, person.id) == []
        assert session.exec(select(Consent).where(Consent.participant_id == person.id)).all() == []
        kept = session.exec(select(Tie).where(col(Tie.id).in_([t.id for t in named_by]))).all()
        assert len(kept) == len(named_by)
        assert all(t.target_id is None and t.target_anonymous for t in kept)

    again = app_as("visitor")
    again.query_params["token"] = person.invite_token
    again.run()
    assert not again.exception
    assert any("not valid" in e.value for e in again.error)
    assert session_keys.PARTICIPANT_ID not in again.session_state
