"""The member's rights: their choices per purpose with the log of every consent given or withdrawn, and
deleting their account."""

from datetime import datetime, timezone

from flask import abort, flash, redirect, render_template, send_file, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from graph import accounts as account_queries
from graph import consent as consent_queries

from .. import jobs
from ..extensions import store
from . import consent, data_export, deletion
from .forms import AccountDeletionForm, PrivacyChoicesForm
from .passwords import verify_password
from .views import bp

PURPOSE_NAMES = {
    consent.NOTICE: _l("Privacy notice (needed for an account)"),
    "suggestions": _l("Suggestions to other members"),
    "campaigns": _l("The department's campaigns"),
    "analytics": _l("Named in the department's analyses"),
}
HOW_NAMES = {
    "registration": _l("registration form"),
    "invitation": _l("invitation from the department"),
    "settings": _l("privacy page"),
    "command": _l("created by an administrator"),
}


@bp.route("/account/privacy", methods=["GET", "POST"])
@login_required
def privacy_choices():
    """Allow or withdraw each optional use of the member's data; every change is logged and listed."""
    form = PrivacyChoicesForm(data=consent_queries.current(store(), current_user.id))
    if form.validate_on_submit():
        chosen = {purpose: getattr(form, purpose).data for purpose in consent_queries.CHOICES}
        changed = consent.change_choices(store(), current_user.id, chosen, "settings")
        flash(_("Your choices are saved.") if changed else _("Nothing changed."), "success" if changed else "info")
        return redirect(url_for("accounts.privacy_choices"))
    return render_template(
        "accounts/privacy.html",
        form=form,
        log=consent_queries.history(store(), current_user.id),
        purpose_names=PURPOSE_NAMES,
        how_names=HOW_NAMES,
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete my account: what goes and what stays, then the password again; carried out after the grace
    period, which logging in cancels."""
    form = AccountDeletionForm()
    if form.validate_on_submit():
        data = account_queries.member_by_id(store(), current_user.id) or {}
        if verify_password(data.get("password_hash"), form.current.data):
            due = deletion.request_deletion(store(), data)
            logout_user()
            when = format_datetime(datetime.fromtimestamp(due / 1000, tz=timezone.utc), "long")
            return render_template("accounts/deletion_scheduled.html", when=when)
        form.current.errors.append(_("This is not your current password."))
    return render_template("accounts/delete.html", form=form, days=deletion.GRACE_DAYS), 422 if form.errors else 200


@bp.route("/account/data", methods=["GET", "POST"])
@login_required
def data_download():
    """Download my data: ask for it (the worker prepares it), then the links valid for 24 hours."""
    form = FlaskForm()
    job = jobs.state(session["data_job"]) if session.get("data_job") else None
    preparing = bool(job) and job["status"] in ("queued", "started", "deferred", "scheduled")
    if form.validate_on_submit():
        if not preparing:
            session["data_job"] = jobs.enqueue(data_export.TASK, member_id=current_user.id)
        flash(_("Your data is being gathered: this page shows the link when it is ready."), "info")
        return redirect(url_for("accounts.data_download"))
    return render_template(
        "accounts/data.html",
        form=form,
        ready=data_export.ready(current_user.id),
        preparing=preparing,
        failed=bool(job) and job["status"] == "failed",
    )


@bp.get("/account/data/<token>")
@login_required
def data_file(token: str):
    """One of the member's own downloads, while it is valid."""
    path = data_export.file_for(current_user.id, token) or abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name="jisr-data.zip")
