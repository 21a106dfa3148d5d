"""The department's priorities as data: what may be weighed, weights read from a form, what changed between
two versions."""

from flask_babel import gettext as _

from . import criteria as criteria_input
from .service import DIMENSIONS

MAX_WEIGHT = 100.0


def choices() -> dict[str, list[tuple[str, str]]]:
    """``{dimension: [(value, name)]}`` that may be weighed."""
    vocabulary = criteria_input.vocabularies()
    return {dimension: vocabulary[name] for dimension, name in DIMENSIONS.items()}


def parse_weights(data, options: dict) -> tuple[dict, dict[str, str], dict[str, str]]:
    """Weights from fields ``w.<dimension>.<value>`` (blank or 0: not a priority): ``(weights, typed, errors)``
    where ``typed`` keeps every field as entered and ``errors`` names the fields that are not a number from 0
    to :data:`MAX_WEIGHT`."""
    weights, typed, errors = {}, {}, {}
    for dimension, pairs in options.items():
        for value, _name in pairs:
            field = f"w.{dimension}.{value}"
            raw = (data.get(field) or "").strip()
            if not raw:
                continue
            typed[field] = raw
            try:
                weight = float(raw.replace(",", "."))
            except ValueError:
                weight = -1.0
            if not 0 <= weight <= MAX_WEIGHT or weight != weight:
                errors[field] = _("A number from 0 to %(max)d.", max=int(MAX_WEIGHT))
            elif weight:
                weights.setdefault(dimension, {})[value] = weight
    return weights, typed, errors


def changes(before: dict, after: dict) -> list[tuple[str, str, float | None, float | None]]:
    """``(dimension, value, old weight, new weight)`` for every weight that differs."""
    found = []
    for dimension in sorted(set(before) | set(after)):
        old, new = before.get(dimension) or {}, after.get(dimension) or {}
        for value in sorted(set(old) | set(new)):
            if old.get(value) != new.get(value):
                found.append((dimension, value, old.get(value), new.get(value)))
    return found
