"""Networks of competencies: membership, join requests, invitations, coordinators, announcements.

``(m)-[:MEMBER_OF {since, via}]->(n:Network)``, ``(m)-[:COORDINATES {since, by}]->(n)``,
``(m)-[:JOIN_REQUEST {motivation, at, status, reason, decided_at, decided_by}]->(n)``,
``(m)-[:REMOVED_FROM {reason, at, by}]->(n)``, ``(m)-[:BANNED_FROM {reason, at, by}]->(n)``,
``(i:Invitation)-[:INVITES_TO]->(n)``, ``(n)-[:HAS_ANNOUNCEMENT]->(a:Announcement)``.

The member keeps copies of what permission checks and the directory need: ``network_ids`` (networks it
belongs to) and ``coordinated_ids`` (networks it coordinates), written by the same statement as the
relationship. Every verb is one guarded statement: it returns nothing when the guard fails, so a
duplicate, a race or a stale form changes nothing.
"""

from .cypher import Cypher
from .store import GraphStore

NETWORK_FIELDS = (
    "n {.id, .slug, .kind, .name_en, .name_fr, .name_ar, .description_en, .description_fr, .description_ar, "
    ".countries, .field, .visibility, .join_policy, .required_labels, .members_message, .member_count, .created_at}"
)
EDITABLE = (
    "kind",
    "name_en",
    "name_fr",
    "name_ar",
    "description_en",
    "description_fr",
    "description_ar",
    "countries",
    "field",
    "visibility",
    "join_policy",
    "required_labels",
    "members_message",
)

CREATE = Cypher(
    "CREATE (n:Network {id: $id, slug: $slug, created_at: $now, created_by: $by, member_count: 0}) "
    "SET n += $props RETURN n.id AS id"
)
UPDATE = Cypher("MATCH (n:Network {id: $id}) SET n += $props RETURN n.id AS id")
BY_SLUG = Cypher("MATCH (n:Network {slug: $slug}) RETURN " + NETWORK_FIELDS + " AS network")
BY_ID = Cypher("MATCH (n:Network {id: $id}) RETURN " + NETWORK_FIELDS + " AS network")
LISTING = Cypher("MATCH (n:Network) RETURN " + NETWORK_FIELDS + " AS network ORDER BY n.kind, n.name_en")
SLUG_TAKEN = Cypher("MATCH (n:Network {slug: $slug}) RETURN n.id AS id")

# Where a person stands with a network (for the page, and to explain a refusal). CASE guards the map
# projections: FalkorDB projects a missing relationship as a map of nulls, not as null.
STANDING = Cypher(
    "MATCH (n:Network {id: $network}), (m:Member {id: $member}) "
    "OPTIONAL MATCH (m)-[mo:MEMBER_OF]->(n) WITH n, m, head(collect(mo.since)) AS since "
    "OPTIONAL MATCH (m)-[jr:JOIN_REQUEST]->(n) "
    "WITH n, m, since, head(collect(CASE WHEN jr IS NULL THEN null ELSE jr {.status, .motivation, .reason, .at, "
    ".decided_at} END)) AS request "
    "OPTIONAL MATCH (m)-[rm:REMOVED_FROM]->(n) "
    "WITH n, m, since, request, head(collect(CASE WHEN rm IS NULL THEN null ELSE rm {.reason, .at} END)) AS removed "
    "OPTIONAL MATCH (m)-[bn:BANNED_FROM]->(n) "
    "RETURN since IS NOT NULL AS member, since, request, removed, "
    "head(collect(CASE WHEN bn IS NULL THEN null ELSE bn {.reason, .at} END)) AS banned"
)

_HOLDS_LABELS = "all(label IN coalesce(n.required_labels, []) WHERE label IN coalesce(m.label_ids, [])) "


