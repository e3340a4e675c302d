"""The anonymity rule: group scores are shown only when enough members have answered.

DESIGN.md: a participant or facilitator never sees scores of a group with fewer submitted
answers than the anonymity threshold (``SAMSPILL_ANONYMITY_THRESHOLD``, default 5). Every
place that shows an aggregate asks this module; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from core.config import get_settings

__all__ = [
    "anonymity_threshold",
    "may_show_group_scores",
    "respondents_missing",
    "suppress_small_groups",
]

_Row = TypeVar("_Row")


def anonymity_threshold(threshold: int | None = None) -> int:
    """Return ``threshold`` if given, otherwise the configured anonymity threshold.

    Examples
    --------
    >>> anonymity_threshold(7)
    7
    >>> anonymity_threshold() >= 3  # the settings refuse anything lower
    True
    """
    return get_settings().anonymity_threshold if threshold is None else threshold


def may_show_group_scores(respondents: int, threshold: int | None = None) -> bool:
    """Return True when a group with this many submitted answers may show scores.

    Parameters
    ----------
    respondents
        Submitted answers in the group (or on one side of a comparison).
    threshold
        The smallest number that may be shown; None reads the settings (default 5).

    Returns
    -------
    bool
        ``respondents >= threshold``.

    Notes
    -----
    Only *submitted* answers count: drafts may still change and are never aggregated.
    The rule applies to each number shown separately: in a comparison of leaders with the
    rest of the organisation, both sides must meet it.

    Examples
    --------
    >>> may_show_group_scores(4, 5), may_show_group_scores(5, 5), may_show_group_scores(0, 5)
    (False, True, False)
    """
    return respondents >= anonymity_threshold(threshold)


def respondents_missing(respondents: int, threshold: int | None = None) -> int:
    """Return how many more submitted answers are needed before scores may be shown.

    Examples
    --------
    >>> respondents_missing(3, 5), respondents_missing(8, 5)
    (2, 0)
    """
    return max(0, anonymity_threshold(threshold) - respondents)


def suppress_small_groups(
    rows: Iterable[_Row], *, respondents: Callable[[_Row], int], threshold: int | None = None
) -> list[_Row]:
    """Keep only the rows whose group meets the threshold, in their original order.

    Parameters
    ----------
    rows
        Anything that describes a group: a result object, a tuple, a dict.
    respondents
        Returns the number of submitted answers behind a row.
    threshold
        As in :func:`may_show_group_scores`.

    Returns
    -------
    list
        The rows that may be shown; rows below the threshold are left out entirely, so
        not even their existence next to a score leaks through.

    Examples
    --------
    >>> rows = [("Ledergruppen", 4), ("Ledernettverket", 34), ("Stab", 5)]
    >>> suppress_small_groups(rows, respondents=lambda row: row[1], threshold=5)
    [('Ledernettverket', 34), ('Stab', 5)]
    """
    limit = anonymity_threshold(threshold)
    return [row for row in rows if respondents(row) >= limit]
