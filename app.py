"""Samspill router: page config, role → pages, the shared frame, and nothing else."""

import streamlit as st

from ui.auth import current_role, sign_out
from ui.data import follow_revisions
from ui.language_picker import language_picker
from ui.registry import VISITOR, pages_for
from ui.text import tr

st.set_page_config(page_title="Samspill", page_icon=":material/hub:", layout="wide")

follow_revisions()
language_picker()
role = current_role()

sections: dict[str, list[st.Page]] = {}
for spec in pages_for(role):
    page = st.Page(
        spec.path,
        title=tr(spec.title_key),
        icon=spec.icon or None,
        url_path=spec.url_path,
        default=role in spec.default_for,
    )
    sections.setdefault(tr(spec.section_key), []).append(page)

if role != VISITOR and st.sidebar.button(tr("nav.sign_out"), key="app.sign_out"):
    sign_out()
    st.rerun()

st.navigation(sections).run()
