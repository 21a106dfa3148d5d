"""Session lifetimes: an idle limit and an absolute limit, on top of Flask's signed cookie."""

import time

from flask import current_app, flash, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

SESSION_STARTED = "auth_at"
SESSION_SEEN = "seen_at"


def log_in(account) -> None:
    """Log ``account`` in and start its session's lifetimes."""
    login_user(account)
    start_session()


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
