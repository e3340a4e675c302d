"""Cached reads for the self-assessment pages, keyed on a fingerprint of the answers."""

from __future__ import annotations

import streamlit as st

from core.db import read_session
from core.results import GroupResult, group_result, result_rounds, results_version
from ui.data import engine


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _group_result(group_id: int, round_id: int | None, version: tuple[int, str]) -> GroupResult:
    del version  # only part of the cache key: a new submit makes a new entry
    with read_session(engine()) as session:
        return group_result(session, group_id=group_id, round_id=round_id)


def rounds_with_results(group_id: int) -> list[tuple[int, str]]:
    """(id, name) of the rounds the group's results can be shown for, oldest first."""
    with read_session(engine()) as session:
        return [(r.id or 0, r.name) for r in result_rounds(session, group_id=group_id)]


def group_result_for(group_id: int, round_id: int | None) -> GroupResult:
    """The group's result; scored again only when someone has submitted since."""
    if round_id is None:
        with read_session(engine()) as session:
            return group_result(session, group_id=group_id)
    with read_session(engine()) as session:
        version = results_version(session, round_id=round_id)
    return _group_result(group_id, round_id, version)
