"""The talent watch's view of the reference data: the sectors and skills leads are matched to (embedded once
per process and per vocabulary, a few seconds) and the cities that tell where a lead lives."""

from functools import lru_cache

from graph import reference
from graph.store import GraphStore
from recommend.talent import embedding
from recommend.talent.places import Places
from recommend.talent.topics import Entry, Topics, entries


@lru_cache(maxsize=2)
def _topics(sectors: tuple[Entry, ...], skills: tuple[Entry, ...]) -> Topics:
    return Topics(embedding.shared(), list(sectors), list(skills))


def topics(db: GraphStore) -> Topics:
    """The sectors and the curated skills of the reference data, ready to match texts to."""
    skills = [row for row in reference.all_skills(db) if row.get("curated")]
    return _topics(tuple(entries(reference.listing(db, "Sector"))), tuple(entries(skills)))


def places(db: GraphStore) -> Places:
    """The reference cities abroad."""
    return Places(reference.all_cities(db))
