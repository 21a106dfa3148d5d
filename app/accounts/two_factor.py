"""Two-factor authentication: time-based codes (TOTP, RFC 6238, any authenticator app) and recovery codes.

Required for administrators, analysts and advisers (they see individuals' data across the platform or in
guidance cases), optional for
everyone else. The member's node keeps the secret (``totp_secret``), the last time step a code was accepted
for (``totp_step``: a code works once) and the SHA-256 of each unused recovery code (``recovery_codes``).
"""

import hashlib
import secrets
import time
from datetime import datetime, timezone

import pyotp
import segno

from graph import accounts as account_queries
from graph.store import GraphStore

#: roles that must use a second factor
REQUIRED_FOR = ("admin", "analyst", "adviser")
RECOVERY_CODES = 10
PENDING = "mfa_member"  # in the session: who gave the right password and owes a code
PENDING_AT = "mfa_at"
PENDING_NEXT = "mfa_next"
ISSUER = "Jisr"


def required(account) -> bool:
    """Whether the account's role must have a second factor."""
    return account.role in REQUIRED_FOR


def enabled(account_data: dict) -> bool:
    """Whether the account has a second factor set up."""
    return bool(account_data.get("totp_secret"))


def new_secret() -> str:
    """A new random secret (base32, as authenticator apps take it)."""
    return pyotp.random_base32()


def qr_svg(secret: str, email: str) -> str:
    """The ``otpauth://`` address of the secret as an inline SVG QR code, for the app to scan."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#1f2933", light="#ffffff")


def _step(secret: str, code: str) -> int | None:
    """The time step ``code`` belongs to (now, or one step either side for clocks a little off), or None."""
    totp = pyotp.TOTP(secret)
    now = time.time()
    for offset in (0, -1, 1):
        at = now + offset * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return totp.timecode(datetime.fromtimestamp(at, tz=timezone.utc))
    return None


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isalnum()).lower()


def enable(store: GraphStore, member_id: str, secret: str, code: str) -> list[str] | None:
    """Turn the second factor on with ``secret`` once ``code`` proves the app has it; the recovery codes to
    show once (None when the code is wrong)."""
    step = _step(secret, _normal(code))
    if step is None:
        return None
    codes = _recovery_codes()
    account_queries.set_two_factor(store, member_id, secret, step, [_digest(_normal(c)) for c in codes])
    return codes


def renew_recovery_codes(store: GraphStore, member_id: str) -> list[str]:
    """New recovery codes in place of the old ones; to show once."""
    codes = _recovery_codes()
    account_queries.set_recovery_codes(store, member_id, [_digest(_normal(c)) for c in codes])
    return codes


def _recovery_codes() -> list[str]:
    return [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]


def disable(store: GraphStore, member_id: str) -> None:
    """Turn the second factor off (for roles that do not require it)."""
    account_queries.set_two_factor(store, member_id, None, None, [])


def check(store: GraphStore, account_data: dict, code: str) -> bool:
    """Whether ``code`` is a valid code not used before, or an unused recovery code (which is then struck)."""
    entered = _normal(code)
    if not entered or not enabled(account_data):
        return False
    if entered.isdigit():
        step = _step(account_data["totp_secret"], entered)
        if step is None or step <= int(account_data.get("totp_step") or 0):
            return False
        return account_queries.use_totp_step(store, account_data["id"], step)
    digest = _digest(entered)
    if digest not in (account_data.get("recovery_codes") or []):
        return False
    return account_queries.use_recovery_code(store, account_data["id"], digest)


def recovery_codes_left(account_data: dict) -> int:
    """How many recovery codes are still unused."""
    return len(account_data.get("recovery_codes") or [])
