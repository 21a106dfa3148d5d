"""Events: scheduling, audience, RSVP with a waitlist, check-in.

``(e:Event)-[:HOSTED_BY]->(n:Network)`` (none for the department's own events; ``e.network_id`` copies it).
Instants are epoch milliseconds in UTC; ``e.timezone`` is the organiser's zone, for display.
Audience: ``everyone``, ``networks`` (members of ``e.audience_networks``) or ``label`` (holders of every
type in ``e.audience_labels``).

``(m)-[:RSVP {status: going|waitlisted, at, seq, promoted_at, checked_in_at}]->(e)``. The event keeps
``going_count``, ``waitlist_count`` and ``rsvp_seq``; each RSVP statement first writes ``rsvp_seq``, which
takes the event's write lock on Neo4j (FalkorDB runs writes one at a time), so two people taking the last
place cannot both get it. A newcomer joins the waitlist while anyone is waiting, and freed places go
to the waitlist in order (``promote``).
"""

from .cypher import Cypher
from .store import GraphStore

EVENT_FIELDS = (
    "e {.id, .title_en, .title_fr, .title_ar, .description_en, .description_fr, .description_ar, .format, "
    ".city_id, .venue, .online_url, .starts_at, .ends_at, .timezone, .capacity, .registration_deadline, "
    ".audience, .audience_networks, .audience_labels, .status, .network_id, .created_by, .created_at, "
    ".going_count, .waitlist_count, .agenda, .room_closed_at}"
)
EDITABLE = (
    "title_en",
    "title_fr",
    "title_ar",
    "description_en",
    "description_fr",
    "description_ar",
    "format",
    "city_id",
    "venue",
    "online_url",
    "starts_at",
    "ends_at",
    "timezone",
    "capacity",
    "registration_deadline",
    "audience",
    "audience_networks",
    "audience_labels",
)

CREATE = Cypher(
    "CREATE (e:Event {id: $id, status: 'scheduled', network_id: $network_id, created_by: $by, created_at: $now, "
    "going_count: 0, waitlist_count: 0, rsvp_seq: 0}) SET e += $props "
    "WITH e OPTIONAL MATCH (n:Network {id: $network_id}) "
    "CALL { WITH e, n WITH e, n WHERE n IS NOT NULL CREATE (e)-[:HOSTED_BY]->(n) } RETURN e.id AS id"
)
UPDATE = Cypher("MATCH (e:Event {id: $id}) SET e += $props RETURN e.id AS id")
CANCEL_EVENT = Cypher(
    "MATCH (e:Event {id: $id}) WHERE e.status = 'scheduled' SET e.status = 'cancelled' RETURN e.id AS id"
)
BY_ID = Cypher(
    "MATCH (e:Event {id: $id}) OPTIONAL MATCH (e)-[:HOSTED_BY]->(n:Network) "
    "OPTIONAL MATCH (c:City {id: e.city_id})-[:IN]->(k:Country) "
    "RETURN " + EVENT_FIELDS + " AS event, "
    "CASE WHEN n IS NULL THEN null ELSE n {.id, .slug, .name_en, .name_fr, .name_ar} END AS network, "
    "CASE WHEN c IS NULL THEN null ELSE c {.id, .name, .name_ar} END AS city, "
    "CASE WHEN k IS NULL THEN null ELSE k {.id, .name_en, .name_fr, .name_ar} END AS country"
)
MY_RSVP = Cypher(
    "MATCH (:Member {id: $member})-[r:RSVP]->(:Event {id: $event}) "
    "RETURN r {.status, .at, .seq, .checked_in_at, .promoted_at} AS rsvp"
)
WAITLIST_POSITION = Cypher(
    "MATCH (:Member {id: $member})-[mine:RSVP {status: 'waitlisted'}]->(e:Event {id: $event}) "
    "MATCH (:Member)-[r:RSVP {status: 'waitlisted'}]->(e) WHERE r.seq <= mine.seq RETURN count(r) AS position"
)

# Visible to the viewer: the same rule as app.permissions' event audience, as a predicate.
_VISIBLE = (
    "($staff OR e.network_id IN $coordinated OR e.created_by = $member OR e.audience = 'everyone' "
    "OR (e.audience = 'networks' AND any(x IN coalesce(e.audience_networks, []) WHERE x IN $networks)) "
    "OR (e.audience = 'label' AND all(x IN coalesce(e.audience_labels, []) WHERE x IN $labels))) "
)
_LIST_RETURN = (
    "OPTIONAL MATCH (e)-[:HOSTED_BY]->(n:Network) "
    "OPTIONAL MATCH (:Member {id: $member})-[r:RSVP]->(e) "
    "RETURN " + EVENT_FIELDS + " AS event, "
    "CASE WHEN n IS NULL THEN null ELSE n {.id, .slug, .name_en, .name_fr, .name_ar} END AS network, "
    "r.status AS rsvp ORDER BY e.starts_at, e.id SKIP $skip LIMIT $limit"
)
UPCOMING = Cypher("MATCH (e:Event) WHERE e.ends_at >= $now AND e.status = 'scheduled' AND " + _VISIBLE + _LIST_RETURN)
NETWORK_EVENTS = Cypher(
    "MATCH (e:Event)-[:HOSTED_BY]->(:Network {id: $network}) WHERE e.ends_at >= $now AND " + _VISIBLE + _LIST_RETURN
)
MINE = Cypher("MATCH (:Member {id: $member})-[:RSVP]->(e:Event) WHERE e.ends_at >= $now " + _LIST_RETURN)
FEED = Cypher(
    "MATCH (:Member {id: $member})-[:RSVP]->(e:Event) WHERE e.ends_at >= $since "
    "RETURN " + EVENT_FIELDS + " AS event ORDER BY e.starts_at LIMIT 500"
)

