"""Read course lessons from content/modules: front matter, five sections and a check."""

from __future__ import annotations

import graphlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DIMENSION_IDS",
    "FINDING_KINDS",
    "LANGUAGES",
    "MODULES",
    "SECTION_KEYS",
    "Check",
    "CheckOption",
    "Lesson",
    "LessonError",
    "LessonLibrary",
    "LessonProblem",
    "default_content_dir",
    "load_lessons",
    "load_reason_templates",
]

#: Course modules in their default order (seed 001: the four DI2X modules).
MODULES: tuple[str, ...] = ("organization", "management", "strategy", "technology")

#: Languages every lesson must exist in, as sibling files ``<NN>-<slug>.<lang>.md``.
LANGUAGES: tuple[str, ...] = ("en", "nb")

#: The five body sections, in the order they must appear.  Heading texts come from
#: ``content/i18n/<lang>.yaml`` keys ``lesson.section.<key>``.
SECTION_KEYS: tuple[str, ...] = ("idea", "case", "reflection", "ambition", "check")

#: Instrument dimension ids (person part, then organisation part).  Used when no
#: instrument file under ``content/instruments`` defines ``dimensions[].id``.
DIMENSION_IDS: tuple[str, ...] = (
    "skills",
    "data",
    "sharing",
    "learning",
    "organization",
    "management",
    "strategy",
    "technology",
)

#: Kinds of network and assessment findings a lesson can address.
FINDING_KINDS: tuple[str, ...] = (
    "bottleneck",
    "broker",
    "isolated",
    "silo",
    "single_partner",
    "narrow_consultation",
    "pairing",
    "knowledge_centre",
    "disagreement",
    "leaders_lower",
)

_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "module",
    "dimensions",
    "findings",
    "duration_minutes",
    "prerequisites",
    "version",
    "sources",
)
# Fields that must be equal in every language version of a lesson.
_SHARED_FIELDS: tuple[str, ...] = (
    "id",
    "module",
    "dimensions",
    "findings",
    "duration_minutes",
    "prerequisites",
    "version",
)
_FILE_RE = re.compile(r"^(?P<stem>\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OPTION_RE = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<rest>.*)$")
_FEEDBACK_SEPARATOR = " :: "
_MIN_OPTIONS, _MAX_OPTIONS = 3, 4


class LessonError(ValueError):
    """A lesson file (or the content it depends on) is broken.

    ``path`` names the first broken file; ``problems`` lists every problem found, and the
    message names each file.
    """

    def __init__(self, path: Path, message: str, *, problems: Iterable[LessonProblem] = ()) -> None:
        self.path = path
        self.message = message
        self.problems: tuple[LessonProblem, ...] = tuple(problems) or (
            LessonProblem(path, message),
        )
        lines = [str(problem) for problem in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class LessonProblem:
    """One broken file and what is wrong with it."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class CheckOption:
    """One answer option of a lesson's check, with the feedback shown after choosing it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Check:
    """The multiple-choice question that closes a lesson."""

    question: str
    options: tuple[CheckOption, ...]

    @property
    def correct_index(self) -> int:
        """Position of the correct option (-1 if there is none)."""
        return next((i for i, option in enumerate(self.options) if option.correct), -1)


@dataclass(frozen=True)
class Lesson:
    """One language version of a lesson.

    ``sections`` holds the Markdown of ``idea``, ``case``, ``reflection`` and ``ambition``
    (headings removed); the check section is parsed into ``check``.
    """

    id: str
    lang: str
    title: str
    module: str
    dimensions: tuple[str, ...]
    findings: tuple[str, ...]
    duration_minutes: int
    prerequisites: tuple[str, ...]
    version: int
    sources: tuple[str, ...]
    sections: Mapping[str, str] = field(hash=False)
    check: Check
    path: Path


@dataclass(frozen=True)
class LessonLibrary:
    """All loadable lessons in both languages, in default course order.

    Default order is module order (``MODULES``), then file number, then language.
    ``problems`` lists files that were skipped by a lenient load.
    """

    lessons: tuple[Lesson, ...]
    problems: tuple[LessonProblem, ...] = ()
    _index: dict[tuple[str, str], Lesson] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(ls.id, ls.lang): ls for ls in self.lessons})

    def __iter__(self) -> Iterator[Lesson]:
        return iter(self.lessons)

    def __len__(self) -> int:
        return len(self.lessons)

    def get(self, lesson_id: str, lang: str) -> Lesson | None:
        """The lesson ``lesson_id`` in ``lang``, or None if there is no such lesson."""
        return self._index.get((lesson_id, lang))

    def ids(self) -> tuple[str, ...]:
        """Every lesson id once, in default course order."""
        return tuple(dict.fromkeys(lesson.id for lesson in self.lessons))

    def modules(self) -> tuple[str, ...]:
        """Modules that have at least one lesson, in ``MODULES`` order."""
        present = {lesson.module for lesson in self.lessons}
        return tuple(module for module in MODULES if module in present)

    def in_language(self, lang: str) -> tuple[Lesson, ...]:
        """Every lesson in ``lang``, in default course order."""
        return tuple(lesson for lesson in self.lessons if lesson.lang == lang)

    def by_module(self, module: str, lang: str) -> tuple[Lesson, ...]:
        """The lessons of one module in ``lang``, in file-number order."""
        return tuple(ls for ls in self.lessons if ls.module == module and ls.lang == lang)

    def titles(self, lang: str) -> dict[str, str]:
        """Lesson id to title in ``lang``."""
        return {lesson.id: lesson.title for lesson in self.in_language(lang)}


