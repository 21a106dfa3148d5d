"""The member directory: one search box, facets with counts, pagination."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required

from graph import directory
from graph import members as member_queries

from ..extensions import store
from ..members.forms import AVAILABILITY_NAMES
from ..permissions import may
from .params import parse

bp = Blueprint("directory", __name__)


def page_url(**changes) -> str:
    """The current search with some parameters changed (None removes one); back to page 1 unless given."""
    args = {key: value for key, value in request.args.items() if value}
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for("directory.search", **args)


@bp.get("/directory")
@login_required
def search():
    """Search members by name, headline, skills and places, narrowed by facets."""
    if not may(current_user, "directory.search"):
        abort(403)
    query, errors = parse(request.args)
    result = directory.search(store(), current_user.id, query)
    relations = member_queries.relations(store(), current_user.id, [item["member"]["id"] for item in result["items"]])
    pages = max(1, -(-result["total"] // query.per_page))
    return render_template("directory/search.html", query=query, result=result, relations=relations,
                           errors=errors, pages=pages, page_url=page_url, facet_names=directory.FACETS,
                           availability_names=AVAILABILITY_NAMES)


def init_app(app) -> None:
    """Register the directory."""
    app.register_blueprint(bp)
