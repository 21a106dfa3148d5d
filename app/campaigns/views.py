"""The department's campaign pages (``/campaigns``): write in three languages, preview each, schedule or send
now, follow the progress, read the results (per state, over time, per relay, the answers). Staff only."""

import math
from datetime import timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import campaigns as campaign_queries
from graph import segments as segment_queries
from recommend.segments import Criteria

from .. import jobs
from ..audit import audited
from ..extensions import store
from ..permissions import may
from ..segments import service as segment_service
from ..validators import page_number
from . import results, service
from .forms import LANGUAGE_NAMES, LANGUAGES, CampaignForm, ScheduleForm
from .sending import compose, now_ms, refusal_text

bp = Blueprint("campaigns", __name__)
PER_PAGE = 25
PREVIEW_TOKEN = "preview-" + "0" * 24


@bp.before_request
@login_required
def staff_only():
    """Every page here is the department's."""
    if not may(current_user, "campaigns.manage"):
        abort(403)


def _campaign_or_404(campaign_id: str) -> dict:
    campaign = campaign_queries.get(store(), campaign_id)
    if campaign is None:
        abort(404)
    return campaign


@bp.get("/campaigns")
def listing():
    """Every campaign, newest first (of one segment with ``?segment=``)."""
    page = page_number()
    segment = request.args.get("segment") or None
    campaigns, total = campaign_queries.listing(store(), segment, page, PER_PAGE)
    return render_template(
        "campaigns/list.html",
        campaigns=campaigns,
        page=page,
        pages=max(1, math.ceil(total / PER_PAGE)),
        total=total,
        segment=segment,
    )


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new():
    """Write a campaign; it is saved as a draft and shown for preview."""
    segments, _total = segment_queries.visible(store(), current_user.id, 1, 500)
    form = CampaignForm()
    form.segment.choices = [("", "—")] + [(s["id"], s["name"]) for s in segments]
    if request.method == "GET" and request.args.get("segment"):
        form.segment.data = request.args["segment"]
    if form.validate_on_submit():
        segment = next(s for s in segments if s["id"] == form.segment.data)
        link = (form.link.data or "").strip()
        campaign_id = service.create(
            segment, form.name.data, form.via.data, form.relays_k.data, form.channels.data, form.texts(), link
        )
        flash(_("Campaign saved as a draft: check the preview in each language, then schedule it."), "success")
        return redirect(url_for("campaigns.show", campaign_id=campaign_id))
    status = 422 if form.errors else 200
    return render_template("campaigns/form.html", form=form, languages=LANGUAGES, language_names=LANGUAGE_NAMES), status


@bp.get("/campaigns/<campaign_id>")
def show(campaign_id: str):
    """The campaign: its state and progress, a preview per language, the audience now, and its results."""
    campaign = _campaign_or_404(campaign_id)
    segment = segment_queries.get(store(), campaign["segment_id"])
    audience = None
    if segment is not None and campaign["status"] == "draft":
        table, mask = segment_service.evaluate(Criteria.from_dict(segment["criteria"]))
        audience = segment_service.counts(table, mask)
    if campaign["status"] not in ("draft", "scheduled"):
        audited("campaigns.results", campaign_id)  # the page names who answered and the relays
    previews = {}
    for code in LANGUAGES:
        sample = {"token": PREVIEW_TOKEN, "locale": code, "email": "member@example.org", "role": "target"}
        previews[code] = compose(campaign, sample)
        if campaign["via"] == "relays":
            previews[code] = compose(campaign, {**sample, "role": "relay"})
    return render_template(
        "campaigns/show.html",
        campaign=campaign,
        segment=segment,
        audience=audience,
        previews=previews,
        language_names=LANGUAGE_NAMES,
        schedule=ScheduleForm(),
        job=jobs.state(campaign["job_id"]) if campaign.get("job_id") else None,
        results=results.summary(store(), campaign),
        refusal=refusal_text(campaign.get("error")) if campaign["status"] == "refused" else None,
    )


@bp.post("/campaigns/<campaign_id>/schedule")
def schedule(campaign_id: str):
    """Schedule a draft (now when no time is given). A segment with nobody to reach is refused with the reason,
    and the campaign stays a draft."""
    campaign = _campaign_or_404(campaign_id)
    if campaign["status"] != "draft":
        flash(_("Only a draft can be scheduled."), "error")
        return redirect(url_for("campaigns.show", campaign_id=campaign_id))
    form = ScheduleForm()
    if not form.validate_on_submit():
        flash(_("Enter a date and time, or leave it empty to send now."), "error")
        return redirect(url_for("campaigns.show", campaign_id=campaign_id))
    when = form.send_at.data
    send_at = int(when.replace(tzinfo=timezone.utc).timestamp() * 1000) if when else None
    refused = service.schedule(campaign, send_at)
    if refused:
        flash(_("This campaign cannot be sent: %(reason)s", reason=refusal_text(refused)), "error")
    elif send_at is None or send_at <= now_ms():
        flash(_("The campaign is being sent."), "success")
    else:
        flash(_("The campaign is scheduled."), "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign_id))


@bp.post("/campaigns/<campaign_id>/cancel")
def cancel(campaign_id: str):
    """Stop a draft, scheduled or sending campaign (messages already sent stay sent)."""
    campaign = _campaign_or_404(campaign_id)
    if service.cancel(campaign):
        flash(_("The campaign is cancelled."), "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign_id))