def default_content_dir() -> Path:
    """The repository's ``content`` folder."""
    return Path(__file__).resolve().parent.parent / "content"


def load_lessons(
    *,
    content_dir: Path | None = None,
    strict: bool = True,
    dimension_ids: Iterable[str] | None = None,
    finding_kinds: Iterable[str] | None = None,
) -> LessonLibrary:
    """Load and validate every lesson under ``<content_dir>/modules``.

    Parameters
    ----------
    content_dir
        Folder holding ``modules/`` and ``i18n/``; defaults to the repository's content.
    strict
        If true (tests, CLI), raise `LessonError` on the first load that finds any broken
        file.  If false (pages), skip broken lessons, both language versions of them and
        every lesson that depends on them, and list what was skipped in
        ``LessonLibrary.problems``.  The app never shows a broken lesson either way.
    dimension_ids
        Known instrument dimension ids.  By default, the ``dimensions[].id`` of the
        instrument files in ``<content_dir>/instruments``, or `DIMENSION_IDS` if none
        define any.
    finding_kinds
        Known finding kinds; `FINDING_KINDS` by default.

    Returns
    -------
    LessonLibrary

    Raises
    ------
    LessonError
        In strict mode, naming every broken file: broken or incomplete front matter, an
        unknown module, dimension or finding, a missing translation sibling, siblings that
        disagree, a duplicate id, an unknown prerequisite or a prerequisite cycle, missing
        or misordered sections, or a check without exactly one correct option.

    Notes
    -----
    Results are cached per content folder; the cache key includes the modification time
    and size of every content file read, so an edited lesson is picked up on the next call.
    """
    root = (content_dir or default_content_dir()).resolve()
    library = _load_cached(
        root,
        None if dimension_ids is None else frozenset(dimension_ids),
        frozenset(FINDING_KINDS if finding_kinds is None else finding_kinds),
        _signature(root),
    )
    if strict and library.problems:
        first = library.problems[0]
        raise LessonError(first.path, first.message, problems=library.problems)
    return library


