"""Groups side by side across organisations, with the anonymity rule applied to every number.

The rule, the same for every view here:

* A group shows scores only when at least ``threshold`` members submitted (core.privacy);
  a score cell also needs ``threshold`` scores on its own dimension. Otherwise the group
  shows its counts only (members, respondents).
* Whether a group is shown depends on that group's own counts and nothing else, so no
  filter (organisation, round, group kind) can make a hidden group visible.
* Rollups (per organisation, for the cohort) are computed only over the cells that are
  shown. A rollup minus the visible groups in it is therefore the empty set: subtracting
  can never recover a hidden group. The rollup says how many groups it left out.

The rule is decided here and nowhere else: in Python (:func:`_shows_group`, :func:`_shows_cell`)
for each group, and the same comparison in SQL (:func:`_shown_sql`) where a query filters the
stored totals or sums the organisation rollups, which keep every group's counts
(``min_count``) so any threshold can be applied to them when read.

Every function returns plain frozen dataclasses, safe to cache in a page.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from core.aggregates import INSTRUMENT_ID, ROLLUP_CAP, DimensionStats, combine
from core.instruments import load_instrument
from core.models import (
    AssessmentResponse,
    Group,
    GroupRespondents,
    GroupScoreTotal,
    LessonProgress,
    Organisation,
    OrganisationRespondents,
    OrganisationScoreTotal,
    Participant,
    Tie,
)
from core.network_data import analyse_group
from core.privacy import anonymity_threshold, may_show_group_scores

__all__ = [
    "GROUP_VIEW_LIMIT",
    "ORGANISATIONS_LISTED",
    "GroupChange",
    "GroupLearning",
    "GroupNetwork",
    "GroupRef",
    "GroupScores",
    "Rollup",
    "RollupSummary",
    "ScoreCell",
    "cohort_rollup",
    "count_groups",
    "dimension_ids",
    "dimension_scores",
    "learning_progress",
    "network_measures",
    "organisation_names",
    "organisation_rollups",
    "round_change",
    "score_rollups",
    "selection_network_version",
    "selection_version",
    "top_score_rollups",
]


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


@dataclass(frozen=True)
class GroupRef:
    """Which group a row is about, and how many members it has."""

    group_id: int
    group: str
    organisation_id: int
    organisation: str
    kind: str
    members: int


@dataclass(frozen=True)
class ScoreCell:
    """A shown score on one dimension: mean, population SD, range and how many scores."""

    dimension: str
    n: int
    mean: float
    sd: float
    low: float
    high: float


@dataclass(frozen=True)
class GroupScores:
    """A group's dimension scores in a round; ``cells`` is empty when ``suppressed``."""

    ref: GroupRef
    round_id: int
    respondents: int
    suppressed: bool
    cells: tuple[ScoreCell, ...] = ()

    def cell(self, dimension: str) -> ScoreCell | None:
        """The shown cell of a dimension, or None."""
        return next((c for c in self.cells if c.dimension == dimension), None)


@dataclass(frozen=True)
class Rollup:
    """Scores over several groups, from shown cells only.

    ``groups_included`` groups contributed; ``groups_left_out`` were below the threshold
    and are in no number here. ``respondents`` counts the included groups only.
    """

    label: str
    groups_included: int
    groups_left_out: int
    respondents: int
    cells: tuple[ScoreCell, ...] = ()


@dataclass(frozen=True)
class RollupSummary:
    """The cohort's rollup and its largest organisations' rollups, for a national selection.

    ``organisations`` holds the first organisations by respondents in shown groups (then by
    name); ``organisations_total`` counts every organisation the filters select, so the page
    can say how many are not listed.
    """

    cohort: Rollup
    organisations: tuple[Rollup, ...]
    organisations_total: int

    @property
    def organisations_not_listed(self) -> int:
        """Selected organisations beyond the listed ones."""
        return self.organisations_total - len(self.organisations)


@dataclass(frozen=True)
class GroupNetwork:
    """A group's network measures in a round; every measure is None when ``suppressed``."""

    ref: GroupRef
    respondents: int
    suppressed: bool
    density: float | None = None
    centralisation: float | None = None
    ei_index: float | None = None
    isolates_share: float | None = None
    brokers: int | None = None


