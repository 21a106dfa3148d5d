"""May this person do this to that thing? One answer for every route, API call and socket event.

Denied by default: an action missing from ``RULES`` is refused to everyone, and so is any target of the
wrong shape. No Flask globals and no graph here, so that ``realtime`` can call it with the person it has:
the person carries the copies kept on their node (``network_ids``, ``coordinated_ids``, ``label_ids``).

Targets: a member profile dict; a network dict (``id``, ``visibility``, ``join_policy``,
``required_labels``); an event dict (``network_id``, ``created_by``, ``audience``, ``audience_networks``,
``audience_labels``); for labels ``{"label": type, "network": network or None, "member": profile}`` to
grant and ``{"label": type, "grant": grant}`` to revoke.
"""

from collections.abc import Callable

STAFF = ("admin", "analyst")


def _authenticated(person, target=None) -> bool:
    return bool(person is not None and getattr(person, "is_authenticated", False))


def _role(*roles: str) -> Callable:
    def rule(person, target) -> bool:
        return _authenticated(person) and person.role in roles

    return rule


def _is_admin(person) -> bool:
    return _authenticated(person) and person.role == "admin"


def _holds(person, labels) -> bool:
    """The person holds every label type in ``labels``."""
    return _authenticated(person) and set(labels or ()) <= set(person.label_ids)


def _self(person, target) -> bool:
    return _authenticated(person) and isinstance(target, dict) and target.get("id") == person.id


def _not_self(person, target) -> bool:
    return _authenticated(person) and isinstance(target, dict) and target.get("id") != person.id


def _profile_details(person, target) -> bool:
    """Full profile: the owner, staff, anyone if visibility is "members", connections if "connections"."""
    if not _authenticated(person) or not isinstance(target, dict):
        return False
    if target.get("id") == person.id or person.role in STAFF:
        return True
    visibility = target.get("visibility") or "members"
    return visibility == "members" or (visibility == "connections" and bool(target.get("connected")))


# Networks --------------------------------------------------------------------------------------------


def _network(target) -> dict | None:
    return target if isinstance(target, dict) and target.get("id") else None


def _coordinates(person, network) -> bool:
    return _authenticated(person) and network is not None and network["id"] in person.coordinated_ids


def _belongs(person, network) -> bool:
    return _authenticated(person) and network is not None and network["id"] in person.network_ids


def _network_manager(person, target) -> bool:
    """A coordinator of this network, or the department."""
    network = _network(target)
    return network is not None and (_is_admin(person) or _coordinates(person, network))


def _network_about(person, target) -> bool:
    """The about page: anyone for a public network, members of the platform for a members-only one."""
    network = _network(target)
    return network is not None and (network.get("visibility") == "public" or _authenticated(person))


def _network_content(person, target) -> bool:
    """Members list, events, announcements: logged-in people for a public network, else its own members."""
    network = _network(target)
    if network is None or not _authenticated(person):
        return False
    if network.get("visibility") == "public" or person.role in STAFF:
        return True
    return _belongs(person, network) or _coordinates(person, network)


def _network_join(person, target) -> bool:
    """Asking or joining: open and on-request networks, for holders of the required labels."""
    network = _network(target)
    return (
        network is not None
        and network.get("join_policy") in ("open", "request")
        and not _belongs(person, network)
        and _holds(person, network.get("required_labels"))
    )


def _network_invited(person, target) -> bool:
    """Accepting an invitation: any logged-in person not yet a member (the invitation itself is checked)."""
    network = _network(target)
    return network is not None and _authenticated(person) and not _belongs(person, network)


def _network_leave(person, target) -> bool:
    return _belongs(person, _network(target))


def _network_stats(person, target) -> bool:
    return _network(target) is not None and (_network_manager(person, target) or _role("analyst")(person, target))


def _announcement_view(person, target) -> bool:
    """Announcements for label holders: those holders, the network's coordinators and the department."""
    if not isinstance(target, dict) or not target.get("network_id"):
        return False
    network = {"id": target["network_id"]}
    return _network_manager(person, network) or _holds(person, target.get("required_labels"))


# Labels ----------------------------------------------------------------------------------------------


