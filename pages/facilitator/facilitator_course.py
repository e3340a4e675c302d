"""Course setup: the cohort, its organisations and groups, and its survey rounds."""

import streamlit as st

from ui.course_forms import edit_cohort_form, new_cohort_form, rounds_section, structure_section
from ui.course_shared import pick_cohort, show_flash
from ui.text import tr

st.title(tr("course.setup.title"))
show_flash()
cohort = pick_cohort(key="course.setup.cohort")
if cohort is None:
    st.info(tr("course.setup.no_cohorts"))
else:
    assert cohort.id is not None
    st.header(tr("course.cohort.heading"))
    edit_cohort_form(cohort)
    st.header(tr("course.structure.heading"))
    structure_section(cohort.id)
    st.header(tr("course.rounds.heading"))
    st.write(tr("course.rounds.rule"))
    rounds_section(cohort.id)
st.header(tr("course.cohort.new_heading"))
new_cohort_form()