def _not_already_in(carry: str, also: str = "") -> str:
    """Keep the row only if ``m`` is neither a member of nor banned from ``n`` and holds its labels.

    Counted with OPTIONAL MATCH rather than ``NOT (m)-[:MEMBER_OF]->(n)``: on FalkorDB 4.16 a pattern
    predicate anywhere in a statement makes ``all(x IN n.list WHERE x IN m.list)`` false (docs/decisions.md).
    """
    return (
        "OPTIONAL MATCH (m)-[closed:MEMBER_OF|BANNED_FROM" + also + "]->(n) "
        "WITH " + carry + ", count(closed) AS closed WHERE closed = 0 AND " + _HOLDS_LABELS
    )


# Membership and its copy on the member, with any request or removal record cleared.
_ADD_MEMBER = (
    "CREATE (m)-[:MEMBER_OF {since: $now, via: $via}]->(n) "
    "SET m.network_ids = coalesce(m.network_ids, []) + n.id, n.member_count = coalesce(n.member_count, 0) + 1 "
    "WITH m, n OPTIONAL MATCH (m)-[old:JOIN_REQUEST|REMOVED_FROM]->(n) DELETE old "
)
_DROP_MEMBER = (
    "MATCH (m)-[mo:MEMBER_OF]->(n) DELETE mo "
    "SET m.network_ids = [x IN coalesce(m.network_ids, []) WHERE x <> n.id], "
    "m.coordinated_ids = [x IN coalesce(m.coordinated_ids, []) WHERE x <> n.id], "
    "n.member_count = n.member_count - 1 "
    "WITH m, n OPTIONAL MATCH (m)-[co:COORDINATES]->(n) DELETE co "
)

