"""The permission matrix: every role against every action of networks, labels and events.

Each row names exactly who may; everyone else must be refused (denied by default). The people are real
``Account`` objects built from the properties a member node carries, as the app loads them.
"""

import pytest
from flask_login import AnonymousUserMixin

from app.accounts.models import Account
from app.permissions import RULES, may

HERE, ELSEWHERE = "net-here", "net-elsewhere"


def person(role: str, networks=(), coordinates=(), labels=()) -> Account:
    """An account as loaded from the graph."""
    return Account(
        {
            "id": f"id-{role}-{'-'.join(networks)}-{'-'.join(coordinates)}",
            "email": "x@example.org",
            "display_name": role,
            "role": role,
            "network_ids": list(networks),
            "coordinated_ids": list(coordinates),
            "label_ids": list(labels),
        }
    )


PEOPLE = {
    "anonymous": AnonymousUserMixin(),
    "member": person("member"),
    "network_member": person("member", networks=[HERE]),
    "coordinator_here": person("coordinator", networks=[HERE], coordinates=[HERE]),
    "coordinator_elsewhere": person("coordinator", networks=[ELSEWHERE], coordinates=[ELSEWHERE]),
    "analyst": person("analyst"),
    "admin": person("admin"),
}
EVERYONE = set(PEOPLE)
LOGGED_IN = EVERYONE - {"anonymous"}
MANAGERS = {"coordinator_here", "admin"}


def network(**props) -> dict:
    return {"id": HERE, "visibility": "public", "join_policy": "request", "required_labels": [], **props}


def event(**props) -> dict:
    return {
        "id": "event-1",
        "network_id": HERE,
        "created_by": "someone",
        "audience": "networks",
        "audience_networks": [HERE],
        "audience_labels": [],
        **props,
    }


def conversation(participant=True, blocked=False, **props) -> dict:
    """What ``graph.conversations.access`` answers (the person taking part or not)."""
    return {
        "conversation": {"id": "c-1", "kind": "direct", "network_id": HERE, "created_by": None, **props},
        "participant": participant,
        "blocked": blocked,
    }


def mentorship(**props) -> dict:
    """A mentorship led by the plain member and mentored by the network member."""
    return {"leader_id": "id-member--", "mentor_id": f"id-member-{HERE}-", "status": "active", **props}


DEPARTMENT_LABEL = {"id": "identity_verified", "granted_by": "department"}
NETWORK_LABEL = {"id": "network_expert", "granted_by": "coordinator"}
MEMBER_OF_HERE = {"id": "someone", "network_ids": [HERE]}
MEMBER_ELSEWHERE = {"id": "someone", "network_ids": [ELSEWHERE]}

