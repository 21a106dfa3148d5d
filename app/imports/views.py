"""The staff pages of imports: bring a file in, confirm its columns, follow the import, read its report,
download its rejected rows, undo it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import imports as import_queries
from graph import reference
from graph.accounts import EmailTaken
from graph.textkeys import name_keys

from .. import exports, jobs
from ..accounts import service as account_service
from ..accounts.forms import RegisterForm
from ..accounts.service import now_ms
from ..accounts.sessions import log_in
from ..audit import audited
from ..extensions import store
from ..i18n import localized
from ..permissions import may
from ..talent import review as talent_review
from ..validators import page_number
from . import claims, columns, service, staging
from .reading import ENCODINGS, MAX_BYTES, read_table

bp = Blueprint("imports", __name__)
PER_PAGE = 25
ROWS_PER_PAGE = 100
SAMPLE_ROWS = 5
REVIEW_PER_PAGE = 20


def _staff() -> None:
    if not may(current_user, "imports.manage"):
        abort(403)


def _batch_or_404(batch_id: str) -> dict:
    found = import_queries.batch(store(), batch_id)
    if found is None:
        abort(404)
    return found


def _contact_or_404(contact_id: str) -> dict:
    found = import_queries.contact(store(), contact_id)
    if found is None:
        abort(404)
    return found


def _index(form: dict | None = None, errors: dict | None = None, status: int = 200):
    page = page_number()
    batches, total = import_queries.batches(store(), page, PER_PAGE)
    return (
        render_template(
            "imports/index.html",
            batches=batches,
            page=page,
            pages=max(1, -(-total // PER_PAGE)),
            sources=import_queries.sources(store()),
            form=form or {"retention_days": "3650"},
            errors=errors or {},
            limit_mb=MAX_BYTES // 1024 // 1024,
            statuses=service.STATUS_NAMES,
        ),
        status,
    )


@bp.get("/imports")
@login_required
def index():
    """The imports, newest first, and the form to bring a file in."""
    _staff()
    return _index()


@bp.post("/imports")
@login_required
def upload():
    """Receive a file: read it (refused with the reason, the form kept), stage it, and ask for its columns."""
    _staff()
    upload_file = request.files.get("file")
    form = {key: request.form.get(key, "").strip() for key in ("source", "basis", "retention_days")}
    data, filename = (upload_file.read(), upload_file.filename or "") if upload_file else (b"", "")
    batch_id, errors = service.receive(store(), data, filename, form, current_user.id)
    if errors:
        return _index(form, errors, 422)
    return redirect(url_for("imports.mapping", batch_id=batch_id))


def _awaiting_columns(batch_id: str) -> dict | None:
    """A staged import whose columns are still to confirm (None once they were; 404 if unknown)."""
    _staff()
    batch = _batch_or_404(batch_id)
    return batch if batch["status"] == "mapping" else None


def _chosen_encoding(problems: list[str]) -> str:
    """The encoding asked for (``encoding`` in the query or form), "" to detect it; an unknown one is
    reported in ``problems`` and the file's own detected."""
    encoding = request.values.get("encoding", "")
    if encoding and encoding not in ENCODINGS:
        problems.append(_("Choose one of the encodings offered."))
        return ""
    return encoding


def _mapping_page(batch: dict, mapping: dict[int, str], problems: list[str], encoding: str, status: int = 200):
    table = read_table(staging.read(batch["id"]), batch["filename"], encoding)
    return (
        render_template(
            "imports/mapping.html",
            batch=batch,
            table=table,
            sample=table.rows[:SAMPLE_ROWS],
            mapping=mapping,
            fields=columns.FIELDS,
            problems=problems,
            encodings=ENCODINGS,
            encoding=encoding,
        ),
        status,
    )


@bp.get("/imports/<batch_id>/mapping")
@login_required
def mapping(batch_id: str):
    """The file's columns with the field each holds, guessed or as saved for its source, to confirm."""
    batch = _awaiting_columns(batch_id)
    if batch is None:
        return redirect(url_for("imports.batch", batch_id=batch_id))
    problems: list[str] = []
    encoding = _chosen_encoding(problems)
    headers = read_table(staging.read(batch_id), batch["filename"], encoding).headers
    proposed = service.proposed_mapping(store(), batch["source_id"], headers)
    return _mapping_page(batch, proposed, problems, encoding, 422 if problems else 200)


