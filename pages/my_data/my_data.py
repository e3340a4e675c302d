"""My data: everything stored about the participant, to read, download and delete."""

import streamlit as st

from core.db import read_session
from core.my_data import my_data, my_data_csv_zip, my_data_json
from ui.auth import participant_id
from ui.data import engine
from ui.my_data_delete import delete_everything
from ui.my_data_view import render_my_data
from ui.text import lang, tr

st.title(tr("mydata.title"))
pid = participant_id()
if pid is None:
    st.stop()
with read_session(engine()) as session:
    try:
        data = my_data(session, pid, lang())
    except LookupError:
        data = None
if data is None:
    st.info(tr("mydata.gone"))
    st.stop()

body = st.empty()
with body.container():
    st.write(tr("mydata.intro"))
    st.header(tr("mydata.download.title"))
    st.write(tr("mydata.download.explain"))
    st.download_button(
        tr("mydata.download.json"),
        data=my_data_json(data),
        file_name="samspill-my-data.json",
        mime="application/json",
        on_click="ignore",
        key="mydata.download.json",
    )
    st.download_button(
        tr("mydata.download.csv"),
        data=my_data_csv_zip(data),
        file_name="samspill-my-data-csv.zip",
        mime="application/zip",
        on_click="ignore",
        key="mydata.download.csv",
    )
    render_my_data(data)
    deleted = delete_everything(pid)

if deleted:
    body.empty()
    st.success(tr("mydata.delete.done"))
    # Any click reruns the app, which now routes this signed-out visitor to the front page.
    st.button(tr("mydata.delete.home"), key="mydata.delete.home")