JOIN_OPEN = Cypher(
    "MATCH (m:Member {id: $member}), (n:Network {id: $network}) "
    "WHERE n.join_policy = 'open' AND m.status = 'active' "
    + _not_already_in("m, n", "|REMOVED_FROM")
    + _ADD_MEMBER
    + "RETURN DISTINCT n.id AS id"
)
REQUEST = Cypher(
    "MATCH (m:Member {id: $member}), (n:Network {id: $network}) "
    "WHERE n.join_policy = 'request' AND m.status = 'active' "
    + _not_already_in("m, n")
    + "OPTIONAL MATCH (m)-[old:JOIN_REQUEST]->(n) WITH m, n, old WHERE old IS NULL OR old.status <> 'pending' "
    "DELETE old "
    "WITH DISTINCT m, n CREATE (m)-[:JOIN_REQUEST {motivation: $motivation, at: $now, status: 'pending'}]->(n) "
    "RETURN n.id AS id"
)
WITHDRAW_REQUEST = Cypher(
    "MATCH (m:Member {id: $member})-[r:JOIN_REQUEST {status: 'pending'}]->(n:Network {id: $network}) "
    "DELETE r RETURN n.id AS id"
)
APPROVE = Cypher(
    "MATCH (m:Member {id: $member})-[:JOIN_REQUEST {status: 'pending'}]->(n:Network {id: $network}) "
    + _not_already_in("m, n")
    + _ADD_MEMBER
    + "RETURN DISTINCT n.id AS id"
)
DECLINE = Cypher(
    "MATCH (m:Member {id: $member})-[r:JOIN_REQUEST {status: 'pending'}]->(n:Network {id: $network}) "
    "SET r.status = 'declined', r.reason = $reason, r.decided_at = $now, r.decided_by = $by RETURN n.id AS id"
)
LEAVE = Cypher(
    "MATCH (m:Member {id: $member}), (n:Network {id: $network}) " + _DROP_MEMBER + "RETURN DISTINCT n.id AS id"
)
REMOVE = Cypher(
    "MATCH (m:Member {id: $member}), (n:Network {id: $network}) "
    + _DROP_MEMBER
    + "CREATE (m)-[:REMOVED_FROM {reason: $reason, at: $now, by: $by}]->(n) RETURN DISTINCT n.id AS id"
)
# A ban ends membership and any pending request, and keeps the person out until it is lifted.
BAN = Cypher(
    "MATCH (m:Member {id: $member}), (n:Network {id: $network}) WHERE NOT (m)-[:BANNED_FROM]->(n) "
    "OPTIONAL MATCH (m)-[mo:MEMBER_OF]->(n) WITH m, n, count(mo) AS was "
    "SET m.network_ids = [x IN coalesce(m.network_ids, []) WHERE x <> n.id], "
    "m.coordinated_ids = [x IN coalesce(m.coordinated_ids, []) WHERE x <> n.id], "
    "n.member_count = n.member_count - was "
    "WITH m, n OPTIONAL MATCH (m)-[old:MEMBER_OF|COORDINATES|JOIN_REQUEST|REMOVED_FROM]->(n) DELETE old "
    "WITH DISTINCT m, n CREATE (m)-[:BANNED_FROM {reason: $reason, at: $now, by: $by}]->(n) RETURN n.id AS id"
)
LIFT_BAN = Cypher(
    "MATCH (m:Member {id: $member})-[b:BANNED_FROM]->(n:Network {id: $network}) DELETE b RETURN n.id AS id"
)
APPOINT = Cypher(
    "MATCH (m:Member {id: $member}), (n:Network {id: $network}) "
    "WHERE m.status = 'active' AND NOT (m)-[:COORDINATES]->(n) AND NOT (m)-[:BANNED_FROM]->(n) "
    "CREATE (m)-[:COORDINATES {since: $now, by: $by}]->(n) "
    "SET m.coordinated_ids = coalesce(m.coordinated_ids, []) + n.id, "
    "m.role = CASE WHEN m.role = 'member' THEN 'coordinator' ELSE m.role END "
    "WITH m, n CALL { WITH m, n WITH m, n WHERE NOT (m)-[:MEMBER_OF]->(n) " + _ADD_MEMBER + "} "
    "RETURN n.id AS id"
)
DISMISS = Cypher(
    "MATCH (m:Member {id: $member})-[c:COORDINATES]->(n:Network {id: $network}) DELETE c "
    "WITH m, n, [x IN coalesce(m.coordinated_ids, []) WHERE x <> n.id] AS remaining "
    "SET m.coordinated_ids = remaining, "
    "m.role = CASE WHEN m.role = 'coordinator' AND size(remaining) = 0 THEN 'member' ELSE m.role END "
    "RETURN n.id AS id"
)
IS_COORDINATOR = Cypher("MATCH (m:Member {id: $member})-[:COORDINATES]->(n:Network {id: $network}) RETURN n.id AS id")
COORDINATORS = Cypher(
    "MATCH (m:Member)-[c:COORDINATES]->(:Network {id: $network}) "
    "RETURN m {.id, .display_name, .name_ar, .headline} AS member, c.since AS since ORDER BY c.since"
)
PENDING = Cypher(
    "MATCH (m:Member)-[r:JOIN_REQUEST {status: 'pending'}]->(n:Network {id: $network}) "
    "OPTIONAL MATCH (m)-[rm:REMOVED_FROM]->(n) "
    "RETURN m {.id, .display_name, .name_ar, .headline, .country, .label_ids} AS member, r.motivation AS motivation, "
    "r.at AS at, rm.reason AS removed_reason ORDER BY r.at"
)
BANNED = Cypher(
    "MATCH (m:Member)-[b:BANNED_FROM]->(:Network {id: $network}) "
    "RETURN m {.id, .display_name} AS member, b.reason AS reason, b.at AS at ORDER BY b.at DESC"
)
RECENT_JOINS = Cypher(
    "MATCH (m:Member)-[r:MEMBER_OF]->(:Network {id: $network}) "
    "RETURN m {.id, .display_name, .name_ar, .headline} AS member, r.since AS since ORDER BY r.since DESC LIMIT $limit"
)
MY_NETWORKS = Cypher(
    "MATCH (m:Member {id: $member})-[r:MEMBER_OF]->(n:Network) "
    "RETURN " + NETWORK_FIELDS + " AS network, r.since AS since ORDER BY n.name_en"
)

