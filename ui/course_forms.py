"""Forms of the course setup page: cohort, organisations and groups, survey rounds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st
from sqlmodel import Session

from core import course_setup
from core.db import read_session
from core.erasure import erase_cohort, erase_group
from core.models import Cohort, SurveyRound
from core.repositories import groups_of_cohort, organisations_of, rounds_of
from ui.course_shared import confirm_delete, remember_cohort, run_setup_change, tr_plain
from ui.data import engine
from ui.text import tr


def new_cohort_form() -> None:
    """Create a course run, with an optional end date after which its data is purged."""
    with st.form("course.new_cohort", clear_on_submit=True):
        name = st.text_input(tr("course.cohort.name"), key="course.new_cohort.name")
        has_end = st.checkbox(tr("course.cohort.has_end"), key="course.new_cohort.has_end")
        end = st.date_input(tr("course.cohort.end"), value=None, key="course.new_cohort.end")
        if st.form_submit_button(tr("course.cohort.create"), type="primary"):
            end_date = end if has_end and isinstance(end, date) else None

            def create(session: Session) -> str:
                cohort = course_setup.create_cohort(session, name=name, end_date=end_date)
                remember_cohort(cohort.id)
                return tr_plain("course.cohort.created", name=cohort.name)

            run_setup_change(create)


def edit_cohort_form(cohort: Cohort) -> None:
    """Rename the cohort or change its end date; delete it with everything it holds."""
    assert cohort.id is not None
    cohort_id = cohort.id
    with st.form(f"course.edit_cohort.{cohort_id}"):
        name = st.text_input(
            tr("course.cohort.name"), value=cohort.name, key=f"course.edit.{cohort_id}.name"
        )
        end = st.date_input(
            tr("course.cohort.end"), value=cohort.end_date, key=f"course.edit.{cohort_id}.end"
        )
        if st.form_submit_button(tr("course.cohort.save")):
            end_date = end if isinstance(end, date) else None

            def save(session: Session) -> str:
                course_setup.update_cohort(
                    session, cohort_id=cohort_id, name=name, end_date=end_date
                )
                return tr("course.saved")

            run_setup_change(save)
    with st.expander(tr("course.cohort.delete_heading")):
        st.write(tr("course.cohort.delete_explain"))
        confirm_delete(
            what=cohort.name,
            key=f"course.delete.cohort.{cohort_id}",
            erase=lambda session: erase_cohort(session, cohort_id),
        )


def structure_section(cohort_id: int) -> None:
    """The organisations and groups of a cohort, with forms to add and change them."""
    with read_session(engine()) as session:
        organisations = list(organisations_of(session, cohort_id))
        groups = list(groups_of_cohort(session, cohort_id))
    if groups:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("course.col.organisation"): o.name,
                        tr("course.col.group"): g.name,
                        tr("course.col.kind"): tr(f"course.kind.{g.kind}"),
                        tr("course.col.named_network"): tr(
                            "course.yes" if g.named_network else "course.no"
                        ),
                    }
                    for g, o in groups
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(tr("course.structure.empty"))
    with st.form("course.new_org", clear_on_submit=True):
        org_name = st.text_input(tr("course.org.name"), key="course.new_org.name")
        if st.form_submit_button(tr("course.org.create")):
            run_setup_change(
                lambda session: tr_plain(
                    "course.org.created",
                    name=course_setup.create_organisation(
                        session, cohort_id=cohort_id, name=org_name
                    ).name,
                )
            )
    if organisations:
        _new_group_form({o.id: o.name for o in organisations if o.id is not None})
    if groups:
        _edit_group_form(
            {
                g.id: (f"{o.name} / {g.name}", g.kind, g.named_network)
                for g, o in groups
                if g.id is not None
            }
        )


def rounds_section(cohort_id: int) -> None:
    """The cohort's rounds with the one move each can make now: open, close or reopen."""
    with read_session(engine()) as session:
        rounds = list(rounds_of(session, cohort_id))
    if not rounds:
        st.info(tr("course.rounds.empty"))
    for survey_round in rounds:
        assert survey_round.id is not None
        round_id = survey_round.id
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.write(
            tr_plain(
                "course.rounds.line",
                name=survey_round.name,
                status=tr(f"round.status.{survey_round.status}"),
            )
        )
        if survey_round.status == "open":
            action, label = course_setup.close_round, "course.rounds.close"
        else:
            action = course_setup.open_round
            label = (
                "course.rounds.reopen" if survey_round.status == "closed" else "course.rounds.open"
            )
        if right.button(
            tr(label, name=survey_round.name), key=f"course.round.{round_id}.{survey_round.status}"
        ):
            run_setup_change(_round_move(action, round_id, label))
    with st.form("course.new_round", clear_on_submit=True):
        round_name = st.text_input(tr("course.rounds.name"), key="course.new_round.name")
        if st.form_submit_button(tr("course.rounds.create")):
            run_setup_change(
                lambda session: tr_plain(
                    "course.rounds.created",
                    name=course_setup.create_round(
                        session, cohort_id=cohort_id, name=round_name
                    ).name,
                )
            )


def _round_move(
    action: Callable[..., SurveyRound], round_id: int, label: str
) -> Callable[[Session], str]:
    def move(session: Session) -> str:
        return tr_plain(f"{label}.done", name=action(session, round_id=round_id).name)

    return move


def _new_group_form(organisations: dict[int, str]) -> None:
    with st.form("course.new_group", clear_on_submit=True):
        org_id = st.selectbox(
            tr("course.col.organisation"),
            options=list(organisations),
            format_func=organisations.__getitem__,
            key="course.new_group.org",
        )
        name = st.text_input(tr("course.group.name"), key="course.new_group.name")
        kind = _kind_select("course.new_group.kind")
        named = st.checkbox(tr("course.group.named_network"), key="course.new_group.named")
        if st.form_submit_button(tr("course.group.create")):
            run_setup_change(
                lambda session: tr_plain(
                    "course.group.created",
                    name=course_setup.create_group(
                        session, organisation_id=org_id, name=name, kind=kind, named_network=named
                    ).name,
                )
            )


def _edit_group_form(groups: dict[int, tuple[str, str, bool]]) -> None:
    st.subheader(tr("course.group.edit_heading"))
    group_id = st.selectbox(
        tr("course.col.group"),
        options=list(groups),
        format_func={gid: item[0] for gid, item in groups.items()}.__getitem__,
        key="course.edit_group.id",
    )
    label, current_kind, current_named = groups[group_id]
    with st.form(f"course.edit_group.{group_id}"):
        kind = _kind_select(f"course.edit_group.{group_id}.kind", current_kind)
        named = st.checkbox(
            tr("course.group.named_network"),
            value=current_named,
            key=f"course.edit_group.{group_id}.named",
        )
        if st.form_submit_button(tr("course.group.save")):
            run_setup_change(
                lambda session: tr_plain(
                    "course.saved",
                    name=course_setup.update_group(
                        session, group_id=group_id, kind=kind, named_network=named
                    ).name,
                )
            )
    confirm_delete(
        what=label,
        key=f"course.delete.group.{group_id}",
        erase=lambda session: erase_group(session, group_id),
    )


def _kind_select(key: str, current: str = "management") -> str:
    options = list(course_setup.GROUP_KINDS)
    kind: str = st.radio(
        tr("course.col.kind"),
        options=options,
        index=options.index(current) if current in options else 0,
        format_func={k: tr(f"course.kind.{k}") for k in options}.__getitem__,
        horizontal=True,
        key=key,
    )
    return kind
