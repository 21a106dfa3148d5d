"""What answering an event does, for the pages and the API alike."""

from flask_babel import gettext

from graph import events as event_queries
from graph.store import GraphStore

from ..notifications import notify


def registration_refusal(event: dict, now: int) -> str | None:
    """Why nobody can register now, in the reader's language; None while registration is open."""
    if event["status"] != "scheduled":
        return gettext("This event is cancelled.")
    if event["starts_at"] <= now:
        return gettext("This event has started: registration is closed.")
    if event.get("registration_deadline") and event["registration_deadline"] <= now:
        return gettext("Registration closed on the deadline the organisers set.")
    return None


def answer_going(store: GraphStore, event: dict, member_id: str, now: int) -> tuple[str | None, str]:
    """Take a place, or a place on the waitlist when full: (``"going"``/``"waitlisted"``/None, message)."""
    refusal = registration_refusal(event, now)
    if refusal:
        return None, refusal
    status = event_queries.rsvp(store, event["id"], member_id, now)
    if status == "going":
        return status, gettext("You have a place. See you there!")
    if status == "waitlisted":
        return status, gettext("The event is full: you are on the waitlist and will be told if a place frees up.")
    return None, gettext("You have already answered for this event.")


def promote_and_notify(store: GraphStore, event_id: str, now: int) -> list[str]:
    """Give free places to the waitlist in order and tell the people who moved up."""
    promoted = event_queries.promote(store, event_id, now)
    notify(store, promoted, "waitlist_promoted", now, event_id=event_id)
    return promoted


def withdraw(store: GraphStore, event_id: str, member_id: str, now: int) -> tuple[str | None, str]:
    """Cancel an answer; the first waiting moves up: (what it was or None, message)."""
    was = event_queries.cancel_rsvp(store, event_id, member_id)
    if not was:
        return None, gettext("You were not registered for this event.")
    promote_and_notify(store, event_id, now)
    return was, gettext("Your registration is cancelled.")
