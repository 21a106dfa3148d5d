"""Project pages: the directory, a project, describing and editing it, asking for mentoring."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import members as member_queries
from graph import mentorships as mentorship_queries
from graph import programmes as programme_queries
from graph import projects as project_queries
from graph import reference
from graph.textkeys import fold

from ..access import require
from ..directory import page_url
from ..extensions import store
from ..i18n import localized
from ..members.service import resolve_city, unknown_city
from ..permissions import may
from ..programmes import service as programme_service
from ..programmes import wording as programme_words
from ..reasons import name_reasons
from ..validators import as_choices
from . import service
from .forms import MentoringRequestForm, ProjectForm, named
from .mentoring_forms import STATUS_NAMES, InviteForm
from .names import FORMAT_NAMES, STAGE_NAMES

MOROCCO = "MA"  # projects are in Morocco: its places come first and are meant first
bp = Blueprint("projects", __name__)
PER_PAGE = 20
FILTERS = ("sector", "region", "stage", "programme")


def _project_or_404(project_id: str, action: str = "project.view") -> dict:
    found = project_queries.by_id(store(), project_id) if len(project_id) <= 64 else None
    return require(found, action, "project")


def _names(label: str) -> dict[str, str]:
    return {node["id"]: localized(node) for node in reference.listing(store(), label)}


def _project_form(formdata=None) -> ProjectForm:
    form = ProjectForm(formdata=formdata) if formdata is not None else ProjectForm()
    form.fill_choices(
        reference.listing(store(), "Sector"),
        reference.listing(store(), "Region"),
        programme_service.programme_names(store()),
        localized,
    )
    return form


@bp.get("/projects")
@login_required
def index():
    """Projects of the diaspora in Morocco, newest first, filtered by sector, region, stage and programme."""
    if not may(current_user, "project.view", {}):
        abort(403)
    filters = {name: request.args.get(name) or None for name in FILTERS}
    typed = (request.args.get("q") or "").strip()[:100]
    filters["q"] = fold(typed) or None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows, total, facets = project_queries.search(store(), filters, (page - 1) * PER_PAGE, PER_PAGE)
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)

    return render_template(
        "projects/index.html",
        rows=rows,
        total=total,
        facets=facets,
        filters=filters,
        typed=typed,
        page=page,
        pages=pages,
        page_url=page_url,
        names={
            "sector": _names("Sector"),
            "region": _names("Region"),
            "stage": STAGE_NAMES,
            "programme": programme_service.programme_names(store()),
        },
    )


def _save(form: ProjectForm, project_id: str | None, template_args: dict):
    city_id, known = resolve_city(store(), form.city.data, form.city_id.data, prefer=MOROCCO)
    if not known:
        form.city.errors.append(unknown_city(store(), form.city.data, prefer=MOROCCO))
        return render_template("projects/form.html", form=form, **template_args), 422
    leader_id = current_user.id if project_id is None else template_args["leader_id"]
    saved = service.save_project(store(), leader_id, form.props(city_id), project_id)
    flash(_("The project is saved."), "success")
    return redirect(url_for("projects.show", project_id=saved))


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def create():
    """Describe a new project: its leader is the person writing it."""
    if not may(current_user, "project.create"):
        abort(403)
    form = _project_form()
    if form.validate_on_submit():
        return _save(form, None, {"project": None})
    return render_template("projects/form.html", form=form, project=None), 422 if form.errors else 200


@bp.route("/projects/<project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: str):
    """Change a project (its leader, or the department)."""
    found = _project_or_404(project_id, "project.edit")
    project = found["project"]
    form = _project_form()
    if request.method == "GET":
        form.process(
            data={
                **project,
                "sector": project.get("sector_id"),
                "region": project.get("region_id"),
                "city": (found["city"] or {}).get("name"),
                "city_id": project.get("city_id"),
            }
        )
    elif form.validate_on_submit():
        return _save(form, project_id, {"project": project, "leader_id": project["leader_id"]})
    return render_template("projects/form.html", form=form, project=project), 422 if form.errors else 200


@bp.get("/projects/<project_id>")
@login_required
def show(project_id: str):
    """A project; for its leader, the mentoring requests with the mentors suggested for each."""
    found = _project_or_404(project_id)
    catalogue = programme_queries.listing(store())  # read once: the programmes' names and the eligibility
    programme_names = programme_service.programme_names(store(), catalogue)
    requests = project_queries.requests(store(), project_id)
    sees_mentors = may(current_user, "project.see_mentors", found["project"])
    suggestions = {}
    if sees_mentors and found["project"]["leader_id"] == current_user.id:  # ranked from the leader's own place
        for asked in requests:
            if asked["status"] == "open":
                suggestions[asked["id"]] = service.suggested_mentors(store(), asked, current_user)
    _name_everything(requests, suggestions)
    suggested_partners = None
    if sees_mentors:
        suggested_partners = service.suggested_partners(store(), found["project"])
        ids = [p.id for p in suggested_partners["institutions"]]
        institutions = reference.names(store(), "Institution", ids)
        for partner in suggested_partners["institutions"]:
            partner.item = institutions.get(partner.id)
        facts = programme_service.project_facts(found["project"], found["leader"])
        assessments, unruled = programme_service.assess(store(), facts, catalogue)
    else:
        assessments = unruled = None
    invited = {}
    if sees_mentors:
        for row in mentorship_queries.of_project(store(), project_id):
            invited.setdefault(row["mentorship"]["request_id"], []).append(row)
    return render_template(
        "projects/show.html",
        found=found,
        project=found["project"],
        requests=requests,
        suggestions=suggestions,
        invited=invited,
        partners=suggested_partners,
        assessments=assessments,
        unruled=unruled,
        value_names=programme_service.value_names(store()) if sees_mentors else {},
        programme_words=programme_words,
        sector_names=_names("Sector"),
        region_names=_names("Region"),
        invite_form=InviteForm(),
        stage_names=STAGE_NAMES,
        status_names=STATUS_NAMES,
        programmes=[programme_names.get(p, p) for p in found["project"].get("programmes") or []],
        format_names=FORMAT_NAMES,
        may_edit=may(current_user, "project.edit", found["project"]),
        may_ask=may(current_user, "project.request_mentoring", found["project"]),
    )


def _name_everything(requests: list[dict], suggestions: dict) -> None:
    """Give requests and reasons the names of their skills, sectors and languages in the reader's language."""
    asked_skills = {i for asked in requests for i in asked.get("skill_ids") or []}
    ranked = [suggestion for ranking in suggestions.values() for suggestion in ranking]
    names = name_reasons(ranked, {"Skill": asked_skills})
    for asked in requests:
        asked["skill_names"] = [names["Skill"].get(i, i) for i in asked.get("skill_ids") or []]


@bp.route("/projects/<project_id>/mentoring", methods=["GET", "POST"])
@login_required
def ask(project_id: str):
    """The leader asks for mentoring: skills, sectors, languages, format, duration."""
    found = _project_or_404(project_id, "project.request_mentoring")
    form = MentoringRequestForm()
    sectors = reference.listing(store(), "Sector")
    languages = reference.listing(store(), "Language")
    form.sectors.choices = as_choices(named(sectors, localized))
    form.languages.choices = as_choices(named(languages, localized))
    if request.method == "GET":  # the project's sector and the languages its leader speaks, to start from
        form.sectors.data = [found["project"]["sector_id"]] if found["project"].get("sector_id") else []
        leader = member_queries.profile(store(), found["project"]["leader_id"]) or {}
        form.languages.data = [language["id"] for language in leader.get("languages") or []] or ["ar", "fr"]
    if form.validate_on_submit():
        service.ask_for_mentoring(store(), project_id, form.skill_names(), form.props())
        flash(_("Your request is recorded: here are the mentors who fit it best."), "success")
        return redirect(url_for("projects.show", project_id=project_id))
    return render_template("projects/ask.html", form=form, project=found["project"]), 422 if form.errors else 200
