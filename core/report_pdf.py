"""A personal report as a PDF: title block, profile chart drawn as vectors, sections, page numbers.

The chart is drawn with fpdf2's own rectangles and lines (no browser, no image export), so a
report renders in a few tens of milliseconds. Text is set in DejaVu Sans when the system has
it (Debian's fonts-dejavu-core), which covers æøå, dashes and «quotes»; without it the core
Helvetica font is used and characters outside Latin-1 are replaced by close equivalents.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.i18n import t
from core.report import DimensionLine, PersonalReport

__all__ = ["BAND_COLOURS", "FONT_DIR", "render_pdf", "uses_unicode_font"]

FONT_DIR: Final = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian installs DejaVu; checked once per process."""

BAND_COLOURS: Final[dict[str, tuple[int, int, int]]] = {
    "foundation": (0x8C, 0x3B, 0x2E),
    "developing": (0x8A, 0x5A, 0x00),
    "established": (0x1F, 0x5F, 0x7A),
    "advanced": (0x2E, 0x6B, 0x3A),
}
"""The band colours of the app's score chart; the band is also always written in words."""

_NO_SCORE: Final = (0x6B, 0x72, 0x80)
_INK: Final = (0x1B, 0x1F, 0x23)
_GRID: Final = (0xD0, 0xD4, 0xD9)
_TRACK: Final = (0xF1, 0xF3, 0xF5)
_MARGIN: Final = 18.0
_LINE: Final = 5.5
_LABEL_W: Final = 58.0
_TRACK_W: Final = 78.0
_ROW_H: Final = 9.0
_BAR_H: Final = 5.0
_LATIN1: Final = str.maketrans(
    {"–": "-", "—": "-", "…": "...", "’": "'", "‘": "'", "“": '"', "”": '"'}
)


def render_pdf(report: PersonalReport) -> bytes:
    """The report as PDF bytes, in the report's language."""
    pdf = _ReportPdf(report.lang)
    pdf.set_title(_safe(f"{t('report.title', report.lang)} – {report.name}"))
    pdf.set_lang(report.lang)
    pdf.set_creator("Samspill")
    pdf.add_page()
    _title_block(pdf, report)
    _profile(pdf, report)
    _network(pdf, report)
    _findings(pdf, report)
    _lessons(pdf, report)
    _ambitions(pdf, report)
    _next_steps(pdf, report)
    return bytes(pdf.output())


def uses_unicode_font() -> bool:
    """True when DejaVu Sans is available, so every character prints as written."""
    return _font_files() is not None


# --------------------------------------------------------------------------- private helpers


@cache
def _font_files() -> tuple[Path, Path] | None:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    return (regular, bold) if regular.is_file() and bold.is_file() else None


