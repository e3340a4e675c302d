"""Turn self-assessment answers into dimension scores 0-100, bands and group summaries.

Answers format
--------------
The database stores one response's answers as exactly this JSON object, a flat
``dict[str, int]``:

* ``"<item id>": 1..5`` -- the chosen step of the item's 5-point scale (anchor or frequency);
* ``"<item id>": 0`` -- "don't know / not relevant" (:data:`core.instruments.DONT_KNOW`);
* ``"<item id>.ambition": 0..5`` -- the ambition rating ("where should we be in two years?")
  of an item in the organisation part, with the same convention;
* a missing key -- not answered yet (a draft).

For example ``{"skills.security": 4, "data.privacy": 0, "strategy.small_steps": 2,
"strategy.small_steps.ambition": 4}``. Item ids come from
``content/instruments/digital_fitness.yaml``; the response also records the instrument's
``version``. :func:`validate_answers` lists what is wrong with a posted answer set.

Everything here is a pure function over plain data. Anonymity thresholds are not applied
here: ``core.privacy`` decides what may be shown.

References
----------
Scoring and bands follow the recommended structure for the municipal digital fitness
instrument (shared/reference/domain-science.md, section 4.3), which aligns the four quarter
bands with the EDIH Digital Maturity Assessment and the DigComp band names. The comparison of
leaders with the rest of the organisation comes from seeds/004 ("Hvem digitaliserer
rådmennene?"), which reports lower digital fitness in management groups than in their
organisations.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from core.instruments import DONT_KNOW, PERSON_PART, Instrument, Item

__all__ = [
    "BAND_UPPER_BOUNDS",
    "DISAGREEMENT_RANGE",
    "DISAGREEMENT_SD",
    "MIN_ANSWERED_SHARE",
    "Change",
    "DimensionScore",
    "GroupDimension",
    "LeaderComparison",
    "band_for",
    "compare_leaders",
    "fitness_score",
    "group_profile",
    "is_complete",
    "item_score",
    "largest_gap",
    "lowest_dimension",
    "part_summary",
    "percentile_rank",
    "progress",
    "round_change",
    "score_dimensions",
    "validate_answers",
]

MIN_ANSWERED_SHARE: Final = Fraction(2, 3)
"""A dimension is scored only if at least this share of its items has a 1..5 answer."""

BAND_UPPER_BOUNDS: Final[tuple[tuple[str, float], ...]] = (
    ("foundation", 25.0),
    ("developing", 50.0),
    ("established", 75.0),
    ("advanced", 100.0),
)
"""Band ids with inclusive upper bounds: 0-25, >25-50, >50-75, >75-100.

