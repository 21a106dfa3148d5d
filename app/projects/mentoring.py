"""Mentorship pages: inviting a suggested mentor, the mentor's answer, sessions, closing and rating."""

import uuid
from datetime import datetime, timezone

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import accounts as account_queries
from graph import mentorships as mentorship_queries
from graph import projects as project_queries

from ..access import require
from ..accounts.models import Account
from ..accounts.service import now_ms
from ..extensions import store
from ..feedback import tell
from ..permissions import may
from ..reasons import form_problems
from . import service
from .mentoring_forms import OUTCOME_NAMES, STATUS_NAMES, AnswerForm, CloseForm, InviteForm, RatingForm, SessionForm
from .views import bp


def _mentorship_or_404(mentorship_id: str, action: str = "mentorship.view") -> dict:
    found = mentorship_queries.by_id(store(), mentorship_id) if len(mentorship_id) <= 64 else None
    return require(found, action, "mentorship")


def _back(mentorship_id: str):
    return redirect(url_for("projects.mentorship", mentorship_id=mentorship_id))


@bp.post("/mentoring-requests/<request_id>/invite/<mentor_id>")
@login_required
def invite(request_id: str, mentor_id: str):
    """The leader invites a suggested mentor for the request."""
    found = project_queries.request_by_id(store(), request_id) if len(request_id) <= 64 else None
    if found is None:
        abort(404)
    if not may(current_user, "project.invite_mentor", {"leader_id": found["leader_id"]}):
        abort(403)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(form_problems(form), "error")
        return redirect(url_for("projects.show", project_id=found["project_id"]))
    mentorship_id = service.invite_mentor(store(), request_id, mentor_id, form.message.data or None)
    tell(mentorship_id, _("The invitation is sent."), _("This person is already invited, or no longer mentors."))
    return redirect(url_for("projects.show", project_id=found["project_id"]))


DAY_MS = 86_400_000
MATCH_SUGGESTED = 10  # requests offered suggested mentors on the pipeline page: each costs a ranking


