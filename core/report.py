"""A participant's personal report as plain data: profile, network position, lessons, next steps.

Everything a report says is decided here, once, so the page and the PDF show the same thing.
Texts come from ``content/i18n/report.<lang>.yaml`` (and the instrument, findings and
lessons). Privacy rules: the group's scores appear only when the group meets the anonymity
threshold (:mod:`core.privacy`), the network only when enough of the group answered the
network survey, and no colleague is ever named: the report describes the person's own
position in developmental words, never as a place in an order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from core.i18n import t
from core.insights import describe_finding
from core.instruments import Instrument, load_instrument, text
from core.learning_path import MIN_AMBITION_GAP, Recommendation, describe_reason
from core.learning_records import (
    ambitions_of,
    completed_lesson_ids,
    participant_path,
    path_inputs,
)
from core.lessons import FINDING_KINDS, LessonLibrary, load_lessons
from core.models import (
    AssessmentResponse,
    Cohort,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
)
from core.network.analysis import NetworkAnalysis, PersonMetrics
from core.network_data import analyse_group_if_shown
from core.results import INSTRUMENT_ID, GroupResult, PersonResult, group_result, person_result
from core.scoring import band_for

__all__ = [
    "MAX_LESSONS",
    "MAX_NEXT_STEPS",
    "MAX_QUOTED",
    "MIN_NEXT_STEPS",
    "AmbitionLine",
    "DimensionLine",
    "FindingLine",
    "LessonLine",
    "NetworkPosition",
    "PersonalReport",
    "ReportCache",
    "build_report",
    "format_day",
]

MAX_LESSONS = 5
"""Lessons the report recommends: the first unfinished ones on the learning path."""

MAX_QUOTED = 100
"""An ambition quoted in a next step is cut to this many characters; the full text is listed."""

MIN_NEXT_STEPS = 3
MAX_NEXT_STEPS = 5
"""A report ends with 3-5 concrete next steps: enough to choose from, few enough to do."""

# Network roles (core.network.roles) the report has a sentence for, and finding kinds that
# name a person and get a personal sentence. Kinds that repeat the role are left out.
_ROLE_REPEATS = {"broker": "broker", "isolate": "isolated"}
_PERSONAL_KINDS = (
    "bottleneck",
    "broker",
    "isolated",
    "single_partner",
    "pairing",
    "knowledge_centre",
)


@dataclass(frozen=True)
class DimensionLine:
    """One dimension of the profile, with the band in words and the gap to the ambition."""

    dimension: str
    title: str
    part_title: str
    score: float | None
    band: str | None
    band_label: str
    ambition: float | None
    gap: float | None
    gap_text: str
    group_mean: float | None = None
    group_band_label: str = ""


@dataclass(frozen=True)
class NetworkPosition:
    """Where the person stands in their group's network, in developmental sentences.

    ``available`` is False when there is nothing to show yet; ``sentences`` then says why.
    Counts are None unless the network may be shown.
    """

    available: bool
    sentences: tuple[str, ...]
    named_you: int | None = None
    you_named: int | None = None
    partners: int | None = None


@dataclass(frozen=True)
class FindingLine:
    """A network finding about the person's group that concerns them, without names."""

    kind: str
    title: str
    evidence: str
    action: str
    about_you: bool


@dataclass(frozen=True)
class LessonLine:
    """A recommended lesson and why it was recommended."""

    lesson_id: str
    title: str
    module_title: str
    reason: str
    minutes: int


@dataclass(frozen=True)
class AmbitionLine:
    """An ambition the person set, with its date and state in words."""

    text: str
    due: str
    status: str


@dataclass(frozen=True)
class PersonalReport:
    """Everything a personal report shows, already in ``lang``; no rendering."""

    participant_id: int
    lang: str
    name: str
    group: str
    organisation: str
    cohort: str
    round_name: str
    generated: str
    intro: str
    has_assessment: bool
    fitness: float | None
    fitness_band_label: str
    dimensions: tuple[DimensionLine, ...]
    group_note: str
    network: NetworkPosition
    findings: tuple[FindingLine, ...]
    lessons: tuple[LessonLine, ...]
    ambitions: tuple[AmbitionLine, ...]
    next_steps: tuple[str, ...]


@dataclass
class ReportCache:
    """Group results and network analyses shared by the reports of one group.

    A bulk export passes one cache to every :func:`build_report` call, so a group of 300
    is analysed once instead of 300 times. Keys include the round, so a cache never mixes
    rounds; build a new cache when the data may have changed.
    """

    groups: dict[tuple[int, int | None], GroupResult] = field(default_factory=dict)
    networks: dict[tuple[int, int], NetworkAnalysis | None] = field(default_factory=dict)
    library: LessonLibrary | None = None


