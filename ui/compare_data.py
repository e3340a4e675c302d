"""Cached loaders for the comparison and export pages, keyed on the data they read.

Each key holds the database URL (one process may serve several databases in tests), the
anonymity threshold, and a cheap fingerprint of the selection's answers in the round
(core.comparison.selection_version), so a new submission makes a new cache entry and no
cached number is older than the data.
"""

from __future__ import annotations

import streamlit as st

from core.comparison import (
    GroupChange,
    GroupLearning,
    GroupNetwork,
    GroupScores,
    Rollup,
    RollupSummary,
    count_groups,
    dimension_scores,
    learning_progress,
    network_measures,
    round_change,
    score_rollups,
    selection_network_version,
    selection_version,
    top_score_rollups,
)
from core.config import get_settings
from core.db import read_session
from core.exports import facilitator_network_view
from core.network_data import NetworkView, network_data_version
from ui.data import engine

Orgs = tuple[int, ...] | None

GROUP_VIEW_LIMIT = 300
"""Most groups the page lists one by one (heatmap, tables, networks, learning, change).

A course or a region is a few hundred groups, which a facilitator reads row by row; a
national cohort is 150,000, which nobody reads and which takes seconds to build (and the
networks minutes). Above this the page shows the rollups only and asks for organisations.
"""

ORGANISATIONS_LISTED = 200
"""Organisations in the rollup table of a large selection: those with the most answers.

Enough to scroll and sort in the browser; the rest are counted, and the organisation filter
reaches any of them.
"""


def group_count(cohort_id: int, orgs: Orgs, kind: str | None) -> int:
    """Groups the filters select (one SQL count, not cached: it decides the view)."""
    with read_session(engine()) as session:
        return count_groups(session, cohort_id=cohort_id, organisation_ids=orgs, group_kind=kind)


def rollups(
    cohort_id: int, round_id: int, orgs: Orgs, kind: str | None, *, label: str
) -> list[Rollup]:
    """Organisation rollups, then the cohort's, in SQL (shown groups only)."""
    return _rollups(
        _key(), cohort_id, round_id, orgs, kind, label, _version(cohort_id, round_id, orgs, kind)
    )


def rollup_summary(
    cohort_id: int, round_id: int, orgs: Orgs, kind: str | None, *, label: str
) -> RollupSummary:
    """The cohort's rollup and the organisations with the most answers, for a large selection.

    Not cached: it takes a few tenths of a second at 1,500,000 responses, less than a
    fingerprint of the whole round's answers would (it counts every response), and is
    therefore never older than the data.
    """
    with read_session(engine()) as session:
        return top_score_rollups(
            session,
            cohort_id=cohort_id,
            round_id=round_id,
            label=label,
            first=ORGANISATIONS_LISTED,
            organisation_ids=orgs,
            group_kind=kind,
            threshold=_key()[1],
        )


def scores(cohort_id: int, round_id: int, orgs: Orgs, kind: str | None) -> list[GroupScores]:
    """Dimension scores per group, with the anonymity rule applied."""
    return _scores(
        _key(), cohort_id, round_id, orgs, kind, _version(cohort_id, round_id, orgs, kind)
    )


def change(
    cohort_id: int, before_id: int, after_id: int, orgs: Orgs, kind: str | None
) -> list[GroupChange]:
    """Change per group between two rounds, where both sides are shown."""
    versions = (
        _version(cohort_id, before_id, orgs, kind),
        _version(cohort_id, after_id, orgs, kind),
    )
    return _change(_key(), cohort_id, before_id, after_id, orgs, kind, versions)


def networks(cohort_id: int, round_id: int, orgs: Orgs, kind: str | None) -> list[GroupNetwork]:
    """Network measures per group; the slowest view, so cached on the selection's network data."""
    with read_session(engine()) as session:
        version = selection_network_version(
            session, cohort_id=cohort_id, round_id=round_id, organisation_ids=orgs, group_kind=kind
        )
    return _networks(_key(), cohort_id, round_id, orgs, kind, version)