def load_reason_templates(*, content_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """Read ``modules/reasons.yaml``: language to reason key to a format template.

    Raises
    ------
    LessonError
        If the file is missing, is not YAML, or is not a mapping of every language in
        `LANGUAGES` to a mapping of strings.
    """
    path = (content_dir or default_content_dir()).resolve() / "modules" / "reasons.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise LessonError(path, f"cannot read reason templates: {exc}") from exc
    return {lang: dict(entries) for lang, entries in _load_reason_templates(path, stamp).items()}


# --- private helpers -------------------------------------------------------------------


class _Invalid(Exception):
    """Internal: a problem in the file being parsed."""


@dataclass
class _Group:
    """The language versions of one lesson (same folder, same ``<NN>-<slug>``)."""

    folder: Path
    stem: str
    files: dict[str, Path] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    broken: bool = False

    @property
    def first_path(self) -> Path:
        return self.files[sorted(self.files, key=_lang_rank)[0]]

    @property
    def lesson_id(self) -> str | None:
        return next(iter(self.lessons.values())).id if self.lessons else None


def _lang_rank(lang: str) -> int:
    return LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Modification time and size of every file a load reads (the cache key)."""
    files: list[Path] = []
    for pattern in ("modules/*/*.md", "i18n/*.yaml", "instruments/*.yaml"):
        files.extend(root.glob(pattern))
    stamps = []
    for path in sorted(files):
        try:
            stat = path.stat()
        except OSError:  # vanished between glob and stat; the load reports it
            continue
        stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@lru_cache(maxsize=16)
def _load_cached(
    root: Path,
    dimension_ids: frozenset[str] | None,
    finding_kinds: frozenset[str],
    signature: tuple[tuple[str, int, int], ...],  # noqa: ARG001 - part of the cache key
) -> LessonLibrary:
    problems: list[LessonProblem] = []
    known_dimensions = (
        dimension_ids if dimension_ids is not None else _instrument_dimension_ids(root)
    )
    headings: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        try:
            headings[lang] = _section_headings(root, lang)
        except LessonError as exc:
            problems.extend(exc.problems)

    modules_dir = root / "modules"
    if not modules_dir.is_dir():
        problems.append(LessonProblem(modules_dir, "the modules folder does not exist"))
        return LessonLibrary((), tuple(problems))

    groups = _collect_files(modules_dir, problems)
    for group in groups:
        for lang, path in sorted(group.files.items(), key=lambda item: _lang_rank(item[0])):
            if lang not in headings:
                group.broken = True
                problems.append(LessonProblem(path, f"no section headings for language {lang!r}"))
                continue
            try:
                group.lessons[lang] = _parse_file(
                    path,
                    lang=lang,
                    folder_module=group.folder.name,
                    headings=headings[lang],
                    dimension_ids=known_dimensions,
                    finding_kinds=finding_kinds,
                )
            except _Invalid as exc:
                group.broken = True
                problems.append(LessonProblem(path, str(exc)))
        _check_siblings(group, problems)

    valid = _unique_ids([g for g in groups if not g.broken], problems)
    valid = _resolve_prerequisites(valid, problems)

    lessons = [
        lesson
        for group in sorted(valid.values(), key=lambda g: (MODULES.index(g.folder.name), g.stem))
        for _, lesson in sorted(group.lessons.items(), key=lambda item: _lang_rank(item[0]))
    ]
    return LessonLibrary(tuple(lessons), tuple(problems))


def _collect_files(modules_dir: Path, problems: list[LessonProblem]) -> list[_Group]:
    """Group the lesson files by folder and ``<NN>-<slug>``; report misplaced files."""
    groups: dict[tuple[str, str], _Group] = {}
    for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.md"))
        if folder.name not in MODULES:
            problems.extend(
                LessonProblem(
                    path,
                    f"folder {folder.name!r} is not a module; expected one of {', '.join(MODULES)}",
                )
                for path in files
            )
            continue
        for path in files:
            match = _FILE_RE.match(path.name)
            if match is None:
                problems.append(
                    LessonProblem(path, "file name must look like '<NN>-<slug>.<lang>.md'")
                )
                continue
            lang = match["lang"]
            if lang not in LANGUAGES:
                problems.append(
                    LessonProblem(path, f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
                )
                continue
            key = (folder.name, match["stem"])
            group = groups.setdefault(key, _Group(folder=folder, stem=match["stem"]))
            group.files[lang] = path
    # Course order, so that of two lessons sharing an id the later one is reported.
    return sorted(groups.values(), key=lambda g: (MODULES.index(g.folder.name), g.stem))


def _check_siblings(group: _Group, problems: list[LessonProblem]) -> None:
    """Every language must exist, and the language versions must agree on structure."""
    for lang in LANGUAGES:
        if lang not in group.files:
            group.broken = True
            missing = group.folder / f"{group.stem}.{lang}.md"
            for path in group.files.values():
                problems.append(
                    LessonProblem(path, f"missing translation: {missing} does not exist")
                )
    if group.broken or len(group.lessons) < 2:
        return
    langs = sorted(group.lessons, key=_lang_rank)
    reference = group.lessons[langs[0]]
    for lang in langs[1:]:
        other = group.lessons[lang]
        for name in _SHARED_FIELDS:
            if getattr(other, name) != getattr(reference, name):
                group.broken = True
                problems.append(
                    LessonProblem(
                        other.path,
                        f"{name} {getattr(other, name)!r} differs from "
                        f"{getattr(reference, name)!r} in {reference.path.name}",
                    )
                )
        if (len(other.check.options), other.check.correct_index) != (
            len(reference.check.options),
            reference.check.correct_index,
        ):
            group.broken = True
            problems.append(
                LessonProblem(
                    other.path,
                    f"the check's options (number or correct one) differ from {reference.path.name}",
                )
            )


def _unique_ids(groups: list[_Group], problems: list[LessonProblem]) -> dict[str, _Group]:
    valid: dict[str, _Group] = {}
    for group in groups:
        lesson_id = group.lesson_id
        if lesson_id is None:
            continue
        if lesson_id in valid:
            problems.append(
                LessonProblem(
                    group.first_path,
                    f"id {lesson_id!r} is already used by {valid[lesson_id].first_path}",
                )
            )
            continue
        valid[lesson_id] = group
    return valid


def _resolve_prerequisites(
    valid: dict[str, _Group], problems: list[LessonProblem]
) -> dict[str, _Group]:
    """Drop lessons whose prerequisites are unknown, broken or cyclic; report each."""
    valid = dict(valid)
    known = set(valid)
    while True:
        changed = False
        for lesson_id, group in list(valid.items()):
            lesson = next(iter(group.lessons.values()))
            missing = [p for p in lesson.prerequisites if p not in valid]
            if missing:
                what = [
                    f"{p!r} (skipped because it is broken)" if p in known else f"{p!r}"
                    for p in missing
                ]
                problems.append(
                    LessonProblem(group.first_path, f"unknown prerequisite {', '.join(what)}")
                )
                del valid[lesson_id]
                changed = True
        if changed:
            continue
        graph = {
            lesson_id: next(iter(group.lessons.values())).prerequisites
            for lesson_id, group in valid.items()
        }
        try:
            tuple(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as exc:
            cycle: list[str] = list(exc.args[1])
            problems.append(
                LessonProblem(
                    valid[cycle[0]].first_path, f"prerequisite cycle: {' -> '.join(cycle)}"
                )
            )
            for lesson_id in set(cycle):
                del valid[lesson_id]
            continue
        return valid


def _parse_file(
    path: Path,
    *,
    lang: str,
    folder_module: str,
    headings: tuple[str, ...],
    dimension_ids: frozenset[str],
    finding_kinds: frozenset[str],
) -> Lesson:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _Invalid(f"cannot read the file: {exc}") from exc
    meta, body = _split_front_matter(text)
    missing = [name for name in _FIELDS if name not in meta]
    if missing:
        raise _Invalid(f"missing front-matter field(s): {', '.join(missing)}")
    unknown = sorted(str(name) for name in meta if name not in _FIELDS)
    if unknown:
        raise _Invalid(f"unknown front-matter field(s): {', '.join(unknown)}")

    lesson_id = _text(meta, "id")
    if not _ID_RE.match(lesson_id):
        raise _Invalid(f"id {lesson_id!r} must be lowercase words joined by '-'")
    module = _text(meta, "module")
    if module not in MODULES:
        raise _Invalid(f"module {module!r} is not one of {', '.join(MODULES)}")
    if module != folder_module:
        raise _Invalid(f"module {module!r} does not match its folder {folder_module!r}")
    dimensions = _id_list(meta, "dimensions", known=dimension_ids)
    findings = _id_list(meta, "findings", known=finding_kinds)
    if not dimensions and not findings:
        raise _Invalid("a lesson must address at least one dimension or finding")
    prerequisites = _id_list(meta, "prerequisites", known=None)
    sources = _text_list(meta, "sources")
    if not sources:
        raise _Invalid("sources must name at least one source")

    sections = _split_sections(body, headings)
    check = _parse_check(sections.pop("check"))
    return Lesson(
        id=lesson_id,
        lang=lang,
        title=_text(meta, "title"),
        module=module,
        dimensions=dimensions,
        findings=findings,
        duration_minutes=_positive_int(meta, "duration_minutes"),
        prerequisites=prerequisites,
        version=_positive_int(meta, "version"),
        sources=sources,
        sections=sections,
        check=check,
        path=path,
    )


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise _Invalid("the file must start with a '---' line that opens the front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise _Invalid("the front matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise _Invalid(f"the front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise _Invalid("the front matter must be a YAML mapping of field: value")
    return meta, "\n".join(lines[end + 1 :])


def _text(meta: Mapping[str, Any], name: str) -> str:
    value = meta[name]
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{name} must be a non-empty string")
    return value.strip()


def _text_list(meta: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = meta[name]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Invalid(f"{name} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _id_list(
    meta: Mapping[str, Any], name: str, *, known: frozenset[str] | None
) -> tuple[str, ...]:
    values = _text_list(meta, name)
    if len(set(values)) != len(values):
        raise _Invalid(f"{name} lists an id twice")
    if known is not None:
        unknown = [v for v in values if v not in known]
        if unknown:
            raise _Invalid(
                f"unknown {name} {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
            )
    return values


def _positive_int(meta: Mapping[str, Any], name: str) -> int:
    value = meta[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Invalid(f"{name} must be a positive whole number")
    return value


def _split_sections(body: str, headings: tuple[str, ...]) -> dict[str, str]:
    """Cut the body at its ``## `` headings; they must be exactly ``headings`` in order."""
    found: list[tuple[str, list[str]]] = []
    preamble: list[str] = []
    for line in body.splitlines():
        if line.startswith("## "):
            found.append((line[3:].strip(), []))
        elif line.startswith("# "):
            raise _Invalid(
                f"level-1 heading {line.strip()!r}: the title belongs in the front matter"
            )
        elif found:
            found[-1][1].append(line)
        else:
            preamble.append(line)
    if any(line.strip() for line in preamble):
        raise _Invalid("text before the first section heading")
    names = [name for name, _ in found]
    if names != list(headings):
        raise _Invalid(
            "sections must be exactly "
            + ", ".join(f"'## {h}'" for h in headings)
            + " in this order; found "
            + (", ".join(f"'## {n}'" for n in names) or "none")
        )
    sections: dict[str, str] = {}
    for key, (name, lines) in zip(SECTION_KEYS, found, strict=True):
        content = "\n".join(lines).strip()
        if not content:
            raise _Invalid(f"section '## {name}' is empty")
        sections[key] = content
    return sections


def _parse_check(text: str) -> Check:
    """One question paragraph, then 3-4 task-list options ``- [ ] text :: feedback``."""
    question: list[str] = []
    options: list[CheckOption] = []
    for line in text.splitlines():
        match = _OPTION_RE.match(line.strip())
        if match is None:
            if options and line.strip():
                raise _Invalid(f"unexpected text after the check's options: {line.strip()!r}")
            if not options:
                question.append(line)
            continue
        option_text, separator, feedback = match["rest"].partition(_FEEDBACK_SEPARATOR)
        if not separator or not option_text.strip() or not feedback.strip():
            raise _Invalid(f"check option {match['rest']!r} must read 'option text :: feedback'")
        options.append(
            CheckOption(
                text=option_text.strip(),
                correct=match["mark"] != " ",
                feedback=feedback.strip(),
            )
        )
    paragraph = "\n".join(question).strip()
    if not paragraph:
        raise _Invalid("the check has no question before its options")
    if re.search(r"\n\s*\n", paragraph):
        raise _Invalid("the check question must be a single paragraph")
    if not _MIN_OPTIONS <= len(options) <= _MAX_OPTIONS:
        raise _Invalid(
            f"the check needs {_MIN_OPTIONS}-{_MAX_OPTIONS} options ('- [ ] text :: feedback'), "
            f"found {len(options)}"
        )
    correct = sum(option.correct for option in options)
    if correct != 1:
        raise _Invalid(f"the check needs exactly one option marked '[x]', found {correct}")
    return Check(question=" ".join(paragraph.split()), options=tuple(options))


def _section_headings(root: Path, lang: str) -> tuple[str, ...]:
    """The five lesson section headings for ``lang`` from ``i18n/<lang>.yaml``."""
    path = root / "i18n" / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LessonError(path, f"cannot read section headings: {exc}") from exc
    headings = []
    for key in SECTION_KEYS:
        value = _lookup(data, f"lesson.section.{key}")
        if not isinstance(value, str) or not value.strip():
            raise LessonError(path, f"missing string 'lesson.section.{key}'")
        headings.append(value.strip())
    return tuple(headings)


def _lookup(data: object, dotted: str) -> object:
    """A flat ``a.b.c`` key, or the same path through nested mappings."""
    if isinstance(data, dict) and dotted in data:
        return data[dotted]
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _instrument_dimension_ids(root: Path) -> frozenset[str]:
    """Dimension ids from the instrument files, or `DIMENSION_IDS` if none define any.

    Any ``dimensions:`` list of mappings with an ``id``, at any depth (an instrument may
    group its dimensions into parts), counts; nothing else of an instrument's structure
    is relied on.
    """
    ids: set[str] = set()
    for path in sorted((root / "instruments").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # the instrument's own loader and tests report a broken instrument
        ids.update(_dimension_ids_in(data))
    return frozenset(ids) if ids else frozenset(DIMENSION_IDS)


def _dimension_ids_in(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "dimensions" and isinstance(value, list):
                yield from (
                    d["id"] for d in value if isinstance(d, dict) and isinstance(d.get("id"), str)
                )
            yield from _dimension_ids_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dimension_ids_in(item)


@lru_cache(maxsize=4)
def _load_reason_templates(path: Path, stamp: int) -> dict[str, dict[str, str]]:  # noqa: ARG001
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LessonError(path, f"cannot read reason templates: {exc}") from exc
    if not isinstance(data, dict):
        raise LessonError(path, "must map each language to its templates")
    templates: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        entries = data.get(lang)
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in entries.items()
        ):
            raise LessonError(path, f"{lang!r} must map reason keys to non-empty strings")
        templates[lang] = dict(entries)
    return templates
