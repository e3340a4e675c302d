"""The "delete all my data" step: a typed confirmation word, then erasure and sign-out."""

from __future__ import annotations

import streamlit as st

from core.db import write_session
from core.erasure import erase_participant
from ui.auth import sign_out
from ui.data import engine
from ui.text import tr

CONFIRM_KEY = "mydata.delete.confirm"


def delete_everything(participant_id: int) -> bool:
    """Offer deletion; True once the participant's data are gone and the session signed out.

    A typed word rather than a lone button, so a stray click deletes nothing. A wrong
    word keeps what was typed and changes nothing.
    """
    st.header(tr("mydata.delete.title"))
    st.write(tr("mydata.delete.explain"))
    word = tr("mydata.delete.word")
    typed = st.text_input(tr("mydata.delete.type_word", word=word), key=CONFIRM_KEY)
    if not st.button(tr("mydata.delete.button"), type="primary", key="mydata.delete.button"):
        return False
    if typed.strip().casefold() != word.casefold():
        st.error(tr("mydata.delete.wrong_word", word=word))
        return False
    try:
        with write_session(engine()) as session:
            erase_participant(session, participant_id)
    except LookupError:
        pass  # deleted a moment ago in another tab: the outcome the person asked for
    # Cached network maps and results are keyed on fingerprints that an erasure need not
    # change (ties to the person are re-pointed, not removed): drop them all, so no page
    # of this process shows the name again. Other processes drop theirs when they see the
    # data revision the erasure recorded (ui.data.follow_revisions). Erasures are rare.
    st.cache_data.clear()
    sign_out()
    return True
