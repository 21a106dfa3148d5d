"""The member directory: one search box, facets with counts, pagination."""

import json

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_number
from flask_login import current_user, login_required

from graph import directory
from graph import members as member_queries
from graph import networks as network_queries
from graph.directory import Query

from ..extensions import store
from ..members.forms import AVAILABILITY_NAMES
from ..permissions import may
from ..redis_client import redis_handle
from .params import parse

bp = Blueprint("directory", __name__)
UNFILTERED_FACETS_TTL = 300  # seconds: counts over the whole directory change slowly and cost the most


def networks_shown() -> set[str]:
    """The networks whose members the current person may see listed (their own network page's rule)."""
    return {n["id"] for n in network_queries.listing(store()) if may(current_user, "network.view_content", n)}


def run_search(viewer_id: str, query: Query) -> dict:
    """A page of results with relation flags (one query for the page) and facet counts.

    Counts over the whole directory are kept in Redis for five minutes; any narrowed search counts live. A
    network's members are listed, and networks counted, only for people who may see that network's members
    (403 otherwise): the directory never says more than the network's own page.
    """
    shown = networks_shown()
    if query.filters.get("network") and query.filters["network"] not in shown:
        abort(403)
    result = directory.page(store(), viewer_id, query)
    if directory.is_unfiltered(query):
        handle = redis_handle()
        key = handle.key("directory", "facets", "all")
        cached = handle.client.get(key)
        if cached:
            result["facets"] = json.loads(cached)
        else:
            result["facets"] = directory.facet_counts(store(), viewer_id, query)
            handle.client.set(key, json.dumps(result["facets"]), ex=UNFILTERED_FACETS_TTL)
    else:
        result["facets"] = directory.facet_counts(store(), viewer_id, query)
    if "network" in result["facets"]:
        result["facets"] = {**result["facets"], "network": [f for f in result["facets"]["network"] if f["id"] in shown]}
    result["facets_sampled"] = result["total_capped"]
    result["relations"] = member_queries.relations(store(), viewer_id, [i["member"]["id"] for i in result["items"]])
    for item in result["items"]:  # a profile for connections only keeps its skills for them, as on its page
        connected = result["relations"].get(item["member"]["id"], {}).get("connected", False)
        if not may(current_user, "profile.view_details", {**item["member"], "connected": connected}):
            item["skills"] = []
    return result


def page_url(**changes) -> str:
    """The current search page with some parameters changed (None removes one); back to page 1 unless given."""
    args = {key: value for key, value in request.args.items() if value}
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def search_context(query: Query, result: dict, errors: dict, fixed_filters: tuple[str, ...] = ()) -> dict:
    """What ``directory/_search.html`` needs, for the directory and for a network's members alike."""
    for name in fixed_filters:
        result["facets"].pop(name, None)
    return {
        "query": query,
        "result": result,
        "relations": result["relations"],
        "errors": errors,
        "pages": max(1, -(-result["total"] // query.per_page)),
        "page_url": page_url,
        "facet_names": directory.FACETS,
        "fixed_filters": fixed_filters,
        "clear_all": {name: None for name in (*directory.FACETS, "availability") if name not in fixed_filters},
        "availability_names": AVAILABILITY_NAMES,
        "sample_size": format_number(directory.FACET_SAMPLE),
    }


@bp.get("/directory")
@login_required
def search():
    """Search members by name, headline, skills and places, narrowed by facets."""
    if not may(current_user, "directory.search"):
        abort(403)
    query, errors = parse(request.args)
    result = run_search(current_user.id, query)
    return render_template("directory/search.html", **search_context(query, result, errors))


def init_app(app) -> None:
    """Register the directory."""
    app.register_blueprint(bp)
