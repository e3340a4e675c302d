"""Cross's informal network roles, assigned from metrics by percentile within the group."""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Mapping

__all__ = ["ROLES", "TOP_SHARE", "TOP_SMALL_GROUP", "assign_roles", "top_people"]

ROLES: tuple[str, ...] = (
    "isolate",
    "central_connector",
    "broker",
    "boundary_spanner",
    "peripheral",
    "none",
)
"""Role labels, in the order of precedence used when several apply."""

TOP_SHARE = 0.1
"""Share of the group counted as "top" on a metric (top decile, domain-science 2.2)."""

TOP_SMALL_GROUP = 3
"""In small groups the top decile is less than three people; take the top three."""


def assign_roles(
    *,
    in_degree: Mapping[str, int],
    out_degree: Mapping[str, int],
    betweenness: Mapping[str, float],
    constraint: Mapping[str, float | None],
    ei_index: Mapping[str, float | None],
    ei_expected: Mapping[str, float | None],
    cross_ties: Mapping[str, int],
    partners: Mapping[str, int],
    responded: Mapping[str, bool],
    use_betweenness: bool,
) -> dict[str, str]:
    """Give each person one role label from Cross & Prusak's informal network roles.

    ============= ===========================================================================
    role          rule (percentiles within the analysed group)
    ============= ===========================================================================
    isolate       answered, but gave and received no ties
    central_      in the top decile (top 3 in small groups) of in-degree, above the median
    connector     and named by at least two people
    broker        top decile of betweenness (above 0) with constraint below the median;
                  only when ``use_betweenness`` (response rate at least 80 %)
    boundary_     individual E-I index above its random-mixing expectation with at least
    spanner       two ties across, or top decile of external-partner links (at least two)
    peripheral    answered, named by at most one person, and naming at most one person or
                  no more than the lowest quarter of respondents do
    none          none of the above
    ============= ===========================================================================

    Parameters
    ----------
    in_degree, out_degree : mapping
        Person -> number of ties received / given.
    betweenness : mapping
        Person -> directed betweenness.
    constraint : mapping
        Person -> Burt's constraint (``None`` when undefined).
    ei_index, ei_expected : mapping
        Person -> individual E-I index and its expectation (``None`` when ungrouped).
    cross_ties : mapping
        Person -> number of their ties (sent or received) to people of another group.
    partners : mapping
        Person -> number of external partner organisations they have ties to.
    responded : mapping
        Person -> whether they answered the survey.
    use_betweenness : bool
        Whether betweenness is reliable enough (response rate >= 80 %) to name brokers.

    Returns
    -------
    dict
        Person -> one of `ROLES`.

    Examples
    --------
    A star: four people name the hub, one more person answered but named nobody.

    >>> people = ["hub", "a", "b", "c", "d", "e"]
    >>> roles = assign_roles(
    ...     in_degree={"hub": 4, "a": 0, "b": 0, "c": 0, "d": 0, "e": 0},
    ...     out_degree={"hub": 0, "a": 1, "b": 1, "c": 1, "d": 1, "e": 0},
    ...     betweenness=dict.fromkeys(people, 0.0),
    ...     constraint={**dict.fromkeys(people, 1.0), "hub": 0.25, "e": None},
    ...     ei_index=dict.fromkeys(people), ei_expected=dict.fromkeys(people),
    ...     cross_ties=dict.fromkeys(people, 0),
    ...     partners=dict.fromkeys(people, 0), responded=dict.fromkeys(people, True),
    ...     use_betweenness=True,
    ... )
    >>> roles["hub"], roles["a"], roles["e"]
    ('central_connector', 'peripheral', 'isolate')

    Notes
    -----
    No canonical thresholds exist; these follow domain-science 2.2 and are relative to
    the group, so every network has its own top decile. Non-respondents can only be
    central connectors (in-degree uses the ties others gave); the other roles depend on
    their own answers, so they get "none". The labels are meant for the person
    themself first, as a developmental prompt, never as a ranking.

    References
    ----------
    .. [1] Cross, R. and Prusak, L. (2002). The people who make organizations go - or stop.
       Harvard Business Review 80(6), 104-112.
    """
    people = list(in_degree)
    connectors = top_people(in_degree, minimum=2)
    connectors = {p for p in connectors if in_degree[p] > statistics.median(in_degree.values())}
    brokers: set[str] = set()
    if use_betweenness:
        defined = [c for c in constraint.values() if c is not None]
        median_constraint = statistics.median(defined) if defined else math.inf
        brokers = {
            p
            for p in top_people(betweenness, minimum=1e-12)
            if (c := constraint.get(p)) is not None and c < median_constraint
        }
    spanners = top_people(partners, minimum=2)
    for p in people:
        ei, expected = ei_index.get(p), ei_expected.get(p)
        if ei is not None and expected is not None and ei > expected and cross_ties[p] >= 2:
            spanners.add(p)
    answered_out = [out_degree[p] for p in people if responded[p]]
    low_out = max(1.0, _quantile(answered_out, 0.25)) if answered_out else 1.0
    roles: dict[str, str] = {}
    for p in people:
        if not responded[p]:
            roles[p] = "central_connector" if p in connectors else "none"
        elif in_degree[p] + out_degree[p] == 0:
            roles[p] = "isolate"
        elif p in connectors:
            roles[p] = "central_connector"
        elif p in brokers:
            roles[p] = "broker"
        elif p in spanners:
            roles[p] = "boundary_spanner"
        elif in_degree[p] <= 1 and out_degree[p] <= low_out:
            roles[p] = "peripheral"
        else:
            roles[p] = "none"
    return roles


def top_people(values: Mapping[str, float], *, minimum: float) -> set[str]:
    """People in the top decile of ``values`` (top three in small groups).

    Everyone tied with the last place is included; values below ``minimum`` never count.

    Parameters
    ----------
    values : mapping
        Person -> metric value.
    minimum : float
        Smallest value that can count as "top".

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(top_people({"a": 5, "b": 4, "c": 4, "d": 1, "e": 0}, minimum=1))
    ['a', 'b', 'c']
    """
    if not values:
        return set()
    k = max(TOP_SMALL_GROUP, math.ceil(TOP_SHARE * len(values)))
    ranked = sorted(values.values(), reverse=True)
    cut = max(ranked[min(k, len(ranked)) - 1], minimum)
    return {p for p, v in values.items() if v >= cut}


def _quantile(values: Collection[float], q: float) -> float:
    """Lower ``q`` quantile by the nearest-rank method (values need not be sorted)."""
    ranked = sorted(values)
    return float(ranked[max(0, math.ceil(q * len(ranked)) - 1)])
