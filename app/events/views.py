"""Event pages: calendars, the event, RSVP and waitlist, attendees and check-in, .ics files, the room."""

import hashlib
import secrets
import uuid

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import events as event_queries
from graph import labels as label_queries
from graph import networks as network_queries

from .. import exports
from ..access import require
from ..accounts.service import now_ms
from ..audit import audited
from ..extensions import store
from ..i18n import listed, localized, place, select_timezone
from ..meetings.janus import sfu_size
from ..meetings.plan import mesh_size
from ..members.service import resolve_city, unknown_city
from ..networks.access import event_viewer, network_or_404
from ..networks.service import DAY_MS, absolute_url
from ..notifications import notify
from ..permissions import may
from ..security import allow_media
from ..validators import as_choices, page_number
from . import ics, service
from .forms import AUDIENCE_NAMES, COMMON_ZONES, FORMAT_NAMES, EventForm, to_local

bp = Blueprint("events", __name__)
PER_PAGE = 20


def _event_or_404(event_id: str, action: str = "event.view") -> dict:
    """``{"event", "network", "city", "country"}`` if this person may ``action`` the event."""
    found = event_queries.by_id(store(), event_id) if len(event_id) <= 64 else None
    return require(found, action, "event")


@bp.get("/events")
@login_required
def index():
    """Every upcoming event I may see, soonest first."""
    page = page_number(10_000)
    items = event_queries.upcoming(store(), event_viewer(), now_ms(), (page - 1) * PER_PAGE, PER_PAGE + 1)
    return render_template(
        "events/index.html",
        items=items[:PER_PAGE],
        page=page,
        more=len(items) > PER_PAGE,
        view="all",
        may_create=may(current_user, "event.create"),
    )


@bp.get("/events/mine")
@login_required
def mine():
    """The events I answered, with my personal calendar feed."""
    return _mine_page()


def _mine_page(feed: str | None = None):
    items = event_queries.mine(store(), current_user.id, now_ms())
    return render_template(
        "events/index.html",
        items=items,
        page=1,
        more=False,
        view="mine",
        feed=feed,
        has_feed=event_queries.has_feed_token(store(), current_user.id),
        may_create=False,
    )


@bp.post("/events/mine/calendar-address")
@login_required
def new_feed():
    """Make a new private calendar address (the last one stops working) and show it, once."""
    token = secrets.token_urlsafe(32)
    event_queries.set_feed_token(store(), current_user.id, _feed_digest(token))
    return _mine_page(url_for("events.feed", token=token, _external=True))


@bp.get("/networks/<slug>/events")
@login_required
def network_events(slug: str):
    """A network's upcoming events."""
    network = network_or_404(slug, "network.view_content")
    items = event_queries.network_events(store(), network["id"], event_viewer(), now_ms(), limit=100)
    return render_template(
        "events/index.html",
        items=items,
        page=1,
        more=False,
        view="network",
        network=network,
        may_create=may(current_user, "event.create", network),
    )


def _event_form(host: dict | None) -> EventForm:
    form = EventForm()
    networks = network_queries.listing(store())
    form.audience_networks.choices = as_choices((n["id"], localized(n)) for n in networks)
    form.audience_labels.choices = as_choices((label["id"], localized(label)) for label in label_queries.types(store()))
    if request.method == "GET" and host and not form.audience_networks.data:
        form.audience_networks.data = [host["id"]]
    return form


def _render_form(form: EventForm, host: dict | None, event: dict | None, status: int = 200):
    return render_template(
        "events/edit.html",
        form=form,
        host=host,
        event=event,
        format_names=FORMAT_NAMES,
        audience_names=AUDIENCE_NAMES,
        zones=COMMON_ZONES,
    ), status


