"""Accounts: the ``Member`` node's login side, and personal API tokens.

A person is one ``Member`` node; this module owns its credentials, role,
language and consent. Tokens hang off it as ``(m)-[:HAS_TOKEN]->(t:ApiToken)``.
"""

from .cypher import Cypher
from .errors import Conflict
from .members import searchable
from .store import GraphStore

ACCOUNT_FIELDS = (
    "m {.id, .email, .display_name, .password_hash, .role, .locale, .auth_version, "
    ".consent_version, .consent_at, .created_at, .status, .network_ids, .coordinated_ids, .label_ids, "
    ".represented_ids, .timezone, "
    ".photo, .session_ids, .tickets, .email_verified_at, .totp_secret, .totp_step, .recovery_codes}"
)

CREATE_MEMBER = Cypher(
    "CREATE (m:Member {id: $id, email: $email, email_key: $email_key, display_name: $display_name, "
    "password_hash: $password_hash, role: $role, locale: $locale, auth_version: 1, status: $status, "
    "availability: 'none', visibility: 'members', skill_ids: [], sector_ids: [], language_ids: [], "
    "network_ids: [], coordinated_ids: [], label_ids: [], search_text: $search_text, name_keys_text: $name_keys, "
    "consent_version: $consent_version, consent_at: $now, created_at: $now, last_active_at: $now, "
    "email_verified_at: $verified_at}) "
    "RETURN " + ACCOUNT_FIELDS + " AS account"
)
MEMBER_BY_ID = Cypher("MATCH (m:Member {id: $id}) RETURN " + ACCOUNT_FIELDS + " AS account")
MEMBER_BY_EMAIL = Cypher("MATCH (m:Member {email_key: $email_key}) RETURN " + ACCOUNT_FIELDS + " AS account")
SET_LOCALE = Cypher("MATCH (m:Member {id: $id}) SET m.locale = $locale RETURN m.id AS id")
SET_ROLE = Cypher("MATCH (m:Member {id: $id}) SET m.role = $role RETURN m.id AS id")
SET_PASSWORD = Cypher(
    "MATCH (m:Member {id: $id}) SET m.password_hash = $password_hash, m.auth_version = m.auth_version + 1 "
    "RETURN m.auth_version AS auth_version"
)
SET_STATUS = Cypher("MATCH (m:Member {id: $id}) SET m.status = $status RETURN m.id AS id")
SET_SESSIONS = Cypher("MATCH (m:Member {id: $id}) SET m.session_ids = $ids RETURN m.id AS id")
DROP_SESSION = Cypher(
    "MATCH (m:Member {id: $id}) "
    "SET m.session_ids = [s IN coalesce(m.session_ids, []) WHERE NOT s STARTS WITH $prefix] RETURN m.id AS id"
)
SET_TICKETS = Cypher("MATCH (m:Member {id: $id}) SET m.tickets = $tickets RETURN m.id AS id")
# Strikes a ticket only if it is still listed: of two uses at once, one finds it gone.
TAKE_TICKET = Cypher(
    "MATCH (m:Member {id: $id}) WHERE $entry IN coalesce(m.tickets, []) "
    "SET m.tickets = [t IN m.tickets WHERE t <> $entry] RETURN m.id AS id"
)
ACTIVATE = Cypher(
    "MATCH (m:Member {id: $id}) WHERE m.status = 'pending' SET m.status = 'active', m.email_verified_at = $now "
    "RETURN m.id AS id"
)
SET_EMAIL = Cypher(
    "MATCH (m:Member {id: $id}) SET m.email = $email, m.email_key = $email_key, m.email_verified_at = $now "
    "RETURN m.id AS id"
)
# unconfirmed registrations past their time: their consent log first, then the account itself
STALE_PENDING_LOGS = Cypher(
    "MATCH (m:Member {status: 'pending'})-[:CONSENT_EVENT]->(c:ConsentEvent) WHERE m.created_at < $before "
    "DETACH DELETE c RETURN count(*) AS n"
)
STALE_PENDING = Cypher(
    "MATCH (m:Member {status: 'pending'}) WHERE m.created_at < $before DETACH DELETE m RETURN count(*) AS n"
)
SET_TWO_FACTOR = Cypher(
    "MATCH (m:Member {id: $id}) SET m.totp_secret = $secret, m.totp_step = $step, m.recovery_codes = $codes "
    "RETURN m.id AS id"
)
# a code's time step is taken only if later than the last one used: of two uses of one code, one fails
USE_TOTP_STEP = Cypher(
    "MATCH (m:Member {id: $id}) WHERE coalesce(m.totp_step, 0) < $step SET m.totp_step = $step RETURN m.id AS id"
)
SET_RECOVERY_CODES = Cypher("MATCH (m:Member {id: $id}) SET m.recovery_codes = $codes RETURN m.id AS id")
USE_RECOVERY_CODE = Cypher(
    "MATCH (m:Member {id: $id}) WHERE $digest IN coalesce(m.recovery_codes, []) "
    "SET m.recovery_codes = [c IN m.recovery_codes WHERE c <> $digest] RETURN m.id AS id"
)
SCHEDULE_DELETION = Cypher(
    "MATCH (m:Member {id: $id}) WHERE m.status = 'active' SET m.status = 'deleting', m.deletion_due_at = $due, "
    "m.session_ids = [] RETURN m.id AS id"
)
CANCEL_DELETION = Cypher(
    "MATCH (m:Member {id: $id}) WHERE m.status = 'deleting' SET m.status = 'active', m.deletion_due_at = null "
    "RETURN m.id AS id"
)
DELETIONS_DUE = Cypher(
    "MATCH (m:Member {status: 'deleting'}) WHERE m.deletion_due_at <= $now RETURN m.id AS id ORDER BY id"
)
# accounts unused for long: warned once, then deleted if still unused a while after the warning
INACTIVE_TO_WARN = Cypher(
    "MATCH (m:Member {status: 'active'}) WHERE m.last_active_at < $before AND m.email_key IS NOT NULL "
    "AND m.inactivity_warned_at IS NULL "
    "RETURN m {.id, .email, .display_name, .locale} AS account ORDER BY m.last_active_at LIMIT $limit"
)
MARK_WARNED = Cypher(
    "UNWIND $ids AS mid MATCH (m:Member {id: mid}) SET m.inactivity_warned_at = $now RETURN count(m) AS n"
)
BACK_IN_USE = Cypher(
    "MATCH (m:Member) WHERE m.inactivity_warned_at IS NOT NULL AND m.last_active_at >= m.inactivity_warned_at "
    "SET m.inactivity_warned_at = null RETURN count(m) AS n"
)
INACTIVE_TO_DELETE = Cypher(
    "MATCH (m:Member {status: 'active'}) WHERE m.inactivity_warned_at < $warned_before "
    "AND m.last_active_at < m.inactivity_warned_at RETURN m.id AS id ORDER BY id LIMIT $limit"
)
TOUCH = Cypher("MATCH (m:Member {id: $id}) SET m.last_active_at = $now RETURN m.id AS id")

