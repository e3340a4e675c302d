"""My profile: the participant's scores per dimension, what they mean, and the change."""

import streamlit as st

from core.db import read_session
from core.instruments import load_instrument, text
from core.results import INSTRUMENT_ID, person_result
from core.scoring import band_for
from ui.auth import participant_id
from ui.data import engine
from ui.score_chart import (
    band_label,
    band_meanings,
    change_table,
    dimension_title,
    number,
    profile_view,
)
from ui.text import lang, tr

instrument = load_instrument(INSTRUMENT_ID)
st.title(tr("profile.title"))
pid = participant_id()
if pid is None:
    st.stop()
with read_session(engine()) as session:
    result = person_result(session, participant_id=pid)
if result is None:
    st.info(tr("profile.none"))
    st.page_link(
        "pages/assessment/self_assessment.py",
        label=tr("profile.to_assessment"),
        icon=":material/quiz:",
    )
    st.stop()

st.write(tr("profile.round", round=result.round_name))
if result.fitness is not None:
    band = band_label(instrument, band_for(result.fitness))
    st.metric(tr("profile.fitness"), f"{number(result.fitness)} · {band}")
profile_view(instrument, result.scores, key="profile.chart")

st.header(tr("profile.meaning"))
band_meanings(instrument, [s.band for s in result.scores])
for part in instrument.parts:
    st.markdown(f"**{text(part.title, lang())}.** {text(part.intro, lang())}")

st.header(tr("profile.gap.title"))
if result.largest_gap is not None and result.largest_gap.gap is not None:
    st.markdown(
        tr(
            "profile.gap.largest",
            dimension=dimension_title(instrument, result.largest_gap.dimension),
            gap=number(result.largest_gap.gap),
        )
    )
else:
    st.write(tr("profile.gap.none"))

if result.previous_round_name is None:
    st.header(tr("profile.change.title_first"))
    st.write(tr("profile.change.none"))
else:
    st.header(tr("profile.change.title", round=result.previous_round_name))
    change_table(instrument, result.change)
