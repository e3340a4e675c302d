"""The database engine for pages (created and migrated once per process) and cache freshness."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from core.config import get_settings
from core.db import DatabaseUnavailableError, get_engine, migrate, read_session
from core.revisions import latest_revision

REVISION_POLL_SECONDS = 3.0
"""How often a process asks the database whether another process erased someone.

The bound on how long a page served by another process can still show a deleted name;
one indexed read per interval, however many people are clicking.
"""


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


@dataclass
class _Seen:
    """The newest data revision this process has acted on, and when it last looked."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    # By database URL: tests switch databases within one process.
    revisions: dict[str, int] = field(default_factory=dict)
    checked_at: float = float("-inf")


_SEEN = _Seen()


def follow_revisions() -> None:
    """Drop this process's cached data when another process erased or rewrote data.

    Called at the start of every script run. Cached maps, rosters and results key on
    fingerprints that an erasure need not change, and a process's caches are its own,
    so without this a second app process could show a deleted person for minutes.
    """
    now = time.monotonic()
    if now - _SEEN.checked_at < REVISION_POLL_SECONDS:
        return
    with _SEEN.lock:
        if now - _SEEN.checked_at < REVISION_POLL_SECONDS:
            return
        _SEEN.checked_at = now
        url = get_settings().database_url
        try:
            with read_session(_engine_for(url)) as session:
                newest = latest_revision(session)
        except (DatabaseUnavailableError, OperationalError):
            return  # the page that needs the data says so; a page that does not still works
        seen = _SEEN.revisions.get(url)
        if seen is not None and newest != seen:
            st.cache_data.clear()
        _SEEN.revisions[url] = newest
