"""The logged-in person as Flask-Login sees them."""

from flask_login import UserMixin

from app.config import ROLES


class Account(UserMixin):
    """A member account loaded from the graph (a plain dict underneath)."""

    def __init__(self, data: dict):
        self.data = data

    @property
    def id(self) -> str:
        """The member's id."""
        return self.data["id"]

    @property
    def email(self) -> str:
        """The member's e-mail address as typed at registration."""
        return self.data["email"]

    @property
    def display_name(self) -> str:
        """The name shown to others."""
        return self.data["display_name"]

    @property
    def photo(self) -> str | None:
        """The version of the member's photo (app/members/photos.py), None without one."""
        return self.data.get("photo")

    @property
    def role(self) -> str:
        """One of ``member``, ``coordinator``, ``analyst``, ``admin``."""
        role = self.data.get("role")
        return role if role in ROLES else "member"

    @property
    def locale(self) -> str | None:
        """The member's saved language."""
        return self.data.get("locale")

    @property
    def is_active(self) -> bool:
        """False for suspended accounts, which cannot log in."""
        return self.data.get("status", "active") == "active"

    @property
    def network_ids(self) -> list[str]:
        """Networks the member belongs to."""
        return list(self.data.get("network_ids") or [])

    @property
    def coordinated_ids(self) -> list[str]:
        """Networks the member coordinates."""
        return list(self.data.get("coordinated_ids") or [])

    @property
    def represented_ids(self) -> list[str]:
        """Institutions the member represents (granted by staff)."""
        return list(self.data.get("represented_ids") or [])

    @property
    def label_ids(self) -> list[str]:
        """Label types the member holds (active grants)."""
        return list(self.data.get("label_ids") or [])

    def get_id(self) -> str:
        """The session's user id carries the auth version: a password change ends other sessions."""
        return f"{self.id}.{self.data.get('auth_version', 1)}"
