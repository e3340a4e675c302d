"""A participant sees only their own data, whatever is put in the URL (issues #6 and #7).

Who someone is comes only from the session (set from a valid invite token) or from a
valid, unrevoked invite token in the URL. Query parameters such as ``?participant=B`` or
``?id=B`` are never read as an identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import col, or_, select

from core.db import read_session, write_session
from core.models import Consent, Group, Participant, Reflection, Tie, utcnow
from tests.conftest import ROOT
from tests.pages.helpers import app_as, consented_management_member
from ui import session_keys
from ui.registry import PARTICIPANT, pages_for

B_NAME = "Bjørnstjerne Tilgangstest"
B_EMAIL = "b.tilgangstest@example.org"
B_SECRET = "HEMMELIG-REFLEKSJON-FRA-B"
FOREIGN_PARAMS = ("participant", "id", "participant_id", "pid", "user")


@dataclass(frozen=True)
class Pair:
    """A: the signed-in participant. B: someone in another organisation, unconnected to A."""

    a: Participant
    b: Participant


@pytest.fixture
def pair(demo_engine: Engine) -> Pair:
    a = consented_management_member(demo_engine)
    with write_session(demo_engine) as session:
        a_org = session.get(Group, a.group_id)
        assert a_org is not None
        linked = (
            select(Tie.source_id)
            .where(Tie.target_id == a.id)
            # NOT IN over a NULL matches nothing: leave out ties to partners.
            .union(
                select(Tie.target_id).where(Tie.source_id == a.id, col(Tie.target_id).is_not(None))
            )
        )
        query = (
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Consent, col(Consent.participant_id) == Participant.id)
            .where(Group.organisation_id != a_org.organisation_id)
            .where(col(Participant.id).not_in(linked))
            .order_by(col(Participant.id))
        )
        b = session.exec(query).first()
        assert b is not None
        b.name, b.email = B_NAME, B_EMAIL
        session.add(b)
        session.add(
            Reflection(
                participant_id=b.id or 0, lesson_id="org-1", text=B_SECRET, shared_with_group=True
            )
        )
        session.flush()
        session.refresh(b)
    return Pair(a, b)


def _everything_shown(at: Any) -> str:
    """All text the page put on screen, tables included."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "text", "info", "success", "error"):
        parts += [str(element.value) for element in getattr(at, kind)]
    for kind in ("warning", "caption", "metric"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [element.value.to_csv() for element in at.dataframe]
    parts += [element.value.to_csv() for element in at.table]
    return "\n".join(parts)


def _leaks(at: Any) -> list[str]:
    shown = _everything_shown(at)
    return [secret for secret in (B_NAME, B_EMAIL, B_SECRET) if secret in shown]


PARTICIPANT_PAGES = [p.path for p in pages_for(PARTICIPANT) if (ROOT / p.path).is_file()]


@pytest.mark.parametrize("path", PARTICIPANT_PAGES)
def test_query_params_naming_someone_else_never_switch_the_participant(
    path: str, demo_url: str, pair: Pair
) -> None:
    at = app_as("participant", participant_id=pair.a.id)
    at.run()
    for name in FOREIGN_PARAMS:
        at.query_params[name] = str(pair.b.id)
    at.switch_page(path).run()
    assert not at.exception, at.exception
    assert at.session_state[session_keys.PARTICIPANT_ID] == pair.a.id
    assert _leaks(at) == []


def test_my_data_with_someone_elses_id_in_the_url_shows_only_my_own(
    demo_url: str, pair: Pair
) -> None:
    at = app_as("participant", participant_id=pair.a.id)
    at.query_params["participant"] = str(pair.b.id)
    at.query_params["id"] = str(pair.b.id)
    at.run()
    at.switch_page("pages/my_data/my_data.py").run()
    about = at.dataframe[0].value
    assert pair.a.name in set(about["Value"])
    assert str(pair.a.id) in set(about["Value"])
    assert _leaks(at) == []


def test_my_own_token_in_the_url_shows_me_even_after_someone_else_used_the_browser(
    demo_url: str, pair: Pair
) -> None:
    at = app_as("participant", participant_id=pair.b.id)  # B was signed in here before
    at.query_params["token"] = pair.a.invite_token
    at.query_params["participant"] = str(pair.b.id)
    at.run()
    at.switch_page("pages/my_data/my_data.py").run()
    assert not at.exception, at.exception
    assert at.session_state[session_keys.PARTICIPANT_ID] == pair.a.id
    assert _leaks(at) == []


@pytest.mark.parametrize("how", ["altered", "id_as_token", "revoked"])
def test_a_wrong_or_revoked_token_opens_nobody(
    how: str, demo_url: str, demo_engine: Engine, pair: Pair
) -> None:
    token = pair.b.invite_token
    assert token
    if how == "altered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif how == "id_as_token":
        token = str(pair.b.id)
    else:
        with write_session(demo_engine) as session:
            stored = session.get(Participant, pair.b.id)
            assert stored is not None
            stored.token_revoked_at = utcnow()
            session.add(stored)
    at = app_as("visitor")
    at.query_params["token"] = token
    at.run()
    assert not at.exception, at.exception
    assert session_keys.PARTICIPANT_ID not in at.session_state
    assert _leaks(at) == []


def test_a_visitor_cannot_sign_in_by_naming_an_id(demo_url: str, pair: Pair) -> None:
    at = app_as("visitor")
    for name in (*FOREIGN_PARAMS, session_keys.PARTICIPANT_ID):
        at.query_params[name] = str(pair.b.id)
    at.run()
    assert not at.exception, at.exception
    assert session_keys.PARTICIPANT_ID not in at.session_state
    assert _leaks(at) == []


def test_the_fixture_really_is_unconnected(demo_engine: Engine, pair: Pair) -> None:
    with read_session(demo_engine) as session:
        ties = session.exec(
            select(Tie).where(
                or_(
                    (col(Tie.source_id) == pair.a.id) & (col(Tie.target_id) == pair.b.id),
                    (col(Tie.source_id) == pair.b.id) & (col(Tie.target_id) == pair.a.id),
                )
            )
        ).all()
    assert ties == []
    assert pair.a.group_id != pair.b.group_id


def test_the_leak_check_sees_bs_data_when_b_is_signed_in(demo_url: str, pair: Pair) -> None:
    at = app_as("participant", participant_id=pair.b.id)
    at.run()
    at.switch_page("pages/my_data/my_data.py").run()
    assert _leaks(at) == [B_NAME, B_EMAIL, B_SECRET]


def test_no_page_or_component_renders_raw_html() -> None:
    # User text is shown with st.text, st.dataframe or escaped Markdown; raw HTML could run
    # script from a name or a reflection. This keeps it that way.
    banned = ("unsafe_allow_html=True", "st.html(", "components.html(", "components.v1")
    sources = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").glob("*.py")]
    found = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in sources
        for needle in banned
        if needle in path.read_text(encoding="utf-8")
    ]
    assert found == []
