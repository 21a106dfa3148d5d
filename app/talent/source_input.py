"""A source as staff type it (on the page or through the API): checked, then saved under an id made from its
name."""

import re
import uuid

from flask_babel import gettext as _

from graph import talent as talent_queries
from graph.store import GraphStore
from recommend.talent.items import KINDS

from . import fetching

FIELDS = ("name", "kind", "location")
NAME_LENGTH = 120
ADDRESS = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def check(typed: dict) -> dict[str, str]:
    """``{field: what is wrong}`` for a source's ``name``, ``kind`` and ``location`` (empty: all good)."""
    errors = {}
    if not typed.get("name") or len(typed["name"]) > NAME_LENGTH:
        errors["name"] = _("Name the source (at most 120 characters).")
    if typed.get("kind") not in KINDS:
        errors["kind"] = _("Choose what the source gives.")
    location = typed.get("location") or ""
    is_sample = "/" not in location and bool(location) and (fetching.SAMPLES / location).is_file()
    if not (ADDRESS.match(location) or is_sample):
        errors["location"] = _("An http(s) address, or the name of a sample file the project ships.")
    return errors


def add(db: GraphStore, typed: dict, now: int) -> str:
    """Save a checked source; its id."""
    source_id = re.sub(r"[^a-z0-9]+", "-", typed["name"].lower()).strip("-")[:40] or uuid.uuid4().hex[:8]
    return talent_queries.save_source(db, {"id": source_id, **{k: typed[k] for k in FIELDS}}, now)