The labels and descriptions are in the instrument YAML; a content test checks that its
``bands`` agree with these bounds.
"""

DISAGREEMENT_SD: Final = 20.0
"""A group disagrees on a dimension if the population SD of member scores is at least this."""

DISAGREEMENT_RANGE: Final = 50.0
"""... or if the highest and lowest member scores are at least this far apart."""

_TIE_TOLERANCE: Final = 1e-9


@dataclass(frozen=True)
class DimensionScore:
    """One respondent's result on one dimension.

    ``answered`` counts items with a 1..5 answer, ``dont_know`` items answered 0, ``total``
    all items of the dimension. ``score`` and ``ambition`` are 0-100 or None when fewer than
    :data:`MIN_ANSWERED_SHARE` of the items have a 1..5 answer; ``gap = ambition - score``.
    """

    dimension: str
    part: str
    score: float | None
    band: str | None
    answered: int
    dont_know: int
    total: int
    ambition: float | None
    gap: float | None


@dataclass(frozen=True)
class GroupDimension:
    """A group's result on one dimension, over members who have a score on it.

    ``distribution`` holds the member scores sorted ascending, without names, for a dot plot.
    ``dont_know`` is the total number of "don't know" answers the members gave.
    """

    dimension: str
    part: str
    n: int
    mean: float | None
    sd: float | None
    min: float | None
    max: float | None
    band: str | None
    disagreement: bool
    distribution: tuple[float, ...]
    ambition: float | None
    gap: float | None
    dont_know: int


@dataclass(frozen=True)
class LeaderComparison:
    """Leaders' mean score against the others' on one dimension; negative = leaders lower."""

    dimension: str
    part: str
    leaders_mean: float
    others_mean: float
    difference: float
    n_leaders: int
    n_others: int


@dataclass(frozen=True)
class Change:
    """How one dimension moved from one survey round to the next."""

    dimension: str
    part: str
    before: float | None
    after: float | None
    delta: float | None
    band_before: str | None
    band_after: str | None


def item_score(value: int, *, points: int = 5) -> float | None:
    """Convert one answer on a ``points``-step scale to 0-100.

    Parameters
    ----------
    value
        The stored answer: 1..points, or 0 for "don't know / not relevant".
    points
        Number of steps on the scale.

    Returns
    -------
    float or None
        ``(value - 1) / (points - 1) * 100``, or None for "don't know".

    Raises
    ------
    ValueError
        If ``value`` is not an integer in 0..points.

    Examples
    --------
    >>> [item_score(v) for v in (1, 2, 3, 4, 5)]
    [0.0, 25.0, 50.0, 75.0, 100.0]
    >>> item_score(0) is None
    True
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= points:
        raise ValueError(f"answer {value!r} is not an integer in 0..{points}")
    if value == DONT_KNOW:
        return None
    return (value - 1) / (points - 1) * 100


def band_for(score: float) -> str:
    """Return the band id of a 0-100 score.

    Parameters
    ----------
    score
        A dimension score, group mean or fitness score, 0-100.

    Returns
    -------
    str
        ``foundation`` for 0-25, ``developing`` for >25-50, ``established`` for >50-75,
        ``advanced`` for >75-100.

    Notes
    -----
    Upper bounds are inclusive (:data:`BAND_UPPER_BOUNDS`): 25 is foundation and 25.0001 is
    developing. Item scores are multiples of 25, so a respondent whose answers all sit on one
    step lands in the band that step names.

    Examples
    --------
    >>> [band_for(s) for s in (0, 25, 25.5, 50, 62.5, 75, 76, 100)]
    ['foundation', 'foundation', 'developing', 'developing', 'established', 'established', 'advanced', 'advanced']
    """
    if not 0 <= score <= 100:  # also rejects NaN
        raise ValueError(f"score {score!r} is outside 0-100")
    for band_id, upper in BAND_UPPER_BOUNDS:
        if score <= upper:
            return band_id
    raise AssertionError("unreachable: the last band ends at 100")  # pragma: no cover


def score_dimensions(instrument: Instrument, answers: Mapping[str, int]) -> list[DimensionScore]:
    """Score every dimension of the instrument from one respondent's answers.

    Parameters
    ----------
    instrument
        The loaded instrument.
    answers
        The answers format in this module's docstring; unknown keys are ignored.

    Returns
    -------
    list of DimensionScore
        One per dimension, in instrument order. ``score`` is the mean of the item scores
        (:func:`item_score`) of the items answered 1..5; ``ambition`` is the same mean over the
        ambition ratings; ``gap = ambition - score``.

    Notes
    -----
    A mean is reported only when ``answered / total >= 2/3`` (:data:`MIN_ANSWERED_SHARE`),
    otherwise it is None: with 4 items 3 answers are needed, with 5 or 6 items 4. "Don't
    know" answers do not count as answered, but their number is reported because many of
    them is a finding in itself. Ambition follows the same rule over the ambition ratings, so
    a dimension can have a score but no ambition. Dimensions without ambition questions have
    ``ambition`` and ``gap`` None.

    Raises
    ------
    ValueError
        If an answer of the instrument's items is outside 0..points.

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> items = instrument.dimension("skills").items
    >>> answers = {item.id: 4 for item in items}  # every item on step 4 -> 75
    >>> answers[items[0].id] = 0  # one "don't know"
    >>> skills = score_dimensions(instrument, answers)[0]
    >>> skills.score, skills.band, skills.answered, skills.dont_know
    (75.0, 'established', 4, 1)
    """
    results = []
    for dim in instrument.dimensions:
        points = instrument.points
        score, answered, dont_know = _mean_of(
            [_answer(answers, item.id, points) for item in dim.items], points
        )
        ambition: float | None = None
        if any(item.has_ambition for item in dim.items):
            ambition, _, _ = _mean_of(
                [_answer(answers, item.ambition_key, points) for item in dim.items], points
            )
        results.append(
            DimensionScore(
                dimension=dim.id,
                part=dim.part,
                score=score,
                band=None if score is None else band_for(score),
                answered=answered,
                dont_know=dont_know,
                total=len(dim.items),
                ambition=ambition,
                gap=None if score is None or ambition is None else ambition - score,
            )
        )
    return results


