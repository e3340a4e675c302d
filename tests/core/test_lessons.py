"""core.lessons: parsing lesson files, and refusing broken ones with the file named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.lessons import (
    DIMENSION_IDS,
    LessonError,
    load_lessons,
    load_reason_templates,
)

HEADINGS = {
    "en": ("The idea", "A case", "Reflection", "Ambition", "Check your understanding"),
    "nb": ("Idéen", "Et eksempel", "Refleksjon", "Ambisjon", "Sjekk forståelsen"),
}
CHECK = """Which option is right?

- [ ] First :: Not this one.
- [x] Second :: This one.
- [ ] Third :: Not this one either.
"""


def _content(tmp_path: Path, headings: dict[str, tuple[str, ...]] = HEADINGS) -> Path:
    root = tmp_path / "content"
    (root / "i18n").mkdir(parents=True)
    keys = ("idea", "case", "reflection", "ambition", "check")
    for lang, texts in headings.items():
        data = {f"lesson.section.{k}": text for k, text in zip(keys, texts, strict=True)}
        (root / "i18n" / f"{lang}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    (root / "modules").mkdir()
    return root


def _body(lang: str, check: str = CHECK, headings: tuple[str, ...] | None = None) -> str:
    idea, case, reflection, ambition, check_heading = headings or HEADINGS.get(lang, HEADINGS["en"])
    return (
        f"## {idea}\n\nWhy it matters.\n\n## {case}\n\nA municipality did it.\n\n"
        f"## {reflection}\n\n- What do you see?\n- What will you try?\n\n"
        f"## {ambition}\n\nSet a goal with a date.\n\n## {check_heading}\n\n{check}"
    )


def _write(
    root: Path,
    folder: str,
    stem: str,
    *,
    langs: tuple[str, ...] = ("en", "nb"),
    body: Callable[[str], str] = _body,
    drop: tuple[str, ...] = (),
    **fields: Any,
) -> dict[str, Path]:
    """Write one mini lesson in each of ``langs``; ``fields`` override the front matter."""
    meta: dict[str, Any] = {
        "id": f"{folder}-{stem}",
        "title": f"Title of {stem}",
        "module": folder,
        "dimensions": [folder if folder in DIMENSION_IDS else "organization"],
        "findings": [],
        "duration_minutes": 15,
        "prerequisites": [],
        "version": 1,
        "sources": ["Seed 002: test"],
    }
    meta.update(fields)
    for name in drop:
        del meta[name]
    directory = root / "modules" / folder
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for lang in langs:
        path = directory / f"{stem}.{lang}.md"
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front}---\n\n{body(lang)}", encoding="utf-8")
        paths[lang] = path
    return paths


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with i18n headings and one valid lesson, organization 01-a."""
    root = _content(tmp_path)
    _write(root, "organization", "01-a")
    return root


def test_lesson_has_front_matter_sections_and_check(content: Path) -> None:
    library = load_lessons(content_dir=content)

    lesson = library.get("organization-01-a", "nb")
    assert lesson is not None
    assert (lesson.lang, lesson.title, lesson.module) == ("nb", "Title of 01-a", "organization")
    assert lesson.dimensions == ("organization",)
    assert (lesson.duration_minutes, lesson.version) == (15, 1)
    assert lesson.sources == ("Seed 002: test",)
    assert lesson.path.name == "01-a.nb.md"
    assert list(lesson.sections) == ["idea", "case", "reflection", "ambition"]
    assert lesson.sections["case"] == "A municipality did it."
    assert lesson.check.question == "Which option is right?"
    assert [(o.text, o.correct, o.feedback) for o in lesson.check.options] == [
        ("First", False, "Not this one."),
        ("Second", True, "This one."),
        ("Third", False, "Not this one either."),
    ]
    assert library.get("organization-01-a", "en") is not None
    assert library.get("organization-01-a", "de") is None
    assert library.problems == ()


def test_library_is_in_module_order_then_file_number(content: Path) -> None:
    _write(content, "strategy", "01-s")
    _write(content, "organization", "03-c")
    _write(content, "organization", "02-b")

    library = load_lessons(content_dir=content)

    assert library.ids() == (
        "organization-01-a",
        "organization-02-b",
        "organization-03-c",
        "strategy-01-s",
    )
    assert library.modules() == ("organization", "strategy")
    assert [ls.id for ls in library.by_module("organization", "en")] == [
        "organization-01-a",
        "organization-02-b",
        "organization-03-c",
    ]
    assert {ls.lang for ls in library.in_language("nb")} == {"nb"}
    assert library.titles("en")["strategy-01-s"] == "Title of 01-s"