@dataclass(frozen=True)
class GroupLearning:
    """How far a group's members are in the lessons; totals are None when ``suppressed``."""

    ref: GroupRef
    learners: int
    suppressed: bool
    lessons_completed: int | None = None
    members_completed_one: int | None = None


@dataclass(frozen=True)
class GroupChange:
    """How a group's mean moved per dimension between two rounds (shown cells only)."""

    ref: GroupRef
    respondents_before: int
    respondents_after: int
    suppressed: bool
    deltas: tuple[tuple[str, float, float], ...] = ()

    def delta(self, dimension: str) -> float | None:
        """after - before on a dimension, or None when either side is not shown."""
        return next((a - b for d, b, a in self.deltas if d == dimension), None)


def dimension_ids() -> list[str]:
    """The dimensions of the self-assessment, in instrument order (for columns)."""
    return [d.id for d in load_instrument().dimensions]


def dimension_scores(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
    threshold: int | None = None,
) -> list[GroupScores]:
    """Every group of the cohort that the filters select, with shown scores or counts only.

    Three queries: the groups with their member counts, the respondents, and the shown
    cells (the stored totals that pass the rule), each over the selected groups only.
    """
    limit = anonymity_threshold(threshold)
    refs = _groups(session, cohort_id, organisation_ids, group_kind)
    chosen = _chosen_groups(cohort_id, organisation_ids, group_kind)
    r, t = GroupRespondents, GroupScoreTotal
    counts: dict[int, int] = {
        int(g): int(n)
        for g, n in session.connection()
        .execute(
            sa_select(col(r.group_id), col(r.respondents)).where(
                col(r.round_id) == round_id, col(r.group_id).in_(chosen)
            )
        )
        .all()
    }
    cells: dict[int, list[ScoreCell]] = {}
    query = (
        sa_select(
            col(t.group_id),
            col(t.dimension_id),
            col(t.n),
            col(t.total),
            col(t.total_sq),
            col(t.low),
            col(t.high),
        )
        .join(r, and_(col(r.round_id) == col(t.round_id), col(r.group_id) == col(t.group_id)))
        .where(
            col(t.round_id) == round_id,
            col(t.group_id).in_(chosen),
            _shown_sql(col(r.respondents), col(t.n), limit),
        )
    )
    for gid, dim, n, total, total_sq, low, high in session.connection().execute(query).all():
        if _shows_cell(n, limit):
            cells.setdefault(gid, []).append(_score_cell(dim, n, total, total_sq, low, high))
    order = {dim: i for i, dim in enumerate(dimension_ids())}
    out = []
    for ref in refs:
        respondents = counts.get(ref.group_id, 0)
        shown = _shows_group(respondents, limit)
        row_cells: tuple[ScoreCell, ...] = ()
        if shown and ref.group_id in cells:
            row_cells = tuple(
                sorted(cells[ref.group_id], key=lambda c: order.get(c.dimension, len(order)))
            )
        out.append(GroupScores(ref, round_id, respondents, not shown, row_cells))
    return out


