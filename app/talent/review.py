"""Deciding a lead: accept it (it becomes a contact, linked to a member or contact already known by the
record linkage of the imports, with "public source" as provenance: the address and the date), reject it for
good (only its fingerprint stays), or follow it."""

import csv
import io
import uuid

from flask_babel import gettext as _

from graph import imports as import_queries
from graph import talent as talent_queries
from graph.store import GraphStore
from recommend.talent.pipeline import fingerprint

from ..audit import audited
from ..imports import service as import_service

SOURCE_ID = "talent-watch"
SOURCE_NAME = "Public sources (talent watch)"
BASIS = "legitimate interest: information the person made public"
RETENTION_DAYS = 3 * 365
MAPPING = {0: "full_name", 1: "employer", 2: "country", 3: "email", 4: "city"}
DECISIONS = ("accept", "follow", "reject")
LISTED = ("new", "follow", "accepted")  # the statuses a lead is listed under (merged and rejected ones are not)


def decide(db: GraphStore, lead: dict, decision: str, by: str, now: int, email: str | None = None) -> dict:
    """Carry out a decision on an open lead (one of :data:`DECISIONS`; accepting may add an e-mail address
    found in public, so that the contact can be invited), audited; ``{"status", "message", "error",
    "person_id"}``: the lead's new status, a sentence saying what happened, or why nothing did."""
    if lead["status"] not in ("new", "follow"):
        return {"status": lead["status"], "message": None, "error": _("This lead is already decided.")}
    person_id = None
    if decision == "accept":
        batch, record = accept(db, lead, by, now, email)
        if batch.get("status") != "done" or record is None:
            error = _("The contact could not be made: %(error)s", error=batch.get("error") or "")
            return {"status": lead["status"], "message": None, "error": error}
        person_id, status = record.get("person_id"), "accepted"
        message = {
            "linked": _(
                "%(name)s was already known: the lead is added to what the department holds.", name=lead["name"]
            ),
            "review": _("%(name)s may already be known: the imports' review will decide.", name=lead["name"]),
        }.get(record["outcome"], _("%(name)s is now a contact, with this source as provenance.", name=lead["name"]))
    elif decision == "follow":
        talent_queries.set_status(db, lead["id"], "follow", now)
        message, status = _("%(name)s is followed.", name=lead["name"]), "follow"
    else:
        reject(db, lead, now)
        message, status = _("%(name)s will not be proposed again.", name=lead["name"]), "rejected"
    audited("talent." + decision, lead["id"])
    return {"status": status, "message": message, "error": None, "person_id": person_id}


def accept(db: GraphStore, lead: dict, by: str, now: int, email: str | None = None) -> tuple[dict, dict | None]:
    """Bring the lead in as an import of one row (so that it links to whoever is already known); the lead is
    marked accepted with the person it is about. Returns the import batch and its one record (``outcome``:
    linked, new or review; ``person_id``: the member or contact)."""
    source = import_queries.save_source(db, SOURCE_ID, SOURCE_NAME, BASIS, RETENTION_DAYS, now)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["full_name", "employer", "country", "email", "city"])
    writer.writerow(
        [lead["name"], lead.get("affiliation") or "", lead.get("country") or "", email or "", lead.get("city") or ""]
    )
    batch_id = uuid.uuid4().hex[:12]
    filename = (lead.get("url") or lead.get("title") or "talent watch")[:200]
    import_queries.create_batch(db, batch_id, source, filename, by, now, status="running")
    batch = import_service.run_import(db, buffer.getvalue().encode(), "lead.csv", batch_id, source, MAPPING, now)
    if batch.get("status") != "done":
        return batch, None
    record = next(iter(import_queries.records(db, batch_id, 1, 1)), None)
    talent_queries.accepted(db, lead["id"], record.get("person_id") if record else None, now)
    return batch, record


def reject(db: GraphStore, lead: dict, now: int) -> None:
    """Forget the lead; only its fingerprint stays, so that it is not proposed again."""
    talent_queries.reject(db, lead["id"], fingerprint(lead["name"], lead.get("url")), now)


def forget_person(db: GraphStore, person_id: str, now: int) -> int:
    """A member or contact is erased: the leads that became them are rejected (only their fingerprints stay,
    so that the same items do not propose them again); how many."""
    found = talent_queries.leads_about(db, person_id)
    for lead in found:
        talent_queries.reject(db, lead["id"], fingerprint(lead["name"], lead.get("url")), now)
    return len(found)
