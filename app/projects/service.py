"""What saving a project, asking for mentoring and suggesting mentors mean, for the views (and later the API)."""

import uuid

from graph import projects as project_queries
from graph import reference
from graph.store import GraphStore
from recommend import mentors, partners

from ..accounts.service import now_ms
from .forms import MentoringRequestForm, ProjectForm


def save_project(
    store: GraphStore, leader_id: str, form: ProjectForm, city_id: str | None, project_id: str | None = None
) -> str:
    """Create a project (or update it when ``project_id`` is given); return its id."""
    return project_queries.save(store, project_id or str(uuid.uuid4()), leader_id, form.props(city_id), now_ms())


def ask_for_mentoring(store: GraphStore, project_id: str, form: MentoringRequestForm) -> str:
    """Record the request (typed skills resolved to skills, free ones made); return its id."""
    now = now_ms()
    skill_ids = []
    for name in form.skill_names():
        skill_id = reference.resolve_skill(store, name, now)
        if skill_id and skill_id not in skill_ids:
            skill_ids.append(skill_id)
    props = {
        "skill_ids": skill_ids,
        "sector_ids": list(form.sectors.data or []),
        "language_ids": list(form.languages.data or []),
        "format": form.format.data,
        "duration_weeks": form.duration_weeks.data,
        "note": form.note.data or None,
    }
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
