"""Invite tokens: long, random, and recognised in whatever a person pastes."""

from __future__ import annotations

import pytest

from core.tokens import extract_token, looks_like_token, new_invite_token


def test_tokens_are_long_unique_and_url_safe() -> None:
    tokens = {new_invite_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) >= 43 and looks_like_token(t) for t in tokens)


TOKEN = "A" * 20 + "b-_" + "9" * 20


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (TOKEN, TOKEN),
        (f"  {TOKEN}\n", TOKEN),
        (f"https://samspill.example/?token={TOKEN}", TOKEN),
        (f"https://samspill.example/start?lang=nb&token={TOKEN}&x=1", TOKEN),
        ("short", None),
        ("'; DROP TABLE participants; --" + "x" * 40, None),
        ("", None),
    ],
)
def test_extract_token_from_a_code_or_a_link(pasted: str, expected: str | None) -> None:
    assert extract_token(pasted) == expected
