"""Institutions' representatives and the opportunities they post for the diaspora's experts.

``(m:Member)-[:REPRESENTS {granted_by, at}]->(i:Institution)`` with the copy ``m.represented_ids`` (the
permission checks read it from the account); ``(i)-[:POSTS]->(o:Opportunity {id, institution_id, kind,
title, description, skill_ids, sector_ids, language_ids, place, remote, duration_weeks, deadline (ISO day),
status, chosen_id, outcome, created_by, created_at, updated_at})`` (``status``: ``open``, ``filled`` once
an expert is chosen, ``closed`` without one; ``outcome`` after a choice: ``done`` or ``not_done``);
``(m)-[:INTERESTED {at, note, state}]->(o)`` (``state``: ``interested``, ``shortlisted``, ``chosen``,
``declined``).
"""

from .cypher import Cypher
from .errors import Conflict
from .store import GraphStore

_OPPORTUNITY = (
    "o {.id, .institution_id, .kind, .title, .description, .skill_ids, .sector_ids, .language_ids, .place, "
    ".remote, .duration_weeks, .deadline, .status, .chosen_id, .outcome, .created_by, .created_at, .updated_at}"
)
INSTITUTION = Cypher(
    "MATCH (i:Institution {id: $id}) "
    "OPTIONAL MATCH (r:Member)-[:REPRESENTS]->(i) WHERE r.status = 'active' "
    "WITH i, collect(r {.id, .display_name}) AS representatives "
    "RETURN i {.id, .name, .name_ar, .kind, .country, .website} AS institution, representatives"
)
INSTITUTIONS = Cypher(
    "MATCH (i:Institution) OPTIONAL MATCH (i)-[:POSTS]->(o:Opportunity {status: 'open'}) "
    "WITH i, count(o) AS open_opportunities ORDER BY i.name "
    "RETURN i {.id, .name, .name_ar, .kind, .country} AS institution, open_opportunities"
)
CREATE_INSTITUTION = Cypher("CREATE (i:Institution {id: $id}) SET i += $props RETURN i.id AS id")
GRANT = Cypher(
    "MATCH (m:Member {id: $member}) WHERE m.status = 'active' MATCH (i:Institution {id: $institution}) "
    "MERGE (m)-[r:REPRESENTS]->(i) ON CREATE SET r.granted_by = $by, r.at = $now "
    "SET m.represented_ids = CASE WHEN $institution IN coalesce(m.represented_ids, []) "
    "THEN m.represented_ids ELSE coalesce(m.represented_ids, []) + $institution END RETURN m.id AS id"
)
REVOKE = Cypher(
    "MATCH (m:Member {id: $member})-[r:REPRESENTS]->(i:Institution {id: $institution}) DELETE r "
    "SET m.represented_ids = [x IN coalesce(m.represented_ids, []) WHERE x <> $institution] RETURN m.id AS id"
)
POST = Cypher(
    "MATCH (i:Institution {id: $institution}) "
    "CREATE (i)-[:POSTS]->(o:Opportunity {id: $id, institution_id: $institution, status: 'open', "
    "created_by: $by, created_at: $now, updated_at: $now}) SET o += $props RETURN o.id AS id"
)
UPDATE = Cypher(
    "MATCH (o:Opportunity {id: $id}) WHERE o.status = 'open' SET o += $props, o.updated_at = $now RETURN o.id AS id"
)
ONE = Cypher(
    "MATCH (i:Institution)-[:POSTS]->(o:Opportunity {id: $id}) "
    "OPTIONAL MATCH (chosen:Member {id: o.chosen_id}) "
    "RETURN " + _OPPORTUNITY + " AS opportunity, i {.id, .name, .name_ar, .kind, .country} AS institution, "
    "CASE WHEN chosen IS NULL THEN null ELSE chosen {.id, .display_name} END AS chosen"
)
# Open opportunities, newest first; ``$today`` hides those past their deadline unless asked.
LISTING = Cypher(
    "MATCH (i:Institution)-[:POSTS]->(o:Opportunity) WHERE ($status IS NULL OR o.status = $status) "
    "AND ($institution IS NULL OR o.institution_id = $institution) AND ($kind IS NULL OR o.kind = $kind) "
    "AND ($sector IS NULL OR $sector IN o.sector_ids) "
    "AND ($current = false OR o.deadline IS NULL OR o.deadline >= $today) "
    "WITH i, o ORDER BY o.created_at DESC SKIP $skip LIMIT $limit "
    "RETURN " + _OPPORTUNITY + " AS opportunity, i {.id, .name, .name_ar} AS institution"
)
LISTING_COUNT = Cypher(
    "MATCH (o:Opportunity) WHERE ($status IS NULL OR o.status = $status) "
    "AND ($institution IS NULL OR o.institution_id = $institution) AND ($kind IS NULL OR o.kind = $kind) "
    "AND ($sector IS NULL OR $sector IN o.sector_ids) "
    "AND ($current = false OR o.deadline IS NULL OR o.deadline >= $today) RETURN count(o) AS n"
)
# Open opportunities that share a skill or sector with the member, with what they share.
# (The member's lists are named in a WITH first: FalkorDB 4.16 answers false to a list predicate in a WHERE
# that reads a property of a node matched in an earlier clause.)
FOR_MEMBER = Cypher(
    "MATCH (m:Member {id: $member}) "
    "WITH m, coalesce(m.skill_ids, []) AS skills_had, coalesce(m.sector_ids, []) AS sectors_had "
    "MATCH (i:Institution)-[:POSTS]->(o:Opportunity {status: 'open'}) "
    "WHERE (o.deadline IS NULL OR o.deadline >= $today) "
    "AND (any(s IN o.skill_ids WHERE s IN skills_had) OR any(s IN o.sector_ids WHERE s IN sectors_had)) "
    "OPTIONAL MATCH (m)-[x:INTERESTED]->(o) "
    "WITH o, i, x, [s IN o.skill_ids WHERE s IN skills_had] AS skills, "
    "[s IN o.sector_ids WHERE s IN sectors_had] AS sectors "
    "ORDER BY size(skills) DESC, o.created_at DESC LIMIT $limit "
    "RETURN " + _OPPORTUNITY + " AS opportunity, i {.id, .name, .name_ar} AS institution, skills, sectors, "
    "x.state AS state"
)
INTEREST = Cypher(
    "MATCH (m:Member {id: $member}) WHERE m.status = 'active' "
    "MATCH (o:Opportunity {id: $id}) WHERE o.status = 'open' AND (o.deadline IS NULL OR o.deadline >= $today) "
    "MERGE (m)-[x:INTERESTED]->(o) ON CREATE SET x.at = $now, x.state = 'interested' SET x.note = $note "
    "RETURN x.state AS state"
)
WITHDRAW = Cypher(
    "MATCH (:Member {id: $member})-[x:INTERESTED]->(o:Opportunity {id: $id}) WHERE o.status = 'open' "
    "AND x.state IN ['interested', 'shortlisted'] DELETE x RETURN o.id AS id"
)
# (The members' status is tested after a WITH: in the MATCH, FalkorDB 4.16 starts from its index on every
# active member instead of the one opportunity.)
INTERESTED = Cypher(
    "MATCH (o:Opportunity {id: $id})<-[x:INTERESTED]-(m:Member) WITH m, x WHERE m.status = 'active' "
    "RETURN m {.id, .display_name, .headline, .skill_ids, .sector_ids, .language_ids, .years_experience, "
    ".availability} AS member, x.state AS state, x.note AS note, x.at AS at ORDER BY x.at"
)
SET_STATE = Cypher(
    "MATCH (:Member {id: $member})-[x:INTERESTED]->(o:Opportunity {id: $id}) WHERE o.status = 'open' "
    "SET x.state = $state RETURN x.state AS state"
)
# Choosing an expert fills the opportunity: the others who were interested are declined.
CHOOSE = Cypher(
    "MATCH (m:Member {id: $member}) WHERE m.status = 'active' "
    "MATCH (o:Opportunity {id: $id}) WHERE o.status = 'open' "
    "MERGE (m)-[x:INTERESTED]->(o) ON CREATE SET x.at = $now, x.note = null "
    "SET x.state = 'chosen', o.status = 'filled', o.chosen_id = m.id, o.updated_at = $now, "
    "m.engagements = coalesce(m.engagements, 0) + 1 "
    "WITH o OPTIONAL MATCH (other:Member)-[y:INTERESTED]->(o) WHERE other.id <> $member "
    "SET y.state = 'declined' RETURN count(y) AS declined"
)
CLOSE = Cypher(
    "MATCH (o:Opportunity {id: $id}) WHERE o.status = 'open' SET o.status = 'closed', o.updated_at = $now "
    "RETURN o.id AS id"
)
# The outcome of a filled opportunity; the expert's count of engagements in progress goes down.
OUTCOME = Cypher(
    "MATCH (o:Opportunity {id: $id}) WHERE o.status = 'filled' AND o.outcome IS NULL "
    "SET o.outcome = $outcome, o.updated_at = $now "
    "WITH o OPTIONAL MATCH (m:Member {id: o.chosen_id}) "
    "SET m.engagements = CASE WHEN coalesce(m.engagements, 0) > 0 THEN m.engagements - 1 ELSE 0 END "
    "RETURN o.id AS id"
)
# Candidates for an opportunity: active members who show themselves to all members and are available, with a
# skill asked (one indexed lookup per skill), then a shortlist of those only in a sector asked.
_EXPERT = (
    "m {.id, .display_name, .headline, .skill_ids, .sector_ids, .language_ids, .network_ids, "
    ".years_experience, .availability, .engagements, .city_id, .country} AS member"
)
_AVAILABLE = (
    "m.status = 'active' AND coalesce(m.visibility, 'members') = 'members' "
    "AND coalesce(m.availability, 'none') <> 'none' AND NOT m.id IN $excluded "
)
# At 100,000 members a skill is held by thousands: the database keeps the ``$limit`` best by the ranking's own
# score (its weights passed in, closeness aside: that needs the graph walk the caller makes for the few kept).
EXPERTS_BY_SKILL = Cypher(
    "UNWIND $values AS v MATCH (m:Member) WHERE v IN m.skill_ids AND "
    + _AVAILABLE
    + "WITH m, count(*) AS shared WHERE coalesce(m.engagements, 0) < $capacity "
    "WITH m, shared, size([s IN coalesce(m.sector_ids, []) WHERE s IN $sectors]) AS sectors_shared, "
    "CASE WHEN size($languages) = 0 THEN 0.0 "
    "WHEN any(l IN coalesce(m.language_ids, []) WHERE l IN $languages) THEN 1.0 ELSE -2.0 END AS speaks, "
    "CASE WHEN coalesce(m.years_experience, 0) > 20 THEN 20 ELSE coalesce(m.years_experience, 0) END AS years "
    "WITH m, ($w_skills * shared / $skill_count "
    "+ CASE WHEN size($sectors) > 0 THEN $w_sectors * sectors_shared / toFloat(size($sectors)) ELSE 0.0 END "
    "+ $w_language * speaks + $w_experience * years / 20.0 "
    "+ CASE WHEN m.availability IN $ready THEN $w_availability ELSE 0.0 END) "
    "* (1.0 - 0.5 * coalesce(m.engagements, 0) / toFloat($capacity)) AS score "
    "ORDER BY score DESC, m.id LIMIT $limit RETURN " + _EXPERT
)
EXPERTS_BY_SECTOR = Cypher(
    "UNWIND $values AS v MATCH (m:Member) WHERE v IN m.sector_ids AND "
    + _AVAILABLE
    + "AND none(s IN coalesce(m.skill_ids, []) WHERE s IN $skills) WITH DISTINCT m "
    "WITH m, CASE WHEN any(l IN coalesce(m.language_ids, []) WHERE l IN $languages) THEN 1 ELSE 0 END AS speaks "
    "ORDER BY speaks DESC, coalesce(m.years_experience, 0) DESC, m.id LIMIT $limit RETURN " + _EXPERT
)
FIGURES = Cypher(
    "MATCH (o:Opportunity) OPTIONAL MATCH (:Member)-[x:INTERESTED]->(o) "
    "RETURN o.kind AS kind, o.status AS status, o.outcome AS outcome, o.institution_id AS institution, "
    "o.deadline AS deadline, count(x) AS interested"
)


