"""The talent watch's pages (staff): the leads waiting for a decision with their evidence (``/talent``), and
the sources with how their last runs went (``/talent/sources``)."""

import math
import re
import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from graph import talent as talent_queries
from recommend.talent.items import KINDS

from .. import jobs
from ..audit import audited
from ..extensions import store
from ..permissions import may
from ..validators import page_number
from . import TASK, fetching, now_ms, review

bp = Blueprint("talent", __name__)
PER_PAGE = 20
STATUSES = {"new": _l("To decide"), "follow": _l("Followed"), "accepted": _l("Accepted")}
KIND_NAMES = {
    "feed": _l("News feed (RSS or Atom)"),
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
SAMPLES = (
    ("sample-news-ar", "أخبار الكفاءات (عينة)", "feed", "news_ar.xml"),
    ("sample-news-fr", "Actualités des talents (exemple)", "feed", "news_fr.xml"),
    ("sample-news-en", "Talent news (sample)", "feed", "news_en.xml"),
    ("sample-prizes", "Prize winners (sample list)", "csv", "prizes.csv"),
    ("sample-works", "Scholarly works (sample)", "works", "works.json"),
)


@bp.before_request
@login_required
def staff_only():
    """Every page here is the department's."""
    if not may(current_user, "talent.manage"):
        abort(403)


@bp.get("/talent")
def leads():
    """Leads of a status (to decide by default), of a source or language, newest and strongest first."""
    status = request.args.get("status") if request.args.get("status") in STATUSES else "new"
    sources = {source["id"]: source for source in talent_queries.sources(store())}
    source = request.args.get("source") if request.args.get("source") in sources else None
    language = request.args.get("language") if request.args.get("language") in ("ar", "fr", "en") else None
    page = page_number()
    found, total = talent_queries.leads(store(), [status], source, language, page, PER_PAGE)
    audited("talent.leads", status, f"source={source}; language={language}; page {page}")
    return render_template(
        "talent/leads.html",
        leads=found,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PER_PAGE)),
        status=status,
        statuses=STATUSES,
        sources=sources,
        source=source,
        language=language,
        signal_names=SIGNAL_NAMES,
    )


def _lead_or_404(lead_id: str) -> dict:
    found = talent_queries.lead(store(), lead_id)
    if found is None:
        abort(404)
    return found


@bp.post("/talent/leads/<lead_id>/<decision>")
def decide(lead_id: str, decision: str):
    """Accept (a contact, linked to whoever is known), follow, or reject for good."""
    lead = _lead_or_404(lead_id)
    if decision == "accept":
        batch = review.accept(store(), lead, current_user.id, now_ms())
        flash(_("%(name)s is now a contact, with this source as provenance.", name=lead["name"]), "success")
        if batch.get("status") != "done":
            flash(_("The contact could not be made: %(error)s", error=batch.get("error") or ""), "error")
    elif decision == "follow":
        talent_queries.set_status(store(), lead_id, "follow", now_ms())
        flash(_("%(name)s is followed.", name=lead["name"]), "success")
    elif decision == "reject":
        review.reject(store(), lead, now_ms())
        flash(_("%(name)s will not be proposed again.", name=lead["name"]), "success")
    else:
        abort(404)
    audited("talent." + decision, lead_id)
    return redirect(request.referrer if _local(request.referrer) else url_for("talent.leads"))


def _local(target: str | None) -> bool:
    return bool(target) and target.startswith(request.host_url)


@bp.route("/talent/sources", methods=["GET", "POST"])
def sources():
    """The sources and their last runs; a form adds one (what was typed stays after an error)."""
    typed, errors = {}, {}
    if request.method == "POST":
        typed = {name: (request.form.get(name) or "").strip() for name in ("name", "kind", "location")}
        errors = _check(typed)
        if not errors:
            source_id = re.sub(r"[^a-z0-9]+", "-", typed["name"].lower()).strip("-")[:40] or uuid.uuid4().hex[:8]
            talent_queries.save_source(store(), {"id": source_id, **typed}, now_ms())
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


def _check(typed: dict) -> dict[str, str]:
    errors = {}
    if not typed["name"] or len(typed["name"]) > 120:
        errors["name"] = _("Name the source (at most 120 characters).")
    if typed["kind"] not in KINDS:
        errors["kind"] = _("Choose what the source gives.")
    location = typed["location"]
    is_sample = (fetching.SAMPLES / location).is_file() and "/" not in location
    if not (re.match(r"^https?://[^\s/]+\.[^\s]+$", location) or is_sample):
        errors["location"] = _("An http(s) address, or the name of a sample file the project ships.")
    return errors


@bp.post("/talent/sources/samples")
def add_samples():
    """Add the sample sources the project ships (news in three languages, a prize list, scholarly works)."""
    for source_id, name, kind, location in SAMPLES:
        talent_queries.save_source(
            store(), {"id": source_id, "name": name, "kind": kind, "location": location}, now_ms()
        )
    flash(_("The sample sources are added."), "success")
    return redirect(url_for("talent.sources"))


@bp.post("/talent/sources/run")
def run():
    """Ask the job worker to read every source now."""
    jobs.enqueue(TASK, unique=True)
    flash(_("The sources will be read within a minute."), "success")
    return redirect(url_for("talent.sources"))
