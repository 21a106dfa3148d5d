"""The talent watch's pages (staff): the leads waiting for a decision with their evidence (``/talent``), and
the sources with how their last runs went (``/talent/sources``)."""

import math

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from graph import imports as import_queries
from graph import reference
from graph import segments as segment_queries
from graph import talent as talent_queries

from .. import jobs
from ..audit import audited
from ..extensions import store
from ..permissions import may
from ..validators import page_number
from . import TASK, alerting, now_ms, review, source_input

bp = Blueprint("talent", __name__)
PER_PAGE = 20
STATUSES = dict(zip(review.LISTED, (_l("To decide"), _l("Followed"), _l("Accepted")), strict=True))
LANGUAGES = {"ar": _l("Arabic"), "fr": _l("French"), "en": _l("English")}
KIND_NAMES = {
    "feed": _l("News feed (RSS or Atom)"),
    "page": _l("Web page (an article)"),
    "csv": _l("List (CSV)"),
    "works": _l("Scholarly works (OpenAlex-shaped JSON)"),
    "profiles": _l("Researcher profiles (ORCID-shaped JSON)"),
}
SIGNAL_NAMES = {
    "said_moroccan": _l("Said to be Moroccan"),
    "said_other_maghreb": _l("Said to be of another Maghreb country"),
    "moroccan_institution": _l("A Moroccan institution in their career"),
    "abroad": _l("Lives or works abroad"),
    "in_morocco": _l("Lives or works in Morocco"),
    "maghreb_name": _l("A name Moroccans in Jisr bear"),
}


@bp.before_request
@login_required
def staff_only():
    """Every page here is the department's."""
    if not may(current_user, "talent.manage"):
        abort(403)


def _vocabulary() -> dict:
    """Sector and country names for the filters and the leads shown."""
    db = store()
    return {
        "sectors": {row["id"]: row for row in reference.listing(db, "Sector")},
        "countries": {row["id"]: row for row in reference.listing(db, "Country")},
    }


@bp.get("/talent")
def leads():
    """Leads of a status (to decide by default), of a source, language, sector or country, newest and
    strongest first. Unknown filter values are ignored (and said so)."""
    status = request.args.get("status") if request.args.get("status") in STATUSES else "new"
    sources = {source["id"]: source for source in talent_queries.sources(store())}
    vocabulary = _vocabulary()
    allowed = {
        "source": sources,
        "language": LANGUAGES,
        "sector": vocabulary["sectors"],
        "country": vocabulary["countries"],
    }
    filters, ignored = {}, []
    for name, values in allowed.items():
        value = (request.args.get(name) or "").strip()
        if value in values:
            filters[name] = value
        elif value:
            ignored.append(name)
    if ignored:
        flash(_("Some filters were not understood and are ignored."), "warning")
    page = page_number()
    found, total = talent_queries.leads(store(), [status], filters, page, PER_PAGE)
    skills = reference.names(store(), "Skill", {skill for lead in found for skill in lead["skills"]})
    audited("talent.leads", status, f"{filters}; page {page}")
    return render_template(
        "talent/leads.html",
        leads=found,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PER_PAGE)),
        status=status,
        statuses=STATUSES,
        sources=sources,
        filters=filters,
        languages=LANGUAGES,
        skills=skills,
        signal_names=SIGNAL_NAMES,
        **vocabulary,
    )


@bp.get("/talent/leads/<lead_id>")
def lead(lead_id: str):
    """One lead: its evidence, why its sector and skills, the leads merged into it and those bearing the same
    name (which may be merged into it); once accepted, the contact or member it became."""
    found = _lead_or_404(lead_id)
    if found["status"] == "merged":
        return redirect(url_for("talent.lead", lead_id=found["merged_into"]))
    audited("talent.lead", lead_id)
    return _lead_page(found)


def _lead_page(found: dict, typed_email: str = "", email_error: str | None = None):
    db = store()
    merged, namesakes = talent_queries.merged_into(db, found["id"]), talent_queries.same_name(db, found)
    skills = reference.names(db, "Skill", {s for one in [found, *merged, *namesakes] for s in one["skills"]})
    person = found.get("person_id")
    return render_template(
        "talent/lead.html",
        lead=found,
        statuses=STATUSES,
        merged=merged,
        namesakes=namesakes,
        skills=skills,
        contact=import_queries.contact(db, person) if person else None,
        sources={source["id"]: source for source in talent_queries.sources(db)},
        signal_names=SIGNAL_NAMES,
        typed_email=typed_email,
        email_error=email_error,
        **_vocabulary(),
    ), (422 if email_error else 200)