def lowest_dimension(
    scores: Sequence[DimensionScore], part: str | None = None
) -> DimensionScore | None:
    """Return the scored dimension with the lowest score, optionally within one part.

    Parameters
    ----------
    scores
        Output of :func:`score_dimensions`.
    part
        ``"person"`` or ``"organisation"`` to look only there; None for all.

    Returns
    -------
    DimensionScore or None
        None when no dimension (in the part) has a score.

    Notes
    -----
    Ties go to the dimension that comes first in ``scores``, which is the instrument's order
    when ``scores`` comes from :func:`score_dimensions`, so the result is deterministic.

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> answers = {item.id: 3 for item in instrument.items}  # everything 50 ...
    >>> answers.update({item.id: 2 for item in instrument.dimension("data").items})  # data 25
    >>> lowest_dimension(score_dimensions(instrument, answers)).dimension
    'data'
    """
    candidates = [
        (s.score, s) for s in scores if s.score is not None and (part is None or s.part == part)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda pair: pair[0])[1]  # min keeps the first of equals


def largest_gap(scores: Sequence[DimensionScore]) -> DimensionScore | None:
    """Return the dimension whose ambition lies furthest above its current score.

    Returns
    -------
    DimensionScore or None
        None when no dimension has a positive gap (ambition above the current score).

    Notes
    -----
    Ties go to the dimension that comes first in ``scores`` (instrument order).

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> answers = {key: 3 for key in instrument.answer_keys}  # now 50, ambition 50
    >>> answers.update({i.ambition_key: 5 for i in instrument.dimension("strategy").items})
    >>> best = largest_gap(score_dimensions(instrument, answers))
    >>> best.dimension, best.gap
    ('strategy', 50.0)
    """
    candidates = [(s.gap, s) for s in scores if s.gap is not None and s.gap > 0]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: pair[0])[1]  # max keeps the first of equals


def part_summary(scores: Sequence[DimensionScore], *, part: str) -> float | None:
    """Return the mean of the dimension scores of one part.

    Returns
    -------
    float or None
        The plain mean of the part's dimension scores, or None if the part has no dimensions
        in ``scores`` or any of them has no score (so the number always covers the whole
        part).

    Examples
    --------
    >>> s = [DimensionScore("skills", "person", 50.0, "developing", 5, 0, 5, None, None),
    ...      DimensionScore("data", "person", 75.0, "established", 4, 0, 4, None, None)]
    >>> part_summary(s, part="person")
    62.5
    """
    values = [s.score for s in scores if s.part == part]
    known = [v for v in values if v is not None]
    if not values or len(known) < len(values):
        return None
    return statistics.fmean(known)


