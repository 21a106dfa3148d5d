"""From a source's items to leads: each person an item names (or its text mentions) is weighed, and those who
may be Moroccans abroad become lead rows, each with its evidence. A lead's ``key`` is the item's key and the
person's folded name (the same person in the same item updated: the same lead); its ``fingerprint`` (a digest
of the folded name and the address) is all that is kept of it once rejected."""

import hashlib
import uuid
from dataclasses import dataclass

from graph.textkeys import fold

from . import language, people, signals
from .items import Item


def fingerprint(name: str, url: str | None) -> str:
    """What identifies a lead once rejected, without keeping who it was."""
    return hashlib.sha256(f"{fold(name)}|{url or ''}".encode()).hexdigest()


def item_text(item: Item) -> str:
    """The item's title and text (the title once when the text begins with it)."""
    if item.title and item.text and item.text.startswith(item.title):
        return item.text
    return ". ".join(part for part in (item.title, item.text) if part)


def _where(person: dict, text: str, places) -> dict:
    """``country`` and ``city`` of a person: the source's country, else the city abroad the text names and its
    country (its city kept when it is in the country the source gave)."""
    found = places.place_in(text) if places else None
    country = person.get("country") or (found[1] if found else None)
    return {"country": country, "city": found[0] if found and found[1] == country else None}


def topic_text(text: str, person: dict) -> str:
    """What tells what a person does: the sentences about them (a long article is not read whole) and where
    they work."""
    near = " ".join(signals.about(text, person["name"])) or text
    return ". ".join(part for part in (near, person.get("affiliation")) if part)


@dataclass
class Knowledge:
    """What the pipeline knows beforehand: the names it recognises (``signals.gazetteer_from``), and
    optionally the vocabularies (``topics.Topics``: sector and skills) and the cities (``places.Places``:
    the country when a source does not give it)."""

    gazetteer: set[str]
    topics: object | None = None
    places: object | None = None


def leads_from(items: list[Item], source_id: str, knowledge: Knowledge) -> list[dict]:
    """The lead rows (for ``graph.talent.upsert_leads``) of the people in ``items`` who may be Moroccans
    abroad, strongest first, each with ``fingerprint``, its sector and skills (only proposed leads' texts are
    embedded) and its country."""
    gazetteer, topics, places = knowledge.gazetteer, knowledge.topics, knowledge.places
    rows, texts = [], []
    for item in items:
        text = item_text(item)
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
                    **_where(person, text, places),
                    "score": verdict.score,
                    "signals": verdict.signals,
                    "evidence": verdict.evidence,
                    "sector": None,
                    "skills": [],
                    "topics": [],
                }
            )
            texts.append(topic_text(text, person))
    if topics is not None:
        for row, proposal in zip(rows, topics.propose(texts)):
            row["sector"], row["skills"] = proposal.sector, proposal.skills
            row["topics"] = proposal.evidence
    return sorted(rows, key=lambda row: -row["score"])