# The administrators' list of accounts: people who can log in, found by a part of their name or address.
ACCOUNT_LIST_WHERE = (
    "WHERE m.email_key IS NOT NULL AND ($status = '' OR m.status = $status) "
    "AND ($q = '' OR m.email_key CONTAINS $q OR toLower(m.display_name) CONTAINS $q) "
)
ACCOUNT_LIST = Cypher(
    "MATCH (m:Member) " + ACCOUNT_LIST_WHERE + "RETURN m {.id, .display_name, .email, .role, .status, .created_at, "
    ".last_active_at} AS account ORDER BY toLower(m.display_name), m.id SKIP $skip LIMIT $limit"
)
ACCOUNT_COUNT = Cypher("MATCH (m:Member) " + ACCOUNT_LIST_WHERE + "RETURN count(m) AS n")

CREATE_TOKEN = Cypher(
    "MATCH (m:Member {id: $member_id}) "
    "CREATE (m)-[:HAS_TOKEN]->(t:ApiToken {id: $id, name: $name, secret_hash: $secret_hash, created_at: $now}) "
    "RETURN t {.id, .name, .created_at} AS token"
)
TOKEN_OWNER = Cypher(
    "MATCH (m:Member)-[:HAS_TOKEN]->(t:ApiToken {id: $id}) WHERE t.revoked_at IS NULL "
    "RETURN t.secret_hash AS secret_hash, " + ACCOUNT_FIELDS + " AS account"
)
MARK_TOKEN_USED = Cypher("MATCH (t:ApiToken {id: $id}) SET t.last_used_at = $now RETURN t.id AS id")
LIST_TOKENS = Cypher(
    "MATCH (:Member {id: $member_id})-[:HAS_TOKEN]->(t:ApiToken) "
    "RETURN t {.id, .name, .created_at, .last_used_at, .revoked_at} AS token ORDER BY t.created_at DESC"
)
REVOKE_TOKEN = Cypher(
    "MATCH (:Member {id: $member_id})-[:HAS_TOKEN]->(t:ApiToken {id: $id}) "
    "SET t.revoked_at = coalesce(t.revoked_at, $now) RETURN t.id AS id"
)


