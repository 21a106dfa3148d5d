"""What the programme pages and the API mean: the catalogue, a project's facts, eligibility, and keeping a
programme's changes (each a version)."""

import json
import re
from datetime import date

from flask_babel import gettext as _

from graph import programmes as programme_queries
from graph import reference
from graph.store import GraphStore
from recommend.programmes import eligibility, rules

from ..accounts.service import now_ms
from ..i18n import localized
from .facts_form import FACT_PROPS, FOREIGN_ABOVE_OWN, OWN_ABOVE_TOTAL

ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,39}$")
REFERENCE_FIELDS = {"sector": "Sector", "region": "Region", "country": "Country"}


def today() -> str:
    """Today as an ISO day, the way programmes' dates are kept."""
    return date.today().isoformat()


def catalogue(store: GraphStore) -> list[dict]:
    """Every programme with its ``status`` today (open, upcoming, closed)."""
    day = today()
    return [
        {**programme, "status": eligibility.status(programme, day)} for programme in programme_queries.listing(store)
    ]


def programme_names(store: GraphStore, catalogue: list[dict] | None = None) -> dict[str, str]:
    """``{id: name}`` of every programme (proper names: the same in every language); from ``catalogue`` when
    the caller read it already."""
    return {programme["id"]: programme["name"] for programme in catalogue or programme_queries.listing(store)}


def value_names(store: GraphStore) -> dict[str, dict[str, str]]:
    """The reference values conditions test (sectors, regions, countries), named in the reader's language."""
    return {
        field: {node["id"]: localized(node) for node in reference.listing(store, label)}
        for field, label in REFERENCE_FIELDS.items()
    }


def known_values(store: GraphStore) -> dict[str, set[str]]:
    """The codes a condition on a sector, region or country may name."""
    return {
        field: {node["id"] for node in reference.listing(store, label)} for field, label in REFERENCE_FIELDS.items()
    }


def project_facts(project: dict, leader: dict | None) -> dict:
    """The facts of a saved project: what it says, its sector, region and stage, and where its leader lives
    (a leader whose profile places them outside Morocco lives abroad unless the project says otherwise)."""
    facts = {name: project.get(name) for name in FACT_PROPS}
    facts.update(
        sector=project.get("sector_id"),
        region=project.get("region_id"),
        stage=project.get("stage"),
        jobs_planned=project.get("jobs_planned"),
        country=(leader or {}).get("country"),
    )
    if facts["residence"] is None and facts["country"] and facts["country"] != "MA":
        facts["residence"] = "abroad"
    return facts


def assess(
    store: GraphStore, facts: dict, catalogue: list[dict] | None = None
) -> tuple[list[eligibility.Assessment], list[dict]]:
    """Eligibility for every programme open today (see :func:`recommend.programmes.eligibility.assess`); over
    ``catalogue`` when the caller read it already."""
    return eligibility.assess(catalogue or programme_queries.listing(store), facts, today())


def parse_rules(text: str, known: dict[str, set[str]]) -> dict:
    """Rules typed as JSON, checked; :class:`rules.RuleError` says what is wrong (bad JSON included)."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise rules.RuleError([("json", {"line": error.lineno, "column": error.colno, "reason": error.msg})])
    return rules.check(parsed, known)


def save(store: GraphStore, programme_id: str | None, props: dict, person, note: str, expected: int | None):
    """Create (``programme_id`` new) or change a programme; the version it is now at, or None when the id is
    taken (creating) or someone changed the programme since version ``expected`` (changing)."""
    by = {"id": person.id, "name": person.display_name}
    if expected is None:
        return 1 if programme_queries.create(store, programme_id, props, by, note, now_ms()) else None
    return programme_queries.update(store, programme_id, expected, props, by, note, now_ms())


def status_of(programme: dict) -> str:
    """The programme's status today: ``open``, ``upcoming`` or ``closed``."""
    return eligibility.status(programme, today())


def consistent_facts(facts: dict, names: dict[str, dict[str, str]]) -> tuple[dict, list[tuple[str, str]]]:
    """Facts fit to evaluate, and ``(field, message)`` for each left out: own funds above the investment, a
    foreign-currency part above the own funds, a sector, region or country that does not exist."""
    kept = {name: facts.get(name) for name in rules.FACTS}
    problems = []
    for field in REFERENCE_FIELDS:
        if kept[field] is not None and kept[field] not in names[field]:
            problems.append((field, _("There is no such value: %(value)s.", value=kept[field])))
            kept[field] = None
    own, total, foreign = kept["own_funds_mad"], kept["investment_mad"], kept["foreign_funds_mad"]
    if own is not None and total is not None and own > total:
        problems.append(("own_funds_mad", str(OWN_ABOVE_TOTAL)))
        kept["own_funds_mad"] = own = None
    if foreign is not None and own is not None and foreign > own:
        problems.append(("foreign_funds_mad", str(FOREIGN_ABOVE_OWN)))
        kept["foreign_funds_mad"] = None
    return kept, problems
