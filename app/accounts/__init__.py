"""Accounts: registration, login, sessions, API tokens."""

from flask import flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l

from graph import accounts as account_queries

from ..errors import error_response, wants_json
from ..extensions import login_manager, store
from . import data_export, lifecycle_views, privacy_views, retention  # noqa: F401  (routes and jobs join)
from .models import Account
from .sessions import SESSION_ID, enforce_session_lifetime, session_alive
from .tokens import account_for_token
from .two_factor_views import require_second_factor
from .views import bp


@login_manager.user_loader
def _load_from_session(session_id: str):
    if g.get("graph_down"):
        return None  # rendering the 503 page: nobody can be loaded
    member_id, _, version = session_id.rpartition(".")
    data = account_queries.member_by_id(store(), member_id) if member_id else None
    if not data or str(data.get("auth_version", 1)) != version:
        return None
    account = Account(data)
    if not account.is_active or not session_alive(data, session.get(SESSION_ID)):
        return None  # suspended, logged out, or revoked: a copied cookie is worth nothing
    return account


@login_manager.request_loader
def _load_from_bearer(req):
    header = req.headers.get("Authorization", "")
    scheme, _, bearer = header.partition(" ")
    if scheme.lower() != "bearer" or not bearer.strip():
        return None
    data = account_for_token(store(), bearer.strip())
    if data is None or not Account(data).is_active:
        return None
    g.auth_via_token = True
    return Account(data)


@login_manager.unauthorized_handler
def _unauthorized():
    if wants_json():
        return error_response(401)
    flash(_l("Please log in to see this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def init_app(app) -> None:
    """Flask-Login, session lifetimes and the account pages."""
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.before_request(enforce_session_lifetime)
    app.before_request(require_second_factor)
    app.register_blueprint(bp)
