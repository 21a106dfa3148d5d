"""Segments: who matches a set of criteria, counted fast enough to follow a form as it is filled in.

A :class:`MemberTable` holds every active member's attributes column-wise (row numbers as in the trust
matrix): for each set-valued attribute (skills, sectors, networks, ...) the rows holding each value, numeric
attributes as arrays, the projects members lead as their own columns, and the trust ties. :func:`select`
turns :class:`Criteria` into a boolean mask over the rows: within one criterion any listed value matches,
criteria combine with AND, an empty criterion does not filter. Counting 100,000 members this way takes
milliseconds (docs/benchmarks.md), where a Cypher statement per keystroke could not follow.

Priorities weigh values of the department's dimensions (sectors, regions of Morocco, skills, countries,
project stages); :func:`score` adds up each member's matched weights, and :func:`matches` says which.
Nothing here knows Flask or the graph.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields

import numpy as np
from scipy import sparse

#: set-valued member attributes a criterion may list values of (criterion name -> table column)
MEMBER_SETS = {
    "countries": "country",
    "cities": "city",
    "sectors": "sectors",
    "skills": "skills",
    "languages": "languages",
    "degrees": "degree",
    "availability": "availability",
    "contribute_sectors": "contribute_sectors",
    "contribute_regions": "contribute_regions",
    "networks": "networks",
    "labels": "labels",
    "communities": "community",
}
#: criteria on the projects members lead (criterion name -> project column)
PROJECT_SETS = {"project_stages": "stage", "project_sectors": "sector", "project_regions": "region"}
#: the department's priority dimensions -> the member columns a value of it is looked for in
PRIORITY_DIMENSIONS = {
    "sectors": ("sectors", "contribute_sectors"),
    "regions": ("contribute_regions",),
    "skills": ("skills",),
    "countries": ("country",),
    "stages": ("project_stage",),
}
DAY_MS = 86_400_000
MAX_STEPS = 2


@dataclass
class Criteria:
    """What a segment asks for; lists hold ids (communities: numbers), numbers are bounds, None: no bound."""

    countries: list = field(default_factory=list)
    cities: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    skills: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    degrees: list = field(default_factory=list)
    availability: list = field(default_factory=list)
    contribute_sectors: list = field(default_factory=list)
    contribute_regions: list = field(default_factory=list)
    networks: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    years_min: int | None = None
    years_max: int | None = None
    active_days: int | None = None  # active in the last N days
    attended_events: bool = False  # took part in at least one event
    mentors: bool = False  # open to mentoring
    project_stages: list = field(default_factory=list)
    project_sectors: list = field(default_factory=list)
    project_regions: list = field(default_factory=list)
    amount_min: int | None = None  # amount sought by a project they lead, in dirhams
    amount_max: int | None = None
    influence_top: int | None = None  # in the top N percent of the console's influence (PageRank)
    near_member: str | None = None  # within ``near_steps`` steps of trust of this member
    near_network: str | None = None  # members of this network (1 step) or their ties too (2 steps)
    near_steps: int = 2

    def as_dict(self) -> dict:
        """The criteria that filter, as plain data (what a saved segment keeps)."""
        kept = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "near_steps":
                if self.near_member or self.near_network:
                    kept[item.name] = value
            elif value not in (None, False, [], ""):
                kept[item.name] = list(value) if isinstance(value, list) else value
        return kept

    @classmethod
    def from_dict(cls, data: dict) -> "Criteria":
        """Criteria from :meth:`as_dict`'s output (names not known here are left out)."""
        known = {item.name for item in fields(cls)}
        return cls(**{name: value for name, value in (data or {}).items() if name in known})

    def contradictions(self) -> list[str]:
        """The names of the bounds that cannot both hold (a minimum above its maximum)."""
        found = []
        for low, high in (("years_min", "years_max"), ("amount_min", "amount_max")):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                found.append(low)
        return found


@dataclass
class MemberTable:
    """Every active member's attributes, column-wise; row ``n`` is ``ids[n]``."""

    ids: list[str]
    postings: dict[str, dict] = field(default_factory=dict)  # column -> value -> sorted row numbers
    years: np.ndarray = None
    last_active: np.ndarray = None  # ms since the epoch, 0 when never
    events: np.ndarray = None  # events taken part in
    mentor: np.ndarray = None
    reachable: np.ndarray = None  # has not opted out of the department's outreach
    listable: np.ndarray = None  # may be named in the department's lists (visibility and consent)
    influence: np.ndarray = None  # share of ranked members at or above them by PageRank (%), NaN when not ranked
    projects: dict = field(default_factory=dict)  # column -> array over projects (leader: row number)
    ties: sparse.csr_matrix = None  # trust between rows (any positive entry is a tie)
    built_at: int = 0

    @property
    def size(self) -> int:
        """How many members the table holds."""
        return len(self.ids)

    def row_of(self) -> dict[str, int]:
        """``{member id: row}`` (built on first use)."""
        if not hasattr(self, "_rows"):
            self._rows = {member_id: n for n, member_id in enumerate(self.ids)}
        return self._rows


