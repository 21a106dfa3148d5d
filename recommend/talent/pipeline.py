"""From a source's items to leads: each person an item names (or its text mentions) is weighed, and those who
may be Moroccans abroad become lead rows, each with its evidence. A lead's ``key`` is the item's key and the
person's folded name (the same person in the same item updated: the same lead); its ``fingerprint`` (a digest
of the folded name and the address) is all that is kept of it once rejected."""

import hashlib
import uuid

from graph.textkeys import fold

from . import language, people, signals
from .items import Item


def fingerprint(name: str, url: str | None) -> str:
    """What identifies a lead once rejected, without keeping who it was."""
    return hashlib.sha256(f"{fold(name)}|{url or ''}".encode()).hexdigest()


def leads_from(items: list[Item], source_id: str, gazetteer: set[str]) -> list[dict]:
    """The lead rows (for ``graph.talent.upsert_leads``) of the people in ``items`` who may be Moroccans
    abroad, strongest first, each with ``fingerprint``."""
    rows = []
    for item in items:
        text = ". ".join(part for part in (item.title, item.text) if part)
        found = item.people or [{"name": name} for name in people.mentions(text, gazetteer)]
        for person in found:
            verdict = signals.weigh(person, text, gazetteer)
            if not verdict.proposed:
                continue
            rows.append(
                {
                    "id": uuid.uuid4().hex[:16],
                    "key": f"{item.key}#{fold(person['name'])}"[:600],
                    "fingerprint": fingerprint(person["name"], item.url),
                    "source_id": source_id,
                    "url": item.url,
                    "title": item.title[:300],
                    "language": language.detect(text),
                    "published": item.published,
                    "name": person["name"],
                    "affiliation": person.get("affiliation"),
                    "country": person.get("country"),
                    "score": verdict.score,
                    "signals": verdict.signals,
                    "evidence": verdict.evidence,
                }
            )
    return sorted(rows, key=lambda row: -row["score"])