class EmailTaken(Conflict):
    """Another account already uses this e-mail address."""


def _first(rows: list[dict], key: str):
    return rows[0][key] if rows else None


def create_member(store: GraphStore, *, status: str = "active", **fields) -> dict:
    """Create an account, found by its name in the directory at once; raise :class:`EmailTaken` when the e-mail
    is registered. A ``pending`` account waits for its address to be confirmed (it cannot log in nor be
    found); an ``active`` one counts its address as confirmed now."""
    fields.update(status=status, verified_at=fields["now"] if status == "active" else None)
    found_by = searchable(
        {"display_name": fields["display_name"]}, skills=[], sectors=[], languages=[], city=None, country=None
    )
    try:
        return _first(
            store.write(
                CREATE_MEMBER, **fields, search_text=found_by["search_text"], name_keys=found_by["name_keys_text"]
            ),
            "account",
        )
    except Conflict as exc:
        raise EmailTaken(fields["email"]) from exc


def member_by_id(store: GraphStore, member_id: str) -> dict | None:
    """Return the account with this id, or None."""
    return _first(store.read(MEMBER_BY_ID, id=member_id), "account")


def member_by_email(store: GraphStore, email_key: str) -> dict | None:
    """Return the account with this normalised e-mail, or None."""
    return _first(store.read(MEMBER_BY_EMAIL, email_key=email_key), "account")


def set_locale(store: GraphStore, member_id: str, locale: str) -> None:
    """Save the member's preferred language."""
    store.write(SET_LOCALE, id=member_id, locale=locale)


def set_role(store: GraphStore, member_id: str, role: str) -> bool:
    """Change the member's role; False when there is no such member."""
    return bool(store.write(SET_ROLE, id=member_id, role=role))


def set_password(store: GraphStore, member_id: str, password_hash: str) -> int | None:
    """Replace the password hash and end existing sessions; return the new auth version."""
    return _first(store.write(SET_PASSWORD, id=member_id, password_hash=password_hash), "auth_version")


def set_status(store: GraphStore, member_id: str, status: str) -> bool:
    """``active`` or ``suspended``."""
    return bool(store.write(SET_STATUS, id=member_id, status=status))


def account_list(store: GraphStore, q: str, status: str, skip: int, limit: int) -> tuple[list[dict], int]:
    """Accounts whose name or e-mail address contains ``q`` (lower case; "" for all) and whose status is
    ``status`` ("" for any), by name; with how many there are in all."""
    params = {"q": q, "status": status}
    rows = store.read(ACCOUNT_LIST, skip=skip, limit=limit, **params)
    return [row["account"] for row in rows], store.read(ACCOUNT_COUNT, **params)[0]["n"]


def set_sessions(store: GraphStore, member_id: str, entries: list[str]) -> None:
    """The member's live sessions (``<id>|<started>`` each), replacing those listed (app/accounts/sessions)."""
    store.write(SET_SESSIONS, id=member_id, ids=entries)


def drop_session(store: GraphStore, member_id: str, prefix: str) -> None:
    """Strike the member's session whose entry starts with ``prefix`` (``<id>|``)."""
    store.write(DROP_SESSION, id=member_id, prefix=prefix)


def set_tickets(store: GraphStore, member_id: str, tickets: list[str]) -> None:
    """Replace the member's pending one-time links (app/accounts/tickets.py)."""
    store.write(SET_TICKETS, id=member_id, tickets=tickets)


def take_ticket(store: GraphStore, member_id: str, entry: str) -> bool:
    """Strike one listed ticket; False when it was not (or no longer) listed."""
    return bool(store.write(TAKE_TICKET, id=member_id, entry=entry))


def activate(store: GraphStore, member_id: str, now: int) -> bool:
    """A pending account whose address is confirmed becomes active; False if it was not pending."""
    return bool(store.write(ACTIVATE, id=member_id, now=now))


def set_email(store: GraphStore, member_id: str, email: str, email_key: str, now: int) -> None:
    """Give the account a new (confirmed) address; raise :class:`EmailTaken` if another account has it."""
    try:
        store.write(SET_EMAIL, id=member_id, email=email, email_key=email_key, now=now)
    except Conflict as exc:
        raise EmailTaken(email) from exc