# Invitations: by e-mail (one person, one use) or by link (anyone holding it until it expires).
CREATE_INVITATION = Cypher(
    "MATCH (n:Network {id: $network}) "
    "CREATE (i:Invitation {id: $id, token_hash: $token_hash, kind: $kind, email_key: $email_key, "
    "expires_at: $expires_at, created_at: $now, created_by: $by, uses: 0})-[:INVITES_TO]->(n) RETURN i.id AS id"
)
INVITATION = Cypher(
    "MATCH (i:Invitation {token_hash: $token_hash})-[:INVITES_TO]->(n:Network) "
    "RETURN i {.id, .kind, .email_key, .expires_at, .used_at, .revoked_at, .uses} AS invitation, "
    + NETWORK_FIELDS
    + " AS network"
)
ACCEPT_INVITATION = Cypher(
    "MATCH (i:Invitation {token_hash: $token_hash})-[:INVITES_TO]->(n:Network), (m:Member {id: $member}) "
    "WHERE i.expires_at > $now AND i.revoked_at IS NULL AND m.status = 'active' "
    "AND ((i.kind = 'email' AND i.used_at IS NULL AND i.email_key = m.email_key) OR i.kind = 'link') "
    "OPTIONAL MATCH (m)-[removed:REMOVED_FROM]->(n) WITH i, m, n, count(removed) AS removed "
    "WHERE i.kind = 'email' OR removed = 0 "
    + _not_already_in("i, m, n")
    + "SET i.uses = i.uses + 1, i.used_at = coalesce(i.used_at, $now) "
    + _ADD_MEMBER
    + "RETURN DISTINCT n.id AS id"
)
INVITATIONS = Cypher(
    "MATCH (i:Invitation)-[:INVITES_TO]->(:Network {id: $network}) WHERE i.revoked_at IS NULL "
    "AND i.expires_at > $now RETURN i {.id, .kind, .email_key, .expires_at, .used_at, .uses, .created_at} "
    "AS invitation ORDER BY i.created_at DESC LIMIT 50"
)
REVOKE_INVITATION = Cypher(
    "MATCH (i:Invitation {id: $id})-[:INVITES_TO]->(:Network {id: $network}) WHERE i.revoked_at IS NULL "
    "SET i.revoked_at = $now RETURN i.id AS id"
)

CREATE_ANNOUNCEMENT = Cypher(
    "MATCH (n:Network {id: $network}), (by:Member {id: $by}) "
    "CREATE (n)-[:HAS_ANNOUNCEMENT]->(a:Announcement {id: $id, title: $title, body: $body, at: $now, by: $by, "
    "by_name: by.display_name, recipients: n.member_count, required_labels: $required_labels}) RETURN a.id AS id"
)
ANNOUNCEMENTS = Cypher(
    "MATCH (:Network {id: $network})-[:HAS_ANNOUNCEMENT]->(a:Announcement) "
    "RETURN a {.id, .title, .body, .at, .by_name, .recipients, .required_labels, network_id: $network} AS announcement "
    "ORDER BY a.at DESC LIMIT $limit"
)
# Announcements of my networks published since I joined them, for holders of their labels.
MY_ANNOUNCEMENTS = Cypher(
    "MATCH (m:Member {id: $member})-[r:MEMBER_OF]->(n:Network)-[:HAS_ANNOUNCEMENT]->(a:Announcement) "
    "WHERE a.at >= r.since AND all(x IN coalesce(a.required_labels, []) WHERE x IN coalesce(m.label_ids, [])) "
    "RETURN a {.id, .title, .body, .at, .by_name} AS announcement, "
    "n {.slug, .name_en, .name_fr, .name_ar} AS network ORDER BY a.at DESC LIMIT $limit"
)
RECIPIENTS = Cypher(
    "MATCH (m:Member)-[:MEMBER_OF]->(:Network {id: $network}) WHERE m.status = 'active' AND m.email IS NOT NULL "
    "AND all(x IN $labels WHERE x IN coalesce(m.label_ids, [])) RETURN m.email AS email, m.locale AS locale"
)

