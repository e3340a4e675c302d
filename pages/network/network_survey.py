"""The network survey: whom the participant goes to, how often, partners and expertise."""

import streamlit as st

from core.consent import consent_of
from core.db import read_session
from core.repositories import open_round, participant_context
from ui import network_survey_form as form
from ui.auth import participant_id
from ui.data import engine
from ui.text import lang, tr

pid = participant_id()
if pid is None:
    st.stop()
with read_session(engine()) as session:
    context = participant_context(session, pid)
    current = open_round(session, context[3].id or 0) if context else None
    consent = consent_of(session, pid)
survey = form.survey()
st.title(survey.title[lang()])
if context is None:
    st.error(tr("network.survey.gone"))
    st.stop()
participant, group, organisation, cohort = context
if consent is None:
    st.info(tr("network.survey.consent_first"))
    st.page_link("pages/start/participant_start.py", label=tr("nav.participant_start"))
    st.stop()
if current is None or current.id is None:
    st.info(tr("network.survey.no_round"))
    st.stop()

draft = form.draft(pid, current.id)
if draft.submitted:
    st.success(tr("network.survey.submitted", round=current.name))
    st.page_link("pages/network/group_network.py", label=tr("network.survey.to_map"), icon="🗺️")
    st.stop()

st.write(survey.intro[lang()])
st.caption(tr("network.survey.saved_as_you_go", round=current.name))
people = form.roster(cohort.id or 0)

labels = [r.label[lang()] for r in survey.relations]
labels += [tr("network.survey.tab.partners"), tr("network.survey.tab.expertise")]
# Only the open tab runs: each relation's picker is a list of buttons, and drawing all six
# tabs on every page load would cost a room of 300 several times as much server time.
tabs = st.tabs(labels, key="network.survey.tab", on_change="rerun")
for tab, relation in zip(tabs, survey.relations, strict=False):
    if tab.open:
        with tab:
            form.relation_question(relation.id, pid, current, people, organisation.name)
if tabs[-2].open:
    with tabs[-2]:
        form.partners_question(pid, current)
if tabs[-1].open:
    with tabs[-1]:
        form.expertise_question(pid, current)

st.divider()
st.subheader(tr("network.survey.submit_heading"))
st.write(tr("network.survey.submit_explain"))
# A callback: the run the click starts already shows the outcome (one page run, not two).
st.button(
    tr("network.survey.submit"),
    type="primary",
    key="network.survey.submit",
    on_click=form.submit,
    args=(pid, current),
)
form.show_submit_error()
