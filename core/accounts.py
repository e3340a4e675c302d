"""Facilitator accounts: argon2 password hashes, a limit on failed attempts, OIDC identities."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from core.models import FacilitatorAccount, utcnow

__all__ = [
    "LOCKOUT",
    "MAX_FAILED_ATTEMPTS",
    "MIN_PASSWORD_LENGTH",
    "AccountError",
    "SignInResult",
    "authenticate",
    "create_facilitator",
    "facilitator_for_oidc",
]

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong
# password and response time does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("samspill-timing-equaliser")


class AccountError(ValueError):
    """An account cannot be created as asked."""


class SignInResult(Enum):
    """Why a sign-in worked or not; the page shows one neutral message for the failures."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


def create_facilitator(
    session: Session, *, email: str, password: str, name: str = ""
) -> FacilitatorAccount:
    """Create an account; refuses short passwords and duplicate e-mails."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if session.exec(select(FacilitatorAccount).where(FacilitatorAccount.email == email)).first():
        raise AccountError(f"an account for {email} exists already")
    account = FacilitatorAccount(
        email=email, name=name.strip(), password_hash=_hasher.hash(password)
    )
    session.add(account)
    session.flush()
    return account


def authenticate(
    session: Session, *, email: str, password: str, now: datetime | None = None
) -> tuple[SignInResult, FacilitatorAccount | None]:
    """Check a password, counting failures and locking the account after too many."""
    now = now or utcnow()
    query = select(FacilitatorAccount).where(FacilitatorAccount.email == email.strip().lower())
    account = session.exec(query).first()
    if account is None or account.password_hash is None:
        _verify(_DUMMY_HASH, password)
        return SignInResult.WRONG, None
    if account.locked_until is not None and _aware(account.locked_until) > now:
        return SignInResult.LOCKED, None
    if not _verify(account.password_hash, password):
        account.failed_attempts += 1
        if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
            account.locked_until = now + LOCKOUT
            account.failed_attempts = 0
        session.add(account)
        return SignInResult.WRONG, None
    account.failed_attempts = 0
    account.locked_until = None
    account.last_login_at = now
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    session.add(account)
    return SignInResult.OK, account


def facilitator_for_oidc(
    session: Session,
    *,
    subject: str,
    email: str | None,
    email_verified: bool | None = None,
    now: datetime | None = None,
) -> FacilitatorAccount | None:
    """The account an OpenID Connect identity signs in as, or None: never a new account.

    The provider's subject is the lasting key. The first time, an account is found by its
    e-mail and the subject is recorded on it; after that the e-mail no longer matters, so
    a changed address at the provider keeps working and a reused address cannot take over.
    An address the provider says is unverified never matches.
    """
    subject = subject.strip()
    if not subject:
        return None
    by_subject = select(FacilitatorAccount).where(FacilitatorAccount.oidc_subject == subject)
    account = session.exec(by_subject).first()
    if account is None:
        address = (email or "").strip().lower()
        if not address or email_verified is False:
            return None
        by_email = select(FacilitatorAccount).where(FacilitatorAccount.email == address)
        account = session.exec(by_email).first()
        if account is None or account.oidc_subject is not None:
            return None
        account.oidc_subject = subject
    account.last_login_at = now or utcnow()
    session.add(account)
    session.flush()
    return account


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
