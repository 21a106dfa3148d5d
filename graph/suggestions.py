"""People-you-may-know at request time: the stored candidates still possible, with what ranking needs.

A member's candidates (``suggested``: the results numbers of other members' ``Recommendation`` nodes) and
``community`` are written on their ``Recommendation`` node by the recompute job (``recommend.job``); until it
has run for them (a new member), people who live in the same city or work in the same sector stand in.
Either way the live query drops anyone now connected, asked either way, blocked either way, dismissed by the
viewer, inactive, or who opted out of being suggested (``suggest_me = false``), and counts the contacts and
messages the viewer shares with each.
"""

from .cypher import Cypher
from .store import GraphStore

FEATURES = (
    "{.id, .display_name, .headline, .skill_ids, .sector_ids, .language_ids, .network_ids, .city_id, .employer_key}"
)
VIEWER = Cypher(
    "MATCH (me:Member {id: $me}) OPTIONAL MATCH (res:Recommendation {member_id: me.id}) "
    "RETURN me " + FEATURES + " AS member, res.community AS community, res.suggested AS suggested, "
    "res.ranked_by AS ranked_by"
)
FALLBACK = Cypher(
    "MATCH (me:Member {id: $me}) MATCH (o:Member) WHERE o.id <> me.id AND o.status = 'active' "
    "AND ((me.city_id IS NOT NULL AND o.city_id = me.city_id) "
    "OR any(s IN coalesce(o.sector_ids, []) WHERE s IN coalesce(me.sector_ids, []))) "
    "WITH o ORDER BY o.last_active_at DESC LIMIT $limit RETURN collect(o.id) AS ids"
)
LIVE = Cypher(
    "MATCH (me:Member {id: $me}) UNWIND $ids AS oid MATCH (o:Member {id: oid}) "
    "WHERE o.id <> me.id AND o.status = 'active' AND coalesce(o.suggest_me, true) "
    "OPTIONAL MATCH (me)-[tie:CONNECTED|REQUESTED_CONNECTION|BLOCKED]-(o) "
    "WITH me, o, count(tie) AS ties WHERE ties = 0 "
    "OPTIONAL MATCH (me)-[d:DISMISSED]->(o) WITH me, o, count(d) AS dismissed WHERE dismissed = 0 "
    "OPTIONAL MATCH (me)-[:CONNECTED]-(c:Member)-[:CONNECTED]-(o) WITH me, o, count(DISTINCT c) AS mutual "
    "OPTIONAL MATCH (me)-[:PARTICIPATES]->(talk:Conversation {kind: 'direct'})<-[:PARTICIPATES]-(o) "
    "WITH o, mutual, max(talk.last_seq) AS messages "
    "OPTIONAL MATCH (res:Recommendation {member_id: o.id}) "
    "RETURN o " + FEATURES + " AS member, mutual, coalesce(messages, 0) AS messages, res.community AS community"
)
MEMBER_IDS = Cypher("UNWIND $numbers AS k MATCH (x:Recommendation {n: k}) RETURN x.n AS n, x.member_id AS id")
DISMISS = Cypher(
    "MATCH (me:Member {id: $me}), (o:Member {id: $other}) WHERE me <> o "
    "MERGE (me)-[d:DISMISSED]->(o) ON CREATE SET d.at = $now RETURN o.id AS id"
)


def viewer(store: GraphStore, member_id: str) -> dict | None:
    """``{"member": features with ``community``, "suggested": [candidates' results numbers] or None,
    "ranked_by": the trained ranking's version that ordered them, or None}`` (``suggested`` is None until the
    job has run for the member; :func:`member_ids` turns numbers into ids)."""
    rows = store.read(VIEWER, me=member_id)
    if not rows:
        return None
    suggested = rows[0]["suggested"]
    return {
        "member": {**rows[0]["member"], "community": rows[0]["community"]},
        "suggested": [int(k) for k in suggested.split()] if suggested is not None else None,
        "ranked_by": rows[0]["ranked_by"],
    }


def member_ids(store: GraphStore, numbers: list[int]) -> list[str]:
    """The member ids behind results numbers, in the order given (unknown numbers left out)."""
    found = {row["n"]: row["id"] for row in store.read(MEMBER_IDS, numbers=list(numbers))}
    return [found[k] for k in numbers if k in found]


def fallback_ids(store: GraphStore, member_id: str, limit: int = 60) -> list[str]:
    """Recently active members of the same city or sector, for members the job has not seen yet."""
    return store.read(FALLBACK, me=member_id, limit=limit)[0]["ids"]


def live(store: GraphStore, member_id: str, candidate_ids: list[str]) -> list[dict]:
    """The candidates still possible, each ``{**features, "mutual": shared contacts, "messages": exchanged with
    the member, "community"}``."""
    rows = store.read(LIVE, me=member_id, ids=list(candidate_ids))
    return [
        {**row["member"], "mutual": row["mutual"], "messages": row["messages"], "community": row["community"]}
        for row in rows
    ]


def dismiss(store: GraphStore, member_id: str, other_id: str, now: int) -> bool:
    """Never suggest ``other_id`` to the member again."""
    return bool(store.write(DISMISS, me=member_id, other=other_id, now=now))
