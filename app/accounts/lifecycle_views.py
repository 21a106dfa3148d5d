"""Pages of the mailed links: a forgotten password, a new e-mail address."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from graph import accounts as account_queries

from ..extensions import store
from . import lifecycle, tickets
from .forms import EmailChangeForm, ForgotPasswordForm, NewPasswordForm
from .passwords import verify_password
from .service import email_key
from .views import bp


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address has an account or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        lifecycle.request_reset(store(), form.email.data, request.remote_addr or "-")
        return render_template("accounts/check_inbox.html", email=form.email.data.strip(), reason="reset")
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password with a reset link (once, within the hour): every session ends, then log in."""
    ticket = tickets.find(store(), tickets.RESET_PASSWORD, token)
    if ticket is None:
        return render_template("accounts/link_gone.html"), 410
    form = NewPasswordForm(ticket.account["email"], ticket.account["display_name"])
    if form.validate_on_submit():
        if not lifecycle.reset_password(store(), token, form.password.data):
            return render_template("accounts/link_gone.html"), 410
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your new password is set. Log in with it."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    """Ask to use a new address: a link goes to it, a notice to the current one; nothing changes before."""
    form = EmailChangeForm()
    if form.validate_on_submit():
        data = account_queries.member_by_id(store(), current_user.id) or {}
        if not verify_password(data.get("password_hash"), form.current.data):
            form.current.errors.append(_("This is not your current password."))
        elif email_key(form.email.data) == email_key(current_user.email):
            form.email.errors.append(_("This is already your address."))
        else:
            lifecycle.request_email_change(store(), current_user, form.email.data)
            flash(
                _(
                    "We have sent a link to %(email)s: your address changes when you open it.",
                    email=form.email.data.strip(),
                ),
                "info",
            )
            return redirect(url_for("accounts.account"))
    return render_template("accounts/email.html", form=form), 422 if form.errors else 200


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """The link sent to the new address: a button that makes it the account's address."""
    if tickets.find(store(), tickets.CHANGE_EMAIL, token) is None:
        return render_template("accounts/link_gone.html"), 410
    form = FlaskForm()
    if form.validate_on_submit():
        new_email = lifecycle.confirm_email_change(store(), token)
        if new_email is None:
            return render_template("accounts/link_gone.html"), 410
        flash(_("Your account now uses %(email)s.", email=new_email), "success")
        return redirect(url_for("accounts.account" if current_user.is_authenticated else "accounts.login"))
    return render_template(
        "accounts/confirm_link.html",
        form=form,
        title=_("Confirm your new address"),
        button=_("Use this address"),
    )
