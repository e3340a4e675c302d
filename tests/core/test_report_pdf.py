"""core.report_pdf: a real PDF with pages, the person's name, æøå intact, in both languages.

The PDF's text is read back with :func:`pdf_text`, a small reader for the PDFs fpdf2 writes
(Flate streams, Type0 fonts with a ToUnicode map), so the tests need no extra library.
"""

from __future__ import annotations

import re
import zlib
from datetime import date

import pytest
from sqlalchemy import Engine

from core import report_pdf
from core.db import read_session
from core.i18n import t
from core.report import PersonalReport, build_report
from core.report_pdf import render_pdf
from tests.pages.helpers import consented_management_member, fresh_participant

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_SHOW = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_pages(pdf: bytes) -> int:
    """Number of page objects in the file."""
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def pdf_text(pdf: bytes) -> str:
    """The text shown on the pages, in order; one line per text operator."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}
    maps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            font = objects[int(ref)]
            unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", font)
            maps[name] = _cmap(objects[int(unicode_ref.group(1))]) if unicode_ref else {}
    lines: list[str] = []
    for body in objects.values():
        if b"/Length" not in body or b"/Type" in body.split(b"stream", 1)[0]:
            continue
        content = _stream(body)
        if b" Tj" not in content:
            continue
        font = b""
        for match in _SHOW.finditer(content):
            if match.group(1):
                font = match.group(1)
                continue
            raw = _unescape(match.group(2))
            glyphs = maps.get(font)
            if glyphs:
                codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
                lines.append("".join(glyphs.get(code, "?") for code in codes))
            else:
                lines.append(raw.decode("latin-1"))
    return "\n".join(lines)


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    data = found.group(1) if found else b""
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _cmap(body: bytes) -> dict[int, str]:
    text = _stream(body).decode("latin-1")
    glyphs: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            glyphs[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int.from_bytes(bytes.fromhex(start), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                glyphs[code] = chr(first + offset)
    return glyphs


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        char = raw[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            i += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(following, following)
            i += 2
    return bytes(out)


def _report(engine: Engine, participant_id: int, lang: str) -> PersonalReport:
    with read_session(engine) as session:
        return build_report(session, participant_id, lang, today=date(2026, 11, 23))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_pdf_has_pages_the_name_and_every_section(demo_engine: Engine, lang: str) -> None:
    member = consented_management_member(demo_engine)
    report = _report(demo_engine, member.id, lang)
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) >= 2
    words = pdf_text(pdf)
    assert member.name in words
    for section in ("profile", "network", "findings", "lessons", "ambitions", "next_steps"):
        assert t(f"report.section.{section}", lang) in words
    # fpdf2 fills in the page total as a text operator of its own: join the lines.
    pages = pdf_pages(pdf)
    assert t("report.page_number", lang, page=pages, pages=pages) in words.replace("\n", "")
    for line in report.dimensions:  # every bar is labelled with its band in words
        score = "–" if line.score is None else f"{line.score:.0f}"
        assert f"{score} · {line.band_label}" in words


def test_norwegian_letters_survive(demo_engine: Engine) -> None:
    member = consented_management_member(demo_engine)
    report = _report(demo_engine, member.id, "nb")
    words = pdf_text(render_pdf(report))
    assert "Din digitale fitness-profil" in words
    assert "Gruppens nivå" in words or "Gruppens resultater vises ikke" in words
    assert "æ" in words
    assert "ø" in words
    assert "å" in words


def test_a_report_with_nothing_answered_still_renders(demo_engine: Engine) -> None:
    person = fresh_participant(demo_engine)
    words = pdf_text(render_pdf(_report(demo_engine, person.id, "en")))
    assert person.name in words
    assert t("report.profile.none", "en") in words


def test_without_dejavu_the_core_font_keeps_aeoeaa(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_pdf, "_font_files", lambda: None)
    member = consented_management_member(demo_engine)
    pdf = render_pdf(_report(demo_engine, member.id, "nb"))
    words = pdf_text(pdf)
    assert pdf_pages(pdf) >= 2
    assert member.name in words
    assert "Din digitale fitness-profil" in words
    assert "Gruppens nivå" in words or "Gruppens resultater vises ikke" in words
