"""`samspill import-roster`: the roster import of the facilitator page, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.db import get_engine, migrate, read_session, write_session
from core.i18n import LANGUAGES, t
from core.repositories import cohort_by_name
from core.roster_import import Action, apply, describe_line, describe_problem, preview

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the import-roster subcommand to the `samspill` parser."""
    command = sub.add_parser(
        "import-roster",
        help="import a roster (CSV or .xlsx) into a cohort, after printing what would change",
    )
    command.add_argument("--cohort", required=True, help="name of the cohort to import into")
    command.add_argument("file", type=Path, help="CSV (; or ,) or .xlsx roster file")
    command.add_argument(
        "--dry-run", action="store_true", help="print what would happen and write nothing"
    )
    command.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the output")
    command.set_defaults(handler=_import_roster)


def _import_roster(args: argparse.Namespace) -> int:
    lang: str = args.lang
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"samspill import-roster: {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    engine = get_engine()
    migrate(engine)
    with read_session(engine) as session:
        cohort = cohort_by_name(session, args.cohort)
        if cohort is None or cohort.id is None:
            print(f"samspill import-roster: no cohort named {args.cohort!r}", file=sys.stderr)
            return 1
        roster = preview(session, cohort.id, data, args.file.name)
    if roster.problems:
        for problem in roster.problems:
            print(f"samspill import-roster: {describe_problem(problem, lang)}", file=sys.stderr)
        return 1
    for line in roster.lines:
        if line.action in (Action.CREATE, Action.CHANGE, Action.REJECT):
            details = describe_line(line, lang)
            action = t(f"course.roster.action.{line.action}", lang)
            who = f"{line.name} <{line.email}>" if line.email else line.name
            print(f"{line.line}: {action}: {who}" + (f": {details}" if details else ""))
    counts = {str(action): count for action, count in roster.counts.items()}
    print(t("course.cli.summary", lang, **counts))
    if args.dry_run or not roster.can_apply:
        print(t("course.cli.dry_run" if args.dry_run else "course.cli.nothing", lang))
        return 0
    with write_session(engine) as session:
        result = apply(session, roster)
    print(
        t(
            "course.cli.applied",
            lang,
            created=result.created,
            changed=result.changed,
            organisations=result.organisations_created,
            groups=result.groups_created,
        )
    )
    return 0
