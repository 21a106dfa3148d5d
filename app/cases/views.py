"""Guidance case pages: the leader's cases and opening one; a case with its steps, history, documents and
messages; the guidance unit's queue and the department's figures."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import cases as case_queries
from graph import conversations as conversation_queries
from graph.cases import STEPS

from ..access import require
from ..audit import audited
from ..directory import page_url
from ..extensions import store
from ..i18n import localized
from ..permissions import may
from ..programmes.service import value_names
from ..reasons import form_problems
from ..validators import as_choices, page_number
from . import documents, service
from .forms import HELP_NAMES, SATISFACTION_NAMES, STEP_NAMES, AssignForm, CaseForm, EntryForm, RateForm, StepForm

bp = Blueprint("cases", __name__)
PER_PAGE = 30


def _case_or_404(case_id: str, action: str = "case.view") -> dict:
    found = case_queries.by_id(store(), case_id) if len(case_id) <= 64 else None
    return require(found, action, "case")


@bp.get("/guidance")
@login_required
def mine():
    """The leader's cases and the way to open one; the guidance unit's way to its queue."""
    if not may(current_user, "case.open"):
        abort(403)
    return render_template(
        "cases/mine.html",
        rows=case_queries.of_leader(store(), current_user.id),
        steps=STEP_NAMES,
        may_queue=may(current_user, "case.queue"),
    )


def _case_form(formdata=None) -> CaseForm:
    form = CaseForm(formdata=formdata) if formdata is not None else CaseForm()
    names = value_names(store())
    for field in ("sector", "region"):
        pairs = sorted(names[field].items(), key=lambda pair: pair[1].lower())
        getattr(form, field).choices = as_choices([("", "—"), *pairs])
    projects = service.leader_projects(store(), current_user.id)
    form.project.choices = as_choices([("", "—"), *((p["id"], p["title"]) for p in projects)])
    return form


@bp.route("/guidance/new", methods=["GET", "POST"])
@login_required
def open_case():
    """A project leader asks the guidance unit for help."""
    if not may(current_user, "case.open"):
        abort(403)
    form = _case_form()
    chosen = request.args.get("project")
    if request.method == "GET" and chosen:
        project = next((p for p in service.leader_projects(store(), current_user.id) if p["id"] == chosen), None)
        if project:
            form.process(
                data={
                    "project": project["id"],
                    "title": project["title"],
                    "sector": project.get("sector_id"),
                    "region": project.get("region_id"),
                    "stage": project.get("stage"),
                }
            )
    if form.validate_on_submit():
        case_id = service.open_case(store(), current_user, form.props())
        flash(_("Your case is open: an adviser of the guidance unit will answer you."), "success")
        return redirect(url_for("cases.show", case_id=case_id))
    return render_template("cases/open.html", form=form), 422 if form.errors else 200


@bp.get("/guidance/cases/<case_id>")
@login_required
def show(case_id: str):
    """A case: where it stands, its history (private notes for the guidance unit), documents and actions."""
    found = _case_or_404(case_id)
    case = found["case"]
    unit = may(current_user, "case.notes", case)
    if unit and case["leader_id"] != current_user.id:
        audited("case.view", case["leader_id"], f"case {case_id}")
    step_form = StepForm()
    step_form.step.data = case["step"] if case["step"] != "triage" else "orientation"
    assign_form = AssignForm()
    advisers = case_queries.advisers(store()) if may(current_user, "case.work", case) else []
    assign_form.adviser.choices = as_choices(
        [("", "—")]
        + [(a["id"], _("%(name)s (%(count)d open)", name=a["name"], count=a["open_cases"])) for a in advisers]
    )
    return render_template(
        "cases/show.html",
        found=found,
        case=case,
        entries=case_queries.entries(store(), case_id, private=unit),
        documents=case_queries.documents(store(), case_id),
        steps=STEPS,
        step_names=STEP_NAMES,
        help_asked=[str(HELP_NAMES.get(h, h)) for h in case.get("help") or []],
        satisfaction_names=SATISFACTION_NAMES,
        names=value_names(store()),
        entry_form=EntryForm(),
        step_form=step_form,
        assign_form=assign_form,
        rate_form=RateForm(),
        unit=unit,
        may_work=may(current_user, "case.work", case),
        may_write=may(current_user, "case.write", case),
        may_rate=may(current_user, "case.rate", case),
        max_mb=documents.max_bytes() // (1024 * 1024),
        now=service.now_ms(),
    )


def _back(case_id: str):
    return redirect(url_for("cases.show", case_id=case_id))


@bp.post("/guidance/cases/<case_id>/assign")
@login_required
def assign(case_id: str):
    """Give the case to an adviser (the guidance unit)."""
    case = _case_or_404(case_id, "case.work")["case"]
    form = AssignForm()
    form.adviser.choices = as_choices([(a["id"], a["name"]) for a in case_queries.advisers(store())])
    if not form.validate_on_submit() or service.assign(store(), case, form.adviser.data, current_user) is None:
        flash(_("Choose an adviser of the guidance unit; a closed case cannot be given to anyone."), "error")
    else:
        flash(_("The case is assigned."), "success")
    return _back(case_id)


@bp.post("/guidance/cases/<case_id>/step")
@login_required
def step(case_id: str):
    """Move the case to another step, or close it."""
    case = _case_or_404(case_id, "case.work")["case"]
    form = StepForm()
    if not form.validate_on_submit():
        flash(form_problems(form), "error")
    elif service.move(store(), case, form.step.data, form.text.data or None, current_user) is None:
        flash(_("The case is already at this step, or closed."), "error")
    else:
        flash(_("The case moved to: %(step)s.", step=STEP_NAMES[form.step.data]), "success")
    return _back(case_id)


@bp.post("/guidance/cases/<case_id>/write")
@login_required
def write(case_id: str):
    """An update (the other side is told) or a private note of the guidance unit."""
    found = _case_or_404(case_id, "case.write")
    form = EntryForm()
    if not form.validate_on_submit():
        flash(form_problems(form), "error")
        return _back(case_id)
    service.write(store(), found["case"], form.kind.data, form.text.data, current_user)
    flash(_("Written."), "success")
    return _back(case_id)


@bp.post("/guidance/cases/<case_id>/documents")
@login_required
def upload(case_id: str):
    """Add a document to an open case."""
    found = _case_or_404(case_id, "case.write")
    upload_file = request.files.get("document")
    if upload_file is None or not upload_file.filename:
        flash(_("Choose a file to send."), "error")
        return _back(case_id)
    try:
        data = upload_file.stream.read(documents.max_bytes() + 1)
        document = service.add_document(store(), found["case"], upload_file.filename, data, current_user)
    except documents.DocumentRefused as refused:
        flash(str(refused.reason), "error")
        return _back(case_id)
    flash(_("The document %(name)s is added.", name=document["name"]), "success")
    return _back(case_id)


@bp.get("/guidance/documents/<document_id>")
@login_required
def document(document_id: str):
    """A case's document, for the case's people only, as a download."""
    found = case_queries.document(store(), document_id) if len(document_id) <= 64 else None
    if found is None:
        abort(404)
    case = _case_or_404(found["case_id"])["case"]
    path = documents.path_of(case["id"], document_id)
    if not path.exists():
        abort(404)
    if case["leader_id"] != current_user.id:
        audited("case.document", case["leader_id"], f"document {document_id}")
    return send_file(
        path, mimetype=found["document"]["media_type"], as_attachment=True, download_name=found["document"]["name"]
    )


@bp.post("/guidance/cases/<case_id>/rate")
@login_required
def rate(case_id: str):
    """The leader says how satisfied they are with the closed case."""
    case = _case_or_404(case_id, "case.rate")["case"]
    form = RateForm()
    if form.validate_on_submit() and service.rate(store(), case, current_user, int(form.rating.data), form.note.data):
        flash(_("Thank you for your answer."), "success")
    else:
        flash(_("Choose an answer."), "error")
    return _back(case_id)


@bp.post("/guidance/cases/<case_id>/conversation")
@login_required
def conversation(case_id: str):
    """The conversation between the leader and the case's adviser (once an adviser is assigned)."""
    found = _case_or_404(case_id, "case.write")
    case = found["case"]
    if not case.get("adviser_id") or current_user.id not in (case["leader_id"], case["adviser_id"]):
        flash(_("Messages open once an adviser takes the case, between the leader and that adviser."), "error")
        return _back(case_id)
    conversation_id = conversation_queries.case_conversation(
        store(), case_id, case["title"], case["leader_id"], case["adviser_id"], service.new_id(), service.now_ms()
    )
    return redirect(url_for("messages.conversation", conversation_id=conversation_id))


