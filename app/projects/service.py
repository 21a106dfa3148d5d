"""What saving a project, asking for mentoring and suggesting mentors mean, for the views (and later the API)."""

import uuid

from graph import projects as project_queries
from graph import reference
from graph.store import GraphStore
from recommend import mentors, partners

from ..accounts.service import now_ms


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


def suggested_mentors(store: GraphStore, request: dict, leader, limit: int = 10) -> list[mentors.Suggestion]:
    """The best mentors for an open request, with their reasons."""
    candidates = project_queries.mentor_candidates(
        store, leader.id, request["skill_ids"], request["sector_ids"], request.get("language_ids") or []
    )
    if not candidates:
        return []
    # closeness for the leading candidates only: a first pass without it keeps the query small
    first = mentors.rank(request, candidates, {}, leader.network_ids, limit=limit * 3)
    near = project_queries.closeness(store, leader.id, [s.member["id"] for s in first])
    return mentors.rank(request, [s.member for s in first], near, leader.network_ids, limit=limit)


def suggested_partners(store: GraphStore, project: dict) -> dict[str, list[partners.Partner]]:
    """Institutions and other projects for ``project``, each list best first."""
    return {
        "institutions": partners.institutions(project)[:6],
        "projects": partners.projects(project, project_queries.nearby(store, project)),
    }