def delete_stale_pending(store: GraphStore, before: int) -> int:
    """Delete the accounts still unconfirmed that were made before ``before`` (ms); how many."""
    store.write(STALE_PENDING_LOGS, before=before)
    return _first(store.write(STALE_PENDING, before=before), "n") or 0


def set_two_factor(store: GraphStore, member_id: str, secret: str | None, step: int | None, codes: list[str]) -> None:
    """Set (or, with None, clear) the member's TOTP secret, last used step and recovery code hashes."""
    store.write(SET_TWO_FACTOR, id=member_id, secret=secret, step=step, codes=codes)


def use_totp_step(store: GraphStore, member_id: str, step: int) -> bool:
    """Record a code's time step as used; False if that step (or a later one) was used already."""
    return bool(store.write(USE_TOTP_STEP, id=member_id, step=step))


def set_recovery_codes(store: GraphStore, member_id: str, codes: list[str]) -> None:
    """Replace the hashes of the member's recovery codes."""
    store.write(SET_RECOVERY_CODES, id=member_id, codes=codes)


def use_recovery_code(store: GraphStore, member_id: str, digest: str) -> bool:
    """Strike a recovery code; False if it was not (or no longer) there."""
    return bool(store.write(USE_RECOVERY_CODE, id=member_id, digest=digest))


def schedule_deletion(store: GraphStore, member_id: str, due: int) -> bool:
    """Mark an active account for deletion at ``due`` (ms): it can no longer be seen nor used meanwhile."""
    return bool(store.write(SCHEDULE_DELETION, id=member_id, due=due))


def cancel_deletion(store: GraphStore, member_id: str) -> bool:
    """Make an account marked for deletion active again; False if it was not marked."""
    return bool(store.write(CANCEL_DELETION, id=member_id))


def deletions_due(store: GraphStore, now: int) -> list[str]:
    """The ids of the accounts whose deletion is due."""
    return [row["id"] for row in store.read(DELETIONS_DUE, now=now)]


def inactive_to_warn(store: GraphStore, before: int, limit: int = 1000) -> list[dict]:
    """Accounts unused since ``before`` (ms) and not yet warned: ``{id, email, display_name, locale}``."""
    return [row["account"] for row in store.read(INACTIVE_TO_WARN, before=before, limit=limit)]


def mark_warned(store: GraphStore, member_ids: list[str], now: int) -> None:
    """Record that these accounts were warned of their deletion for inactivity."""
    store.write(MARK_WARNED, ids=member_ids, now=now)


def clear_warnings_of_accounts_back_in_use(store: GraphStore) -> int:
    """Forget the warning of accounts used since it was sent; how many."""
    return store.write(BACK_IN_USE)[0]["n"]


def inactive_to_delete(store: GraphStore, warned_before: int, limit: int = 1000) -> list[str]:
    """Accounts warned before ``warned_before`` (ms) and unused since the warning."""
    return [row["id"] for row in store.read(INACTIVE_TO_DELETE, warned_before=warned_before, limit=limit)]


def touch(store: GraphStore, member_id: str, now: int) -> None:
    """Record the member's last activity."""
    store.write(TOUCH, id=member_id, now=now)


def create_token(
    store: GraphStore, member_id: str, token_id: str, name: str, secret_hash: str, now: int
) -> dict | None:
    """Store a new API token's hash for the member; return its public fields."""
    return _first(
        store.write(CREATE_TOKEN, member_id=member_id, id=token_id, name=name, secret_hash=secret_hash, now=now),
        "token",
    )


def token_owner(store: GraphStore, token_id: str) -> dict | None:
    """Return ``{"secret_hash", "account"}`` for a live token, or None."""
    rows = store.read(TOKEN_OWNER, id=token_id)
    return rows[0] if rows else None


def mark_token_used(store: GraphStore, token_id: str, now: int) -> None:
    """Record when a token was last used."""
    store.write(MARK_TOKEN_USED, id=token_id, now=now)


def list_tokens(store: GraphStore, member_id: str) -> list[dict]:
    """The member's tokens, newest first, without their hashes."""
    return [row["token"] for row in store.read(LIST_TOKENS, member_id=member_id)]


def revoke_token(store: GraphStore, member_id: str, token_id: str, now: int) -> bool:
    """Revoke one of the member's tokens; False when it is not theirs."""
    return bool(store.write(REVOKE_TOKEN, member_id=member_id, id=token_id, now=now))
