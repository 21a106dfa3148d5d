"""A programme's conditions, kept as data and evaluated by one small evaluator.

The grammar (JSON), documented for staff in ``docs/programmes.md``::

    rules      := {"conditions": [condition, ...], "financing": financing?}
    condition  := {"field": FIELD, "op": OP, "value": VALUE}
                | {"all": [condition, ...]}          every one holds
                | {"any": [condition, ...]}          at least one holds

A number field (:data:`FIELDS` of kind ``amount``, ``percent``, ``count``, ``ratio``) takes ``>=``, ``<=``,
``>``, ``<`` or ``=`` and a number; a choice field takes ``in`` or ``not_in`` and a list of its values.
Every top-level condition must hold. Facts come from a project (or a description that is not saved); a
fact that is missing makes its condition *unknown*, never *failed*, so the answer is then "missing
information" unless another condition fails outright.

>>> rules = {"conditions": [{"field": "investment_mad", "op": ">=", "value": 1000000}]}
>>> evaluate(rules, {"investment_mad": 400000}).verdict
'not_eligible'
>>> evaluate(rules, {}).verdict
'missing'
"""

import math
from dataclasses import dataclass, field

NUMBER_OPS = (">=", "<=", ">", "<", "=")
CHOICE_OPS = ("in", "not_in")
MAX_DEPTH = 4
MAX_CONDITIONS = 60


@dataclass(frozen=True)
class Field:
    """A fact conditions can test: ``kind`` is ``amount`` (MAD), ``percent`` (0–100), ``count``, ``ratio``
    (0–1, computed as ``numerator / denominator``) or ``choice`` (one of ``choices``, or of a reference
    list such as the sectors when ``choices`` is None)."""

    kind: str
    choices: tuple[str, ...] | None = None
    numerator: str | None = None
    denominator: str | None = None

    @property
    def numeric(self) -> bool:
        """Whether the field holds a number."""
        return self.kind != "choice"


KINDS_OF_PROJECT = ("creation", "extension")
RESIDENCES = ("abroad", "returned", "morocco")
STAGES = ("idea", "prototype", "creation", "growth")
LEGAL_FORMS = ("company", "sole_trader", "cooperative", "association", "none")
FIELDS: dict[str, Field] = {
    "kind": Field("choice", KINDS_OF_PROJECT),
    "stage": Field("choice", STAGES),
    "sector": Field("choice"),  # a sector id
    "region": Field("choice"),  # a region of Morocco's id
    "country": Field("choice"),  # the promoter's country of residence (ISO code)
    "residence": Field("choice", RESIDENCES),
    "legal_form": Field("choice", LEGAL_FORMS),
    "investment_mad": Field("amount"),
    "own_funds_mad": Field("amount"),
    "foreign_funds_mad": Field("amount"),  # own funds brought in foreign currency (dedicated dirham account)
    "mre_share_pct": Field("percent"),  # share of the capital held by Moroccans living abroad
    "returned_months": Field("count"),  # months since the promoter came back for good
    "jobs_planned": Field("count"),
    "own_funds_share": Field("ratio", numerator="own_funds_mad", denominator="investment_mad"),
    "foreign_funds_share": Field("ratio", numerator="foreign_funds_mad", denominator="investment_mad"),
}
FACTS = tuple(name for name, spec in FIELDS.items() if spec.kind != "ratio")
FINANCING_KEYS = {
    "min_own_share": "ratio",  # own funds at least this share of the investment
    "min_foreign_share": "ratio",  # of which brought in foreign currency at least this share
    "grant_rate": "ratio",  # a grant of this share of the Moroccans-abroad part of the investment
    "grant_cap_mad": "amount",  # and never more than this
}


class RuleError(ValueError):
    """A programme's rules that cannot be kept: ``problems`` are ``(code, params)`` pairs, worded by the
    pages in the reader's language."""

    def __init__(self, problems: list[tuple[str, dict]]):
        super().__init__("; ".join(f"{code} {params}" for code, params in problems))
        self.problems = problems


def check(rules, known: dict[str, set[str]] | None = None) -> dict:
    """The rules if they can be evaluated, else :class:`RuleError` with every problem found (an unknown field
    or operator, a value of the wrong kind, a sector or region that does not exist when ``known`` lists them
    by field)."""
    problems: list[tuple[str, dict]] = []
    if not isinstance(rules, dict) or not isinstance(rules.get("conditions", []), list):
        raise RuleError([("shape", {})])
    unexpected = sorted(set(rules) - {"conditions", "financing"})
    if unexpected:
        problems.append(("unknown_key", {"key": unexpected[0]}))
    count = [0]
    for condition in rules.get("conditions", []):
        _check_condition(condition, known or {}, problems, 1, count)
    financing = rules.get("financing")
    if financing is not None:
        _check_financing(financing, problems)
    if problems:
        raise RuleError(problems)
    return rules


def _check_condition(condition, known, problems, depth, count) -> None:
    count[0] += 1
    if count[0] > MAX_CONDITIONS or depth > MAX_DEPTH:
        problems.append(("too_many", {"limit": MAX_CONDITIONS, "depth": MAX_DEPTH}))
        return
    if not isinstance(condition, dict):
        problems.append(("shape", {}))
        return
    group = [key for key in ("all", "any") if key in condition]
    if group:
        parts = condition[group[0]]
        if len(condition) != 1 or not isinstance(parts, list) or not parts:
            problems.append(("group", {"key": group[0]}))
            return
        for part in parts:
            _check_condition(part, known, problems, depth + 1, count)
        return
    name = condition.get("field")
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        problems.append(("unknown_field", {"field": str(name)[:60]}))
        return
    if set(condition) != {"field", "op", "value"}:
        problems.append(("condition_keys", {"field": name}))
        return
    op, value = condition["op"], condition["value"]
    if spec.numeric:
        if op not in NUMBER_OPS:
            problems.append(("op", {"field": name, "op": str(op)[:10], "allowed": NUMBER_OPS}))
        elif not _is_number(value) or not _in_range(spec.kind, value):
            problems.append(("number", {"field": name, "kind": spec.kind}))
        return
    if op not in CHOICE_OPS:
        problems.append(("op", {"field": name, "op": str(op)[:10], "allowed": CHOICE_OPS}))
        return
    allowed = set(spec.choices) if spec.choices is not None else known.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.append(("list", {"field": name}))
    elif allowed is not None and set(value) - allowed:
        problems.append(("unknown_value", {"field": name, "value": sorted(set(value) - allowed)[0]}))


