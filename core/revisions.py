"""Data revisions: how one app process tells the others that their caches are out of date.

Page caches key on cheap fingerprints of what they show (counts, newest ids). A few changes
keep those fingerprints as they were: an erasure re-points ties to the erased person to an
anonymous label, and mapping an unlisted name rewrites ties in place. Those changes call
:func:`record_revision` in their own transaction; each process polls :func:`latest_revision`
and starts its caches afresh when the value moved (``ui.data.follow_revisions``).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from core.models import DataRevision

ERASURE = "erasure"
TIES_REWRITTEN = "ties_rewritten"


def record_revision(session: Session, kind: str) -> None:
    """Add a revision in the caller's transaction: it is seen only if the change commits."""
    session.add(DataRevision(kind=kind))
    session.flush()


def latest_revision(session: Session) -> int:
    """The newest revision's id; 0 before any."""
    return int(session.exec(select(func.max(DataRevision.id))).one() or 0)
