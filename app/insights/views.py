"""The department's console (``/insights``): influence, countries, networks, communities and growth, each
table downloadable; coordinators see their own networks. Every view of individual members is audited."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import audit as audit_queries
from graph import insights as insight_queries
from graph import reference

from .. import exports, jobs, talent
from ..audit import audited
from ..audit import check as check_audit_log
from ..extensions import store
from ..permissions import may
from ..validators import page_number
from . import TASK, charts, graph_export, maps, service
from .service import MEASURES

bp = Blueprint("insights", __name__)
PER_PAGE = 25
EXPORT_ROWS = 5000  # an influence list downloads at most this many members


@bp.get("/insights")
@login_required
def overview():
    """The latest run: when, its totals, a failed run announced; the console's sections."""
    allowed = service.console_scope()
    run = insight_queries.latest(store())
    attempt = insight_queries.latest_attempt(store())
    return render_template(
        "insights/overview.html",
        run=run,
        failed=attempt if attempt and attempt.get("status") == "failed" else None,
        job=jobs.latest(TASK),
        staff=allowed is None,
        may_run=may(current_user, "insights.run"),
        summary=service.runs_summary(run),
        history=insight_queries.history(store()) if allowed is None else [],
        talent=_talent_summary(),
    )


def _talent_summary() -> dict | None:
    """Talent leads per sector and country, for those who run the talent watch."""
    if not may(current_user, "talent.manage"):
        return None
    db = store()
    return {
        **talent.summary(db),
        "sector_names": {row["id"]: row for row in reference.listing(db, "Sector")},
        "country_names": {row["id"]: row for row in reference.listing(db, "Country")},
    }


@bp.post("/insights/run")
@login_required
def ask():
    """Queue a run now (the one queued or running, if any)."""
    if not may(current_user, "insights.run"):
        abort(403)
    jobs.enqueue(TASK, unique=True)
    flash(_("The analysis will start within a minute."), "success")
    return redirect(url_for("insights.overview"))


def _influence_query(allowed):
    """The latest run, names, communities, and the measure and filters asked for, checked (with errors)."""
    run = service.latest_run()
    names = service.lookups()
    communities = run["report"].get("communities", [])
    measure, filters, errors = service.influence_query(request.args, allowed, communities, names)
    return run, names, communities, measure, filters, errors


@bp.get("/insights/influence")
@login_required
def influence():
    """Members ranked by a measure, with their reasons, filtered by country, network, sector, community."""
    allowed = service.console_scope()
    run, names, communities, measure, filters, errors = _influence_query(allowed)
    page = page_number()
    rows, total = ([], 0) if errors else insight_queries.top(store(), measure, filters, page, PER_PAGE)
    if rows:
        audited("insights.influence", measure, service.describe(filters, page))
    return render_template(
        "insights/influence.html",
        run=run,
        rows=rows,
        total=total,
        measure=measure,
        measures=MEASURES,
        filters=filters,
        errors=errors,
        names=names,
        networks_allowed=allowed,
        staff=allowed is None,
        communities=communities,
        community_name=service.community_name,
        reasons=lambda measures: service.reason_sentences(measures, communities, names),
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        offset=(page - 1) * PER_PAGE,
    ), (422 if errors else 200)


@bp.get("/insights/influence.<fmt>")
@login_required
def influence_export(fmt: str):
    """The influence list as CSV or XLSX (its first :data:`EXPORT_ROWS` members)."""
    allowed = service.console_scope()
    if fmt not in exports.FORMATS:
        abort(404)
    _run, names, communities, measure, filters, errors = _influence_query(allowed)
    if errors:
        return render_template("insights/refused.html", errors=errors), 422
    rows, _total = insight_queries.top(store(), measure, filters, 1, EXPORT_ROWS)
    audited("insights.export", f"influence {measure}", service.describe(filters, 1))
    headers, table = service.influence_table(rows, measure, communities, names)
    return exports.download(headers, table, fmt, f"jisr-influence-{measure}", str(MEASURES[measure][0]))


@bp.get("/insights/members/<member_id>")
@login_required
def member(member_id: str):
    """One member's measures, reasons and ego network (their contacts and the ties among them)."""
    found = service.member_in_scope(member_id, service.console_scope())
    run = service.latest_run()
    names = service.lookups()
    communities = run["report"].get("communities", [])
    ego = insight_queries.ego_network(store(), member_id)
    return render_template(
        "insights/member.html",
        member=found,
        measures=MEASURES,
        reasons=service.reason_sentences(found["measures"], communities, names),
        community=service.community_name(found["measures"]["community"], communities, names),
        names=names,
        ego=ego,
        drawing=service.ego_drawing(member_id, ego),
        bound=run["report"].get("betweenness_bound", 0),
    )


def _table(kind: str, allowed: list[str] | None, names: dict, run: dict):
    """Headers and rows of the console's table ``kind`` (countries, networks, communities, growth) for this
    viewer."""
    report = run["report"]
    if kind == "countries":
        service.staff_only(allowed)
        return service.place_table(report.get("countries", []), "country", names)
    if kind == "networks":
        return service.place_table(service.network_rows(report.get("networks", []), allowed), "network", names)
    if kind == "communities":
        service.staff_only(allowed)
        return service.community_table(report.get("communities", []), names)
    network = service.growth_network(request.args, allowed, names)
    return service.growth_table(report.get("growth", {}), network, names)