def _label_grant(person, target) -> bool:
    """Department labels by administrators; coordinator labels also by coordinators, to their members.

    Nobody grants a label to themself.
    """
    if not isinstance(target, dict) or not isinstance(target.get("label"), dict):
        return False
    network, member = _network(target.get("network")), target.get("member") or {}
    if not _authenticated(person) or member.get("id") == person.id:
        return False
    if _is_admin(person):
        return True
    return (
        target["label"].get("granted_by") == "coordinator"
        and _coordinates(person, network)
        and network["id"] in (member.get("network_ids") or [])
    )


def _label_revoke(person, target) -> bool:
    """Administrators any grant; coordinators the grants made in a network they coordinate."""
    if not isinstance(target, dict) or not isinstance(target.get("grant"), dict):
        return False
    if _is_admin(person):
        return True
    network_id = target["grant"].get("network_id")
    return bool(network_id) and _authenticated(person) and network_id in person.coordinated_ids


# Events ----------------------------------------------------------------------------------------------


def _event(target) -> dict | None:
    return target if isinstance(target, dict) and target.get("audience") else None


def _event_create(person, target) -> bool:
    """The department anywhere (target None: its own event); coordinators for their network."""
    if target is None:
        return _is_admin(person)
    return _network_manager(person, target)


def _event_organiser(person, target) -> bool:
    event = _event(target)
    if event is None or not _authenticated(person):
        return False
    return _is_admin(person) or event.get("network_id") in person.coordinated_ids


def _in_audience(person, event: dict) -> bool:
    """The event's audience proper: everyone, members of its networks, or holders of its labels."""
    audience = event["audience"]
    if audience == "everyone":
        return True
    if audience == "networks":
        return bool(set(event.get("audience_networks") or ()) & set(person.network_ids))
    return audience == "label" and _holds(person, event.get("audience_labels"))


def _event_view(person, target) -> bool:
    """The audience, the organisers and staff."""
    event = _event(target)
    if event is None or not _authenticated(person):
        return False
    return person.role in STAFF or _event_organiser(person, event) or _in_audience(person, event)


def _event_rsvp(person, target) -> bool:
    """Answering: the audience and the organisers (staff look without taking places)."""
    event = _event(target)
    if event is None or not _authenticated(person):
        return False
    return _event_organiser(person, event) or _in_audience(person, event)


# Conversations ---------------------------------------------------------------------------------------


def _conversation_read(person, target) -> bool:
    """Reading: the people taking part (target: ``graph.conversations.access``); a network's channel only
    while they are still in the network (members and coordinators)."""
    if not (_authenticated(person) and isinstance(target, dict) and target.get("participant")):
        return False
    conversation = target.get("conversation") or {}
    if conversation.get("kind") == "channel":
        return conversation.get("network_id") in set(person.network_ids) | set(person.coordinated_ids)
    return True


def _conversation_manage(person, target) -> bool:
    """Adding people to a group: its creator, while taking part."""
    return (
        _conversation_read(person, target)
        and (target.get("conversation") or {}).get("kind") == "group"
        and target["conversation"].get("created_by") == person.id
    )


def _conversation_send(person, target) -> bool:
    """Writing: the people taking part, unless one side of a direct conversation blocked the other."""
    return _conversation_read(person, target) and not target.get("blocked")


def _reports_view(person, target=None) -> bool:
    """The list of reported messages: coordinators (of their networks) and administrators."""
    return _is_admin(person) or (_authenticated(person) and bool(person.coordinated_ids))


def _report_close(person, report) -> bool:
    """Dealing with a report: the coordinators of its network; administrators for any."""
    if _is_admin(person):
        return True
    return _authenticated(person) and isinstance(report, dict) and report.get("network_id") in person.coordinated_ids


def _channel(person, network) -> bool:
    """A network's channel: its members and coordinators."""
    return _belongs(person, network) or _coordinates(person, network)


def _project_leader(person, project) -> bool:
    """The project's leader (and the department's administrators)."""
    if _is_admin(person):
        return True
    return _authenticated(person) and isinstance(project, dict) and project.get("leader_id") == person.id


def _project_own(person, project) -> bool:
    """Only the leader themself: asking for mentoring in their name."""
    return _authenticated(person) and isinstance(project, dict) and project.get("leader_id") == person.id


