"""Network pages: the list, a network's page and members, joining, invitations, the coordinator console."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from graph import accounts as account_queries
from graph import events as event_queries
from graph import labels as label_queries
from graph import networks as network_queries
from graph import reference

from .. import exports, jobs
from ..accounts.service import email_key, now_ms
from ..audit import audited
from ..directory import run_search, search_context
from ..directory.params import parse
from ..extensions import store
from ..feedback import tell
from ..i18n import listed, localized, safe_next
from ..notifications import notify
from ..permissions import may
from ..validators import as_choices
from . import service
from .access import event_viewer, network_or_404
from .forms import (
    JOIN_POLICY_NAMES,
    KIND_NAMES,
    VISIBILITY_NAMES,
    AnnouncementForm,
    AppointForm,
    InvitationForm,
    MotivationForm,
    NetworkForm,
    ReasonForm,
)

bp = Blueprint("networks", __name__)
STATS_WINDOW_MS = 30 * service.DAY_MS


def _label_choices() -> list[tuple[str, str]]:
    return [(label["id"], localized(label)) for label in label_queries.types(store())]


def _network_form() -> NetworkForm:
    form = NetworkForm()
    countries = sorted(((c["id"], localized(c)) for c in reference.listing(store(), "Country")), key=lambda c: c[1])
    form.countries.choices = as_choices(countries)
    form.required_labels.choices = as_choices(_label_choices())
    return form


def _back(network: dict, endpoint: str = "networks.show"):
    return redirect(url_for(endpoint, slug=network["slug"]))


@bp.get("/networks")
def index():
    """Every network, geographic then thematic, with the ones I belong to marked."""
    networks = [n for n in network_queries.listing(store()) if may(current_user, "network.view", n)]
    mine = set(current_user.network_ids) if current_user.is_authenticated else set()
    return render_template(
        "networks/index.html",
        networks=networks,
        mine=mine,
        kind_names=KIND_NAMES,
        may_create=may(current_user, "network.create"),
    )


@bp.route("/networks/new", methods=["GET", "POST"])
@login_required
def create():
    """The department creates a network."""
    if not may(current_user, "network.create"):
        abort(403)
    form = _network_form()
    if form.validate_on_submit():
        if network_queries.slug_taken(store(), form.slug.data):
            form.slug.errors.append(_("Another network already uses this address."))
        else:
            network_queries.create(
                store(),
                id=str(uuid.uuid4()),
                slug=form.slug.data,
                props=form.props(),
                by=current_user.id,
                now=now_ms(),
            )
            flash(_("The network is created. Appoint its coordinators from its console."), "success")
            return redirect(url_for("networks.manage", slug=form.slug.data))
    return render_template("networks/edit.html", form=form, network=None, **_form_names()), (
        422 if form.errors else 200
    )


def _announcements(network: dict, limit: int) -> list[dict]:
    """The latest announcements this person may read, each naming the labels it is for."""
    names = dict(_label_choices())
    return [
        {**a, "labels_text": listed(names.get(x, x) for x in a.get("required_labels") or [])}
        for a in network_queries.announcements(store(), network["id"], limit=limit)
        if may(current_user, "announcement.view", a)
    ]


def _form_names() -> dict:
    return {"kind_names": KIND_NAMES, "visibility_names": VISIBILITY_NAMES, "join_policy_names": JOIN_POLICY_NAMES}


@bp.route("/networks/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Coordinators and the department edit the network's description and rules."""
    network = network_or_404(slug, "network.edit")
    form = _network_form()
    if request.method == "GET":
        form.process(data={**network, "slug": network["slug"]})
    elif form.validate_on_submit():
        network_queries.update(store(), network["id"], form.props())
        flash(_("The network is saved."), "success")
        return _back(network)
    form.slug.data = network["slug"]  # the address does not change once links to it exist
    return render_template("networks/edit.html", form=form, network=network, **_form_names()), (
        422 if form.errors else 200
    )


