"""Invite links: the list a facilitator hands out, printable QR cards, revoke and reissue."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import segno
from fpdf import FPDF
from sqlmodel import Session

from core.i18n import LANGUAGES, t
from core.models import Participant, utcnow
from core.network.export import safe_cell
from core.repositories import roster_of_cohort
from core.tokens import new_invite_token

__all__ = [
    "CARDS_PER_PAGE",
    "InviteError",
    "InviteRow",
    "invite_cards_pdf",
    "invite_rows",
    "invite_url",
    "invites_csv",
    "reissue_invite",
    "revoke_invite",
]

# Two columns by four rows on A4: big enough to scan the QR code from a printed sheet.
_COLUMNS, _ROWS = 2, 4
CARDS_PER_PAGE = _COLUMNS * _ROWS
_PAGE_W, _PAGE_H, _MARGIN = 210.0, 297.0, 10.0
_QR_MM = 38.0
# A Unicode font when the system has one; names such as "Ánde Čoarvi" need it. Without it
# the PDF falls back to a built-in font and letters outside Latin-1 lose their accents.
_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_UNICODE_FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


class InviteError(ValueError):
    """The participant does not exist (any more)."""


@dataclass(frozen=True)
class InviteRow:
    """One participant and the link that signs them in; `url` is None when revoked."""

    participant_id: int
    name: str
    email: str
    organisation: str
    group: str
    url: str | None

    @property
    def revoked(self) -> bool:
        """True when the participant has no working link."""
        return self.url is None


def invite_url(base_url: str, token: str) -> str:
    """The personal link: the app's public address with the token as its only parameter."""
    return f"{base_url.rstrip('/')}/?token={quote(token, safe='')}"


def invite_rows(session: Session, *, cohort_id: int, base_url: str) -> list[InviteRow]:
    """Everyone in a cohort with their invite link, by organisation, group and name."""
    rows = [
        InviteRow(
            participant_id=p.id or 0,
            name=p.name,
            email=p.email or "",
            organisation=o.name,
            group=g.name,
            url=invite_url(base_url, p.invite_token)
            if p.invite_token and p.token_revoked_at is None
            else None,
        )
        for p, g, o in roster_of_cohort(session, cohort_id)
    ]
    return sorted(rows, key=lambda r: (r.organisation, r.group, r.name, r.participant_id))


def invites_csv(rows: Sequence[InviteRow], *, lang: str) -> bytes:
    """The list as CSV for Excel: `;`-separated UTF-8 with BOM, formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    columns = ("id", "name", "email", "organisation", "group", "status", "link")
    writer.writerow([t(f"course.invites.csv.{c}", lang) for c in columns])
    for row in rows:
        status = t(f"course.invites.status.{'revoked' if row.revoked else 'active'}", lang)
        values = (row.participant_id, row.name, row.email, row.organisation, row.group)
        writer.writerow([safe_cell(v) for v in (*values, status, row.url or "")])
    return buffer.getvalue().encode("utf-8-sig")


def invite_cards_pdf(rows: Sequence[InviteRow]) -> bytes:
    """Printable A4 cards, one per participant with a working link, instructions in nb and en."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_title("Samspill")
    family = _font(pdf)
    instruction = "\n".join(t("course.cards.instruction", lang) for lang in LANGUAGES)
    instruction_lines: list[str] = []
    card_w = (_PAGE_W - 2 * _MARGIN) / _COLUMNS
    card_h = (_PAGE_H - 2 * _MARGIN) / _ROWS
    for index, row in enumerate(r for r in rows if r.url is not None):
        if index % CARDS_PER_PAGE == 0:
            pdf.add_page()
        slot = index % CARDS_PER_PAGE
        x = _MARGIN + (slot % _COLUMNS) * card_w
        y = _MARGIN + (slot // _COLUMNS) * card_h
        pdf.set_draw_color(160, 160, 160)
        pdf.rect(x + 2, y + 2, card_w - 4, card_h - 4)
        text_w = card_w - _QR_MM - 12
        pdf.set_xy(x + 6, y + 6)
        pdf.set_font(family, "B", 13)
        pdf.multi_cell(text_w, 6, _printable(row.name, family))
        pdf.set_x(x + 6)
        pdf.set_font(family, "", 9)
        pdf.multi_cell(text_w, 4.5, _printable(f"{row.organisation}\n{row.group}", family))
        pdf.set_xy(x + 6, y + 8 + _QR_MM)
        pdf.set_font(family, "", 8)
        # The same text on every card: wrapped once, then placed line by line.
        if not instruction_lines:
            wrapped = pdf.multi_cell(
                card_w - 12, 4, _printable(instruction, family), dry_run=True, output="LINES"
            )
            assert isinstance(wrapped, list)
            instruction_lines = [str(line) for line in wrapped]
        for text_line in instruction_lines:
            pdf.set_x(x + 6)
            pdf.cell(card_w - 12, 4, text_line, new_x="LMARGIN", new_y="NEXT")
        assert row.url is not None
        _draw_qr(pdf, row.url, x=x + card_w - _QR_MM - 5, y=y + 5)
    return bytes(pdf.output())


def revoke_invite(
    session: Session, *, participant_id: int, now: datetime | None = None
) -> Participant:
    """Stop a link from signing anyone in; the participant's data stays."""
    participant = _participant(session, participant_id)
    if participant.token_revoked_at is None:
        participant.token_revoked_at = now or utcnow()
        session.add(participant)
        session.flush()
    return participant


def reissue_invite(session: Session, *, participant_id: int) -> Participant:
    """Give a participant a fresh link; the old one stops working at once."""
    participant = _participant(session, participant_id)
    participant.invite_token = new_invite_token()
    participant.token_revoked_at = None
    session.add(participant)
    session.flush()
    return participant


def _participant(session: Session, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise InviteError(f"no participant with id {participant_id}")
    return participant


def _draw_qr(pdf: FPDF, url: str, *, x: float, y: float) -> None:
    # Drawn as vector runs of dark modules: sharp at any print size, and ten times faster
    # than embedding a PNG per card (a cohort of 1,800 cards prints in seconds).
    matrix = segno.make(url, error="m").matrix
    quiet = 2
    module = _QR_MM / (len(matrix) + 2 * quiet)
    pdf.set_fill_color(0, 0, 0)
    for r, cells in enumerate(matrix):
        c = 0
        while c < len(cells):
            if not cells[c]:
                c += 1
                continue
            start = c
            while c < len(cells) and cells[c]:
                c += 1
            left = x + (quiet + start) * module
            top = y + (quiet + r) * module
            # A hair of overlap so no white seams show between rows in some viewers.
            pdf.rect(left, top, (c - start) * module, module * 1.02, style="F")


def _font(pdf: FPDF) -> str:
    if _UNICODE_FONT.exists() and _UNICODE_FONT_BOLD.exists():
        pdf.add_font("Unicode", "", str(_UNICODE_FONT))
        pdf.add_font("Unicode", "B", str(_UNICODE_FONT_BOLD))
        return "Unicode"
    return "helvetica"


def _printable(text: str, family: str) -> str:
    if family != "helvetica":
        return text
    # Built-in PDF fonts cover Latin-1 only (æ, ø, å are in it); strip accents beyond that.
    folded = "".join(
        c if c.encode("latin-1", "ignore") else unicodedata.normalize("NFKD", c)[0] for c in text
    )
    return folded.encode("latin-1", "replace").decode("latin-1")
