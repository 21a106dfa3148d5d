"""The links in campaign messages: read and answer (``/c/<token>``), follow the campaign's link
(``/c/<token>/go``, recorded as a click), unsubscribe in one click (``/u/<token>``, RFC 8058), and a relay's
personal link (``/r/<token>``) that records who came through whom. A token that is not ours gets the same plain
page as one that was never issued: nothing says whose it was."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from graph import campaigns as campaign_queries
from graph import consent as consent_queries

from ..accounts import consent
from ..extensions import csrf, store
from . import tokens
from .sending import now_ms

bp = Blueprint("campaigns_public", __name__)
ANSWERS = ("interested", "not_now", "question")
ANSWER_LENGTH = 2000


def _found(token: str):
    if not tokens.well_formed(token):
        return None, None
    return campaign_queries.delivery(store(), token)


def _unknown():
    return render_template("campaigns/unknown_link.html"), 404


def _text(campaign: dict, delivery: dict) -> dict:
    """The campaign's text in the language it was sent (or, for an arrival, first shown) in."""
    return campaign["texts"].get(delivery["locale"]) or next(iter(campaign["texts"].values()))


def _readers_locale(campaign: dict, fallback: str) -> str:
    locale = str(get_locale())
    return locale if locale in campaign["texts"] else fallback


@bp.get("/c/<token>")
def landing(token: str):
    """The message, the campaign's link and a reply form; the first opening counts as read."""
    delivery, campaign = _found(token)
    if delivery is None:
        return _unknown()
    campaign_queries.mark(store(), token, "read", now_ms())
    return render_template(
        "campaigns/landing.html", delivery=delivery, campaign=campaign, text=_text(campaign, delivery), errors={}
    )


@bp.get("/c/<token>/go")
def go(token: str):
    """Record the click, then on to the campaign's link (its page here when it has none)."""
    delivery, campaign = _found(token)
    if delivery is None:
        return _unknown()
    campaign_queries.mark(store(), token, "clicked", now_ms())
    return redirect(campaign.get("link") or url_for("campaigns_public.landing", token=token))


@bp.post("/c/<token>/answer")
def answer(token: str):
    """Record the recipient's answer; a missing choice or an over-long text keeps what was typed."""
    delivery, campaign = _found(token)
    if delivery is None:
        return _unknown()
    choice = request.form.get("answer")
    text = (request.form.get("text") or "").strip()
    errors = {}
    if choice not in ANSWERS:
        errors["answer"] = _("Choose an answer.")
    if len(text) > ANSWER_LENGTH:
        errors["text"] = _("At most %(n)d characters.", n=ANSWER_LENGTH)
    if errors:
        return render_template(
            "campaigns/landing.html",
            delivery=delivery,
            campaign=campaign,
            text=_text(campaign, delivery),
            errors=errors,
            typed={"answer": choice, "text": text},
        ), 422
    campaign_queries.answer(store(), token, choice, text, now_ms())
    return render_template("campaigns/answered.html", campaign=campaign, text=_text(campaign, delivery))


@bp.route("/u/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET: a page with one button. POST (the button, or a mail client's one-click request): the person no
    longer receives the department's outreach, at once, and the consent log says so."""
    delivery, _campaign = _found(token)
    if delivery is None:
        return _unknown()
    if request.method == "POST":
        current = consent_queries.current(store(), delivery["member_id"])
        consent.change_choices(store(), delivery["member_id"], {**current, "campaigns": False}, "unsubscribe")
        return render_template("campaigns/unsubscribed.html")
    return render_template("campaigns/unsubscribe.html", token=token)


@bp.get("/r/<token>")
def relay(token: str):
    """A relay's link: counted; a logged-in member other than the relay becomes an arrival through them and
    goes on to the message; anyone else sees it with an invitation to log in and answer."""
    delivery, campaign = _found(token)
    if delivery is None or delivery["role"] != "relay":
        return _unknown()
    campaign_queries.visit(store(), token)
    if current_user.is_authenticated and current_user.id != delivery["member_id"]:
        mine = campaign_queries.arrival(store(), campaign["id"], current_user.id)
        if mine is None:
            mine = tokens.new()
            row = {
                "token": mine,
                "member_id": current_user.id,
                "role": "arrival",
                "locale": _readers_locale(campaign, delivery["locale"]),
                "email": None,
                "state": "arrived",
                "via": delivery["member_id"],
            }
            campaign_queries.add_deliveries(store(), campaign["id"], [row], now_ms())
        return redirect(url_for("campaigns_public.landing", token=mine))
    shown = {**delivery, "locale": _readers_locale(campaign, delivery["locale"])}
    return render_template("campaigns/relayed.html", campaign=campaign, text=_text(campaign, shown), token=token)