@bp.get("/networks/<slug>")
def show(slug: str):
    """About, coordinators, upcoming events, announcements, and where I stand."""
    network = network_or_404(slug)
    content = may(current_user, "network.view_content", network)
    standing = (
        network_queries.standing(store(), network["id"], current_user.id) if current_user.is_authenticated else None
    )
    label_names = dict(_label_choices())
    return render_template(
        "networks/show.html",
        network=network,
        content=content,
        standing=standing,
        coordinators=network_queries.coordinators(store(), network["id"]),
        events=event_queries.network_events(store(), network["id"], event_viewer(), now_ms(), limit=5)
        if content
        else [],
        announcements=_announcements(network, 5) if content else [],
        may_join=may(current_user, "network.join", network),
        may_manage=may(current_user, "network.decide_requests", network),
        may_leave=may(current_user, "network.leave", network),
        may_channel=may(current_user, "network.channel", network),
        may_open_room=may(current_user, "event.create", network),
        missing_labels=[
            label_names.get(x, x)
            for x in network.get("required_labels") or []
            if not current_user.is_authenticated or x not in current_user.label_ids
        ],
        motivation_form=MotivationForm(),
        kind_names=KIND_NAMES,
        join_policy_names=JOIN_POLICY_NAMES,
    )


@bp.get("/networks/<slug>/members")
@login_required
def members(slug: str):
    """The network's members, searchable with the directory's facets."""
    network = network_or_404(slug, "network.view_content")
    args = request.args.to_dict()
    args.pop("network", None)
    query, errors = parse(args)
    query.filters["network"] = network["id"]
    query.with_viewer = True  # the network's members, the viewer among them
    result = run_search(current_user.id, query)
    return render_template(
        "networks/members.html", network=network, **search_context(query, result, errors, fixed_filters=("network",))
    )


@bp.post("/networks/<slug>/join")
@login_required
def join(slug: str):
    """Join an open network, or ask to join one on request (with a motivation)."""
    network = network_or_404(slug)
    motivation = ""
    if network["join_policy"] == "request":
        form = MotivationForm()
        if not form.validate_on_submit():
            for messages in form.errors.values():
                for message in messages:
                    flash(message, "error")
            return _back(network)
        motivation = form.motivation.data or ""
    outcome, message = service.join(store(), network, current_user, motivation, now_ms())
    flash(message, "success" if outcome else "error")
    return _back(network)


@bp.post("/networks/<slug>/withdraw")
@login_required
def withdraw(slug: str):
    """Withdraw my pending request."""
    network = network_or_404(slug)
    tell(
        network_queries.withdraw_request(store(), network["id"], current_user.id),
        _("Your request is withdrawn."),
        _("There was no request to withdraw."),
    )
    return _back(network)


@bp.post("/networks/<slug>/leave")
@login_required
def leave(slug: str):
    """Leave the network."""
    network = network_or_404(slug, "network.leave")
    network_queries.leave(store(), network["id"], current_user.id)
    flash(_("You left %(network)s.", network=localized(network)), "success")
    return _back(network)


# The coordinator console -----------------------------------------------------------------------------


@bp.get("/networks/<slug>/manage")
@login_required
def manage(slug: str):
    """Pending requests, invitations, announcements, coordinators and bans."""
    network = network_or_404(slug, "network.decide_requests")
    return _console(network)


def _console(network: dict, status: int = 200, **forms):
    now = now_ms()
    invitation_form = forms.get("invitation_form") or InvitationForm()
    announcement_form = forms.get("announcement_form") or AnnouncementForm()
    announcement_form.labels.choices = as_choices(_label_choices())
    return render_template(
        "networks/manage.html",
        network=network,
        pending=network_queries.pending_requests(store(), network["id"]),
        invitations=network_queries.invitations(store(), network["id"], now),
        new_link=forms.get("new_link"),
        banned=network_queries.banned(store(), network["id"]),
        coordinators=network_queries.coordinators(store(), network["id"]),
        announcements=_announcements(network, 5),
        invitation_form=invitation_form,
        announcement_form=announcement_form,
        appoint_form=forms.get("appoint_form") or AppointForm(),
        reason_form=ReasonForm(),
        may_appoint=may(current_user, "network.appoint", network),
    ), status


@bp.post("/networks/<slug>/requests/<member_id>")
@login_required
def decide(slug: str, member_id: str):
    """Approve a request, or decline it with a reason the member sees."""
    network = network_or_404(slug, "network.decide_requests")
    action, now = request.form.get("action"), now_ms()
    if action == "approve":
        done = network_queries.approve(store(), network["id"], member_id, now)
        if done:
            notify(store(), [member_id], "join_approved", now, network_id=network["id"])
            flash(_("The request is approved: welcome them!"), "success")
    elif action == "decline":
        form = ReasonForm()
        if not form.validate_on_submit():
            flash(_("Say why the request is declined: the member will read it."), "error")
            return redirect(url_for("networks.manage", slug=slug))
        done = network_queries.decline(store(), network["id"], member_id, form.reason.data, current_user.id, now)
        if done:
            notify(store(), [member_id], "join_declined", now, network_id=network["id"], reason=form.reason.data)
            flash(_("The request is declined; the member sees your reason."), "success")
    else:
        abort(400)
    if not done:
        flash(_("This request was already answered or withdrawn."), "error")
    return redirect(url_for("networks.manage", slug=slug))


