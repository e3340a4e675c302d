"""A participant's start page: consent on the first visit, then the steps of the course."""

import streamlit as st

from core.config import get_settings
from core.consent import consent_of, consent_text, record_consent
from core.db import read_session, write_session
from core.repositories import open_round, participant_context
from ui.auth import participant_id
from ui.data import engine
from ui.learning_shared import plain
from ui.registry import PARTICIPANT, pages_for
from ui.text import lang, tr

pid = participant_id()
if pid is None:
    st.stop()
with read_session(engine()) as session:
    context = participant_context(session, pid)
    consent = consent_of(session, pid)
if context is None:
    st.error(tr("start.gone"))
    st.stop()
participant, group, organisation, cohort = context
threshold = get_settings().anonymity_threshold

if consent is None:
    text = consent_text(lang())
    # Names are typed by facilitators or imported from a spreadsheet: shown, never as Markdown.
    params = {
        "organisation": plain(organisation.name),
        "cohort": plain(cohort.name),
        "group": plain(group.name),
        "threshold": threshold,
        "end_date": cohort.end_date.isoformat() if cohort.end_date else "—",
    }
    st.title(text.parts["title"])
    st.write(text.parts["intro"].format(**params))
    keys = ["asked", "sees_self", "sees_group"]
    keys += ["sees_named" if group.named_network else "sees_anonymous"]
    keys += ["sees_facilitator", "retention" if cohort.end_date else "retention_open", "delete"]
    for key in keys:
        st.markdown(text.parts[key].format(**params))
    with st.form("start.consent"):
        agreed = st.checkbox(text.parts["agree"], key="start.agree")
        if st.form_submit_button(text.parts["button"], type="primary"):
            if agreed:
                with write_session(engine()) as session:
                    record_consent(
                        session,
                        participant_id=pid,
                        lang=lang(),
                        named_network=group.named_network,
                    )
                st.rerun()
            st.warning(tr("start.must_agree"))
    st.write(text.parts["decline"])
    st.stop()

st.title(tr("start.welcome", name=plain(participant.name)))
where = {"group": group.name, "organisation": organisation.name, "cohort": cohort.name}
st.write(tr("start.where", **{key: plain(name) for key, name in where.items()}))
with read_session(engine()) as session:
    current = open_round(session, cohort.id or 0)
if current is None:
    st.info(tr("start.no_round"))
else:
    st.write(tr("start.round_open", round=plain(current.name)))

steps = [page for page in pages_for(PARTICIPANT) if page.path != "pages/start/participant_start.py"]
if steps:
    st.subheader(tr("start.steps"))
    for page in steps:
        st.page_link(page.path, label=tr(page.title_key), icon=page.icon or None)