def fitness_score(scores: Sequence[DimensionScore]) -> float | None:
    """Return a person's digital fitness: the mean of their part A (``person``) dimensions.

    This is the number that colours a person on the network map. It is None unless every
    part A dimension has a score (see :func:`part_summary`).

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> answers = {item.id: 5 for item in instrument.part("person").dimensions[0].items}
    >>> fitness_score(score_dimensions(instrument, answers)) is None  # only one dimension
    True
    >>> answers = {item.id: 4 for item in instrument.items}
    >>> fitness_score(score_dimensions(instrument, answers))
    75.0
    """
    return part_summary(scores, part=PERSON_PART)


def group_profile(member_scores: Sequence[Sequence[DimensionScore]]) -> list[GroupDimension]:
    """Summarise a group's members dimension by dimension.

    Parameters
    ----------
    member_scores
        One :func:`score_dimensions` result per member.

    Returns
    -------
    list of GroupDimension
        One per dimension, in the order the dimensions first appear. ``n`` counts members
        with a score on the dimension; ``mean``, ``sd``, ``min``, ``max`` and ``band`` are
        None when ``n == 0``. ``ambition`` is the mean of the members' ambition scores and
        ``gap = ambition - mean``.

    Notes
    -----
    ``sd`` is the population standard deviation, ``sqrt(sum((x - mean)**2) / n)``: the
    members are the whole group being described, not a sample from a larger one, and the
    value is defined (0.0) for a one-member group.

    ``disagreement`` is True when ``sd >= 20`` or ``max - min >= 50``
    (:data:`DISAGREEMENT_SD`, :data:`DISAGREEMENT_RANGE`). One scale step is 25 points, so
    this flags groups whose members typically sit almost a step from the mean, or where two
    members are two whole steps apart: enough to be worth talking about in the workshop. A
    one-member group never disagrees (its sd and range are 0).

    Examples
    --------
    >>> def s(x):
    ...     return [DimensionScore("skills", "person", x, None, 4, 0, 4, None, None)]
    >>> g = group_profile([s(25.0), s(50.0), s(75.0), s(None)])[0]
    >>> g.n, g.mean, round(g.sd, 2), g.band, g.disagreement, g.distribution
    (3, 50.0, 20.41, 'developing', True, (25.0, 50.0, 75.0))
    """
    by_dimension: dict[str, list[DimensionScore]] = {}
    for member in member_scores:
        for score in member:
            by_dimension.setdefault(score.dimension, []).append(score)
    return [_summarise(rows) for rows in by_dimension.values()]


def compare_leaders(
    leader_scores: Sequence[Sequence[DimensionScore]],
    other_scores: Sequence[Sequence[DimensionScore]],
) -> list[LeaderComparison]:
    """Compare leaders' mean dimension scores with everyone else's.

    Parameters
    ----------
    leader_scores, other_scores
        One :func:`score_dimensions` result per leader and per other respondent.

    Returns
    -------
    list of LeaderComparison
        Only dimensions where at least one leader and one other respondent have a score, in
        the order they first appear. ``difference = leaders_mean - others_mean``; a negative
        difference means the leaders score lower, the pattern seeds/004 reports.

    Examples
    --------
    >>> def s(x):
    ...     return [DimensionScore("skills", "person", x, None, 4, 0, 4, None, None)]
    >>> c = compare_leaders([s(25.0)], [s(75.0), s(50.0)])[0]
    >>> c.leaders_mean, c.others_mean, c.difference, c.n_leaders, c.n_others
    (25.0, 62.5, -37.5, 1, 2)
    >>> compare_leaders([], [s(75.0)])
    []
    """
    others = {g.dimension: g for g in group_profile(other_scores)}
    result = []
    for lead in group_profile(leader_scores):
        other = others.get(lead.dimension)
        if lead.mean is None or other is None or other.mean is None:
            continue
        result.append(
            LeaderComparison(
                dimension=lead.dimension,
                part=lead.part,
                leaders_mean=lead.mean,
                others_mean=other.mean,
                difference=lead.mean - other.mean,
                n_leaders=lead.n,
                n_others=other.n,
            )
        )
    return result