# (action, description of the target, target, who may)
MATRIX = [
    ("network.list", "-", None, EVERYONE),
    ("network.create", "-", None, {"admin"}),
    ("network.view", "public", network(), EVERYONE),
    ("network.view", "members only", network(visibility="members"), LOGGED_IN),
    ("network.view_content", "public", network(), LOGGED_IN),
    (
        "network.view_content",
        "members only",
        network(visibility="members"),
        {"network_member", "coordinator_here", "analyst", "admin"},
    ),
    ("network.edit", "-", network(), MANAGERS),
    ("network.appoint", "-", network(), {"admin"}),
    ("network.join", "on request", network(), {"member", "coordinator_elsewhere", "analyst", "admin"}),
    ("network.join", "open", network(join_policy="open"), {"member", "coordinator_elsewhere", "analyst", "admin"}),
    ("network.join", "invitation only", network(join_policy="invite"), set()),
    ("network.join", "label required", network(required_labels=["identity_verified"]), set()),
    ("network.accept_invitation", "-", network(), {"member", "coordinator_elsewhere", "analyst", "admin"}),
    ("network.leave", "-", network(), {"network_member", "coordinator_here"}),
    ("network.decide_requests", "-", network(), MANAGERS),
    ("network.invite", "-", network(), MANAGERS),
    ("network.remove_member", "-", network(), MANAGERS),
    ("network.ban", "-", network(), MANAGERS),
    ("network.export", "-", network(), MANAGERS),
    ("network.announce", "-", network(), MANAGERS),
    ("network.stats", "-", network(), MANAGERS | {"analyst"}),
    (
        "label.grant",
        "department label",
        {"label": DEPARTMENT_LABEL, "network": None, "member": MEMBER_OF_HERE},
        {"admin"},
    ),
    (
        "label.grant",
        "network label, to a member of the network",
        {"label": NETWORK_LABEL, "network": network(), "member": MEMBER_OF_HERE},
        MANAGERS,
    ),
    (
        "label.grant",
        "network label, to a non-member",
        {"label": NETWORK_LABEL, "network": network(), "member": MEMBER_ELSEWHERE},
        {"admin"},
    ),
    ("label.revoke", "grant made in the network", {"label": NETWORK_LABEL, "grant": {"network_id": HERE}}, MANAGERS),
    ("label.revoke", "department grant", {"label": DEPARTMENT_LABEL, "grant": {"network_id": None}}, {"admin"}),
    ("event.create", "department event", None, {"admin"}),
    ("event.create", "network event", network(), MANAGERS),
    ("event.view", "for the network", event(), {"network_member", "coordinator_here", "analyst", "admin"}),
    ("event.view", "for everyone", event(audience="everyone", audience_networks=[]), LOGGED_IN),
    (
        "event.view",
        "for label holders",
        event(audience="label", audience_networks=[], audience_labels=["mentor"]),
        {"coordinator_here", "analyst", "admin"},
    ),
    ("event.rsvp", "for the network", event(), {"network_member", "coordinator_here", "admin"}),
    ("event.rsvp", "for everyone", event(audience="everyone", audience_networks=[]), LOGGED_IN),
    (
        "event.rsvp",
        "for label holders",
        event(audience="label", audience_networks=[], audience_labels=["mentor"]),
        MANAGERS,
    ),
    ("event.room", "for the network", event(), {"network_member", "coordinator_here", "analyst", "admin"}),
    ("event.edit", "-", event(), MANAGERS),
    ("event.cancel", "-", event(), MANAGERS),
    ("event.attendees", "-", event(), MANAGERS),
    ("event.export", "-", event(), MANAGERS),
    ("event.checkin", "-", event(), MANAGERS),
    ("notifications.view", "-", None, LOGGED_IN),
    ("announcement.view", "for every member", {"network_id": HERE, "required_labels": []}, LOGGED_IN),
    ("announcement.view", "for label holders", {"network_id": HERE, "required_labels": ["mentor"]}, MANAGERS),
    ("conversation.start", "with someone else", {"id": "someone"}, LOGGED_IN),
    ("conversation.create_group", "-", None, LOGGED_IN),
    ("conversation.read", "taking part", conversation(), LOGGED_IN),
    ("conversation.read", "not taking part", conversation(participant=False), set()),
    (
        "conversation.read",
        "channel of the network",
        conversation(kind="channel"),
        {"network_member", "coordinator_here"},
    ),
    ("conversation.send", "taking part", conversation(), LOGGED_IN),
    ("conversation.send", "blocked either way", conversation(blocked=True), set()),
    (
        "conversation.send",
        "channel of the network",
        conversation(kind="channel"),
        {"network_member", "coordinator_here"},
    ),
    ("conversation.manage", "a group they created", conversation(kind="group", created_by="id-member--"), {"member"}),
    ("conversation.report", "taking part", conversation(), LOGGED_IN),
    ("conversation.report", "not taking part", conversation(participant=False), set()),
    ("network.channel", "-", network(), {"network_member", "coordinator_here"}),
    ("reports.view", "-", None, {"coordinator_here", "coordinator_elsewhere", "admin"}),
    ("report.close", "made in the network", {"network_id": HERE}, MANAGERS),
    ("report.close", "no network", {"network_id": None}, {"admin"}),
    ("project.view", "-", {"leader_id": "someone"}, LOGGED_IN),
    ("suggestions.view", "-", None, LOGGED_IN),
    ("recommend.status", "-", None, {"analyst", "admin"}),
    ("recommend.run", "-", None, {"admin"}),
    ("insights.console", "-", None, {"coordinator_here", "coordinator_elsewhere", "analyst", "admin"}),
    ("insights.view", "the whole platform", None, {"analyst", "admin"}),
    ("insights.view", "a network", network(), {"coordinator_here", "analyst", "admin"}),
    ("insights.view", "not a network", {"name": "x"}, set()),
    ("insights.run", "-", None, {"admin"}),
    ("insights.identify", "-", None, {"admin"}),
    ("audit.view", "-", None, {"admin"}),
    ("imports.manage", "-", None, {"analyst", "admin"}),
    ("project.create", "-", None, LOGGED_IN),
    ("project.edit", "someone else's", {"leader_id": "someone"}, {"admin"}),
    ("project.edit", "their own", {"leader_id": "id-member--"}, {"member", "admin"}),
    ("project.request_mentoring", "their own", {"leader_id": "id-member--"}, {"member"}),
    ("project.request_mentoring", "someone else's", {"leader_id": "someone"}, set()),
    ("project.see_mentors", "their own", {"leader_id": "id-member--"}, {"member", "admin"}),
    ("project.invite_mentor", "their own", {"leader_id": "id-member--"}, {"member"}),
    ("mentoring.pipeline", "-", None, {"coordinator_here", "coordinator_elsewhere", "analyst", "admin"}),
    ("mentoring.match", "leader in the network", {"network_ids": [HERE]}, MANAGERS),
    ("mentoring.match", "leader in no network", {"network_ids": []}, {"admin"}),
    ("mentorship.view", "-", mentorship(), {"member", "network_member", "admin"}),
    ("mentorship.answer", "invited", mentorship(status="invited"), {"network_member"}),
    ("mentorship.answer", "already active", mentorship(), set()),
    ("mentorship.log", "active", mentorship(), {"member", "network_member"}),
    ("mentorship.log", "invited", mentorship(status="invited"), set()),
    ("mentorship.close", "active", mentorship(), {"member", "network_member"}),
    ("mentorship.rate", "closed", mentorship(status="closed"), {"member", "network_member"}),
    ("mentorship.rate", "active", mentorship(), set()),
    ("conversation.manage", "a direct conversation", conversation(created_by="id-member--"), set()),
]


