"""Unbound extension objects, bound to an app by its subsystems' ``init_app``."""

from flask import current_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from graph import GraphStore

csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def store() -> GraphStore:
    """The current app's graph store."""
    return current_app.extensions["graph"].store
