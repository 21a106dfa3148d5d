"""Messages in the browser: the inbox, a conversation page, and starting a conversation from a profile.

The pages load the vendored Socket.IO client and ``chat-core.js``; the messages travel over ``/chat``.
"""

import json
import uuid

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import conversations as conversation_queries

from ..accounts.service import now_ms
from ..extensions import store
from ..permissions import may

bp = Blueprint("messages", __name__)
SHOWN = 100


@bp.get("/messages")
@login_required
def inbox():
    """My conversations, most recent first, with what I have not read."""
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


@bp.get("/messages/<conversation_id>")
@login_required
def conversation(conversation_id: str):
    """One conversation: its latest messages, and the live page that sends and receives."""
    access = (
        conversation_queries.access(store(), conversation_id, current_user.id) if len(conversation_id) <= 64 else None
    )
    if access is None:
        abort(404)
    if not may(current_user, "conversation.read", access):
        abort(403)
    people = {row["id"]: row["display_name"] for row in conversation_queries.participants(store(), conversation_id)}
    messages = conversation_queries.latest(store(), conversation_id, SHOWN)
    return render_template(
        "messages/conversation.html",
        conversation=access["conversation"],
        messages=messages,
        people=people,
        people_json=json.dumps(people),
        others=[name for member_id, name in people.items() if member_id != current_user.id],
        may_send=may(current_user, "conversation.send", access),
    )


def init_app(app) -> None:
    """Register the message pages."""
    app.register_blueprint(bp)
