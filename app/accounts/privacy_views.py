"""The member's privacy page: their choices per purpose and the log of every consent given or withdrawn."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from graph import consent as consent_queries

from ..extensions import store
from . import consent
from .forms import PrivacyChoicesForm
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
