"""The one way a page refuses: 404 when the thing does not exist, 403 when this person may not act on it."""

from flask import abort
from flask_login import current_user

from .permissions import may


def require(found: dict | None, action: str, target_key: str | None = None) -> dict:
    """``found`` if it exists and the current person may ``action`` it (``found[target_key]`` when given)."""
    if found is None:
        abort(404)
    if not may(current_user, action, found[target_key] if target_key else found):
        abort(403)
    return found
