"""What the logged-in home page shows, by role: what needs me, my networks, the staff tools.

Every panel is built from the queries the other pages use; the template words it. A member sees what waits
for them (connection requests, unread conversations, mentoring steps, events they go to), people they may
know and their networks' news; a coordinator also sees their networks' waiting requests, next events and
newest members; the department (analysts, administrators) sees its tools and every network's figures.
"""

from flask import url_for
from flask_babel import lazy_gettext as _l

from graph import connections as connection_queries
from graph import conversations as conversation_queries
from graph import events as event_queries
from graph import members as member_queries
from graph import mentorships as mentorship_queries
from graph import networks as network_queries

from ..accounts.service import now_ms
from ..extensions import store
from ..members.suggestions import suggestions_for
from ..networks.access import event_viewer
from ..permissions import STAFF, may

SHOWN = 5

#: The parts of a profile that make a member findable, and what the home page calls them when missing
PROFILE_PARTS = (
    ("headline", _l("a headline")),
    ("city", _l("your city")),
    ("skills", _l("your skills")),
    ("sectors", _l("your sectors")),
    ("languages", _l("your languages")),
)


def missing_profile_parts(profile: dict | None) -> list[str]:
    """What the member has not filled in yet, worded for the reader (empty when the profile is complete)."""
    if profile is None:
        return [str(label) for _, label in PROFILE_PARTS]
    member = profile.get("member") or {}
    filled = {
        "headline": bool(member.get("headline")),
        "city": profile.get("city") is not None,
        "skills": bool(profile.get("skills")),
        "sectors": bool(profile.get("sectors")),
        "languages": bool(profile.get("languages")),
    }
    return [str(label) for part, label in PROFILE_PARTS if not filled[part]]


def _mentoring_steps(member_id: str) -> list[dict]:
    """Mentorships waiting for the member: an invitation to answer, an active one, a rating to give."""
    steps = []
    for row in mentorship_queries.mine(store(), member_id):
        ship = row["mentorship"]
        side = "mentor" if ship.get("mentor_id") == member_id else "leader"
        if ship["status"] == "invited" and side == "mentor":
            steps.append({**row, "step": "answer"})
        elif ship["status"] == "active":
            steps.append({**row, "step": "active"})
        elif ship["status"] == "closed" and ship.get(side + "_rating") is None:
            steps.append({**row, "step": "rate"})
    return steps


def member_panel(person) -> dict:
    """What needs the member, people they may know and their networks' news."""
    now = now_ms()
    incoming = connection_queries.incoming(store(), person.id)
    unread = conversation_queries.unread(store(), person.id)
    return {
        "missing": missing_profile_parts(member_queries.profile(store(), person.id)),
        "incoming": incoming[:SHOWN],
        "incoming_total": len(incoming),
        "unread": unread[:SHOWN],
        "unread_total": len(unread),
        "mentoring": _mentoring_steps(person.id)[:SHOWN],
        "events": event_queries.mine(store(), person.id, now, limit=SHOWN),
        "suggestions": suggestions_for(person.id, limit=3),
        "news": network_queries.my_announcements(store(), person.id, limit=SHOWN),
    }


def coordinator_panel(person) -> list[dict]:
    """For each network the person (the logged-in user) coordinates: waiting requests, next events, newest members."""
    now, viewer = now_ms(), event_viewer()
    panels = []
    for network_id in person.coordinated_ids:
        network = network_queries.by_id(store(), network_id)
        if network is None:
            continue
        panels.append(
            {
                "network": network,
                "requests": network_queries.pending_requests(store(), network_id),
                "events": event_queries.network_events(store(), network_id, viewer, now, SHOWN),
                "joins": network_queries.recent_joins(store(), network_id, SHOWN),
            }
        )
    return sorted(panels, key=lambda panel: (-len(panel["requests"]), panel["network"].get("name_en") or ""))


def staff_tools(person) -> list[dict]:
    """The tools this person may open, for the navigation and the staff home: ``[{"label", "url"}]``."""
    tools = [
        ("insights.console", _l("Insights"), "insights.overview", {}),
        ("imports.manage", _l("Imports"), "imports.index", {}),
        ("segments.manage", _l("Segments"), "segments.listing", {}),
        ("priorities.edit", _l("Priorities"), "priorities.edit", {}),
        ("campaigns.manage", _l("Campaigns"), "campaigns.listing", {}),
        ("talent.manage", _l("Talent watch"), "talent.leads", {}),
        ("recommend.status", _l("Recommendations"), "recommendations.status", {}),
        ("mentoring.pipeline", _l("Mentoring pipeline"), "projects.pipeline", {}),
        ("case.queue", _l("Guidance cases"), "cases.queue", {}),
        ("case.statistics", _l("Guidance figures"), "cases.figures", {}),
        ("opportunity.figures", _l("Opportunity figures"), "opportunities.figures", {}),
        ("reports.view", _l("Reported messages"), "messages.reports", {}),
        ("analytics.view", _l("Network statistics"), "main.home", {"_anchor": "network-figures"}),
        ("admin.console", _l("Accounts"), "admin.accounts", {}),
        ("audit.view", _l("Audit log"), "insights.audit", {}),
    ]
    return [
        {"label": str(label), "url": url_for(endpoint, **args)}
        for action, label, endpoint, args in tools
        if may(person, action)
    ]


def staff_panel(person) -> dict:
    """Every network with its member count, for the department's figures (links to each one's statistics)."""
    if person.role not in STAFF:
        return {}
    return {"networks": network_queries.listing(store())}
