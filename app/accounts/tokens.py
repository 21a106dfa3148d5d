"""Personal API tokens: ``jisr_<id>_<secret>``, of which only a hash of the secret is stored."""

import hashlib
import hmac
import secrets
import time
import uuid

from graph import accounts as account_queries
from graph.store import GraphStore

PREFIX = "jisr_"


def _digest(secret: str) -> str:
    # The secret is 256 random bits: a fast hash is enough and keeps every API call cheap.
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(store: GraphStore, member_id: str, name: str) -> tuple[str, dict]:
    """Create a token for the member; return the bearer string (shown once) and its public fields."""
    token_id = uuid.uuid4().hex
    secret = secrets.token_urlsafe(32)
    token = account_queries.create_token(store, member_id, token_id, name, _digest(secret), _now())
    return f"{PREFIX}{token_id}_{secret}", token


def account_for_token(store: GraphStore, bearer: str) -> dict | None:
    """The account a live token belongs to, or None for a malformed, unknown or revoked one."""
    if not bearer.startswith(PREFIX):
        return None
    token_id, _, secret = bearer[len(PREFIX) :].partition("_")
    if not token_id or not secret or len(token_id) != 32:
        return None
    found = account_queries.token_owner(store, token_id)
    if not found or not hmac.compare_digest(found["secret_hash"], _digest(secret)):
        return None
    account_queries.mark_token_used(store, token_id, _now())
    return found["account"]


def _now() -> int:
    return int(time.time() * 1000)
