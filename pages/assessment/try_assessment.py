"""Try the self-assessment without an account; nothing is stored unless the person asks."""

import streamlit as st

from core.db import write_session
from core.instruments import load_instrument
from core.responses import ResponseError, keep_anonymous_answers
from core.results import INSTRUMENT_ID
from core.scoring import score_dimensions
from ui import session_keys
from ui.assessment_form import dimensions_of, step_form
from ui.data import engine
from ui.score_chart import band_meanings, profile_view
from ui.text import tr

SHOW_PROFILE = "try.show_profile"
KEPT = "try.kept"
PREFIX = "try"

instrument = load_instrument(INSTRUMENT_ID)
st.title(tr("try.title"))
answers: dict[str, int] = st.session_state.setdefault(session_keys.ANON_ASSESSMENT, {})


def _remember(answer_key: str, value: int) -> str | None:
    st.session_state[session_keys.ANON_ASSESSMENT][answer_key] = value
    return None


def _show_profile(show: bool) -> None:
    st.session_state[SHOW_PROFILE] = show


def _start_over() -> None:
    for key in [k for k in st.session_state if str(k).startswith(f"{PREFIX}.q.")]:
        del st.session_state[key]
    for key in (SHOW_PROFILE, KEPT, f"{PREFIX}.step"):
        st.session_state.pop(key, None)
    st.session_state[session_keys.ANON_ASSESSMENT] = {}


@st.fragment
def _form() -> None:
    last = step_form(
        instrument=instrument,
        steps=dimensions_of(instrument),
        answers=st.session_state[session_keys.ANON_ASSESSMENT],
        on_answer=_remember,
        prefix=PREFIX,
    )
    if last and st.button(tr("try.show_profile"), key="try.to_profile", type="primary"):
        st.session_state[SHOW_PROFILE] = True
        st.rerun()  # the whole page changes (form -> profile), not only the fragment


if not st.session_state.get(SHOW_PROFILE):
    st.write(tr("try.intro"))
    _form()
    st.stop()

scores = score_dimensions(instrument, answers)
profile_view(instrument, scores, key="try.chart")
st.subheader(tr("profile.meaning"))
band_meanings(instrument, [s.band for s in scores])

st.subheader(tr("try.keep_title"))
if st.session_state.get(KEPT):
    st.success(tr("try.kept"))
else:
    st.write(tr("try.not_kept"))
    if st.button(tr("try.keep"), key="try.keep", help=tr("try.keep_help")):
        try:
            with write_session(engine()) as session:
                keep_anonymous_answers(session, instrument=instrument, answers=answers)
        except ResponseError:
            st.error(tr("try.keep_failed"))
        else:
            st.session_state[KEPT] = True
            st.rerun()
left, right = st.columns(2)
left.button(tr("try.edit"), key="try.edit", on_click=_show_profile, args=(False,))
right.button(tr("try.start_over"), key="try.start_over", on_click=_start_over)
