"""Sessions: revocable on the server, with an idle limit and an absolute limit.

Flask's signed cookie carries the session, and in it a random session id that must also be listed on the
member's node (``session_ids``, each ``<id>|<started, ms>``; kept in the graph, so that a restart of Redis
logs nobody out): logging out, "log out everywhere", a new password and a suspension strike ids from that
list, so that a cookie copied before stays useless, for pages, the API and Socket.IO alike (they all load the
person through :func:`session_alive`, on the node the loader reads anyway).
"""

import secrets
import time

from flask import current_app, flash, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from graph import accounts as account_queries

from ..extensions import store

SESSION_STARTED = "auth_at"
SESSION_SEEN = "seen_at"
SESSION_ID = "sid"


def open_session(member_id: str) -> str:
    """List a new session of the member (dropping those past the absolute lifetime); its id."""
    sid = secrets.token_urlsafe(18)
    now = int(time.time() * 1000)
    oldest = now - int(3_600_000 * float(current_app.config["SESSION_ABSOLUTE_HOURS"]))
    listed = (account_queries.member_by_id(store(), member_id) or {}).get("session_ids") or []
    kept = [entry for entry in listed if int(entry.rpartition("|")[2] or 0) >= oldest]
    account_queries.set_sessions(store(), member_id, [*kept, f"{sid}|{now}"])
    return sid


def session_alive(account_data: dict, sid: str | None) -> bool:
    """Whether this session is still listed on the member (not logged out nor revoked)."""
    return bool(sid) and any(entry.startswith(sid + "|") for entry in account_data.get("session_ids") or [])


def close_session(member_id: str, sid: str | None) -> None:
    """Strike one session of the member (logging out)."""
    if sid:
        account_queries.drop_session(store(), member_id, sid + "|")


def close_all_sessions(member_id: str) -> None:
    """Strike every session of the member (log out everywhere, a new password, a suspension)."""
    account_queries.set_sessions(store(), member_id, [])


def log_in(account) -> None:
    """Log ``account`` in: a new listed session, its lifetimes started."""
    login_user(account)
    start_session()
    session[SESSION_ID] = open_session(account.id)


def start_session() -> None:
    """Stamp a new login's start for the idle and absolute lifetimes."""
    now = int(time.time())
    session.permanent = True
    session[SESSION_STARTED] = now
    session[SESSION_SEEN] = now


def enforce_session_lifetime():
    """Log out a session idle too long or older than the absolute lifetime."""
    if g.get("auth_via_token") or SESSION_STARTED not in session:
        return None
    now = int(time.time())
    idle = now - int(session.get(SESSION_SEEN, 0)) > 60 * float(current_app.config["SESSION_IDLE_MINUTES"])
    too_old = now - int(session[SESSION_STARTED]) > 3600 * float(current_app.config["SESSION_ABSOLUTE_HOURS"])
    if idle or too_old:
        logout_user()
        session.pop(SESSION_STARTED, None)
        session.pop(SESSION_SEEN, None)
        flash(_l("Your session has expired. Please log in again."), "info")
        return None
    if now - int(session.get(SESSION_SEEN, 0)) >= 60:
        session[SESSION_SEEN] = now
    return None