def score_rollups(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    label: str,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
    threshold: int | None = None,
) -> list[Rollup]:
    """One rollup per organisation the filters select, then the cohort's: in SQL.

    The same numbers as ``[*organisation_rollups(groups), cohort_rollup(groups, label=...)]``
    over :func:`dimension_scores` with the same arguments, summed from the organisation
    rollups (one row per organisation, dimension, group kind and size) instead of building
    every group first. Above ``ROLLUP_CAP`` it falls back to exactly that.
    """
    limit = anonymity_threshold(threshold)
    if limit > ROLLUP_CAP:
        groups = dimension_scores(
            session,
            cohort_id=cohort_id,
            round_id=round_id,
            organisation_ids=organisation_ids,
            group_kind=group_kind,
            threshold=limit,
        )
        return [*organisation_rollups(groups), cohort_rollup(groups, label=label)]
    g, o = Group, Organisation
    org_filter = [col(o.cohort_id) == cohort_id]
    if organisation_ids is not None:
        org_filter.append(col(o.id).in_(list(organisation_ids)))
    kind_filter: list[ColumnElement[bool]] = []
    if group_kind is not None:
        kind_filter.append(col(g.kind) == group_kind)
    orgs = (
        session.connection()
        .execute(
            sa_select(col(o.id), col(o.name), func.count(col(g.id)))
            .join(g, col(g.organisation_id) == col(o.id))
            .where(*org_filter, *kind_filter)
            .group_by(col(o.id), col(o.name))
            .order_by(col(o.name))
        )
        .all()
    )
    # The round's rows are the cohort's; a filter of organisations narrows them in SQL, and
    # only organisations listed above (of this cohort, with a selected group) are summed.
    listed = {int(org_id or 0) for org_id, _, _ in orgs}
    r, t = OrganisationRespondents, OrganisationScoreTotal
    r_where, t_where = _rollup_filters(
        round_id, limit, org_filter if organisation_ids is not None else None, group_kind
    )
    shown_groups = {
        int(org): (int(groups), int(people))
        for org, groups, people in session.connection()
        .execute(
            sa_select(col(r.organisation_id), func.sum(col(r.groups)), func.sum(col(r.respondents)))
            .where(*r_where)
            .group_by(col(r.organisation_id))
        )
        .all()
    }
    dims = dimension_ids()
    by_org: dict[int, dict[str, ScoreCell]] = {}
    whole: dict[str, list[Any]] = {}
    for org, dim, n, total, total_sq, low, high in (
        session.connection()
        .execute(
            sa_select(
                col(t.organisation_id),
                col(t.dimension_id),
                func.sum(col(t.n)),
                func.sum(col(t.total)),
                func.sum(col(t.total_sq)),
                func.min(col(t.low)),
                func.max(col(t.high)),
            )
            .where(*t_where)
            .group_by(col(t.organisation_id), col(t.dimension_id))
        )
        .all()
    ):
        if org not in listed:
            continue
        by_org.setdefault(org, {})[dim] = _score_cell(dim, n, total, total_sq, low, high)
        acc = whole.get(dim)  # the cohort's sums, from the same rows
        if acc is None:
            whole[dim] = [n, total, total_sq, low, high]
        else:
            acc[0] += n
            acc[1] += total
            acc[2] += total_sq
            if low < acc[3]:
                acc[3] = low
            if high > acc[4]:
                acc[4] = high

    out = []
    for org_id, name, members in orgs:
        included, people = shown_groups.get(int(org_id or 0), (0, 0))
        cells = _ordered(by_org.get(int(org_id or 0), {}), dims)
        out.append(Rollup(str(name), included, int(members) - included, people, cells))
    out.append(
        Rollup(
            label,
            sum(x.groups_included for x in out),
            sum(x.groups_left_out for x in out),
            sum(x.respondents for x in out),
            _ordered({dim: _score_cell(dim, *acc) for dim, acc in whole.items()}, dims),
        )
    )
    return out


def organisation_names(session: Session, cohort_id: int) -> list[tuple[int, str]]:
    """(id, name) of a cohort's organisations by name: the filter's options, without ORM rows.

    A national cohort has 15,000; loading them as model objects took half a second.
    """
    o = Organisation
    query = sa_select(col(o.id), col(o.name)).where(col(o.cohort_id) == cohort_id)
    rows = session.connection().execute(query.order_by(col(o.name))).all()
    return [(int(i or 0), str(n)) for i, n in rows]


def count_groups(
    session: Session,
    *,
    cohort_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
) -> int:
    """How many groups the filters select: one SQL count, to choose a view before building it."""
    chosen = _chosen_groups(cohort_id, organisation_ids, group_kind).subquery()
    query = sa_select(func.count()).select_from(chosen)
    return int(session.connection().execute(query).scalar_one())


