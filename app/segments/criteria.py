"""Reading a segment's criteria from a form, a query string or a JSON body, and the vocabularies to choose from.

Bad parts never stop the rest: a number that is not one is reported and left out, an unknown value is
reported and left out, a minimum above its maximum is reported and the count is zero. The messages are in the
reader's language.
"""

from flask_babel import lazy_gettext as _l

from graph import labels as label_queries
from graph import networks as network_queries
from graph import reference
from recommend.segments import Criteria

from ..extensions import store
from ..i18n import localized
from ..members.forms import AVAILABILITY_NAMES, DEGREE_NAMES
from ..projects.names import STAGE_NAMES

LISTS = (
    "countries",
    "cities",
    "sectors",
    "skills",
    "languages",
    "degrees",
    "availability",
    "contribute_sectors",
    "contribute_regions",
    "networks",
    "labels",
    "communities",
    "project_stages",
    "project_sectors",
    "project_regions",
)
#: number criterion -> (lowest, highest) accepted
NUMBERS = {
    "years_min": (0, 80),
    "years_max": (0, 80),
    "active_days": (1, 3650),
    "amount_min": (0, 10_000_000_000),
    "amount_max": (0, 10_000_000_000),
    "influence_top": (1, 100),
    "near_steps": (1, 2),
}
FLAGS = ("attended_events", "mentors")
TEXTS = ("near_member", "near_network")
MAX_VALUES = 500  # values listed in one criterion
LABELS = {
    "countries": _l("Countries"),
    "cities": _l("Cities"),
    "sectors": _l("Sectors"),
    "skills": _l("Skills"),
    "languages": _l("Languages"),
    "degrees": _l("Degrees"),
    "availability": _l("Availability"),
    "contribute_sectors": _l("Wants to contribute in the sectors"),
    "contribute_regions": _l("Wants to contribute in the regions"),
    "networks": _l("Networks"),
    "labels": _l("Labels"),
    "communities": _l("Communities"),
    "project_stages": _l("Project stages"),
    "project_sectors": _l("Project sectors"),
    "project_regions": _l("Project regions"),
    "years_min": _l("At least this many years of experience"),
    "years_max": _l("At most this many years of experience"),
    "active_days": _l("Active in the last days"),
    "amount_min": _l("Project seeks at least (MAD)"),
    "amount_max": _l("Project seeks at most (MAD)"),
    "influence_top": _l("Among the most influential (top %)"),
    "near_steps": _l("Steps of trust"),
    "attended_events": _l("Took part in events"),
    "mentors": _l("Open to mentoring"),
    "near_member": _l("Close to the member (id)"),
    "near_network": _l("Close to the network"),
}


def vocabularies() -> dict[str, list[tuple[str, str]]]:
    """``{list criterion: [(value, name in the reader's language)]}`` for those chosen from a list."""
    db = store()
    sectors = [(row["id"], localized(row)) for row in reference.listing(db, "Sector")]
    regions = [(row["id"], localized(row)) for row in reference.listing(db, "Region")]
    return {
        "countries": sorted(((r["id"], localized(r)) for r in reference.listing(db, "Country")), key=lambda x: x[1]),
        "sectors": sectors,
        "skills": sorted(((r["id"], localized(r)) for r in reference.all_skills(db)), key=lambda x: x[1]),
        "languages": [(row["id"], localized(row)) for row in reference.listing(db, "Language")],
        "degrees": [(key, str(name)) for key, name in DEGREE_NAMES.items()],
        "availability": [(key, str(name)) for key, name in AVAILABILITY_NAMES.items()],
        "contribute_sectors": sectors,
        "contribute_regions": regions,
        "networks": [(row["id"], localized(row)) for row in network_queries.listing(db)],
        "labels": [(row["id"], localized(row)) for row in label_queries.types(db)],
        "project_stages": [(key, str(name)) for key, name in STAGE_NAMES.items()],
        "project_sectors": sectors,
        "project_regions": regions,
    }


def parse(data, vocabulary: dict | None = None) -> tuple[Criteria, list[str]]:
    """Criteria from a form/query ``MultiDict`` (lists as repeated keys or comma-separated) or a JSON dict;
    the problems found, as sentences. Values outside a known vocabulary are left out and reported."""
    vocabulary = vocabulary if vocabulary is not None else vocabularies()
    known = {name: {value for value, _name in pairs} for name, pairs in vocabulary.items()}
    values, problems = {}, []
    if not hasattr(data, "get"):
        return Criteria(), [str(_l("The criteria must be an object of names and values."))]
    for name in LISTS:
        items = _listed(data, name)
        if len(items) > MAX_VALUES:
            problems.append(str(_l("%(field)s: at most %(n)d values.", field=LABELS[name], n=MAX_VALUES)))
            items = items[:MAX_VALUES]
        if name == "communities":
            items, bad = _integers(items)
        elif name in known:
            bad = [item for item in items if item not in known[name]]
            items = [item for item in items if item in known[name]]
        else:
            bad = []
        if bad:
            problems.append(
                str(_l("%(field)s: unknown %(values)s, left out.", field=LABELS[name], values=", ".join(bad[:5])))
            )
        if items:
            values[name] = items
    for name, (low, high) in NUMBERS.items():
        raw = _single(data, name)
        if raw in (None, ""):
            continue
        number = _integer(raw)
        if number is None or not low <= number <= high:
            problems.append(
                str(_l("%(field)s: a whole number from %(low)d to %(high)d.", field=LABELS[name], low=low, high=high))
            )
            continue
        values[name] = number
    for name in FLAGS:
        if _flag(_single(data, name)):
            values[name] = True
    for name in TEXTS:
        raw = _single(data, name)
        if isinstance(raw, str) and raw.strip():
            values[name] = raw.strip()[:100]
    if values.get("near_network") and values["near_network"] not in known.get("networks", set()):
        problems.append(str(_l("%(field)s: unknown network, left out.", field=LABELS["near_network"])))
        values.pop("near_network")
    criteria = Criteria(**values)
    for name in criteria.contradictions():
        problems.append(str(_l("%(field)s is above its maximum: nobody can match.", field=LABELS[name])))
    return criteria, problems


def _listed(data, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        raw = data.getlist(name)
    else:
        raw = data.get(name) or []
        raw = raw if isinstance(raw, list) else [raw]
    items = []
    for item in raw:
        if isinstance(item, str):
            items.extend(part.strip() for part in item.split(",") if part.strip())
        elif isinstance(item, int | float) and not isinstance(item, bool):
            items.append(str(int(item)))
    return list(dict.fromkeys(items))


def _single(data, name: str):
    value = data.get(name)
    return value[0] if isinstance(value, list) and value else value


def _integer(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def _integers(items: list[str]) -> tuple[list[int], list[str]]:
    good, bad = [], []
    for item in items:
        number = _integer(item)
        (good.append(number) if number is not None and number >= 0 else bad.append(item))
    return good, bad


def _flag(raw) -> bool:
    return raw is True or (isinstance(raw, str) and raw.lower() in ("1", "true", "on", "yes"))
