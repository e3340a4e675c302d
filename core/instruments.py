"""Load and validate the instrument content files in content/instruments/.

Two instruments live there as YAML: ``digital_fitness.yaml`` (the self-assessment) and
``network_survey.yaml`` (the team network survey). Each is read with ``yaml.safe_load``,
checked against the schema described at the top of the file, and turned into frozen
dataclasses, so that pages and ``core.scoring`` work with plain, immutable data.

Every user-facing text is a :class:`Text`: a read-only mapping ``{"en": ..., "nb": ...}``.
Read it with ``text(obj, lang)`` or ``obj["nb"]``.

Validation raises :class:`InstrumentError`; the message starts with the file path and names
the item, for example::

    .../digital_fitness.yaml: item 'skills.security': text: missing the 'nb' translation

Loaded instruments are cached per file path and modification time, so pages may call the
loaders on every rerun, and an edited content file is picked up without a restart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, Protocol, TypeVar

import yaml

__all__ = [
    "AMBITION_SUFFIX",
    "CONTENT_DIR",
    "DONT_KNOW",
    "FALLBACK_LANGUAGE",
    "LANGUAGES",
    "MAX_ITEMS_PER_DIMENSION",
    "MIN_ITEMS_PER_DIMENSION",
    "ORGANISATION_PART",
    "PARTS",
    "PERSON_PART",
    "Band",
    "Criterion",
    "Dimension",
    "ExpertiseArea",
    "ExpertiseQuestion",
    "ExternalsQuestion",
    "FrequencyOption",
    "Instrument",
    "InstrumentError",
    "Item",
    "NetworkSurvey",
    "Part",
    "PartnerSuggestion",
    "Relation",
    "ScaleOption",
    "Text",
    "ambition_key",
    "load_instrument",
    "load_network_survey",
    "text",
]

LANGUAGES: Final = ("en", "nb")
"""Every text must exist in each of these languages."""

FALLBACK_LANGUAGE: Final = "en"
"""Used by :func:`text` when asked for a language the content does not have."""

CONTENT_DIR: Final = Path(__file__).resolve().parent.parent / "content"
"""The repository's ``content/`` folder; instruments are in its ``instruments/`` subfolder."""

PERSON_PART: Final = "person"
ORGANISATION_PART: Final = "organisation"
PARTS: Final = (PERSON_PART, ORGANISATION_PART)
"""Part A is about the respondent, part B about their organisation as they see it."""

MIN_ITEMS_PER_DIMENSION: Final = 4
MAX_ITEMS_PER_DIMENSION: Final = 6

DONT_KNOW: Final = 0
"""The stored answer value for "don't know / not relevant"."""

AMBITION_SUFFIX: Final = ".ambition"
"""Answer key suffix for the ambition rating of an item: ``"<item id>.ambition"``."""

