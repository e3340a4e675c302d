"""Invite links: the list to hand out, printable QR cards, revoke and reissue a link."""

import streamlit as st

from core.config import get_settings
from core.db import read_session
from core.invites import invite_cards_pdf, invite_rows, invites_csv
from ui.course_invites import invite_table, manage_participant
from ui.course_shared import pick_cohort, show_flash, tr_plain
from ui.data import engine
from ui.text import lang, tr

st.title(tr("course.invites.title"))
show_flash()
cohort = pick_cohort(key="course.invites.cohort")
if cohort is None:
    st.info(tr("course.no_cohorts"))
    st.stop()
assert cohort.id is not None
public_url = get_settings().public_url
with read_session(engine()) as session:
    rows = invite_rows(session, cohort_id=cohort.id, base_url=public_url)
st.write(tr_plain("course.invites.explain", url=public_url))
if not rows:
    st.info(tr("course.invites.empty"))
    st.page_link("pages/facilitator/facilitator_roster.py", label=tr("course.invites.to_roster"))
    st.stop()

st.header(tr("course.invites.downloads_heading"))
st.download_button(
    tr("course.invites.download_csv"),
    data=invites_csv(rows, lang=lang()),
    file_name=f"invites-{cohort.id}.csv",
    mime="text/csv",
    key="course.invites.csv",
)
# Cards are printed per organisation as a rule; the whole cohort is one choice among them.
organisations = {
    "": tr("course.invites.cards_all"),
    **{r.organisation: r.organisation for r in rows},
}
chosen = st.selectbox(
    tr("course.invites.cards_for"),
    options=list(organisations),
    format_func=organisations.__getitem__,
    key="course.invites.cards_for",
)
card_rows = [r for r in rows if not chosen or r.organisation == chosen]
st.download_button(
    tr_plain("course.invites.download_cards", count=sum(not r.revoked for r in card_rows)),
    data=lambda: invite_cards_pdf(card_rows),
    file_name=f"invite-cards-{cohort.id}.pdf",
    mime="application/pdf",
    key="course.invites.cards",
)
st.header(tr("course.invites.list_heading"))
invite_table(rows)
st.header(tr("course.invites.manage_heading"))
manage_participant(rows)
