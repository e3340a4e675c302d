"""Invite tokens: long, random, URL-safe, and never derived from anything about a person."""

from __future__ import annotations

import secrets

__all__ = ["TOKEN_BYTES", "extract_token", "looks_like_token", "new_invite_token"]

# 32 random bytes = 256 bits, 43 URL-safe characters: not guessable, short enough for a QR code.
TOKEN_BYTES = 32


def new_invite_token() -> str:
    """A fresh token from the operating system's CSPRNG."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: str) -> bool:
    """Cheap shape check before a database look-up, so junk never reaches a query."""
    return 32 <= len(value) <= 128 and all(c.isalnum() or c in "-_" for c in value)


def extract_token(text: str) -> str | None:
    """The token in what someone pasted: a bare code or a whole invite link."""
    value = text.strip()
    if "token=" in value:
        value = value.split("token=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    return value if looks_like_token(value) else None