@bp.get("/guidance/queue")
@login_required
def queue():
    """The guidance unit's cases by step, adviser, region and sector, the longest waiting first."""
    if not may(current_user, "case.queue"):
        abort(403)
    filters = {name: request.args.get(name) for name in ("step", "adviser", "region", "sector")}
    filters = {name: (value if value is not None and len(value) <= 64 else None) for name, value in filters.items()}
    filters["open"] = request.args.get("all") != "1"
    page = page_number()
    rows, total, facets = case_queries.queue(store(), filters, (page - 1) * PER_PAGE, PER_PAGE)
    audited("case.queue", "", f"{filters}; page {page}")
    advisers = {a["id"]: a["name"] for a in case_queries.advisers(store())}
    return render_template(
        "cases/queue.html",
        rows=rows,
        total=total,
        facets=facets,
        filters=filters,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        page_url=page_url,
        step_names=STEP_NAMES,
        advisers=advisers,
        names=value_names(store()),
        now=service.now_ms(),
    )


@bp.get("/guidance/figures")
@login_required
def figures():
    """The department's figures of the guidance unit (no group under five cases shown)."""
    if not may(current_user, "case.statistics"):
        abort(403)
    advisers = {a["id"]: a["name"] for a in case_queries.advisers(store())}
    return render_template(
        "cases/figures.html",
        figures=service.figures(store()),
        step_names=STEP_NAMES,
        advisers=advisers,
        names=value_names(store()),
        localized=localized,
    )
