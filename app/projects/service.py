"""What saving a project, asking for mentoring and suggesting mentors mean, for the views (and later the API)."""

import math
import time
import uuid

from flask import current_app
from flask_babel import gettext as _

from graph import mentorships as mentorship_queries
from graph import projects as project_queries
from graph import ranking_models, reference
from graph.store import GraphStore
from recommend import mentor_weights, mentors, partners

from ..accounts.service import now_ms
from ..notifications import notify


def save_project(store: GraphStore, leader_id: str, props: dict, project_id: str | None = None) -> str:
    """Create a project (or update it when ``project_id`` is given) from its properties; return its id."""
    return project_queries.save(store, project_id or str(uuid.uuid4()), leader_id, props, now_ms())


def resolve_skills(store: GraphStore, names: list[str], now: int) -> list[str]:
    """Skills typed by name, as skill ids (curated ones recognised, free ones made), without repeats."""
    skill_ids = []
    for name in names:
        skill_id = reference.resolve_skill(store, name, now)
        if skill_id and skill_id not in skill_ids:
            skill_ids.append(skill_id)
    return skill_ids


def ask_for_mentoring(store: GraphStore, project_id: str, skill_names: list[str], props: dict) -> str:
    """Record a request (``props``: sector_ids, language_ids, format, duration_weeks, note; typed skills
    resolved); return its id."""
    now = now_ms()
    props = {**props, "skill_ids": resolve_skills(store, skill_names, now)}
    return project_queries.add_request(store, project_id, str(uuid.uuid4()), props, now)


MENTOR_WEIGHTS_KEPT_SECONDS = 300  # a process reads the fitted mentor weights again after this long


def mentor_weights_in_use(store: GraphStore) -> dict | None:
    """The mentor weights fitted on outcomes by the job, or None for the hand weights; read from the graph at
    most every :data:`MENTOR_WEIGHTS_KEPT_SECONDS` per process."""
    kept = current_app.extensions.setdefault("mentor_weights", {})
    if time.monotonic() - kept.get("read_at", -math.inf) > MENTOR_WEIGHTS_KEPT_SECONDS:
        stored = ranking_models.newest(store, mentor_weights.NAME)
        kept.update(read_at=time.monotonic(), weights=mentor_weights.from_json(stored["body"]) if stored else None)
    return kept["weights"]


def suggested_mentors(store: GraphStore, request: dict, leader, limit: int = 10) -> list[mentors.Suggestion]:
    """The best mentors for an open request, with their reasons."""
    candidates = project_queries.mentor_candidates(
        store, leader.id, request["skill_ids"], request["sector_ids"], request.get("language_ids") or []
    )
    if not candidates:
        return []
    weights = mentor_weights_in_use(store)
    # closeness for the leading candidates only: a first pass without it keeps the query small
    first = mentors.rank(request, candidates, {}, leader.network_ids, limit=limit * 3, weights=weights)
    near = project_queries.closeness(store, leader.id, [s.member["id"] for s in first])
    return mentors.rank(request, [s.member for s in first], near, leader.network_ids, limit=limit, weights=weights)


def suggested_partners(store: GraphStore, project: dict) -> dict[str, list[partners.Partner]]:
    """Institutions and other projects for ``project``, each list best first."""
    return {
        "institutions": partners.institutions(project)[:6],
        "projects": partners.projects(project, project_queries.nearby(store, project)),
    }


def invite_mentor(store: GraphStore, request_id: str, mentor_id: str, message: str | None) -> str | None:
    """The leader invites a mentor for an open request (the mentor is told); the mentorship's id, or None when
    the person is invited already or no longer mentors."""
    mentorship_id = mentorship_queries.invite(store, request_id, mentor_id, str(uuid.uuid4()), message, now_ms())
    if mentorship_id:
        notify(store, [mentor_id], "mentor_invited", now_ms(), mentorship_id=mentorship_id)
    return mentorship_id


def match_for_leader(store: GraphStore, request_id: str, mentor_id: str, leader_id: str, by_name: str) -> str | None:
    """A coordinator (or the department), ``by_name``, invites a mentor on the leader's behalf: the mentor and
    the leader are told; the mentorship's id, or None as for :func:`invite_mentor`."""
    proposed = _("Proposed by %(name)s, coordinator.", name=by_name)
    mentorship_id = invite_mentor(store, request_id, mentor_id, proposed)
    if mentorship_id:
        notify(store, [leader_id], "mentor_matched", now_ms(), mentorship_id=mentorship_id)
    return mentorship_id


def answer_invitation(store: GraphStore, mentorship: dict, mentor_id: str, accept: bool, message: str | None):
    """The mentor accepts (when they still have room) or declines; the leader is told. The new status, or
    None when accepting is refused for want of room."""
    status = mentorship_queries.answer(store, mentorship["id"], mentor_id, accept, message, now_ms())
    if status is not None:
        notify(store, [mentorship["leader_id"]], "mentorship_" + status, now_ms(), mentorship_id=mentorship["id"])
    return status


def close_mentorship(store: GraphStore, mentorship: dict, by_id: str, outcome: str) -> bool:
    """Either side ends an active mentorship with its outcome; the other side is told."""
    if not mentorship_queries.close(store, mentorship["id"], by_id, outcome, now_ms()):
        return False
    other = mentorship["mentor_id"] if by_id == mentorship["leader_id"] else mentorship["leader_id"]
    notify(store, [other], "mentorship_closed", now_ms(), mentorship_id=mentorship["id"])
    return True


def rate_mentorship(store: GraphStore, mentorship: dict, by_id: str, rating: int, comment: str | None) -> bool:
    """One side rates the closed mentorship, once; False when they already have."""
    side = "leader" if mentorship["leader_id"] == by_id else "mentor"
    return mentorship_queries.rate(store, mentorship["id"], by_id, side, rating, comment)
