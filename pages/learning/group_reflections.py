"""The group's reflections and ambitions: only what members chose to share, as plain text."""

import streamlit as st

from core.db import read_session
from core.learning_records import group_shared_ambitions, group_shared_reflections
from core.repositories import participant_context
from ui.auth import participant_id
from ui.data import engine
from ui.learning_data import library
from ui.learning_shared import plain, render_ambitions, render_reflections
from ui.text import lang, tr

pid = participant_id()
st.title(tr("reflections.title"))
if pid is None:
    st.stop()
with read_session(engine()) as session:
    context = participant_context(session, pid)
    reflections = group_shared_reflections(session, viewer_id=pid)
    ambitions = group_shared_ambitions(session, viewer_id=pid)
if context is None:
    st.error(tr("reflections.gone"))
    st.stop()
_, group, organisation, _ = context

language = lang()
st.markdown(plain(tr("reflections.intro", group=f"{group.name}, {organisation.name}")))
render_reflections(reflections, library().titles(language), pid, language)
render_ambitions(ambitions, language)