# The coordinator console's figures and export, over the network's members.
JOINS_BY_DAY = Cypher(
    "MATCH (:Member)-[r:MEMBER_OF]->(:Network {id: $network}) "
    "RETURN r.since / 86400000 AS day, count(*) AS n ORDER BY day"
)
_MEMBERS_OF = "MATCH (m:Member)-[:MEMBER_OF]->(:Network {id: $network}) "
BY_COUNTRY = Cypher(
    _MEMBERS_OF + "WITH m.country AS f, count(*) AS n WHERE f IS NOT NULL WITH f, n ORDER BY n DESC LIMIT 15 "
    "MATCH (x:Country {id: f}) RETURN x {.id, .name_en, .name_fr, .name_ar} AS item, n ORDER BY n DESC, x.id"
)
BY_SECTOR = Cypher(
    _MEMBERS_OF + "UNWIND m.sector_ids AS f WITH f, count(*) AS n ORDER BY n DESC LIMIT 15 "
    "MATCH (x:Sector {id: f}) RETURN x {.id, .name_en, .name_fr, .name_ar} AS item, n ORDER BY n DESC, x.id"
)
BY_LABEL = Cypher(
    _MEMBERS_OF + "UNWIND m.label_ids AS f WITH f, count(*) AS n "
    "MATCH (x:LabelType {id: f}) RETURN x {.id, .name_en, .name_fr, .name_ar} AS item, n ORDER BY n DESC, x.id"
)
ACTIVITY = Cypher(
    "MATCH (n:Network {id: $network}) "
    "OPTIONAL MATCH (m:Member)-[:MEMBER_OF]->(n) WHERE m.last_active_at >= $since "
    "WITH n, count(m) AS active "
    "OPTIONAL MATCH (:Member)-[r:JOIN_REQUEST {status: 'pending'}]->(n) WITH n, active, count(r) AS pending "
    "OPTIONAL MATCH (n)-[:HAS_ANNOUNCEMENT]->(a:Announcement) WHERE a.at >= $since "
    "WITH n, active, pending, count(a) AS announcements "
    "OPTIONAL MATCH (e:Event)-[:HOSTED_BY]->(n) WHERE e.starts_at >= $since "
    "RETURN n.member_count AS members, active, pending, announcements, count(e) AS events, "
    "toInteger(sum(coalesce(e.going_count, 0))) AS attendees"
)
EXPORT = Cypher(
    "MATCH (m:Member)-[r:MEMBER_OF]->(n:Network {id: $network}) "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(city:City)-[:IN]->(country:Country) "
    "OPTIONAL MATCH (m)-[c:COORDINATES]->(n) WITH m, r, city, country, count(c) > 0 AS coordinator "
    "RETURN m.id AS id, m.display_name AS name, m.name_ar AS name_ar, m.headline AS headline, "
    "city.name AS city, country.id AS country, m.sector_ids AS sectors, m.label_ids AS labels, "
    "r.since AS since, coordinator ORDER BY r.since, m.id"
)
# Seeding and imports: each row ``{member, networks, since}`` makes the member belong to those networks.
ENROL_MANY = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.member}) "
    "SET m.network_ids = [x IN coalesce(m.network_ids, []) WHERE NOT x IN r.networks] + r.networks "
    "WITH m, r UNWIND r.networks AS network_id MATCH (n:Network {id: network_id}) "
    "MERGE (m)-[mo:MEMBER_OF]->(n) ON CREATE SET mo.since = r.since, mo.via = 'import' RETURN count(mo) AS n"
)
RECOUNT = Cypher(
    "MATCH (n:Network) OPTIONAL MATCH (:Member)-[r:MEMBER_OF]->(n) WITH n, count(r) AS members "
    "SET n.member_count = members RETURN count(n) AS n"
)


def _first(rows: list[dict], key: str):
    return rows[0][key] if rows else None


def create(store: GraphStore, *, id: str, slug: str, props: dict, by: str, now: int) -> str:
    """Create a network; return its id."""
    return store.write(CREATE, id=id, slug=slug, props=props, by=by, now=now)[0]["id"]


