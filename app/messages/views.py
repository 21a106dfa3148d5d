"""Message pages: inbox, a conversation, groups (make, add people, leave), mute, network channels, reports."""

import json
import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

import realtime
from graph import connections as connection_queries
from graph import conversations as conversation_queries
from graph import members as member_queries
from graph import notifications as notification_queries
from graph import reports as report_queries
from realtime.chat import join_channels

from ..access import require
from ..accounts.service import now_ms
from ..extensions import store
from ..feedback import tell
from ..networks.access import network_or_404
from ..notifications import notify
from ..permissions import may
from .forms import AddPeopleForm, GroupForm, ReportForm

bp = Blueprint("messages", __name__)
SHOWN = 100
CHOOSABLE = 500  # connections offered when making a group


def _access(conversation_id: str, action: str = "conversation.read") -> dict:
    """The conversation as this person may ``action`` it: 404 if there is none, 403 if not allowed."""
    access = (
        conversation_queries.access(store(), conversation_id, current_user.id) if len(conversation_id) <= 64 else None
    )
    return require(access, action)


def _connection_choices() -> list[tuple[str, str]]:
    rows, _total = connection_queries.connections(store(), current_user.id, 0, CHOOSABLE)
    return [(row["member"]["id"], row["member"]["display_name"]) for row in rows]


@bp.get("/messages")
@login_required
def inbox():
    """My conversations, most recent first, with what I have not read; my networks' channels among them."""
    join_channels(current_user)
    rows = conversation_queries.mine(store(), current_user.id)
    return render_template("messages/inbox.html", rows=rows)


@bp.post("/messages/with/<member_id>")
@login_required
def start(member_id: str):
    """Open the conversation with a connected member."""
    if not may(current_user, "conversation.start", {"id": member_id}):
        abort(400)
    conversation_id = conversation_queries.start_direct(
        store(), current_user.id, member_id, str(uuid.uuid4()), now_ms()
    )
    if conversation_id is None:
        flash(_("You can write to the members you are connected with."), "error")
        return redirect(url_for("members.profile", member_id=member_id))
    return redirect(url_for("messages.conversation", conversation_id=conversation_id))


@bp.route("/messages/groups/new", methods=["GET", "POST"])
@login_required
def new_group():
    """Make a group conversation with some of my connections."""
    if not may(current_user, "conversation.create_group"):
        abort(403)
    form = GroupForm()
    form.people.choices = _connection_choices()
    if form.validate_on_submit():
        conversation_id = conversation_queries.create_group(
            store(), current_user.id, form.title.data, form.people.data, str(uuid.uuid4()), now_ms()
        )
        flash(_("The group is ready."), "success")
        return redirect(url_for("messages.conversation", conversation_id=conversation_id))
    return render_template(
        "messages/group.html", form=form, group_max=conversation_queries.GROUP_MAX
    ), 422 if form.errors else 200


@bp.route("/messages/<conversation_id>/people", methods=["GET", "POST"])
@login_required
def add_people(conversation_id: str):
    """The group's creator adds connections of theirs, up to the group's limit."""
    access = _access(conversation_id, "conversation.manage")
    present = {row["id"] for row in conversation_queries.participants(store(), conversation_id)}
    form = AddPeopleForm()
    form.people.choices = [choice for choice in _connection_choices() if choice[0] not in present]
    status = 200
    if form.validate_on_submit():
        if len(present) + len(form.people.data) > conversation_queries.GROUP_MAX:
            form.people.errors.append(
                _(
                    "A group has at most %(max)d people: there is room for %(room)d more.",
                    max=conversation_queries.GROUP_MAX,
                    room=conversation_queries.GROUP_MAX - len(present),
                )
            )
            status = 422
        else:
            conversation_queries.add_to_group(store(), current_user.id, conversation_id, form.people.data, now_ms())
            flash(_("They are in the group."), "success")
            return redirect(url_for("messages.conversation", conversation_id=conversation_id))
    elif form.errors:
        status = 422
    return render_template("messages/people.html", form=form, conversation=access["conversation"]), status


@bp.post("/messages/<conversation_id>/leave")
@login_required
def leave(conversation_id: str):
    """Leave a group: its messages stop coming."""
    _access(conversation_id)
    tell(
        conversation_queries.leave(store(), conversation_id, current_user.id),
        _("You left the group."),
        _("Only groups can be left."),
    )
    return redirect(url_for("messages.inbox"))


