"""One-time links mailed to a person: confirm an address, reset a password, confirm a new address.

A link carries ``<member id>.<random secret>``; the member's node lists its live tickets as
``<purpose>|<sha256 of the secret>|<expiry, ms>|<payload>`` (``tickets``), so a link is useless without the
graph, dies with the account, and is struck when used: each works once, until its expiry. A new ticket for a
purpose replaces the member's previous one (the latest mail is the one that works).
"""

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from graph import accounts as account_queries
from graph.store import GraphStore

VERIFY_EMAIL = "verify"
RESET_PASSWORD = "reset"
CHANGE_EMAIL = "email"


@dataclass(frozen=True)
class Ticket:
    """A ticket found for a link: the account it opens and what it carries."""

    account: dict
    payload: str
    entry: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> int:
    return int(time.time() * 1000)


def issue(store: GraphStore, account: dict, purpose: str, minutes: int, payload: str = "") -> str:
    """A new link token for ``purpose``, valid ``minutes``; it replaces the account's earlier one for it."""
    secret = secrets.token_urlsafe(24)
    now = _now()
    kept = [
        entry for entry in account.get("tickets") or [] if not entry.startswith(purpose + "|") and _expiry(entry) > now
    ]
    entry = f"{purpose}|{_digest(secret)}|{now + minutes * 60_000}|{payload}"
    account_queries.set_tickets(store, account["id"], [*kept, entry])
    return f"{account['id']}.{secret}"


def find(store: GraphStore, purpose: str, token: str) -> Ticket | None:
    """The live ticket a link token stands for, without using it up; None if unknown, used or expired."""
    member_id, _, secret = str(token).partition(".")
    if not member_id or not secret or len(token) > 200:
        return None
    account = account_queries.member_by_id(store, member_id)
    if not account:
        return None
    digest = _digest(secret)
    for entry in account.get("tickets") or []:
        kind, listed, _expires, payload = (entry.split("|", 3) + ["", "", ""])[:4]
        if kind == purpose and hmac.compare_digest(listed, digest) and _expiry(entry) > _now():
            return Ticket(account=account, payload=payload, entry=entry)
    return None


def redeem(store: GraphStore, purpose: str, token: str) -> Ticket | None:
    """Use a link: the ticket, struck from the account so that it never works again; None if it no longer
    works (of two uses at once, only one gets it)."""
    ticket = find(store, purpose, token)
    if ticket is None or not account_queries.take_ticket(store, ticket.account["id"], ticket.entry):
        return None
    return ticket


def _expiry(entry: str) -> int:
    parts = entry.split("|", 3)
    try:
        return int(parts[2])
    except (IndexError, ValueError):
        return 0
