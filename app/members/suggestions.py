"""People you may know: the page, and dismissing a suggestion for good."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import ranking_models, reference
from graph import suggestions as suggestion_queries
from recommend import people, ranker

from ..accounts.service import now_ms
from ..extensions import store
from ..i18n import localized
from ..permissions import may
from .views import bp

SHOWN = 12


def ranking_model(version: int) -> ranker.Model | None:
    """The trained ranking of that version, read from the graph once per process (None when it cannot be
    read: the notice is logged once)."""
    models = current_app.extensions.setdefault("ranking_models", {})
    if version not in models:
        models[version] = ranker.from_json(ranking_models.body(store(), version))
    return models[version]


def suggestions_for(member_id: str, limit: int = SHOWN) -> list[people.Suggestion]:
    """The member's suggestions, best first, each with reasons (sector names resolved for the reader)."""
    found = suggestion_queries.viewer(store(), member_id)
    if found is None:
        return []
    if found["suggested"]:
        candidate_ids = suggestion_queries.member_ids(store(), found["suggested"])
    else:
        candidate_ids = suggestion_queries.fallback_ids(store(), member_id)
    live = suggestion_queries.live(store(), member_id, candidate_ids)
    if found["suggested"] and found["ranked_by"] is not None:  # ordered by the trained ranking
        model = ranking_model(found["ranked_by"])
        ranked = ranker.rank_in_order(found["member"], live, candidate_ids, model, limit)
    else:
        ranked = people.rank(found["member"], live, limit)
    sector_ids = sorted({i for s in ranked for code, p in s.reasons if code == "sectors" for i in p["ids"]})
    city_ids = sorted({p["id"] for s in ranked for code, p in s.reasons if code == "city"})
    sectors = {i: localized(node) for i, node in reference.names(store(), "Sector", sector_ids).items()}
    cities = {i: localized(node) for i, node in reference.names(store(), "City", city_ids).items()}
    for suggestion in ranked:
        for code, params in suggestion.reasons:
            if code == "sectors":
                params["names"] = [sectors.get(i, i) for i in params["ids"]]
            elif code == "city":
                params["name"] = cities.get(params["id"], "")
    return ranked


@bp.get("/people")
@login_required
def people_you_may_know():
    """People you may know, and why."""
    if not may(current_user, "suggestions.view"):
        abort(403)
    return render_template("members/suggestions.html", suggestions=suggestions_for(current_user.id))


@bp.post("/people/<member_id>/dismiss")
@login_required
def dismiss(member_id: str):
    """Stop suggesting this person (remembered)."""
    if not may(current_user, "connection.act", {"id": member_id}):
        abort(403)
    if suggestion_queries.dismiss(store(), current_user.id, member_id, now_ms()):
        flash(_("We will not suggest this person again."), "success")
    return redirect(url_for("members.people_you_may_know"))