def percentile_rank(value: float, population: Sequence[float]) -> float:
    """Return the percentile rank of ``value`` in ``population``, 0-100.

    Parameters
    ----------
    value
        The score to place, for example one person's fitness score.
    population
        The scores to compare with. If it contains ``value`` itself, that counts as a tie.

    Returns
    -------
    float
        ``100 * (below + 0.5 * ties) / len(population)``, where ``below`` counts scores
        strictly below ``value`` and ``ties`` scores equal to it (within 1e-9, so that the
        same mean computed in two ways still ties).

    Raises
    ------
    ValueError
        If ``population`` is empty.

    Examples
    --------
    >>> percentile_rank(50.0, [25.0, 50.0, 75.0])  # (1 + 0.5) / 3
    50.0
    >>> percentile_rank(100.0, [0.0, 25.0])
    100.0
    """
    if not population:
        raise ValueError("percentile_rank needs a non-empty population")
    below = ties = 0
    for x in population:
        if math.isclose(x, value, rel_tol=0.0, abs_tol=_TIE_TOLERANCE):
            ties += 1
        elif x < value:
            below += 1
    return 100 * (below + 0.5 * ties) / len(population)


def round_change(
    before: Sequence[DimensionScore | GroupDimension],
    after: Sequence[DimensionScore | GroupDimension],
) -> list[Change]:
    """Compare two survey rounds dimension by dimension.

    Parameters
    ----------
    before, after
        A person's :func:`score_dimensions` results, or a group's :func:`group_profile`
        results (the group mean is compared), for the earlier and the later round.

    Returns
    -------
    list of Change
        Dimensions of ``before`` in order, then any that appear only in ``after``.
        ``delta = after - before``, None when either side has no score.

    Examples
    --------
    >>> a = [DimensionScore("skills", "person", 25.0, "foundation", 4, 0, 4, None, None)]
    >>> b = [DimensionScore("skills", "person", 50.0, "developing", 4, 0, 4, None, None)]
    >>> c = round_change(a, b)[0]
    >>> c.delta, c.band_before, c.band_after
    (25.0, 'foundation', 'developing')
    """
    first = {row.dimension: row for row in before}
    second = {row.dimension: row for row in after}
    changes = []
    for dimension in [*first, *(d for d in second if d not in first)]:
        old, new = first.get(dimension), second.get(dimension)
        x, y = _value(old), _value(new)
        changes.append(
            Change(
                dimension=dimension,
                part=(first[dimension] if old is not None else second[dimension]).part,
                before=x,
                after=y,
                delta=None if x is None or y is None else y - x,
                band_before=None if x is None else band_for(x),
                band_after=None if y is None else band_for(y),
            )
        )
    return changes


def progress(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, tuple[int, int]]:
    """Count answered questions per dimension, for a progress indicator.

    Returns
    -------
    dict
        ``{dimension id: (answered, total)}`` in instrument order. Both count answer keys:
        the items, plus their ambition ratings where the part has them. An answer of 0
        ("don't know") counts as answered; a missing or invalid value does not.

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> first = instrument.dimension("skills").items[0]
    >>> progress(instrument, {first.id: 0})["skills"]
    (1, 5)
    >>> progress(instrument, {})["strategy"]  # 5 items, each with an ambition rating
    (0, 10)
    """
    result = {}
    for dim in instrument.dimensions:
        keys = _keys(dim.items)
        answered = sum(1 for key in keys if _is_answer(answers.get(key), instrument.points))
        result[dim.id] = (answered, len(keys))
    return result


