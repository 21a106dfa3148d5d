"""Mentorships: a project leader invites a mentor for a mentoring request, the mentor answers, they log
sessions, and either closes it with an outcome; each side rates it.

``(p:Project)-[:HAS_MENTORSHIP]->(ms:Mentorship {id, request_id, project_id, leader_id, mentor_id, status,
invited_at, invitation, answered_at, answer, closed_at, closed_by, outcome, leader_rating, leader_comment,
mentor_rating, mentor_comment})<-[:MENTOR_IN]-(mentor:Member)`` and ``(ms)-[:HAS_SESSION]->(s:MentoringSession
{id, on, notes, by, at})``. ``status``: ``invited``, ``declined``, ``active``, ``closed``. A mentor's
``mentee_count`` (active mentorships) moves in the statements that accept and close, so their capacity is
always current for the ranking.
"""

from .cypher import Cypher
from .store import GraphStore

FIELDS = (
    "ms {.id, .request_id, .project_id, .leader_id, .mentor_id, .status, .invited_at, .invitation, .answered_at, "
    ".answer, .closed_at, .closed_by, .outcome, .leader_rating, .leader_comment, .mentor_rating, .mentor_comment}"
)
# One invitation per request and mentor (a second invite of the same person does nothing).
INVITE = Cypher(
    "MATCH (p:Project)-[:HAS_REQUEST]->(r:MentoringRequest {id: $request}) WHERE r.status = 'open' "
    "MATCH (mentor:Member {id: $mentor}) WHERE mentor.mentor_open = true AND mentor.id <> p.leader_id "
    "OPTIONAL MATCH (mentor)-[:MENTOR_IN]->(old:Mentorship {request_id: $request}) "
    "WITH p, r, mentor, count(old) AS before WHERE before = 0 "
    "CREATE (p)-[:HAS_MENTORSHIP]->(ms:Mentorship {id: $id, request_id: r.id, project_id: p.id, "
    "leader_id: p.leader_id, mentor_id: mentor.id, status: 'invited', invited_at: $now, invitation: $message})"
    "<-[:MENTOR_IN]-(mentor) RETURN ms.id AS id"
)
ANSWER = Cypher(
    "MATCH (mentor:Member {id: $mentor})-[:MENTOR_IN]->(ms:Mentorship {id: $id}) WHERE ms.status = 'invited' "
    "AND ($accept = false OR coalesce(mentor.mentee_count, 0) < coalesce(mentor.mentor_capacity, 1)) "
    "SET ms.status = CASE WHEN $accept THEN 'active' ELSE 'declined' END, ms.answered_at = $now, "
    "ms.answer = $message, mentor.mentee_count = coalesce(mentor.mentee_count, 0) + "
    "CASE WHEN $accept THEN 1 ELSE 0 END RETURN ms.status AS status"
)
LOG_SESSION = Cypher(
    "MATCH (ms:Mentorship {id: $id}) WHERE ms.status = 'active' AND $by IN [ms.leader_id, ms.mentor_id] "
    "CREATE (ms)-[:HAS_SESSION]->(s:MentoringSession {id: $session, on: $on, notes: $notes, by: $by, at: $now}) "
    "RETURN s.id AS id"
)
CLOSE = Cypher(
    "MATCH (mentor:Member)-[:MENTOR_IN]->(ms:Mentorship {id: $id}) WHERE ms.status = 'active' "
    "AND $by IN [ms.leader_id, ms.mentor_id] "
    "SET ms.status = 'closed', ms.closed_at = $now, ms.closed_by = $by, ms.outcome = $outcome, "
    "mentor.mentee_count = CASE WHEN coalesce(mentor.mentee_count, 0) > 0 THEN mentor.mentee_count - 1 ELSE 0 END "
    "RETURN ms.id AS id"
)
RATE_LEADER = Cypher(
    "MATCH (ms:Mentorship {id: $id, leader_id: $by}) WHERE ms.status = 'closed' AND ms.leader_rating IS NULL "
    "SET ms.leader_rating = $rating, ms.leader_comment = $comment RETURN ms.id AS id"
)
RATE_MENTOR = Cypher(
    "MATCH (ms:Mentorship {id: $id, mentor_id: $by}) WHERE ms.status = 'closed' AND ms.mentor_rating IS NULL "
    "SET ms.mentor_rating = $rating, ms.mentor_comment = $comment RETURN ms.id AS id"
)
BY_ID = Cypher(
    "MATCH (p:Project)-[:HAS_MENTORSHIP]->(ms:Mentorship {id: $id})<-[:MENTOR_IN]-(mentor:Member) "
    "MATCH (leader:Member {id: ms.leader_id}) "
    "OPTIONAL MATCH (ms)-[:HAS_SESSION]->(s:MentoringSession) "
    "WITH p, ms, mentor, leader, s ORDER BY s.on, s.at "
    "RETURN " + FIELDS + " AS mentorship, p {.id, .title} AS project, mentor {.id, .display_name} AS mentor, "
    "leader {.id, .display_name} AS leader, "
    "[x IN collect(s) | x {.id, .on, .notes, .by, .at}] AS sessions"
)
OF_REQUESTS = Cypher(
    "MATCH (:Project {id: $project})-[:HAS_MENTORSHIP]->(ms:Mentorship)<-[:MENTOR_IN]-(mentor:Member) "
    "RETURN " + FIELDS + " AS mentorship, mentor {.id, .display_name} AS mentor ORDER BY ms.invited_at"
)
# Requests and their mentorships, for the department (``$everyone``) or the coordinators of ``$networks``
# (projects whose leader belongs to one of them).
PIPELINE = Cypher(
    "MATCH (leader:Member)-[:LEADS]->(p:Project)-[:HAS_REQUEST]->(r:MentoringRequest) "
    "WHERE $everyone OR any(n IN coalesce(leader.network_ids, []) WHERE n IN $networks) "
    "OPTIONAL MATCH (p)-[:HAS_MENTORSHIP]->(ms:Mentorship {request_id: r.id}) "
    "WITH leader, p, r, collect(ms {.status, .invited_at, .answered_at, .outcome, .leader_rating, .mentor_rating}) "
    "AS mentorships "
    "RETURN p {.id, .title, .sector_id} AS project, leader {.id, .display_name, .network_ids, .employer_key} "
    "AS leader, "
    "r {.id, .created_at, .status, .skill_ids, .sector_ids, .language_ids, .format} AS request, mentorships "
    "ORDER BY r.created_at LIMIT $limit"
)
# What became of every answered invitation, with the request and the mentor as they are now (the mentor
# weights are fitted on them: recommend/mentor_weights.py).
OUTCOMES = Cypher(
    "MATCH (m:Member)-[:MENTOR_IN]->(ms:Mentorship) WHERE ms.status <> 'invited' "
    "MATCH (r:MentoringRequest {id: ms.request_id}) "
    "RETURN r {.skill_ids, .sector_ids, .language_ids, .format} AS request, "
    "m {.skill_ids, .sector_ids, .language_ids, .years_experience, .availability} AS mentor, "
    "ms {.status, .outcome, .leader_rating, .mentor_rating} AS mentorship LIMIT $limit"
)
# Who has mentored (or is mentoring) each leader: a conflict of interest for matching them again.
PAST_MENTORS = Cypher(
    "UNWIND $leaders AS lid MATCH (ms:Mentorship {leader_id: lid}) WHERE ms.status IN ['active', 'closed'] "
    "RETURN lid AS leader, collect(DISTINCT ms.mentor_id) AS mentors"
)
MINE = Cypher(
    "MATCH (p:Project)-[:HAS_MENTORSHIP]->(ms:Mentorship)<-[:MENTOR_IN]-(mentor:Member) "
    "WHERE ms.leader_id = $member OR ms.mentor_id = $member "
    "MATCH (leader:Member {id: ms.leader_id}) "
    "RETURN " + FIELDS + " AS mentorship, p {.id, .title} AS project, mentor {.id, .display_name} AS mentor, "
    "leader {.id, .display_name} AS leader ORDER BY ms.invited_at DESC"
)


