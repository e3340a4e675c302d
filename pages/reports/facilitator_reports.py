"""Personal reports in bulk: pick a course (and an organisation or group), get one zip of PDFs."""

import pandas as pd
import streamlit as st

from core.db import read_session
from core.i18n import LANGUAGES
from core.report_bulk import report_roster, reports_zip
from core.repositories import groups_of_cohort, list_cohorts
from ui.data import engine
from ui.text import lang, tr

# Session keys of this page: the finished zip and the choice it was made for.
ZIP = "reports.zip"
ZIP_FOR = "reports.zip_for"

st.title(tr("reports.title"))
st.write(tr("reports.intro"))
with read_session(engine()) as session:
    cohorts = list_cohorts(session)
if not cohorts:
    st.info(tr("reports.empty"))
    st.stop()

cohort_names = {c.id: c.name for c in cohorts}
cohort_id = st.selectbox(
    tr("reports.cohort"),
    list(cohort_names),
    format_func=cohort_names.__getitem__,
    key="reports.cohort",
)
if cohort_id is None:
    st.stop()
with read_session(engine()) as session:
    groups = groups_of_cohort(session, cohort_id)
# Labels as dicts: their bound __getitem__ survives the session-state pickle check.
organisations: dict[int | None, str] = {None: tr("reports.all")}
organisations.update({org.id: org.name for _, org in groups})
organisation_id = st.selectbox(
    tr("reports.organisation"),
    list(organisations),
    format_func=organisations.__getitem__,
    key=f"reports.organisation.{cohort_id}",  # a new list for each course
)
group_names: dict[int | None, str] = {None: tr("reports.all")}
group_names.update({g.id: g.name for g, org in groups if org.id == organisation_id})
group_id = st.selectbox(
    tr("reports.group"),
    list(group_names),
    format_func=group_names.__getitem__,
    key=f"reports.group.{organisation_id}",  # a new list of groups for each organisation
    disabled=organisation_id is None,
)
language_names = {code: tr(f"reports.lang.{code}") for code in LANGUAGES}
report_lang = st.radio(
    tr("reports.language"),
    LANGUAGES,
    index=LANGUAGES.index(lang()),
    format_func=language_names.__getitem__,
    horizontal=True,
    key="reports.lang",
)
with read_session(engine()) as session:
    roster = report_roster(
        session, cohort_id=cohort_id, organisation_id=organisation_id, group_id=group_id
    )
if not roster:
    st.info(tr("reports.none"))
    st.stop()

st.write(tr("reports.count", count=len(roster)))
choice = (cohort_id, organisation_id, group_id, report_lang, len(roster))
if st.button(tr("reports.generate"), type="primary", key="reports.generate"):
    bar = st.progress(0.0, text=tr("reports.progress", done=0, total=len(roster)))

    def _moved(done: int, total: int) -> None:
        bar.progress(done / total, text=tr("reports.progress", done=done, total=total))

    with read_session(engine()) as session:
        st.session_state[ZIP] = reports_zip(
            session, [r.participant_id for r in roster], report_lang, on_progress=_moved
        )
    st.session_state[ZIP_FOR] = choice
if st.session_state.get(ZIP_FOR) != choice:
    st.session_state.pop(ZIP, None)  # a zip for another choice only takes memory
elif ZIP in st.session_state:
    st.success(tr("reports.done", count=len(roster)))
    st.download_button(
        tr("reports.download"),
        st.session_state[ZIP],
        file_name=f"samspill-reports-{report_lang}.zip",
        mime="application/zip",
        icon=":material/download:",
        key="reports.download",
        on_click="ignore",
    )

st.header(tr("reports.roster"))
st.write(tr("reports.roster_help"))
table = pd.DataFrame(
    {
        tr("reports.col.id"): [r.participant_id for r in roster],
        tr("reports.col.name"): [r.name for r in roster],
        tr("reports.col.organisation"): [r.organisation for r in roster],
        tr("reports.col.group"): [r.group for r in roster],
    }
)
st.dataframe(table, hide_index=True, width="stretch")
