"""The real lessons in content/modules: bilingual, well formed, and covering every id.

These read the files directly where they can, so that a parser bug cannot hide a content
error (datasette's test_docs.py checks its documentation the same way).
"""

from __future__ import annotations

import graphlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.learning_path import REASON_KINDS
from core.lessons import (
    DIMENSION_IDS,
    FINDING_KINDS,
    LANGUAGES,
    MODULES,
    SECTION_KEYS,
    LessonLibrary,
    default_content_dir,
    load_lessons,
)

CONTENT = default_content_dir()
LESSON_FILES = sorted(CONTENT.glob("modules/*/*.md"))
FILE_IDS = [f"{p.parent.name}/{p.name}" for p in LESSON_FILES]


def _front_matter(path: Path) -> dict[str, Any]:
    _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


def _headings(lang: str) -> list[str]:
    data = yaml.safe_load((CONTENT / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    return [data[f"lesson.section.{key}"] for key in SECTION_KEYS]


def _instrument_dimension_ids() -> set[str]:
    """Every ``dimensions[].id`` in the instrument files, at any depth."""

    def walk(node: object) -> set[str]:
        found: set[str] = set()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "dimensions" and isinstance(value, list):
                    found |= {d["id"] for d in value if isinstance(d, dict) and "id" in d}
                found |= walk(value)
        elif isinstance(node, list):
            for item in node:
                found |= walk(item)
        return found

    ids: set[str] = set()
    for path in CONTENT.glob("instruments/*.yaml"):
        ids |= walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return ids


@pytest.fixture(scope="module")
def library() -> LessonLibrary:
    """The real content, loaded strictly: any broken lesson fails here with its file named."""
    return load_lessons()


def test_content_loads_strictly_with_lessons(library: LessonLibrary) -> None:
    assert library.problems == ()
    assert len(library) == len(LESSON_FILES)


def test_every_lesson_exists_in_both_languages(library: LessonLibrary) -> None:
    missing = [
        (lesson_id, lang)
        for lesson_id in library.ids()
        for lang in LANGUAGES
        if library.get(lesson_id, lang) is None
    ]
    assert missing == []


def test_each_id_is_used_by_exactly_one_file_per_language() -> None:
    counts = Counter(
        (_front_matter(path)["id"], path.name.rsplit(".", 2)[1]) for path in LESSON_FILES
    )
    assert [key for key, count in counts.items() if count > 1] == []


@pytest.mark.parametrize("path", LESSON_FILES, ids=FILE_IDS)
def test_front_matter_follows_the_schema(path: Path) -> None:
    meta = _front_matter(path)
    module = path.parent.name

    assert list(meta) == [
        "id",
        "title",
        "module",
        "dimensions",
        "findings",
        "duration_minutes",
        "prerequisites",
        "version",
        "sources",
    ]
    assert meta["module"] == module
    assert re.fullmatch(rf"{module}-\d\d-[a-z0-9-]+", meta["id"]), meta["id"]
    assert meta["id"].removeprefix(f"{module}-")[:2] == path.name[:2], "number matches file"
    assert 10 <= meta["duration_minutes"] <= 20
    assert isinstance(meta["version"], int)
    assert meta["version"] >= 1
    assert set(meta["dimensions"]) <= set(DIMENSION_IDS)
    assert set(meta["findings"]) <= set(FINDING_KINDS)
    assert meta["sources"]


def test_titles_are_translated(library: LessonLibrary) -> None:
    titles = {i: {library.titles(lang).get(i) for lang in LANGUAGES} for i in library.ids()}
    assert [i for i, distinct in titles.items() if len(distinct) < len(LANGUAGES)] == []


def test_prerequisites_resolve_without_cycles(library: LessonLibrary) -> None:
    graph = {lesson.id: set(lesson.prerequisites) for lesson in library.in_language("en")}

    assert set().union(*graph.values()) <= set(graph)
    tuple(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError


@pytest.mark.parametrize("dimension", sorted(set(DIMENSION_IDS) | _instrument_dimension_ids()))
def test_every_dimension_has_a_lesson(library: LessonLibrary, dimension: str) -> None:
    assert [ls.id for ls in library.in_language("en") if dimension in ls.dimensions]


@pytest.mark.parametrize("finding", FINDING_KINDS)
def test_every_finding_kind_has_a_lesson(library: LessonLibrary, finding: str) -> None:
    assert [ls.id for ls in library.in_language("en") if finding in ls.findings]


@pytest.mark.parametrize("module", MODULES)
def test_every_module_has_at_least_four_lessons(library: LessonLibrary, module: str) -> None:
    assert len(library.by_module(module, "en")) >= 4


@pytest.mark.parametrize("path", LESSON_FILES, ids=FILE_IDS)
def test_section_headings_match_i18n(path: Path) -> None:
    lang = path.name.rsplit(".", 2)[1]
    text = path.read_text(encoding="utf-8")

    headings = [line[3:].strip() for line in text.splitlines() if line.startswith("## ")]

    assert headings == _headings(lang)


def _section(path: Path, key: str) -> str:
    lang = path.name.rsplit(".", 2)[1]
    text = path.read_text(encoding="utf-8")
    heading = _headings(lang)[SECTION_KEYS.index(key)]
    after = text.split(f"\n## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0]


@pytest.mark.parametrize("path", LESSON_FILES, ids=FILE_IDS)
def test_idea_takes_150_to_300_words(path: Path) -> None:
    words = len(_section(path, "idea").split())
    assert 150 <= words <= 300, words


@pytest.mark.parametrize("path", LESSON_FILES, ids=FILE_IDS)
def test_reflection_asks_two_or_three_questions(path: Path) -> None:
    prompts = re.findall(r"^(?:- |\d+\. )", _section(path, "reflection"), flags=re.MULTILINE)
    assert 2 <= len(prompts) <= 3


def test_language_versions_have_the_same_shape(library: LessonLibrary) -> None:
    """Both languages say the same thing: same number of reflection prompts and options."""

    def shape(lesson_id: str, lang: str) -> tuple[int, int]:
        lesson = library.get(lesson_id, lang)
        assert lesson is not None
        prompts = re.findall(r"^(?:- |\d+\. )", lesson.sections["reflection"], flags=re.M)
        return len(prompts), len(lesson.check.options)

    differ = [i for i in library.ids() if len({shape(i, lang) for lang in LANGUAGES}) > 1]
    assert differ == []


def test_reason_templates_cover_every_kind_in_every_language() -> None:
    templates = yaml.safe_load((CONTENT / "modules" / "reasons.yaml").read_text("utf-8"))
    expected = {k for k in REASON_KINDS if k != "weak_dimension"} | {
        "weak_dimension.person",
        "weak_dimension.group",
    }
    sample = {
        "dimension": "D",
        "band": "B",
        "gap": "20",
        "spread": "25",
        "finding": "F",
        "lesson": "L",
    }

    assert set(templates) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert set(templates[lang]) == expected, lang
        for key, template in templates[lang].items():
            used = set(re.findall(r"{(\w+)}", template))
            kind = key.split(".")[0]
            assert used <= set(REASON_KINDS[kind]) - {"scope"}, (lang, key)
            assert template.format_map(sample)