def _mentorship_party(person, mentorship) -> bool:
    """The project's leader or the mentor."""
    return (
        _authenticated(person)
        and isinstance(mentorship, dict)
        and person.id in (mentorship.get("leader_id"), mentorship.get("mentor_id"))
    )


def _mentorship_in(*statuses: str) -> Callable:
    def rule(person, mentorship) -> bool:
        return _mentorship_party(person, mentorship) and mentorship.get("status") in statuses

    return rule


def _pipeline_view(person, target=None) -> bool:
    """The mentoring pipeline: the department (admins, analysts) and coordinators (for their networks)."""
    return _authenticated(person) and (person.role in ("admin", "analyst") or bool(person.coordinated_ids))


def _mentoring_match(person, leader) -> bool:
    """Matching a request by hand: admins, or coordinators of a network the project's leader belongs to."""
    if _is_admin(person):
        return True
    return (
        _authenticated(person)
        and isinstance(leader, dict)
        and bool(set(leader.get("network_ids") or []) & set(person.coordinated_ids))
    )


def _mentorship_view(person, mentorship) -> bool:
    """Its two parties, and the department's administrators."""
    return _mentorship_party(person, mentorship) or _is_admin(person)


def _mentorship_answer(person, mentorship) -> bool:
    """Only the invited mentor answers an invitation."""
    return (
        _authenticated(person)
        and isinstance(mentorship, dict)
        and mentorship.get("status") == "invited"
        and mentorship.get("mentor_id") == person.id
    )


# Guidance cases --------------------------------------------------------------------------------------


def _case(target) -> dict | None:
    return target if isinstance(target, dict) and target.get("leader_id") and target.get("step") else None


def _case_leader(person, target) -> bool:
    case = _case(target)
    return case is not None and _authenticated(person) and case["leader_id"] == person.id


def _case_view(person, target) -> bool:
    """Its leader and the guidance unit (advisers, administrators)."""
    return _case(target) is not None and (_case_leader(person, target) or _role("adviser", "admin")(person, target))


def _case_work(person, target) -> bool:
    """Working a case: its adviser, any adviser while it waits in triage, and administrators."""
    case = _case(target)
    if case is None or not _authenticated(person):
        return False
    if _is_admin(person):
        return True
    return person.role == "adviser" and (case.get("adviser_id") in (None, person.id))


def _case_write(person, target) -> bool:
    """Writing in an open case (an update, a document): its leader and those who work it."""
    case = _case(target)
    return case is not None and case["step"] != "closed" and (_case_leader(person, case) or _case_work(person, case))


def _case_rate(person, target) -> bool:
    """Saying how it went: the leader, once the case is closed and not yet rated."""
    case = _case(target)
    return _case_leader(person, case) and case["step"] == "closed" and case.get("satisfaction") is None


# Institutions and opportunities ------------------------------------------------------------------------


def _represents(person, target) -> bool:
    """A representative of the institution (``target``: an institution, or an opportunity naming one)."""
    if not _authenticated(person) or not isinstance(target, dict):
        return False
    institution_id = target.get("institution_id") or target.get("id")
    return bool(institution_id) and institution_id in person.represented_ids


def _opportunity_post(person, target) -> bool:
    """Posting for an institution: its representatives, and administrators."""
    return isinstance(target, dict) and bool(target.get("id")) and (_is_admin(person) or _represents(person, target))


def _opportunity_manage(person, target) -> bool:
    """Seeing who is interested, shortlisting, choosing, closing: the institution's representatives and
    administrators."""
    return (
        isinstance(target, dict)
        and bool(target.get("institution_id"))
        and (_is_admin(person) or _represents(person, target))
    )


def _opportunity_interest(person, target) -> bool:
    """Saying one is interested: any member but the institution's own representatives."""
    return (
        _authenticated(person)
        and isinstance(target, dict)
        and bool(target.get("institution_id"))
        and not _represents(person, target)
    )


def _insights_console(person, target) -> bool:
    """The department's console: staff, and coordinators (who see their own networks in it)."""
    return _authenticated(person) and (person.role in STAFF or bool(person.coordinated_ids))


def _insights_view(person, target) -> bool:
    """The whole platform's analytics (no target): staff; one network's: staff or its coordinators."""
    if not _authenticated(person):
        return False
    if target is None:
        return person.role in STAFF
    network = _network(target)
    return network is not None and (person.role in STAFF or _coordinates(person, network))