def update(store: GraphStore, network_id: str, props: dict) -> bool:
    """Replace the editable properties of a network."""
    return bool(store.write(UPDATE, id=network_id, props=props))


def by_slug(store: GraphStore, slug: str) -> dict | None:
    """The network with this slug, or None."""
    return _first(store.read(BY_SLUG, slug=slug), "network")


def by_id(store: GraphStore, network_id: str) -> dict | None:
    """The network with this id, or None."""
    return _first(store.read(BY_ID, id=network_id), "network")


def listing(store: GraphStore) -> list[dict]:
    """Every network, geographic first, by English name."""
    return [row["network"] for row in store.read(LISTING)]


def slug_taken(store: GraphStore, slug: str) -> bool:
    """Whether a network already uses ``slug``."""
    return bool(store.read(SLUG_TAKEN, slug=slug))


def standing(store: GraphStore, network_id: str, member_id: str) -> dict:
    """member/since, the latest join request, a removal and a ban of ``member_id`` in the network."""
    rows = store.read(STANDING, network=network_id, member=member_id)
    return rows[0] if rows else {"member": False, "since": None, "request": None, "removed": None, "banned": None}


def _changed(store: GraphStore, statement: Cypher, **params) -> bool:
    return bool(store.write(statement, **params))


def join_open(store: GraphStore, network_id: str, member_id: str, now: int) -> bool:
    """Join an open network (labels held, not banned nor removed)."""
    return _changed(store, JOIN_OPEN, network=network_id, member=member_id, now=now, via="open")


def request_to_join(store: GraphStore, network_id: str, member_id: str, motivation: str, now: int) -> bool:
    """Ask to join a network on request; a declined request may be renewed, a pending one not."""
    return _changed(store, REQUEST, network=network_id, member=member_id, motivation=motivation, now=now)


def withdraw_request(store: GraphStore, network_id: str, member_id: str) -> bool:
    """Withdraw my pending request."""
    return _changed(store, WITHDRAW_REQUEST, network=network_id, member=member_id)


def approve(store: GraphStore, network_id: str, member_id: str, now: int) -> bool:
    """Approve a pending request: the requester becomes a member."""
    return _changed(store, APPROVE, network=network_id, member=member_id, now=now, via="request")


def decline(store: GraphStore, network_id: str, member_id: str, reason: str, by: str, now: int) -> bool:
    """Decline a pending request with a reason the requester sees."""
    return _changed(store, DECLINE, network=network_id, member=member_id, reason=reason, by=by, now=now)


def leave(store: GraphStore, network_id: str, member_id: str) -> bool:
    """Leave a network (coordination of it ends too)."""
    return _changed(store, LEAVE, network=network_id, member=member_id)


def remove(store: GraphStore, network_id: str, member_id: str, reason: str, by: str, now: int) -> bool:
    """Remove a member, with a reason kept; they may ask again but not come back by link."""
    return _changed(store, REMOVE, network=network_id, member=member_id, reason=reason, by=by, now=now)


def ban(store: GraphStore, network_id: str, member_id: str, reason: str, by: str, now: int) -> bool:
    """Ban a person: membership, coordination and requests end; no way back until the ban is lifted."""
    return _changed(store, BAN, network=network_id, member=member_id, reason=reason, by=by, now=now)


def lift_ban(store: GraphStore, network_id: str, member_id: str) -> bool:
    """Lift a ban."""
    return _changed(store, LIFT_BAN, network=network_id, member=member_id)


def appoint(store: GraphStore, network_id: str, member_id: str, by: str, now: int) -> bool:
    """Make a member a coordinator of the network (and a member of it)."""
    return _changed(store, APPOINT, network=network_id, member=member_id, by=by, now=now, via="appointed")


def dismiss(store: GraphStore, network_id: str, member_id: str) -> bool:
    """End a coordinator's appointment (they stay a member)."""
    return _changed(store, DISMISS, network=network_id, member=member_id)


def coordinators(store: GraphStore, network_id: str) -> list[dict]:
    """The network's coordinators, longest-serving first."""
    return store.read(COORDINATORS, network=network_id)