class _ReportPdf(FPDF):
    """A4 pages with the report's font and a "page x of y" footer."""

    def __init__(self, lang: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.report_lang = lang
        files = _font_files()
        if files is not None:
            self.add_font("DejaVu", "", str(files[0]))
            self.add_font("DejaVu", "B", str(files[1]))
            self.report_font = "DejaVu"
        else:
            self.report_font = "Helvetica"
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_text_color(*_INK)

    def footer(self) -> None:
        """Page numbers on every page, for a printed report that comes apart."""
        self.set_y(-14)
        self.use_font(size=9)
        label = t(
            "report.page_number",
            self.report_lang,
            page=self.page_no(),
            pages=self.str_alias_nb_pages,
        )
        self.cell(0, 8, _safe(label), align="C")

    def use_font(self, *, size: float = 10.5, bold: bool = False) -> None:
        """Switch font size and weight in the report's family."""
        self.set_font(self.report_font, "B" if bold else "", size)

    def text_block(self, value: str, *, size: float = 10.5, bold: bool = False) -> None:
        """A paragraph over the full width, wrapped."""
        self.use_font(size=size, bold=bold)
        self.multi_cell(0, _LINE, _safe(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, value: str) -> None:
        """A section heading; starts a new page when too little room is left."""
        if self.get_y() > self.h - 60:
            self.add_page()
        self.ln(4)
        self.text_block(value, size=14, bold=True)
        self.ln(1.5)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit, so a block is not split."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def bullet(self, value: str, marker: str = "•") -> None:
        """An indented list item with its marker."""
        self.use_font()
        self.cell(7, _LINE, _safe(marker))
        self.multi_cell(0, _LINE, _safe(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.8)


def _safe(value: str) -> str:
    """The text as the font can print it: unchanged with DejaVu, Latin-1 otherwise."""
    if _font_files() is not None:
        return value
    return value.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _title_block(pdf: _ReportPdf, report: PersonalReport) -> None:
    lang = report.lang
    pdf.text_block(t("report.title", lang), size=22, bold=True)
    pdf.text_block(t("report.subtitle", lang), size=12)
    pdf.ln(4)
    rows = [
        ("report.meta.name", report.name),
        ("report.meta.group", report.group),
        ("report.meta.organisation", report.organisation),
        ("report.meta.cohort", report.cohort),
        ("report.meta.round", report.round_name or "–"),
        ("report.meta.generated", report.generated),
        ("report.meta.id", str(report.participant_id)),
    ]
    for key, value in rows:
        pdf.use_font(bold=True)
        pdf.cell(42, 6.5, _safe(t(key, lang)))
        pdf.use_font()
        pdf.multi_cell(0, 6.5, _safe(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.text_block(report.intro)


def _profile(pdf: _ReportPdf, report: PersonalReport) -> None:
    lang = report.lang
    pdf.heading(t("report.section.profile", lang))
    if not report.has_assessment:
        pdf.text_block(t("report.profile.none", lang))
        return
    if report.fitness is not None:
        fitness = t(
            "report.fitness", lang, score=f"{report.fitness:.0f}", band=report.fitness_band_label
        )
        pdf.text_block(fitness, bold=True)
    else:
        pdf.text_block(t("report.fitness_none", lang))
    pdf.ln(2)
    _chart(pdf, report.dimensions)
    pdf.text_block(t("report.chart.legend", lang), size=9)
    pdf.ln(2)
    for line in report.dimensions:
        if line.gap_text:
            pdf.bullet(f"{line.title}: {line.gap_text}")
    pdf.ln(1)
    pdf.text_block(report.group_note, size=9.5)
    if any(line.group_mean is not None for line in report.dimensions):
        _group_table(pdf, report)


def _chart(pdf: _ReportPdf, lines: tuple[DimensionLine, ...]) -> None:
    """One bar per dimension: band colour, score and band in words, ambition as a black mark."""
    part = ""
    x0 = pdf.l_margin + _LABEL_W
    for line in lines:
        if line.part_title != part:
            part = line.part_title
            if pdf.get_y() + 2 * _ROW_H > pdf.page_break_trigger:
                pdf.add_page()
            pdf.ln(1)
            pdf.use_font(size=10, bold=True)
            pdf.cell(0, 6, _safe(part), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if pdf.get_y() + _ROW_H > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.use_font(size=9.5)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(_LABEL_W - 2, _ROW_H, _safe(line.title))
        bar_y = y + (_ROW_H - _BAR_H) / 2
        pdf.set_fill_color(*_TRACK)
        pdf.rect(x0, bar_y, _TRACK_W, _BAR_H, style="F")
        pdf.set_draw_color(*_GRID)
        pdf.set_line_width(0.2)
        for tick in (25, 50, 75):
            x = x0 + _TRACK_W * tick / 100
            pdf.line(x, bar_y, x, bar_y + _BAR_H)
        if line.score is not None:
            pdf.set_fill_color(*BAND_COLOURS.get(line.band or "", _NO_SCORE))
            pdf.rect(x0, bar_y, max(_TRACK_W * line.score / 100, 0.6), _BAR_H, style="F")
        if line.ambition is not None:
            x = x0 + _TRACK_W * line.ambition / 100
            pdf.set_fill_color(*_INK)
            pdf.rect(x - 0.6, bar_y - 1.2, 1.2, _BAR_H + 2.4, style="F")
        score = "–" if line.score is None else f"{line.score:.0f}"
        pdf.set_xy(x0 + _TRACK_W + 3, y)
        pdf.use_font(size=9.5, bold=True)
        pdf.cell(0, _ROW_H, _safe(f"{score} · {line.band_label}"))
        pdf.set_xy(pdf.l_margin, y + _ROW_H)
    _axis(pdf, x0)


def _axis(pdf: _ReportPdf, x0: float) -> None:
    y = pdf.get_y()
    pdf.use_font(size=8)
    for tick in (0, 25, 50, 75, 100):
        x = x0 + _TRACK_W * tick / 100
        pdf.set_xy(x - 5, y)
        pdf.cell(10, 4, str(tick), align="C")
    pdf.set_xy(pdf.l_margin, y + 6)


def _group_table(pdf: _ReportPdf, report: PersonalReport) -> None:
    lang = report.lang
    widths = (70.0, 25.0, 30.0, 49.0)
    headers = (
        "report.col.dimension",
        "report.col.score",
        "report.col.group",
        "report.col.group_band",
    )
    pdf.keep(10 + 5.5 * len(report.dimensions))
    pdf.ln(2)
    pdf.use_font(size=9, bold=True)
    for width, key in zip(widths, headers, strict=True):
        pdf.cell(width, 6, _safe(t(key, lang)), border="B")
    pdf.ln(6)
    pdf.use_font(size=9)
    for line in report.dimensions:
        mean = "–" if line.group_mean is None else f"{line.group_mean:.0f}"
        score = "–" if line.score is None else f"{line.score:.0f}"
        cells = (line.title, score, mean, line.group_band_label or "–")
        for width, value in zip(widths, cells, strict=True):
            pdf.cell(width, 5.5, _safe(value))
        pdf.ln(5.5)


def _network(pdf: _ReportPdf, report: PersonalReport) -> None:
    pdf.heading(t("report.section.network", report.lang))
    for sentence in report.network.sentences:
        pdf.bullet(sentence)


def _findings(pdf: _ReportPdf, report: PersonalReport) -> None:
    lang = report.lang
    pdf.heading(t("report.section.findings", lang))
    if not report.findings:
        pdf.text_block(t("report.findings.none", lang))
        return
    for finding in report.findings:
        pdf.keep(40)
        pdf.text_block(finding.title, bold=True)
        note = "report.findings.about_you" if finding.about_you else "report.findings.group"
        pdf.text_block(t(note, lang), size=9.5)
        pdf.text_block(finding.evidence)
        pdf.text_block(f"{t('report.findings.action', lang)}: {finding.action}")
        pdf.ln(2)


def _lessons(pdf: _ReportPdf, report: PersonalReport) -> None:
    lang = report.lang
    pdf.heading(t("report.section.lessons", lang))
    if not report.lessons:
        pdf.text_block(t("report.lessons.none", lang))
        return
    for lesson in report.lessons:
        pdf.keep(22)
        pdf.text_block(lesson.title, bold=True)
        meta = t("report.lessons.meta", lang, module=lesson.module_title, minutes=lesson.minutes)
        pdf.text_block(meta, size=9.5)
        if lesson.reason:
            pdf.text_block(lesson.reason)
        pdf.ln(1.5)


def _ambitions(pdf: _ReportPdf, report: PersonalReport) -> None:
    lang = report.lang
    pdf.heading(t("report.section.ambitions", lang))
    if not report.ambitions:
        pdf.text_block(t("report.ambitions.none", lang))
        return
    for ambition in report.ambitions:
        pdf.bullet(
            f"{ambition.text} ({t('report.ambitions.due', lang, status=ambition.status, due=ambition.due)})"
        )


def _next_steps(pdf: _ReportPdf, report: PersonalReport) -> None:
    pdf.heading(t("report.section.next_steps", report.lang))
    for number, step in enumerate(report.next_steps, start=1):
        pdf.bullet(step, marker=f"{number}.")
