"""The home page (the way in for visitors, each role's own page once logged in) and the privacy notice."""

from flask import Blueprint, render_template, session
from flask_login import current_user

from . import dashboard

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Visitors: what Jisr is. Logged in: what needs me, my networks, and the staff tools of my role."""
    if not current_user.is_authenticated:
        return render_template("main/home.html")
    return render_template(
        "main/dashboard.html",
        first_visit=session.pop("just_registered", False),
        member=dashboard.member_panel(current_user),
        coordinated=dashboard.coordinator_panel(current_user),
        staff=dashboard.staff_panel(current_user),
    )


@bp.get("/privacy")
def privacy():
    """The privacy notice members consent to (law 09-08)."""
    return render_template("main/privacy.html")


@bp.get("/privacy/record")
def processing_record():
    """The record of processing (the CNDP declaration's content): purposes, data, recipients, retention,
    transfers abroad and the controller's contact."""
    return render_template("main/processing_record.html")


def _navigation():
    """The staff tools the logged-in person may open, for the header."""
    if not current_user.is_authenticated:
        return {"staff_tools": []}
    return {"staff_tools": dashboard.staff_tools(current_user)}


def init_app(app) -> None:
    """Register the pages and the header's staff tools."""
    app.register_blueprint(bp)
    app.context_processor(_navigation)
