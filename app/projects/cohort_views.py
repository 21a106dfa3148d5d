"""Matching every waiting mentoring request at once: the coordinators' (and the department's) cohort page.

The page proposes the assignment of :func:`recommend.cohort.assign` over the requests the person may match
(the department: all; a coordinator: those of their networks' project leaders), each pair with its reasons,
the requests left unmatched with why, and how it compares with matching one request at a time. The person
may change any request's mentor among those offered, or leave it out, and sends the invitations in one go
(each leader and mentor is told, as when matching one request by hand).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from graph import mentorships as mentorship_queries
from graph import projects as project_queries
from recommend import cohort, mentors

from ..accounts.service import now_ms
from ..extensions import store
from ..permissions import may
from ..reasons import name_reasons
from . import service
from .mentoring import pipeline_rows
from .views import bp

COHORT_LIMIT = 200  # waiting requests matched at once (the oldest first)
OFFERED = 4  # mentors offered per request: the proposed one and the next best


def _cohort() -> tuple[list[dict], list[dict], dict]:
    """The waiting requests the current person may match (with their leader's employer, past mentors and
    networks, as :mod:`recommend.cohort` reads them), the mentors any of them could have, and the rows
    behind the requests by request id."""
    rows = mentorship_queries.pipeline(store(), current_user.role in ("admin", "analyst"), current_user.coordinated_ids)
    rows, _summary = pipeline_rows(rows, now_ms())
    rows = [r for r in rows if r["state"] == "waiting" and may(current_user, "mentoring.match", r["leader"])]
    rows = rows[:COHORT_LIMIT]
    past = mentorship_queries.past_mentors(store(), sorted({r["leader"]["id"] for r in rows}))
    requests, pool = [], {}
    for row in rows:
        asked = row["request"]
        requests.append(
            {
                **asked,
                "leader_id": row["leader"]["id"],
                "leader_employer": row["leader"].get("employer_key"),
                "mentored_by": past.get(row["leader"]["id"], []),
                "networks": row["leader"].get("network_ids") or [],
            }
        )
        skills, sectors, languages = (asked[key] or [] for key in ("skill_ids", "sector_ids", "language_ids"))
        for mentor in project_queries.mentor_candidates(store(), row["leader"]["id"], skills, sectors, languages):
            pool.setdefault(mentor["id"], mentor)
    return requests, list(pool.values()), {r["request"]["id"]: r for r in rows}


def _offered(
    requests: list[dict], mentor_rows: list[dict], proposed: cohort.Assignment, weights: dict | None
) -> dict[str, list[dict]]:
    """For each request, the mentors the page offers: the proposed one first, then the best others who may
    take it and have room."""
    chosen = {pair.request_id: pair.mentor_id for pair in proposed.pairs}
    by_id = {mentor["id"]: mentor for mentor in mentor_rows}
    offered = {}
    for asked in requests:
        fitting = [m for m in mentor_rows if cohort.obstacle(asked, m) is None]
        ranked = [s.member for s in mentors.rank(asked, fitting, {}, asked["networks"], OFFERED, weights=weights)]
        first = [by_id[chosen[asked["id"]]]] if asked["id"] in chosen else []
        offered[asked["id"]] = (first + [m for m in ranked if m not in first])[:OFFERED]
    return offered


@bp.get("/mentoring/cohort")
@login_required
def cohort_page():
    """The proposed assignment of every waiting request the person may match."""
    if not may(current_user, "mentoring.pipeline"):
        abort(403)
    requests, mentor_rows, rows = _cohort()
    weights = service.mentor_weights_in_use(store())
    proposed = cohort.assign(requests, mentor_rows, weights)
    one_at_a_time = cohort.assign_one_at_a_time(requests, mentor_rows, weights)
    name_reasons(proposed.pairs)
    return render_template(
        "projects/cohort.html",
        rows=rows,
        proposed=proposed,
        pairs={pair.request_id: pair for pair in proposed.pairs},
        one_at_a_time=one_at_a_time,
        offered=_offered(requests, mentor_rows, proposed, weights),
        places=sum(max(0, capacity - load) for load, capacity in map(mentors.mentoring_load, mentor_rows)),
        mentors_count=len(mentor_rows),
    )


@bp.post("/mentoring/cohort")
@login_required
def send_cohort():
    """Invite the mentor chosen for each request (among those the page offered); the leader and the mentor
    are told. Choices no longer possible are counted and said."""
    if not may(current_user, "mentoring.pipeline"):
        abort(403)
    requests, mentor_rows, rows = _cohort()
    weights = service.mentor_weights_in_use(store())
    offered = _offered(requests, mentor_rows, cohort.assign(requests, mentor_rows, weights), weights)
    sent, refused = 0, 0
    for request_id, choices in offered.items():
        chosen = (request.form.get(f"mentor-{request_id}") or "").strip()
        if not chosen:
            continue
        if chosen not in {m["id"] for m in choices}:
            refused += 1
            continue
        leader_id = rows[request_id]["leader"]["id"]
        if service.match_for_leader(store(), request_id, chosen, leader_id, current_user.display_name) is None:
            refused += 1
            continue
        sent += 1
    asked = sum(1 for key in request.form if key.startswith("mentor-") and request.form[key].strip())
    refused += max(0, asked - sent - refused)  # choices for requests no longer waiting
    if sent:
        flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", sent), "success")
    if refused:
        flash(
            ngettext(
                "%(num)d choice could not be sent: the request is no longer waiting, or the mentor is no longer "
                "available for it.",
                "%(num)d choices could not be sent: the requests are no longer waiting, or the mentors are no "
                "longer available for them.",
                refused,
            ),
            "error",
        )
    if not sent and not refused:
        flash(_("No mentor was chosen: nothing was sent."), "info")
    return redirect(url_for("projects.cohort_page"))
