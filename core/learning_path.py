"""Order lessons into a personal learning path, each recommendation with its reasons."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Generic, TypeVar

from core.lessons import DIMENSION_IDS, FINDING_KINDS, MODULES, Lesson, LessonLibrary
from core.lessons import load_reason_templates as _load_reason_templates

__all__ = [
    "BANDS",
    "DISAGREEMENT_SPREAD",
    "MAX_FOCUS_AREAS",
    "MIN_AMBITION_GAP",
    "REASON_KINDS",
    "SPACED_CHECK_IN_DAYS",
    "DueAmbition",
    "Reason",
    "Recommendation",
    "ambitions_due",
    "check_in_dates",
    "describe_reason",
    "learning_path_for",
]

#: Score bands, each with its upper bound on the 0-100 scale (domain-science 4.3).
BANDS: tuple[tuple[str, float], ...] = (
    ("foundation", 25.0),
    ("developing", 50.0),
    ("established", 75.0),
    ("advanced", 100.0),
)

#: How many areas a path puts in focus at once (domain-science 5.4: SELFIE-PTK and the
#: Digital Competence Wheel both recommend 2-3).
MAX_FOCUS_AREAS = 3

#: Smallest ambition gap (ambition minus current score, 0-100 scale) that counts as a need;
#: smaller gaps are within the noise of a self-rating.
MIN_AMBITION_GAP = 15.0

#: Group spread (standard deviation on the 0-100 scale) from which a dimension counts as a
#: disagreement worth discussing (domain-science 5.4 rule 4: high spread -> discussion).
DISAGREEMENT_SPREAD = 20.0

#: Days after setting an ambition when a check-in is due: about one week, 3-4 weeks and
#: 2-3 months, for retention over a year (domain-science 5.3, after Cepeda et al. 2008).
SPACED_CHECK_IN_DAYS: tuple[int, ...] = (7, 28, 84)

#: Every ``Reason.kind``, with the ``params`` it carries.
REASON_KINDS: Mapping[str, tuple[str, ...]] = {
    "weak_dimension": ("dimension", "band", "scope"),
    "ambition_gap": ("dimension", "gap"),
    "disagreement": ("dimension", "spread"),
    "finding": ("finding",),
    "prerequisite": ("lesson",),
    "default": (),
}

# Bands that make a dimension a need (weak); established and advanced do not.
_WEAK_BANDS = frozenset({"foundation", "developing"})
# A member without ties cannot learn from the group, so network building comes first
# (DESIGN.md: "an isolated member gets the lessons on building networks first").
_FINDING_URGENCY: Mapping[str, float] = {"isolated": 10.0}
_DEFAULT_FINDING_URGENCY = 1.5

_K = TypeVar("_K")


@dataclass(frozen=True)
class Reason:
    """Why a lesson is on the path: ``kind`` (see `REASON_KINDS`) and its ``params``."""

    kind: str
    params: Mapping[str, str | float] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Recommendation:
    """One lesson on a learning path.

    ``priority`` is the 1-based position on the path; ``focus`` marks lessons that serve
    one of the path's 2-3 focus areas (or are prerequisites of such a lesson).
    """

    lesson_id: str
    module: str
    priority: int
    reasons: tuple[Reason, ...]
    done: bool
    focus: bool = False


@dataclass(frozen=True)
class DueAmbition(Generic[_K]):
    """An ambition whose check-in is due within the horizon (or overdue)."""

    ambition_id: _K
    due: date
    days_left: int

    @property
    def overdue(self) -> bool:
        """True when the check-in date has passed."""
        return self.days_left < 0


def learning_path_for(
    library: LessonLibrary,
    lang: str,
    *,
    person_scores: Mapping[str, float] | None = None,
    group_scores: Mapping[str, float] | None = None,
    gaps: Mapping[str, float] | None = None,
    group_spread: Mapping[str, float] | None = None,
    findings: Collection[str] = (),
    completed: Collection[str] = (),
) -> list[Recommendation]:
    """Order every lesson in ``lang`` for one learner, saying why each is recommended.

    Parameters
    ----------
    library
        The lessons, from `core.lessons.load_lessons`.
    lang
        Language of the lessons to order.
    person_scores, group_scores
        Dimension id to score 0-100 for the learner and for their group's mean.
    gaps
        Dimension id to ambition gap (ambition minus current score, 0-100 scale).
    group_spread
        Dimension id to the group's spread (standard deviation, 0-100 scale).
    findings
        Kinds of network or assessment findings that concern the learner or group
        (see `core.lessons.FINDING_KINDS`).
    completed
        Ids of lessons the learner has finished; they stay on the path with ``done=True``.

    Returns
    -------
    list of Recommendation
        Every lesson once.  Focus lessons come first: those addressing the
        `MAX_FOCUS_AREAS` most urgent areas (weak dimensions, large ambition gaps,
        disagreement, findings), area by area, the module named after the area first.
        Then the rest of the course, weakest module first.  A lesson never comes before
        its prerequisites, and every recommendation has at least one reason.

    Notes
    -----
    An area's urgency is the sum of its signals: a weak dimension (band foundation or
    developing) counts 1-2 by how low the score is, separately for person and group; an
    ambition gap of at least `MIN_AMBITION_GAP` counts gap/25 (at most 2); a spread of at
    least `DISAGREEMENT_SPREAD` adds 1 to the area ``disagreement``; a finding counts 1.5,
    except ``isolated``, which always leads.  Without any results the path is the default
    course order (module order, then lesson number) with reason ``default``.  Dimension
    and finding ids that no lesson addresses are ignored.

    References
    ----------
    domain-science.md 5.4: prerequisites first, weakest dimension or largest gap, 2-3
    focus areas, ONA-triggered modules, explain every recommendation.

    Examples
    --------
    >>> from pathlib import Path
    >>> from core.lessons import Check, Lesson, LessonLibrary
    >>> def lesson(lesson_id, module, dimensions, findings=(), prerequisites=()):
    ...     return Lesson(lesson_id, "en", lesson_id, module, dimensions, findings, 15,
    ...                   prerequisites, 1, ("demo",), {}, Check("?", ()), Path(lesson_id))
    >>> library = LessonLibrary((
    ...     lesson("org-1", "organization", ("organization",)),
    ...     lesson("org-2", "organization", ("sharing",), ("isolated",)),
    ...     lesson("str-1", "strategy", ("strategy",)),
    ...     lesson("str-2", "strategy", ("strategy",), prerequisites=("org-1",)),
    ... ))
    >>> [r.lesson_id for r in learning_path_for(library, "en")]
    ['org-1', 'org-2', 'str-1', 'str-2']
    >>> path = learning_path_for(library, "en", group_scores={"strategy": 40.0})
    >>> [(r.lesson_id, [reason.kind for reason in r.reasons]) for r in path]  # doctest: +NORMALIZE_WHITESPACE
    [('str-1', ['weak_dimension']), ('org-1', ['prerequisite']),
     ('str-2', ['weak_dimension']), ('org-2', ['default'])]
    >>> path[0].reasons[0].params
    {'dimension': 'strategy', 'band': 'developing', 'scope': 'group'}
    >>> [r.lesson_id for r in learning_path_for(library, "en", findings={"isolated"})][0]
    'org-2'
    """
    lessons = library.in_language(lang)
    by_id = {lesson.id: lesson for lesson in lessons}
    default_rank = {lesson.id: i for i, lesson in enumerate(lessons)}

    signals = _signals(person_scores, group_scores, gaps, group_spread, findings)
    urgency: dict[tuple[str, str], float] = {}
    for area, value, _ in signals:
        urgency[area] = urgency.get(area, 0.0) + value
    addressed = {area for lesson in lessons for area in _areas(lesson)}
    ranked_areas = sorted(
        (area for area in urgency if area in addressed),
        key=lambda area: (-urgency[area], _area_rank(area)),
    )
    focus_rank = {area: i for i, area in enumerate(ranked_areas[:MAX_FOCUS_AREAS])}

    own_reasons = {lesson.id: _reasons_for(lesson, signals, urgency) for lesson in lessons}

    def focus_key(lesson: Lesson) -> tuple[int, int, int, int]:
        hits = [focus_rank[a] for a in _areas(lesson) if a in focus_rank]
        best = min(hits)
        best_area = next(area for area, rank in focus_rank.items() if rank == best)
        module_first = 0 if best_area == ("dimension", lesson.module) else 1
        return (best, module_first, -len(hits), default_rank[lesson.id])

    def rest_key(lesson: Lesson) -> tuple[float, int, int]:
        module_urgency = urgency.get(("dimension", lesson.module), 0.0)
        return (-module_urgency, MODULES.index(lesson.module), default_rank[lesson.id])

    in_focus = [ls for ls in lessons if any(a in focus_rank for a in _areas(ls))]
    rest = [ls for ls in lessons if not any(a in focus_rank for a in _areas(ls))]
    ordered = [(ls, True) for ls in sorted(in_focus, key=focus_key)]
    ordered += [(ls, False) for ls in sorted(rest, key=rest_key)]

    emitted: dict[str, bool] = {}  # lesson id -> focus, in path order
    prerequisite_reasons: dict[str, list[Reason]] = {ls.id: [] for ls in lessons}

    def visit(lesson_id: str, focus: bool, trail: tuple[str, ...]) -> None:
        if lesson_id in trail:  # load_lessons rejects cycles; guard against hand-built ones
            raise ValueError(f"prerequisite cycle: {' -> '.join((*trail, lesson_id))}")
        if lesson_id in emitted:
            return
        for prerequisite in by_id[lesson_id].prerequisites:
            if prerequisite not in by_id:  # a lenient library has dropped its dependants
                raise ValueError(f"{lesson_id!r} needs {prerequisite!r}, which is not loaded")
            if prerequisite not in emitted:
                # Pulled forward for a later lesson: say so.
                prerequisite_reasons[prerequisite].append(
                    Reason("prerequisite", {"lesson": lesson_id})
                )
            visit(prerequisite, focus, (*trail, lesson_id))
        emitted[lesson_id] = focus

    for lesson, focus in ordered:
        visit(lesson.id, focus, ())

    done = set(completed)
    path = []
    for priority, (lesson_id, focus) in enumerate(emitted.items(), start=1):
        reasons = own_reasons[lesson_id] + prerequisite_reasons[lesson_id]
        path.append(
            Recommendation(
                lesson_id=lesson_id,
                module=by_id[lesson_id].module,
                priority=priority,
                reasons=tuple(reasons) or (Reason("default"),),
                done=lesson_id in done,
                focus=focus,
            )
        )
    return path


def describe_reason(
    reason: Reason,
    lang: str,
    *,
    dimension_titles: Mapping[str, str],
    band_labels: Mapping[str, str],
    finding_titles: Mapping[str, str],
    lesson_titles: Mapping[str, str],
    templates: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """One sentence in ``lang`` saying why a lesson was recommended.

    Templates come from ``content/modules/reasons.yaml`` unless ``templates`` is given;
    ids without a title are shown as the id itself.

    Examples
    --------
    >>> reason = Reason("weak_dimension",
    ...                 {"dimension": "strategy", "band": "developing", "scope": "group"})
    >>> describe_reason(reason, "en", dimension_titles={"strategy": "Strategy"},
    ...                 band_labels={"developing": "Developing"}, finding_titles={},
    ...                 lesson_titles={})
    "Recommended because your group's score on Strategy is Developing."
    """
    all_templates = _load_reason_templates() if templates is None else templates
    if lang not in all_templates:
        raise ValueError(f"no reason templates for language {lang!r}")
    key = reason.kind
    if key == "weak_dimension":
        key = f"weak_dimension.{reason.params.get('scope', 'person')}"
    template = all_templates[lang].get(key)
    if template is None:
        raise ValueError(f"no reason template {key!r} for language {lang!r}")
    params = reason.params
    values = {
        "dimension": _title(dimension_titles, params.get("dimension")),
        "band": _title(band_labels, params.get("band")),
        "finding": _title(finding_titles, params.get("finding")),
        "lesson": _title(lesson_titles, params.get("lesson")),
        "gap": _whole(params.get("gap")),
        "spread": _whole(params.get("spread")),
    }
    return template.format_map(values)


def ambitions_due(
    ambitions: Iterable[tuple[_K, date, bool]],
    today: date,
    *,
    horizon_days: int = 7,
) -> list[DueAmbition[_K]]:
    """Ambitions whose check-in falls within ``horizon_days`` from ``today``, or has passed.

    Parameters
    ----------
    ambitions
        ``(ambition id, check-in date, already checked in)`` for each ambition.
    today
        The date to count from.
    horizon_days
        How far ahead to look; 0 lists only today's and overdue check-ins.

    Returns
    -------
    list of DueAmbition
        Not yet checked in, due on or before ``today + horizon_days``; overdue first,
        then by date, ties in input order.

    Examples
    --------
    >>> from datetime import date
    >>> due = ambitions_due([("a", date(2025, 3, 10), False), ("b", date(2025, 3, 1), False),
    ...                      ("c", date(2025, 3, 2), True), ("d", date(2025, 4, 1), False)],
    ...                     date(2025, 3, 5))
    >>> [(d.ambition_id, d.days_left, d.overdue) for d in due]
    [('b', -4, True), ('a', 5, False)]
    """
    if horizon_days < 0:
        raise ValueError("horizon_days must not be negative")
    last = today + timedelta(days=horizon_days)
    due = [
        DueAmbition(ambition_id, due_on, (due_on - today).days)
        for ambition_id, due_on, checked_in in ambitions
        if not checked_in and due_on <= last
    ]
    return sorted(due, key=lambda item: item.due)


def check_in_dates(start: date) -> tuple[date, ...]:
    """Spaced check-in dates for an ambition set on ``start`` (`SPACED_CHECK_IN_DAYS`).

    Examples
    --------
    >>> [d.isoformat() for d in check_in_dates(date(2025, 1, 1))]
    ['2025-01-08', '2025-01-29', '2025-03-26']
    """
    return tuple(start + timedelta(days=days) for days in SPACED_CHECK_IN_DAYS)


# --- private helpers -------------------------------------------------------------------

_Area = tuple[str, str]  # ("dimension", id) or ("finding", kind)
_Signal = tuple[_Area, float, Reason]


def _band(score: float) -> str:
    for band, upper in BANDS:
        if score <= upper:
            return band
    return BANDS[-1][0]


def _signals(
    person_scores: Mapping[str, float] | None,
    group_scores: Mapping[str, float] | None,
    gaps: Mapping[str, float] | None,
    group_spread: Mapping[str, float] | None,
    findings: Collection[str],
) -> list[_Signal]:
    """Each need the results show, as (area, urgency, reason)."""
    signals: list[_Signal] = []
    for scope, scores in (("person", person_scores), ("group", group_scores)):
        for dimension, score in (scores or {}).items():
            band = _band(score)
            if band in _WEAK_BANDS:
                urgency = 1.0 + (50.0 - max(score, 0.0)) / 50.0
                reason = Reason(
                    "weak_dimension", {"dimension": dimension, "band": band, "scope": scope}
                )
                signals.append((("dimension", dimension), urgency, reason))
    for dimension, gap in (gaps or {}).items():
        if gap >= MIN_AMBITION_GAP:
            reason = Reason("ambition_gap", {"dimension": dimension, "gap": gap})
            signals.append((("dimension", dimension), min(gap / 25.0, 2.0), reason))
    for dimension, spread in (group_spread or {}).items():
        if spread >= DISAGREEMENT_SPREAD:
            reason = Reason("disagreement", {"dimension": dimension, "spread": spread})
            signals.append((("finding", "disagreement"), 1.0, reason))
    for kind in sorted(set(findings), key=_finding_rank):
        urgency = _FINDING_URGENCY.get(kind, _DEFAULT_FINDING_URGENCY)
        signals.append((("finding", kind), urgency, Reason("finding", {"finding": kind})))
    return signals


def _areas(lesson: Lesson) -> list[_Area]:
    return [("dimension", d) for d in lesson.dimensions] + [("finding", f) for f in lesson.findings]


def _reasons_for(
    lesson: Lesson, signals: list[_Signal], urgency: Mapping[_Area, float]
) -> list[Reason]:
    """The reasons of every signal in an area the lesson addresses, most urgent first."""
    areas = set(_areas(lesson))
    matched = [(area, reason) for area, _, reason in signals if area in areas]
    matched.sort(key=lambda item: (-urgency[item[0]], _area_rank(item[0])))
    return [reason for _, reason in matched]


def _area_rank(area: _Area) -> tuple[int, int, str]:
    kind, name = area
    if kind == "dimension":
        order = DIMENSION_IDS.index(name) if name in DIMENSION_IDS else len(DIMENSION_IDS)
        return (0, order, name)
    return (1, _finding_rank(name), name)


def _finding_rank(kind: str) -> int:
    return FINDING_KINDS.index(kind) if kind in FINDING_KINDS else len(FINDING_KINDS)


def _title(titles: Mapping[str, str], key: str | float | None) -> str:
    if key is None:
        return ""
    return titles.get(str(key), str(key))


def _whole(value: str | float | None) -> str:
    if isinstance(value, int | float):
        return str(round(value))
    return "" if value is None else str(value)
