"""The one way an API resource refuses: 404 when the thing does not exist, 403 when the caller may not act on
it, each with a message in the caller's language (the pages' counterpart is :func:`app.access.require`)."""

from flask_login import current_user
from flask_smorest import abort

from ..permissions import may


def found_or_abort(found: dict | None, action: str, target_key: str, missing: str, denied: str) -> dict:
    """``found`` when it exists and the caller may ``action`` its ``target_key`` part; else abort."""
    if found is None:
        abort(404, message=missing)
    if not may(current_user, action, found[target_key]):
        abort(403, message=denied)
    return found