def institution(store: GraphStore, institution_id: str) -> dict | None:
    """``{"institution", "representatives"}`` or None."""
    rows = store.read(INSTITUTION, id=institution_id)
    if not rows:
        return None
    return {**rows[0], "representatives": [r for r in rows[0]["representatives"] if r and r.get("id")]}


def institutions(store: GraphStore) -> list[dict]:
    """Every institution, by name, with its number of open opportunities."""
    return store.read(INSTITUTIONS)


def create_institution(store: GraphStore, institution_id: str, props: dict) -> bool:
    """A new institution; False when the id is taken."""
    try:
        return bool(store.write(CREATE_INSTITUTION, id=institution_id, props=props))
    except Conflict:
        return False


def grant(store: GraphStore, member_id: str, institution_id: str, by: str, now: int) -> bool:
    """Make an active member a representative of the institution."""
    return bool(store.write(GRANT, member=member_id, institution=institution_id, by=by, now=now))


def revoke(store: GraphStore, member_id: str, institution_id: str) -> bool:
    """The member no longer represents the institution."""
    return bool(store.write(REVOKE, member=member_id, institution=institution_id))


def post(store: GraphStore, opportunity_id: str, institution_id: str, props: dict, by: str, now: int):
    """A new open opportunity of the institution; its id, or None without such an institution."""
    rows = store.write(POST, id=opportunity_id, institution=institution_id, props=props, by=by, now=now)
    return rows[0]["id"] if rows else None


