"""The audit log's one entry point: :func:`audited` records a staff view or change; :func:`check` proves
that nothing was changed or removed since.

Each entry's content is sealed with an HMAC under the app's secret key, and entries are numbered without
gaps (graph/audit.py): editing an entry in the database breaks its seal, deleting one leaves a gap.
"""

import hashlib
import hmac
import secrets

from flask import current_app, has_request_context, request
from flask_login import current_user

from graph import audit as audit_queries

from .accounts.service import now_ms
from .extensions import store


def _seal(entry: dict) -> str:
    text = "\x1f".join(str(entry.get(name) or "") for name in audit_queries.FIELDS)
    return hmac.new(current_app.secret_key.encode(), text.encode(), hashlib.sha256).hexdigest()


def audited(action: str, target: str = "", detail: str = "") -> int:
    """Record that the logged-in staff member did ``action`` on ``target`` (``detail``: filters, values),
    from the client's address; the entry's number."""
    entry = {
        "id": secrets.token_hex(8),
        "at": now_ms(),
        "actor_id": current_user.id,
        "actor_name": current_user.display_name,
        "action": action,
        "target": str(target),
        "detail": str(detail),
        "address": (request.remote_addr or "") if has_request_context() else "",
    }
    return audit_queries.record(store(), {**entry, "digest": _seal(entry)})


def check() -> dict:
    """Read the whole log in order: ``{"checked", "altered": [numbers], "missing": [numbers], "unnumbered"}``
    (entries written before numbering existed are counted apart, they carry no seal)."""
    altered, missing, expected, checked = [], [], 1, 0
    for entry in audit_queries.in_order(store()):
        missing.extend(range(expected, entry["seq"]))
        expected = entry["seq"] + 1
        checked += 1
        if not hmac.compare_digest(entry.get("digest") or "", _seal(entry)):
            altered.append(entry["seq"])
    missing.extend(range(expected, audit_queries.last_number(store()) + 1))
    return {"checked": checked, "altered": altered, "missing": missing, "unnumbered": audit_queries.unnumbered(store())}
