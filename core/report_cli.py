"""`samspill report`: one participant's personal report as a PDF file, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.db import get_engine, migrate, read_session
from core.i18n import LANGUAGES

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``report`` subcommand to the ``samspill`` parser."""
    report = sub.add_parser("report", help="write a participant's personal report as PDF")
    report.add_argument(
        "--participant",
        type=int,
        required=True,
        metavar="ID",
        help="participant ID, as in the facilitator's participant list and the JSON export",
    )
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="default: the installation's"
    )
    report.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.report import build_report
    from core.report_pdf import render_pdf

    lang = args.lang or get_settings().default_language
    engine = get_engine()
    migrate(engine)
    try:
        with read_session(engine) as session:
            report = build_report(session, args.participant, lang)
    except LookupError:
        print(f"samspill report: no participant with ID {args.participant}", file=sys.stderr)
        return 1
    try:
        args.out.write_bytes(render_pdf(report))
    except OSError as exc:
        print(f"samspill report: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote the report for participant {args.participant} to {args.out}.")
    return 0
