"""What the segment pages and the API compute: counts under the small-cell rule, ranked targets with their
reasons in words, relays, overlaps and the rows of an export."""

import time
import uuid

import numpy as np
from flask_babel import gettext as _
from flask_babel import ngettext

from graph import segments as segment_queries
from recommend import relays as relay_choice
from recommend.analytics import SMALL_CELL, hide_small
from recommend.segments import Criteria, MemberTable, holds, matches, ranked, ranked_projects, select

from ..extensions import store
from ..members.forms import AVAILABILITY_NAMES
from . import index

#: priority dimension -> the vocabulary its values come from
DIMENSIONS = {
    "sectors": "sectors",
    "regions": "contribute_regions",
    "skills": "skills",
    "countries": "countries",
    "stages": "project_stages",
}
MAX_RELAYS = 200


def now_ms() -> int:
    """Now, in milliseconds since the epoch."""
    return int(time.time() * 1000)


def evaluate(criteria: Criteria, table: MemberTable | None = None) -> tuple[MemberTable, np.ndarray]:
    """The table used and the mask of the members matching ``criteria``."""
    table = table if table is not None else index.current()
    return table, select(table, criteria, now_ms())


def counts(table: MemberTable, mask: np.ndarray) -> dict:
    """``total`` and ``reachable`` (not opted out of outreach), each None when between 1 and 4 (small-cell
    rule), ``listable`` likewise, and when the index was built."""
    return {
        "total": hide_small(int(mask.sum())),
        "reachable": hide_small(int((mask & table.reachable).sum())),
        "listable": hide_small(int((mask & table.listable).sum())),
        "as_of": table.built_at,
        "fewer_than": SMALL_CELL,
    }


def save(existing: dict | None, name: str, shared: bool, criteria: Criteria, author) -> str:
    """Save criteria under a name: a new segment of ``author``, or ``existing`` changed (its owner kept)."""
    segment = {
        "id": existing["id"] if existing else uuid.uuid4().hex[:12],
        "name": name,
        "criteria": criteria.as_dict(),
        "shared": shared,
        "owner_id": existing["owner_id"] if existing else author.id,
        "owner_name": existing["owner_name"] if existing else author.display_name,
    }
    return segment_queries.save(store(), segment, now_ms())


def visible_to(segment: dict | None, person) -> bool:
    """Whether ``person`` (staff) sees a segment: shared ones and their own."""
    return segment is not None and bool(segment.get("shared") or segment.get("owner_id") == person.id)


def may_list(table: MemberTable, mask: np.ndarray) -> bool:
    """Whether the members of a segment may be listed: at least :data:`SMALL_CELL` of them may be named."""
    return int((mask & table.listable).sum()) >= SMALL_CELL


def weights_in_force() -> dict:
    """The department's current priority weights (empty before the first version)."""
    found = segment_queries.current_priorities(store())
    return found["weights"] if found else {}


def targets(table: MemberTable, mask: np.ndarray, weights: dict, vocabulary: dict, page: int, per_page: int):
    """A page of the segment's members who may be named, by priority score, each with its reasons; and how
    many there are."""
    rows = ranked(table, mask & table.listable, weights)
    chosen = rows[(page - 1) * per_page : page * per_page]
    people = segment_queries.people(store(), [table.ids[row] for row in chosen])
    found = []
    for row in chosen:
        person = people.get(table.ids[row], {"id": table.ids[row]})
        met = matches(table, int(row), weights)
        found.append(
            {
                **person,
                "score": round(sum(weight for _d, _v, weight in met), 2),
                "reasons": reasons(table, int(row), person, met, vocabulary),
            }
        )
    return found, len(rows)


def project_targets(table: MemberTable, mask: np.ndarray, weights: dict, vocabulary: dict, limit: int) -> list[dict]:
    """The projects the segment's members (those who may be named) lead, by priority score, with reasons."""
    projects = table.projects
    found = []
    for position, score, met in ranked_projects(table, mask & table.listable, weights)[:limit]:
        found.append(
            {
                "id": projects["id"][position],
                "title": projects["title"][position],
                "leader_id": table.ids[int(projects["leader"][position])],
                "score": round(score, 2),
                "reasons": "; ".join(_priority_words(met, vocabulary)) or _("no priority met"),
            }
        )
    return found


def reasons(table: MemberTable, row: int, person: dict, met: list, vocabulary: dict) -> str:
    """Why a member is a target, in words: what they do, for how long, where they want to contribute, when
    they are available, and the priorities they meet."""
    names = {name: dict(pairs) for name, pairs in vocabulary.items()}
    parts = []
    if person.get("job_title"):
        parts.append(person["job_title"])
    years = person.get("years")
    if isinstance(years, int | float) and years > 0:
        parts.append(ngettext("%(num)d year of experience", "%(num)d years of experience", int(years)))
    regions = [
        names["contribute_regions"].get(region, region)
        for region, rows in table.postings.get("contribute_regions", {}).items()
        if holds(rows, row)
    ]
    if regions:
        parts.append(_("wants to contribute in %(regions)s", regions=", ".join(sorted(regions))))
    availability = person.get("availability")
    if availability and availability != "none" and availability in AVAILABILITY_NAMES:
        parts.append(_("available: %(how)s", how=str(AVAILABILITY_NAMES[availability]).lower()))
    parts.extend(_priority_words(met, vocabulary))
    return ", ".join(parts)


def _priority_words(met: list, vocabulary: dict) -> list[str]:
    names = {name: dict(pairs) for name, pairs in vocabulary.items()}
    words = []
    for dimension, value, _weight in met:
        shown = names.get(DIMENSIONS[dimension], {}).get(value, value)
        words.append(_("priority %(value)s", value=shown))
    return words


def relays(table: MemberTable, mask: np.ndarray, k: int, steps: int, networks: int = 5) -> dict:
    """The ``k`` relays (members who accept the department's outreach) reaching the most of the segment within
    ``steps`` steps of trust, by CELF; the ``networks`` networks whose members cover the most of it; and the
    ``k`` most connected members for comparison. Row numbers and counts; names are added by the caller."""
    segment = np.flatnonzero(mask)
    candidates = np.flatnonzero(table.reachable)
    reach = relay_choice.reach_matrix(table.ties, segment, steps=steps)
    chosen = relay_choice.lazy_greedy(reach, k, candidates)
    connected = relay_choice.most_connected(table.ties, k, candidates)
    network_ids = sorted(table.postings.get("networks", {}))
    groups = [table.postings["networks"][network] for network in network_ids]
    by_network = relay_choice.lazy_greedy(relay_choice.group_reach(groups, segment, table.size), networks)
    return {
        "segment": len(segment),
        "choice": chosen,
        "connected_coverage": relay_choice.coverage(reach, connected),
        "networks": [
            {"id": network_ids[n], "added": added, "reach": reach_}
            for n, added, reach_ in zip(by_network.relays, by_network.added, by_network.reach, strict=True)
        ],
        "networks_covered": by_network.covered,
        "unreached": [table.ids[segment[col]] for col in chosen.unreached],
    }
