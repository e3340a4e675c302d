"""core.learning_path: ordering lessons by results, with a reason for every recommendation."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.learning_path import (
    MAX_FOCUS_AREAS,
    REASON_KINDS,
    Reason,
    Recommendation,
    ambitions_due,
    check_in_dates,
    describe_reason,
    learning_path_for,
)
from core.lessons import Check, Lesson, LessonLibrary, load_lessons

HEADINGS = {
    "en": ("The idea", "A case", "Reflection", "Ambition", "Check your understanding"),
    "nb": ("Idéen", "Et eksempel", "Refleksjon", "Ambisjon", "Sjekk forståelsen"),
}
# (module, file stem, dimensions, findings, prerequisites): a small course of nine lessons.
MINI_COURSE = [
    ("organization", "01-involve", ["organization"], [], []),
    ("organization", "02-network", ["sharing"], ["isolated", "bottleneck"], []),
    ("organization", "03-culture", ["learning", "organization"], [], ["organization-01-involve"]),
    ("management", "01-ownership", ["management"], [], []),
    ("management", "02-consult", ["management"], ["narrow_consultation", "disagreement"], []),
    ("strategy", "01-plan", ["strategy"], [], []),
    ("strategy", "02-user", ["strategy"], [], ["organization-01-involve"]),
    ("technology", "01-infra", ["technology"], [], []),
    ("technology", "02-data", ["data", "technology"], [], ["technology-01-infra"]),
]
DEFAULT_ORDER = [f"{module}-{stem}" for module, stem, *_ in MINI_COURSE]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> LessonLibrary:
    """The mini course written as real lesson files and loaded strictly."""
    root = tmp_path_factory.mktemp("content")
    (root / "i18n").mkdir()
    for lang, texts in HEADINGS.items():
        keys = ("idea", "case", "reflection", "ambition", "check")
        data = {f"lesson.section.{k}": t for k, t in zip(keys, texts, strict=True)}
        (root / "i18n" / f"{lang}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for module, stem, dimensions, findings, prerequisites in MINI_COURSE:
        folder = root / "modules" / module
        folder.mkdir(parents=True, exist_ok=True)
        meta: dict[str, Any] = {
            "id": f"{module}-{stem}",
            "title": stem,
            "module": module,
            "dimensions": dimensions,
            "findings": findings,
            "duration_minutes": 15,
            "prerequisites": prerequisites,
            "version": 1,
            "sources": ["test"],
        }
        for lang, (idea, case, reflection, ambition, check) in HEADINGS.items():
            body = (
                f"## {idea}\n\nI.\n\n## {case}\n\nC.\n\n## {reflection}\n\nR.\n\n"
                f"## {ambition}\n\nA.\n\n## {check}\n\nQ?\n\n"
                "- [x] a :: yes\n- [ ] b :: no\n- [ ] c :: no\n"
            )
            (folder / f"{stem}.{lang}.md").write_text(
                f"---\n{yaml.safe_dump(meta)}---\n{body}", encoding="utf-8"
            )
    return load_lessons(content_dir=root)


def _ids(path: list[Recommendation]) -> list[str]:
    return [r.lesson_id for r in path]


def _kinds(rec: Recommendation) -> list[str]:
    return [reason.kind for reason in rec.reasons]


PROFILES: dict[str, dict[str, Any]] = {
    "anonymous": {},
    "weak in strategy": {"person_scores": {"strategy": 20.0, "organization": 80.0}},
    "group weak in technology": {"group_scores": {"technology": 30.0, "data": 10.0}},
    "isolated and weak": {"findings": {"isolated"}, "person_scores": {"strategy": 5.0}},
    "many weak": {
        "person_scores": dict.fromkeys(("strategy", "technology", "management", "data"), 10.0),
        "group_scores": {"learning": 40.0},
    },
    "gaps and spread": {"gaps": {"technology": 40.0}, "group_spread": {"strategy": 30.0}},
    "findings only": {"findings": {"bottleneck", "narrow_consultation", "unknown_kind"}},
    "completed some": {"completed": {"organization-01-involve", "strategy-01-plan"}},
}


@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_lesson_once_with_a_reason_and_a_priority(
    library: LessonLibrary, profile: str
) -> None:
    path = learning_path_for(library, "nb", **PROFILES[profile])

    assert sorted(_ids(path)) == sorted(DEFAULT_ORDER)
    assert [r.priority for r in path] == list(range(1, len(path) + 1))
    for rec in path:
        assert rec.reasons, rec
        for reason in rec.reasons:
            assert set(reason.params) == set(REASON_KINDS[reason.kind])


@pytest.mark.parametrize("profile", list(PROFILES))
def test_lesson_never_comes_before_its_prerequisites(library: LessonLibrary, profile: str) -> None:
    path = learning_path_for(library, "en", **PROFILES[profile])

    position = {r.lesson_id: r.priority for r in path}
    for rec in path:
        lesson = library.get(rec.lesson_id, "en")
        assert lesson is not None
        for prerequisite in lesson.prerequisites:
            assert position[prerequisite] < position[rec.lesson_id], (prerequisite, rec)


def test_anonymous_learner_gets_default_course_order(library: LessonLibrary) -> None:
    path = learning_path_for(library, "en")

    assert _ids(path) == DEFAULT_ORDER
    assert all(r.reasons == (Reason("default"),) for r in path)
    assert not any(r.focus or r.done for r in path)


def test_profile_weak_in_strategy_starts_with_strategy_lessons(library: LessonLibrary) -> None:
    path = learning_path_for(
        library, "en", person_scores={"strategy": 20.0, "organization": 80.0, "management": 60.0}
    )

    assert _ids(path)[:3] == [
        "strategy-01-plan",
        "organization-01-involve",  # prerequisite of strategy-02-user
        "strategy-02-user",
    ]
    assert path[0].reasons == (
        Reason(
            "weak_dimension", {"dimension": "strategy", "band": "foundation", "scope": "person"}
        ),
    )
    assert _kinds(path[1]) == ["prerequisite"]
    assert path[1].reasons[0].params == {"lesson": "strategy-02-user"}
    assert [r.focus for r in path[:3]] == [True, True, True]
    assert not any(r.focus for r in path[3:])


def test_group_scores_give_group_reasons(library: LessonLibrary) -> None:
    path = learning_path_for(library, "en", group_scores={"management": 45.0})

    assert _ids(path)[:2] == ["management-01-ownership", "management-02-consult"]
    assert path[0].reasons[0].params == {
        "dimension": "management",
        "band": "developing",
        "scope": "group",
    }


def test_person_and_group_weakness_both_count(library: LessonLibrary) -> None:
    # Strategy is lower for the person, but management is weak for person and group alike.
    path = learning_path_for(
        library,
        "en",
        person_scores={"strategy": 20.0, "management": 40.0},
        group_scores={"management": 40.0},
    )

    assert path[0].lesson_id == "management-01-ownership"
    assert [r.params["scope"] for r in path[0].reasons] == ["person", "group"]


def test_isolated_member_gets_network_lessons_first(library: LessonLibrary) -> None:
    path = learning_path_for(
        library,
        "en",
        findings={"isolated"},
        person_scores={"strategy": 5.0, "management": 5.0},
        group_scores={"strategy": 5.0, "management": 5.0},
        gaps={"strategy": 60.0},
    )

    assert path[0].lesson_id == "organization-02-network"
    assert path[0].reasons[0] == Reason("finding", {"finding": "isolated"})


def test_attention_is_limited_to_the_most_urgent_areas(library: LessonLibrary) -> None:
    path = learning_path_for(
        library,
        "en",
        person_scores={"strategy": 5.0, "management": 10.0, "data": 12.0, "learning": 45.0},
    )

    by_id = {r.lesson_id: r for r in path}
    # organization-03-culture serves only learning, the fourth most urgent area.
    culture = by_id["organization-03-culture"]
    assert not culture.focus
    assert _kinds(culture) == ["weak_dimension"]
    assert culture.priority > max(r.priority for r in path if r.focus)
    focus_dimensions = {
        str(reason.params["dimension"])
        for r in path
        if r.focus
        for reason in r.reasons
        if reason.kind == "weak_dimension"
    }
    assert focus_dimensions == {"strategy", "management", "data"}
    assert len(focus_dimensions) == MAX_FOCUS_AREAS


def test_rest_of_course_starts_with_the_weakest_module(library: LessonLibrary) -> None:
    path = learning_path_for(
        library,
        "en",
        person_scores={"strategy": 5.0, "technology": 10.0, "data": 12.0, "management": 40.0},
    )

    # Management is weak but fourth: its module leads the rest, ahead of organization.
    assert [r.lesson_id for r in path if not r.focus] == [
        "management-01-ownership",
        "management-02-consult",
        "organization-02-network",
        "organization-03-culture",
    ]


def test_large_ambition_gap_leads_and_small_gap_is_ignored(library: LessonLibrary) -> None:
    path = learning_path_for(library, "en", gaps={"technology": 40.0, "strategy": 10.0})

    assert _ids(path)[:2] == ["technology-01-infra", "technology-02-data"]
    assert path[0].reasons == (Reason("ambition_gap", {"dimension": "technology", "gap": 40.0}),)
    assert learning_path_for(library, "en", gaps={"strategy": 10.0})[0].reasons == (
        Reason("default"),
    )


def test_group_disagreement_recommends_discussion_lesson(library: LessonLibrary) -> None:
    path = learning_path_for(library, "en", group_spread={"strategy": 30.0, "data": 5.0})

    assert path[0].lesson_id == "management-02-consult"
    assert path[0].reasons == (Reason("disagreement", {"dimension": "strategy", "spread": 30.0}),)


def test_completed_lessons_are_marked_done_in_place(library: LessonLibrary) -> None:
    completed = {"organization-01-involve", "technology-02-data"}

    path = learning_path_for(library, "en", completed=completed)

    assert _ids(path) == DEFAULT_ORDER
    assert {r.lesson_id for r in path if r.done} == completed


def test_language_without_lessons_gives_empty_path(library: LessonLibrary) -> None:
    assert learning_path_for(library, "de", person_scores={"strategy": 5.0}) == []


def test_hand_built_prerequisite_cycle_is_refused() -> None:
    def lesson(lesson_id: str, prerequisite: str) -> Lesson:
        return Lesson(
            lesson_id, "en", lesson_id, "strategy", ("strategy",), (), 15, (prerequisite,),
            1, ("test",), {}, Check("?", ()), Path(lesson_id),
        )  # fmt: skip

    library = LessonLibrary((lesson("a", "b"), lesson("b", "a")))

    with pytest.raises(ValueError, match="prerequisite cycle"):
        learning_path_for(library, "en")


TEMPLATES = {
    "en": {
        "weak_dimension.person": "Your {dimension} is {band}.",
        "weak_dimension.group": "Your group's {dimension} is {band}.",
        "ambition_gap": "Gap of {gap} on {dimension}.",
        "disagreement": "Spread {spread} on {dimension}.",
        "finding": "Finding: {finding}.",
        "prerequisite": "Before {lesson}.",
        "default": "Default.",
    },
    "nb": {"default": "Standard."},
}
TITLES = {
    "dimension_titles": {"strategy": "Strategy"},
    "band_labels": {"developing": "Developing"},
    "finding_titles": {"isolated": "Isolated members"},
    "lesson_titles": {"strategy-02-user": "Start with the user"},
}


@pytest.mark.parametrize(
    ("reason", "lang", "expected"),
    [
        (
            Reason("weak_dimension", {"dimension": "strategy", "band": "developing", "scope": "group"}),
            "en",
            "Your group's Strategy is Developing.",
        ),
        (
            Reason("weak_dimension", {"dimension": "strategy", "band": "developing", "scope": "person"}),
            "en",
            "Your Strategy is Developing.",
        ),
        (Reason("ambition_gap", {"dimension": "strategy", "gap": 27.6}), "en", "Gap of 28 on Strategy."),
        (Reason("disagreement", {"dimension": "data", "spread": 22.2}), "en", "Spread 22 on data."),
        (Reason("finding", {"finding": "isolated"}), "en", "Finding: Isolated members."),
        (Reason("prerequisite", {"lesson": "strategy-02-user"}), "en", "Before Start with the user."),
        (Reason("default"), "nb", "Standard."),
    ],
)  # fmt: skip
def test_describe_reason_fills_titles_into_template(
    reason: Reason, lang: str, expected: str
) -> None:
    assert describe_reason(reason, lang, templates=TEMPLATES, **TITLES) == expected


@pytest.mark.parametrize(
    ("reason", "lang"), [(Reason("default"), "de"), (Reason("finding", {"finding": "x"}), "nb")]
)
def test_describe_reason_refuses_missing_template(reason: Reason, lang: str) -> None:
    with pytest.raises(ValueError, match="no reason template"):
        describe_reason(reason, lang, templates=TEMPLATES, **TITLES)


TODAY = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("ambitions", "horizon", "expected"),
    [
        pytest.param([], 7, [], id="none"),
        pytest.param([(1, date(2025, 3, 17), False)], 7, [(1, 7)], id="last day of horizon"),
        pytest.param([(1, date(2025, 3, 18), False)], 7, [], id="beyond horizon"),
        pytest.param([(1, date(2025, 3, 1), True)], 7, [], id="already checked in"),
        pytest.param([(1, date(2025, 3, 10), False)], 0, [(1, 0)], id="due today, no horizon"),
        pytest.param(
            [
                ("late", date(2025, 3, 12), False),
                ("soon", date(2025, 3, 11), False),
                ("overdue", date(2025, 2, 1), False),
                ("done", date(2025, 2, 1), True),
            ],
            7,
            [("overdue", -37), ("soon", 1), ("late", 2)],
            id="overdue first then by date",
        ),
    ],
)
def test_ambitions_due_for_check_in(
    ambitions: list[tuple[Any, date, bool]], horizon: int, expected: list[tuple[Any, int]]
) -> None:
    due = ambitions_due(ambitions, TODAY, horizon_days=horizon)

    assert [(d.ambition_id, d.days_left) for d in due] == expected
    assert [d.overdue for d in due] == [days < 0 for _, days in expected]


def test_ambitions_due_refuses_negative_horizon() -> None:
    with pytest.raises(ValueError, match="horizon_days"):
        ambitions_due([], TODAY, horizon_days=-1)


def test_check_ins_are_spaced_one_week_four_weeks_twelve_weeks() -> None:
    # domain-science 5.3: reminders at about 1 week, 3-4 weeks and 2-3 months.
    assert check_in_dates(date(2025, 1, 1)) == (
        date(2025, 1, 8),
        date(2025, 1, 29),
        date(2025, 3, 26),
    )
