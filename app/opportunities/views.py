"""The opportunity board: institutions and their representatives, opportunities posted for the diaspora's
experts, interest, suggested experts with reasons, shortlist, choice and outcome; the department's figures."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import accounts as account_queries
from graph import opportunities as opportunity_queries
from graph import reference

from ..access import require
from ..accounts.service import email_key
from ..directory import page_url
from ..extensions import store
from ..i18n import localized
from ..permissions import may
from ..projects.forms import named
from ..reasons import form_problems, name_reasons
from ..validators import as_choices, page_number
from . import service
from .forms import (
    INSTITUTION_KIND_NAMES,
    KIND_NAMES,
    InstitutionForm,
    InterestForm,
    OpportunityForm,
    OutcomeForm,
    RepresentativeForm,
)

bp = Blueprint("opportunities", __name__)
PER_PAGE = 30


def _institution_or_404(institution_id: str) -> dict:
    found = opportunity_queries.institution(store(), institution_id) if len(institution_id) <= 64 else None
    if found is None:
        abort(404)
    return found


def _opportunity_or_404(opportunity_id: str, action: str = "opportunity.view") -> dict:
    found = opportunity_queries.by_id(store(), opportunity_id) if len(opportunity_id) <= 64 else None
    return require(found, action, "opportunity")


def _countries() -> dict[str, str]:
    return {node["id"]: localized(node) for node in reference.listing(store(), "Country")}


@bp.get("/institutions")
@login_required
def institutions():
    """Institutions in Morocco and abroad, found by name (accents forgiven), kind and country, paginated."""
    if not may(current_user, "institution.view"):
        abort(403)
    typed = (request.args.get("q") or "").strip()[:100]
    kind = request.args.get("kind") if request.args.get("kind") in INSTITUTION_KIND_NAMES else None
    country = (request.args.get("country") or "")[:2] or None
    found = service.matching_institutions(store(), typed, kind, country)
    page = page_number()
    return render_template(
        "opportunities/institutions.html",
        rows=found[(page - 1) * PER_PAGE : page * PER_PAGE],
        total=len(found),
        typed=typed,
        kind=kind,
        country=country,
        page=page,
        pages=max(1, -(-len(found) // PER_PAGE)),
        page_url=page_url,
        kinds=INSTITUTION_KIND_NAMES,
        countries=_countries(),
        may_manage=may(current_user, "institution.manage"),
    )


@bp.route("/institutions/new", methods=["GET", "POST"])
@login_required
def new_institution():
    """Add an institution (staff)."""
    if not may(current_user, "institution.manage"):
        abort(403)
    form = InstitutionForm()
    countries = _countries()
    form.country.choices = as_choices([("", "—"), *sorted(countries.items(), key=lambda pair: pair[1].lower())])
    if form.validate_on_submit():
        made = service.create_institution(store(), form.name.data, form.name_ar.data, form.kind.data, form.country.data)
        if made:
            flash(_("The institution is added."), "success")
            return redirect(url_for("opportunities.institution", institution_id=made))
        form.name.errors.append(_("An institution of this name exists already."))
    return render_template("opportunities/institution_form.html", form=form), 422 if form.errors else 200


@bp.get("/institutions/<institution_id>")
@login_required
def institution(institution_id: str):
    """An institution: what it is, its representatives, its opportunities."""
    if not may(current_user, "institution.view"):
        abort(403)
    found = _institution_or_404(institution_id)
    rows, total = opportunity_queries.listing(
        store(), {"institution": institution_id, "status": "open", "current": True}, service.today(), 0, 50
    )
    return render_template(
        "opportunities/institution.html",
        found=found,
        institution=found["institution"],
        rows=rows,
        total=total,
        kinds=KIND_NAMES,
        institution_kinds=INSTITUTION_KIND_NAMES,
        countries=_countries(),
        representative_form=RepresentativeForm(),
        may_manage=may(current_user, "institution.manage"),
        may_post=may(current_user, "opportunity.post", found["institution"]),
    )


@bp.post("/institutions/<institution_id>/representatives")
@login_required
def grant(institution_id: str):
    """Make a member (by e-mail address) a representative of the institution (staff)."""
    if not may(current_user, "institution.manage"):
        abort(403)
    _institution_or_404(institution_id)
    form = RepresentativeForm()
    account = None
    if form.validate_on_submit():
        account = account_queries.member_by_email(store(), email_key(form.email.data))
    if account is None or not opportunity_queries.grant(
        store(), account["id"], institution_id, current_user.id, service.now_ms()
    ):
        flash(_("No active member has this e-mail address."), "error")
    else:
        flash(_("%(name)s now represents the institution.", name=account["display_name"]), "success")
    return redirect(url_for("opportunities.institution", institution_id=institution_id))


@bp.post("/institutions/<institution_id>/representatives/<member_id>/revoke")
@login_required
def revoke(institution_id: str, member_id: str):
    """The member no longer represents the institution (staff)."""
    if not may(current_user, "institution.manage"):
        abort(403)
    if opportunity_queries.revoke(store(), member_id, institution_id):
        flash(_("The member no longer represents the institution."), "success")
    return redirect(url_for("opportunities.institution", institution_id=institution_id))


def _opportunity_form() -> OpportunityForm:
    form = OpportunityForm()
    form.sectors.choices = as_choices(named(reference.listing(store(), "Sector"), localized))
    form.languages.choices = as_choices(named(reference.listing(store(), "Language"), localized))
    return form


@bp.route("/institutions/<institution_id>/opportunities/new", methods=["GET", "POST"])
@login_required
def post(institution_id: str):
    """A representative posts an opportunity for the institution."""
    found = _institution_or_404(institution_id)
    if not may(current_user, "opportunity.post", found["institution"]):
        abort(403)
    form = _opportunity_form()
    if request.method == "GET":
        form.languages.data = ["fr", "ar"]
    if form.validate_on_submit():
        opportunity_id = service.post(store(), institution_id, form.props([]), form.skill_names(), current_user)
        flash(_("The opportunity is posted: here are the experts who fit it best."), "success")
        return redirect(url_for("opportunities.show", opportunity_id=opportunity_id))
    return render_template(
        "opportunities/post.html", form=form, institution=found["institution"]
    ), 422 if form.errors else 200


@bp.get("/opportunities")
@login_required
def board():
    """Open opportunities: those that fit me first, then every current one, filtered by kind and sector."""
    if not may(current_user, "opportunity.view"):
        abort(403)
    kind = request.args.get("kind") if request.args.get("kind") in KIND_NAMES else None
    sector = (request.args.get("sector") or "")[:64] or None
    page = page_number()
    filters = {"status": "open", "kind": kind, "sector": sector, "current": True}
    rows, total = opportunity_queries.listing(store(), filters, service.today(), (page - 1) * PER_PAGE, PER_PAGE)
    return render_template(
        "opportunities/board.html",
        fitting=opportunity_queries.for_member(store(), current_user.id, service.today(), 10) if page == 1 else [],
        rows=rows,
        total=total,
        kind=kind,
        sector=sector,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        page_url=page_url,
        kinds=KIND_NAMES,
        sectors={node["id"]: localized(node) for node in reference.listing(store(), "Sector")},
        may_figures=may(current_user, "opportunity.figures"),
    )


@bp.get("/opportunities/<opportunity_id>")
@login_required
def show(opportunity_id: str):
    """An opportunity; for its institution's representatives, who is interested and the suggested experts."""
    found = _opportunity_or_404(opportunity_id)
    opportunity = found["opportunity"]
    manages = may(current_user, "opportunity.manage", opportunity)
    interested = opportunity_queries.interested(store(), opportunity_id)
    mine = next((row for row in interested if row["member"]["id"] == current_user.id), None)
    suggested = []
    if manages and opportunity["status"] == "open":
        already = [row["member"]["id"] for row in interested]
        suggested = service.suggestions(store(), opportunity, current_user, interested=already)
    shown = {"Skill": "skill_ids", "Sector": "sector_ids", "Language": "language_ids"}
    names = name_reasons(suggested, {label: set(opportunity.get(key) or []) for label, key in shown.items()})
    return render_template(
        "opportunities/show.html",
        found=found,
        opportunity=opportunity,
        status=service.shown_status(opportunity),
        interested=interested if manages else [],
        mine=mine,
        suggested=suggested,
        name_all=lambda label, ids: [names[label].get(i, i) for i in ids or []],
        kinds=KIND_NAMES,
        manages=manages,
        may_interest=may(current_user, "opportunity.interest", opportunity),
        interest_form=InterestForm(),
        outcome_form=OutcomeForm(),
    )