@bp.post("/messages/<conversation_id>/mute")
@login_required
def mute(conversation_id: str):
    """Mute or unmute: no notices or e-mails about a muted conversation (its messages still arrive)."""
    _access(conversation_id)
    muted = request.form.get("muted") == "1"
    conversation_queries.set_muted(store(), conversation_id, current_user.id, muted)
    flash(_("Conversation muted.") if muted else _("Conversation unmuted."), "success")
    return redirect(url_for("messages.conversation", conversation_id=conversation_id))


@bp.get("/messages/<conversation_id>")
@login_required
def conversation(conversation_id: str):
    """One conversation: its latest messages, and the live page that sends and receives."""
    access = _access(conversation_id)
    info = access["conversation"]
    hidden = conversation_queries.hidden_senders(store(), current_user.id)
    messages = conversation_queries.latest(store(), conversation_id, SHOWN, hidden)
    if info["kind"] == "channel":
        senders = {m["sender_id"] for m in messages if not m.get("hidden") and m.get("sender_id")} | {current_user.id}
        people = conversation_queries.names(store(), sorted(senders))
    else:
        people = {row["id"]: row["display_name"] for row in conversation_queries.participants(store(), conversation_id)}
    if notification_queries.read_conversation(store(), current_user.id, conversation_id, now_ms()):
        realtime.push_unread([current_user.id])
    place = conversation_queries.membership(store(), conversation_id, current_user.id) or {}
    photos = member_queries.photos(store(), sorted(people))
    return render_template(
        "messages/conversation.html",
        conversation=info,
        network=place.get("network"),
        muted=bool(place.get("muted")),
        messages=messages,
        people=people,
        people_json=json.dumps(people),
        photos=photos,
        photos_json=json.dumps(
            {i: url_for("members.photo", member_id=i, version=version) for i, version in photos.items()}
        ),
        hidden_json=json.dumps(hidden),
        others=[name for member_id, name in people.items() if member_id != current_user.id],
        may_send=may(current_user, "conversation.send", access),
        may_manage=may(current_user, "conversation.manage", access),
    )


@bp.route("/messages/<conversation_id>/report/<int:seq>", methods=["GET", "POST"])
@login_required
def report(conversation_id: str, seq: int):
    """Report a message to the coordinators (of the channel's network, or of the networks shared with its
    sender; the department when there are none)."""
    _access(conversation_id, "conversation.report")
    found = report_queries.reportable(store(), current_user.id, conversation_id, seq)
    if found is None:
        abort(404)
    if found["message"]["sender_id"] == current_user.id:
        flash(_("You cannot report your own message."), "error")
        return redirect(url_for("messages.conversation", conversation_id=conversation_id))
    form = ReportForm()
    if form.validate_on_submit():
        networks = report_queries.networks_for(store(), found, current_user.id)
        ids = report_queries.create(
            store(),
            current_user.id,
            conversation_id,
            found,
            networks,
            form.reason.data,
            lambda: str(uuid.uuid4()),
            now_ms(),
        )
        if ids:
            recipients = report_queries.recipients(store(), networks)
            notify(store(), recipients, "message_reported", now_ms(), network_id=networks[0] if networks else None)
        tell(ids, _("Thank you: the coordinators will look at this message."), _("You already reported this message."))
        return redirect(url_for("messages.conversation", conversation_id=conversation_id))
    return render_template(
        "messages/report.html", form=form, message=found["message"], conversation_id=conversation_id
    ), 422 if form.errors else 200


@bp.get("/networks/<slug>/channel")
@login_required
def channel(slug: str):
    """The network's channel, for its members and coordinators."""
    network = network_or_404(slug, "network.channel")
    channel_id = join_channels(current_user).get(network["id"])
    if channel_id is None:
        abort(404)
    return redirect(url_for("messages.conversation", conversation_id=channel_id))


@bp.get("/reports")
@login_required
def reports():
    """Reported messages waiting for a decision, for the coordinators of their networks."""
    if not may(current_user, "reports.view"):
        abort(403)
    rows = report_queries.open_reports(store(), current_user.coordinated_ids, current_user.role == "admin")
    return render_template("messages/reports.html", rows=rows)


@bp.post("/reports/<report_id>/close")
@login_required
def close_report(report_id: str):
    """Mark a report dealt with."""
    report = report_queries.report_network(store(), report_id) if len(report_id) <= 64 else None
    if report is None:
        abort(404)
    if not may(current_user, "report.close", report):
        abort(403)
    tell(
        report_queries.close(store(), report_id, current_user.id, now_ms()),
        _("The report is closed."),
        _("This report was already closed."),
    )
    return redirect(url_for("messages.reports"))
