"""Two-factor pages: setting it up, the code asked after the password, and the rule that staff must have it."""

import time

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from graph import accounts as account_queries

from ..errors import error_response, wants_json
from ..extensions import store
from ..i18n import safe_next
from ..ratelimit import Limit, count_hit, over_limit, reset
from . import two_factor
from .forms import CodeForm
from .models import Account
from .sessions import log_in
from .two_factor import PENDING, PENDING_AT, PENDING_NEXT
from .views import bp

SETUP_SECRET = "mfa_setup"
CODE_WINDOW_SECONDS = 300  # the code must follow the password within this
#: what a staff member without a second factor may still open: setting it up, logging out, the basics
OPEN_ENDPOINTS = {
    "accounts.two_factor_page",
    "accounts.logout",
    "static",
    "i18n.switch_language",
    "health.healthz",
    "main.privacy",
    "main.processing_record",
}


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of logging in: a code from the app, or a recovery code."""
    member_id = session.get(PENDING)
    if not member_id or time.time() - int(session.get(PENDING_AT, 0)) > CODE_WINDOW_SECONDS:
        flash(_("Log in again: the code must follow the password within 5 minutes."), "info")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        limit = Limit.parse(current_app.config["LOGIN_LIMIT_ACCOUNT"])
        wait = over_limit("login-code", member_id, limit)
        data = account_queries.member_by_id(store(), member_id)
        if wait:
            form.code.errors.append(_("Too many wrong codes. Log in again in a few minutes."))
            status = 429
        elif data and Account(data).is_active and two_factor.check(store(), data, form.code.data):
            reset("login-code", member_id)
            going_to = session.pop(PENDING_NEXT, "")
            session.pop(PENDING, None)
            session.pop(PENDING_AT, None)
            log_in(Account(data))
            left = two_factor.recovery_codes_left(account_queries.member_by_id(store(), member_id) or {})
            if left <= 3:
                flash(_("Only %(num)d recovery codes are left: make new ones on the two-factor page.", num=left))
            return redirect(safe_next(going_to, url_for("main.home")))
        else:
            count_hit("login-code", member_id, limit)
            form.code.errors.append(_("This code is not right, or was already used."))
            status = 401
    elif form.errors:
        status = 422
    return render_template("accounts/login_code.html", form=form), status


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_page():
    """Set up the second factor (scan, then type a code: the recovery codes are shown once), or see it."""
    data = account_queries.member_by_id(store(), current_user.id) or {}
    if two_factor.enabled(data):
        return render_template(
            "accounts/two_factor.html",
            enabled=True,
            left=two_factor.recovery_codes_left(data),
            required=two_factor.required(current_user),
            form=CodeForm(),
        )
    secret = session.get(SETUP_SECRET) or two_factor.new_secret()
    session[SETUP_SECRET] = secret
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        codes = two_factor.enable(store(), current_user.id, secret, form.code.data)
        if codes is not None:
            session.pop(SETUP_SECRET, None)
            flash(_("Two-factor authentication is on."), "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
        form.code.errors.append(_("This code is not right: check the time of your phone and type the newest code."))
        status = 422
    elif form.errors:
        status = 422
    return render_template(
        "accounts/two_factor.html",
        enabled=False,
        secret=secret,
        qr=two_factor.qr_svg(secret, current_user.email),
        required=two_factor.required(current_user),
        form=form,
    ), status


@bp.post("/account/two-factor/off")
@login_required
def two_factor_off():
    """Turn the second factor off, with a code (not for the roles that require it)."""
    if two_factor.required(current_user):
        return error_response(403, _("Your role requires two-factor authentication."))
    form = CodeForm()
    data = account_queries.member_by_id(store(), current_user.id) or {}
    if form.validate_on_submit() and two_factor.check(store(), data, form.code.data):
        two_factor.disable(store(), current_user.id)
        flash(_("Two-factor authentication is off."), "info")
    else:
        flash(_("This code is not right, or was already used."), "error")
    return redirect(url_for("accounts.two_factor_page"))


@bp.post("/account/two-factor/codes")
@login_required
def new_recovery_codes():
    """Replace the recovery codes (the old ones stop working), with a code from the app; shown once."""
    form = CodeForm()
    data = account_queries.member_by_id(store(), current_user.id) or {}
    if form.validate_on_submit() and two_factor.check(store(), data, form.code.data):
        codes = two_factor.renew_recovery_codes(store(), current_user.id)
        return render_template("accounts/recovery_codes.html", codes=codes)
    flash(_("This code is not right, or was already used."), "error")
    return redirect(url_for("accounts.two_factor_page"))


STAFF_NEED_IT = _l("Your role requires two-factor authentication: set it up to continue.")


def require_second_factor():
    """Staff without a second factor may only set it up (pages are sent there; the API says why)."""
    if request.endpoint in OPEN_ENDPOINTS or request.endpoint is None or g.get("graph_down"):
        return None
    if not current_user.is_authenticated or not two_factor.required(current_user):
        return None
    if two_factor.enabled(current_user.data):
        return None
    if wants_json() or g.get("auth_via_token"):
        return error_response(403, STAFF_NEED_IT)
    flash(STAFF_NEED_IT, "info")
    return redirect(url_for("accounts.two_factor_page"))