def _back(opportunity_id: str):
    return redirect(url_for("opportunities.show", opportunity_id=opportunity_id))


@bp.post("/opportunities/<opportunity_id>/interest")
@login_required
def interest(opportunity_id: str):
    """I am interested (with a word for the institution)."""
    found = _opportunity_or_404(opportunity_id, "opportunity.interest")
    form = InterestForm()
    if not form.validate_on_submit():
        flash(form_problems(form), "error")
    elif service.interest(store(), found["opportunity"], current_user, form.note.data or None) is None:
        flash(
            _("This opportunity no longer takes answers (its last day has passed, or it is filled or closed)."), "error"
        )
    else:
        flash(_("The institution knows you are interested."), "success")
    return _back(opportunity_id)


@bp.post("/opportunities/<opportunity_id>/withdraw")
@login_required
def withdraw(opportunity_id: str):
    """I am no longer interested."""
    _opportunity_or_404(opportunity_id, "opportunity.interest")
    if opportunity_queries.withdraw(store(), opportunity_id, current_user.id):
        flash(_("You are no longer listed as interested."), "success")
    return _back(opportunity_id)


@bp.post("/opportunities/<opportunity_id>/people/<member_id>/<action>")
@login_required
def decide(opportunity_id: str, member_id: str, action: str):
    """A representative shortlists someone interested, puts them back, or chooses an expert."""
    found = _opportunity_or_404(opportunity_id, "opportunity.manage")
    if action == "choose":
        done = service.choose(store(), found["opportunity"], member_id, current_user)
        message = _("The expert is chosen: they are told, and so are the others.")
    elif action in ("shortlist", "unshortlist"):
        state = "shortlisted" if action == "shortlist" else "interested"
        done = opportunity_queries.set_state(store(), opportunity_id, member_id, state)
        message = _("The shortlist is updated.")
    else:
        abort(404)
    if done:
        flash(message, "success")
    else:
        flash(_("Nothing changed: the opportunity is no longer open, or this member is not available."), "error")
    return _back(opportunity_id)


@bp.post("/opportunities/<opportunity_id>/close")
@login_required
def close(opportunity_id: str):
    """Close an opportunity without choosing anyone."""
    _opportunity_or_404(opportunity_id, "opportunity.manage")
    if opportunity_queries.close(store(), opportunity_id, service.now_ms()):
        flash(_("The opportunity is closed."), "success")
    return _back(opportunity_id)


@bp.post("/opportunities/<opportunity_id>/outcome")
@login_required
def outcome(opportunity_id: str):
    """How a filled opportunity ended, for the department's count."""
    _opportunity_or_404(opportunity_id, "opportunity.manage")
    form = OutcomeForm()
    if form.validate_on_submit() and opportunity_queries.record_outcome(
        store(), opportunity_id, form.outcome.data, service.now_ms()
    ):
        flash(_("Thank you: the outcome is recorded."), "success")
    else:
        flash(_("Choose an answer."), "error")
    return _back(opportunity_id)


@bp.get("/opportunities/figures")
@login_required
def figures():
    """What the board gives: opportunities by kind and status, outcomes, interest (staff)."""
    if not may(current_user, "opportunity.figures"):
        abort(403)
    return render_template("opportunities/figures.html", figures=service.figures(store()), kinds=KIND_NAMES)