def build(
    rows: list[dict],
    projects: list[dict],
    ties: sparse.csr_matrix,
    influence: dict[str, float],
    built_at: int,
) -> MemberTable:
    """A table from member rows (``id`` and the columns of :data:`MEMBER_SETS`, single values or lists;
    ``years``, ``last_active``, ``events``, ``mentor``, ``reachable``, ``listable``), project rows (``leader``
    id, ``stage``, ``sector``, ``region``, ``amount``), the trust matrix in the rows' order and
    ``{member id: PageRank}``."""
    ids = [row["id"] for row in rows]
    table = MemberTable(ids=ids, built_at=built_at, ties=ties)
    index = table.row_of()
    postings: dict[str, dict] = {}
    for column in set(MEMBER_SETS.values()):
        found = defaultdict(list)
        for n, row in enumerate(rows):
            value = row.get(column)
            for item in value if isinstance(value, list | tuple) else (value,):
                if item is not None and item != "":
                    found[item].append(n)
        postings[column] = {key: np.unique(np.asarray(rows_, dtype=np.int64)) for key, rows_ in found.items()}
    table.postings = postings
    table.years = np.array([_number(row.get("years")) for row in rows], dtype=float)
    table.last_active = np.array([row.get("last_active") or 0 for row in rows], dtype=np.int64)
    table.events = np.array([row.get("events") or 0 for row in rows], dtype=np.int64)
    table.mentor = np.array([bool(row.get("mentor")) for row in rows], dtype=bool)
    table.reachable = np.array([row.get("reachable", True) is not False for row in rows], dtype=bool)
    table.listable = np.array([row.get("listable", True) is not False for row in rows], dtype=bool)
    table.influence = _top_shares(np.array([influence.get(member_id, np.nan) for member_id in ids], dtype=float))
    led = [project for project in projects if project.get("leader") in index]
    table.projects = {
        "id": np.array([p.get("id") or "" for p in led], dtype=object),
        "title": np.array([p.get("title") or "" for p in led], dtype=object),
        "leader": np.array([index[p["leader"]] for p in led], dtype=np.int64),
        "stage": np.array([p.get("stage") or "" for p in led], dtype=object),
        "sector": np.array([p.get("sector") or "" for p in led], dtype=object),
        "region": np.array([p.get("region") or "" for p in led], dtype=object),
        "amount": np.array([_number(p.get("amount")) for p in led], dtype=float),
    }
    stages = defaultdict(list)
    for leader, stage in zip(table.projects["leader"], table.projects["stage"], strict=True):
        if stage:
            stages[stage].append(leader)
    postings["project_stage"] = {key: np.unique(np.asarray(v, dtype=np.int64)) for key, v in stages.items()}
    return table


def _number(value) -> float:
    try:
        return float(value) if value is not None else np.nan
    except (TypeError, ValueError):
        return np.nan


def _top_shares(values: np.ndarray) -> np.ndarray:
    """For each known value, the share (%) of the known values at or above it (the highest: 100/count; the
    lowest: 100), NaN where unknown: a member is in the top N % when theirs is at most N."""
    known = ~np.isnan(values)
    result = np.full(len(values), np.nan)
    count = int(known.sum())
    if count:
        order = np.argsort(np.argsort(values[known], kind="stable"), kind="stable")
        result[known] = 100.0 * (count - order) / count
    return result


def select(table: MemberTable, criteria: Criteria, now_ms: int) -> np.ndarray:
    """The rows matching every criterion, as a boolean mask (all False when the criteria contradict)."""
    mask = np.ones(table.size, dtype=bool)
    if criteria.contradictions():
        return ~mask
    for name, column in MEMBER_SETS.items():
        wanted = getattr(criteria, name)
        if wanted:
            mask &= _any_of(table, column, wanted)
    if criteria.years_min is not None:
        mask &= table.years >= criteria.years_min
    if criteria.years_max is not None:
        mask &= table.years <= criteria.years_max
    if criteria.active_days is not None:
        mask &= table.last_active >= now_ms - criteria.active_days * DAY_MS
    if criteria.attended_events:
        mask &= table.events > 0
    if criteria.mentors:
        mask &= table.mentor
    if criteria.influence_top is not None:
        with np.errstate(invalid="ignore"):
            mask &= table.influence <= criteria.influence_top
    if _asks_projects(criteria):
        mask &= _leaders_of(table, criteria)
    if criteria.near_member or criteria.near_network:
        mask &= near(table, criteria.near_member, criteria.near_network, criteria.near_steps)
    return mask


def _any_of(table: MemberTable, column: str, wanted: list) -> np.ndarray:
    mask = np.zeros(table.size, dtype=bool)
    postings = table.postings.get(column, {})
    for value in wanted:
        rows = postings.get(value)
        if rows is not None:
            mask[rows] = True
    return mask


def _asks_projects(criteria: Criteria) -> bool:
    return bool(
        any(getattr(criteria, name) for name in PROJECT_SETS)
        or criteria.amount_min is not None
        or criteria.amount_max is not None
    )