def update(store: GraphStore, opportunity_id: str, props: dict, now: int) -> bool:
    """Change an open opportunity."""
    return bool(store.write(UPDATE, id=opportunity_id, props=props, now=now))


def by_id(store: GraphStore, opportunity_id: str) -> dict | None:
    """``{"opportunity", "institution", "chosen"}`` or None."""
    rows = store.read(ONE, id=opportunity_id)
    return rows[0] if rows else None


def listing(store: GraphStore, filters: dict, today: str, skip: int, limit: int) -> tuple[list[dict], int]:
    """A page of opportunities, newest first (filters: ``status``, ``institution``, ``kind``, ``sector``,
    ``current``: only those whose deadline has not passed), and the total."""
    params = {key: filters.get(key) for key in ("status", "institution", "kind", "sector")}
    params["current"] = bool(filters.get("current"))
    rows = store.read(LISTING, today=today, skip=skip, limit=limit, **params)
    return rows, store.read(LISTING_COUNT, today=today, **params)[0]["n"]


def for_member(store: GraphStore, member_id: str, today: str, limit: int = 50) -> list[dict]:
    """Open, current opportunities sharing a skill or sector with the member, most shared skills first."""
    return store.read(FOR_MEMBER, member=member_id, today=today, limit=limit)


def interest(store: GraphStore, opportunity_id: str, member_id: str, note: str | None, today: str, now: int):
    """The member is interested (again: the note changes); their state, or None when the opportunity is
    closed, filled or past its deadline."""
    rows = store.write(INTEREST, id=opportunity_id, member=member_id, note=note, today=today, now=now)
    return rows[0]["state"] if rows else None


