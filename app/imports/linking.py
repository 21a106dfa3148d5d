"""Who each row of an import is about.

1. Rows that share an e-mail address or a phone number (in E.164) are one person, within the file and with
   the contacts and members already in the graph. Identifiers of several people already known: a person
   decides (review).
2. The people left are compared with everyone already known and with each other (:mod:`.matching`): the
   same person (linked, or one person within the file), possibly the same (review, with the people it may
   be), or someone new (a new contact).

A row waiting for review changes nobody until a person decides (:func:`candidates` lists who it may be).
"""

import uuid

from graph import imports as import_queries
from graph.store import GraphStore
from graph.textkeys import name_keys

from . import matching
from .cleaning import CleanRow, Vocabulary

CONTACT_PREFIX = "contact-"
SCALARS = ("name", "first_name", "last_name", "country", "city_id", "city", "profession", "employer", "degree")
LISTS = ("emails", "phones", "skill_ids", "other_skills", "sector_ids")


def fold_records(values_list: list[dict]) -> dict:
    """A person's fields from the values of their rows, oldest first: the newest non-empty value of each
    field, and every e-mail address, phone number, skill and sector any row gave."""
    folded: dict = {name: "" for name in SCALARS} | {name: [] for name in LISTS} | {"birth_date": ""}
    for values in values_list:
        for name in (*SCALARS, "birth_date"):
            if values.get(name):
                folded[name] = values[name]
        for name in LISTS:
            folded[name] = list(dict.fromkeys([*folded[name], *(values.get(name) or [])]))
    folded["name_keys"] = name_keys(folded["name"])
    return folded


def candidates(record: dict) -> list[str]:
    """The people a row waiting for review may be about (its reasons say who)."""
    for reason in record.get("reasons") or []:
        if reason.get("kind") in ("several_people", "possible"):
            return list(reason["people"])
    return []


class _Groups:
    """Union-find over keys (row numbers, then groups of rows)."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, key):
        while self.parent.setdefault(key, key) != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a, b) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the earliest row stays the group's first

    def members(self, keys) -> dict:
        """``{first key: [keys]}`` in the order of ``keys``."""
        found: dict = {}
        for key in keys:
            found.setdefault(self.find(key), []).append(key)
        return found


def _by_identifiers(cleaned: list[tuple[int, CleanRow]]) -> dict[int, list[int]]:
    """Rows grouped by shared e-mail addresses and phone numbers: ``{first row: [rows]}``."""
    groups, owner = _Groups(), {}
    for row, result in cleaned:
        groups.find(row)
        for value in (*result.record["emails"], *result.record["phones"]):
            if value in owner:
                groups.join(row, owner[value])
            else:
                owner[value] = row
    return groups.members([row for row, _result in cleaned])


def _scored(pair: matching.Pair) -> dict:
    return {"probability": round(pair.probability, 4), "weights": pair.weights}


def link(store: GraphStore, cleaned: list[tuple[int, CleanRow]], vocabulary: Vocabulary) -> list[dict]:
    """Each usable row's person and outcome: ``[{row, person_id, outcome, reasons, is_member}]``, by row
    (rejected rows left out). See the module's docstring."""
    by_row = dict(cleaned)
    identifiers = {row: [*result.record["emails"], *result.record["phones"]] for row, result in cleaned}
    known = import_queries.known_by(
        store,
        sorted({e for _n, r in cleaned for e in r.record["emails"]}),
        sorted({p for _n, r in cleaned for p in r.record["phones"]}),
    )
    groups = _by_identifiers(cleaned)
    fates: dict[int, dict] = {}  # first row of a group → {person, outcome, reasons}
    unplaced = []
    for first, rows in groups.items():
        matches = list(dict.fromkeys(known[v] for row in rows for v in identifiers[row] if v in known))
        if len(matches) == 1:
            fates[first] = {"person": matches[0], "outcome": "linked", "reasons": []}
        elif matches:
            fates[first] = {
                "person": None,
                "outcome": "review",
                "reasons": [{"kind": "several_people", "people": matches}],
            }
        else:
            unplaced.append((first, rows))
    fates |= _by_likeness(store, unplaced, by_row, vocabulary)
    linked = []
    for first, rows in groups.items():
        fate = fates[first]
        for row in rows:
            reasons = [{"kind": "identifier", "value": value} for value in identifiers[row] if value in known]
            if row != first:
                reasons.append({"kind": "same_file", "row": first})
            outcome = fate["outcome"] if row == first or fate["outcome"] == "review" else "linked"
            linked.append(
                {
                    "row": row,
                    "person_id": fate["person"],
                    "outcome": outcome,
                    "reasons": reasons + fate["reasons"],
                    "is_member": bool(fate["person"]) and not fate["person"].startswith(CONTACT_PREFIX),
                }
            )
    return sorted(linked, key=lambda item: item["row"])


def _by_likeness(
    store: GraphStore, groups: list[tuple[int, list[int]]], by_row: dict[int, CleanRow], vocabulary: Vocabulary
) -> dict[int, dict]:
    """The fates of groups no identifier placed, from the probabilistic comparison (module docstring)."""
    if not groups:
        return {}
    records = [
        matching.linkage_record(f"g{first}", fold_records([by_row[row].record for row in rows]), vocabulary.coordinates)
        for first, rows in groups
    ]
    everyone = import_queries.linkage_people(store)
    against_known, within = matching.score(
        records, matching.known_records(everyone, vocabulary.coordinates), len(everyone)
    )
    clusters = _Groups()
    for pair in within:
        if matching.is_same(pair):
            clusters.join(int(pair.left[1:]), int(pair.right[1:]))
    best: dict[int, dict[str, matching.Pair]] = {}  # cluster → person → their best pair
    for pair in against_known:
        person = pair.right.split("#")[0]
        found = best.setdefault(clusters.find(int(pair.left[1:])), {})
        if person not in found or pair.probability > found[person].probability:
            found[person] = pair
    fates: dict[int, dict] = {}
    for cluster, firsts in clusters.members([first for first, _rows in groups]).items():
        verdict, pairs = matching.verdict(best.get(cluster, {}))
        if verdict == "same":
            person, pair = pairs[0]
            fate = {
                "person": person,
                "outcome": "linked",
                "reasons": [{"kind": "score", "person": person, **_scored(pair)}],
            }
        elif verdict == "possible":
            fate = {
                "person": None,
                "outcome": "review",
                "reasons": [
                    {
                        "kind": "possible",
                        "people": [person for person, _pair in pairs],
                        "scores": {person: _scored(pair) for person, pair in pairs},
                    }
                ],
            }
        else:
            fate = {"person": CONTACT_PREFIX + uuid.uuid4().hex, "outcome": "new", "reasons": []}
        for index, first in enumerate(firsts):
            extra = [{"kind": "same_file", "row": firsts[0]}] if index else []
            fates[first] = {
                **fate,
                "outcome": "linked" if index and fate["outcome"] == "new" else fate["outcome"],
                "reasons": fate["reasons"] + extra,
            }
    for pair in within:  # possibly the same as someone new earlier in the file: a person decides
        earlier, later = sorted((int(pair.left[1:]), int(pair.right[1:])))
        if matching.is_same(pair) or fates[later]["outcome"] != "new" or fates[earlier]["outcome"] == "review":
            continue
        person = fates[earlier]["person"]
        fates[later] = {
            "person": None,
            "outcome": "review",
            "reasons": [{"kind": "possible", "people": [person], "scores": {person: _scored(pair)}, "row": earlier}],
        }
    return fates