SET_FEED_TOKEN = Cypher("MATCH (m:Member {id: $id}) SET m.calendar_token_hash = $hash RETURN m.id AS id")
HAS_FEED_TOKEN = Cypher("MATCH (m:Member {id: $id}) RETURN m.calendar_token_hash IS NOT NULL AS has")
FEED_OWNER = Cypher("MATCH (m:Member {calendar_token_hash: $hash}) WHERE m.status = 'active' RETURN m.id AS id LIMIT 1")

RSVP = Cypher(
    "MATCH (e:Event {id: $event}), (m:Member {id: $member}) "
    "WHERE e.status = 'scheduled' AND NOT (m)-[:RSVP]->(e) AND e.starts_at > $now "
    "AND (e.registration_deadline IS NULL OR e.registration_deadline > $now) "
    "SET e.rsvp_seq = e.rsvp_seq + 1 "
    "WITH e, m, CASE WHEN e.going_count < e.capacity AND e.waitlist_count = 0 THEN 'going' ELSE 'waitlisted' END "
    "AS status CREATE (m)-[:RSVP {status: status, at: $now, seq: e.rsvp_seq}]->(e) "
    "SET e.going_count = e.going_count + CASE WHEN status = 'going' THEN 1 ELSE 0 END, "
    "e.waitlist_count = e.waitlist_count + CASE WHEN status = 'going' THEN 0 ELSE 1 END RETURN status"
)
CANCEL_RSVP = Cypher(
    "MATCH (m:Member {id: $member})-[r:RSVP]->(e:Event {id: $event}) "
    "SET e.rsvp_seq = e.rsvp_seq + 1 WITH e, r, r.status AS was DELETE r "
    "SET e.going_count = e.going_count - CASE WHEN was = 'going' THEN 1 ELSE 0 END, "
    "e.waitlist_count = e.waitlist_count - CASE WHEN was = 'going' THEN 0 ELSE 1 END RETURN was"
)
# Give free places to the waitlist in order; returns who moved up.
PROMOTE = Cypher(
    "MATCH (e:Event {id: $event}) WHERE e.status = 'scheduled' SET e.rsvp_seq = e.rsvp_seq + 1 "
    "WITH e, e.capacity - e.going_count AS free WHERE free > 0 "
    "MATCH (w:Member)-[wr:RSVP {status: 'waitlisted'}]->(e) WITH e, free, w, wr ORDER BY wr.seq "
    "WITH e, free, collect({member: w.id, rsvp: wr}) AS queue UNWIND queue[0..free] AS chosen "
    "WITH e, chosen.member AS member, chosen.rsvp AS rsvp SET rsvp.status = 'going', rsvp.promoted_at = $now "
    "WITH e, collect(member) AS promoted "
    "SET e.going_count = e.going_count + size(promoted), e.waitlist_count = e.waitlist_count - size(promoted) "
    "RETURN promoted"
)
CHECK_IN = Cypher(
    "MATCH (:Member {id: $member})-[r:RSVP {status: 'going'}]->(:Event {id: $event}) "
    "SET r.checked_in_at = CASE WHEN $present THEN coalesce(r.checked_in_at, $now) ELSE null END "
    "RETURN r.checked_in_at AS checked_in_at"
)
ATTENDEES = Cypher(
    "MATCH (m:Member)-[r:RSVP]->(:Event {id: $event}) "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(:City)-[:IN]->(country:Country) "
    "RETURN m {.id, .display_name, .name_ar, .headline} AS member, r {.status, .at, .seq, .checked_in_at, "
    ".promoted_at} AS rsvp, country.id AS country ORDER BY r.status, r.seq"
)
RSVP_SUMMARY = Cypher(
    "MATCH (e:Event {id: $event}) OPTIONAL MATCH (:Member)-[r:RSVP]->(e) "
    "RETURN e.going_count AS going, e.waitlist_count AS waitlisted, count(r.checked_in_at) AS checked_in"
)


def _first(rows: list[dict], key: str):
    return rows[0][key] if rows else None


