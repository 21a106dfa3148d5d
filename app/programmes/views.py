"""Programme pages: the catalogue, a programme, writing and changing one (every change a version), and the
eligibility check of a project described without saving it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import programmes as programme_queries
from graph import reference
from recommend.programmes import rules

from ..extensions import store
from ..i18n import localized
from ..permissions import may
from . import service, wording
from .forms import TEXT_LABELS, EligibilityForm, ProgrammeForm

bp = Blueprint("programmes", __name__)


def _programme_or_404(programme_id: str) -> dict:
    found = programme_queries.by_id(store(), programme_id) if len(programme_id) <= 40 else None
    if found is None:
        abort(404)
    return found


def _institution_names() -> dict[str, str]:
    return {row["id"]: localized(row) for row in reference.institutions(store())}


@bp.get("/programmes")
@login_required
def catalogue():
    """Every programme: open ones first, then those not open yet, then past ones (kept as history)."""
    if not may(current_user, "programme.view"):
        abort(403)
    found = service.catalogue(store())
    groups = {status: [p for p in found if p["status"] == status] for status in ("open", "upcoming", "closed")}
    return render_template(
        "programmes/catalogue.html", groups=groups, words=wording, may_edit=may(current_user, "programme.edit")
    )


@bp.get("/programmes/<programme_id>")
@login_required
def show(programme_id: str):
    """A programme in the reader's language: who runs it, for whom, what it gives, its conditions in words."""
    if not may(current_user, "programme.view"):
        abort(403)
    programme = _programme_or_404(programme_id)
    return _programme_page(programme, None)


def _programme_page(programme: dict, version: dict | None):
    names = _institution_names()
    may_edit = may(current_user, "programme.edit")
    return render_template(
        "programmes/show.html",
        programme=programme,
        version=version,
        status=service.status_of(programme),
        texts=TEXT_LABELS,
        partners=[names.get(i, i) for i in programme.get("institution_ids") or []],
        names=service.value_names(store()),
        words=wording,
        may_edit=may_edit,
        versions=programme_queries.versions(store(), programme["id"]) if may_edit else [],
    )


@bp.get("/programmes/<programme_id>/versions/<int:number>")
@login_required
def version(programme_id: str, number: int):
    """A programme as it was at one of its versions (staff)."""
    if not may(current_user, "programme.edit"):
        abort(403)
    found = programme_queries.version(store(), programme_id, number) if len(programme_id) <= 40 else None
    if found is None:
        abort(404)
    return _programme_page(found["programme"], found)


def _form(formdata=None) -> ProgrammeForm:
    form = ProgrammeForm(formdata=formdata) if formdata is not None else ProgrammeForm()
    names = _institution_names()
    form.institution_ids.choices = sorted(names.items(), key=lambda pair: pair[1].lower())
    return form


def _save(form: ProgrammeForm, programme: dict | None):
    """Check the rules, keep the programme; the page again with every problem when something is wrong."""
    try:
        checked = service.parse_rules(form.rules.data, service.known_values(store()))
    except rules.RuleError as error:
        form.rules.errors = [wording.problem(code, params) for code, params in error.problems]
        return None
    programme_id = programme["id"] if programme else form.programme_id.data
    if programme is None and not programme_id:
        form.programme_id.errors = [_("Give the programme an identifier.")]
        return None
    expected = None
    if programme is not None:
        expected = int(form.version.data) if (form.version.data or "").isdigit() else -1
    saved = service.save(store(), programme_id, form.props(checked), current_user, form.note.data or "", expected)
    if saved is None:
        if programme is None:
            form.programme_id.errors = [_("A programme already has this identifier.")]
        else:
            form.form_errors.append(
                _("Someone changed this programme while you were editing it: open it again to see their change.")
            )
        return None
    flash(_("The programme is saved (version %(version)d).", version=saved), "success")
    return redirect(url_for("programmes.show", programme_id=programme_id))


@bp.route("/programmes/new", methods=["GET", "POST"])
@login_required
def create():
    """Add a programme (staff)."""
    if not may(current_user, "programme.edit"):
        abort(403)
    form = _form()
    if request.method == "GET":
        form.rules.data = '{\n  "conditions": []\n}'
    elif form.validate_on_submit():
        done = _save(form, None)
        if done is not None:
            return done
    return render_template(
        "programmes/form.html", form=form, programme=None, texts=TEXT_LABELS
    ), 422 if request.method == "POST" else 200


@bp.route("/programmes/<programme_id>/edit", methods=["GET", "POST"])
@login_required
def edit(programme_id: str):
    """Change a programme (staff): its texts, dates and rules; the change becomes a new version."""
    if not may(current_user, "programme.edit"):
        abort(403)
    programme = _programme_or_404(programme_id)
    form = _form()
    if request.method == "GET":
        form.fill(programme)
    elif form.validate_on_submit():
        done = _save(form, programme)
        if done is not None:
            return done
    return render_template(
        "programmes/form.html", form=form, programme=programme, texts=TEXT_LABELS
    ), 422 if request.method == "POST" else 200


@bp.route("/programmes/eligibility", methods=["GET", "POST"])
@login_required
def check():
    """Try a project against every open programme before (or without) saving it."""
    if not may(current_user, "programme.check"):
        abort(403)
    names = service.value_names(store())
    form = EligibilityForm()
    form.fill_choices(names)
    assessments = unruled = None
    if form.validate_on_submit():
        assessments, unruled = service.assess(store(), form.facts())
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template(
        "programmes/check.html", form=form, assessments=assessments, unruled=unruled, names=names, words=wording
    ), status
