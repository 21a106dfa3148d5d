"""What the opportunity board's actions mean: institutions and their representatives, posting, expert
suggestions with reasons, interest, shortlist and choice (each told to the people concerned), outcomes and
the department's figures."""

import re
import uuid
from datetime import date

from graph import opportunities as opportunity_queries
from graph import projects as project_queries
from graph.store import GraphStore
from graph.textkeys import fold
from recommend import experts

from ..accounts.service import now_ms
from ..notifications import notify
from ..projects.service import resolve_skills


def today() -> str:
    """Today as an ISO day (deadlines are days)."""
    return date.today().isoformat()


def institution_id_for(name: str) -> str:
    """An identifier made from a name ("Université Ibn Zohr" → "universite-ibn-zohr")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:48] or uuid.uuid4().hex[:12]


def create_institution(db: GraphStore, name: str, name_ar: str | None, kind: str, country: str) -> str | None:
    """A new institution; its id, or None when one with the same identifier exists."""
    institution_id = institution_id_for(name)
    props = {"name": name, "name_ar": name_ar or None, "kind": kind, "country": country}
    return institution_id if opportunity_queries.create_institution(db, institution_id, props) else None


def matching_institutions(db: GraphStore, words: str, kind: str | None, country: str | None) -> list[dict]:
    """Institutions with a word beginning with each word typed (accents and case forgiven), of a kind and
    country."""
    wanted = _words(words)
    found = []
    for row in opportunity_queries.institutions(db):
        institution = row["institution"]
        if kind and institution.get("kind") != kind or country and institution.get("country") != country:
            continue
        have = _words(" ".join(filter(None, (institution.get("name"), institution.get("name_ar"), institution["id"]))))
        if all(any(word.startswith(w) for word in have) for w in wanted):
            found.append(row)
    return found


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[\W_]+", fold(text)) if word]


def post(db: GraphStore, institution_id: str, props: dict, skill_names: list[str], person) -> str:
    """Post an opportunity (typed skills resolved to skills, free ones made); its id."""
    now = now_ms()
    skill_ids = resolve_skills(db, skill_names, now)
    return opportunity_queries.post(
        db, str(uuid.uuid4()), institution_id, {**props, "skill_ids": skill_ids}, person.id, now
    )


def suggestions(db: GraphStore, opportunity: dict, person, limit: int = 10, interested: list[str] | None = None):
    """The best experts for an opportunity, with their reasons, seen from the representative's place in the
    graph; never the institution's own representatives nor those already ``interested`` (read when not
    given)."""
    if interested is None:
        interested = [row["member"]["id"] for row in opportunity_queries.interested(db, opportunity["id"])]
    excluded = sorted(set(interested) | {person.id})
    request = experts.as_request(opportunity)
    candidates = opportunity_queries.expert_candidates(
        db, request["skill_ids"], request["sector_ids"], request["language_ids"], excluded, experts.scoring(opportunity)
    )
    if not candidates:
        return []
    first = experts.rank(opportunity, candidates, {}, person.network_ids, limit=limit * 3)
    near = project_queries.closeness(db, person.id, [s.member["id"] for s in first])
    return experts.rank(opportunity, [s.member for s in first], near, person.network_ids, limit=limit)


def _representatives(db: GraphStore, institution_id: str) -> list[str]:
    found = opportunity_queries.institution(db, institution_id) or {"representatives": []}
    return [r["id"] for r in found["representatives"]]


def interest(db: GraphStore, opportunity: dict, person, note: str | None) -> str | None:
    """The member is interested; the representatives are told. Their state, or None when it is too late."""
    state = opportunity_queries.interest(db, opportunity["id"], person.id, note, today(), now_ms())
    if state is not None:
        targets = _representatives(db, opportunity["institution_id"])
        notify(db, targets, "opportunity_interest", now_ms(), target_id=opportunity["id"], sender_id=person.id)
    return state


def choose(db: GraphStore, opportunity: dict, member_id: str, person) -> bool:
    """Choose an expert: they are told, and so are the others who were interested."""
    others = [
        row["member"]["id"]
        for row in opportunity_queries.interested(db, opportunity["id"])
        if row["member"]["id"] != member_id
    ]
    if not opportunity_queries.choose(db, opportunity["id"], member_id, now_ms()):
        return False
    notify(db, [member_id], "opportunity_chosen", now_ms(), target_id=opportunity["id"], sender_id=person.id)
    notify(db, others, "opportunity_declined", now_ms(), target_id=opportunity["id"])
    return True


def shown_status(opportunity: dict) -> str:
    """``open``, ``expired`` (open, deadline passed), ``filled`` or ``closed``."""
    if opportunity["status"] == "open" and opportunity.get("deadline") and opportunity["deadline"] < today():
        return "expired"
    return opportunity["status"]


def figures(db: GraphStore) -> dict:
    """What the department counts: opportunities by kind and by status (expired apart), outcomes of those
    filled, and how many members said they were interested."""
    by_kind: dict[str, dict[str, int]] = {}
    outcomes: dict[str, int] = {}
    interested = 0
    for row in opportunity_queries.figures(db):
        status = shown_status({"status": row["status"], "deadline": row["deadline"]})
        kind = by_kind.setdefault(row["kind"], {})
        kind[status] = kind.get(status, 0) + 1
        if row["status"] == "filled":
            key = row["outcome"] or "pending"
            outcomes[key] = outcomes.get(key, 0) + 1
        interested += row["interested"]
    total = sum(sum(counts.values()) for counts in by_kind.values())
    return {"total": total, "by_kind": by_kind, "outcomes": outcomes, "interested": interested}
