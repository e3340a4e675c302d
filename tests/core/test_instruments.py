"""Loader and validator tests on small instrument files written to tmp_path."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.instruments import (
    FALLBACK_LANGUAGE,
    InstrumentError,
    Text,
    load_instrument,
    load_network_survey,
    text,
)


def _t(word: str) -> dict[str, str]:
    return {"en": word, "nb": f"{word} (nb)"}


def _anchors() -> list[dict[str, str]]:
    return [_t(f"step {n}") for n in range(1, 6)]


def _item(item_id: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "style": "anchors", "text": _t(item_id)}
    item["anchors"] = _anchors()
    item.update(extra)
    return item


def _valid_instrument() -> dict[str, Any]:
    """A small instrument that passes validation: 4 person items, 4 organisation items."""
    return {
        "id": "digital_fitness",
        "version": 1,
        "title": _t("title"),
        "description": _t("description"),
        "scale": {
            "points": 5,
            "dont_know": _t("don't know"),
            "frequency": [{"value": n, "label": _t(f"freq {n}")} for n in range(1, 6)],
        },
        "ambition": {"question": _t("two years?"), "help": _t("help")},
        "bands": [
            {"id": "low", "lower": 0, "upper": 50, "label": _t("low"), "description": _t("d")},
            {"id": "high", "lower": 51, "upper": 100, "label": _t("high"), "description": _t("d")},
        ],
        "criteria": [
            {"id": "benefits_realisation", "title": _t("c"), "summary": _t("s"), "case": "Bergen"}
        ],
        "parts": [
            {
                "id": "person",
                "title": _t("me"),
                "intro": _t("intro"),
                "ambition": False,
                "dimensions": [
                    {
                        "id": "skills",
                        "title": _t("skills"),
                        "description": _t("d"),
                        "items": [
                            _item("skills.a"),
                            _item("skills.b"),
                            {"id": "skills.c", "style": "frequency", "text": _t("how often?")},
                            _item("skills.d"),
                        ],
                    }
                ],
            },
            {
                "id": "organisation",
                "title": _t("us"),
                "intro": _t("intro"),
                "ambition": True,
                "dimensions": [
                    {
                        "id": "management",
                        "title": _t("management"),
                        "description": _t("d"),
                        "items": [
                            _item(f"management.{x}", criterion="benefits_realisation")
                            for x in "abcd"
                        ],
                    }
                ],
            },
        ],
    }


def _valid_survey() -> dict[str, Any]:
    return {
        "id": "network_survey",
        "version": 2,
        "title": _t("title"),
        "intro": _t("intro"),
        "relations": [
            {"id": rel, "label": _t(rel), "question": _t(f"who for {rel}?"), "help": _t("h")}
            for rel in ("information", "advice")
        ],
        "frequency": {
            "question": _t("how often?"),
            "options": [{"value": n, "label": _t(f"f{n}")} for n in range(1, 5)],
        },
        "someone_else": _t("someone else?"),
        "externals": {
            "question": _t("which organisations?"),
            "help": _t("h"),
            "frequency_question": _t("how often?"),
            "other_prompt": _t("other"),
            "suggestions": [
                {"id": "ks", "name": "KS", "label": _t("KS")},
                {"id": "nav", "name": "NAV", "label": _t("NAV")},
            ],
        },
        "expertise": {
            "question": _t("what can you help with?"),
            "help": _t("h"),
            "areas": [
                {"id": "privacy_gdpr", "label": _t("privacy")},
                {"id": "procurement", "label": _t("procurement")},
            ],
        },
    }


def _write(content_dir: Path, data: dict[str, Any], name: str) -> Path:
    path = content_dir / "instruments" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _person_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = data["parts"][0]["dimensions"][0]["items"]
    return items


# --------------------------------------------------------------------------- instrument


def test_valid_instrument_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    _write(tmp_path, _valid_instrument(), "digital_fitness")
    instrument = load_instrument(content_dir=tmp_path)

    assert (instrument.id, instrument.version, instrument.points) == ("digital_fitness", 1, 5)
    assert [d.id for d in instrument.dimensions] == ["skills", "management"]
    anchored = instrument.item("skills.a")
    assert [o.value for o in anchored.options] == [1, 2, 3, 4, 5]
    assert anchored.options[2].label == {"en": "step 3", "nb": "step 3 (nb)"}
    # A frequency item borrows the shared frequency labels.
    assert instrument.item("skills.c").options == instrument.frequency_scale
    assert instrument.dont_know.value == 0
    assert not anchored.has_ambition
    assert anchored.criterion is None
    managed = instrument.item("management.a")
    assert managed.has_ambition
    assert managed.ambition_key == "management.a.ambition"
    assert managed.criterion == "benefits_realisation"
    assert instrument.criterion("benefits_realisation").case == "Bergen"
    assert instrument.answer_keys[-2:] == ("management.d", "management.d.ambition")
    assert len(instrument.answer_keys) == 4 + 2 * 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        instrument.version = 2  # type: ignore[misc]


def test_lookup_of_an_unknown_id_raises_key_error(tmp_path: Path) -> None:
    _write(tmp_path, _valid_instrument(), "digital_fitness")
    instrument = load_instrument(content_dir=tmp_path)
    with pytest.raises(KeyError, match=r"no item with id 'skills\.zzz'"):
        instrument.item("skills.zzz")
    with pytest.raises(KeyError, match="dimension"):
        instrument.dimension("nope")


def test_loading_twice_returns_the_cached_object(tmp_path: Path) -> None:
    _write(tmp_path, _valid_instrument(), "digital_fitness")
    assert load_instrument(content_dir=tmp_path) is load_instrument(content_dir=tmp_path)


def test_an_edited_file_is_loaded_again(tmp_path: Path) -> None:
    data = _valid_instrument()
    path = _write(tmp_path, data, "digital_fitness")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert load_instrument(content_dir=tmp_path).version == 1

    data["version"] = 2
    _write(tmp_path, data, "digital_fitness")
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    assert load_instrument(content_dir=tmp_path).version == 2


def _drop_nb_from_item_text(d: dict[str, Any]) -> None:
    del _person_items(d)[1]["text"]["nb"]


def _drop_en_from_anchor(d: dict[str, Any]) -> None:
    _person_items(d)[0]["anchors"][4]["en"] = "  "


def _duplicate_item(d: dict[str, Any]) -> None:
    _person_items(d)[3]["id"] = "skills.a"


def _unknown_part(d: dict[str, Any]) -> None:
    d["parts"][0]["id"] = "team"


def _three_items(d: dict[str, Any]) -> None:
    del _person_items(d)[3]


def _seven_items(d: dict[str, Any]) -> None:
    _person_items(d).extend(_item(f"skills.extra{n}") for n in range(3))


def _four_anchors(d: dict[str, Any]) -> None:
    del _person_items(d)[0]["anchors"][0]


def _frequency_skips_a_value(d: dict[str, Any]) -> None:
    d["scale"]["frequency"][4]["value"] = 6


def _missing_version(d: dict[str, Any]) -> None:
    del d["version"]


def _string_version(d: dict[str, Any]) -> None:
    d["version"] = "1"


def _boolean_version(d: dict[str, Any]) -> None:
    d["version"] = True


def _unknown_criterion(d: dict[str, Any]) -> None:
    d["parts"][1]["dimensions"][0]["items"][0]["criterion"] = "good_vibes"


def _organisation_item_without_criterion(d: dict[str, Any]) -> None:
    del d["parts"][1]["dimensions"][0]["items"][2]["criterion"]


def _gap_between_bands(d: dict[str, Any]) -> None:
    d["bands"][1]["lower"] = 60


def _bands_stop_short(d: dict[str, Any]) -> None:
    d["bands"][1]["upper"] = 99


def _misspelt_key(d: dict[str, Any]) -> None:
    _person_items(d)[0]["anchor"] = _person_items(d)[0].pop("anchors")


def _unknown_style(d: dict[str, Any]) -> None:
    _person_items(d)[0]["style"] = "likert"


def _item_in_wrong_dimension(d: dict[str, Any]) -> None:
    _person_items(d)[0]["id"] = "data.a"


def _item_named_ambition(d: dict[str, Any]) -> None:
    _person_items(d)[0]["id"] = "skills.ambition"


def _duplicate_dimension(d: dict[str, Any]) -> None:
    d["parts"][1]["dimensions"][0]["id"] = "skills"
    for n, item in enumerate(d["parts"][1]["dimensions"][0]["items"]):
        item["id"] = f"skills.m{n}"


def _norwegian_under_wrong_code(d: dict[str, Any]) -> None:
    d["title"]["no"] = d["title"].pop("nb")


def _id_does_not_match_file(d: dict[str, Any]) -> None:
    d["id"] = "other"


BROKEN_INSTRUMENTS: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_drop_nb_from_item_text, "item 'skills.b': text: missing the 'nb' translation"),
    (_drop_en_from_anchor, "item 'skills.a': anchors[4]: missing the 'en' translation"),
    (_duplicate_item, "item 'skills.a': duplicate item id"),
    (_unknown_part, "part 'team': unknown part"),
    (_three_items, "dimension 'skills': has 3 items; a dimension needs 4-6"),
    (_seven_items, "dimension 'skills': has 7 items"),
    (_four_anchors, "item 'skills.a': bad scale: 4 anchors for a 5-point scale"),
    (_frequency_skips_a_value, "scale.frequency: bad scale: values must be 1..5"),
    (_missing_version, "missing version"),
    (_string_version, "version: expected a whole number, got '1'"),
    (_boolean_version, "version: expected a whole number, got True"),
    (_unknown_criterion, "item 'management.a': unknown criterion 'good_vibes'"),
    (_organisation_item_without_criterion, "item 'management.c': items about the organisation"),
    (_gap_between_bands, "band 'high': bands must cover 0-100 without gaps"),
    (_bands_stop_short, "band 'high': the last band must end at 100"),
    (_misspelt_key, "unknown key 'anchor'"),
    (_unknown_style, "item 'skills.a': style must be 'anchors' or 'frequency'"),
    (_item_in_wrong_dimension, "item 'data.a': item ids must look like 'skills.some_name'"),
    (_item_named_ambition, "item 'skills.ambition'"),
    (_duplicate_dimension, "dimension 'skills': duplicate dimension id"),
    (_norwegian_under_wrong_code, "title: missing the 'nb' translation"),
    (_id_does_not_match_file, "id: expected 'digital_fitness', got 'other'"),
]


@pytest.mark.parametrize(
    ("breakage", "message"), BROKEN_INSTRUMENTS, ids=[b.__name__ for b, _ in BROKEN_INSTRUMENTS]
)
def test_broken_instrument_names_file_and_place(
    tmp_path: Path, breakage: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _valid_instrument()
    breakage(data)
    path = _write(tmp_path, data, "digital_fitness")
    with pytest.raises(InstrumentError) as excinfo:
        load_instrument(content_dir=tmp_path)
    assert str(excinfo.value).startswith(f"{path}: ")
    assert message in str(excinfo.value)


def test_invalid_yaml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "instruments" / "digital_fitness.yaml"
    path.parent.mkdir()
    path.write_text("id: digital_fitness\nparts: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"digital_fitness\.yaml: not valid YAML"):
        load_instrument(content_dir=tmp_path)


def test_a_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match=r"instruments/digital_fitness\.yaml: cannot read"):
        load_instrument(content_dir=tmp_path)


@pytest.mark.parametrize("bad_id", ["../secrets", "Digital", "", "a/b"])
def test_instrument_ids_cannot_escape_the_content_folder(tmp_path: Path, bad_id: str) -> None:
    with pytest.raises(InstrumentError, match="invalid instrument id"):
        load_instrument(bad_id, content_dir=tmp_path)


def test_the_network_survey_is_not_a_self_assessment(tmp_path: Path) -> None:
    _write(tmp_path, _valid_survey(), "network_survey")
    with pytest.raises(InstrumentError, match="load_network_survey"):
        load_instrument("network_survey", content_dir=tmp_path)


# --------------------------------------------------------------------------- network survey


def test_valid_network_survey_loads(tmp_path: Path) -> None:
    _write(tmp_path, _valid_survey(), "network_survey")
    survey = load_network_survey(content_dir=tmp_path)
    assert survey.version == 2
    assert survey.relation_ids == ("information", "advice")
    assert survey.relation("advice").question["nb"] == "who for advice? (nb)"
    assert [f.value for f in survey.frequency] == [1, 2, 3, 4]
    assert [s.name for s in survey.externals.suggestions] == ["KS", "NAV"]
    assert [a.id for a in survey.expertise.areas] == ["privacy_gdpr", "procurement"]


def _relation_without_nb(d: dict[str, Any]) -> None:
    del d["relations"][1]["question"]["nb"]


def _duplicate_relation(d: dict[str, Any]) -> None:
    d["relations"][1]["id"] = "information"


def _frequency_from_zero(d: dict[str, Any]) -> None:
    for n, option in enumerate(d["frequency"]["options"]):
        option["value"] = n


def _five_frequencies(d: dict[str, Any]) -> None:
    d["frequency"]["options"].append({"value": 5, "label": _t("hourly")})


def _duplicate_area(d: dict[str, Any]) -> None:
    d["expertise"]["areas"][1]["id"] = "privacy_gdpr"


def _duplicate_partner_name(d: dict[str, Any]) -> None:
    d["externals"]["suggestions"][1]["name"] = "KS"


def _survey_without_version(d: dict[str, Any]) -> None:
    del d["version"]


def _survey_without_someone_else(d: dict[str, Any]) -> None:
    del d["someone_else"]


BROKEN_SURVEYS: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_relation_without_nb, "relation 'advice': question: missing the 'nb' translation"),
    (_duplicate_relation, "relation 'information': duplicate relation id"),
    (_frequency_from_zero, "frequency.options: bad scale: values must be 1..4"),
    (_five_frequencies, "frequency.options: bad scale"),
    (_duplicate_area, "expertise area 'privacy_gdpr': duplicate"),
    (_duplicate_partner_name, "partner suggestion name 'KS': duplicate"),
    (_survey_without_version, "missing version"),
    (_survey_without_someone_else, "missing 'someone_else'"),
]


@pytest.mark.parametrize(
    ("breakage", "message"), BROKEN_SURVEYS, ids=[b.__name__ for b, _ in BROKEN_SURVEYS]
)
def test_broken_network_survey_names_file_and_place(
    tmp_path: Path, breakage: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _valid_survey()
    breakage(data)
    path = _write(tmp_path, data, "network_survey")
    with pytest.raises(InstrumentError) as excinfo:
        load_network_survey(content_dir=tmp_path)
    assert str(excinfo.value).startswith(f"{path}: ")
    assert message in str(excinfo.value)


# --------------------------------------------------------------------------- texts


def test_text_is_a_read_only_hashable_mapping() -> None:
    t = Text(en="Advice", nb="Råd")
    assert t == {"en": "Advice", "nb": "Råd"}
    assert dict(t) == {"en": "Advice", "nb": "Råd"}
    assert hash(t) == hash(Text(en="Advice", nb="Råd"))
    assert "nb" in t
    assert "no" not in t
    with pytest.raises(KeyError):
        t["no"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.nb = "Hjelp"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "Råd"),
        ("en", "Advice"),
        ("nn", "Advice"),  # no nynorsk text: fall back to English
        ("", "Advice"),
    ],
)
def test_text_picks_the_language_or_falls_back(lang: str, expected: str) -> None:
    assert FALLBACK_LANGUAGE == "en"
    assert text(Text(en="Advice", nb="Råd"), lang) == expected
    assert text({"en": "Advice", "nb": "Råd"}, lang) == expected