def selection_version(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
) -> tuple[int, str]:
    """:func:`core.results.results_version` over the selected groups only, for cache keys.

    The submitted responses of the selection: how many, and the newest change. A national
    round's fingerprint counts 1,500,000 rows (half a second or more on PostgreSQL) on every
    page run; a few organisations' is a few hundred rows through the indexes.
    """
    a, p = AssessmentResponse, Participant
    query = (
        sa_select(func.count(), func.max(col(a.updated_at)))
        .join(p, col(a.participant_id) == col(p.id))
        .where(
            col(a.round_id) == round_id,
            col(a.instrument_id) == INSTRUMENT_ID,
            col(a.status) == "submitted",
            col(p.group_id).in_(_chosen_groups(cohort_id, organisation_ids, group_kind)),
        )
    )
    count, newest = session.connection().execute(query).one()
    return int(count), str(newest)


def selection_network_version(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
) -> tuple[int, int, int]:
    """:func:`core.network_data.network_data_version` over the selected groups only.

    A group's analysis reads the ties its members gave and its members' submitted responses
    (core.network_data.load_network), so these change whenever a shown number can.
    """
    members = sa_select(col(Participant.id)).where(
        col(Participant.group_id).in_(_chosen_groups(cohort_id, organisation_ids, group_kind))
    )
    ties, newest = (
        session.connection()
        .execute(
            sa_select(func.count(), func.max(col(Tie.id))).where(
                col(Tie.round_id) == round_id, col(Tie.source_id).in_(members)
            )
        )
        .one()
    )
    a = AssessmentResponse
    submitted = (
        session.connection()
        .execute(
            sa_select(func.count()).where(
                col(a.round_id) == round_id,
                col(a.status) == "submitted",
                col(a.participant_id).in_(members),
            )
        )
        .scalar_one()
    )
    return int(ties), int(newest or 0), int(submitted)


def top_score_rollups(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    label: str,
    first: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
    threshold: int | None = None,
) -> RollupSummary:
    """The cohort's rollup and the ``first`` organisations by shown respondents: in SQL.

    The same numbers as :func:`score_rollups` (its last row, and its organisation rows
    sorted by respondents descending, then name), without reading a row per organisation and
    dimension for the whole cohort: the cohort is summed per dimension in the database, and
    only the listed organisations' cells are read. Above ``ROLLUP_CAP`` it falls back to
    :func:`score_rollups` and sorts its rows.
    """
    limit = anonymity_threshold(threshold)
    if limit > ROLLUP_CAP:
        rows = score_rollups(
            session,
            cohort_id=cohort_id,
            round_id=round_id,
            label=label,
            organisation_ids=organisation_ids,
            group_kind=group_kind,
            threshold=limit,
        )
        *orgs, everything = rows
        orgs.sort(key=lambda r: (-r.respondents, r.label))
        return RollupSummary(everything, tuple(orgs[: max(0, first)]), len(orgs))
    g, o = Group, Organisation
    r, t = OrganisationRespondents, OrganisationScoreTotal
    org_filter: list[ColumnElement[bool]] = [col(o.cohort_id) == cohort_id]
    if organisation_ids is not None:
        org_filter.append(col(o.id).in_(list(organisation_ids)))
    kind_filter: list[ColumnElement[bool]] = []
    if group_kind is not None:
        kind_filter.append(col(g.kind) == group_kind)
    # Selected groups per organisation (only organisations with one are listed or counted).
    members = (
        sa_select(col(g.organisation_id).label("org"), func.count().label("groups"))
        .join(o, col(g.organisation_id) == col(o.id))
        .where(*org_filter, *kind_filter)
        .group_by(col(g.organisation_id))
        .subquery()
    )
    r_where, t_where = _rollup_filters(
        round_id, limit, org_filter if organisation_ids is not None else None, group_kind
    )
    shown = (
        sa_select(
            col(r.organisation_id).label("org"),
            func.sum(col(r.groups)).label("groups"),
            func.sum(col(r.respondents)).label("people"),
        )
        .where(*r_where)
        .group_by(col(r.organisation_id))
        .subquery()
    )
    connection = session.connection()
    included = func.coalesce(shown.c.groups, 0)
    people = func.coalesce(shown.c.people, 0)
    # The selection's totals ride along as window sums over every row, taken before LIMIT.
    totals = (
        func.count().over(),
        func.sum(members.c.groups).over(),
        func.sum(included).over(),
        func.sum(people).over(),
    )
    query = (
        sa_select(col(o.id), col(o.name), members.c.groups, included, people, *totals)
        .join(members, members.c.org == col(o.id))
        .outerjoin(shown, shown.c.org == col(o.id))
        .order_by(people.desc(), col(o.name))
    )
    listed = connection.execute(query.limit(max(0, first))).all()
    first_row = listed[0] if listed else connection.execute(query.limit(1)).first()
    total_orgs, total_groups, shown_groups, shown_people = (
        (0, 0, 0, 0) if first_row is None else first_row[5:]
    )
    stats = (
        func.sum(col(t.n)),
        func.sum(col(t.total)),
        func.sum(col(t.total_sq)),
        func.min(col(t.low)),
        func.max(col(t.high)),
    )
    by_org: dict[int, dict[str, ScoreCell]] = {}
    if listed:
        ids = [int(row[0]) for row in listed]
        for org, dim, *sums in connection.execute(
            sa_select(col(t.organisation_id), col(t.dimension_id), *stats)
            .where(*t_where, col(t.organisation_id).in_(ids))
            .group_by(col(t.organisation_id), col(t.dimension_id))
        ).all():
            by_org.setdefault(int(org), {})[dim] = _score_cell(dim, *sums)
    whole = {
        dim: _score_cell(dim, *sums)
        for dim, *sums in connection.execute(
            sa_select(col(t.dimension_id), *stats).where(*t_where).group_by(col(t.dimension_id))
        ).all()
    }
    dims = dimension_ids()
    organisations = tuple(
        Rollup(
            str(name),
            int(inc),
            int(groups) - int(inc),
            int(ppl),
            _ordered(by_org.get(int(org_id), {}), dims),
        )
        for org_id, name, groups, inc, ppl, *_ in listed
    )
    cohort = Rollup(
        label,
        int(shown_groups),
        int(total_groups) - int(shown_groups),
        int(shown_people),
        _ordered(whole, dims),
    )
    return RollupSummary(cohort, organisations, int(total_orgs))


