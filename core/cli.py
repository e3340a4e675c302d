"""The `samspill` command for operators, scripts and tests: thin, like a page."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.db import DatabaseUnavailableError, get_engine, migrate, read_session, write_session
from core.privacy_cli import register as register_privacy
from core.report_cli import register as register_report
from core.roster_cli import register as register_roster

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one subcommand; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except DatabaseUnavailableError as exc:
        print(f"samspill: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samspill", description="Samspill: digital fitness, team networks and courses."
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    init = sub.add_parser("init", help="create or upgrade the database schema (migrations)")
    init.set_defaults(handler=_init)

    demo = sub.add_parser("demo", help="load the demo region (does nothing if loaded)")
    demo.set_defaults(handler=_demo)

    facilitator = sub.add_parser("create-facilitator", help="create a facilitator account")
    facilitator.add_argument("email")
    facilitator.add_argument("--name", default="")
    facilitator.add_argument(
        "--password-env",
        default="SAMSPILL_FACILITATOR_PASSWORD",
        help="environment variable holding the password (asked for when unset)",
    )
    facilitator.set_defaults(handler=_create_facilitator)

    counts = sub.add_parser("counts", help="print the number of rows per table as JSON")
    counts.set_defaults(handler=_counts)

    analyse = sub.add_parser("analyse", help="analyse a network from an edge list (CSV)")
    analyse.add_argument(
        "edges", type=Path, help="CSV with columns source,target[,weight,relation]"
    )
    analyse.add_argument("--nodes", type=Path, help="CSV with column id and attribute columns")
    analyse.add_argument("--group-by", help="node attribute for E-I and brokerage roles")
    analyse.add_argument("--relation", help="analyse only ties of this relation")
    analyse.add_argument("--json", action="store_true", help="print one JSON object (default)")
    analyse.set_defaults(handler=_analyse)

    for register in _command_groups():
        register(sub)
    return parser


def _command_groups() -> tuple[Callable[[argparse._SubParsersAction[Any]], None], ...]:
    """Subcommands that live beside the feature they serve, each in its own module."""
    return (register_report, register_roster, register_privacy)


def _init(_args: argparse.Namespace) -> int:
    engine = get_engine()
    changed = migrate(engine)
    print("Database schema upgraded." if changed else "Database schema is up to date.")
    return 0


def _demo(_args: argparse.Namespace) -> int:
    from core.demo import DEMO_COHORT, build_demo

    engine = get_engine()
    migrate(engine)
    with write_session(engine) as session:
        summary = build_demo(session)
    if summary.created:
        print(
            f"Loaded {DEMO_COHORT!r}: {summary.participants} participants, "
            f"{summary.respondents} respondents, {summary.ties} ties."
        )
    else:
        print(f"{DEMO_COHORT!r} is already loaded; nothing changed.")
    return 0


def _create_facilitator(args: argparse.Namespace) -> int:
    import getpass
    import os

    from core.accounts import AccountError, create_facilitator

    password = os.environ.get(args.password_env) or getpass.getpass("Password: ")
    engine = get_engine()
    migrate(engine)
    try:
        with write_session(engine) as session:
            account = create_facilitator(
                session, email=args.email, password=password, name=args.name
            )
            email = account.email
    except AccountError as exc:
        print(f"samspill create-facilitator: {exc}", file=sys.stderr)
        return 1
    print(f"Created facilitator account {email}.")
    return 0


def _counts(_args: argparse.Namespace) -> int:
    from core.repositories import row_counts

    engine = get_engine()
    migrate(engine)
    with read_session(engine) as session:
        print(json.dumps(row_counts(session), indent=2, sort_keys=True))
    return 0


def _analyse(args: argparse.Namespace) -> int:
    from core.edgelist import EdgeListError, analyse_edge_files

    try:
        result = analyse_edge_files(
            args.edges, args.nodes, group_by=args.group_by, relation=args.relation
        )
    except EdgeListError as exc:
        print(f"samspill analyse: {exc}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
