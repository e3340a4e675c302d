"""Settings read from the environment, with safe embedded defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Language = Literal["nb", "en"]


class Settings(BaseSettings):
    """Deployment settings: environment variables prefixed SAMSPILL_, plus DATABASE_URL."""

    model_config = SettingsConfigDict(env_prefix="SAMSPILL_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'samspill.db'}",
        validation_alias="DATABASE_URL",
    )
    anonymity_threshold: int = Field(default=5, ge=3)
    default_language: Language = "nb"
    content_dir: Path = PROJECT_ROOT / "content"
    # Seconds SQLite waits for a lock before failing: a room of 300 submitting at once
    # queues writers for a moment rather than losing anyone.
    sqlite_busy_timeout_s: float = Field(default=30.0, gt=0)
    # Where participants reach this installation; invite links and QR cards point here.
    public_url: str = "http://localhost:8501"

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_scheme(cls, value: str) -> str:
        """Accept the postgres:// and postgresql:// forms hosting platforms hand out."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value.removeprefix(prefix)
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests clear the cache after changing env."""
    return Settings()
