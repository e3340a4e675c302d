"""The language picker in the sidebar; owns the session key for the language."""

from __future__ import annotations

import streamlit as st

from core.config import get_settings
from core.i18n import LANGUAGES
from ui import session_keys

_NAMES = {"nb": "Norsk (bokmål)", "en": "English"}


def language_picker() -> str:
    """Draw the picker and return the chosen language code."""
    st.session_state.setdefault(session_keys.LANG, get_settings().default_language)
    return str(
        st.sidebar.radio(
            "Språk / Language",
            options=list(LANGUAGES),
            format_func=_NAMES.__getitem__,
            key=session_keys.LANG,
            horizontal=True,
        )
    )