def is_complete(
    instrument: Instrument, answers: Mapping[str, int], *, parts: Collection[str] | None = None
) -> bool:
    """Return True when every question (and ambition rating) has an answer, 0 included.

    Parameters
    ----------
    parts
        Only check these parts, e.g. ``{"person"}`` for someone taking part A alone.

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> answers = {key: 0 for key in instrument.answer_keys}  # all "don't know"
    >>> is_complete(instrument, answers)
    True
    >>> del answers[instrument.items[-1].ambition_key]
    >>> is_complete(instrument, answers), is_complete(instrument, answers, parts={"person"})
    (False, True)
    """
    items = [i for i in instrument.items if parts is None or i.part in parts]
    return all(_is_answer(answers.get(key), instrument.points) for key in _keys(items))


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> list[str]:
    """List what is wrong with a posted answer set; an empty list means it may be stored.

    Checks that every key is an item id of the instrument (or the ambition key of an item
    that has one) and every value an integer in 0..points. Missing keys are fine: drafts
    are partial.

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> validate_answers(instrument, {"skills.security": 4, "skills.security.ambition": 3})
    ["'skills.security.ambition': unknown question id"]
    >>> validate_answers(instrument, {"skills.security": 7, "nope": 1})
    ["'skills.security': 7 is not an answer (1..5, or 0 for don't know)", "'nope': unknown question id"]
    """
    known = set(instrument.answer_keys)
    problems = []
    for key, value in answers.items():
        if key not in known:
            problems.append(f"{key!r}: unknown question id")
        elif not _is_answer(value, instrument.points):
            problems.append(
                f"{key!r}: {value!r} is not an answer "
                f"(1..{instrument.points}, or {DONT_KNOW} for don't know)"
            )
    return problems


# --------------------------------------------------------------------------- private helpers


def _is_answer(value: object, points: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= points


def _answer(answers: Mapping[str, int], key: str, points: int) -> int | None:
    value = answers.get(key)
    if value is None:
        return None
    if not _is_answer(value, points):
        raise ValueError(f"answer {key!r} = {value!r} is not an integer in 0..{points}")
    return value


def _mean_of(values: list[int | None], points: int) -> tuple[float | None, int, int]:
    """Return (mean item score or None, number answered 1..points, number of don't know)."""
    scored = [item_score(v, points=points) for v in values if v is not None]
    known = [x for x in scored if x is not None]
    dont_know = len(scored) - len(known)
    if not values or Fraction(len(known), len(values)) < MIN_ANSWERED_SHARE:
        return None, len(known), dont_know
    return statistics.fmean(known), len(known), dont_know


def _keys(items: Iterable[Item]) -> list[str]:
    keys = []
    for item in items:
        keys.append(item.id)
        if item.has_ambition:
            keys.append(item.ambition_key)
    return keys


def _value(row: DimensionScore | GroupDimension | None) -> float | None:
    if row is None:
        return None
    return row.score if isinstance(row, DimensionScore) else row.mean


def _summarise(rows: list[DimensionScore]) -> GroupDimension:
    values = sorted(r.score for r in rows if r.score is not None)
    ambitions = [r.ambition for r in rows if r.ambition is not None]
    ambition = statistics.fmean(ambitions) if ambitions else None
    dont_know = sum(r.dont_know for r in rows)
    first = rows[0]
    if not values:
        return GroupDimension(
            dimension=first.dimension,
            part=first.part,
            n=0,
            mean=None,
            sd=None,
            min=None,
            max=None,
            band=None,
            disagreement=False,
            distribution=(),
            ambition=ambition,
            gap=None,
            dont_know=dont_know,
        )
    mean = statistics.fmean(values)
    sd = statistics.pstdev(values)
    spread = values[-1] - values[0]
    return GroupDimension(
        dimension=first.dimension,
        part=first.part,
        n=len(values),
        mean=mean,
        sd=sd,
        min=values[0],
        max=values[-1],
        band=band_for(mean),
        disagreement=sd >= DISAGREEMENT_SD or spread >= DISAGREEMENT_RANGE,
        distribution=tuple(values),
        ambition=ambition,
        gap=None if ambition is None else ambition - mean,
        dont_know=dont_know,
    )
