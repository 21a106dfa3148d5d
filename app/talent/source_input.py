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
#: an http(s) address (printable ASCII: international names in their punycode form) or a sample file's name;
#: written in the regular-expression dialect Python and the OpenAPI document share
LOCATION = r"^(?:https?://[!-.0-~]+\.[!-~]+|[A-Za-z0-9][A-Za-z0-9_.-]*\.(?:xml|csv|json|html))$"


def check(typed: dict) -> dict[str, str]:
    """``{field: what is wrong}`` for a source's ``name``, ``kind`` and ``location`` (empty: all good)."""
    errors = {}
    if not typed.get("name") or len(typed["name"]) > NAME_LENGTH:
        errors["name"] = _("Name the source (at most 120 characters).")
    if typed.get("kind") not in KINDS:
        errors["kind"] = _("Choose what the source gives.")
    location = typed.get("location") or ""
    if not (re.match(LOCATION, location) and (location.startswith("http") or sample_exists(location))):
        errors["location"] = _("An http(s) address, or the name of a sample file the project ships.")
    return errors


def sample_exists(name: str) -> bool:
    """Whether the project ships a sample source file of this name."""
    return "/" not in name and bool(name) and (fetching.SAMPLES / name).is_file()


def add(db: GraphStore, typed: dict, now: int) -> str:
    """Save a checked source; its id."""
    source_id = re.sub(r"[^a-z0-9]+", "-", typed["name"].lower()).strip("-")[:40] or uuid.uuid4().hex[:8]
    return talent_queries.save_source(db, {"id": source_id, **{k: typed[k] for k in FIELDS}}, now)
