"""`samspill purge` and `samspill export-my-data`: retention and access for operators.

Run `samspill purge` daily (cron or a systemd timer): it deletes the personal data of every
course whose end date has passed. Neither command prints an invite token.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from core.db import get_engine, migrate, read_session, write_session
from core.erasure import purge_expired
from core.i18n import LANGUAGES
from core.my_data import my_data, my_data_csv_zip, my_data_json

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the privacy subcommands to the `samspill` parser."""
    purge = sub.add_parser(
        "purge", help="delete the personal data of courses whose end date has passed"
    )
    purge.add_argument(
        "--today",
        type=_date,
        default=None,
        help="the date to purge as of, YYYY-MM-DD (default: today)",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="print what would be deleted, delete nothing"
    )
    purge.set_defaults(handler=_purge)

    export = sub.add_parser(
        "export-my-data", help="write everything stored about one participant (access request)"
    )
    export.add_argument("participant_id", type=int)
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--lang", choices=LANGUAGES, default="nb")
    export.add_argument(
        "--output", type=Path, help="file to write (default: standard output, JSON only)"
    )
    export.set_defaults(handler=_export)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-06-30") from exc


def _purge(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    engine = get_engine()
    migrate(engine)
    with write_session(engine) as session:
        results = purge_expired(session, today=today, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    if not results:
        print(f"No course ended before {today.isoformat()}; nothing to delete.")
    for result in results:
        counts = ", ".join(f"{kind} {rows}" for kind, rows in sorted(result.report.counts.items()))
        print(
            f"{result.cohort_name!r} (ended {result.end_date.isoformat()}): "
            f"{verb} {counts or 'nothing (already purged)'}."
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.output is None:
        print("samspill export-my-data: --format csv needs --output FILE.zip", file=sys.stderr)
        return 1
    engine = get_engine()
    migrate(engine)
    with read_session(engine) as session:
        try:
            data = my_data(session, args.participant_id, args.lang)
        except LookupError:
            print(f"samspill export-my-data: no participant {args.participant_id}", file=sys.stderr)
            return 1
    payload = my_data_csv_zip(data) if args.format == "csv" else my_data_json(data)
    if args.output is None:
        sys.stdout.write(payload.decode("utf-8") + "\n")
    else:
        args.output.write_bytes(payload)
        print(f"Wrote {args.output} ({len(payload)} bytes).")
    return 0