def build_report(
    session: Session,
    participant_id: int,
    lang: str,
    *,
    cache: ReportCache | None = None,
    today: date | None = None,
) -> PersonalReport:
    """Build the personal report of one participant in ``lang``.

    Works at every stage: with nothing answered the report says what to do first; with
    the assessment only, the network part says the survey is next. Raises LookupError for
    an unknown participant.
    """
    memo = cache if cache is not None else ReportCache()
    day = today or date.today()
    person, group, organisation, cohort = _context(session, participant_id)
    assert group.id is not None
    instrument = load_instrument(INSTRUMENT_ID)
    result = person_result(session, participant_id=participant_id)
    round_ = _report_round(session, participant_id, cohort.id or 0)
    group_round = result.round_id if result is not None else (round_.id if round_ else None)
    group_scores = _group_result(session, memo, group.id, group_round)
    analysis = _network(session, memo, cohort.id or 0, group.id, round_)
    me = str(participant_id)
    metrics = analysis.people.get(me) if analysis is not None else None
    findings = _findings(analysis, me, lang)
    kinds = {f.kind for f in findings}
    mine = {f.kind for f in findings if f.about_you}
    library = memo.library or load_lessons(strict=False)
    memo.library = library
    path = participant_path(
        library,
        lang,
        inputs=path_inputs(
            person=result.scores if result is not None else None,
            group=None if group_scores.suppressed else group_scores.profile,
            findings=kinds,
        ),
        completed=completed_lesson_ids(session, participant_id=participant_id),
    )
    lessons = _lessons(path, library, instrument, lang)
    ambitions = ambitions_of(session, participant_id=participant_id)
    network = _position(metrics, analysis, mine, lang, round_)
    return PersonalReport(
        participant_id=participant_id,
        lang=lang,
        name=person.name,
        group=group.name,
        organisation=organisation.name,
        cohort=cohort.name,
        round_name=(result.round_name if result else (round_.name if round_ else "")),
        generated=format_day(day, lang),
        intro=t("report.intro" if result is not None else "report.intro_empty", lang),
        has_assessment=result is not None,
        fitness=result.fitness if result else None,
        fitness_band_label=_band_label(instrument, result.fitness if result else None, lang),
        dimensions=_dimensions(instrument, result, group_scores, lang),
        group_note=_group_note(group_scores, lang),
        network=network,
        findings=tuple(findings),
        lessons=lessons,
        ambitions=tuple(
            AmbitionLine(
                text=a.text,
                due=format_day(a.due_date, lang),
                status=t(f"report.ambition.{_ambition_state(a.status, a.due_date, day)}", lang),
            )
            for a in ambitions
        ),
        next_steps=_next_steps(
            result=result,
            metrics=metrics,
            kinds=mine,
            lessons=lessons,
            open_ambitions=[a.text for a in ambitions if a.status != "done"],
            instrument=instrument,
            lang=lang,
        ),
    )


def format_day(day: date, lang: str) -> str:
    """A date as people write it: 23.11.2026 in Norwegian, 23 Nov 2026 in English.

    Examples
    --------
    >>> format_day(date(2026, 3, 5), "nb"), format_day(date(2026, 3, 5), "en")
    ('05.03.2026', '5 Mar 2026')
    """
    return day.strftime("%d.%m.%Y") if lang == "nb" else day.strftime("%d %b %Y").lstrip("0")


# --------------------------------------------------------------------------- private helpers


def _context(
    session: Session, participant_id: int
) -> tuple[Participant, Group, Organisation, Cohort]:
    query = (
        select(Participant, Group, Organisation, Cohort)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .join(Cohort, col(Organisation.cohort_id) == Cohort.id)
        .where(Participant.id == participant_id)
    )
    row = session.exec(query).first()
    if row is None:
        raise LookupError(f"no participant with id {participant_id}")
    return row


def _report_round(session: Session, participant_id: int, cohort_id: int) -> SurveyRound | None:
    """The latest started round the person took part in, else the cohort's latest."""
    rounds = list(
        session.exec(
            select(SurveyRound)
            .where(SurveyRound.cohort_id == cohort_id, SurveyRound.status != "draft")
            .order_by(col(SurveyRound.sequence))
        ).all()
    )
    answered = set(
        session.exec(
            select(AssessmentResponse.round_id).where(
                AssessmentResponse.participant_id == participant_id,
                AssessmentResponse.status == "submitted",
            )
        ).all()
    )
    tied = set(
        session.exec(
            select(Tie.round_id).where(Tie.source_id == participant_id).group_by(col(Tie.round_id))
        ).all()
    )
    active = [r for r in rounds if r.id in answered | tied]
    if active:
        return active[-1]
    return rounds[-1] if rounds else None


