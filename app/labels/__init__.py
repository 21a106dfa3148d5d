"""Labels on profiles: badges for everyone, granting and revoking for those allowed, on the record."""

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import labels as label_queries
from graph import members as member_queries
from graph import networks as network_queries

from ..accounts.service import now_ms
from ..audit import audited
from ..extensions import store
from ..i18n import localized
from ..networks.forms import LabelGrantForm, ReasonForm
from ..notifications import notify
from ..permissions import may
from ..validators import as_choices

bp = Blueprint("labels", __name__)
DEPARTMENT = "department"


def grant_options(member: dict) -> list[tuple[dict, dict | None]]:
    """The (label type, network or None) pairs the current person may grant to ``member``."""
    if not current_user.is_authenticated:
        return []
    networks = [network_queries.by_id(store(), n) for n in current_user.coordinated_ids]
    scopes = [None] + [n for n in networks if n]
    return [
        (label, network)
        for label in label_queries.types(store())
        for network in scopes
        if may(current_user, "label.grant", {"label": label, "network": network, "member": member})
        and (network is None or label["granted_by"] == "coordinator")
        and (network is not None or current_user.role == "admin")
    ]


def label_panel(member: dict) -> dict:
    """What the profile page shows of labels: active badges, the history for those concerned, the forms."""
    history = label_queries.history(store(), member["id"])
    options = grant_options(member)
    form = LabelGrantForm(prefix="label")
    form.label.choices = as_choices({label["id"]: localized(label) for label, _n in options})
    form.network.choices = as_choices(
        {(n or {}).get("id", DEPARTMENT): localized(n) if n else _("The department") for _l, n in options}
    )
    revocable = {row["grant"]["id"] for row in history if may(current_user, "label.revoke", row)}
    return {
        "badges": [row for row in history if row["grant"]["revoked_at"] is None],
        "history": history if (member["id"] == current_user.id or options or revocable) else [],
        "grant_form": form if options else None,
        "revocable": revocable,
        "revoke_form": ReasonForm(prefix="revoke"),
    }


@bp.post("/members/<member_id>/labels")
@login_required
def grant(member_id: str):
    """Grant a label to a member, with the evidence recorded."""
    found = member_queries.profile(store(), member_id) or abort(404)
    member = found["member"]
    options = grant_options(member)
    form = LabelGrantForm(prefix="label")
    form.label.choices = as_choices((label["id"], label["id"]) for label, _n in options)
    form.network.choices = as_choices(((n or {}).get("id", DEPARTMENT), "") for _l, n in options)
    if not options:
        abort(403)
    if not form.validate_on_submit():
        for messages in form.errors.values():
            for message in messages:
                flash(message, "error")
        return redirect(url_for("members.profile", member_id=member_id))
    network_id = None if form.network.data == DEPARTMENT else form.network.data
    allowed = any(label["id"] == form.label.data and (n or {}).get("id") == network_id for label, n in options)
    if not allowed:
        flash(_("You cannot grant this label on behalf of this network."), "error")
        return redirect(url_for("members.profile", member_id=member_id))
    now = now_ms()
    if label_queries.grant(
        store(),
        id=str(uuid.uuid4()),
        member=member_id,
        label=form.label.data,
        network_id=network_id,
        by=current_user.id,
        reason=form.reason.data,
        now=now,
    ):
        notify(store(), [member_id], "label_granted", now, network_id=network_id, label_id=form.label.data)
        audited("labels.grant", member_id, f"{form.label.data} ({network_id or DEPARTMENT})")
        flash(_("The label is granted and shown on the profile."), "success")
    else:
        flash(_("The member already holds this label."), "error")
    return redirect(url_for("members.profile", member_id=member_id))


@bp.post("/labels/<grant_id>/revoke")
@login_required
def revoke(grant_id: str):
    """Revoke a grant with a reason; it stays in the history."""
    found = label_queries.grant_by_id(store(), grant_id) or abort(404)
    if not may(current_user, "label.revoke", found):
        abort(403)
    form = ReasonForm(prefix="revoke")
    if not form.validate_on_submit():
        flash(_("Say why the label is revoked: the member will read it."), "error")
    elif label_queries.revoke(store(), grant_id, current_user.id, form.reason.data, now_ms()):
        audited("labels.revoke", found["member_id"], found["label"]["id"])
        notify(
            store(),
            [found["member_id"]],
            "label_revoked",
            now_ms(),
            label_id=found["label"]["id"],
            reason=form.reason.data,
        )
        flash(_("The label is revoked; the history keeps it."), "success")
    else:
        flash(_("This label was already revoked."), "error")
    return redirect(url_for("members.profile", member_id=found["member_id"]))


def init_app(app) -> None:
    """Register the label actions."""
    app.register_blueprint(bp)