def pending_requests(store: GraphStore, network_id: str) -> list[dict]:
    """Join requests waiting for a decision, oldest first, with any earlier removal's reason."""
    return store.read(PENDING, network=network_id)


def banned(store: GraphStore, network_id: str) -> list[dict]:
    """People banned from the network."""
    return store.read(BANNED, network=network_id)


def recent_joins(store: GraphStore, network_id: str, limit: int = 5) -> list[dict]:
    """The network's newest members, newest first."""
    return store.read(RECENT_JOINS, network=network_id, limit=limit)


def my_networks(store: GraphStore, member_id: str) -> list[dict]:
    """Networks the member belongs to, with the date they joined."""
    return store.read(MY_NETWORKS, member=member_id)


def create_invitation(store: GraphStore, network_id: str, **fields) -> str:
    """Store an invitation (``id, token_hash, kind, email_key, expires_at, by, now``)."""
    return store.write(CREATE_INVITATION, network=network_id, **fields)[0]["id"]


def invitation(store: GraphStore, token_hash: str) -> dict | None:
    """The invitation with its network, or None."""
    rows = store.read(INVITATION, token_hash=token_hash)
    return rows[0] if rows else None


def accept_invitation(store: GraphStore, token_hash: str, member_id: str, now: int) -> bool:
    """Join through an invitation if it is valid for this person right now."""
    return _changed(store, ACCEPT_INVITATION, token_hash=token_hash, member=member_id, now=now, via="invitation")


def invitations(store: GraphStore, network_id: str, now: int) -> list[dict]:
    """Invitations still usable, newest first."""
    return [row["invitation"] for row in store.read(INVITATIONS, network=network_id, now=now)]


def revoke_invitation(store: GraphStore, network_id: str, invitation_id: str, now: int) -> bool:
    """Make an invitation unusable."""
    return _changed(store, REVOKE_INVITATION, network=network_id, id=invitation_id, now=now)


def announce(store: GraphStore, network_id: str, required_labels: list[str] = (), **fields) -> str | None:
    """Publish an announcement (``id, title, body, by, now``), for holders of ``required_labels`` if any."""
    return _first(
        store.write(CREATE_ANNOUNCEMENT, network=network_id, required_labels=list(required_labels), **fields), "id"
    )


def announcements(store: GraphStore, network_id: str, limit: int = 10) -> list[dict]:
    """The network's latest announcements."""
    return [row["announcement"] for row in store.read(ANNOUNCEMENTS, network=network_id, limit=limit)]


def my_announcements(store: GraphStore, member_id: str, limit: int = 20) -> list[dict]:
    """Announcements of my networks since I joined each."""
    return store.read(MY_ANNOUNCEMENTS, member=member_id, limit=limit)


def recipients(store: GraphStore, network_id: str, labels: list[str] = ()) -> list[dict]:
    """E-mail address and language of every active member holding ``labels``."""
    return store.read(RECIPIENTS, network=network_id, labels=list(labels))


def statistics(store: GraphStore, network_id: str, since: int) -> dict:
    """Joins by day, members by country, sector and label, and activity since ``since``."""
    return {
        "joins_by_day": store.read(JOINS_BY_DAY, network=network_id),
        "by_country": store.read(BY_COUNTRY, network=network_id),
        "by_sector": store.read(BY_SECTOR, network=network_id),
        "by_label": store.read(BY_LABEL, network=network_id),
        "activity": store.read(ACTIVITY, network=network_id, since=since)[0],
    }


def enrol_many(store: GraphStore, rows: list[dict], batch: int = 2000) -> int:
    """Add members to networks in batches (``{"member", "networks", "since"}``), then recount every network."""
    for start in range(0, len(rows), batch):
        store.write(ENROL_MANY, rows=rows[start : start + batch])
    return store.write(RECOUNT)[0]["n"]


def export_rows(store: GraphStore, network_id: str) -> list[dict]:
    """One row per member for the coordinators' export (no e-mail addresses or phone numbers)."""
    return store.read(EXPORT, network=network_id)