def create(store: GraphStore, *, id: str, network_id: str | None, props: dict, by: str, now: int) -> str:
    """Create an event (hosted by ``network_id`` unless None); return its id."""
    return store.write(CREATE, id=id, network_id=network_id, props=props, by=by, now=now)[0]["id"]


def update(store: GraphStore, event_id: str, props: dict) -> bool:
    """Replace the editable properties of an event (call ``promote`` after raising the capacity)."""
    return bool(store.write(UPDATE, id=event_id, props=props))


def cancel_event(store: GraphStore, event_id: str) -> bool:
    """Cancel a scheduled event."""
    return bool(store.write(CANCEL_EVENT, id=event_id))


def by_id(store: GraphStore, event_id: str) -> dict | None:
    """``{"event", "network", "city", "country"}`` or None."""
    rows = store.read(BY_ID, id=event_id)
    return rows[0] if rows else None


def my_rsvp(store: GraphStore, event_id: str, member_id: str) -> dict | None:
    """The member's RSVP to the event, with its waitlist position, or None."""
    rsvp = _first(store.read(MY_RSVP, event=event_id, member=member_id), "rsvp")
    if rsvp and rsvp["status"] == "waitlisted":
        rsvp["position"] = store.read(WAITLIST_POSITION, event=event_id, member=member_id)[0]["position"]
    return rsvp


def _viewer_params(viewer: dict) -> dict:
    return {
        "member": viewer["id"],
        "staff": viewer["staff"],
        "coordinated": viewer["coordinated_ids"],
        "networks": viewer["network_ids"],
        "labels": viewer["label_ids"],
    }


def upcoming(store: GraphStore, viewer: dict, now: int, skip: int = 0, limit: int = 20) -> list[dict]:
    """Scheduled events not yet over that ``viewer`` may see (``id, staff, coordinated_ids, network_ids,
    label_ids``), soonest first."""
    return store.read(UPCOMING, now=now, skip=skip, limit=limit, **_viewer_params(viewer))


def network_events(store: GraphStore, network_id: str, viewer: dict, now: int, limit: int = 20) -> list[dict]:
    """A network's events not yet over that the viewer may see (cancelled ones included, marked)."""
    return store.read(NETWORK_EVENTS, network=network_id, now=now, skip=0, limit=limit, **_viewer_params(viewer))


def mine(store: GraphStore, member_id: str, now: int, skip: int = 0, limit: int = 50) -> list[dict]:
    """Events not yet over that the member answered (going or waitlisted)."""
    return store.read(MINE, member=member_id, now=now, skip=skip, limit=limit)


def feed(store: GraphStore, member_id: str, since: int) -> list[dict]:
    """The member's events for a calendar feed (from ``since``)."""
    return [row["event"] for row in store.read(FEED, member=member_id, since=since)]


def set_feed_token(store: GraphStore, member_id: str, digest: str) -> None:
    """Give the member a new calendar address (its token's hash): the last one stops working."""
    store.write(SET_FEED_TOKEN, id=member_id, hash=digest)


def has_feed_token(store: GraphStore, member_id: str) -> bool:
    """Whether the member has made a calendar address."""
    rows = store.read(HAS_FEED_TOKEN, id=member_id)
    return bool(rows and rows[0]["has"])


def feed_owner(store: GraphStore, digest: str) -> str | None:
    """The active member whose calendar address has this token's hash, None otherwise."""
    rows = store.read(FEED_OWNER, hash=digest)
    return rows[0]["id"] if rows else None


def rsvp(store: GraphStore, event_id: str, member_id: str, now: int) -> str | None:
    """Answer "going": ``"going"``, ``"waitlisted"``, or None (already answered, closed or cancelled)."""
    return _first(store.write(RSVP, event=event_id, member=member_id, now=now), "status")


def cancel_rsvp(store: GraphStore, event_id: str, member_id: str) -> str | None:
    """Withdraw an answer; returns what it was, or None. Call ``promote`` afterwards."""
    return _first(store.write(CANCEL_RSVP, event=event_id, member=member_id), "was")


def promote(store: GraphStore, event_id: str, now: int) -> list[str]:
    """Move waitlisted people into free places, first come first served; return their ids."""
    return _first(store.write(PROMOTE, event=event_id, now=now), "promoted") or []


def check_in(store: GraphStore, event_id: str, member_id: str, present: bool, now: int) -> bool:
    """Mark a going attendee present (or not); False if they are not going."""
    return bool(store.write(CHECK_IN, event=event_id, member=member_id, present=present, now=now))


def attendees(store: GraphStore, event_id: str) -> list[dict]:
    """Everyone who answered: going first, then the waitlist, each in order of answer."""
    return store.read(ATTENDEES, event=event_id)


def summary(store: GraphStore, event_id: str) -> dict:
    """Going, waitlisted and checked-in counts."""
    rows = store.read(RSVP_SUMMARY, event=event_id)
    return rows[0] if rows else {"going": 0, "waitlisted": 0, "checked_in": 0}