@bp.get("/insights/<any(countries, networks, communities, growth):kind>")
@login_required
def table(kind: str):
    """Figures per country, per network (with the network matrix), per community, or per month."""
    allowed = service.console_scope()
    run = service.latest_run()
    names = service.lookups()
    headers, rows = _table(kind, allowed, names, run)
    matrix = run["report"].get("network_matrix") if kind == "networks" and allowed is None else None
    heat = {name: charts.heatmap(matrix[name]) for name in ("shared_members", "connections")} if matrix else None
    growth = []
    if kind == "growth":
        network = service.growth_network(request.args, allowed, names)
        growth = service.growth_charts(run["report"].get("growth", {}), network)
    return render_template(
        "insights/table.html",
        kind=kind,
        run=run,
        headers=headers,
        rows=rows,
        matrix=matrix,
        heat=heat,
        growth=growth,
        names=names,
        network=request.args.get("network") or "",
        networks_allowed=allowed,
        staff=allowed is None,
    )


@bp.get("/insights/<any(countries, networks, communities, growth):kind>.<fmt>")
@login_required
def table_export(kind: str, fmt: str):
    """One of the tables as CSV or XLSX."""
    allowed = service.console_scope()
    if fmt not in exports.FORMATS:
        abort(404)
    headers, rows = _table(kind, allowed, service.lookups(), service.latest_run())
    return exports.download(headers, rows, fmt, f"jisr-{kind}", kind)


@bp.get("/insights/networks/<a>/<b>")
@login_required
def network_pair(a: str, b: str):
    """The people behind a cell of the network matrix: members of both networks, and the members of the
    first with the most connections into the second."""
    service.staff_only(service.console_scope())
    names = service.lookups()
    if a not in names["network"] or b not in names["network"]:
        abort(404)
    page = page_number()
    shared, counts = insight_queries.shared_members(store(), a, b, page, PER_PAGE)
    tied = insight_queries.tied_across(store(), a, b, PER_PAGE)
    if shared or tied:
        audited("insights.networks", f"{a} {b}", f"page {page}")
    return render_template(
        "insights/network_pair.html",
        a=a,
        b=b,
        names=names,
        shared=shared,
        counts=counts,
        tied=tied,
        page=page,
        pages=max(1, -(-counts["listed"] // PER_PAGE)),
        staff=True,
    )


@bp.get("/insights/world-map")
@login_required
def world_map():
    """Members per country on a world map (all of Jisr, a network, a sector or a skill), arcs across borders."""
    allowed = service.console_scope()
    run = service.latest_run()
    choices = maps.layer_choices(run["report"], allowed, service.lookups())
    layer = request.args.get("layer", choices[0][0] if choices else "")
    if choices:
        maps.check_layer(layer, choices)
    return render_template(
        "insights/world_map.html",
        run=run,
        choices=choices,
        layer=layer,
        staff=allowed is None,
        text=maps.world_map_text(),
    )


@bp.get("/insights/community-map")
@login_required
def community_map():
    """Communities as a graph; open one to see its most central members and search among them."""
    allowed = service.console_scope()
    service.staff_only(allowed)
    return render_template(
        "insights/community_map.html", run=service.latest_run(), staff=True, text=maps.community_map_text()
    )


@bp.get("/insights/graph.<fmt>")
@login_required
def graph_download(fmt: str):
    """The member graph for Gephi (GraphML or GEXF), ids pseudonymised unless the viewer is an administrator."""
    service.staff_only(service.console_scope())
    if fmt not in graph_export.FORMATS:
        abort(404)
    return graph_export.download(fmt, reveal=may(current_user, "insights.identify"))


@bp.get("/admin/audit")
@login_required
def audit():
    """The audit log (administrators): who looked at or changed which individual data, when, from where,
    filtered by the start of the action; and whether the log is intact."""
    if not may(current_user, "audit.view"):
        abort(403)
    page = page_number()
    action = (request.args.get("action") or "").strip()[:80] or None
    entries, total = audit_queries.entries(store(), action=action, page=page, per_page=50)
    return render_template(
        "insights/audit.html",
        entries=entries,
        total=total,
        page=page,
        pages=max(1, -(-total // 50)),
        action=action,
        integrity=check_audit_log() if request.args.get("check") else None,
    )


@bp.get("/admin/audit.csv")
@login_required
def audit_export():
    """The audit log (or the entries whose action starts with ``action``) as CSV, oldest first."""
    if not may(current_user, "audit.view"):
        abort(403)
    action = (request.args.get("action") or "").strip()[:80] or None
    _first, total = audit_queries.entries(store(), action=action, page=1, per_page=1)
    rows, _n = audit_queries.entries(store(), action=action, page=1, per_page=max(total, 1))
    headers = [_("Number"), _("When"), _("Who"), _("Who (id)"), _("What"), _("Which"), _("Details"), _("From")]
    table = [
        [e.get("seq") or "", exports.instant(e["at"]), e["actor_name"], e["actor_id"], e["action"], e["target"]]
        + [e["detail"], e.get("address") or ""]
        for e in reversed(rows)
    ]
    audited("audit.export", action or "", f"{len(table)} entries")
    return exports.download(headers, table, "csv", "audit-log")
