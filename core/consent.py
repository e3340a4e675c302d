"""The consent text (content) and the record of who agreed to which version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sqlmodel import Session, col, select

from core.config import get_settings
from core.models import Consent

__all__ = [
    "ConsentRequiredError",
    "ConsentText",
    "consent_of",
    "consent_text",
    "record_consent",
    "require_consent",
]


class ConsentRequiredError(PermissionError):
    """Refused: nothing a participant answers is stored before they have agreed."""

    def __init__(self, participant_id: int) -> None:
        super().__init__(f"participant {participant_id} has not given consent")
        self.participant_id = participant_id


@dataclass(frozen=True)
class ConsentText:
    """One language's consent text and the version it belongs to."""

    version: int
    parts: dict[str, str]


def consent_text(lang: str, *, content_dir: Path | None = None) -> ConsentText:
    """The consent text in `lang`; raises KeyError for a language it lacks."""
    version, texts = _load(str(content_dir or get_settings().content_dir))
    return ConsentText(version=version, parts=texts[lang])


def consent_of(session: Session, participant_id: int) -> Consent | None:
    """The participant's standing consent, if they gave one and did not withdraw it."""
    query = (
        select(Consent)
        .where(Consent.participant_id == participant_id, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.given_at).desc())
    )
    return session.exec(query).first()


def require_consent(session: Session, participant_id: int) -> Consent:
    """The standing consent; raises ConsentRequiredError when there is none.

    The one gate every store of answers passes (self-assessment drafts and network-survey
    drafts), so no page can forget it. Any standing version counts: a newer text does not
    make answers already given unlawful to keep.
    """
    consent = consent_of(session, participant_id)
    if consent is None:
        raise ConsentRequiredError(participant_id)
    return consent


def record_consent(
    session: Session, *, participant_id: int, lang: str, named_network: bool
) -> Consent:
    """Store that the participant agreed to the current version; agreeing twice is harmless."""
    existing = consent_of(session, participant_id)
    version = consent_text(lang).version
    if existing is not None and existing.consent_version == version:
        return existing
    consent = Consent(
        participant_id=participant_id,
        consent_version=version,
        language=lang,
        named_network=named_network,
    )
    session.add(consent)
    session.flush()
    return consent


@lru_cache(maxsize=4)
def _load(content_dir: str) -> tuple[int, dict[str, dict[str, str]]]:
    path = Path(content_dir) / "consent" / "consent.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return int(data["version"]), {lang: data[lang] for lang in ("en", "nb")}
