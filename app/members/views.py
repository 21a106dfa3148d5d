"""Profile pages, the profile form, and the connection verbs."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from graph import connections as connection_queries
from graph import members as member_queries
from graph import networks as network_queries

from ..accounts.service import now_ms
from ..extensions import store
from ..i18n import localized, safe_next
from ..labels import label_panel
from ..notifications import notify
from ..permissions import may
from ..validators import page_number
from .forms import AVAILABILITY_NAMES, DEGREE_NAMES, EXTRA_SKILL_ROWS, SKILL_LEVELS, ProfileForm
from .service import fill_form, reference_choices, resolve_city, save_profile, unknown_city

bp = Blueprint("members", __name__)
PER_PAGE = 30
#: What the other member is told when an action of mine changes something for them
CONNECTION_NOTICES = {
    "requested": "connection_requested",
    "connected": "connection_accepted",
    "accept": "connection_accepted",
}
CONNECTION_MESSAGES = {
    "requested": _l("Your request was sent."),
    "connected": _l("You are now connected."),
    "accept": _l("You are now connected."),
    "decline": _l("The request was declined."),
    "withdraw": _l("Your request was withdrawn."),
    "remove": _l("You are no longer connected."),
    "block": _l("This member is blocked: they can no longer find, see or contact you."),
    "unblock": _l("This member is no longer blocked."),
}


def _profile_form() -> ProfileForm:
    form = ProfileForm()
    form.fill_choices(**reference_choices(store()), label=localized)
    return form


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    """The member's own profile form; on an error everything typed is kept and each problem is named."""
    profile = member_queries.profile(store(), current_user.id)
    if profile is None or not may(current_user, "profile.edit", profile["member"]):
        abort(404)
    form = _profile_form()
    if request.method == "GET":
        fill_form(form, profile, localized)
    elif form.validate_on_submit():
        city_id, found = resolve_city(store(), form.city.data, form.city_id.data)
        if found:
            save_profile(store(), current_user.id, form, city_id)
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("members.profile", member_id=current_user.id))
        form.city.errors.append(unknown_city(store(), form.city.data))
    status = 422 if form.errors else 200
    if request.method == "POST":  # offer empty rows again, within the list's limit
        missing = EXTRA_SKILL_ROWS - sum(1 for row in form.skills.data if not row.get("name"))
        for _row in range(max(0, min(missing, form.skills.max_entries - len(form.skills.entries)))):
            form.skills.append_entry({"name": "", "level": 2})
    me = {"id": current_user.id, "display_name": current_user.display_name}
    me["photo"] = member_queries.photos(store(), [current_user.id]).get(current_user.id)
    return render_template("members/edit.html", form=form, skill_levels=SKILL_LEVELS, me=me), status


@bp.get("/members/<member_id>")
@login_required
def profile(member_id: str):
    """A member's profile, as much of it as visibility allows; nothing at all across a block."""
    found = member_queries.profile(store(), member_id)
    if found is None or found["member"].get("status") not in (None, "active"):
        abort(404)
    relation = member_queries.relations(store(), current_user.id, [member_id]).get(member_id, {})
    blocks = member_queries.blocks_between(store(), current_user.id, member_id)
    if blocks["blocked_by_them"]:
        abort(404)  # a blocked member cannot see the blocker: as if the profile did not exist
    target = {**found["member"], "connected": relation.get("connected", False)}
    member_networks = network_queries.my_networks(store(), member_id)
    return render_template(
        "members/profile.html",
        profile=found,
        member=found["member"],
        relation=relation,
        blocks=blocks,
        details=may(current_user, "profile.view_details", target),
        private=may(current_user, "profile.view_private", target),
        is_self=member_id == current_user.id,
        may_write=relation.get("connected", False)
        or any(
            row["network"].get("members_message") and row["network"]["id"] in current_user.network_ids
            for row in member_networks
        ),
        shared=member_queries.shared(store(), current_user.id, member_id) if member_id != current_user.id else None,
        labels=label_panel(found["member"]),
        networks=[row for row in member_networks if may(current_user, "network.view_content", row["network"])],
        moderation=[
            row["network"]
            for row in member_networks
            if member_id != current_user.id and may(current_user, "network.remove_member", row["network"])
        ],
        degree_names=DEGREE_NAMES,
        availability_names=AVAILABILITY_NAMES,
        skill_levels=SKILL_LEVELS,
    )


@bp.post("/members/<member_id>/connection")
@login_required
def connection(member_id: str):
    """request, accept, decline, withdraw, remove, block or unblock; each says what happened."""
    action = request.form.get("action", "")
    if not may(current_user, "connection.act", {"id": member_id}):
        abort(403)
    me, now = current_user.id, now_ms()
    if action == "request":
        note = (request.form.get("note") or "").strip()
        if len(note) > 300:
            flash(_("The note can have at most 300 characters."), "error")
            return redirect(url_for("members.profile", member_id=member_id))
        outcome = connection_queries.request(store(), me, member_id, note, now)
    elif action in ("accept", "block"):
        outcome = action if getattr(connection_queries, action)(store(), me, member_id, now) else None
    elif action in ("decline", "withdraw", "remove", "unblock"):
        outcome = action if getattr(connection_queries, action)(store(), me, member_id) else None
    else:
        abort(400)
    if outcome:
        flash(str(CONNECTION_MESSAGES[outcome]), "success")
        if outcome in CONNECTION_NOTICES:
            notify(store(), [member_id], CONNECTION_NOTICES[outcome], now, sender_id=me)
    else:
        flash(_("Nothing changed: this is not possible between you two right now."), "error")
    fallback = url_for("members.profile", member_id=member_id) if action != "block" else url_for("members.connections")
    return redirect(safe_next(request.form.get("next"), fallback))


@bp.get("/connections")
@login_required
def connections():
    """My connections, the requests waiting for me and for others, and whom I blocked."""
    page = page_number()
    items, total = connection_queries.connections(store(), current_user.id, (page - 1) * PER_PAGE, PER_PAGE)
    return render_template(
        "members/connections.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        incoming=connection_queries.incoming(store(), current_user.id),
        outgoing=connection_queries.outgoing(store(), current_user.id),
        blocked=connection_queries.blocked(store(), current_user.id),
    )