ItemStyle = Literal["anchors", "frequency"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class InstrumentError(ValueError):
    """A content file is missing, unreadable, or does not follow the instrument schema."""


@dataclass(frozen=True, eq=False)
class Text(Mapping[str, str]):
    """A user-facing text in every supported language; read-only and hashable.

    It behaves as the mapping ``{"en": ..., "nb": ...}`` and compares equal to such a dict.

    Examples
    --------
    >>> t = Text(en="Advice", nb="Råd")
    >>> t["nb"], text(t, "en"), dict(t) == {"en": "Advice", "nb": "Råd"}
    ('Råd', 'Advice', True)
    """

    en: str
    nb: str

    def __getitem__(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "nb":
            return self.nb
        raise KeyError(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __hash__(self) -> int:
        return hash((self.en, self.nb))


@dataclass(frozen=True)
class ScaleOption:
    """One answer option: the stored value and what the respondent sees."""

    value: int
    label: Text


@dataclass(frozen=True)
class Item:
    """One self-assessment question.

    ``options`` always holds the scored answers 1..points in order: the behavioural anchors
    for ``style == "anchors"``, the instrument's frequency labels for ``"frequency"``. The
    "don't know / not relevant" option (value 0) is :attr:`Instrument.dont_know`.
    """

    id: str
    part: str
    dimension: str
    style: ItemStyle
    text: Text
    options: tuple[ScaleOption, ...]
    criterion: str | None
    has_ambition: bool

    @property
    def ambition_key(self) -> str:
        """The answer key of this item's ambition rating."""
        return ambition_key(self.id)


@dataclass(frozen=True)
class Dimension:
    """A scored dimension: a title, a short description, and its items."""

    id: str
    part: str
    title: Text
    description: Text
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Part:
    """Part A (``person``) or part B (``organisation``) of the self-assessment."""

    id: str
    title: Text
    intro: Text
    has_ambition: bool
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Band:
    """A score band; a score belongs to the first band whose ``upper`` it does not exceed."""

    id: str
    lower: int
    upper: int
    label: Text
    description: Text


@dataclass(frozen=True)
class Criterion:
    """One of the nine success criteria for digital transformation (seeds/002)."""

    id: str
    title: Text
    summary: Text
    case: str


@dataclass(frozen=True)
class Instrument:
    """The digital fitness self-assessment as loaded from its YAML file."""

    id: str
    version: int
    title: Text
    description: Text
    points: int
    dont_know: ScaleOption
    frequency_scale: tuple[ScaleOption, ...]
    ambition_question: Text
    ambition_help: Text
    bands: tuple[Band, ...]
    criteria: tuple[Criterion, ...]
    parts: tuple[Part, ...]

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """All dimensions, part A first, in file order."""
        return tuple(dim for part in self.parts for dim in part.dimensions)

    @property
    def items(self) -> tuple[Item, ...]:
        """All items in the order the respondent sees them."""
        return tuple(item for dim in self.dimensions for item in dim.items)

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """Every key a complete answer set has: item ids, each followed by its ambition key."""
        keys: list[str] = []
        for item in self.items:
            keys.append(item.id)
            if item.has_ambition:
                keys.append(item.ambition_key)
        return tuple(keys)

    def part(self, part_id: str) -> Part:
        """Return the part with this id; raise KeyError if there is none."""
        return _find(self.parts, part_id, "part")

    def dimension(self, dimension_id: str) -> Dimension:
        """Return the dimension with this id; raise KeyError if there is none."""
        return _find(self.dimensions, dimension_id, "dimension")

    def item(self, item_id: str) -> Item:
        """Return the item with this id; raise KeyError if there is none."""
        return _find(self.items, item_id, "item")

    def band(self, band_id: str) -> Band:
        """Return the band with this id; raise KeyError if there is none."""
        return _find(self.bands, band_id, "band")

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the success criterion with this id; raise KeyError if there is none."""
        return _find(self.criteria, criterion_id, "criterion")


@dataclass(frozen=True)
class Relation:
    """A name-generator question; ties point from the respondent to the person they go to."""

    id: str
    label: Text
    question: Text
    help: Text


@dataclass(frozen=True)
class FrequencyOption:
    """How often a tie is used: 1 = a few times a year or less ... 4 = daily."""

    value: int
    label: Text


@dataclass(frozen=True)
class ExpertiseArea:
    """An area a respondent can say colleagues may ask them about."""

    id: str
    label: Text


@dataclass(frozen=True)
class PartnerSuggestion:
    """A suggested external partner; ``name`` is stored, ``label`` is shown."""

    id: str
    name: str
    label: Text


@dataclass(frozen=True)
class ExternalsQuestion:
    """The question about partner organisations outside the respondent's own."""

    question: Text
    help: Text
    frequency_question: Text
    other_prompt: Text
    suggestions: tuple[PartnerSuggestion, ...]


@dataclass(frozen=True)
class ExpertiseQuestion:
    """The self-reported expertise question and its areas."""

    question: Text
    help: Text
    areas: tuple[ExpertiseArea, ...]


@dataclass(frozen=True)
class NetworkSurvey:
    """The team network survey as loaded from its YAML file."""

    id: str
    version: int
    title: Text
    intro: Text
    relations: tuple[Relation, ...]
    frequency_question: Text
    frequency: tuple[FrequencyOption, ...]
    someone_else: Text
    externals: ExternalsQuestion
    expertise: ExpertiseQuestion

    @property
    def relation_ids(self) -> tuple[str, ...]:
        """The relation ids in the order they are asked."""
        return tuple(rel.id for rel in self.relations)

    def relation(self, relation_id: str) -> Relation:
        """Return the relation with this id; raise KeyError if there is none."""
        return _find(self.relations, relation_id, "relation")


def text(obj: Mapping[str, str], lang: str) -> str:
    """Return the text of ``obj`` in ``lang``, or in English if it has no such language.

    Examples
    --------
    >>> text({"en": "Strategy", "nb": "Strategi"}, "nb")
    'Strategi'
    >>> text({"en": "Strategy", "nb": "Strategi"}, "nn")
    'Strategy'
    """
    value = obj.get(lang)
    return value if value else obj[FALLBACK_LANGUAGE]


def ambition_key(item_id: str) -> str:
    """Return the answer key for the ambition rating of ``item_id``.

    Examples
    --------
    >>> ambition_key("management.benefits_planned")
    'management.benefits_planned.ambition'
    """
    return item_id + AMBITION_SUFFIX


def load_instrument(
    instrument_id: str = "digital_fitness", *, content_dir: Path | None = None
) -> Instrument:
    """Load and validate ``<content_dir>/instruments/<instrument_id>.yaml``.

    ``content_dir`` defaults to the repository's ``content/`` folder. Raises
    :class:`InstrumentError` naming the file and the offending entry when the file is missing
    or breaks the schema. Results are cached per path and modification time.

    Examples
    --------
    >>> instrument = load_instrument()
    >>> instrument.id, [part.id for part in instrument.parts]
    ('digital_fitness', ['person', 'organisation'])
    """
    path = _content_path(instrument_id, content_dir)
    return _load_instrument_cached(path, _mtime_ns(path))


def load_network_survey(*, content_dir: Path | None = None) -> NetworkSurvey:
    """Load and validate ``<content_dir>/instruments/network_survey.yaml``.

    Examples
    --------
    >>> load_network_survey().relation_ids
    ('information', 'advice', 'digital_help', 'collaboration')
    """
    path = _content_path("network_survey", content_dir)
    return _load_network_survey_cached(path, _mtime_ns(path))


# --------------------------------------------------------------------------- private helpers


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _find(things: tuple[_T, ...], wanted: str, kind: str) -> _T:
    for thing in things:
        if thing.id == wanted:
            return thing
    raise KeyError(f"no {kind} with id {wanted!r}")


def _content_path(instrument_id: str, content_dir: Path | None) -> Path:
    if not _ID.match(instrument_id):
        raise InstrumentError(f"invalid instrument id {instrument_id!r}")
    base = CONTENT_DIR if content_dir is None else content_dir
    return (base / "instruments" / f"{instrument_id}.yaml").resolve()


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise InstrumentError(f"{path}: cannot read instrument file ({exc.strerror})") from exc


@functools.lru_cache(maxsize=32)
def _load_instrument_cached(path: Path, _mtime: int) -> Instrument:
    return _parse_instrument(_Reader(path), _read_yaml(path))


@functools.lru_cache(maxsize=32)
def _load_network_survey_cached(path: Path, _mtime: int) -> NetworkSurvey:
    return _parse_network_survey(_Reader(path), _read_yaml(path))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InstrumentError(f"{path}: cannot read instrument file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise InstrumentError(f"{path}: the file must hold a mapping at the top level")
    return raw


class _Reader:
    """Schema checks that report the file and the place in it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> InstrumentError:
        return InstrumentError(f"{self.path}: {where}: {problem}")

    def mapping(
        self, raw: object, where: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(where, "expected a mapping")
        missing = [key for key in required if key not in raw]
        if missing:
            raise self.fail(where, f"missing {', '.join(repr(k) for k in missing)}")
        unknown = sorted(str(key) for key in raw if key not in required + optional)
        if unknown:
            raise self.fail(where, f"unknown key {', '.join(repr(k) for k in unknown)}")
        return raw

    def sequence(self, raw: object, where: str) -> list[Any]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, "expected a non-empty list")
        return raw

    def identifier(self, raw: object, where: str) -> str:
        if not isinstance(raw, str) or not _ID.match(raw):
            raise self.fail(where, f"id {raw!r} must be lower_snake_case")
        return raw

    def integer(self, raw: object, where: str) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(where, f"expected a whole number, got {raw!r}")
        return raw

    def string(self, raw: object, where: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise self.fail(where, "expected a non-empty string")
        return raw.strip()

    def text(self, raw: object, where: str) -> Text:
        if not isinstance(raw, dict):
            raise self.fail(where, f"expected a text with {' and '.join(LANGUAGES)}")
        for lang in LANGUAGES:
            value = raw.get(lang)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(where, f"missing the {lang!r} translation")
        unknown = sorted(str(key) for key in raw if key not in LANGUAGES)
        if unknown:
            raise self.fail(where, f"unknown language {', '.join(repr(k) for k in unknown)}")
        return Text(en=raw["en"].strip(), nb=raw["nb"].strip())

    def version(self, raw: dict[str, Any]) -> int:
        if "version" not in raw:
            raise self.fail("version", "missing version (an integer that answers record)")
        version = self.integer(raw["version"], "version")
        if version < 1:
            raise self.fail("version", f"must be at least 1, got {version}")
        return version

    def expect_id(self, raw: dict[str, Any], expected: str) -> None:
        if raw.get("id") != expected:
            raise self.fail("id", f"expected {expected!r}, got {raw.get('id')!r}")

    def unique(self, ids: list[str], kind: str) -> None:
        seen: set[str] = set()
        for one in ids:
            if one in seen:
                raise self.fail(f"{kind} {one!r}", f"duplicate {kind} id")
            seen.add(one)


_INSTRUMENT_KEYS = (
    "id",
    "version",
    "title",
    "description",
    "scale",
    "ambition",
    "bands",
    "criteria",
    "parts",
)


def _parse_instrument(r: _Reader, raw: dict[str, Any]) -> Instrument:
    r.expect_id(raw, r.path.stem)
    version = r.version(raw)
    if "relations" in raw:
        raise r.fail("id", "this is a network survey; load it with load_network_survey()")
    raw = r.mapping(raw, "instrument", required=_INSTRUMENT_KEYS)
    points, dont_know, frequency = _parse_scale(r, raw["scale"])
    ambition = r.mapping(raw["ambition"], "ambition", required=("question", "help"))
    criteria = tuple(
        _parse_criterion(r, one, f"criteria[{n}]")
        for n, one in enumerate(r.sequence(raw["criteria"], "criteria"))
    )
    r.unique([c.id for c in criteria], "criterion")
    parts = tuple(
        _parse_part(r, one, f"parts[{n}]", points, frequency, {c.id for c in criteria})
        for n, one in enumerate(r.sequence(raw["parts"], "parts"))
    )
    r.unique([p.id for p in parts], "part")
    r.unique([d.id for p in parts for d in p.dimensions], "dimension")
    r.unique([i.id for p in parts for d in p.dimensions for i in d.items], "item")
    return Instrument(
        id=raw["id"],
        version=version,
        title=r.text(raw["title"], "title"),
        description=r.text(raw["description"], "description"),
        points=points,
        dont_know=dont_know,
        frequency_scale=frequency,
        ambition_question=r.text(ambition["question"], "ambition.question"),
        ambition_help=r.text(ambition["help"], "ambition.help"),
        bands=_parse_bands(r, raw["bands"]),
        criteria=criteria,
        parts=parts,
    )


def _parse_scale(r: _Reader, raw: object) -> tuple[int, ScaleOption, tuple[ScaleOption, ...]]:
    scale = r.mapping(raw, "scale", required=("points", "dont_know", "frequency"))
    points = r.integer(scale["points"], "scale.points")
    if points < 3:
        raise r.fail("scale.points", f"a scale needs at least 3 points, got {points}")
    dont_know = ScaleOption(DONT_KNOW, r.text(scale["dont_know"], "scale.dont_know"))
    options = _parse_options(r, scale["frequency"], "scale.frequency", points)
    return points, dont_know, options


def _parse_options(r: _Reader, raw: object, where: str, points: int) -> tuple[ScaleOption, ...]:
    options = []
    for n, one in enumerate(r.sequence(raw, where)):
        option = r.mapping(one, f"{where}[{n}]", required=("value", "label"))
        value = r.integer(option["value"], f"{where}[{n}].value")
        options.append(ScaleOption(value, r.text(option["label"], f"{where}[{n}].label")))
    values = [option.value for option in options]
    if values != list(range(1, points + 1)):
        raise r.fail(where, f"bad scale: values must be 1..{points} in order, got {values}")
    return tuple(options)


def _parse_bands(r: _Reader, raw: object) -> tuple[Band, ...]:
    bands = []
    for n, one in enumerate(r.sequence(raw, "bands")):
        where = f"bands[{n}]"
        entry = r.mapping(one, where, required=("id", "lower", "upper", "label", "description"))
        bands.append(
            Band(
                id=r.identifier(entry["id"], where),
                lower=r.integer(entry["lower"], f"{where}.lower"),
                upper=r.integer(entry["upper"], f"{where}.upper"),
                label=r.text(entry["label"], f"{where}.label"),
                description=r.text(entry["description"], f"{where}.description"),
            )
        )
    r.unique([b.id for b in bands], "band")
    expected_lower = 0
    for band in bands:
        if band.lower != expected_lower or band.upper < band.lower:
            raise r.fail(
                f"band {band.id!r}",
                f"bands must cover 0-100 without gaps; expected lower {expected_lower}, "
                f"got {band.lower}-{band.upper}",
            )
        expected_lower = band.upper + 1
    if bands[-1].upper != 100:
        raise r.fail(f"band {bands[-1].id!r}", "the last band must end at 100")
    return tuple(bands)


def _parse_criterion(r: _Reader, raw: object, where: str) -> Criterion:
    crit = r.mapping(raw, where, required=("id", "title", "summary", "case"))
    crit_id = r.identifier(crit["id"], where)
    where = f"criterion {crit_id!r}"
    return Criterion(
        id=crit_id,
        title=r.text(crit["title"], f"{where}: title"),
        summary=r.text(crit["summary"], f"{where}: summary"),
        case=r.string(crit["case"], f"{where}: case"),
    )


def _parse_part(
    r: _Reader,
    raw: object,
    where: str,
    points: int,
    frequency: tuple[ScaleOption, ...],
    criteria: set[str],
) -> Part:
    part = r.mapping(raw, where, required=("id", "title", "intro", "ambition", "dimensions"))
    part_id = r.identifier(part["id"], where)
    if part_id not in PARTS:
        raise r.fail(f"part {part_id!r}", f"unknown part (expected one of {', '.join(PARTS)})")
    where = f"part {part_id!r}"
    has_ambition = part["ambition"]
    if not isinstance(has_ambition, bool):
        raise r.fail(f"{where}: ambition", "expected true or false")
    dimensions = tuple(
        _parse_dimension(r, one, part_id, has_ambition, points, frequency, criteria)
        for one in r.sequence(part["dimensions"], f"{where}: dimensions")
    )
    return Part(
        id=part_id,
        title=r.text(part["title"], f"{where}: title"),
        intro=r.text(part["intro"], f"{where}: intro"),
        has_ambition=has_ambition,
        dimensions=dimensions,
    )


def _parse_dimension(
    r: _Reader,
    raw: object,
    part_id: str,
    has_ambition: bool,
    points: int,
    frequency: tuple[ScaleOption, ...],
    criteria: set[str],
) -> Dimension:
    dim = r.mapping(
        raw, f"part {part_id!r}: dimension", required=("id", "title", "description", "items")
    )
    dim_id = r.identifier(dim["id"], f"part {part_id!r}: dimension")
    where = f"dimension {dim_id!r}"
    items = tuple(
        _parse_item(r, one, part_id, dim_id, has_ambition, points, frequency, criteria)
        for one in r.sequence(dim["items"], f"{where}: items")
    )
    if not MIN_ITEMS_PER_DIMENSION <= len(items) <= MAX_ITEMS_PER_DIMENSION:
        raise r.fail(
            where,
            f"has {len(items)} items; a dimension needs "
            f"{MIN_ITEMS_PER_DIMENSION}-{MAX_ITEMS_PER_DIMENSION}",
        )
    return Dimension(
        id=dim_id,
        part=part_id,
        title=r.text(dim["title"], f"{where}: title"),
        description=r.text(dim["description"], f"{where}: description"),
        items=items,
    )


def _parse_item(
    r: _Reader,
    raw: object,
    part_id: str,
    dim_id: str,
    has_ambition: bool,
    points: int,
    frequency: tuple[ScaleOption, ...],
    criteria: set[str],
) -> Item:
    item = r.mapping(
        raw,
        f"dimension {dim_id!r}: item",
        required=("id", "style", "text"),
        optional=("anchors", "criterion"),
    )
    item_id = item["id"]
    prefix, _, slug = str(item_id).partition(".")
    if prefix != dim_id or not _ID.match(slug) or item_id.endswith(AMBITION_SUFFIX):
        raise r.fail(
            f"dimension {dim_id!r}: item {item_id!r}",
            f"item ids must look like '{dim_id}.some_name' (and not end in 'ambition')",
        )
    where = f"item {item_id!r}"
    style = item["style"]
    if style == "anchors":
        if "anchors" not in item:
            raise r.fail(where, "an 'anchors' item needs an 'anchors' list")
        anchors = r.sequence(item["anchors"], f"{where}: anchors")
        if len(anchors) != points:
            raise r.fail(where, f"bad scale: {len(anchors)} anchors for a {points}-point scale")
        options = tuple(
            ScaleOption(n, r.text(one, f"{where}: anchors[{n - 1}]"))
            for n, one in enumerate(anchors, start=1)
        )
    elif style == "frequency":
        if "anchors" in item:
            raise r.fail(where, "a 'frequency' item uses the shared scale; remove 'anchors'")
        options = frequency
    else:
        raise r.fail(where, f"style must be 'anchors' or 'frequency', got {style!r}")
    criterion = item.get("criterion")
    if criterion is not None and criterion not in criteria:
        raise r.fail(where, f"unknown criterion {criterion!r}")
    if criterion is None and part_id == ORGANISATION_PART:
        raise r.fail(where, "items about the organisation need a success criterion")
    return Item(
        id=item_id,
        part=part_id,
        dimension=dim_id,
        style=style,
        text=r.text(item["text"], f"{where}: text"),
        options=options,
        criterion=criterion,
        has_ambition=has_ambition,
    )


_SURVEY_KEYS = (
    "id",
    "version",
    "title",
    "intro",
    "relations",
    "frequency",
    "someone_else",
    "externals",
    "expertise",
)


def _parse_network_survey(r: _Reader, raw: dict[str, Any]) -> NetworkSurvey:
    r.expect_id(raw, "network_survey")
    version = r.version(raw)
    raw = r.mapping(raw, "network survey", required=_SURVEY_KEYS)
    relations = []
    for n, one in enumerate(r.sequence(raw["relations"], "relations")):
        rel = r.mapping(one, f"relations[{n}]", required=("id", "label", "question", "help"))
        rel_id = r.identifier(rel["id"], f"relations[{n}]")
        where = f"relation {rel_id!r}"
        relations.append(
            Relation(
                id=rel_id,
                label=r.text(rel["label"], f"{where}: label"),
                question=r.text(rel["question"], f"{where}: question"),
                help=r.text(rel["help"], f"{where}: help"),
            )
        )
    r.unique([rel.id for rel in relations], "relation")

    freq = r.mapping(raw["frequency"], "frequency", required=("question", "options"))
    frequency = tuple(
        FrequencyOption(option.value, option.label)
        for option in _parse_options(r, freq["options"], "frequency.options", 4)
    )
    return NetworkSurvey(
        id=raw["id"],
        version=version,
        title=r.text(raw["title"], "title"),
        intro=r.text(raw["intro"], "intro"),
        relations=tuple(relations),
        frequency_question=r.text(freq["question"], "frequency.question"),
        frequency=frequency,
        someone_else=r.text(raw["someone_else"], "someone_else"),
        externals=_parse_externals(r, raw["externals"]),
        expertise=_parse_expertise(r, raw["expertise"]),
    )


def _parse_externals(r: _Reader, raw: object) -> ExternalsQuestion:
    ext = r.mapping(
        raw,
        "externals",
        required=("question", "help", "frequency_question", "other_prompt", "suggestions"),
    )
    suggestions = []
    for n, one in enumerate(r.sequence(ext["suggestions"], "externals.suggestions")):
        sug = r.mapping(one, f"externals.suggestions[{n}]", required=("id", "name", "label"))
        sug_id = r.identifier(sug["id"], f"externals.suggestions[{n}]")
        where = f"partner suggestion {sug_id!r}"
        suggestions.append(
            PartnerSuggestion(
                id=sug_id,
                name=r.string(sug["name"], f"{where}: name"),
                label=r.text(sug["label"], f"{where}: label"),
            )
        )
    r.unique([s.id for s in suggestions], "partner suggestion")
    r.unique([s.name for s in suggestions], "partner suggestion name")
    return ExternalsQuestion(
        question=r.text(ext["question"], "externals.question"),
        help=r.text(ext["help"], "externals.help"),
        frequency_question=r.text(ext["frequency_question"], "externals.frequency_question"),
        other_prompt=r.text(ext["other_prompt"], "externals.other_prompt"),
        suggestions=tuple(suggestions),
    )


def _parse_expertise(r: _Reader, raw: object) -> ExpertiseQuestion:
    exp = r.mapping(raw, "expertise", required=("question", "help", "areas"))
    areas = []
    for n, one in enumerate(r.sequence(exp["areas"], "expertise.areas")):
        area = r.mapping(one, f"expertise.areas[{n}]", required=("id", "label"))
        area_id = r.identifier(area["id"], f"expertise.areas[{n}]")
        areas.append(
            ExpertiseArea(area_id, r.text(area["label"], f"expertise area {area_id!r}: label"))
        )
    r.unique([a.id for a in areas], "expertise area")
    return ExpertiseQuestion(
        question=r.text(exp["question"], "expertise.question"),
        help=r.text(exp["help"], "expertise.help"),
        areas=tuple(areas),
    )