def learning(cohort_id: int, orgs: Orgs, kind: str | None) -> list[GroupLearning]:
    """Learning progress per group (lessons change often, so only briefly cached)."""
    return _learning(_key(), cohort_id, orgs, kind)


def network_export_view(group_id: int, round_id: int) -> NetworkView:
    """A group's network as a facilitator may export it (neutral labels only)."""
    with read_session(engine()) as session:
        version = network_data_version(session, round_id=round_id)
    return _network_view(_key(), group_id, round_id, version)


def _key() -> tuple[str, int]:
    """The database and the threshold: a cached view is only valid for both."""
    settings = get_settings()
    return settings.database_url, settings.anonymity_threshold


def _version(cohort_id: int, round_id: int, orgs: Orgs, kind: str | None) -> tuple[int, str]:
    """The selection's answers in the round (not the whole round's: 1.5M rows nationally)."""
    with read_session(engine()) as session:
        return selection_version(
            session, cohort_id=cohort_id, round_id=round_id, organisation_ids=orgs, group_kind=kind
        )


@st.cache_data(ttl=600, show_spinner=False, max_entries=200)
def _scores(
    key: tuple[str, int],
    cohort_id: int,
    round_id: int,
    orgs: Orgs,
    kind: str | None,
    version: tuple[int, str],
) -> list[GroupScores]:
    del version  # only part of the cache key
    with read_session(engine()) as session:
        return dimension_scores(
            session,
            cohort_id=cohort_id,
            round_id=round_id,
            organisation_ids=orgs,
            group_kind=kind,
            threshold=key[1],
        )


@st.cache_data(ttl=600, show_spinner=False, max_entries=200)
def _rollups(
    key: tuple[str, int],
    cohort_id: int,
    round_id: int,
    orgs: Orgs,
    kind: str | None,
    label: str,
    version: tuple[int, str],
) -> list[Rollup]:
    del version  # only part of the cache key
    with read_session(engine()) as session:
        return score_rollups(
            session,
            cohort_id=cohort_id,
            round_id=round_id,
            label=label,
            organisation_ids=orgs,
            group_kind=kind,
            threshold=key[1],
        )


@st.cache_data(ttl=600, show_spinner=False, max_entries=200)
def _change(
    key: tuple[str, int],
    cohort_id: int,
    before_id: int,
    after_id: int,
    orgs: Orgs,
    kind: str | None,
    versions: tuple[tuple[int, str], tuple[int, str]],
) -> list[GroupChange]:
    del versions
    with read_session(engine()) as session:
        return round_change(
            session,
            cohort_id=cohort_id,
            before_round_id=before_id,
            after_round_id=after_id,
            organisation_ids=orgs,
            group_kind=kind,
            threshold=key[1],
        )


@st.cache_data(ttl=600, show_spinner=False, max_entries=100)
def _networks(
    key: tuple[str, int],
    cohort_id: int,
    round_id: int,
    orgs: Orgs,
    kind: str | None,
    version: tuple[int, int, int],
) -> list[GroupNetwork]:
    del version
    with read_session(engine()) as session:
        return network_measures(
            session,
            cohort_id=cohort_id,
            round_id=round_id,
            organisation_ids=orgs,
            group_kind=kind,
            threshold=key[1],
        )


@st.cache_data(ttl=30, show_spinner=False, max_entries=100)
def _learning(
    key: tuple[str, int], cohort_id: int, orgs: Orgs, kind: str | None
) -> list[GroupLearning]:
    with read_session(engine()) as session:
        return learning_progress(
            session, cohort_id=cohort_id, organisation_ids=orgs, group_kind=kind, threshold=key[1]
        )


@st.cache_data(ttl=600, show_spinner=False, max_entries=100)
def _network_view(
    key: tuple[str, int], group_id: int, round_id: int, version: tuple[int, int, int]
) -> NetworkView:
    del version
    with read_session(engine()) as session:
        return facilitator_network_view(
            session, group_id=group_id, round_id=round_id, threshold=key[1]
        )
