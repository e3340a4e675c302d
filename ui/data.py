"""The database engine for pages: created and migrated once per process, keyed on the URL."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from core.config import get_settings
from core.db import DatabaseUnavailableError, get_engine, migrate


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = get_engine(url)
    migrate(engine)
    return engine


def engine() -> Engine:
    """The app's engine; stops the page with one clear message if the database is unusable."""
    try:
        return _engine_for(get_settings().database_url)
    except DatabaseUnavailableError as exc:
        st.error(str(exc))
        st.stop()
        raise  # st.stop() raises; this line only tells type checkers the function ends here
