"""Live progress: the facilitator watches answers arrive without reloading the page."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from core.db import read_session, write_session
from core.instruments import load_instrument
from core.models import AssessmentResponse, SurveyRound
from core.progress import progress_by_group, progress_totals
from core.responses import save_answers, submit_response
from tests.pages.helpers import a_facilitator, app_as

PAGE = "pages/facilitator/facilitator_overview.py"


def _open(engine: Engine, lang: str = "en") -> AppTest:
    at = app_as("facilitator", facilitator_id=a_facilitator(engine), lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    (found,) = [m.value for m in at.metric if m.label == label]
    return str(found)


def _finish_a_draft(engine: Engine) -> None:
    """A participant who had started the open round completes and submits it."""
    instrument = load_instrument()
    with write_session(engine) as session:
        round_ = session.exec(select(SurveyRound).where(SurveyRound.status == "open")).one()
        draft = session.exec(
            select(AssessmentResponse)
            .where(AssessmentResponse.round_id == round_.id, AssessmentResponse.status == "draft")
            .order_by(col(AssessmentResponse.id))
        ).first()
        assert draft is not None
        assert draft.participant_id is not None
        missing = {k: 3 for k in instrument.answer_keys if k not in draft.answers}
        save_answers(
            session,
            participant_id=draft.participant_id,
            round_=round_,
            instrument=instrument,
            answers=missing,
        )
        submit_response(
            session, participant_id=draft.participant_id, round_=round_, instrument=instrument
        )


def test_a_submission_shows_up_on_the_next_refresh(demo_url: str, demo_engine: Engine) -> None:
    at = _open(demo_engine)
    with read_session(demo_engine) as session:
        open_round = session.exec(select(SurveyRound).where(SurveyRound.status == "open")).one()
        cohort_id = open_round.cohort_id
        before = progress_totals(
            progress_by_group(session, cohort_id=cohort_id, round_id=int(open_round.id or 0))
        )
    assert _metric(at, "Submitted") == str(before.submitted)
    assert _metric(at, "Started") == str(before.started)
    assert _metric(at, "Participants") == str(before.members)

    _finish_a_draft(demo_engine)
    # AppTest has no clock for `run_every`; a rerun executes the fragment body the timer
    # would run, reading the counts again with no cache in between.
    at.run()
    assert not at.exception, at.exception
    assert _metric(at, "Submitted") == str(before.submitted + 1)
    assert _metric(at, "Started") == str(before.started - 1)
    assert _metric(at, "Not opened") == str(before.not_opened)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_table_has_one_row_per_group(demo_url: str, demo_engine: Engine, lang: str) -> None:
    at = _open(demo_engine, lang)
    (table,) = at.dataframe
    assert len(table.value) == 12  # six municipalities, a management group and a network each
    heading = {"nb": "Svar akkurat nå", "en": "Responses right now"}[lang]
    assert heading in [h.value for h in at.header]