def invite(
    store: GraphStore, request_id: str, mentor_id: str, mentorship_id: str, message: str | None, now: int
) -> str | None:
    """Invite a mentor for an open request; None if not possible (closed request, not a mentor, already invited)."""
    rows = store.write(INVITE, request=request_id, mentor=mentor_id, id=mentorship_id, message=message, now=now)
    return rows[0]["id"] if rows else None


def answer(
    store: GraphStore, mentorship_id: str, mentor_id: str, accept: bool, message: str | None, now: int
) -> str | None:
    """The mentor accepts (if they have room) or declines; the new status, or None if nothing changed."""
    rows = store.write(ANSWER, id=mentorship_id, mentor=mentor_id, accept=accept, message=message, now=now)
    return rows[0]["status"] if rows else None


def log_session(store: GraphStore, mentorship_id: str, by: str, session_id: str, on: int, notes: str, now: int) -> bool:
    """Record a session of an active mentorship (either side)."""
    return bool(store.write(LOG_SESSION, id=mentorship_id, by=by, session=session_id, on=on, notes=notes, now=now))


def close(store: GraphStore, mentorship_id: str, by: str, outcome: str, now: int) -> bool:
    """Close an active mentorship with its outcome (either side); the mentor has room again."""
    return bool(store.write(CLOSE, id=mentorship_id, by=by, outcome=outcome, now=now))


def rate(store: GraphStore, mentorship_id: str, by: str, side: str, rating: int, comment: str | None) -> bool:
    """One side's rating (1 to 5) of a closed mentorship, once."""
    statement = RATE_LEADER if side == "leader" else RATE_MENTOR
    return bool(store.write(statement, id=mentorship_id, by=by, rating=rating, comment=comment))


def by_id(store: GraphStore, mentorship_id: str) -> dict | None:
    """``{"mentorship", "project", "mentor", "leader", "sessions"}`` or None."""
    rows = store.read(BY_ID, id=mentorship_id)
    return rows[0] if rows else None


def of_project(store: GraphStore, project_id: str) -> list[dict]:
    """Every invitation and mentorship of a project's requests, oldest first."""
    return store.read(OF_REQUESTS, project=project_id)


def mine(store: GraphStore, member_id: str) -> list[dict]:
    """Mentorships where the member leads the project or mentors, newest first."""
    return store.read(MINE, member=member_id)


def pipeline(store: GraphStore, everyone: bool, networks: list[str], limit: int = 1000) -> list[dict]:
    """Mentoring requests with their mentorships' states, oldest first."""
    return store.read(PIPELINE, everyone=everyone, networks=list(networks), limit=limit)


def past_mentors(store: GraphStore, leader_ids: list[str]) -> dict[str, list[str]]:
    """``{leader id: [mentors who have mentored them, or are]}``."""
    return {row["leader"]: row["mentors"] for row in store.read(PAST_MENTORS, leaders=list(leader_ids))}


def outcomes(store: GraphStore, limit: int = 100_000) -> list[tuple[dict, dict, dict]]:
    """``(request, mentor, mentorship)`` of every invitation that was answered."""
    return [(row["request"], row["mentor"], row["mentorship"]) for row in store.read(OUTCOMES, limit=limit)]
