"""OpenID Connect sign-in: an identity maps to an existing facilitator account, or to none."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from core.accounts import create_facilitator, facilitator_for_oidc

PASSWORD = "en lang og god frase"


@pytest.fixture
def kari(session: Session) -> int:
    account = create_facilitator(session, email="kari@example.no", password=PASSWORD)
    assert account.id is not None
    return account.id


def test_the_first_sign_in_matches_by_email_and_records_the_subject(
    session: Session, kari: int
) -> None:
    account = facilitator_for_oidc(
        session, subject="sub-123", email=" Kari@Example.no", email_verified=True
    )
    assert account is not None
    assert account.id == kari
    assert account.oidc_subject == "sub-123"
    assert account.last_login_at is not None


def test_later_sign_ins_match_by_subject_even_with_a_new_address(
    session: Session, kari: int
) -> None:
    facilitator_for_oidc(session, subject="sub-123", email="kari@example.no")
    account = facilitator_for_oidc(session, subject="sub-123", email="kari.ny@example.no")
    assert account is not None
    assert account.id == kari


@pytest.mark.parametrize(
    ("subject", "email", "verified"),
    [
        ("sub-999", "ola@example.no", True),  # no account for this person
        ("sub-999", None, None),  # the provider gave no address
        ("sub-999", "kari@example.no", False),  # unverified address
        ("   ", "kari@example.no", True),  # no subject
    ],
)
def test_unknown_identities_get_no_account(
    session: Session, kari: int, subject: str, email: str | None, verified: bool | None
) -> None:
    assert (
        facilitator_for_oidc(session, subject=subject, email=email, email_verified=verified) is None
    )


def test_an_address_linked_to_another_subject_cannot_be_taken_over(
    session: Session, kari: int
) -> None:
    facilitator_for_oidc(session, subject="sub-123", email="kari@example.no")
    assert facilitator_for_oidc(session, subject="sub-other", email="kari@example.no") is None
