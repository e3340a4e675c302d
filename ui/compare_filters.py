"""The filters of the comparison and export pages: cohort, round, organisations, group kind."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.comparison import organisation_names
from core.db import read_session
from core.repositories import list_cohorts, rounds_of
from ui.data import engine
from ui.text import tr

KINDS: tuple[str, ...] = ("all", "management", "network")

ALL_CHOSEN_UP_TO = 100
"""Most organisations the filter starts with every one chosen (and empty means none).

Above it the filter starts empty and empty means every organisation: a national cohort's
15,000 names as chosen chips are unreadable, and Streamlit checks each default against the
options one by one (quadratic: 2.7 s a page run at 15,000).
"""


@dataclass(frozen=True)
class CompareFilters:
    """What the facilitator chose; ``organisation_ids`` None means every organisation."""

    cohort_id: int
    round_id: int
    rounds: tuple[tuple[int, str], ...]
    organisation_ids: tuple[int, ...] | None
    group_kind: str | None

    @property
    def round_name(self) -> str:
        """The chosen round's name."""
        return dict(self.rounds)[self.round_id]


def compare_filters(*, key: str) -> CompareFilters | None:
    """Draw the filters; None (with a message shown) when there is nothing to compare."""
    with read_session(engine()) as session:
        cohorts = list_cohorts(session)
    if not cohorts:
        st.info(tr("compare.empty"))
        return None
    names = {int(c.id or 0): c.name for c in cohorts}
    cohort_id = st.selectbox(
        tr("compare.filter.cohort"),
        options=list(names),
        format_func=names.__getitem__,
        key=f"{key}.cohort",
    )
    with read_session(engine()) as session:
        rounds = [r for r in rounds_of(session, cohort_id) if r.status != "draft"]
        organisations = organisation_names(session, cohort_id)
    if not rounds:
        st.info(tr("compare.no_rounds"))
        return None
    labels = {int(r.id or 0): f"{r.name} ({tr('round.status.' + r.status)})" for r in rounds}
    left, right = st.columns(2)
    round_id = left.selectbox(
        tr("compare.filter.round"),
        options=list(labels),
        format_func=labels.__getitem__,
        index=len(rounds) - 1,
        key=f"{key}.round",
    )
    kind = right.selectbox(
        tr("compare.filter.kind"),
        options=KINDS,
        # Labels made now, in this run's language (AppTest formats outside the run).
        format_func={kind: tr(f"compare.kind.{kind}") for kind in KINDS}.__getitem__,
        key=f"{key}.kind",
    )
    org_names = dict(organisations)
    orgs: tuple[int, ...] | None
    if len(org_names) <= ALL_CHOSEN_UP_TO:
        chosen = st.multiselect(
            tr("compare.filter.organisations"),
            options=list(org_names),
            default=list(org_names),
            format_func=org_names.__getitem__,
            key=f"{key}.organisations",
        )
        orgs = None if set(chosen) == set(org_names) else tuple(sorted(chosen))
    else:
        chosen = st.multiselect(
            tr("compare.filter.organisations"),
            options=list(org_names),
            format_func=org_names.__getitem__,
            placeholder=tr("compare.filter.all_organisations", n=len(org_names)),
            key=f"{key}.organisations",
        )
        orgs = tuple(sorted(chosen)) if chosen else None
    return CompareFilters(
        cohort_id=cohort_id,
        round_id=round_id,
        rounds=tuple((int(r.id or 0), r.name) for r in rounds),
        organisation_ids=orgs,
        group_kind=None if kind == "all" else kind,
    )
