"""The self-assessment: one dimension per step, every answer saved as it is given."""

import streamlit as st

from core.consent import ConsentRequiredError, consent_of
from core.db import read_session, write_session
from core.instruments import load_instrument, text
from core.models import SurveyRound
from core.repositories import open_round, participant_context, rounds_of
from core.responses import ResponseError, record_answer, response_of, submit_response
from core.results import INSTRUMENT_ID, person_result
from ui.assessment_form import dimensions_of, open_steps, step_form
from ui.auth import participant_id
from ui.data import engine
from ui.score_chart import profile_view
from ui.text import lang, tr

ANSWERS = "assessment.answers"  # {"round": id, "answers": {...}}: this tab's copy of the draft
JUST_SUBMITTED = "assessment.just_submitted"
SUBMIT_PROBLEM = "assessment.submit_problem"
PROFILE = "pages/assessment/my_profile.py"

instrument = load_instrument(INSTRUMENT_ID)
st.title(tr("assessment.title"))
pid = participant_id()
if pid is None:
    st.stop()
with read_session(engine()) as session:
    context = participant_context(session, pid)
    consent = consent_of(session, pid)
    cohort_id = context[3].id or 0 if context else 0
    round_ = open_round(session, cohort_id)
    started = [r for r in rounds_of(session, cohort_id) if r.status != "draft"]
    response = None
    if round_ is not None and round_.id is not None:
        response = response_of(
            session, participant_id=pid, round_id=round_.id, instrument_id=INSTRUMENT_ID
        )
if context is None:
    st.error(tr("start.gone"))
    st.stop()
if consent is None:
    st.info(tr("assessment.consent_first"))
    st.page_link("pages/start/participant_start.py", label=tr("nav.participant_start"))
    st.stop()
if round_ is None or round_.id is None:
    if started and started[-1].status == "closed":
        st.warning(tr("assessment.round_closed", round=started[-1].name))
    else:
        st.info(tr("assessment.no_round"))
    st.page_link(PROFILE, label=tr("assessment.to_profile"), icon=":material/person:")
    st.stop()

if response is not None and response.status == "submitted":
    if st.session_state.get(JUST_SUBMITTED) == round_.id:
        st.success(tr("assessment.thanks", round=round_.name))
        with read_session(engine()) as session:
            result = person_result(session, participant_id=pid, round_id=round_.id)
        if result is not None:
            profile_view(instrument, result.scores, key="assessment.profile")
    else:
        st.info(tr("assessment.already_submitted", round=round_.name))
    st.page_link(PROFILE, label=tr("assessment.to_profile"), icon=":material/person:")
    st.stop()

# The database is the truth; a full rerun (or a reopened browser) reloads the draft.
st.session_state[ANSWERS] = {
    "round": round_.id,
    "answers": dict(response.answers) if response is not None else {},
}
round_id, round_name = round_.id, round_.name


def _save(answer_key: str, value: int) -> str | None:
    try:
        with write_session(engine()) as session:
            record_answer(
                session,
                participant_id=pid,
                round_id=round_id,
                instrument=instrument,
                answer_key=answer_key,
                value=value,
            )
    except ResponseError as exc:
        return tr(f"assessment.error.{exc.problem.value}", round=round_name)
    except ConsentRequiredError:  # withdrawn on "My data", perhaps in another tab
        return tr("assessment.error.consent")
    st.session_state[ANSWERS]["answers"][answer_key] = value
    return None


def _submit() -> None:
    # A callback, so the fragment's next run already knows the outcome: the acknowledgement
    # then costs one small fragment run, which is what a room pressing Submit at once needs.
    try:
        with write_session(engine()) as session:
            current = session.get(SurveyRound, round_id)
            submit_response(session, participant_id=pid, round_=current, instrument=instrument)
    except ResponseError as exc:
        st.session_state[SUBMIT_PROBLEM] = exc.problem.value
        return
    except ConsentRequiredError:
        st.session_state[SUBMIT_PROBLEM] = "consent"
        return
    st.session_state[JUST_SUBMITTED] = round_id


@st.fragment
def _form() -> None:
    if st.session_state.get(JUST_SUBMITTED) == round_id:
        st.success(tr("assessment.thanks", round=round_name))
        st.page_link(PROFILE, label=tr("assessment.to_profile"), icon=":material/person:")
        return
    # Inside the fragment, so the thank-you replaces "every answer is saved" instead of
    # standing under it.
    st.write(text(instrument.description, lang()))
    st.write(tr("assessment.saved"))
    steps = dimensions_of(instrument)
    answers = st.session_state[ANSWERS]["answers"]
    last = step_form(
        instrument=instrument, steps=steps, answers=answers, on_answer=_save, prefix="assessment"
    )
    if not last:
        return
    problem = st.session_state.pop(SUBMIT_PROBLEM, None)
    if problem == "incomplete":
        missing = "; ".join(open_steps(instrument, steps, answers))
        dont_know = text(instrument.dont_know.label, lang())
        st.error(tr("assessment.incomplete", steps=missing, dont_know=dont_know))
    elif problem:
        st.error(tr(f"assessment.error.{problem}", round=round_name))
    st.button(tr("assessment.submit"), key="assessment.submit", type="primary", on_click=_submit)


_form()
