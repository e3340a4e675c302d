"""Facilitator accounts: hashed passwords, clear refusals, and a lockout after failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from core.accounts import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    AccountError,
    SignInResult,
    authenticate,
    create_facilitator,
)
from core.models import utcnow

PASSWORD = "en lang og god frase"


def test_the_password_is_stored_only_as_an_argon2_hash(session: Session) -> None:
    account = create_facilitator(session, email="Kari@Example.no", password=PASSWORD)
    assert account.email == "kari@example.no"
    assert account.password_hash is not None
    assert account.password_hash.startswith("$argon2")
    assert PASSWORD not in account.password_hash


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("kari@example.no", "kort", "at least"),
        ("not-an-address", PASSWORD, "not an e-mail"),
    ],
)
def test_bad_accounts_are_refused(
    session: Session, email: str, password: str, message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        create_facilitator(session, email=email, password=password)


def test_a_second_account_for_the_same_address_is_refused(session: Session) -> None:
    create_facilitator(session, email="kari@example.no", password=PASSWORD)
    with pytest.raises(AccountError, match="exists already"):
        create_facilitator(session, email="KARI@example.no", password=PASSWORD)


def test_sign_in_with_the_right_and_the_wrong_password(session: Session) -> None:
    create_facilitator(session, email="kari@example.no", password=PASSWORD)
    assert authenticate(session, email="kari@example.no", password="feil")[0] is SignInResult.WRONG
    result, account = authenticate(session, email=" KARI@example.no ", password=PASSWORD)
    assert result is SignInResult.OK
    assert account is not None


def test_an_unknown_address_looks_like_a_wrong_password(session: Session) -> None:
    assert authenticate(session, email="nobody@example.no", password=PASSWORD) == (
        SignInResult.WRONG,
        None,
    )


def test_repeated_failures_lock_the_account_for_a_while(session: Session) -> None:
    create_facilitator(session, email="kari@example.no", password=PASSWORD)
    now = utcnow()
    for _ in range(MAX_FAILED_ATTEMPTS):
        authenticate(session, email="kari@example.no", password="feil", now=now)
    # Even the right password is refused while the lock lasts ...
    locked = authenticate(session, email="kari@example.no", password=PASSWORD, now=now)
    assert locked[0] is SignInResult.LOCKED
    # ... and accepted once it has run out.
    later = now + LOCKOUT + timedelta(seconds=1)
    assert authenticate(session, email="kari@example.no", password=PASSWORD, now=later)[0] is (
        SignInResult.OK
    )