RULES: dict[str, Callable] = {
    "account.view": _authenticated,
    "account.tokens.manage": _authenticated,
    "directory.search": _authenticated,
    "notifications.view": _authenticated,
    "profile.view": _authenticated,
    "profile.view_details": _profile_details,
    "profile.view_private": _self,
    "profile.edit": _self,
    "connection.act": _not_self,
    "admin.console": _role("admin"),
    "analytics.view": _role(*STAFF),
    "imports.manage": _role(*STAFF),
    "segments.manage": _role(*STAFF),
    "priorities.edit": _role(*STAFF),
    "campaigns.manage": _role(*STAFF),
    "talent.manage": _role(*STAFF),
    "network.list": lambda person, target: True,
    "network.create": _role("admin"),
    "network.view": _network_about,
    "network.view_content": _network_content,
    "network.edit": _network_manager,
    "network.appoint": lambda person, target: _network(target) is not None and _is_admin(person),
    "network.join": _network_join,
    "network.accept_invitation": _network_invited,
    "network.leave": _network_leave,
    "network.decide_requests": _network_manager,
    "network.invite": _network_manager,
    "network.remove_member": _network_manager,
    "network.ban": _network_manager,
    "network.export": _network_manager,
    "network.announce": _network_manager,
    "network.stats": _network_stats,
    "announcement.view": _announcement_view,
    "label.grant": _label_grant,
    "label.revoke": _label_revoke,
    "event.create": _event_create,
    "event.view": _event_view,
    "event.rsvp": _event_rsvp,
    "event.room": _event_view,
    "event.edit": _event_organiser,
    "event.cancel": _event_organiser,
    "event.attendees": _event_organiser,
    "event.export": _event_organiser,
    "event.checkin": _event_organiser,
    "conversation.start": _not_self,
    "conversation.read": _conversation_read,
    "conversation.send": _conversation_send,
    "conversation.manage": _conversation_manage,
    "conversation.create_group": _authenticated,
    "conversation.report": _conversation_read,
    "network.channel": _channel,
    "reports.view": _reports_view,
    "suggestions.view": _authenticated,
    "recommend.status": _role("admin", "analyst"),
    "recommend.run": _role("admin"),
    "jobs.view": _role("admin", "analyst"),
    "insights.console": _insights_console,
    "insights.view": _insights_view,
    "insights.run": _role("admin"),
    "insights.identify": _role("admin"),
    "audit.view": _role("admin"),
    "programme.view": _authenticated,
    "programme.check": _authenticated,
    "programme.edit": _role("admin", "adviser"),
    "case.open": _authenticated,
    "case.view": _case_view,
    "case.notes": lambda person, target: _case(target) is not None and _role("adviser", "admin")(person, target),
    "case.work": _case_work,
    "case.write": _case_write,
    "case.rate": _case_rate,
    "case.queue": _role("adviser", "admin"),
    "case.statistics": _role("adviser", "admin", "analyst"),
    "institution.view": _authenticated,
    "institution.manage": _role("admin"),
    "opportunity.view": _authenticated,
    "opportunity.post": _opportunity_post,
    "opportunity.manage": _opportunity_manage,
    "opportunity.interest": _opportunity_interest,
    "opportunity.figures": _role(*STAFF),
    "project.view": _authenticated,
    "project.create": _authenticated,
    "project.edit": _project_leader,
    "project.request_mentoring": _project_own,
    "project.see_mentors": _project_leader,
    "project.invite_mentor": _project_own,
    "mentorship.view": _mentorship_view,
    "mentoring.pipeline": _pipeline_view,
    "mentoring.match": _mentoring_match,
    "mentorship.answer": _mentorship_answer,
    "mentorship.log": _mentorship_in("active"),
    "mentorship.close": _mentorship_in("active"),
    "mentorship.rate": _mentorship_in("closed"),
    "report.close": _report_close,
}


def may(person, action: str, target=None) -> bool:
    """True when ``person`` (an Account, an anonymous user or None) may do ``action`` to ``target``."""
    rule = RULES.get(action)
    return bool(rule and rule(person, target))
