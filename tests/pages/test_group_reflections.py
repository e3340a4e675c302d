"""AppTest of the group's shared reflections: only shared texts, same group, never rendered."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session, write_session
from core.learning_records import save_reflection
from core.models import Participant, Reflection
from tests.pages.helpers import app_as, consented_management_member

PAGE = "pages/learning/group_reflections.py"
HOSTILE = "<script>alert('x')</script> **markdown** <b>bold</b>"


def colleagues(engine: Engine, person: Participant) -> list[Participant]:
    with read_session(engine) as session:
        return list(
            session.exec(
                select(Participant)
                .where(Participant.group_id == person.group_id, Participant.id != person.id)
                .order_by(col(Participant.id))
            ).all()
        )


def test_user_text_is_shown_as_plain_text_never_html_or_markdown(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    writer = colleagues(demo_engine, person)[0]
    with write_session(demo_engine) as session:
        save_reflection(
            session,
            participant_id=writer.id,
            lesson_id="management-03-benefits",
            text=HOSTILE,
            shared_with_group=True,
        )
    at = app_as("participant", participant_id=person.id)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert HOSTILE in [t.value for t in at.text]
    # Not in any element that renders Markdown or HTML.
    rendered = [m.value for m in at.markdown]
    assert not any("<script>" in value or "**markdown**" in value for value in rendered)


def test_only_shared_reflections_of_the_same_group_are_shown(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    with read_session(demo_engine) as session:
        shared = session.exec(
            select(Reflection)
            .join(Participant, col(Reflection.participant_id) == Participant.id)
            .where(Participant.group_id == person.group_id)
        ).all()
        elsewhere = session.exec(
            select(Reflection)
            .join(Participant, col(Reflection.participant_id) == Participant.id)
            .where(Participant.group_id != person.group_id)
        ).all()
    at = app_as("participant", participant_id=person.id)
    at.run()
    at.switch_page(PAGE).run()
    texts = [t.value for t in at.text]
    assert [r.text for r in shared if r.shared_with_group]
    assert all((r.text in texts) == r.shared_with_group for r in shared)
    assert not any(r.text in texts for r in elsewhere)


def test_a_member_can_stop_sharing_their_own_reflection(demo_url: str, demo_engine: Engine) -> None:
    person = consented_management_member(demo_engine)
    with write_session(demo_engine) as session:
        save_reflection(
            session,
            participant_id=person.id,
            lesson_id="management-03-benefits",
            text="Mine to take back",
            shared_with_group=True,
        )
    at = app_as("participant", participant_id=person.id)
    at.run()
    at.switch_page(PAGE).run()
    assert "Mine to take back" in [t.value for t in at.text]
    next(b for b in at.button if b.label == "Stop sharing").click().run()
    assert not at.exception, at.exception
    assert "Mine to take back" not in [t.value for t in at.text]


def test_shared_ambitions_are_listed_in_norwegian(demo_url: str, demo_engine: Engine) -> None:
    person = consented_management_member(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="nb")
    at.run()
    at.switch_page(PAGE).run()
    assert at.title[0].value == "Gruppens refleksjoner og ambisjoner"
    assert "Delte ambisjoner" in [s.value for s in at.header]
    assert any("oppfølging" in c.value for c in at.markdown)