def _group_result(
    session: Session, memo: ReportCache, group_id: int, round_id: int | None
) -> GroupResult:
    key = (group_id, round_id)
    if key not in memo.groups:
        memo.groups[key] = group_result(session, group_id=group_id, round_id=round_id)
    return memo.groups[key]


def _network(
    session: Session, memo: ReportCache, cohort_id: int, group_id: int, round_: SurveyRound | None
) -> NetworkAnalysis | None:
    """The group's network in the round, or None below the anonymity threshold."""
    if round_ is None or round_.id is None:
        return None
    key = (group_id, round_.id)
    if key not in memo.networks:
        memo.networks[key] = analyse_group_if_shown(
            session, cohort_id=cohort_id, group_id=group_id, round_id=round_.id
        )
    return memo.networks[key]


def _findings(analysis: NetworkAnalysis | None, me: str, lang: str) -> list[FindingLine]:
    """Findings about the whole group or naming the person, described without any names."""
    if analysis is None:
        return []
    lines = []
    for finding in analysis.findings:
        about_you = me in finding.people
        if finding.people and not about_you:
            continue
        described = describe_finding(finding, lang, None)
        lines.append(
            FindingLine(
                kind=finding.kind,
                title=described["title"],
                evidence=described["evidence"],
                action=described["action"],
                about_you=about_you,
            )
        )
    return lines


def _position(
    metrics: PersonMetrics | None,
    analysis: NetworkAnalysis | None,
    kinds: set[str],
    lang: str,
    round_: SurveyRound | None,
) -> NetworkPosition:
    round_name = round_.name if round_ is not None else ""
    if analysis is None or metrics is None:
        return NetworkPosition(False, (t("report.network.unavailable", lang, round=round_name),))
    if not metrics.responded:
        sentences = [
            t("report.network.not_answered", lang, round=round_name),
            _counted("report.network.named_you", metrics.in_degree, lang),
        ]
        return NetworkPosition(True, tuple(sentences), named_you=metrics.in_degree)
    sentences = [
        _counted("report.network.named_you", metrics.in_degree, lang),
        _counted("report.network.you_named", metrics.out_degree, lang),
        _counted("report.network.partners", metrics.partners, lang),
        t(f"report.network.role.{metrics.role}", lang),
    ]
    repeated = _ROLE_REPEATS.get(metrics.role)
    sentences += [
        t(f"report.network.kind.{kind}", lang)
        for kind in _PERSONAL_KINDS
        if kind in kinds and kind != repeated
    ]
    return NetworkPosition(
        True,
        tuple(sentences),
        named_you=metrics.in_degree,
        you_named=metrics.out_degree,
        partners=metrics.partners,
    )


def _counted(key: str, count: int, lang: str) -> str:
    """The singular, plural or zero form of a counted sentence."""
    form = "zero" if count == 0 else "one" if count == 1 else "other"
    return t(f"{key}.{form}", lang, count=count)


def _dimensions(
    instrument: Instrument, result: PersonResult | None, group: GroupResult, lang: str
) -> tuple[DimensionLine, ...]:
    if result is None:
        return ()
    means = {} if group.suppressed else {g.dimension: g.mean for g in group.profile}
    lines = []
    for score in result.scores:
        dimension = instrument.dimension(score.dimension)
        group_mean = means.get(score.dimension)
        lines.append(
            DimensionLine(
                dimension=score.dimension,
                title=text(dimension.title, lang),
                part_title=text(instrument.part(score.part).title, lang),
                score=score.score,
                band=score.band,
                band_label=_band_label(instrument, score.score, lang),
                ambition=score.ambition,
                gap=score.gap,
                gap_text=_gap_text(score.gap, lang),
                group_mean=group_mean,
                group_band_label=""
                if group_mean is None
                else _band_label(instrument, group_mean, lang),
            )
        )
    return tuple(lines)


def _band_label(instrument: Instrument, score: float | None, lang: str) -> str:
    if score is None:
        return t("report.no_score", lang)
    return text(instrument.band(band_for(score)).label, lang)