@bp.post("/imports/<batch_id>/mapping")
@login_required
def confirm(batch_id: str):
    """Take the confirmed columns (refused with what is wrong, the choices kept) and start the import."""
    batch = _awaiting_columns(batch_id)
    if batch is None:
        return redirect(url_for("imports.batch", batch_id=batch_id))
    chosen = {}
    for key, value in request.form.items():
        if key.startswith("column-") and value:
            try:
                chosen[int(key.removeprefix("column-"))] = value
            except ValueError:
                abort(400)
    problems: list[str] = []
    encoding = _chosen_encoding(problems)
    width = len(read_table(staging.read(batch_id), batch["filename"], encoding).headers)
    problems += columns.check(chosen, width)
    if problems:
        return _mapping_page(batch, chosen, problems, encoding, 422)
    service.start(store(), batch_id, chosen, encoding)
    flash(_("The import has started; this page follows it."), "success")
    return redirect(url_for("imports.batch", batch_id=batch_id))


@bp.get("/imports/<batch_id>")
@login_required
def batch(batch_id: str):
    """An import: its progress while it runs, then its counts and each row's outcome."""
    _staff()
    found = _batch_or_404(batch_id)
    outcome = request.args.get("outcome") or None
    if outcome is not None and outcome not in service.OUTCOMES:
        abort(404)
    page = page_number()
    rows = (
        import_queries.records(store(), batch_id, page, ROWS_PER_PAGE, outcome) if found["status"] != "mapping" else []
    )
    total = found["counts"].get(outcome, 0) if outcome else found["rows"]
    return render_template(
        "imports/batch.html",
        batch=found,
        source=import_queries.source(store(), found["source_id"]) or {},
        job=jobs.state(found["job_id"]) if found.get("job_id") else None,
        rows=rows,
        outcome=outcome,
        outcomes=service.OUTCOMES,
        outcome_names=service.OUTCOME_NAMES,
        statuses=service.STATUS_NAMES,
        describe=service.describe,
        page=page,
        pages=max(1, -(-total // ROWS_PER_PAGE)),
    )


@bp.get("/imports/<batch_id>/rejected.<fmt>")
@login_required
def rejected(batch_id: str, fmt: str):
    """The rows an import could not use, with the reasons, as CSV or XLSX (values neutralised)."""
    _staff()
    if fmt not in exports.FORMATS:
        abort(404)
    found = _batch_or_404(batch_id)
    headers, rows = service.rejected_table(store(), batch_id)
    return exports.download(headers, rows, fmt, f"jisr-import-rejected-{found['filename']}", "rejected")


@bp.post("/imports/<batch_id>/undo")
@login_required
def undo(batch_id: str):
    """Roll an import back (refused with the reason when it cannot be)."""
    _staff()
    _batch_or_404(batch_id)
    try:
        service.undo(store(), batch_id, now_ms())
    except service.ImportRefused as exc:
        flash(str(exc), "error")
    else:
        flash(_("The import was undone: the people, links and values it brought are gone."), "success")
    return redirect(url_for("imports.batch", batch_id=batch_id))


@bp.get("/imports/contacts")
@login_required
def contacts():
    """The people imports know who are not members: the newest first, or found by name (any spelling)."""
    _staff()
    query = (request.args.get("q") or "").strip()[:100]
    page = page_number()
    if query:
        found = import_queries.find_contacts(store(), name_keys(query))
    else:
        found = import_queries.newest_contacts(store(), page, PER_PAGE)
    total = import_queries.count_contacts(store())
    return render_template(
        "imports/contacts.html",
        contacts=found,
        query=query,
        page=page,
        pages=1 if query else max(1, -(-total // PER_PAGE)),
        total=total,
    )


@bp.get("/imports/contacts/<contact_id>")
@login_required
def contact(contact_id: str):
    """One contact: what the department holds about them and where each value came from (audited)."""
    _staff()
    found = _contact_or_404(contact_id)
    audited("imports.contact", contact_id)
    rows = import_queries.provenance(store(), contact_id)
    return render_template(
        "imports/contact.html",
        contact=found,
        rows=rows,
        origins=service.provenance_table(rows),
        fields=columns.FIELDS,
    )


@bp.post("/imports/contacts/<contact_id>/split")
@login_required
def split(contact_id: str):
    """Split one row off a contact into a contact of its own (a merge that was wrong), audited."""
    _staff()
    _contact_or_404(contact_id)
    try:
        new_id = service.split(store(), contact_id, request.form.get("record", ""), current_user.id)
    except service.ImportRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("imports.contact", contact_id=contact_id))
    audited("imports.split", contact_id)
    flash(_("The row is now a contact of its own."), "success")
    return redirect(url_for("imports.contact", contact_id=new_id))


@bp.post("/imports/contacts/<contact_id>/invite")
@login_required
def invite(contact_id: str):
    """E-mail a contact a single-use link to see what is held about them and claim it or have it deleted."""
    _staff()
    found = _contact_or_404(contact_id)
    if claims.invite(store(), found, current_user.id):
        flash(_("The invitation was sent to %(address)s.", address=found["emails"][0]), "success")
    else:
        flash(_("This contact has no e-mail address, or has already claimed their profile."), "error")
    return redirect(url_for("imports.contact", contact_id=contact_id))


def _claim_page(contact: dict, token: str, form: RegisterForm, status: int = 200):
    return (
        render_template(
            "imports/claim.html",
            contact=contact,
            token=token,
            form=form,
            origins=service.provenance_table(import_queries.provenance(store(), contact["id"])),
            fields=columns.FIELDS,
            copyable=claims.copyable(store(), contact),
            chosen=set(request.form.getlist("copy")) if request.method == "POST" else set(claims.COPYABLE),
        ),
        status,
    )


@bp.get("/claim/<token>")
def claim(token: str):
    """What the department holds about the invited person and where it came from; join or refuse."""
    found = claims.find(store(), token)
    if found is None:
        return render_template("imports/claim_gone.html"), 404
    form = RegisterForm(data={"email": found["emails"][0], "display_name": found.get("name") or ""})
    form.locale.data = request.accept_languages.best_match(["ar", "fr", "en"]) or "ar"
    return _claim_page(found, token, form)


@bp.post("/claim/<token>")
def accept_claim(token: str):
    """Register through the invitation (the name may be corrected; consent is asked): the contact becomes
    the new member's, the link is used up."""
    found = claims.find(store(), token)
    if found is None:
        return render_template("imports/claim_gone.html"), 404
    form = RegisterForm()
    form.email.data = found["emails"][0]  # the address the invitation went to
    if not form.validate_on_submit():
        return _claim_page(found, token, form, 422)
    try:
        account = account_service.register_from(store(), form, how="invitation")
    except EmailTaken:
        form.email.errors.append(_("An account with this e-mail address already exists. Log in instead?"))
        return _claim_page(found, token, form, 422)
    import_queries.mark_claimed(store(), found["id"], account.id, now_ms())
    claims.copy_into_profile(store(), account.id, found, set(request.form.getlist("copy")) & set(claims.COPYABLE))
    log_in(account)
    flash(_("Welcome to Jisr, %(name)s.", name=account.display_name), "success")
    return redirect(url_for("main.home"))


@bp.post("/claim/<token>/refuse")
def refuse_claim(token: str):
    """The invited person does not want the department to keep their information: it is deleted."""
    found = claims.find(store(), token)
    if found is None:
        return render_template("imports/claim_gone.html"), 404
    talent_review.forget_person(store(), found["id"], now_ms())
    import_queries.erase_contact(store(), found["id"])
    return render_template("imports/claim_refused.html")


@bp.get("/imports/review")
@login_required
def review():
    """Rows whose person is uncertain (possible matches, identifiers of several people), each beside the
    people it may be about with the fields that agree and differ, the score and why, for a person to decide."""
    _staff()
    page = page_number()
    waiting, total = import_queries.to_review(store(), page, REVIEW_PER_PAGE)
    people = import_queries.people_summary(store(), sorted({pid for row in waiting for pid in service.candidates(row)}))
    places = {}
    for label, field in (("City", "city_id"), ("Country", "country")):
        ids = {row["values"].get(field) for row in waiting} | {person.get(field) for person in people.values()}
        found = reference.names(store(), label, sorted(filter(None, ids)))
        places |= {pid: localized(node) for pid, node in found.items()}
    return render_template(
        "imports/review.html",
        rows=[(row, service.side_by_side(row, people, places)) for row in waiting],
        total=total,
        page=page,
        pages=max(1, -(-total // REVIEW_PER_PAGE)),
    )


@bp.post("/imports/review/<record_id>")
@login_required
def decide(record_id: str):
    """One decision: the row is about one of the people offered, or about someone new."""
    _staff()
    record = import_queries.record_to_review(store(), record_id)
    if record is None:
        flash(_("This row was decided already."), "error")
        return redirect(url_for("imports.review"))
    try:
        service.decide(store(), record, request.form.get("choice", ""), current_user.id)
    except service.ImportRefused as exc:
        flash(str(exc), "error")
    else:
        audited("imports.decide", record_id, request.form.get("choice", ""))
        flash(_("Row %(row)s is decided.", row=record["row"]), "success")
    return redirect(url_for("imports.review"))