def _save_new(form: EventForm, host: dict | None):
    city_id, found = resolve_city(store(), form.city.data, form.city_id.data)
    if not found:
        form.city.errors.append(unknown_city(store(), form.city.data))
        return _render_form(form, host, None, 422)
    if form.instants["starts_at"] <= now_ms():
        form.starts.errors.append(_("The event must start in the future."))
        return _render_form(form, host, None, 422)
    event_id = str(uuid.uuid4())
    event_queries.create(
        store(),
        id=event_id,
        network_id=host["id"] if host else None,
        props=form.props(city_id),
        by=current_user.id,
        now=now_ms(),
    )
    flash(_("The event is published."), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/networks/<slug>/events/new", methods=["GET", "POST"])
@login_required
def create(slug: str | None = None):
    """A network's coordinators (or the department) create an event it hosts; the department, its own."""
    host = network_or_404(slug, "event.create") if slug else None
    if host is None and not may(current_user, "event.create", None):
        abort(403)
    form = _event_form(host)
    if form.validate_on_submit():
        return _save_new(form, host)
    return _render_form(form, host, None, 422 if form.errors else 200)


@bp.route("/events/<event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: str):
    """Change an event; a larger capacity moves the waitlist up, a smaller one cannot drop people."""
    found = _event_or_404(event_id, "event.edit")
    event = found["event"]
    form = _event_form(found["network"])
    if request.method == "GET":
        zone = event["timezone"]
        form.process(
            data={
                **event,
                "starts": to_local(event["starts_at"], zone),
                "ends": to_local(event["ends_at"], zone),
                "registration_deadline": to_local(event.get("registration_deadline"), zone),
                "city": place(found["city"], found["country"]),
            }
        )
        return _render_form(form, found["network"], event)
    if not form.validate_on_submit():
        return _render_form(form, found["network"], event, 422)
    city_id, known = resolve_city(store(), form.city.data, form.city_id.data)
    if not known:
        form.city.errors.append(unknown_city(store(), form.city.data))
        return _render_form(form, found["network"], event, 422)
    if form.capacity.data < event["going_count"]:
        form.capacity.errors.append(
            _(
                "%(count)d people are already going: the event needs at least that many places.",
                count=event["going_count"],
            )
        )
        return _render_form(form, found["network"], event, 422)
    event_queries.update(store(), event_id, form.props(city_id))
    service.promote_and_notify(store(), event_id, now_ms())
    flash(_("The event is saved."), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/events/<event_id>/cancel")
@login_required
def cancel(event_id: str):
    """Cancel the event; everyone who answered is told."""
    found = _event_or_404(event_id, "event.cancel")
    if event_queries.cancel_event(store(), event_id):
        people = [row["member"]["id"] for row in event_queries.attendees(store(), event_id)]
        notify(store(), people, "event_cancelled", now_ms(), event_id=event_id)
        flash(_("The event is cancelled and the people registered are told."), "success")
    else:
        flash(_("This event was already cancelled."), "error")
    return redirect(url_for("events.show", event_id=found["event"]["id"]))


@bp.get("/events/<event_id>")
@login_required
def show(event_id: str):
    """The event, when it happens in the organiser's zone and mine, and my answer."""
    found = _event_or_404(event_id)
    event, now = found["event"], now_ms()
    return render_template(
        "events/show.html",
        found=found,
        event=event,
        rsvp=event_queries.my_rsvp(store(), event_id, current_user.id),
        refusal=service.registration_refusal(event, now),
        may_rsvp=may(current_user, "event.rsvp", event),
        organiser=may(current_user, "event.edit", event),
        format_names=FORMAT_NAMES,
        audience_names=AUDIENCE_NAMES,
        audience_detail=_audience_detail(event),
    )


def _audience_detail(event: dict) -> str:
    """The networks or labels an event is for, named in the reader's language."""
    if event["audience"] == "networks":
        names = {n["id"]: localized(n) for n in network_queries.listing(store())}
        return listed(names.get(x, x) for x in event.get("audience_networks") or [])
    if event["audience"] == "label":
        names = {label["id"]: localized(label) for label in label_queries.types(store())}
        return listed(names.get(x, x) for x in event.get("audience_labels") or [])
    return ""


@bp.post("/events/<event_id>/rsvp")
@login_required
def rsvp(event_id: str):
    """Answer going (a place, or the waitlist when full), or cancel (the first waiting moves up)."""
    found = _event_or_404(event_id, "event.rsvp")
    action, now = request.form.get("action"), now_ms()
    if action == "going":
        outcome, message = service.answer_going(store(), found["event"], current_user.id, now)
    elif action == "cancel":
        outcome, message = service.withdraw(store(), event_id, current_user.id, now)
    else:
        abort(400)
    flash(message, "success" if outcome else "error")
    return redirect(url_for("events.show", event_id=event_id))


@bp.get("/events/<event_id>/attendees")
@login_required
def attendees(event_id: str):
    """The organisers' list: going, waitlisted, checked in."""
    found = _event_or_404(event_id, "event.attendees")
    event, now = found["event"], now_ms()
    return render_template(
        "events/attendees.html",
        found=found,
        event=event,
        rows=event_queries.attendees(store(), event_id),
        summary=event_queries.summary(store(), event_id),
        check_in_open=_check_in_open(event, now),
    )


def _check_in_open(event: dict, now: int) -> bool:
    """Check-in works on the day: from a day before the start until a day after the end."""
    return event["starts_at"] - DAY_MS <= now <= event["ends_at"] + DAY_MS


@bp.post("/events/<event_id>/attendees/<member_id>/check-in")
@login_required
def check_in(event_id: str, member_id: str):
    """Mark an attendee present (or undo it)."""
    found = _event_or_404(event_id, "event.checkin")
    if not _check_in_open(found["event"], now_ms()):
        flash(_("Check-in opens on the day of the event."), "error")
    elif event_queries.check_in(store(), event_id, member_id, request.form.get("present") == "1", now_ms()):
        flash(_("Attendance updated."), "success")
    else:
        flash(_("Only people with a place can be checked in."), "error")
    return redirect(url_for("events.attendees", event_id=event_id) + "#member-" + member_id)


@bp.get("/events/<event_id>/attendees.csv")
@login_required
def export_attendees(event_id: str):
    """The attendee list as CSV (UTF-8 with BOM for Excel)."""
    _event_or_404(event_id, "event.export")
    statuses = {"going": _("Going"), "waitlisted": _("Waitlisted")}
    rows = [
        [
            row["member"]["display_name"],
            statuses.get(row["rsvp"]["status"], row["rsvp"]["status"]),
            exports.instant(row["rsvp"]["at"]),
            exports.instant(row["rsvp"]["checked_in_at"]),
            absolute_url("members.profile", member_id=row["member"]["id"]),
        ]
        for row in event_queries.attendees(store(), event_id)
    ]
    headers = [_("Name"), _("Status"), _("Registered"), _("Checked in"), _("Profile")]
    audited("events.export", event_id, f"{len(rows)} attendees")
    return exports.download(headers, rows, "csv", f"event-{event_id[:8]}-attendees")


def _vevent(event: dict, now: int, city: dict | None = None, country: dict | None = None) -> list[str]:
    location = ", ".join(filter(None, [event.get("venue"), place(city, country)])) or event.get("online_url") or ""
    return ics.vevent(
        event,
        title=localized(event, "title"),
        description=localized(event, "description")
        if any(event.get(f"description_{c}") for c in ("en", "fr", "ar"))
        else "",
        location=location,
        url=absolute_url("events.show", event_id=event["id"]),
        now=now,
    )


@bp.get("/events/<event_id>.ics")
@login_required
def event_ics(event_id: str):
    """The event as an .ics file for any calendar."""
    found = _event_or_404(event_id)
    body = ics.calendar(
        [_vevent(found["event"], now_ms(), found["city"], found["country"])], localized(found["event"], "title")
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="event-{event_id[:8]}.ics"'},
    )


def _feed_digest(token: str) -> str:
    """What is stored of a calendar address's token (256 random bits: a fast hash is enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """My events as a calendar feed; the random address stands in for a login (calendar apps cannot log in).
    A replaced address, or a member who is suspended or gone, answers 404."""
    member_id = event_queries.feed_owner(store(), _feed_digest(token))
    if member_id is None:
        abort(404)
    now = now_ms()
    events = event_queries.feed(store(), member_id, now - 30 * DAY_MS)
    return Response(
        ics.calendar([_vevent(event, now) for event in events], _("My Jisr events")),
        mimetype="text/calendar",
    )


ADHOC_ROOM_HOURS = 2
ADHOC_ROOM_PLACES = 1000


@bp.post("/networks/<slug>/room")
@login_required
def open_room(slug: str):
    """A coordinator opens a live room for the network now: an online event for its members, starting at
    once, titled in the three languages; they land in its room."""
    network = network_or_404(slug, "event.create")
    titles = {}
    for locale in ("en", "fr", "ar"):
        with force_locale(locale):
            titles["title_" + locale] = _("Live room of %(network)s", network=localized(network))
    now = now_ms()
    event_id = str(uuid.uuid4())
    event_queries.create(
        store(),
        id=event_id,
        network_id=network["id"],
        by=current_user.id,
        now=now,
        props={
            **titles,
            "format": "online",
            "starts_at": now,
            "ends_at": now + ADHOC_ROOM_HOURS * 3_600_000,
            "timezone": select_timezone(),
            "capacity": ADHOC_ROOM_PLACES,
            "registration_deadline": None,
            "audience": "networks",
            "audience_networks": [network["id"]],
            "audience_labels": [],
            "adhoc": True,
        },
    )
    flash(_("The room is open: share its address with the network."), "success")
    return redirect(url_for("events.room", event_id=event_id))


@bp.get("/events/<event_id>/room")
@login_required
def room(event_id: str):
    """The event's live meeting room (participants, hands, chat, agenda, moderation over ``/rooms``; audio,
    video and screen sharing, docs/meetings.md)."""
    found = _event_or_404(event_id, "event.room")
    allow_media()
    limits = {"mesh": mesh_size(), "sfu": sfu_size(current_app.config)}
    return render_template("events/room.html", found=found, event=found["event"], limits=limits)