def _gap_text(gap: float | None, lang: str) -> str:
    """The distance to the person's own ambition, in words."""
    if gap is None:
        return ""
    points = f"{abs(gap):.0f}"
    if gap >= MIN_AMBITION_GAP:
        return t("report.gap.large", lang, gap=points)
    if gap > 0:
        return t("report.gap.small", lang, gap=points)
    return t("report.gap.reached", lang)


def _group_note(group: GroupResult, lang: str) -> str:
    if group.round_id is None:
        return t("report.group.no_round", lang)
    if group.suppressed:
        return t("report.group.suppressed", lang, threshold=group.threshold)
    return t("report.group.shown", lang, respondents=group.respondents)


def _lessons(
    path: list[Recommendation], library: LessonLibrary, instrument: Instrument, lang: str
) -> tuple[LessonLine, ...]:
    titles = library.titles(lang)
    dimension_titles = {d.id: text(d.title, lang) for d in instrument.dimensions}
    band_labels = {b.id: text(b.label, lang) for b in instrument.bands}
    finding_titles = {kind: t(f"learning.finding.{kind}", lang) for kind in FINDING_KINDS}
    lines = []
    for rec in [r for r in path if not r.done][:MAX_LESSONS]:
        lesson = library.get(rec.lesson_id, lang)
        if lesson is None:
            continue
        reason = (
            describe_reason(
                rec.reasons[0],
                lang,
                dimension_titles=dimension_titles,
                band_labels=band_labels,
                finding_titles=finding_titles,
                lesson_titles=titles,
            )
            if rec.reasons
            else ""
        )
        lines.append(
            LessonLine(
                lesson_id=lesson.id,
                title=lesson.title,
                module_title=t(f"learning.module.{lesson.module}", lang),
                reason=reason,
                minutes=lesson.duration_minutes,
            )
        )
    return tuple(lines)


def _ambition_state(status: str, due: date, today: date) -> str:
    if status == "done":
        return "done"
    return "overdue" if due < today else "open"


def _next_steps(
    *,
    result: PersonResult | None,
    metrics: PersonMetrics | None,
    kinds: set[str],
    lessons: tuple[LessonLine, ...],
    open_ambitions: list[str],
    instrument: Instrument,
    lang: str,
) -> tuple[str, ...]:
    """3-5 concrete steps, most basic first: answer, then act on gap, lesson and network.

    Rules, in order: take the self-assessment if not submitted; answer the network survey
    if the person has not; close the largest ambition gap (or strengthen the lowest
    dimension); start the first recommended lesson; one network action from the person's
    position; follow up an open ambition or set one; talk about the report with someone.
    """
    steps: list[str] = []
    if result is None:
        steps.append(t("report.step.assessment", lang))
    if metrics is None or not metrics.responded:
        steps.append(t("report.step.network_survey", lang))
    if result is not None:
        gap = result.largest_gap
        if gap is not None and gap.gap is not None and gap.gap >= MIN_AMBITION_GAP:
            title = text(instrument.dimension(gap.dimension).title, lang)
            steps.append(t("report.step.gap", lang, dimension=title, gap=f"{gap.gap:.0f}"))
        elif result.lowest is not None:
            title = text(instrument.dimension(result.lowest.dimension).title, lang)
            steps.append(t("report.step.lowest", lang, dimension=title))
    if lessons:
        steps.append(t("report.step.lesson", lang, lesson=lessons[0].title))
    network_step = _network_step(metrics, kinds)
    if network_step is not None:
        steps.append(t(f"report.step.{network_step}", lang))
    if open_ambitions:
        quoted = _shorten(open_ambitions[0], MAX_QUOTED)
        steps.append(t("report.step.ambition_follow_up", lang, ambition=quoted))
    else:
        steps.append(t("report.step.ambition_set", lang))
    steps.append(t("report.step.talk", lang))
    return tuple(steps[:MAX_NEXT_STEPS])


def _shorten(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word boundary with an ellipsis when too long.

    Examples
    --------
    >>> _shorten("Ask two new colleagues for advice", 20)
    'Ask two new…'
    """
    flat = " ".join(value.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def _network_step(metrics: PersonMetrics | None, kinds: set[str]) -> str | None:
    """The one network action that fits the person's position best, if any."""
    if metrics is None or not metrics.responded:
        return None
    if metrics.role in {"isolate", "peripheral"} or "isolated" in kinds:
        return "network.reach_out"
    if metrics.role == "central_connector" or "bottleneck" in kinds:
        return "network.share_load"
    if metrics.role in {"broker", "boundary_spanner"} or "broker" in kinds:
        return "network.introduce"
    if "single_partner" in kinds:
        return "network.partner"
    return "network.widen"