def withdraw(store: GraphStore, opportunity_id: str, member_id: str) -> bool:
    """The member is no longer interested (before a choice)."""
    return bool(store.write(WITHDRAW, id=opportunity_id, member=member_id))


def interested(store: GraphStore, opportunity_id: str) -> list[dict]:
    """Who is interested, first come first, with their state and note."""
    return store.read(INTERESTED, id=opportunity_id)


def set_state(store: GraphStore, opportunity_id: str, member_id: str, state: str) -> bool:
    """Shortlist (or put back) someone interested in an open opportunity."""
    return bool(store.write(SET_STATE, id=opportunity_id, member=member_id, state=state))


def choose(store: GraphStore, opportunity_id: str, member_id: str, now: int) -> bool:
    """Choose the expert (interested or suggested): the opportunity is filled, the others declined."""
    return bool(store.write(CHOOSE, id=opportunity_id, member=member_id, now=now))


def close(store: GraphStore, opportunity_id: str, now: int) -> bool:
    """Close an open opportunity without choosing anyone."""
    return bool(store.write(CLOSE, id=opportunity_id, now=now))


def record_outcome(store: GraphStore, opportunity_id: str, outcome: str, now: int) -> bool:
    """How a filled opportunity ended (``done`` or ``not_done``), once."""
    return bool(store.write(OUTCOME, id=opportunity_id, outcome=outcome, now=now))


def expert_candidates(
    store: GraphStore,
    skills: list[str],
    sectors: list[str],
    languages: list[str],
    excluded: list[str],
    scoring: dict,
    limit: int = 150,
    shortlist: int = 80,
) -> list[dict]:
    """Available members with a skill asked (the ``limit`` best by ``scoring``: the ranking's weights
    ``w_skills``, ``w_sectors``, ``w_language``, ``w_experience``, ``w_availability``, the availabilities that
    count as ``ready`` and the ``capacity``), and, when fewer than ``limit`` hold one (with more, someone who
    holds none never reaches the first ten), a ``shortlist`` of those only in a sector asked."""
    found: dict[str, dict] = {}
    if skills:
        rows = store.read(
            EXPERTS_BY_SKILL,
            values=list(skills),
            sectors=list(sectors),
            languages=list(languages),
            excluded=list(excluded),
            skill_count=float(len(skills)),
            limit=limit,
            **scoring,
        )
        for row in rows:
            found.setdefault(row["member"]["id"], row["member"])
    if sectors and len(found) < limit:
        rows = store.read(
            EXPERTS_BY_SECTOR,
            values=list(sectors),
            skills=list(skills),
            languages=list(languages),
            excluded=list(excluded),
            limit=shortlist,
        )
        for row in rows:
            found.setdefault(row["member"]["id"], row["member"])
    return list(found.values())


def figures(store: GraphStore) -> list[dict]:
    """One row per opportunity: kind, status, outcome, institution, deadline and how many were interested."""
    return store.read(FIGURES)
