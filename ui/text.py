"""The current language and its strings, for pages and components."""

from __future__ import annotations

import streamlit as st

from core.config import get_settings
from core.i18n import LANGUAGES, t
from ui import session_keys


def lang() -> str:
    """The language the visitor chose, or the installation's default."""
    chosen = st.session_state.get(session_keys.LANG)
    return chosen if chosen in LANGUAGES else get_settings().default_language


def tr(key: str, /, **params: object) -> str:
    """`key` in the current language."""
    return t(key, lang(), **params)
