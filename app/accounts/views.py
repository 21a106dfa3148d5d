"""Account pages: register, log in, log out, and the account's own page with API tokens."""

import time

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

import realtime
from graph import accounts as account_queries

from ..extensions import store
from ..i18n import safe_next
from . import lifecycle, service, tickets, two_factor
from .forms import LoginForm, PasswordChangeForm, RegisterForm, TokenForm
from .models import Account
from .sessions import SESSION_ID, close_all_sessions, close_session, log_in
from .tokens import issue_token

bp = Blueprint("accounts", __name__)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account; the form keeps what was typed (but not passwords) after an error."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = request.accept_languages.best_match(["ar", "fr", "en"]) or "ar"
    status = 200
    if form.validate_on_submit():
        going_to = safe_next(request.args.get("next"), "")
        wait = lifecycle.sign_up(store(), form, request.remote_addr or "-", going_to)
        if not wait:  # the same page whether the address had an account or not: the mail tells its owner
            return render_template("accounts/check_inbox.html", email=form.email.data.strip(), reason="register")
        form.form_errors.append(_too_many(wait))
        status = 429
    elif form.errors:
        status = 422
    return render_template("accounts/register.html", form=form), status


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_address(token: str):
    """The link of the confirmation mail: a button (mail scanners open links, only a person presses it) that
    activates the account and logs the person in."""
    if tickets.find(store(), tickets.VERIFY_EMAIL, token) is None:
        return render_template("accounts/link_gone.html"), 410
    form = FlaskForm()
    if form.validate_on_submit():
        confirmed = lifecycle.confirm_address(store(), token)
        if confirmed is None:
            return render_template("accounts/link_gone.html"), 410
        account, going_to = confirmed
        log_in(account)
        session["just_registered"] = True  # the home page then leads to the profile first
        flash(_("Welcome to Jisr, %(name)s.", name=account.display_name), "success")
        return redirect(safe_next(going_to, url_for("main.home")))
    return render_template(
        "accounts/confirm_link.html",
        form=form,
        title=_("Confirm your address"),
        button=_("Confirm and join Jisr"),
    )


def ask_for_code(account: Account, going_to: str):
    """After the right password of an account with a second factor: remember who, then ask for the code."""
    session[two_factor.PENDING] = account.id
    session[two_factor.PENDING_AT] = int(time.time())
    session[two_factor.PENDING_NEXT] = going_to
    return redirect(url_for("accounts.login_code"))


def _too_many(wait: int) -> str:
    minutes = max(1, (wait + 59) // 60)
    return ngettext(
        "Too many attempts. Try again in %(num)d minute.",
        "Too many attempts. Try again in %(num)d minutes.",
        minutes,
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password, under rate limits per address and per account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = service.authenticate(store(), form.email.data, form.password.data, request.remote_addr or "-")
        if result.kept:
            flash(_("Welcome back: your account is no longer to be deleted."), "success")
        if result.account and two_factor.enabled(result.account.data):
            return ask_for_code(result.account, safe_next(request.args.get("next"), ""))
        if result.account:
            log_in(result.account)
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
        if result.retry_after:
            form.form_errors.append(_too_many(result.retry_after))
            status = 429
        elif result.unconfirmed:
            client = request.remote_addr or "-"
            if not lifecycle.mail_limited("confirm-mail", client, service.email_key(form.email.data)):
                lifecycle.resend_confirmation(store(), result.unconfirmed)
            form.form_errors.append(
                _("Confirm your e-mail address first: we have sent you a new link (look in your spam folder too).")
            )
            status = 403
        else:
            form.form_errors.append(_("The e-mail address or the password is not right."))
            status = 401
    elif form.errors:
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """End the session, and the live connections opened with it."""
    member_id = current_user.id
    close_session(member_id, session.get(SESSION_ID))
    logout_user()
    realtime.end_sessions(member_id)
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@bp.post("/account/sessions/end")
@login_required
def log_out_everywhere():
    """End every session of the member, on every device, this one included, and every live connection."""
    member_id = current_user.id
    close_all_sessions(member_id)
    logout_user()
    realtime.end_sessions(member_id)
    flash(_("You are logged out everywhere. Log in again on the devices you use."), "info")
    return redirect(url_for("accounts.login"))


@bp.get("/account")
@login_required
def account():
    """The member's own account page: language, role, API tokens."""
    tokens = account_queries.list_tokens(store(), current_user.id)
    return render_template("accounts/account.html", tokens=tokens, token_form=TokenForm(), new_token=None)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """A new password: other sessions end and every live connection closes; this browser stays logged in."""
    form = PasswordChangeForm(current_user)
    status = 200
    if form.validate_on_submit():
        if service.change_password(store(), current_user, form.current.data, form.password.data):
            log_in(Account(account_queries.member_by_id(store(), current_user.id)))
            flash(_("Your password is changed. Your other sessions are closed."), "success")
            return redirect(url_for("accounts.account"))
        form.current.errors.append(_("This is not your current password."))
        status = 422
    elif form.errors:
        status = 422
    return render_template("accounts/password.html", form=form), status


@bp.post("/account/tokens")
@login_required
def create_token():
    """Create a personal API token and show it once."""
    form = TokenForm()
    new_token = None
    status = 200
    if form.validate_on_submit():
        new_token, _token = issue_token(store(), current_user.id, form.name.data.strip())
        form = TokenForm(formdata=None)
    else:
        status = 422
    tokens = account_queries.list_tokens(store(), current_user.id)
    return render_template("accounts/account.html", tokens=tokens, token_form=form, new_token=new_token), status


@bp.post("/account/tokens/<token_id>/revoke")
@login_required
def revoke_token(token_id: str):
    """Revoke one of the member's own tokens."""
    if not account_queries.revoke_token(store(), current_user.id, token_id, service.now_ms()):
        abort(404)
    flash(_("The token is revoked: it no longer opens the API."), "success")
    return redirect(url_for("accounts.account"))
