"""Inviting a contact to claim what the department holds about them: a single-use link by e-mail; through
it the person sees what is held and where it came from, then registers (correcting their name; consenting
to the privacy notice) or refuses, which deletes their contact."""

import hashlib
import secrets

from flask import url_for
from flask_babel import gettext as _

from graph import imports as import_queries
from graph.store import GraphStore

from .. import mail
from ..accounts.service import now_ms

CLAIM_DAYS = 30  # an invitation works this long


def digest(token: str) -> str:
    """What is stored of an invitation's token (256 random bits: a fast hash is enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


def invite(store: GraphStore, contact: dict, by: str) -> bool:
    """E-mail the contact a link to claim their profile (replacing an earlier one); False when they have no
    e-mail address or have already claimed it."""
    if not contact.get("emails"):
        return False
    token = secrets.token_urlsafe(32)
    now = now_ms()
    if not import_queries.set_claim(store, contact["id"], digest(token), now + CLAIM_DAYS * 86_400_000, by, now):
        return False
    link = url_for("imports.claim", token=token, _external=True)
    body = _(
        "Hello %(name)s,\n\nThe department for Moroccans living abroad holds some information about you in its "
        "existing records. Jisr is its professional network of Moroccan competencies around the world.\n\n"
        "Follow this link to see what is held and where it came from, then join Jisr or ask for it to be "
        "deleted:\n%(link)s\n\nThe link works once, for %(days)s days. If you do nothing, you receive nothing "
        "more from us.",
        name=contact.get("name") or "",
        link=link,
        days=CLAIM_DAYS,
    )
    mail.send([mail.message(contact["emails"][0], _("What the department holds about you"), body)])
    return True


def find(store: GraphStore, token: str) -> dict | None:
    """The contact a live invitation token is for (None: unknown, used or expired)."""
    return import_queries.contact_by_claim(store, digest(token), now_ms()) if token else None