def _ordered(cells: dict[str, ScoreCell], dims: Sequence[str]) -> tuple[ScoreCell, ...]:
    """Instrument order, then any dimension the instrument no longer has."""
    known = tuple(cells[d] for d in dims if d in cells)
    if len(known) == len(cells):
        return known
    return known + tuple(c for d, c in cells.items() if d not in dims)


def organisation_rollups(groups: Sequence[GroupScores]) -> list[Rollup]:
    """One rollup per organisation in ``groups``, over the shown cells only."""
    by_org: dict[int, list[GroupScores]] = {}
    for row in groups:
        by_org.setdefault(row.ref.organisation_id, []).append(row)
    return [_rollup(rows[0].ref.organisation, rows) for rows in by_org.values()]


def cohort_rollup(groups: Sequence[GroupScores], *, label: str) -> Rollup:
    """All of ``groups`` as one rollup, over the shown cells only."""
    return _rollup(label, groups)


def round_change(
    session: Session,
    *,
    cohort_id: int,
    before_round_id: int,
    after_round_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
    threshold: int | None = None,
) -> list[GroupChange]:
    """Per group, the change in mean per dimension where both rounds show the cell."""
    before, after = (
        dimension_scores(
            session,
            cohort_id=cohort_id,
            round_id=rid,
            organisation_ids=organisation_ids,
            group_kind=group_kind,
            threshold=threshold,
        )
        for rid in (before_round_id, after_round_id)
    )
    out = []
    for old, new in zip(before, after, strict=True):
        deltas = tuple(
            (cell.dimension, prior.mean, cell.mean)
            for cell in new.cells
            if (prior := old.cell(cell.dimension)) is not None
        )
        out.append(
            GroupChange(
                new.ref,
                old.respondents,
                new.respondents,
                old.suppressed or new.suppressed,
                deltas,
            )
        )
    return out


