"""API resources of the department's console: the same figures, permissions, small-cell rule and audit as
the pages (``/insights``)."""

from flask import request
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import insights as insight_queries

from ..audit import audited
from ..extensions import store
from ..insights import graph_export, maps, service
from ..permissions import may

blp = Blueprint("insights_api", __name__, url_prefix="/api/v1/insights", description="The department's analytics")
PER_PAGE = 50


class InfluenceArgs(Schema):
    """An influence list: a measure, filters and a page (ids are checked against the reference data)."""

    measure = fields.String(load_default="betweenness", validate=validate.OneOf(insight_queries.MEASURES))
    country = fields.String()
    network = fields.String()
    sector = fields.String()
    community = fields.Integer(validate=validate.Range(min=0))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class RankedMemberSchema(Schema):
    """A member of an influence list: measures, and reasons as data (groups their contacts span)."""

    id = fields.String()
    name = fields.String(allow_none=True)
    measures = fields.Dict(keys=fields.String())


class InfluenceSchema(Schema):
    """One page of an influence list."""

    measure = fields.String()
    filters = fields.Dict(keys=fields.String())
    items = fields.List(fields.Nested(RankedMemberSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    betweenness_bound = fields.Float(metadata={"description": "largest error of a sampled betweenness (0: exact)"})


class TableSchema(Schema):
    """Figures of the latest run (cells about 1 to 4 members are null)."""

    computed_at = fields.Integer(allow_none=True)
    rows = fields.List(fields.Dict(keys=fields.String()))
    matrix = fields.Dict(keys=fields.String(), allow_none=True)


class MapArgs(Schema):
    """A world map layer: empty for all of Jisr, or ``network:ID``, ``sector:ID``, ``skill:ID``."""

    layer = fields.String(load_default="")


class WorldMapSchema(Schema):
    """Members per country (null: fewer than five) for a layer, arcs across borders, names and shape codes."""

    layer = fields.String()
    members = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True))
    arcs = fields.Dict(keys=fields.String())
    names = fields.Dict(keys=fields.String(), values=fields.String())
    codes = fields.Dict(keys=fields.String(), values=fields.String())


class GraphSchema(Schema):
    """Nodes and edges of the community map or of one community."""

    community = fields.Integer()
    nodes = fields.List(fields.Dict(keys=fields.String()))
    edges = fields.List(fields.List(fields.Raw()))


def _checked(args: dict, scope, run: dict) -> tuple[str, dict]:
    names = service.lookups()
    communities = run["report"].get("communities", [])
    measure, filters, errors = service.influence_query(args, scope, communities, names)
    if errors:  # the measure is checked by the schema: these are countries, networks... that do not exist
        abort(404, message="; ".join(str(error) for error in errors))
    return measure, filters


@blp.get("/influence")
@login_required
@blp.arguments(InfluenceArgs, location="query")
@blp.response(200, InfluenceSchema)
@blp.alt_response(404, description="Unknown country, network, sector or community")
@blp.alt_response(422, description="Unknown measure")
def influence(args):
    """Members ranked by a measure, filtered by country, network, sector or community, with their reasons."""
    scope = service.console_scope()
    run = service.latest_run()
    measure, filters = _checked({**args, "community": request.args.get("community")}, scope, run)
    rows, total = insight_queries.top(store(), measure, filters, args["page"], PER_PAGE)
    if rows:
        audited("insights.influence", measure, "api; " + service.describe(filters, args["page"]))
    return {
        "measure": measure,
        "filters": filters,
        "items": rows,
        "total": total,
        "page": args["page"],
        "per_page": PER_PAGE,
        "betweenness_bound": run["report"].get("betweenness_bound", 0.0),
    }


@blp.get("/members/<member_id>")
@login_required
@blp.response(200, RankedMemberSchema)
@blp.alt_response(404, description="Not seen by the latest run, not open to members, or outside your networks")
def member(member_id: str):
    """One member's measures and reasons, and their ego network."""
    found = service.member_in_scope(member_id, service.console_scope())
    return {**found, "measures": {**found["measures"], "ego": insight_queries.ego_network(store(), member_id)}}


@blp.get("/<any(countries, networks, communities, growth):kind>")
@login_required
@blp.response(200, TableSchema)
def table(kind: str):
    """Figures per country, per network (with the matrix), per community, or per month (``?network=``)."""
    scope = service.console_scope()
    run = service.latest_run()
    report, matrix = run["report"], None
    if kind in ("countries", "communities"):
        service.staff_only(scope)
        rows = report.get(kind, [])
    elif kind == "networks":
        rows = service.network_rows(report.get("networks", []), scope)
        matrix = report.get("network_matrix") if scope is None else None
    else:
        network = service.growth_network(request.args, scope, service.lookups())
        growth = report.get("growth", {"months": [], "figures": {}})
        series = service.growth_series(growth, network)
        rows = [
            {"month": month, **{name: values[column] for name, values in series.items()}}
            for column, month in enumerate(growth["months"])
        ]
    return {"computed_at": run["at"], "rows": rows, "matrix": matrix}


@blp.get("/map")
@login_required
@blp.arguments(MapArgs, location="query")
@blp.response(200, WorldMapSchema)
@blp.alt_response(404, description="A layer the latest run does not have, or outside your networks")
def world_map(args):
    """Members per country for all of Jisr, a network, a sector or a common skill, and arcs across borders."""
    scope = service.console_scope()
    return maps.world_map(service.latest_run()["report"], args["layer"], scope, service.lookups())


@blp.get("/community-map")
@login_required
@blp.response(200, GraphSchema)
def community_map():
    """The communities (at least five members) as nodes with what characterises them, ties between them."""
    service.staff_only(service.console_scope())
    return maps.community_map(service.latest_run()["report"], service.lookups())


@blp.get("/community-map/<int:community>")
@login_required
@blp.response(200, GraphSchema)
@blp.alt_response(404, description="No such community in the latest run")
def community_members(community: int):
    """A community's most central members (names of listed members only) and the ties among them."""
    service.staff_only(service.console_scope())
    return maps.community_members(service.latest_run()["report"], community)


@blp.get("/graph.<any(graphml, gexf):fmt>")
@login_required
@blp.response(200, content_type="application/xml")
def graph(fmt: str):
    """The member graph for Gephi; member ids pseudonymised unless the caller is an administrator."""
    service.staff_only(service.console_scope())
    return graph_export.download(fmt, reveal=may(current_user, "insights.identify"))
