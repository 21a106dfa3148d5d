"""The department's segment pages (``/segments``): build with live counts, save and share, compare, list the
ranked targets with their reasons, choose relays, export. Staff only; every list of people is audited."""

import math
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from graph import segments as segment_queries
from recommend.analytics import hide_small
from recommend.segments import overlap

from .. import exports
from ..audit import audited
from ..extensions import store
from ..permissions import may
from ..validators import page_number
from . import criteria as criteria_input
from . import index, service
from .criteria import Criteria

bp = Blueprint("segments", __name__)
PER_PAGE = 25
EXPORT_ROWS = 10_000
NAME_LENGTH = 120
UNREACHED_SHOWN = 50  # people reached by no relay, named on the relays page


@bp.before_request
@login_required
def staff_only():
    """Every page here is the department's."""
    if not may(current_user, "segments.manage"):
        abort(403)


def _segment_or_404(segment_id: str) -> dict:
    segment = segment_queries.get(store(), segment_id)
    if not service.visible_to(segment, current_user):
        abort(404)
    return segment


def _as_args(criteria: Criteria) -> MultiDict:
    args = MultiDict()
    for name, value in criteria.as_dict().items():
        for item in value if isinstance(value, list) else [value]:
            args.add(name, item)
    return args


@bp.get("/segments")
def listing():
    """The segments this person sees: shared ones and their own."""
    page = page_number()
    segments, total = segment_queries.visible(store(), current_user.id, page, PER_PAGE)
    return render_template(
        "segments/list.html", segments=segments, page=page, pages=max(1, math.ceil(total / PER_PAGE)), total=total
    )


@bp.get("/segments/new")
@bp.get("/segments/<segment_id>")
def builder(segment_id: str | None = None):
    """The builder: criteria from the query string (or the saved segment), the counts, the criteria's
    problems; saving keeps the criteria shown."""
    segment = _segment_or_404(segment_id) if segment_id else None
    vocabulary = criteria_input.vocabularies()
    args = request.args if request.args or segment is None else _as_args(Criteria.from_dict(segment["criteria"]))
    criteria, problems = criteria_input.parse(args, vocabulary)
    table, mask = service.evaluate(criteria)
    return render_template(
        "segments/builder.html",
        segment=segment,
        chosen=criteria.as_dict(),
        problems=problems,
        counts=service.counts(table, mask),
        vocabulary=vocabulary,
        labels=criteria_input.LABELS,
        query=_as_args(criteria),
    )


@bp.get("/segments/count")
def count():
    """The live counts for the criteria in the query string (what the builder's script asks as they change)."""
    criteria, problems = criteria_input.parse(request.args)
    table, mask = service.evaluate(criteria)
    return jsonify(counts=service.counts(table, mask), problems=problems)


@bp.post("/segments/refresh")
def refresh():
    """Rebuild the segment index now, then back to the page asked."""
    index.refresh()
    flash(_("Counts are up to date."), "success")
    return redirect(_local(request.form.get("next")) or url_for("segments.builder"))


def _local(target: str | None) -> str | None:
    return target if target and target.startswith("/") and not target.startswith("//") else None


@bp.post("/segments/save")
def save():
    """Save the criteria under a name (a new segment, or the one named by ``segment_id`` if it is theirs or
    shared); a missing name keeps everything typed and says so."""
    criteria, problems = criteria_input.parse(request.form)
    name = (request.form.get("name") or "").strip()
    segment_id = request.form.get("segment_id") or None
    existing = _segment_or_404(segment_id) if segment_id else None
    if not name or len(name) > NAME_LENGTH:
        flash(_("Give the segment a name of at most %(n)d characters.", n=NAME_LENGTH), "error")
        target = url_for("segments.builder", segment_id=segment_id) if segment_id else url_for("segments.builder")
        return redirect(target + "?" + _query(criteria))
    segment_id = service.save(existing, name, request.form.get("shared") == "on", criteria, current_user)
    for problem in problems:
        flash(problem, "warning")
    flash(_("Segment “%(name)s” saved.", name=name), "success")
    return redirect(url_for("segments.builder", segment_id=segment_id))


def _query(criteria: Criteria) -> str:
    return urlencode(list(_as_args(criteria).items(multi=True)))


@bp.post("/segments/<segment_id>/delete")
def delete(segment_id: str):
    """Delete a segment (its owner, or any staff member for a shared one)."""
    segment = _segment_or_404(segment_id)
    segment_queries.delete(store(), segment["id"])
    flash(_("Segment “%(name)s” deleted.", name=segment["name"]), "success")
    return redirect(url_for("segments.listing"))


