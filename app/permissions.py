"""May this person do this to that thing? One answer for every route, API call and socket event.

Denied by default: an action missing from ``RULES`` is refused to everyone.
No Flask globals here, so that ``realtime`` can call it with the person it has.
"""

from collections.abc import Callable

ROLE_RANK = {"member": 1, "coordinator": 2, "analyst": 2, "admin": 3}


def _authenticated(person, target) -> bool:
    return bool(person is not None and getattr(person, "is_authenticated", False))


def _role(*roles: str) -> Callable:
    def rule(person, target) -> bool:
        return _authenticated(person, target) and person.role in roles

    return rule


def _self(person, target) -> bool:
    return _authenticated(person, target) and isinstance(target, dict) and target.get("id") == person.id


def _profile_details(person, target) -> bool:
    """Full profile: the owner, staff, anyone if visibility is "members", connections if "connections"."""
    if not _authenticated(person, target) or not isinstance(target, dict):
        return False
    if target.get("id") == person.id or person.role in ("admin", "analyst"):
        return True
    visibility = target.get("visibility") or "members"
    return visibility == "members" or (visibility == "connections" and bool(target.get("connected")))


def _not_self(person, target) -> bool:
    return _authenticated(person, target) and isinstance(target, dict) and target.get("id") != person.id


RULES: dict[str, Callable] = {
    "account.view": _authenticated,
    "account.tokens.manage": _authenticated,
    "directory.search": _authenticated,
    "profile.view": _authenticated,
    "profile.view_details": _profile_details,
    "profile.view_private": _self,
    "profile.edit": _self,
    "connection.act": _not_self,
    "admin.console": _role("admin"),
    "analytics.view": _role("analyst", "admin"),
}


def may(person, action: str, target=None) -> bool:
    """True when ``person`` (an Account, an anonymous user or None) may do ``action`` to ``target``."""
    rule = RULES.get(action)
    return bool(rule and rule(person, target))