def _raw_front(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        paths = _write(root, "organization", "02-b")
        paths["en"].write_text(f"{text}\n\n{_body('en')}", encoding="utf-8")

    return write


def _check(check: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        _write(root, "organization", "02-b", body=lambda lang: _body(lang, check=check))

    return write


def _nb_differs(**fields: Any) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        _write(root, "organization", "02-b")
        _write(root, "organization", "02-b", langs=("nb",), **fields)

    return write


BROKEN: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # case: (write the broken lesson, file the error must name, words the message must hold)
    "broken yaml": (
        _raw_front("---\nid: [organization-02-b\ntitle: x\n---"),
        "02-b.en.md",
        "not valid YAML",
    ),
    "no front matter": (_raw_front("# Just a title"), "02-b.en.md", "must start with a '---'"),
    "unclosed front matter": (_raw_front("---\nid: x"), "02-b.en.md", "not closed"),
    "front matter not a mapping": (_raw_front("---\n- a\n- b\n---"), "02-b.en.md", "mapping"),
    "missing field": (
        lambda root: _write(root, "organization", "02-b", drop=("version",)),
        "02-b.en.md",
        "missing front-matter field(s): version",
    ),
    "unknown field": (
        lambda root: _write(root, "organization", "02-b", themes=["x"]),
        "02-b.en.md",
        "unknown front-matter field(s): themes",
    ),
    "unknown module": (
        lambda root: _write(root, "organization", "02-b", module="marketing"),
        "02-b.en.md",
        "module 'marketing' is not one of",
    ),
    "module does not match folder": (
        lambda root: _write(root, "organization", "02-b", module="strategy"),
        "02-b.en.md",
        "does not match its folder",
    ),
    "folder is not a module": (
        lambda root: _write(root, "marketing", "01-m", module="organization"),
        "01-m.en.md",
        "folder 'marketing' is not a module",
    ),
    "bad file name": (
        lambda root: (root / "modules" / "organization" / "intro.md").write_text("x"),
        "intro.md",
        "<NN>-<slug>.<lang>.md",
    ),
    "unknown language": (
        lambda root: _write(root, "organization", "02-b", langs=("en", "nb", "de")),
        "02-b.de.md",
        "language 'de'",
    ),
    "missing translation": (
        lambda root: _write(root, "organization", "02-b", langs=("en",)),
        "02-b.en.md",
        "missing translation: ",
    ),
    "siblings disagree": (
        _nb_differs(dimensions=["management"]),
        "02-b.nb.md",
        "dimensions ('management',) differs",
    ),
    "duplicate id": (
        lambda root: _write(root, "management", "01-x", id="organization-01-a"),
        "01-x.en.md",
        "id 'organization-01-a' is already used",
    ),
    "bad id": (
        lambda root: _write(root, "organization", "02-b", id="Org 2"),
        "02-b.en.md",
        "id 'Org 2' must be lowercase",
    ),
    "duration not a number": (
        lambda root: _write(root, "organization", "02-b", duration_minutes="15 min"),
        "02-b.en.md",
        "duration_minutes must be a positive whole number",
    ),
    "no sources": (
        lambda root: _write(root, "organization", "02-b", sources=[]),
        "02-b.en.md",
        "sources must name at least one source",
    ),
    "unknown dimension": (
        lambda root: _write(root, "organization", "02-b", dimensions=["fitness"]),
        "02-b.en.md",
        "unknown dimensions 'fitness'",
    ),
    "unknown finding": (
        lambda root: _write(root, "organization", "02-b", findings=["lonely"]),
        "02-b.en.md",
        "unknown findings 'lonely'",
    ),
    "addresses nothing": (
        lambda root: _write(root, "organization", "02-b", dimensions=[], findings=[]),
        "02-b.en.md",
        "at least one dimension or finding",
    ),
    "unknown prerequisite": (
        lambda root: _write(root, "organization", "02-b", prerequisites=["organization-09-z"]),
        "02-b.en.md",
        "unknown prerequisite 'organization-09-z'",
    ),
    "prerequisite of itself": (
        lambda root: _write(root, "organization", "02-b", prerequisites=["organization-02-b"]),
        "02-b.en.md",
        "prerequisite cycle",
    ),
    "prerequisite cycle": (
        lambda root: (
            _write(root, "organization", "02-b", prerequisites=["organization-03-c"]),
            _write(root, "organization", "03-c", prerequisites=["organization-02-b"]),
        ),
        "0",  # either file of the cycle may be named
        "prerequisite cycle: organization-0",
    ),
    "sections out of order": (
        lambda root: _write(
            root,
            "organization",
            "02-b",
            body=lambda lang: _body(
                lang, headings=tuple(HEADINGS[lang][i] for i in (1, 0, 2, 3, 4))
            ),
        ),
        "02-b.en.md",
        "sections must be exactly '## The idea', '## A case'",
    ),
    "section missing": (
        lambda root: _write(
            root,
            "organization",
            "02-b",
            body=lambda lang: _body(lang).replace(f"## {HEADINGS[lang][2]}", "Reflect."),
        ),
        "02-b.en.md",
        "sections must be exactly",
    ),
    "headings of the other language": (
        lambda root: _write(
            root, "organization", "02-b", body=lambda lang: _body("nb" if lang == "en" else "en")
        ),
        "02-b.en.md",
        "found '## Idéen'",
    ),
    "empty section": (
        lambda root: _write(
            root,
            "organization",
            "02-b",
            body=lambda lang: _body(lang).replace("A municipality did it.", ""),
        ),
        "02-b.en.md",
        "is empty",
    ),
    "text before the first section": (
        lambda root: _write(
            root, "organization", "02-b", body=lambda lang: "Hello\n" + _body(lang)
        ),
        "02-b.en.md",
        "text before the first section",
    ),
    "two correct options": (
        _check("Q?\n\n- [x] A :: yes\n- [x] B :: yes\n- [ ] C :: no\n"),
        "02-b.en.md",
        "exactly one option marked '[x]', found 2",
    ),
    "no correct option": (
        _check("Q?\n\n- [ ] A :: no\n- [ ] B :: no\n- [ ] C :: no\n"),
        "02-b.en.md",
        "found 0",
    ),
    "too few options": (
        _check("Q?\n\n- [x] A :: yes\n- [ ] B :: no\n"),
        "02-b.en.md",
        "3-4 options",
    ),
    "too many options": (
        _check("Q?\n\n- [x] A :: y\n- [ ] B :: n\n- [ ] C :: n\n- [ ] D :: n\n- [ ] E :: n\n"),
        "02-b.en.md",
        "3-4 options",
    ),
    "option without feedback": (
        _check("Q?\n\n- [x] A :: yes\n- [ ] B\n- [ ] C :: no\n"),
        "02-b.en.md",
        "must read 'option text :: feedback'",
    ),
    "no question": (
        _check("- [x] A :: yes\n- [ ] B :: no\n- [ ] C :: no\n"),
        "02-b.en.md",
        "no question",
    ),
    "text after the options": (
        _check("Q?\n\n- [x] A :: yes\n- [ ] B :: no\n- [ ] C :: no\n\nGood luck!\n"),
        "02-b.en.md",
        "unexpected text after the check's options",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_lesson_raises_error_naming_the_file(content: Path, case: str) -> None:
    write, file_name, message = BROKEN[case]
    write(content)

    with pytest.raises(LessonError) as info:
        load_lessons(content_dir=content)

    assert info.value.path.name.startswith(file_name), info.value
    assert file_name in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize("case", list(BROKEN))
def test_lenient_load_keeps_good_lessons_and_reports_broken(content: Path, case: str) -> None:
    write, file_name, _ = BROKEN[case]
    write(content)

    library = load_lessons(content_dir=content, strict=False)

    # A stray file in an unknown language is skipped; the lesson itself is complete.
    survivors = ("organization-02-b",) if case == "unknown language" else ()
    assert library.ids() == ("organization-01-a", *survivors)
    assert any(p.path.name.startswith(file_name) for p in library.problems)


def test_lenient_load_drops_both_languages_and_dependants(content: Path) -> None:
    broken = _write(content, "organization", "02-b")
    broken["nb"].write_text("---\nid: [\n---\n", encoding="utf-8")
    _write(content, "organization", "03-c", prerequisites=["organization-02-b"])
    _write(content, "organization", "04-d", prerequisites=["organization-03-c"])

    library = load_lessons(content_dir=content, strict=False)

    assert library.ids() == ("organization-01-a",)
    named = {p.path.name for p in library.problems}
    assert named == {"02-b.nb.md", "03-c.en.md", "04-d.en.md"}
    assert any("skipped because it is broken" in p.message for p in library.problems)


def test_strict_error_lists_every_broken_file(content: Path) -> None:
    _write(content, "organization", "02-b", langs=("en",))
    _write(content, "management", "01-x", findings=["lonely"])

    with pytest.raises(LessonError) as info:
        load_lessons(content_dir=content)

    assert len(info.value.problems) == 3  # 02-b.en (no sibling), both 01-x files
    assert "02-b.en.md" in str(info.value)
    assert "01-x.nb.md" in str(info.value)


def test_dimension_ids_come_from_the_instrument_file(content: Path) -> None:
    instruments = content / "instruments"
    instruments.mkdir()
    (instruments / "digital_fitness.yaml").write_text(
        yaml.safe_dump({"version": 1, "dimensions": [{"id": "management"}, {"id": "org"}]})
    )

    with pytest.raises(LessonError, match=r"01-a\.en\.md: unknown dimensions 'organization'"):
        load_lessons(content_dir=content)

    _write(content, "organization", "01-a", dimensions=["org"])
    assert load_lessons(content_dir=content).ids() == ("organization-01-a",)


def test_dimension_ids_may_be_grouped_in_instrument_parts(content: Path) -> None:
    instruments = content / "instruments"
    instruments.mkdir()
    parts = {"parts": [{"id": "person", "dimensions": [{"id": "skills", "items": []}]}]}
    (instruments / "digital_fitness.yaml").write_text(yaml.safe_dump(parts))
    (instruments / "network_survey.yaml").write_text(yaml.safe_dump({"relations": []}))

    with pytest.raises(LessonError, match="unknown dimensions 'organization'; known: skills"):
        load_lessons(content_dir=content)


def test_known_ids_can_be_passed_in(content: Path) -> None:
    _write(content, "management", "01-x", dimensions=["leadership"], findings=["echo"])

    library = load_lessons(
        content_dir=content,
        dimension_ids=[*DIMENSION_IDS, "leadership"],
        finding_kinds=["echo"],
    )

    assert library.ids() == ("organization-01-a", "management-01-x")


def test_section_headings_come_from_i18n(tmp_path: Path) -> None:
    custom = {"en": ("Why", "Story", "Think", "Goal", "Quiz"), "nb": HEADINGS["nb"]}
    root = _content(tmp_path, headings=custom)
    _write(root, "organization", "01-a", body=lambda lang: _body(lang, headings=custom[lang]))

    assert load_lessons(content_dir=root).ids() == ("organization-01-a",)

    (root / "i18n" / "en.yaml").write_text("lesson.section.idea: Why\n", encoding="utf-8")
    with pytest.raises(LessonError, match=r"en\.yaml: missing string 'lesson\.section\.case'"):
        load_lessons(content_dir=root)


def test_load_is_cached_until_a_file_changes(content: Path) -> None:
    first = load_lessons(content_dir=content)
    assert load_lessons(content_dir=content) is first

    _write(content, "organization", "01-a", title="A new, longer title")

    second = load_lessons(content_dir=content)
    assert second is not first
    lesson = second.get("organization-01-a", "en")
    assert lesson is not None
    assert lesson.title == "A new, longer title"


def test_reason_templates_need_every_language(tmp_path: Path) -> None:
    root = _content(tmp_path)
    path = root / "modules" / "reasons.yaml"
    path.write_text(
        yaml.safe_dump({"en": {"default": "Part of the course."}, "nb": {"default": "Del."}}),
        encoding="utf-8",
    )
    assert load_reason_templates(content_dir=root)["nb"] == {"default": "Del."}

    path.write_text(yaml.safe_dump({"en": {"default": "Part of the course."}}), encoding="utf-8")
    with pytest.raises(LessonError, match=r"reasons\.yaml: 'nb' must map"):
        load_reason_templates(content_dir=root)

    path.unlink()
    with pytest.raises(LessonError, match=r"reasons\.yaml: cannot read"):
        load_reason_templates(content_dir=root)
