"""Roster import: upload a CSV or Excel file, see what would happen, then confirm."""

import streamlit as st

from core.db import read_session, write_session
from core.roster_import import Action, RosterImportError, apply, describe_problem, preview
from ui.course_roster import (
    forget_upload,
    preview_summary,
    preview_table,
    roster_uploader,
)
from ui.course_shared import flash, pick_cohort, show_flash, tr_plain
from ui.data import engine
from ui.text import lang, tr

st.title(tr("course.roster.title"))
show_flash()
cohort = pick_cohort(key="course.roster.cohort")
if cohort is None:
    st.info(tr("course.no_cohorts"))
    st.stop()
assert cohort.id is not None
st.write(tr("course.roster.explain"))
upload = roster_uploader()
if upload is None:
    st.page_link("pages/facilitator/facilitator_invites.py", label=tr("course.roster.to_invites"))
    st.stop()

filename, data = upload
with read_session(engine()) as session:
    roster = preview(session, cohort.id, data, filename)
st.header(tr_plain("course.roster.preview_heading", name=filename))
for problem in roster.problems:
    st.error(describe_problem(problem, lang()))
if roster.problems:
    st.stop()
preview_summary(roster)
only_problems = st.toggle(tr("course.roster.only_problems"), key="course.roster.only_problems")
preview_table(roster, only_problems=only_problems)

if not roster.can_apply:
    st.info(tr("course.roster.nothing_to_import"))
    st.stop()
counts = roster.counts
if st.button(
    tr_plain(
        "course.roster.apply",
        created=counts[Action.CREATE],
        changed=counts[Action.CHANGE],
        cohort=cohort.name,
    ),
    type="primary",
    key="course.roster.apply",
):
    try:
        with write_session(engine()) as session:
            result = apply(session, roster)
    except RosterImportError:
        st.error(tr("course.roster.conflict"))
        st.stop()
    forget_upload()
    flash(
        tr_plain(
            "course.roster.applied",
            created=result.created,
            changed=result.changed,
            organisations=result.organisations_created,
            groups=result.groups_created,
        )
    )