def _leaders_of(table: MemberTable, criteria: Criteria) -> np.ndarray:
    """Members leading at least one project that matches every project criterion."""
    projects = table.projects
    chosen = np.ones(len(projects["leader"]), dtype=bool)
    for name, column in PROJECT_SETS.items():
        wanted = getattr(criteria, name)
        if wanted:
            chosen &= np.isin(projects[column], list(wanted))
    with np.errstate(invalid="ignore"):
        if criteria.amount_min is not None:
            chosen &= projects["amount"] >= criteria.amount_min
        if criteria.amount_max is not None:
            chosen &= projects["amount"] <= criteria.amount_max
    mask = np.zeros(table.size, dtype=bool)
    mask[projects["leader"][chosen]] = True
    return mask


def near(table: MemberTable, member_id: str | None, network_id: str | None, steps: int) -> np.ndarray:
    """Members within ``steps`` (1 or 2) steps of trust of a member (not counting them), or of a network
    (its members are one step away, their ties two)."""
    start = np.zeros(table.size, dtype=bool)
    rows = table.row_of()
    if member_id is not None and member_id in rows:
        start[rows[member_id]] = True
    if network_id is not None:
        start |= _any_of(table, "networks", [network_id])
        steps -= 1  # the network's own members are its first step
    reached = start.copy()
    frontier = start
    for _ in range(max(0, min(steps, MAX_STEPS))):
        if not frontier.any():
            break
        frontier = (table.ties[np.flatnonzero(frontier)].sum(axis=0).A1 > 0) & ~reached
        reached |= frontier
    if member_id is not None and member_id in rows:
        reached[rows[member_id]] = False
    return reached


def overlap(first: np.ndarray, second: np.ndarray) -> dict[str, int]:
    """How many are in both masks, in the first only and in the second only."""
    return {
        "both": int((first & second).sum()),
        "first_only": int((first & ~second).sum()),
        "second_only": int((~first & second).sum()),
    }


def score(table: MemberTable, weights: dict[str, dict[str, float]]) -> np.ndarray:
    """Each member's priority score: the sum, over the dimensions of :data:`PRIORITY_DIMENSIONS`, of the
    weights of the values they hold (a value held in two columns of a dimension counts once)."""
    total = np.zeros(table.size, dtype=float)
    for dimension, columns in PRIORITY_DIMENSIONS.items():
        for value, weight in (weights.get(dimension) or {}).items():
            held = np.zeros(table.size, dtype=bool)
            for column in columns:
                rows = table.postings.get(column, {}).get(value)
                if rows is not None:
                    held[rows] = True
            total[held] += float(weight)
    return total


def matches(table: MemberTable, row: int, weights: dict[str, dict[str, float]]) -> list[tuple[str, str, float]]:
    """``(dimension, value, weight)`` of the priorities member ``row`` meets, heaviest first."""
    found = []
    for dimension, columns in PRIORITY_DIMENSIONS.items():
        for value, weight in (weights.get(dimension) or {}).items():
            postings = table.postings
            if weight and any(holds(postings.get(column, {}).get(value), row) for column in columns):
                found.append((dimension, value, float(weight)))
    return sorted(found, key=lambda item: -item[2])


def holds(rows: np.ndarray | None, row: int) -> bool:
    """Whether sorted row numbers ``rows`` (a value's postings) hold ``row``."""
    if rows is None or not len(rows):
        return False
    at = int(np.searchsorted(rows, row))
    return at < len(rows) and int(rows[at]) == row


PROJECT_DIMENSIONS = {"sectors": "sector", "regions": "region", "stages": "stage"}


def ranked_projects(table: MemberTable, mask: np.ndarray, weights: dict[str, dict[str, float]]) -> list[tuple]:
    """The projects led by members of ``mask``, by priority score (their sector, region and stage, and their
    leader's country), highest first: ``[(project position, score, [(dimension, value, weight)])]``."""
    projects = table.projects
    chosen = np.flatnonzero(mask[projects["leader"]]) if len(projects["leader"]) else np.zeros(0, dtype=np.int64)
    countries = weights.get("countries") or {}
    found = []
    for position in chosen:
        met = []
        for dimension, column in PROJECT_DIMENSIONS.items():
            value = projects[column][position]
            weight = (weights.get(dimension) or {}).get(value)
            if value and weight:
                met.append((dimension, value, float(weight)))
        leader = int(projects["leader"][position])
        for value, weight in countries.items():
            if weight and holds(table.postings.get("country", {}).get(value), leader):
                met.append(("countries", value, float(weight)))
        found.append((int(position), sum(item[2] for item in met), sorted(met, key=lambda item: -item[2])))
    return sorted(found, key=lambda item: (-item[1], item[0]))


def ranked(table: MemberTable, mask: np.ndarray, weights: dict[str, dict[str, float]]) -> np.ndarray:
    """The rows of ``mask`` by priority score, highest first (ties: the most influential, then the table's
    order)."""
    rows = np.flatnonzero(mask)
    scores = score(table, weights)[rows]
    influence = np.nan_to_num(table.influence[rows], nan=101.0)
    return rows[np.lexsort((rows, influence, -scores))]
