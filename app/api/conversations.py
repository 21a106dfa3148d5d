"""API resources for conversations: start a direct one, list mine with unread counts.

Messages themselves travel over Socket.IO (``/chat``, see ``docs/realtime.md``).
"""

import uuid

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from graph import conversations as conversation_queries

from ..accounts.service import now_ms
from ..extensions import store
from ..permissions import may
from .schemas import ConversationSchema, ConversationStartSchema

blp = Blueprint("conversations_api", __name__, url_prefix="/api/v1", description="Conversations")


@blp.post("/conversations")
@login_required
@blp.arguments(ConversationStartSchema)
@blp.response(200, ConversationSchema)
@blp.alt_response(409, description="Not connected, or blocked")
def start(body):
    """The direct conversation with a connected member (the same one every time)."""
    other = body["member"]
    if not may(current_user, "conversation.start", {"id": other}):
        abort(409, message=gettext("You cannot start a conversation with yourself."))
    conversation_id = conversation_queries.start_direct(store(), current_user.id, other, str(uuid.uuid4()), now_ms())
    if conversation_id is None:
        abort(409, message=gettext("You can write to the members you are connected with."))
    return next(c for c in _mine() if c["id"] == conversation_id)


@blp.get("/conversations")
@login_required
@blp.response(200, ConversationSchema(many=True))
def mine():
    """My conversations, most recent first, with how many messages I have not read."""
    return _mine()


def _mine() -> list[dict]:
    return [
        {
            **row["conversation"],
            "read_seq": row["read_seq"] or 0,
            "unread": max(0, (row["conversation"]["last_seq"] or 0) - (row["read_seq"] or 0)),
            "muted": bool(row["muted"]),
            "others": row["others"],
        }
        for row in conversation_queries.mine(store(), current_user.id)
    ]