def network_measures(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
    threshold: int | None = None,
) -> list[GroupNetwork]:
    """Density, in-degree centralisation, E-I between departments, isolates and brokers.

    A group whose network survey has fewer respondents than the threshold shows its
    respondent count only (the analysis runs, but none of its results leave this function).
    """
    limit = anonymity_threshold(threshold)
    out = []
    for ref in _groups(session, cohort_id, organisation_ids, group_kind):
        result = analyse_group(session, group_id=ref.group_id, round_id=round_id)
        net = result.network
        if not may_show_group_scores(net.respondents, limit):
            out.append(GroupNetwork(ref, net.respondents, suppressed=True))
            continue
        roles = [m.role for m in result.people.values()]
        out.append(
            GroupNetwork(
                ref,
                net.respondents,
                suppressed=False,
                density=net.density,
                centralisation=net.centralisation.get("in_degree"),
                ei_index=None if result.groups is None else result.groups.ei_index,
                isolates_share=len(net.isolates) / net.nodes if net.nodes else None,
                brokers=roles.count("broker"),
            )
        )
    return out


def learning_progress(
    session: Session,
    *,
    cohort_id: int,
    organisation_ids: Collection[int] | None = None,
    group_kind: str | None = None,
    threshold: int | None = None,
) -> list[GroupLearning]:
    """Learners, completed lessons and members with a completed lesson, per group.

    Totals are shown only when at least ``threshold`` members have opened a lesson.
    """
    limit = anonymity_threshold(threshold)
    refs = _groups(session, cohort_id, organisation_ids, group_kind)
    completed = case((col(LessonProgress.status) == "completed", 1), else_=0)
    completer = case((col(LessonProgress.status) == "completed", LessonProgress.participant_id))
    query = (
        sa_select(
            col(Participant.group_id),
            func.count(func.distinct(LessonProgress.participant_id)),
            func.sum(completed),
            func.count(func.distinct(completer)),
        )
        .join(Participant, col(LessonProgress.participant_id) == Participant.id)
        .where(col(Participant.group_id).in_([r.group_id for r in refs]))
        .group_by(col(Participant.group_id))
    )
    rows = {int(g): (int(n), int(c or 0), int(m)) for g, n, c, m in session.execute(query).all()}
    out = []
    for ref in refs:
        learners, lessons, members = rows.get(ref.group_id, (0, 0, 0))
        if may_show_group_scores(learners, limit):
            out.append(GroupLearning(ref, learners, False, lessons, members))
        else:
            out.append(GroupLearning(ref, learners, True))
    return out


def _groups(
    session: Session,
    cohort_id: int,
    organisation_ids: Collection[int] | None,
    group_kind: str | None,
) -> list[GroupRef]:
    members = (
        sa_select(col(Participant.group_id), func.count().label("n"))
        .where(
            col(Participant.group_id).in_(_chosen_groups(cohort_id, organisation_ids, group_kind))
        )
        .group_by(col(Participant.group_id))
        .subquery()
    )
    query = (
        sa_select(
            col(Group.id),
            col(Group.name),
            col(Organisation.id),
            col(Organisation.name),
            col(Group.kind),
            func.coalesce(members.c.n, 0),
        )
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .outerjoin(members, members.c.group_id == Group.id)
        .where(col(Organisation.cohort_id) == cohort_id)
        .order_by(col(Organisation.name), col(Group.kind), col(Group.name))
    )
    if organisation_ids is not None:
        query = query.where(col(Organisation.id).in_(list(organisation_ids)))
    if group_kind is not None:
        query = query.where(col(Group.kind) == group_kind)
    return [
        GroupRef(int(g), gn, int(o), on, k, int(n))
        for g, gn, o, on, k, n in session.connection().execute(query).all()
    ]


def _chosen_groups(
    cohort_id: int, organisation_ids: Collection[int] | None, group_kind: str | None
) -> Any:
    """The ids of the groups the filters select, as a subquery (never a list of parameters)."""
    query = (
        sa_select(col(Group.id))
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(col(Organisation.cohort_id) == cohort_id)
    )
    if organisation_ids is not None:
        query = query.where(col(Organisation.id).in_(list(organisation_ids)))
    if group_kind is not None:
        query = query.where(col(Group.kind) == group_kind)
    return query