def _check_financing(financing, problems) -> None:
    if not isinstance(financing, dict):
        problems.append(("financing", {}))
        return
    for key, value in financing.items():
        kind = FINANCING_KEYS.get(key)
        if kind is None:
            problems.append(("unknown_key", {"key": str(key)[:60]}))
        elif not _is_number(value) or not _in_range(kind, value):
            problems.append(("number", {"field": key, "kind": kind}))


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _in_range(kind: str, value: float) -> bool:
    upper = {"ratio": 1, "percent": 100}.get(kind, 1e13)
    return 0 <= value <= upper


@dataclass
class Outcome:
    """One condition's answer: ``status`` is ``met``, ``failed`` or ``missing``; ``actual`` the fact tested
    (None when missing); ``change`` what would turn a failed number condition (``{"field", "by"}``: raise or
    lower that fact by so much); ``parts`` the outcomes inside an ``all``/``any``; ``needs`` the facts
    whose absence left it missing."""

    condition: dict
    status: str
    actual: object = None
    change: dict | None = None
    parts: list["Outcome"] = field(default_factory=list)
    needs: tuple[str, ...] = ()


@dataclass
class Verdict:
    """A programme's answer for some facts: ``eligible``, ``not_eligible`` or ``missing`` (information)."""

    verdict: str
    outcomes: list[Outcome]

    @property
    def missing_fields(self) -> list[str]:
        """The facts that would let a ``missing`` answer be given."""
        found: list[str] = []
        _collect_missing(self.outcomes, found)
        return found


def _collect_missing(outcomes: list[Outcome], found: list[str]) -> None:
    """The facts of the conditions that left the answer open (not those of a group decided without them)."""
    for outcome in outcomes:
        if outcome.status != "missing":
            continue
        _collect_missing(outcome.parts, found)
        found.extend(name for name in outcome.needs if name not in found)


def _absent(facts: dict, name: str) -> tuple[str, ...]:
    spec = FIELDS[name]
    inputs = (spec.numerator, spec.denominator) if spec.kind == "ratio" else (name,)
    return tuple(n for n in inputs if facts.get(n) in (None, "") or (n == spec.denominator and not facts.get(n)))


def fact(facts: dict, name: str):
    """A fact by name, ratios computed (None when an input is missing or the denominator is 0)."""
    spec = FIELDS[name]
    if spec.kind != "ratio":
        value = facts.get(name)
        return None if value is None or value == "" else value
    top, bottom = facts.get(spec.numerator), facts.get(spec.denominator)
    if top is None or not bottom:
        return None
    return top / bottom


def _compare(op: str, actual: float, wanted: float) -> bool:
    return {
        ">=": actual >= wanted,
        "<=": actual <= wanted,
        ">": actual > wanted,
        "<": actual < wanted,
        "=": actual == wanted,
    }[op]


def _change(name: str, op: str, wanted: float, facts: dict) -> dict | None:
    """What would meet a failed number condition: the fact to move and by how much (a ratio moves its
    numerator, in the numerator's unit)."""
    spec = FIELDS[name]
    if op == "=":
        return None
    if spec.kind == "ratio":
        target = wanted * facts[spec.denominator]
        name, actual = spec.numerator, facts[spec.numerator]
    else:
        target, actual = wanted, facts[name]
    step = 1 if FIELDS[name].kind in ("amount", "count") else 0
    if op in (">=", ">"):
        by = math.ceil(target - actual) + (step if op == ">" else 0)
    else:
        by = -(math.ceil(actual - target) + (step if op == "<" else 0))
    return {"field": name, "by": by}


def _evaluate(condition: dict, facts: dict) -> Outcome:
    for key in ("all", "any"):
        if key in condition:
            parts = [_evaluate(part, facts) for part in condition[key]]
            statuses = {part.status for part in parts}
            decisive = "failed" if key == "all" else "met"
            other = "met" if key == "all" else "failed"
            status = decisive if decisive in statuses else ("missing" if "missing" in statuses else other)
            return Outcome(condition, status, parts=parts)
    name, op, wanted = condition["field"], condition["op"], condition["value"]
    actual = fact(facts, name)
    if actual is None:
        return Outcome(condition, "missing", needs=_absent(facts, name))
    if FIELDS[name].numeric:
        if _compare(op, actual, wanted):
            return Outcome(condition, "met", actual)
        return Outcome(condition, "failed", actual, _change(name, op, wanted, facts))
    met = (actual in wanted) == (op == "in")
    return Outcome(condition, "met" if met else "failed", actual)


def evaluate(rules: dict, facts: dict) -> Verdict:
    """Every top-level condition of ``rules`` against ``facts`` (checked rules; facts as :data:`FACTS`)."""
    outcomes = [_evaluate(condition, facts) for condition in rules.get("conditions", [])]
    statuses = {outcome.status for outcome in outcomes}
    verdict = "not_eligible" if "failed" in statuses else ("missing" if "missing" in statuses else "eligible")
    return Verdict(verdict, outcomes)