@bp.post("/networks/<slug>/members/<member_id>")
@login_required
def moderate(slug: str, member_id: str):
    """Remove or ban a member with a reason, or lift a ban."""
    action = request.form.get("action")
    permission = {"remove": "network.remove_member", "ban": "network.ban", "lift_ban": "network.ban"}.get(action)
    if permission is None:
        abort(400)
    network = network_or_404(slug, permission)
    back = redirect(safe_next(request.form.get("next"), url_for("networks.manage", slug=slug)))
    if member_id == current_user.id:
        flash(_("You cannot remove or ban yourself; leave the network instead."), "error")
        return back
    now = now_ms()
    if action == "lift_ban":
        done = network_queries.lift_ban(store(), network["id"], member_id)
        message = _("The ban is lifted: they may ask to join again.")
    else:
        form = ReasonForm()
        if not form.validate_on_submit():
            flash(_("Say why: the member will read it."), "error")
            return back
        verb = network_queries.remove if action == "remove" else network_queries.ban
        done = verb(store(), network["id"], member_id, form.reason.data, current_user.id, now)
        if done:
            kind = "removed" if action == "remove" else "banned"
            notify(store(), [member_id], kind, now, network_id=network["id"], reason=form.reason.data)
        message = _("The member is removed.") if action == "remove" else _("The person is banned from the network.")
    flash(message if done else _("Nothing changed: they were not in that situation."), "success" if done else "error")
    return back


@bp.post("/networks/<slug>/invitations")
@login_required
def invite(slug: str):
    """Invite addresses by e-mail, or make a link, valid for a number of days."""
    network = network_or_404(slug, "network.invite")
    form = InvitationForm()
    if not form.validate_on_submit():
        return _console(network, 422, invitation_form=form)
    now = now_ms()
    if form.kind.data == "link":
        token = service.new_invitation(
            store(), network["id"], kind="link", email=None, days=form.days.data, by=current_user.id, now=now
        )
        flash(_("The link is ready: share it with the people you invite."), "success")
        return _console(network, new_link=service.absolute_url("networks.invitation", token=token))
    sent = [
        (
            address,
            service.new_invitation(
                store(), network["id"], kind="email", email=address, days=form.days.data, by=current_user.id, now=now
            ),
        )
        for address in form.addresses()
    ]
    jobs.enqueue(
        "networks.invitations",
        network=network,
        invitations=sent,
        inviter=current_user.display_name,
        locale=current_user.locale or "fr",
    )
    flash(_("Invitations sent: %(count)d.", count=len(sent)), "success")
    return redirect(url_for("networks.manage", slug=slug))


@bp.post("/networks/<slug>/invitations/<invitation_id>/revoke")
@login_required
def revoke_invitation(slug: str, invitation_id: str):
    """Make an invitation unusable."""
    network = network_or_404(slug, "network.invite")
    tell(
        network_queries.revoke_invitation(store(), network["id"], invitation_id, now_ms()),
        _("The invitation can no longer be used."),
        _("This invitation was already revoked."),
    )
    return redirect(url_for("networks.manage", slug=slug))


INVITATION_REFUSALS = {
    "expired": _l("This invitation has expired. Ask the network's coordinators for a new one."),
    "used": _l("This invitation was already used. Each e-mail invitation works once."),
    "revoked": _l("This invitation was withdrawn by the network's coordinators."),
    "other_address": _l("This invitation was sent to another e-mail address. Log in with that address."),
    "member": _l("You are already a member of this network."),
    "banned": _l("The coordinators of this network have closed it to you."),
    "removed": _l("You were removed from this network, so this link does not work for you. Ask its coordinators."),
    "labels": _l("This network is for holders of particular labels, which your profile does not have yet."),
}