def _shows_group(respondents: int, limit: int) -> bool:
    """The rule for a group: enough submitted answers (core.privacy)."""
    return may_show_group_scores(respondents, limit)


def _shows_cell(n: int, limit: int) -> bool:
    """The rule for a score cell of a shown group: enough scores on its own dimension."""
    return n >= limit


def _rollup_filters(
    round_id: int,
    limit: int,
    org_filter: list[ColumnElement[bool]] | None,
    group_kind: str | None,
) -> tuple[list[ColumnElement[bool]], list[ColumnElement[bool]]]:
    """WHERE clauses for the respondents and score rollups of the rows shown in a round.

    ``org_filter`` narrows to the chosen organisations (None: the whole cohort).
    """
    r, t = OrganisationRespondents, OrganisationScoreTotal
    r_where: list[ColumnElement[bool]] = [
        col(r.round_id) == round_id,
        _shown_sql(col(r.min_count), None, limit),
    ]
    t_where: list[ColumnElement[bool]] = [
        col(t.round_id) == round_id,
        _shown_sql(col(t.min_count), None, limit),
    ]
    if org_filter is not None:
        chosen_orgs = sa_select(col(Organisation.id)).where(*org_filter)
        r_where.append(col(r.organisation_id).in_(chosen_orgs))
        t_where.append(col(t.organisation_id).in_(chosen_orgs))
    if group_kind is not None:
        r_where.append(col(r.group_kind) == group_kind)
        t_where.append(col(t.group_kind) == group_kind)
    return r_where, t_where


def _shown_sql(respondents: Any, n: Any, limit: int) -> ColumnElement[bool]:
    """:func:`_shows_group` and :func:`_shows_cell` as SQL, for queries over stored counts.

    ``n`` None when ``respondents`` already is the smaller of both (the rollups' min_count).
    """
    if n is None:
        return respondents >= limit  # type: ignore[no-any-return]
    return and_(respondents >= limit, n >= limit)


def _score_cell(
    dimension: Any, n: Any, total: Any, total_sq: Any, low: Any, high: Any
) -> ScoreCell:
    """A cell from stored sums (never NULL: n >= 1), as DimensionStats.mean and .sd are.

    No conversions: both databases return int and float here, and a national cohort
    builds hundreds of thousands of cells.
    """
    mean = total / n
    return ScoreCell(dimension, n, mean, math.sqrt(max(0.0, total_sq / n - mean * mean)), low, high)


def _cell(stats: DimensionStats) -> ScoreCell:
    assert stats.mean is not None and stats.sd is not None
    return ScoreCell(stats.dimension, stats.n, stats.mean, stats.sd, stats.low, stats.high)


def _rollup(label: str, groups: Sequence[GroupScores]) -> Rollup:
    shown = [g for g in groups if not g.suppressed]
    dims: dict[str, list[DimensionStats]] = {}
    for row in shown:
        for c in row.cells:
            dims.setdefault(c.dimension, []).append(_stats_of(c))
    order = {dim: i for i, dim in enumerate(dimension_ids())}
    cells = []
    for dim, parts in dims.items():
        merged = combine(dim, parts)
        if merged is not None:
            cells.append(_cell(merged))
    cells.sort(key=lambda c: order.get(c.dimension, len(order)))
    return Rollup(
        label=label,
        groups_included=len(shown),
        groups_left_out=len(groups) - len(shown),
        respondents=sum(g.respondents for g in shown),
        cells=tuple(cells),
    )


def _stats_of(cell: ScoreCell) -> DimensionStats:
    """Back from a shown cell to sufficient statistics, so rollups use shown numbers only."""
    total = cell.mean * cell.n
    total_sq = (cell.sd**2 + cell.mean**2) * cell.n
    return DimensionStats(cell.dimension, cell.n, total, total_sq, cell.low, cell.high)
