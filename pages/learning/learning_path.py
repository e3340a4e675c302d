"""My learning path: progress per module, where to continue, and the lessons with reasons."""

import streamlit as st

from core.learning_records import continue_point, module_progress
from ui.learning_data import learner, library, path_of
from ui.learning_path_view import (
    render_continue,
    render_due_ambitions,
    render_modules,
    render_path,
)
from ui.text import lang, tr

language = lang()
lib = library()
who = learner()
path = path_of(who, language)

with st.container(width=960):
    st.title(tr("learning.title"))
    if who.is_visitor:
        st.info(tr("learning.visitor_note"), icon=":material/lock:")
        st.markdown(tr("learning.visitor_path"))
    elif who.inputs.empty:
        st.info(tr("learning.no_results"))
    else:
        st.markdown(tr("learning.intro"))

    render_continue(continue_point(path, who.unfinished), lib, language)
    if who.participant_id is not None:
        render_due_ambitions(who.participant_id, language)
    render_modules(module_progress(lib, language, who.completed))
    render_path(path, lib, language, who.unfinished)
