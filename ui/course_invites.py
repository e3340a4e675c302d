"""The invite list on the page: a searchable table and the actions on one participant."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from core.db import write_session
from core.erasure import erase_participant
from core.invites import InviteRow, reissue_invite, revoke_invite
from ui.course_shared import confirm_delete, flash, tr_plain
from ui.data import engine
from ui.text import tr


def invite_table(rows: Sequence[InviteRow]) -> None:
    """Everyone with their ID (the CLI's `report --participant ID` takes it) and link."""
    needle = st.text_input(tr("course.invites.search"), key="course.invites.search").casefold()
    shown = [
        r for r in rows if needle in f"{r.name} {r.email} {r.group} {r.organisation}".casefold()
    ]
    st.write(tr_plain("course.invites.count", shown=len(shown), total=len(rows)))
    if not shown:
        return
    table = pd.DataFrame(
        [
            {
                tr("course.invites.csv.id"): r.participant_id,
                tr("course.invites.csv.name"): r.name,
                tr("course.invites.csv.organisation"): r.organisation,
                tr("course.invites.csv.group"): r.group,
                tr("course.invites.csv.status"): _status(r),
                tr("course.invites.csv.link"): r.url or "",
            }
            for r in shown
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")


def manage_participant(rows: Sequence[InviteRow]) -> None:
    """Revoke, reissue or delete one participant, each behind an explicit confirmation."""
    by_id = {r.participant_id: r for r in rows}
    chosen = st.selectbox(
        tr("course.invites.pick"),
        options=list(by_id),
        format_func={pid: f"{pid} · {r.name} · {r.group}" for pid, r in by_id.items()}.__getitem__,
        key="course.invites.pick",
    )
    row = by_id[chosen]
    st.write(tr_plain("course.invites.selected", name=row.name, status=_status(row)))
    if row.url:
        st.code(row.url, language=None)
    sure = st.checkbox(tr("course.invites.confirm"), key=f"course.invites.{chosen}.sure")
    left, right = st.columns(2)
    if left.button(
        tr("course.invites.revoke"),
        key=f"course.invites.{chosen}.revoke",
        disabled=not sure or row.revoked,
    ):
        with write_session(engine()) as session:
            revoke_invite(session, participant_id=chosen)
        flash(tr_plain("course.invites.revoked", name=row.name))
    if right.button(
        tr("course.invites.reissue"), key=f"course.invites.{chosen}.reissue", disabled=not sure
    ):
        with write_session(engine()) as session:
            reissue_invite(session, participant_id=chosen)
        flash(tr_plain("course.invites.reissued", name=row.name))
    st.subheader(tr("course.invites.delete_heading"))
    st.write(tr("course.invites.delete_explain"))
    confirm_delete(
        what=row.name,
        key=f"course.delete.participant.{chosen}",
        erase=lambda session: erase_participant(session, chosen),
    )


def _status(row: InviteRow) -> str:
    return tr(f"course.invites.status.{'revoked' if row.revoked else 'active'}")