def pipeline_rows(rows: list[dict], now: int) -> tuple[list[dict], dict]:
    """Each request's state (waiting, invited, active, closed) and days waited; the totals and outcomes."""
    totals = {"waiting": 0, "invited": 0, "active": 0, "closed": 0}
    outcomes: dict[str, int] = {}
    ratings: list[int] = []
    for row in rows:
        statuses = [m["status"] for m in row["mentorships"]]
        if "active" in statuses:
            state = "active"
        elif "closed" in statuses:
            state = "closed"
        elif "invited" in statuses:
            state = "invited"
        else:
            state = "waiting"
        row["state"] = state
        row["days"] = max(0, (now - (row["request"]["created_at"] or now)) // DAY_MS)
        totals[state] += 1
        for m in row["mentorships"]:
            if m["status"] == "closed" and m.get("outcome"):
                outcomes[m["outcome"]] = outcomes.get(m["outcome"], 0) + 1
            ratings += [r for r in (m.get("leader_rating"), m.get("mentor_rating")) if r]
    waiting_days = [row["days"] for row in rows if row["state"] in ("waiting", "invited")]
    summary = {
        **totals,
        "outcomes": outcomes,
        "rating": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "median_wait": sorted(waiting_days)[len(waiting_days) // 2] if waiting_days else None,
    }
    return rows, summary


@bp.get("/mentoring/pipeline")
@login_required
def pipeline():
    """The department's and coordinators' view: requests waiting (and for how long), invitations, active and
    closed mentorships with outcomes; requests still waiting can be matched by hand."""
    if not may(current_user, "mentoring.pipeline"):
        abort(403)
    everyone = current_user.role in ("admin", "analyst")
    rows = mentorship_queries.pipeline(store(), everyone, current_user.coordinated_ids)
    rows, summary = pipeline_rows(rows, now_ms())
    suggestions = {}
    matchable = [r for r in rows if r["state"] == "waiting" and may(current_user, "mentoring.match", r["leader"])]
    for row in matchable[:MATCH_SUGGESTED]:  # the longest waiting first (rows are oldest first)
        leader = Account({**row["leader"], "email": "", "role": "member"})
        suggestions[row["request"]["id"]] = service.suggested_mentors(store(), row["request"], leader, limit=3)
    return render_template(
        "projects/pipeline.html",
        rows=rows,
        summary=summary,
        suggestions=suggestions,
        outcome_names=OUTCOME_NAMES,
        status_names=STATUS_NAMES,
    )


@bp.post("/mentoring-requests/<request_id>/match/<mentor_id>")
@login_required
def match(request_id: str, mentor_id: str):
    """A coordinator (or the department) invites a mentor on the leader's behalf; both are told."""
    found = project_queries.request_by_id(store(), request_id) if len(request_id) <= 64 else None
    if found is None:
        abort(404)
    leader = account_queries.member_by_id(store(), found["leader_id"]) or {}
    if not may(current_user, "mentoring.match", leader):
        abort(403)
    mentorship_id = service.match_for_leader(
        store(), request_id, mentor_id, found["leader_id"], current_user.display_name
    )
    tell(
        mentorship_id,
        _("The mentor is invited on the project leader's behalf."),
        _("This person is already invited, or no longer mentors."),
    )
    return redirect(url_for("projects.pipeline"))


@bp.get("/mentoring")
@login_required
def mentoring():
    """My mentorships, as project leader and as mentor."""
    return render_template(
        "projects/mentoring.html",
        rows=mentorship_queries.mine(store(), current_user.id),
        status_names=STATUS_NAMES,
        may_pipeline=may(current_user, "mentoring.pipeline"),
    )


@bp.get("/mentorships/<mentorship_id>")
@login_required
def mentorship(mentorship_id: str):
    """A mentorship: the invitation and the answer, the sessions, and what each side can do now."""
    found = _mentorship_or_404(mentorship_id)
    current = found["mentorship"]
    side = "leader" if current["leader_id"] == current_user.id else "mentor"
    return render_template(
        "projects/mentorship.html",
        found=found,
        m=current,
        side=side,
        outcome_names=OUTCOME_NAMES,
        status_names=STATUS_NAMES,
        answer_form=AnswerForm() if may(current_user, "mentorship.answer", current) else None,
        session_form=SessionForm() if may(current_user, "mentorship.log", current) else None,
        close_form=CloseForm() if may(current_user, "mentorship.close", current) else None,
        rating_form=RatingForm()
        if may(current_user, "mentorship.rate", current) and current.get(side + "_rating") is None
        else None,
    )


@bp.post("/mentorships/<mentorship_id>/answer")
@login_required
def answer(mentorship_id: str):
    """The mentor accepts (when they still have room) or declines, with a message."""
    found = _mentorship_or_404(mentorship_id, "mentorship.answer")
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("Accept or decline."), "error")
        return _back(mentorship_id)
    accept = form.decision.data == "accept"
    status = service.answer_invitation(store(), found["mentorship"], current_user.id, accept, form.message.data)
    if status is None:
        flash(_("You are mentoring as many people as your profile allows: raise the number first."), "error")
    else:
        flash(_("Your answer is sent."), "success")
    return _back(mentorship_id)


@bp.post("/mentorships/<mentorship_id>/sessions")
@login_required
def log_session(mentorship_id: str):
    """Either side records a session held."""
    _mentorship_or_404(mentorship_id, "mentorship.log")
    form = SessionForm()
    if form.validate_on_submit():
        on = int(datetime.combine(form.on.data, datetime.min.time(), timezone.utc).timestamp() * 1000)
        mentorship_queries.log_session(
            store(), mentorship_id, current_user.id, str(uuid.uuid4()), on, form.notes.data, now_ms()
        )
        flash(_("The session is recorded."), "success")
    else:
        flash(form_problems(form), "error")
    return _back(mentorship_id)


@bp.post("/mentorships/<mentorship_id>/close")
@login_required
def close(mentorship_id: str):
    """Either side ends the mentorship with its outcome; the mentor has room for someone else."""
    found = _mentorship_or_404(mentorship_id, "mentorship.close")
    form = CloseForm()
    if not form.validate_on_submit():
        flash(_("Choose the outcome."), "error")
        return _back(mentorship_id)
    if service.close_mentorship(store(), found["mentorship"], current_user.id, form.outcome.data):
        flash(_("The mentorship is closed. Say how it went below."), "success")
    return _back(mentorship_id)


@bp.post("/mentorships/<mentorship_id>/rate")
@login_required
def rate(mentorship_id: str):
    """Each side rates the closed mentorship, once."""
    found = _mentorship_or_404(mentorship_id, "mentorship.rate")
    form = RatingForm()
    if not form.validate_on_submit():
        flash(_("Choose a rating."), "error")
        return _back(mentorship_id)
    tell(
        service.rate_mentorship(
            store(), found["mentorship"], current_user.id, int(form.rating.data), form.comment.data or None
        ),
        _("Thank you for your rating."),
        _("You have already rated this mentorship."),
    )
    return _back(mentorship_id)
