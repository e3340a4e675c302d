"""The UI string catalogues: both languages carry the same keys and placeholders."""

from __future__ import annotations

import re

import pytest

from core.i18n import LANGUAGES, catalogue, t


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_both_languages_have_the_same_keys() -> None:
    nb, en = catalogue("nb"), catalogue("en")
    assert sorted(set(nb) ^ set(en)) == []


@pytest.mark.parametrize("key", sorted(catalogue("en")))
def test_placeholders_match_across_languages(key: str) -> None:
    assert _placeholders(catalogue("nb")[key]) == _placeholders(catalogue("en")[key])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_string_is_empty(lang: str) -> None:
    assert [key for key, text in catalogue(lang).items() if not text.strip()] == []


def test_a_missing_key_shows_as_itself_instead_of_crashing() -> None:
    assert t("no.such.key", "nb") == "no.such.key"
