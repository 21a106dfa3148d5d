"""Programmes' conditions, answers and rule problems in the reader's language.

The evaluator (:mod:`recommend.programmes.rules`) answers in codes and numbers; this module says them:
"Total investment: at least 1,000,000 MAD", "Bring 150,000 MAD more in foreign currency". Numbers are
formatted for the locale and isolated left to right, so Arabic never mirrors their digit groups.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from recommend.programmes.rules import CHOICE_OPS, FIELDS, NUMBER_OPS, Outcome

from ..i18n import listed, number
from ..projects.names import STAGE_NAMES
from .facts_form import KIND_NAMES, LEGAL_FORM_NAMES, RESIDENCE_NAMES

FIELD_NAMES = {
    "kind": _l("Kind of project"),
    "stage": _l("Stage"),
    "sector": _l("Sector"),
    "region": _l("Region of Morocco"),
    "country": _l("Country of residence"),
    "residence": _l("Where the promoter lives"),
    "legal_form": _l("Legal form"),
    "investment_mad": _l("Total investment"),
    "own_funds_mad": _l("Own funds"),
    "foreign_funds_mad": _l("Own funds brought in foreign currency"),
    "mre_share_pct": _l("Share of the capital held by Moroccans living abroad"),
    "returned_months": _l("Months since coming back for good"),
    "jobs_planned": _l("Jobs planned"),
    "own_funds_share": _l("Own funds, as a share of the investment"),
    "foreign_funds_share": _l("Own funds in foreign currency, as a share of the investment"),
}
assert set(FIELD_NAMES) == set(FIELDS)
FIXED_VALUES = {"kind": KIND_NAMES, "residence": RESIDENCE_NAMES, "legal_form": LEGAL_FORM_NAMES, "stage": STAGE_NAMES}
VERDICT_NAMES = {
    "eligible": _l("Eligible"),
    "not_eligible": _l("Not eligible"),
    "missing": _l("Missing information"),
}
STATUS_NAMES = {"met": _l("met"), "failed": _l("not met"), "missing": _l("missing information")}
PROGRAMME_STATUS_NAMES = {"open": _l("Open"), "upcoming": _l("Not open yet"), "closed": _l("Closed")}
KIND_OF_PROGRAMME_NAMES = {
    "financing": _l("Financing"),
    "support": _l("Support for creating a business"),
    "training": _l("Training"),
    "platform": _l("Platform and network"),
}


def quantity(name: str, value) -> Markup:
    """A number in its field's unit: "1,000,000 MAD", "25 %", "12"."""
    kind = FIELDS[name].kind
    if kind == "amount":
        return Markup(_("%(amount)s MAD", amount=number(value)))
    if kind == "ratio":
        return Markup(_("%(percent)s %%", percent=number(round(value * 100, 2))))
    if kind == "percent":
        return Markup(_("%(percent)s %%", percent=number(value)))
    return number(value)


def value_name(name: str, value: str, names: dict[str, dict[str, str]]) -> str:
    """A choice's value as the reader says it (a sector, a region, a country, a kind of project…)."""
    fixed = FIXED_VALUES.get(name)
    if fixed is not None:
        return str(fixed.get(value, value))
    return (names.get(name) or {}).get(value, value)


def _number_phrase(op: str) -> str:
    return {
        ">=": _("%(field)s: at least %(value)s"),
        "<=": _("%(field)s: at most %(value)s"),
        ">": _("%(field)s: more than %(value)s"),
        "<": _("%(field)s: less than %(value)s"),
        "=": _("%(field)s: exactly %(value)s"),
    }[op]


def condition(cond: dict, names: dict) -> Markup:
    """One condition (not a group) in plain words."""
    field = cond["field"]
    label = FIELD_NAMES[field]
    if cond["op"] in NUMBER_OPS:
        return Markup(_number_phrase(cond["op"])) % {"field": label, "value": quantity(field, cond["value"])}
    assert cond["op"] in CHOICE_OPS
    values = listed(value_name(field, v, names) for v in cond["value"])
    if cond["op"] == "in":
        return Markup(_("%(field)s: %(values)s", field=label, values=values))
    return Markup(_("%(field)s: anything but %(values)s", field=label, values=values))


def group(cond: dict) -> str:
    """The heading of an ``all`` or ``any`` group."""
    return _("All of these:") if "all" in cond else _("One of these:")


def actual(outcome: Outcome, names: dict) -> Markup:
    """What the facts said for a condition ("yours: 400,000 MAD")."""
    if outcome.actual is None or outcome.parts:
        return Markup("")
    field = outcome.condition["field"]
    shown = quantity(field, outcome.actual) if FIELDS[field].numeric else value_name(field, outcome.actual, names)
    return Markup(_("yours: %(value)s", value=shown))


def change(outcome: Outcome) -> Markup:
    """What would meet a failed number condition ("Bring 150,000 MAD more in foreign currency")."""
    if not outcome.change:
        return Markup("")
    field, by = outcome.change["field"], outcome.change["by"]
    amount = quantity(field, abs(by))
    if field == "foreign_funds_mad" and by > 0:
        return Markup(_("Bring %(amount)s more in foreign currency.", amount=amount))
    if field == "own_funds_mad" and by > 0:
        return Markup(_("Bring %(amount)s more of your own funds.", amount=amount))
    if by > 0:
        return Markup(_("%(field)s: %(amount)s more would meet it.", field=FIELD_NAMES[field], amount=amount))
    return Markup(_("%(field)s: %(amount)s less would meet it.", field=FIELD_NAMES[field], amount=amount))


def missing(fields: list[str]) -> Markup:
    """The facts to give for a "missing information" answer."""
    return Markup(_("Tell us: %(fields)s.", fields=listed(str(FIELD_NAMES[f]) for f in fields)))


PROBLEMS = {
    "shape": _l("The rules must be an object whose “conditions” is a list of conditions."),
    "unknown_key": _l("Unknown key “%(key)s”."),
    "too_many": _l("Too many conditions: at most %(limit)d, in groups at most %(depth)d deep."),
    "group": _l("“%(key)s” takes a list of at least one condition, and nothing beside it."),
    "unknown_field": _l("Unknown field “%(field)s”: conditions can test %(known)s."),
    "condition_keys": _l("The condition on “%(field)s” needs exactly “field”, “op” and “value”."),
    "op": _l("“%(op)s” cannot test “%(field)s”: use one of %(allowed)s."),
    "number": _l("“%(field)s” needs a number between 0 and its upper bound (1 for a share, 100 for a percentage)."),
    "list": _l("“%(field)s” needs a list of one or more codes."),
    "unknown_value": _l("“%(value)s” is not a known value of “%(field)s”."),
    "financing": _l("“financing” must be an object."),
    "json": _l("This is not valid JSON (line %(line)d, column %(column)d): %(reason)s"),
}


def problem(code: str, params: dict) -> str:
    """One problem of rules refused when saved, in the reader's language."""
    params = dict(params)
    if code == "unknown_field":
        params["known"] = ", ".join(sorted(FIELDS))
    if "allowed" in params:
        params["allowed"] = ", ".join(params["allowed"])
    return str(PROBLEMS[code]) % params
