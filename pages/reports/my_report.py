"""My report: the participant's personal report on the page, and the same report as a PDF."""

from functools import partial

import streamlit as st

from core.db import read_session
from core.report import build_report
from core.report_bulk import report_filename
from core.report_pdf import render_pdf
from ui.auth import participant_id
from ui.data import engine
from ui.report_view import report_header, report_profile, report_sections
from ui.text import lang, tr

st.title(tr("report.title"))
pid = participant_id()
if pid is None:
    st.info(tr("report.page.none"))
    st.stop()
try:
    with read_session(engine()) as session:
        report = build_report(session, pid, lang())
except LookupError:
    st.info(tr("report.page.none"))
    st.stop()

# The PDF is made only when asked for, from the report already on the page.
st.download_button(
    tr("report.download"),
    partial(render_pdf, report),
    file_name=report_filename(report.organisation, report.group, pid),
    mime="application/pdf",
    icon=":material/download:",
    help=tr("report.download_help"),
    key="report.download",
    on_click="ignore",
)
report_header(report)
report_profile(report)
report_sections(report)