def _invitation_refusal(found: dict, standing: dict) -> str | None:
    invitation, network, now = found["invitation"], found["network"], now_ms()
    if standing["member"]:
        return "member"
    if standing["banned"]:
        return "banned"
    if invitation["revoked_at"]:
        return "revoked"
    if invitation["expires_at"] <= now:
        return "expired"
    if invitation["kind"] == "email":
        if invitation["used_at"]:
            return "used"
        if invitation["email_key"] != email_key(current_user.email):
            return "other_address"
    elif standing["removed"]:
        return "removed"
    if not set(network.get("required_labels") or []) <= set(current_user.label_ids):
        return "labels"
    return None


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """See an invitation and accept it (logging in or registering first)."""
    found = network_queries.invitation(store(), service.token_hash(token)) if len(token) < 100 else None
    if found is None:
        return render_template("networks/invitation.html", found=None, refusal=None), 404
    if not current_user.is_authenticated:
        return render_template("networks/invitation.html", found=found, refusal=None, next=request.path)
    network = found["network"]
    if not may(current_user, "network.accept_invitation", network):
        refusal = "member" if network["id"] in current_user.network_ids else "banned"
    else:
        refusal = _invitation_refusal(found, network_queries.standing(store(), network["id"], current_user.id))
    if refusal or request.method == "GET":
        message = str(INVITATION_REFUSALS[refusal]) if refusal else None
        return render_template("networks/invitation.html", found=found, refusal=message), 409 if refusal else 200
    if network_queries.accept_invitation(store(), service.token_hash(token), current_user.id, now_ms()):
        flash(_("Welcome to %(network)s.", network=localized(network)), "success")
        return _back(network)
    flash(_("This invitation can no longer be used."), "error")
    return redirect(request.path)


@bp.post("/networks/<slug>/announcements")
@login_required
def announce(slug: str):
    """Publish an announcement to every member, in the app and by e-mail if asked."""
    network = network_or_404(slug, "network.announce")
    form = AnnouncementForm()
    form.labels.choices = as_choices(_label_choices())
    if not form.validate_on_submit():
        return _console(network, 422, announcement_form=form)
    network_queries.announce(
        store(),
        network["id"],
        required_labels=form.labels.data or [],
        id=str(uuid.uuid4()),
        title=form.title.data,
        body=form.body.data,
        by=current_user.id,
        now=now_ms(),
    )
    if form.email.data:
        jobs.enqueue(
            "networks.announcement",
            network=network,
            title=form.title.data,
            body=form.body.data,
            labels=list(form.labels.data or []),
        )
        flash(_("The announcement is published and sent by e-mail."), "success")
    else:
        flash(_("The announcement is published."), "success")
    return redirect(url_for("networks.manage", slug=slug))


@bp.post("/networks/<slug>/coordinators")
@login_required
def appoint(slug: str):
    """The department appoints a coordinator by the e-mail address of their account."""
    network = network_or_404(slug, "network.appoint")
    form = AppointForm()
    if not form.validate_on_submit():
        return _console(network, 422, appoint_form=form)
    account = account_queries.member_by_email(store(), email_key(form.email.data))
    if account is None:
        form.email.errors.append(_("No member has this e-mail address."))
        return _console(network, 422, appoint_form=form)
    tell(
        network_queries.appoint(store(), network["id"], account["id"], current_user.id, now_ms()),
        _("%(name)s now coordinates this network.", name=account["display_name"]),
        _("Nothing changed: they already coordinate it, or are banned from it."),
    )
    return redirect(url_for("networks.manage", slug=slug))


@bp.post("/networks/<slug>/coordinators/<member_id>/dismiss")
@login_required
def dismiss(slug: str, member_id: str):
    """End a coordinator's appointment."""
    network = network_or_404(slug, "network.appoint")
    tell(
        network_queries.dismiss(store(), network["id"], member_id),
        _("The appointment has ended; they remain a member."),
        _("They were not a coordinator of this network."),
    )
    return redirect(url_for("networks.manage", slug=slug))


@bp.get("/networks/<slug>/stats")
@login_required
def stats(slug: str):
    """Members over time, by country, sector and label; the last 30 days' activity."""
    network = network_or_404(slug, "network.stats")
    figures = network_queries.statistics(store(), network["id"], now_ms() - STATS_WINDOW_MS)
    return render_template(
        "networks/stats.html", network=network, figures=figures, months=service.monthly(figures["joins_by_day"])
    )


@bp.get("/networks/<slug>/export.<fmt>")
@login_required
def export(slug: str, fmt: str):
    """The member list as CSV (UTF-8 with BOM) or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    network = network_or_404(slug, "network.export")
    rows = network_queries.export_rows(store(), network["id"])
    sectors = {s["id"]: localized(s) for s in reference.listing(store(), "Sector")}
    labels = dict(_label_choices())
    headers, table = service.export_table(rows, sectors, labels)
    audited("networks.export", network["id"], f"{len(table)} members, {fmt}")
    return exports.download(headers, table, fmt, f"{network['slug']}-members", network["slug"])
