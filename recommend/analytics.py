"""The department's analytics over one snapshot: influence per member, and aggregates per community, country
and network, each aggregate cell under :data:`SMALL_CELL` members hidden.

:func:`analyse` takes the snapshot (connections and features, ``recommend.snapshot``), each member's
community (the recommendation job's, -1 for a member it has not seen yet), the accepted mentorships as
``(leader, mentor)`` ids, projects per leader and when each member was last active; it returns a
:class:`Report`: one row per member (the measures of ``recommend.influence`` and the reasons a person can
read) and the tables (communities, countries, networks, the network matrix, cross-border arcs). The job
(``recommend.insights_job``) stores it; pages only read.

Reasons are data, not sentences, so that each page says them in its own language: ``{"kind": "countries",
"values": [["CA", 12], ["FR", 8]]}`` reads "contacts in Canada (12) and France (8)".
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from . import influence
from .snapshot import Snapshot

SMALL_CELL = 5  # an aggregate of fewer members than this is hidden (shown as None)
ACTIVE_DAYS = 30  # a member seen within this many days counts as active
REASON_GROUPS = (("countries", "country"), ("networks", "networks"), ("communities", None))
REASONS_FOR = 200  # members given reasons: the top of each measure
TOP_TIES = 5  # other communities named beside each community
MAP_SKILLS = 60  # skills the world map offers as layers: the most common
MAP_GROUPS = (("networks", None), ("sectors", None), ("skills", MAP_SKILLS))


@dataclass
class Report:
    """What one analytics run found (see the module's docstring)."""

    members: list[dict]
    communities: list[dict]
    countries: list[dict]
    networks: list[dict]
    network_matrix: dict
    arcs: dict
    map_layers: dict
    totals: dict
    betweenness_bound: float
    seconds: dict[str, float] = field(default_factory=dict)


def ranks(rows: list[dict], listed: list[bool], measure: str) -> list[int | None]:
    """Each row's rank by ``measure`` among the listed rows (1 = highest; ties by id), None for the others."""
    order = sorted((i for i in range(len(rows)) if listed[i]), key=lambda i: (-rows[i][measure], rows[i]["id"]))
    found: list[int | None] = [None] * len(rows)
    for rank, i in enumerate(order, start=1):
        found[i] = rank
    return found


def hide_small(count: int | float) -> int | float | None:
    """``count``, or None when it counts between 1 and :data:`SMALL_CELL` - 1 members (the small-cell rule)."""
    return None if 0 < count < SMALL_CELL else count


def _ordered(values: np.ndarray, names: list[str], top: int) -> list[list]:
    """The ``top`` largest positive entries of ``values`` as ``[name, count]``."""
    order = [int(i) for i in np.argsort(-values, kind="stable")[:top] if values[i] > 0]
    return [[names[i], int(values[i])] for i in order]


def _reasons(row: int, contact_groups: dict[str, sparse.csr_matrix], names: dict[str, list[str]]) -> list[dict]:
    """The groups ``row``'s contacts fall in, for each grouping where they span two or more."""
    reasons = []
    for kind, _feature in REASON_GROUPS:
        counts = contact_groups[kind][row].toarray().ravel()
        spread = _ordered(counts, names[kind], 3)
        if len(spread) >= 2:
            reasons.append({"kind": kind, "values": spread})
    return reasons


def _group_matrices(snap: Snapshot, labels: np.ndarray) -> tuple[dict, dict]:
    """Members × groups incidence for countries, networks and communities, and the groups' names."""
    matrices = {
        "countries": snap.features["country"],
        "networks": snap.features["networks"],
        "communities": influence.incidence(labels),
    }
    names = {
        "countries": snap.vocabulary["country"],
        "networks": snap.vocabulary["networks"],
        "communities": [str(c) for c in range(matrices["communities"].shape[1])],
    }
    return matrices, names


def _member_rows(snap: Snapshot, labels: np.ndarray, measured: influence.Measures, groups: dict, names: dict):
    """One row per member: the measures, participations and, for the top of each measure, reasons."""
    adjacency = snap.adjacency
    contact_groups = {kind: (adjacency @ matrix).tocsr() for kind, matrix in groups.items()}
    participation = {kind: influence.participation(adjacency, matrix) for kind, matrix in groups.items()}
    brokerage = np.nan_to_num(measured.effective_size, nan=0.0)
    reasoned = set()
    for values in (measured.degree, measured.pagerank, measured.betweenness, brokerage, participation["communities"]):
        reasoned.update(int(i) for i in np.argsort(-values, kind="stable")[:REASONS_FOR])
    reasoned.update(int(i) for i in np.flatnonzero(measured.articulation))
    rows = []
    for row, member_id in enumerate(snap.ids):
        constraint = measured.constraint[row]
        rows.append(
            {
                "id": member_id,
                "community": int(labels[row]),
                "degree": int(measured.degree[row]),
                "pagerank": float(measured.pagerank[row]),
                "betweenness": float(measured.betweenness[row]),
                "constraint": None if np.isnan(constraint) else float(constraint),
                "brokerage": float(brokerage[row]),
                "core": int(measured.core[row]),
                "cut_point": bool(measured.articulation[row]),
                "participation": float(participation["communities"][row]),
                "participation_countries": float(participation["countries"][row]),
                "participation_networks": float(participation["networks"][row]),
                "reasons": _reasons(row, contact_groups, names) if row in reasoned else [],
            }
        )
    return rows


def _named(counts: np.ndarray, names: list[str], top: int = 5) -> list[str]:
    """The names of the ``top`` most frequent values (ties: the value seen first)."""
    return [name for name, _n in _ordered(counts, names, top)]


def _community_rows(snap: Snapshot, communities: sparse.csr_matrix) -> list[dict]:
    """Per community: size, what characterises it, internal ties and density, ties to other communities."""
    between = (communities.T @ snap.adjacency @ communities).toarray()
    sizes = np.asarray(communities.sum(axis=0)).ravel().astype(np.int64)
    tops = {
        name: (communities.T @ snap.features[name]).toarray() for name in ("skills", "sectors", "country", "networks")
    }
    rows = []
    for community, size in enumerate(sizes.tolist()):
        inside = int(between[community, community] // 2)
        possible = size * (size - 1) / 2
        others = between[community].copy()
        others[community] = 0
        rows.append(
            {
                "id": community,
                "size": hide_small(size),
                "skills": _named(tops["skills"][community], snap.vocabulary["skills"]),
                "sectors": _named(tops["sectors"][community], snap.vocabulary["sectors"]),
                "countries": _named(tops["country"][community], snap.vocabulary["country"]),
                "networks": _named(tops["networks"][community], snap.vocabulary["networks"]),
                "ties_inside": hide_small(inside),
                "density": round(inside / possible, 4) if possible and size >= SMALL_CELL else None,
                "ties_to": [
                    [int(other), hide_small(int(n))]
                    for other, n in _ordered(others, list(range(len(others))), TOP_TIES)
                ],
            }
        )
    return rows


def _place_rows(snap: Snapshot, matrix: sparse.csr_matrix, names: list[str], per_member: dict) -> list[dict]:
    """Per country or network: members, active ones, ties inside and across, mentorships, projects."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    members = np.asarray(matrix.sum(axis=0)).ravel()
    active = matrix.T @ per_member["active"]
    contacts = (matrix.T @ snap.adjacency @ matrix).toarray()
    ties_of_members = matrix.T @ snap.degree
    mentorships = matrix.T @ per_member["mentorships"]
    projects = matrix.T @ per_member["projects"]
    rows = []
    for column, name in enumerate(names):
        inside = contacts[column, column] / 2
        rows.append(
            {
                "id": name,
                "members": hide_small(int(members[column])),
                "active": hide_small(int(active[column])),
                "ties_inside": hide_small(int(inside)),
                "ties_across": hide_small(int(ties_of_members[column] - 2 * inside)),
                "mentorships": hide_small(int(mentorships[column])),
                "projects": hide_small(int(projects[column])),
            }
        )
    return sorted(rows, key=lambda row: -(row["members"] or 0))


def _pairs(matrix: np.ndarray, names: list[str]) -> list[list]:
    """``[a, b, count]`` for each pair of groups with a count, from a symmetric matrix (small counts hidden)."""
    rows, cols = np.nonzero(np.triu(matrix, k=1))
    return [
        [names[a], names[b], hide_small(int(matrix[a, b]))] for a, b in zip(rows.tolist(), cols.tolist(), strict=True)
    ]


def _map_layers(snap: Snapshot, countries: sparse.csr_matrix) -> dict:
    """Members per country within each network, sector and common skill: ``{"networks": {id: {country: n}}}``
    (small counts hidden, empty countries left out; skills: the :data:`MAP_SKILLS` most common)."""
    countries = sparse.csr_matrix(countries, dtype=np.float64)
    layers = {}
    for name, top in MAP_GROUPS:
        features = sparse.csr_matrix(snap.features[name], dtype=np.float64)
        counts = (features.T @ countries).tocsr()
        chosen = range(counts.shape[0])
        if top is not None:
            sums = np.asarray(features.sum(axis=0)).ravel()
            chosen = [column for column, _n in _ordered(sums, list(range(len(sums))), top)]
        layers[name] = {}
        for group in chosen:
            row = counts.getrow(group)
            figures = {snap.vocabulary["country"][c]: hide_small(int(n)) for c, n in zip(row.indices, row.data)}
            if figures:
                layers[name][snap.vocabulary[name][group]] = figures
    return layers


def _per_member_counts(snap: Snapshot, mentorships, projects: dict, active_at: dict, now: int) -> dict:
    """Per member row: active recently (0/1), mentorships they are in, projects they lead."""
    recent = now - ACTIVE_DAYS * 86_400_000
    active = np.array([1.0 if (active_at.get(i) or 0) >= recent else 0.0 for i in snap.ids])
    mentoring = np.zeros(snap.size)
    for leader, mentor in mentorships:
        for member_id in (leader, mentor):
            if member_id in snap.index:
                mentoring[snap.index[member_id]] += 1
    led = np.array([float(projects.get(i, 0)) for i in snap.ids])
    return {"active": active, "mentorships": mentoring, "projects": led}


def _mentorship_matrix(snap: Snapshot, mentorships, countries: sparse.csr_matrix) -> np.ndarray:
    """Mentorships between countries, either way (a symmetric countries × countries matrix)."""
    pairs = [(snap.index[a], snap.index[b]) for a, b in mentorships if a in snap.index and b in snap.index]
    if not pairs:
        return np.zeros((countries.shape[1], countries.shape[1]))
    leaders, mentors = (np.array(side) for side in zip(*pairs, strict=True))
    ties = sparse.csr_matrix((np.ones(len(pairs)), (leaders, mentors)), shape=(snap.size, snap.size))
    between = (countries.T @ ties @ countries).toarray()
    return between + between.T


def analyse(
    snap: Snapshot,
    labels: np.ndarray,
    mentorships: list[tuple[str, str]],
    projects: dict[str, int],
    active_at: dict[str, int],
    now: int,
    seed: int = 1,
    exact_up_to: int = influence.EXACT_BETWEENNESS_UP_TO,
) -> Report:
    """Everything the console shows, for one snapshot (see the module's docstring)."""
    measured = influence.measure(snap.adjacency, seed=seed, exact_up_to=exact_up_to)
    groups, names = _group_matrices(snap, labels)
    members = _member_rows(snap, labels, measured, groups, names)
    per_member = _per_member_counts(snap, mentorships, projects, active_at, now)
    countries, networks = groups["countries"], groups["networks"]
    shared = (networks.T @ networks).toarray()
    tied = (networks.T @ snap.adjacency @ networks).toarray()
    country_ties = (countries.T @ snap.adjacency @ countries).toarray()
    return Report(
        members=members,
        communities=_community_rows(snap, groups["communities"]),
        countries=_place_rows(snap, countries, names["countries"], per_member),
        networks=_place_rows(snap, networks, names["networks"], per_member),
        network_matrix={
            "networks": names["networks"],
            "shared_members": [[hide_small(int(n)) for n in row] for row in shared],
            "connections": [
                [hide_small(int(n // 2 if a == b else n)) for b, n in enumerate(row)] for a, row in enumerate(tied)
            ],
        },
        arcs={
            "connections": _pairs(country_ties, names["countries"]),
            "mentorships": _pairs(_mentorship_matrix(snap, mentorships, countries), names["countries"]),
        },
        map_layers=_map_layers(snap, countries),
        totals={
            "members": snap.size,
            "connections": int(snap.adjacency.nnz // 2),
            "communities": int(groups["communities"].shape[1]),
            "active": int(per_member["active"].sum()),
            "mentorships": len(mentorships),
            "cut_points": int(measured.articulation.sum()),
        },
        betweenness_bound=measured.betweenness_bound,
        seconds=measured.seconds,
    )


def _month(day: int) -> str:
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=int(day))).strftime("%Y-%m")


def monthly(by_day: dict[str, list[dict]], months: int = 24, now: int | None = None) -> dict:
    """Counts per day (``{figure: [{network, day, n}]}``, ``network`` None for the whole platform) summed into
    the last ``months`` calendar months: ``{"months": [...], "figures": {figure: {"all": [...],
    "networks": {network: [...]}}}}``, small cells hidden. ``all`` sums every row; ``networks`` is empty
    for a figure whose rows name no network."""
    last = (
        datetime.date.today() if now is None else datetime.date(1970, 1, 1) + datetime.timedelta(days=now // 86_400_000)
    )
    keys, year, month = [], last.year, last.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    position = {key: i for i, key in enumerate(keys)}
    figures = {}
    for name, rows in by_day.items():
        everyone, networks = [0] * len(keys), defaultdict(lambda: [0] * len(keys))
        for row in rows:
            column = position.get(_month(row["day"])) if row["day"] is not None else None
            if column is None:
                continue
            everyone[column] += row["n"]
            if row["network"] is not None:
                networks[row["network"]][column] += row["n"]
        per_network = any(row["network"] is not None for row in rows)
        figures[name] = {
            "all": [hide_small(n) for n in everyone],
            "networks": {net: [hide_small(n) for n in counts] for net, counts in sorted(networks.items())}
            if per_network
            else {},
        }
    return {"months": keys, "figures": figures}
