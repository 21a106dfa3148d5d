"""Inviting a contact to claim what the department holds about them: a single-use link by e-mail; through
it the person sees what is held and where it came from, then registers (correcting their name; consenting
to the privacy notice) or refuses, which deletes their contact."""

import hashlib
import secrets

from flask import url_for
from flask_babel import gettext as _

from graph import imports as import_queries
from graph import members as member_queries
from graph import reference
from graph.store import GraphStore

from .. import mail
from ..accounts.service import now_ms
from ..i18n import localized

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


#: What a person claiming their profile may copy into it from what the department held
COPYABLE = ("city", "employer", "profession", "skills", "sectors")


def copyable(store: GraphStore, contact: dict) -> list[tuple[str, str]]:
    """What of the contact may go into the new member's profile, as ``(field, text shown)``, in
    :data:`COPYABLE` order (fields the contact has no value for left out)."""
    found = []
    if contact.get("city_id"):
        city = reference.names(store, "City", [contact["city_id"]]).get(contact["city_id"])
        found.append(("city", localized(city) or contact.get("city") or ""))
    for name in ("employer", "profession"):
        if contact.get(name):
            found.append((name, contact[name]))
    for name, label in (("skills", "Skill"), ("sectors", "Sector")):
        ids = contact.get("skill_ids" if name == "skills" else "sector_ids") or []
        if ids:
            nodes = reference.names(store, label, ids)
            found.append((name, ", ".join(localized(nodes[i]) for i in ids if i in nodes)))
    return found


def copy_into_profile(store: GraphStore, member_id: str, contact: dict, chosen: set[str]) -> None:
    """Put the chosen held values (:data:`COPYABLE`) into the member's profile, keeping the rest of it."""
    profile = member_queries.profile(store, member_id)
    if profile is None or not chosen:
        return
    member = profile["member"]
    props = {name: member.get(name) for name in member_queries.PROFILE_PROPERTIES}
    if "employer" in chosen and contact.get("employer"):
        props["employer"] = contact["employer"]
    if "profession" in chosen and contact.get("profession"):
        props["job_title"] = contact["profession"]
    skills = {s["id"]: {"id": s["id"], "level": s["level"] or 2} for s in profile["skills"]}
    if "skills" in chosen:
        skills |= {sid: {"id": sid, "level": 2} for sid in contact.get("skill_ids") or [] if sid not in skills}
    sectors = [s["id"] for s in profile["sectors"]]
    if "sectors" in chosen:
        sectors += [sid for sid in contact.get("sector_ids") or [] if sid not in sectors]
    city = (profile["city"] or {}).get("id")
    if "city" in chosen and contact.get("city_id"):
        city = contact["city_id"]
    member_queries.update_profile(
        store,
        member_id,
        props,
        skills=list(skills.values()),
        sectors=sectors,
        city=city,
        languages=[x["id"] for x in profile["languages"]],
        institutions=[x["id"] for x in profile["institutions"]],
        contribute_sectors=[x["id"] for x in profile["contribute_sectors"]],
        contribute_regions=[x["id"] for x in profile["contribute_regions"]],
    )
