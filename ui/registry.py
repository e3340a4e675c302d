"""The page registry: which pages exist and which role sees them. Plain data, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

VISITOR = "visitor"
PARTICIPANT = "participant"
FACILITATOR = "facilitator"
ROLES = (VISITOR, PARTICIPANT, FACILITATOR)


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, nav title key, URL path, section and the roles that see it."""

    path: str
    title_key: str
    url_path: str
    section_key: str
    roles: frozenset[str]
    icon: str = ""
    default_for: frozenset[str] = frozenset()


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


# Each feature owns one block; PAGES joins them in menu order.
_START: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/start/home.py",
        "nav.home",
        "home",
        "nav.section.start",
        _roles(VISITOR),
        ":material/home:",
        default_for=_roles(VISITOR),
    ),
    PageSpec(
        "pages/start/participant_start.py",
        "nav.participant_start",
        "start",
        "nav.section.start",
        _roles(PARTICIPANT),
        ":material/waving_hand:",
        default_for=_roles(PARTICIPANT),
    ),
)

# Self-assessment and results (issue: digital fitness self-assessment).
_ASSESSMENT: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/assessment/self_assessment.py",
        "nav.assessment",
        "assessment",
        "nav.section.assessment",
        _roles(PARTICIPANT),
        ":material/quiz:",
    ),
    PageSpec(
        "pages/assessment/my_profile.py",
        "nav.my_profile",
        "my-profile",
        "nav.section.assessment",
        _roles(PARTICIPANT),
        ":material/person:",
    ),
    PageSpec(
        "pages/assessment/group_results.py",
        "nav.group_results",
        "group-results",
        "nav.section.assessment",
        _roles(PARTICIPANT),
        ":material/groups:",
    ),
    PageSpec(
        "pages/assessment/try_assessment.py",
        "nav.try_assessment",
        "try",
        "nav.section.start",
        _roles(VISITOR),
        ":material/quiz:",
    ),
)

# Network survey, map and findings (issue: team network survey).
_NETWORK: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/network/network_survey.py",
        "nav.network.survey",
        "network-survey",
        "nav.section.network",
        _roles(PARTICIPANT),
        ":material/group_add:",
    ),
    PageSpec(
        "pages/network/group_network.py",
        "nav.network.map",
        "network-map",
        "nav.section.network",
        _roles(PARTICIPANT),
        ":material/hub:",
    ),
    PageSpec(
        "pages/network/network_findings.py",
        "nav.network.findings",
        "network-findings",
        "nav.section.network",
        _roles(PARTICIPANT),
        ":material/lightbulb:",
    ),
    PageSpec(
        "pages/network/network_change.py",
        "nav.network.change",
        "network-change",
        "nav.section.network",
        _roles(PARTICIPANT),
        ":material/compare_arrows:",
    ),
)

# Learning path, lessons, shared reflections (issue: learning modules).
# Visitors see the path and the reader in the start section: a second sidebar section
# makes Streamlit nest headings inside the nav list, which axe reports (list, listitem).
_LEARNING: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/learning/learning_path.py",
        "nav.learning.path",
        "learning-path",
        "nav.learning.section",
        _roles(PARTICIPANT),
        ":material/route:",
    ),
    PageSpec(
        "pages/learning/lesson.py",
        "nav.learning.lesson",
        "lesson",
        "nav.learning.section",
        _roles(PARTICIPANT),
        ":material/menu_book:",
    ),
    PageSpec(
        "pages/learning/group_reflections.py",
        "nav.learning.reflections",
        "group-reflections",
        "nav.learning.section",
        _roles(PARTICIPANT),
        ":material/forum:",
    ),
    PageSpec(
        "pages/learning/learning_path.py",
        "nav.learning.path",
        "learning-path",
        "nav.section.start",
        _roles(VISITOR),
        ":material/route:",
    ),
    PageSpec(
        "pages/learning/lesson.py",
        "nav.learning.lesson",
        "lesson",
        "nav.section.start",
        _roles(VISITOR),
        ":material/menu_book:",
    ),
)

_FACILITATOR: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/facilitator/facilitator_sign_in.py",
        "nav.facilitator_sign_in",
        "sign-in",
        "nav.section.start",
        _roles(VISITOR),
        ":material/login:",
    ),
    PageSpec(
        "pages/facilitator/facilitator_overview.py",
        "nav.facilitator_overview",
        "cohorts",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/dashboard:",
        default_for=_roles(FACILITATOR),
    ),
)

# Course setup, roster import, invite links (issue: facilitator workspace).
_COURSE: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/facilitator/facilitator_course.py",
        "nav.course.setup",
        "course",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/settings:",
    ),
    PageSpec(
        "pages/facilitator/facilitator_roster.py",
        "nav.course.roster",
        "roster",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/upload_file:",
    ),
    PageSpec(
        "pages/facilitator/facilitator_unlisted.py",
        "unlisted.nav",
        "unlisted-names",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/person_search:",
    ),
    PageSpec(
        "pages/facilitator/facilitator_invites.py",
        "nav.course.invites",
        "invites",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/qr_code_2:",
    ),
)

# Live progress, comparison across groups, exports (issue: facilitator workspace).
_COMPARE: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/facilitator/facilitator_compare.py",
        "compare.nav.compare",
        "compare",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/compare:",
    ),
    PageSpec(
        "pages/facilitator/facilitator_exports.py",
        "compare.nav.exports",
        "exports",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/download:",
    ),
)

# Personal reports, for the participant and in bulk for the facilitator (issue: reports).
_REPORTS: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/reports/my_report.py",
        "nav.report.mine",
        "my-report",
        "nav.section.start",
        _roles(PARTICIPANT),
        ":material/description:",
    ),
    PageSpec(
        "pages/reports/facilitator_reports.py",
        "nav.report.bulk",
        "reports",
        "nav.section.facilitator",
        _roles(FACILITATOR),
        ":material/folder_zip:",
    ),
)

# Everything stored about a participant: see, download, delete (issue: my data).
_MY_DATA: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/my_data/my_data.py",
        "nav.my_data",
        "my-data",
        "nav.section.start",
        _roles(PARTICIPANT),
        ":material/shield_person:",
    ),
)

PAGES: tuple[PageSpec, ...] = (
    *_START,
    *_ASSESSMENT,
    *_NETWORK,
    *_LEARNING,
    *_MY_DATA,
    *_FACILITATOR,
    *_COURSE,
    *_COMPARE,
    # The participant's own report and the facilitator's bulk reports: last in both menus.
    *_REPORTS,
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return [page for page in PAGES if role in page.roles]
