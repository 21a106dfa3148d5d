"""Mentor ranking weights fitted on what became of past invitations, the hand weights as the prior.

An invitation the mentor accepted (under way, or closed with the goals met or partly met, rated 3 or more
by both sides) is a good match; one they declined, or a mentorship stopped before the end or rated 1 or 2
by a side, is not; invitations still unanswered say nothing (:func:`outcome`). A logistic regression over
the fit's components (:func:`recommend.mentors.components`, closeness left out: it is measured at request
time, not kept) says how much each counted; its weights, never below zero (more of what is asked never
lowers a fit), are scaled to the hand weights' total and shrunk towards them in proportion to how few
outcomes there are (:data:`PRIOR_STRENGTH` outcomes' worth of belief in the hand weights). Fewer than
:data:`MIN_OUTCOMES` decided invitations: no fitted weights, the hand weights rank (the cold start).
"""

import json
import logging
import math

import numpy as np

from . import mentors

log = logging.getLogger(__name__)

FORMAT = 1
NAME = "mentors"  # the name of the stored weights among the graph's ranking models
FITTED = ("skills", "sectors", "language", "experience", "availability")
MIN_OUTCOMES = 30
PRIOR_STRENGTH = 50


def outcome(mentorship: dict) -> int | None:
    """1 for a good match, 0 for a bad one, None while nothing is known (see the module's docstring)."""
    status = mentorship.get("status")
    ratings = [r for r in (mentorship.get("leader_rating"), mentorship.get("mentor_rating")) if r]
    if status == "declined" or mentorship.get("outcome") == "stopped" or any(r <= 2 for r in ratings):
        return 0
    if status == "active" or (status == "closed" and mentorship.get("outcome") in ("goals_met", "partly_met")):
        return 1
    return None


def fit(examples: list[tuple[dict, dict, dict]], min_outcomes: int = MIN_OUTCOMES) -> tuple[dict | None, int]:
    """Weights fitted on ``(request, mentor, mentorship)`` examples, or None when fewer than ``min_outcomes``
    are decided (or they are all alike); and how many were decided."""
    rows, labels = [], []
    for request, mentor, mentorship in examples:
        label = outcome(mentorship)
        if label is None:
            continue
        values, _reasons = mentors.components(request, mentor, {}, [])
        rows.append([values[name] for name in FITTED])
        labels.append(label)
    decided = len(labels)
    if decided < min_outcomes or len(set(labels)) < 2:
        return None, decided
    from sklearn.linear_model import LogisticRegression

    learned = np.clip(LogisticRegression(max_iter=1000).fit(np.array(rows), np.array(labels)).coef_[0], 0, None)
    hand = np.array([mentors.WEIGHTS[name] for name in FITTED])
    if learned.sum() > 0:
        learned = learned * hand.sum() / learned.sum()
    else:
        learned = hand
    trust = decided / (decided + PRIOR_STRENGTH)
    weights = dict(mentors.WEIGHTS)
    weights.update(
        {name: round(float(trust * w + (1 - trust) * h), 4) for name, w, h in zip(FITTED, learned, hand, strict=True)}
    )
    return weights, decided


def to_json(weights: dict, decided: int) -> str:
    """The stored form."""
    return json.dumps({"format": FORMAT, "weights": weights, "outcomes": decided})


def from_json(text: str | None) -> dict | None:
    """Stored weights, or None (with a logged notice when something was stored but cannot be used): the hand
    weights then rank."""
    if not text:
        return None
    try:
        body = json.loads(text)
        weights = body["weights"]
        if body.get("format") != FORMAT or set(weights) != set(mentors.WEIGHTS):
            raise ValueError("made for other features")
        if not all(isinstance(v, int | float) and math.isfinite(v) and v >= 0 for v in weights.values()):
            raise ValueError("weights that are not positive numbers")
        return {name: float(value) for name, value in weights.items()}
    except (ValueError, TypeError, KeyError) as exc:
        log.warning("the stored mentor weights cannot be used (%s); ranking with the hand weights", exc)
        return None