@pytest.mark.graph_free
@pytest.mark.parametrize(("action", "case", "target", "allowed"), MATRIX, ids=[f"{a} [{c}]" for a, c, _t, _w in MATRIX])
def test_matrix(action, case, target, allowed):
    """Exactly the listed roles may; every other role is refused."""
    answers = {role: may(who, action, target) for role, who in PEOPLE.items()}
    assert {role for role, yes in answers.items() if yes} == allowed


@pytest.mark.graph_free
def test_every_network_label_and_event_action_is_in_the_matrix():
    """A new action cannot slip in untested."""
    covered = {row[0] for row in MATRIX}
    prefixed = {
        a
        for a in RULES
        if a.split(".")[0]
        in (
            "network",
            "label",
            "event",
            "notifications",
            "announcement",
            "conversation",
            "report",
            "reports",
            "project",
            "mentorship",
            "mentoring",
            "recommend",
        )
    }
    assert prefixed <= covered


@pytest.mark.graph_free
def test_unknown_actions_and_wrong_targets_are_refused():
    admin = PEOPLE["admin"]
    assert not may(admin, "network.delete_everything", network())
    assert not may(admin, "event.edit", "not an event")
    assert not may(admin, "label.revoke", {"grant": "not a dict"})
    assert not may(PEOPLE["coordinator_here"], "network.edit", {"no": "id"})


@pytest.mark.graph_free
def test_nobody_grants_a_label_to_themself():
    for who in ("admin", "coordinator_here"):
        me = PEOPLE[who]
        myself = {"id": me.id, "network_ids": [HERE]}
        assert not may(me, "label.grant", {"label": NETWORK_LABEL, "network": network(), "member": myself})
        assert not may(me, "label.grant", {"label": DEPARTMENT_LABEL, "network": None, "member": myself})


@pytest.mark.graph_free
def test_labels_open_what_they_guard():
    """Holding the required label lets a member join, see and answer label-only events."""
    holder = person("member", labels=["identity_verified", "mentor"])
    assert may(holder, "network.join", network(required_labels=["identity_verified"]))
    assert not may(person("member", labels=["mentor"]), "network.join", network(required_labels=["identity_verified"]))
    only_mentors = event(audience="label", audience_networks=[], audience_labels=["mentor"])
    assert may(holder, "event.view", only_mentors) and may(holder, "event.rsvp", only_mentors)
    assert not may(holder, "event.edit", only_mentors)
