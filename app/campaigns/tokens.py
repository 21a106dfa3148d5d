"""The random tokens in campaign links: one per delivery, unguessable, looked up and never explained."""

import re
import secrets

_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def new() -> str:
    """A fresh token (144 random bits)."""
    return secrets.token_urlsafe(18)


def well_formed(token: str) -> bool:
    """Whether ``token`` could be one of ours (anything else is not looked up)."""
    return bool(_SHAPE.match(token or ""))