@bp.post("/talent/leads/<lead_id>/merge")
def merge(lead_id: str):
    """Merge another lead (the same person, ``other`` in the form) into this one."""
    _lead_or_404(lead_id)
    other = _lead_or_404((request.form.get("other") or "").strip()[:40] or "-")
    if talent_queries.merge(store(), other["id"], lead_id, now_ms()):
        audited("talent.merge", lead_id, other["id"])
        flash(_("%(name)s: the two leads are now one.", name=other["name"]), "success")
    else:
        flash(_("These leads cannot be merged (one of them is already decided)."), "error")
    return redirect(url_for("talent.lead", lead_id=lead_id))


def _lead_or_404(lead_id: str) -> dict:
    found = talent_queries.lead(store(), lead_id)
    if found is None:
        abort(404)
    return found


@bp.post("/talent/leads/<lead_id>/<decision>")
def decide(lead_id: str, decision: str):
    """Accept (a contact, linked to whoever is known), follow, or reject for good."""
    lead = _lead_or_404(lead_id)
    if decision not in review.DECISIONS:
        abort(404)
    email = (request.form.get("email") or "").strip()
    if decision == "accept" and email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            return _lead_page(lead, email, _("This e-mail address is not valid."))
    outcome = review.decide(store(), lead, decision, current_user.id, now_ms(), email or None)
    if outcome["error"]:
        flash(outcome["error"], "error")
    else:
        flash(outcome["message"], "success")
    return redirect(request.referrer if _local(request.referrer) else url_for("talent.leads"))


def _local(target: str | None) -> bool:
    return bool(target) and target.startswith(request.host_url)


@bp.route("/talent/alerts", methods=["GET", "POST"])
def alerts():
    """My alerts: a notice when new leads match a segment I see, or the department's priorities."""
    db, error = store(), None
    if request.method == "POST":
        choice = (request.form.get("alert") or "").strip()
        kind, _sep, segment_id = choice.partition(":")
        try:
            alerting.subscribe(db, current_user, kind, segment_id or None, now_ms())
            flash(_("Alert added: you will get a notice when new leads match it."), "success")
            return redirect(url_for("talent.alerts"))
        except alerting.AlertError as refused:
            error = str(refused)
    segments, _total = segment_queries.visible(db, current_user.id, 1, 200)
    return render_template(
        "talent/alerts.html", alerts=talent_queries.alerts_of(db, current_user.id), segments=segments, error=error
    ), (422 if error else 200)


@bp.post("/talent/alerts/<alert_id>/delete")
def delete_alert(alert_id: str):
    """Remove one of my alerts."""
    if not talent_queries.delete_alert(store(), alert_id, current_user.id):
        abort(404)
    flash(_("Alert removed."), "success")
    return redirect(url_for("talent.alerts"))


@bp.route("/talent/sources", methods=["GET", "POST"])
def sources():
    """The sources and their last runs; a form adds one (what was typed stays after an error)."""
    typed, errors = {}, {}
    if request.method == "POST":
        typed = {name: (request.form.get(name) or "").strip() for name in ("name", "kind", "location")}
        errors = source_input.check(typed)
        if not errors:
            source_input.add(store(), typed, now_ms())
            flash(_("Source “%(name)s” added: it is read at the next run.", name=typed["name"]), "success")
            return redirect(url_for("talent.sources"))
    return render_template(
        "talent/sources.html",
        sources=talent_queries.sources(store()),
        kinds=KIND_NAMES,
        typed=typed,
        errors=errors,
        job=jobs.latest(TASK),
    ), (422 if errors else 200)


@bp.post("/talent/sources/samples")
def add_samples():
    """Add the sample sources the project ships (news in three languages, a prize list, scholarly works)."""
    source_input.add_samples(store(), now_ms())
    flash(_("The sample sources are added."), "success")
    return redirect(url_for("talent.sources"))


@bp.post("/talent/sources/run")
def run():
    """Ask the job worker to read every source now."""
    jobs.enqueue(TASK, unique=True)
    flash(_("The sources will be read within a minute."), "success")
    return redirect(url_for("talent.sources"))
