"""Looking up a network or describing the viewer, for the network and event pages alike."""

from flask import abort
from flask_login import current_user

from graph import networks as network_queries

from ..extensions import store
from ..permissions import STAFF, may


def network_or_404(slug: str, action: str = "network.view") -> dict:
    """The network at this address if this person may ``action`` it: 404 if none, 401/403 if not allowed."""
    network = network_queries.by_slug(store(), slug) if len(slug) <= 64 else None
    if network is None:
        abort(404)
    if not may(current_user, action, network):
        abort(403 if current_user.is_authenticated else 401)
    return network


def event_viewer() -> dict:
    """What event listings need to know of the person looking (see ``graph.events.upcoming``)."""
    return {
        "id": current_user.id,
        "staff": current_user.role in STAFF,
        "coordinated_ids": current_user.coordinated_ids,
        "network_ids": current_user.network_ids,
        "label_ids": current_user.label_ids,
    }
