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
#: the sample sources the project ships (``app/data/talent/sources/``): id, name, kind, file
SAMPLES = (
    ("sample-news-ar", "أخبار الكفاءات (عينة)", "feed", "news_ar.xml"),
    ("sample-news-fr", "Actualités des talents (exemple)", "feed", "news_fr.xml"),
    ("sample-news-en", "Talent news (sample)", "feed", "news_en.xml"),
    ("sample-prizes", "Prize winners (sample list)", "csv", "prizes.csv"),
    ("sample-works", "Scholarly works (sample)", "works", "works.json"),
    ("sample-page", "Portrait (sample web page)", "page", "portrait_fr.html"),
)
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


def add_samples(db: GraphStore, now: int) -> None:
    """Add (or restore) the sample sources: news in three languages, a prize list, works, a portrait page."""
    for source_id, name, kind, location in SAMPLES:
        talent_queries.save_source(db, {"id": source_id, "name": name, "kind": kind, "location": location}, now)