@bp.get("/segments/compare")
def compare():
    """How two segments overlap (counts under the small-cell rule)."""
    segments, _total = segment_queries.visible(store(), current_user.id, 1, 500)
    first, second = request.args.get("a"), request.args.get("b")
    result = None
    if first and second:
        a, b = _segment_or_404(first), _segment_or_404(second)
        table = index.current()
        _t, mask_a = service.evaluate(Criteria.from_dict(a["criteria"]), table)
        _t, mask_b = service.evaluate(Criteria.from_dict(b["criteria"]), table)
        result = {"a": a, "b": b, **{k: hide_small(v) for k, v in overlap(mask_a, mask_b).items()}}
    return render_template("segments/compare.html", segments=segments, result=result, first=first, second=second)


def _saved(segment_id: str):
    segment = _segment_or_404(segment_id)
    vocabulary = criteria_input.vocabularies()
    table, mask = service.evaluate(Criteria.from_dict(segment["criteria"]))
    return segment, vocabulary, table, mask


@bp.get("/segments/<segment_id>/targets")
def targets(segment_id: str):
    """The segment's members ranked by the department's priorities, each with the reasons, and its projects."""
    segment, vocabulary, table, mask = _saved(segment_id)
    page = page_number()
    if not service.may_list(table, mask):
        return render_template("segments/too_small.html", segment=segment), 200
    weights = service.weights_in_force()
    rows, total = service.targets(table, mask, weights, vocabulary, page, PER_PAGE)
    audited("segments.targets", segment["id"], f"page {page}")
    return render_template(
        "segments/targets.html",
        segment=segment,
        rows=rows,
        projects=service.project_targets(table, mask, weights, vocabulary, 20) if page == 1 else [],
        weights=weights,
        page=page,
        pages=max(1, math.ceil(total / PER_PAGE)),
        total=total,
        offset=(page - 1) * PER_PAGE,
    )


@bp.get("/segments/<segment_id>/export.<fmt>")
def export(segment_id: str, fmt: str):
    """The segment's members who may be named, ranked, as CSV or XLSX (at most :data:`EXPORT_ROWS`)."""
    if fmt not in exports.FORMATS:
        abort(404)
    segment, vocabulary, table, mask = _saved(segment_id)
    if not service.may_list(table, mask):
        return render_template("segments/too_small.html", segment=segment), 200
    rows, _total = service.targets(table, mask, service.weights_in_force(), vocabulary, 1, EXPORT_ROWS)
    audited("segments.export", segment["id"], f"{fmt}; {len(rows)} rows")
    headers = [_("Member"), _("Name"), _("Job title"), _("Employer"), _("Country"), _("Score"), _("Reasons")]
    body = [
        [r["id"], r.get("name"), r.get("job_title"), r.get("employer"), r.get("country"), r["score"], r["reasons"]]
        for r in rows
    ]
    return exports.download(headers, body, fmt, "segment-" + segment["id"], segment["name"][:31])


@bp.get("/segments/<segment_id>/relays")
def relays(segment_id: str):
    """The k relays best placed to reach the segment (CELF), the networks covering most of it, and the k most
    connected members' coverage beside them."""
    segment, vocabulary, table, mask = _saved(segment_id)
    k = _bounded(request.args.get("k"), 10, 1, service.MAX_RELAYS)
    steps = _bounded(request.args.get("steps"), 2, 1, 2)
    if not service.may_list(table, mask):
        return render_template("segments/too_small.html", segment=segment), 200
    found = service.relays(table, mask, k, steps)
    choice = found["choice"]
    people = segment_queries.people(store(), [table.ids[row] for row in choice.relays])
    networks = dict(vocabulary["networks"])
    rows = table.row_of()
    named = [member_id for member_id in found["unreached"] if table.listable[rows[member_id]]][:UNREACHED_SHOWN]
    unreached_people = segment_queries.people(store(), named)
    audited("segments.relays", segment["id"], f"k={k}; steps={steps}")
    return render_template(
        "segments/relays.html",
        segment=segment,
        k=k,
        steps=steps,
        found=found,
        relays=[
            {**people.get(table.ids[row], {"id": table.ids[row]}), "added": added, "reach": reach}
            for row, added, reach in zip(choice.relays, choice.added, choice.reach, strict=True)
        ],
        networks=[{**n, "name": networks.get(n["id"], n["id"])} for n in found["networks"]],
        unreached=len(found["unreached"]),
        unreached_people=[unreached_people.get(member_id, {"id": member_id}) for member_id in named],
    )


def _bounded(raw, default: int, low: int, high: int) -> int:
    try:
        value = int(raw) if raw not in (None, "") else default
    except ValueError:
        return default
    return min(max(value, low), high)
