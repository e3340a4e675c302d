"""UI strings in Norwegian bokmål and English, read from content/i18n/<lang>.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from core.config import get_settings

__all__ = ["LANGUAGES", "I18nError", "catalogue", "t"]

LANGUAGES: tuple[str, ...] = ("nb", "en")


class I18nError(ValueError):
    """A string catalogue is missing or malformed."""


def t(key: str, lang: str, /, **params: object) -> str:
    """The text for `key` in `lang`, formatted with `params`.

    A key missing in `lang` falls back to the other language and then to the key itself,
    so a gap shows up as visible text rather than a crash; the content tests make sure
    there are no gaps.
    """
    for candidate in (lang, *LANGUAGES):
        text = catalogue(candidate).get(key)
        if text is not None:
            return text.format(**params) if params else text
    return key


def catalogue(lang: str, content_dir: Path | None = None) -> dict[str, str]:
    """Every string of one language, keyed by dotted key."""
    return _load(str(content_dir or get_settings().content_dir), lang)


@lru_cache(maxsize=8)
def _load(content_dir: str, lang: str) -> dict[str, str]:
    """Merge <lang>.yaml with the per-feature files <area>.<lang>.yaml beside it."""
    if lang not in LANGUAGES:
        raise I18nError(f"Unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    folder = Path(content_dir) / "i18n"
    merged: dict[str, str] = {}
    for path in [folder / f"{lang}.yaml", *sorted(folder.glob(f"*.{lang}.yaml"))]:
        for key, text in _read(path).items():
            if key in merged:
                raise I18nError(f"{path}: key {key!r} is defined twice")
            merged[key] = text
    return merged


def _read(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise I18nError(f"{path}: cannot be read as YAML: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise I18nError(f"{path}: must be a flat mapping of dotted keys to strings")
    return data
