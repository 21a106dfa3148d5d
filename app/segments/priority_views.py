"""The department's priorities (``/priorities``): a weight per sector, region of Morocco, skill, country and
project stage; every save is a new version (who, when, what changed), the latest in force."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import segments as segment_queries

from ..audit import audited
from ..extensions import store
from ..permissions import may
from .priorities import MAX_WEIGHT, changes, choices, parse_weights
from .service import now_ms

bp = Blueprint("priorities", __name__)
NOTE_LENGTH = 300


@bp.before_request
@login_required
def staff_only():
    """Only the department sets its priorities."""
    if not may(current_user, "priorities.edit"):
        abort(403)


@bp.route("/priorities", methods=["GET", "POST"])
def edit():
    """Show the weights in force and their history; a save records a new version (nothing is saved when a
    weight is wrong: the form comes back with what was typed)."""
    options = choices()
    history = segment_queries.priority_history(store())
    current = history[0]["weights"] if history else {}
    typed = {f"w.{d}.{v}": _shown(w) for d, values in current.items() for v, w in values.items()}
    errors, note = {}, ""
    if request.method == "POST":
        weights, typed, errors = parse_weights(request.form, options)
        note = (request.form.get("note") or "").strip()[:NOTE_LENGTH]
        if not errors:
            if not changes(current, weights):
                flash(_("Nothing changed."), "info")
                return redirect(url_for("priorities.edit"))
            version = segment_queries.add_priorities(
                store(), weights, current_user.id, current_user.display_name, note, now_ms()
            )
            audited("priorities.save", str(version), note)
            flash(_("Priorities saved as version %(version)d.", version=version), "success")
            return redirect(url_for("priorities.edit"))
        flash(_("Some weights are not numbers from 0 to %(max)d: nothing was saved.", max=int(MAX_WEIGHT)), "error")
    names = {dimension: dict(pairs) for dimension, pairs in options.items()}
    versions = [
        {**version, "changes": changes(older["weights"] if older else {}, version["weights"])}
        for version, older in zip(history, [*history[1:], None][: len(history)], strict=True)
    ]
    return render_template(
        "segments/priorities.html",
        options=options,
        names=names,
        typed=typed,
        errors=errors,
        note=note,
        versions=versions,
    ), (422 if errors else 200)


def _shown(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else str(weight)
